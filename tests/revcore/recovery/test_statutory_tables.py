"""Attachment of earnings deductions against every band of Sch 4 (tables A, B, C) and at the
band edges; enforcement agent fees on both sides of the £1,500 threshold."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.revcore.recovery.conftest import D, M
from revcore.dated import NotInForce
from revcore.recovery import aeo_deduction, ea_fee

AFTER_2007 = D(2026, 7, 1)
BEFORE_2007 = D(2006, 7, 1)

# (frequency, net earnings, expected deduction) for the table in force from 1 April 2007
# (SI 2006/3395). Each band at its upper bound (inclusive) and one penny above it, which falls
# in the next band. Deductions are rounded down to the penny.
CURRENT = [
    # Table A, weekly: 0% to £75; 3% to £135; 5% to £185; 7% to £225; 12% to £355; 17% to £505.
    ("weekly", "75.00", "0.00"),
    ("weekly", "75.01", "2.25"),      # 3% of 75.01 = 2.2503
    ("weekly", "135.00", "4.05"),     # 3% of 135
    ("weekly", "135.01", "6.75"),     # 5% of 135.01 = 6.7505
    ("weekly", "185.00", "9.25"),     # 5% of 185
    ("weekly", "185.01", "12.95"),    # 7% of 185.01 = 12.9507
    ("weekly", "225.00", "15.75"),    # 7% of 225
    ("weekly", "225.01", "27.00"),    # 12% of 225.01 = 27.0012
    ("weekly", "355.00", "42.60"),    # 12% of 355
    ("weekly", "355.01", "60.35"),    # 17% of 355.01 = 60.3517
    ("weekly", "505.00", "85.85"),    # 17% of 505
    ("weekly", "505.01", "85.85"),    # 85.85 + 50% of 0.01 = 0.005 -> 0.00 rounded down
    ("weekly", "600.00", "133.35"),   # 85.85 + 50% of 95 = 47.50
    # Table B, monthly: 0% to £300; 3% to £550; 5% to £740; 7% to £900; 12% to £1,420; 17% to £2,020.
    ("monthly", "300.00", "0.00"),
    ("monthly", "300.01", "9.00"),    # 3% of 300.01 = 9.0003
    ("monthly", "550.00", "16.50"),   # 3% of 550
    ("monthly", "550.01", "27.50"),   # 5% of 550.01 = 27.5005
    ("monthly", "740.00", "37.00"),   # 5% of 740
    ("monthly", "740.01", "51.80"),   # 7% of 740.01 = 51.8007
    ("monthly", "900.00", "63.00"),   # 7% of 900
    ("monthly", "900.01", "108.00"),  # 12% of 900.01 = 108.0012
    ("monthly", "1420.00", "170.40"),  # 12% of 1,420
    ("monthly", "1420.01", "241.40"),  # 17% of 1,420.01 = 241.4017
    ("monthly", "2020.00", "343.40"),  # 17% of 2,020
    ("monthly", "2020.02", "343.41"),  # 343.40 + 50% of 0.02
    ("monthly", "2500.00", "583.40"),  # 343.40 + 50% of 480 = 240
    # Table C, daily: 0% to £11; 3% to £20; 5% to £27; 7% to £33; 12% to £52; 17% to £72.
    ("daily", "11.00", "0.00"),
    ("daily", "11.01", "0.33"),       # 3% of 11.01 = 0.3303
    ("daily", "20.00", "0.60"),       # 3% of 20
    ("daily", "20.01", "1.00"),       # 5% of 20.01 = 1.0005
    ("daily", "27.00", "1.35"),       # 5% of 27
    ("daily", "27.01", "1.89"),       # 7% of 27.01 = 1.8907
    ("daily", "33.00", "2.31"),       # 7% of 33
    ("daily", "33.01", "3.96"),       # 12% of 33.01 = 3.9612
    ("daily", "52.00", "6.24"),       # 12% of 52
    ("daily", "52.01", "8.84"),       # 17% of 52.01 = 8.8417
    ("daily", "72.00", "12.24"),      # 17% of 72
    ("daily", "80.00", "16.24"),      # 12.24 + 50% of 8 = 4
]


@pytest.mark.parametrize("frequency, net, expected", CURRENT)
def test_deduction_from_the_2007_tables(rules, frequency, net, expected):
    deduction = aeo_deduction(rules.aeo, frequency, M(net), AFTER_2007)
    assert deduction.amount == M(expected)
    assert deduction.source == "SI 1992/613 Sch 4 as substituted by SI 2006/3395"


# Before 1 April 2007 (SI 1998/295): weekly bounds 55/100/135/165/260/370, monthly
# 220/400/540/660/1,040/1,480, daily 8/15/20/24/38/53, same rates.
EARLIER = [
    ("weekly", "55.00", "0.00"),
    ("weekly", "100.00", "3.00"),     # 3% of 100
    ("weekly", "100.01", "5.00"),     # 5% of 100.01 = 5.0005
    ("weekly", "135.00", "6.75"),     # 5% of 135 (3% in the 2007 table)
    ("weekly", "165.00", "11.55"),    # 7% of 165
    ("weekly", "260.00", "31.20"),    # 12% of 260
    ("weekly", "370.00", "62.90"),    # 17% of 370
    ("weekly", "400.00", "77.90"),    # 62.90 + 50% of 30
    ("monthly", "220.00", "0.00"),
    ("monthly", "400.00", "12.00"),   # 3% of 400
    ("monthly", "540.00", "27.00"),   # 5% of 540
    ("monthly", "660.00", "46.20"),   # 7% of 660
    ("monthly", "1040.00", "124.80"),  # 12% of 1,040
    ("monthly", "1480.00", "251.60"),  # 17% of 1,480
    ("monthly", "1500.00", "261.60"),  # 251.60 + 50% of 20
    ("daily", "8.00", "0.00"),
    ("daily", "15.00", "0.45"),       # 3% of 15
    ("daily", "20.00", "1.00"),       # 5% of 20
    ("daily", "24.00", "1.68"),       # 7% of 24
    ("daily", "38.00", "4.56"),       # 12% of 38
    ("daily", "53.00", "9.01"),       # 17% of 53
    ("daily", "55.00", "10.01"),      # 9.01 + 50% of 2
]


@pytest.mark.parametrize("frequency, net, expected", EARLIER)
def test_deduction_from_the_pre_2007_tables(rules, frequency, net, expected):
    assert aeo_deduction(rules.aeo, frequency, M(net), BEFORE_2007).amount == M(expected)


def test_the_table_is_picked_by_the_date_of_the_deduction(rules):
    # £135 a week: 5% under the old table (band 100-135), 3% under the new (band 75-135).
    assert aeo_deduction(rules.aeo, "weekly", M("135.00"), D(2007, 3, 31)).amount == M("6.75")
    assert aeo_deduction(rules.aeo, "weekly", M("135.00"), D(2007, 4, 1)).amount == M("4.05")
    with pytest.raises(NotInForce):
        aeo_deduction(rules.aeo, "weekly", M("135.00"), D(1997, 4, 1))
    with pytest.raises(ValueError, match="pay frequency 'fortnightly'"):
        aeo_deduction(rules.aeo, "fortnightly", M("135.00"), AFTER_2007)


def test_the_explanation_shows_the_band_and_the_arithmetic(rules):
    line = aeo_deduction(rules.aeo, "weekly", M("600.00"), AFTER_2007).explanation
    assert line == (
        "Table A (weekly): net earnings £600.00 exceed £505.00: 17% of £505.00 = £85.85 plus 50% of "
        "the remaining £95.00 = £47.50; total £133.35 (penny, rounded down)"
    )


@pytest.mark.parametrize(
    "stage, debt, expected",
    [
        ("compliance", "1500.00", "75.00"),
        ("compliance", "5000.00", "75.00"),      # no percentage at the compliance stage
        ("enforcement", "1499.99", "235.00"),
        ("enforcement", "1500.00", "235.00"),    # threshold itself: nothing exceeds it
        ("enforcement", "1500.07", "235.01"),    # 7.5% of 0.07 = 0.00525 -> 0.01 (half up)
        ("enforcement", "1500.06", "235.00"),    # 7.5% of 0.06 = 0.0045 -> 0.00
        ("enforcement", "2000.00", "272.50"),    # 235 + 7.5% of 500 = 37.50
        ("sale", "1500.00", "110.00"),
        ("sale", "1600.00", "117.50"),           # 110 + 7.5% of 100 = 7.50
        ("sale", "10000.00", "747.50"),          # 110 + 7.5% of 8,500 = 637.50
    ],
)
def test_enforcement_agent_fees_either_side_of_the_threshold(rules, stage, debt, expected):
    assert ea_fee(rules.ea_fees, stage, M(debt), D(2026, 7, 1)).amount == Decimal(expected)


def test_no_fee_schedule_before_april_2014(rules):
    with pytest.raises(NotInForce):
        ea_fee(rules.ea_fees, "compliance", M("100.00"), D(2014, 4, 5))
