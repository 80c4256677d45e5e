"""Money, periods, dated tables and the working-day calendar: the foundation everything uses."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from revcore.calendar import add_working_days, is_working_day, next_working_day
from revcore.dated import DatedTable, NotInForce
from revcore.money import PENNY_HALF_UP, POUND_HALF_UP, MoneyError, from_pence, to_money, to_pence
from revcore.periods import DateRange, FinancialYear, PeriodError

D = dt.date


def test_money_refuses_floats_and_fractions_of_a_penny():
    assert to_money("1,834.56") == Decimal("1834.56")
    with pytest.raises(MoneyError, match="float"):
        to_money(0.1)
    with pytest.raises(MoneyError, match="line 7: '12.345' has fractions of a penny"):
        to_money("12.345", where="line 7")
    with pytest.raises(MoneyError, match="not an amount"):
        to_money("a60.00")


def test_named_rounding_rules_round_half_up():
    # 2.005 is exactly half a penny: half up gives 2.01; 183.5 pounds rounds to 184.
    assert PENNY_HALF_UP(Decimal("2.005")) == Decimal("2.01")
    assert PENNY_HALF_UP(Decimal("2.0049")) == Decimal("2.00")
    assert POUND_HALF_UP(Decimal("183.50")) == Decimal("184")
    assert PENNY_HALF_UP.name == "nearest penny, half up"


def test_pence_round_trip():
    assert to_pence(Decimal("60.00")) == 6000
    assert from_pence(183456) == Decimal("1834.56")


def test_financial_year_lengths_and_leap_year():
    # 2027/28 contains 29 February 2028: 366 days. 2026/27 has 365.
    assert FinancialYear(2027).days == 366
    assert FinancialYear(2026).days == 365
    assert FinancialYear.containing(D(2028, 3, 31)) == FinancialYear(2027)
    assert FinancialYear.containing(D(2028, 4, 1)) == FinancialYear(2028)
    assert FinancialYear.parse("2027/28").label == "2027/28"
    with pytest.raises(PeriodError):
        FinancialYear.parse("2027/30")


def test_range_counts_both_ends_and_splits_on_change_day():
    year = FinancialYear(2026).range
    assert year.days == 365
    # A move on 1 July: old state to 30 June (91 days), new from 1 July (274 days).
    first, second = year.split_at([D(2026, 7, 1)])
    assert (first.end, first.days, second.start, second.days) == (D(2026, 6, 30), 91, D(2026, 7, 1), 274)
    # A change on the first day splits nothing.
    assert year.split_at([D(2026, 4, 1)]) == [year]


def test_end_before_start_is_refused_with_both_dates():
    with pytest.raises(PeriodError, match="ends 2026-03-31 before it starts 2026-04-01"):
        DateRange(D(2026, 4, 1), D(2026, 3, 31))


def test_split_by_financial_year_across_two_years():
    parts = DateRange(D(2025, 10, 1), D(2027, 6, 30)).split_by_financial_year()
    assert [(fy.label, r.days) for fy, r in parts] == [("2025/26", 182), ("2026/27", 365), ("2027/28", 91)]


@given(st.dates(D(2020, 1, 1), D(2032, 12, 31)), st.integers(0, 800), st.lists(st.dates(D(2019, 1, 1), D(2035, 1, 1)), max_size=6))
def test_splitting_never_loses_or_adds_a_day(start, length, cuts):
    whole = DateRange(start, start + dt.timedelta(days=length))
    pieces = whole.split_at(cuts)
    assert sum(p.days for p in pieces) == whole.days
    assert all(a.end + dt.timedelta(days=1) == b.start for a, b in zip(pieces, pieces[1:]))


def test_dated_table_picks_the_row_in_force():
    table = DatedTable("summons costs", [(D(2025, 4, 1), Decimal("80.50")), (D(2024, 4, 1), Decimal("76.50"))])
    assert table.at(D(2025, 3, 31)) == Decimal("76.50")
    assert table.at(D(2025, 4, 1)) == Decimal("80.50")
    with pytest.raises(NotInForce, match="summons costs: nothing in force on 2024-03-31"):
        table.at(D(2024, 3, 31))


def test_working_days_skip_weekends_and_england_and_wales_bank_holidays():
    # Easter 2026: Good Friday 3 April, Easter Monday 6 April (missing if no subdivision is given).
    assert not is_working_day(D(2026, 4, 6))
    assert not is_working_day(D(2026, 4, 6), "wales")
    assert next_working_day(D(2026, 4, 3)) == D(2026, 4, 7)
    # Boxing Day 2026 is a Saturday; its substitute is Monday 28 December.
    assert add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 29)
    assert add_working_days(D(2026, 12, 29), -1) == D(2026, 12, 24)


def test_reference_check_digit_catches_a_single_mistyped_digit():
    from revcore.references import ReferenceError, make_reference, parse_reference

    # digits 0001234: 0*8+0*7+0*6+1*5+2*4+3*3+4*2 = 30; 30 mod 11 = 8; 11 - 8 = 3.
    assert make_reference("C", 1234) == "C00012343"
    assert parse_reference(" c0001 2343 ") == "C00012343"
    assert parse_reference("00012343", default_kind="C") == "C00012343"
    with pytest.raises(ReferenceError, match="check digit is 3, expected"):
        parse_reference("C00012443")
