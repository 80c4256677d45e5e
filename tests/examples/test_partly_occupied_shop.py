"""The partly occupied shop scenario runs and prints each figure with its rule (snapshot checked by eye)."""

from tests.examples.test_training_scenarios import run


def test_partly_occupied_shop(capsys, snapshot):
    out = run("partly_occupied_shop.py", capsys)
    # RV 24,000 x small business RHL multiplier 0.382 = 9,168.00 for the year; ten instalments:
    # 9,168 / 10 = 916.80 -> A = 917, first = 9,168 - 9 x 917 = 915.00
    assert "RV £24,000 x small business RHL multiplier 0.382: £9,168.00" in out
    assert "1. 2026-04-01       £915.00" in out and "10. 2027-01-01       £917.00" in out
    # certificate from 1 July: 15,500 x 0.382 = 5,921.00 a year on the occupied part;
    # (9,168 x 91 + 5,921 x 274) / 365 = 2,456,642 / 365 = 6,730.526 -> 6,730.53
    assert "leaves £5,921.00 a year" in out and "(LGFA 1988 s.44A)" in out
    assert "it is now £6,730.53, a difference of -£2,437.47" in out
    # five instalments already due (4,583.00) stand; 6,730.53 - 4,583.00 = 2,147.53 over the other five:
    # A = 430, first = 2,147.53 - 4 x 430 = 427.53
    assert "6. 2026-09-01       £427.53" in out and "7. 2026-10-01       £430.00" in out
    # reoccupied 1 November: (9,168 x (91 + 151) + 5,921 x 123) / 365 = 2,946,939 / 365 = 8,073.806 -> 8,073.81
    assert "it is now £8,073.81, a difference of £1,343.28" in out
    # eight instalments due by the notice (5,870.53); 8,073.81 - 5,870.53 = 2,203.28 = 1,101.28 + 1,102.00
    assert "9. 2026-12-01     £1,101.28" in out and "10. 2027-01-01     £1,102.00" in out
    # saving: 9,168.00 - 8,073.81 = 1,094.19, the s.44A step on the 123 apportioned days
    assert "the apportionment saved £1,094.19: the 123 days" in out
    assert out == snapshot
