"""Month and year arithmetic is one rule (revcore.dates), used alike by council tax, sundry debt,
HB overpayments and recovery: a period beginning on 29 February ends on 28 February in a common
year, and what follows it starts on 1 March. (The sundry and HB limitation dates on 29 February
are checked in their own worked examples.)"""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from revcore.dates import add_months, after_years, end_of_months, end_of_years

D = dt.date


def test_the_corresponding_date_rule_by_months_and_years():
    assert add_months(D(2027, 1, 31), 1) == D(2027, 2, 28)  # no 31 February: the month's last day
    assert add_months(D(2028, 1, 31), 1) == D(2028, 2, 29)
    assert end_of_months(D(2027, 3, 1), 6) == D(2027, 8, 31)
    assert end_of_years(D(2024, 1, 1), 6) == D(2029, 12, 31)
    assert end_of_years(D(2024, 2, 29), 6) == D(2030, 2, 28)
    assert after_years(D(2024, 2, 29), 2) == D(2026, 3, 1)
    assert after_years(D(2024, 2, 29), 4) == D(2028, 2, 29)


@given(st.dates(min_value=D(1993, 4, 1), max_value=D(2100, 12, 31)), st.integers(min_value=1, max_value=120))
def test_a_period_of_months_ends_the_day_before_the_next_begins(start, months):
    end = end_of_months(start, months)
    assert start <= end
    # the next period of the same length begins the day after this one ends
    assert end_of_months(start, months) < end_of_months(start, months + 1)
    assert after_years(start, 1) == end_of_years(start, 1) + dt.timedelta(days=1)
