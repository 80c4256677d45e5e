"""Every training scenario in examples/ runs, and prints what happens and why.

Each script's whole output is kept as a snapshot (checked by eye); the asserts pick out the
figures a trainer reads aloud, with the arithmetic beside them.
"""

import runpy
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run(name: str, capsys) -> str:
    sys.path.insert(0, str(EXAMPLES))
    try:
        runpy.run_path(str(EXAMPLES / name), run_name="__main__")
    finally:
        sys.path.remove(str(EXAMPLES))
    return capsys.readouterr().out


def test_change_of_occupier(capsys, snapshot):
    out = run("change_of_occupier.py", capsys)
    # band C at Brookfield 2026/27: £2,280.96; Ann liable 1 April to 30 September, 183 days:
    # 2,280.96 x 183/365 = 1,143.60 (to the penny); she paid 228.96 + 5 x 228.00 = 1,368.96
    assert "band C: £2,280.96 a year x 183/365" in out and "£1,143.60" in out
    assert "Paid so far: £1,368.96" in out
    # 1,368.96 - 1,143.60 = 225.36 in credit, under the £250 limit: refunded by one officer
    assert "she is £225.36 in credit" in out and "Refunded £225.36 to Ann on 6 October" in out
    # Ben: 2,280.96 x 182/365 = 1,137.36, less 25% (284.34) = 853.02
    assert "-£284.34" in out and "£853.02" in out
    assert out == snapshot


def test_student_exemption(capsys, snapshot):
    out = run("student_exemption.py", capsys)
    # band B at Demoton: £1,934.73 x 212/365 = 1,123.73; class N takes all of it off
    assert "exempt, class N: occupied only by students" in out
    assert "previously £1,123.73, now £0.00" in out
    # the first instalment (£223.73) was paid, then refunded within one officer's limit
    assert "Refunded £223.73 on 6 October: the account stands at £0.00" in out
    assert out == snapshot


def test_single_person_discount_review(capsys, snapshot):
    out = run("single_person_discount_review.py", capsys)
    # discount to 31 May (61 days): 2,519.96 x 61/365 = 421.14, less 25% (105.28) = 315.86;
    # none from 1 June (304 days): 2,519.96 x 304/365 = 2,098.82; 315.86 + 2,098.82 = 2,414.68
    assert "£315.86" in out and "£2,098.82" in out and "now £2,414.68, difference £524.71" in out
    # six instalments were collected (188.97 + 5 x 189.00 = 1,133.97): 2,414.68 - 1,133.97 = 1,280.71 left
    assert "the rest, £1,280.71, is spread" in out
    assert "Bills before the review: 1; after: 1." in out
    assert out == snapshot


def test_backdated_band_reduction_refund(capsys, snapshot):
    out = run("backdated_band_reduction_refund.py", capsys)
    # E to D in each year: 514.43 + 538.59 + 563.82 = 1,616.84 less charged
    assert "difference -£514.43" in out and "difference -£538.59" in out and "difference -£563.82" in out
    # 2026/27 owed 2,537.21 - 1,860.62 = 676.59; credits 514.43 + 162.16 meet it; 538.59 - 162.16 = 376.43 left
    assert "Left to refund: £376.43." in out
    assert "cannot also\nauthorise it" in out or "cannot also authorise it" in out  # the requester may not authorise
    assert "r.khan authorises it on 14 October" in out and "The account stands at £0.00" in out
    assert out == snapshot


@pytest.mark.parametrize("script", sorted(p.name for p in EXAMPLES.glob("*.py") if not p.name.startswith("_")))
def test_every_scenario_has_a_section_in_the_readme(script):
    assert f"`{script}`" in (EXAMPLES / "README.md").read_text()


def test_missed_instalment_to_liability_order(capsys, snapshot):
    out = run("missed_instalment_to_liability_order.py", capsys)
    # band B at Brookfield: £1,995.84 = 195.84 + 9 x 200.00; April paid, May's £200.00 missed
    assert "He pays April's £195.84" in out
    # May instalment due Fri 1 May; 5 working days (skipping Mon 4 May): the Tuesday run after is 12 May
    assert "Tue 12 May: reminder £200.00, until 2026-05-18" in out
    # 1,995.84 - 195.84 = 1,800.00 becomes payable when the reminder is not paid
    assert "Tue 19 May: instalments lost £1,800.00" in out
    assert "Tue 02 Jun: summons £1,800.00, hearing 2026-06-24" in out and "costs £70.00" in out
    # 1,800.00 + 70.00 = 1,870.00 under the order
    assert "liability order £1,870.00, hearing 2026-06-24" in out
    assert "Balance £1,870.00" in out
    # the order's notice is noted on the account like the notices before it, for its print run
    assert "reminder (2026-05-12), summons (2026-06-02), liability order (2026-06-30)." in out
    assert out == snapshot


def test_attachment_of_earnings(capsys, snapshot):
    out = run("attachment_of_earnings.py", capsys)
    # £1,650.00 a month is in Table B's £1,420.00-£2,020.00 band: 17% = 280.50
    assert "attachment of earnings £280.50" in out
    # September £1,890.00 x 17% = 321.30; October £1,000.00 x 12% = 120.00
    assert "17% = £321.30" in out and "12% = £120.00" in out
    # 1,870.00 - 280.50 - 280.50 - 321.30 - 120.00 - 280.50 = 587.20
    assert "deducted £280.50, £587.20 left." in out
    # weekly above the top band: 17% of 505.00 (85.85) + 50% of 95.00 (47.50) = 133.35
    assert "total £133.35" in out
    assert out == snapshot


def test_sundry_letter_of_claim(capsys):
    out = run("sundry_letter_of_claim.py", capsys)
    # due 31 May 2026 (1 May + 30 days' terms); a reminder once 14 days have passed: none on
    # Friday 12 June, one on Monday 15 June, to pay by 15 + 13 = 28 June
    assert "Run of Friday 12 June 2026: overdue, no reminder yet" in out
    assert "reminder: £300.00 (until 28 June 2026)" in out
    # final reminder on 29 June, by 29 + 13 = 12 July; letter of claim on 13 July, reply within
    # 30 days of its date (Pre-Action Protocol for Debt Claims): by 12 August
    assert "final reminder: £300.00 (until 12 July 2026)" in out
    assert "letter of claim: £300.00 (until 12 August 2026)" in out
    # nothing on the 30th day; the referral is proposed the day after
    assert "Run of Wednesday 12 August 2026: letter of claim\n" in out
    assert "Run of Thursday 13 August 2026: referral proposed" in out and "county court" in out
