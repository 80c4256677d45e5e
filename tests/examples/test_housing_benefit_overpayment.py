"""The Housing Benefit overpayment scenario runs and reads out its figures with their rules.

The whole output is kept as a snapshot (checked by eye); the asserts pick out the figures a
trainer reads aloud, with the arithmetic beside them.
"""

from test_training_scenarios import run  # the same runpy runner as the other scenarios


def test_housing_benefit_overpayment(capsys, snapshot):
    out = run("housing_benefit_overpayment.py", capsys)
    # pay rise on Thu 14 May 2026: the change takes effect from the next benefit week, Mon 18 May
    assert "Monday 18 May 2026" in out
    # 18 May - 5 July, 7 weeks: 96.50 x 7 = 675.50 paid, 51.35 x 7 = 359.45 due: 316.05
    assert "£675.50" in out and "-£359.45" in out and "£316.05" in out
    # 6 July - 4 October, 13 weeks after the rent rise: 101.20 x 13 = 1,315.60, 56.05 x 13 = 728.65: 586.95
    assert "£1,315.60" in out and "-£728.65" in out and "£586.95" in out
    # 316.05 + 586.95 = 903.00, claimant error: recoverable from her
    assert "TOTAL OVERPAID" in out and "£903.00" in out
    assert "recoverable: claimant error is not official error (reg 100(1))" in out
    # weekly maximum: 5% of 92.05 = 4.6025 -> 4.65 (up to 5p); x 3 = 13.95; + half the £5.00 disregard = 16.45
    assert "5% of £92.05 = £4.65, x 3 (ordinary)" in out and "£2.50" in out and "£16.45" in out
    # 903.00 / 16.45: 54 weeks of 16.45 (888.30) then 14.70; Mon 12 Oct 2026 + 54 weeks = 25 Oct 2027
    assert "55 weeks (54 x £16.45, then £14.70)" in out and "2027-10-25" in out
    # claim ends Sun 13 Dec: Mondays 12 Oct to 7 Dec, 9 x 16.45 = 148.05; 903.00 - 148.05 = 754.95 invoiced
    assert "9 x £16.45 = £148.05; £754.95 is left" in out
    assert "Invoice H00000019 dated 2026-12-15" in out and "due 2027-01-05 (21 days" in out
    # DEA, monthly net 1,720.00 in the 1,615.01-2,240 band: 15% = 258.00; twice, then the 238.95 left
    assert out.count("15% = £258.00") == 3 and "deducted £238.95, £0.00 left" in out
    # weekly 397.00: 15% = 59.55; after fraud Table D 30% of 1,720.00 = 516.00
    assert "15% = £59.55" in out and "30% = £516.00" in out
    # 148.05 + 754.95 = 903.00
    assert "Overpaid £903.00 = £148.05 from her HB + £754.95 under the attachment; the account stands at £0.00" in out
    assert out == snapshot
