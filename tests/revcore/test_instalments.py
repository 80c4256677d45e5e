"""Statutory instalment schedules (SI 1992/613 Sch 1 paras 2-3; SI 1989/1058 Sch 1 for rates)."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from refdata import DataError
from refdata.instalments import instalment_rules
from revcore.instalments import (
    Plan,
    Schedule,
    ScheduleError,
    build_schedule,
    change_day,
    instalment_day,
    revise_amount,
    switch_plan,
)
from revcore.periods import FinancialYear

D = dt.date
M = Decimal
FY = FinancialYear(2026)
CT = instalment_rules("council_tax", "england", FY)


def amounts(schedule: Schedule) -> list[Decimal]:
    return [i.amount for i in schedule.instalments]


def dates(schedule: Schedule) -> list[dt.date]:
    return [i.due for i in schedule.instalments]


def test_bill_of_1834_56_over_10_instalments():
    # Issued 10 March 2026, before the year: 10 instalments (para 2(3)(a)), April to January on the 1st.
    # 1834.56 / 10 = 183.456 -> A = £183 (nearest pound); first B = 1834.56 - 9 x 183 = 1834.56 - 1647 = £187.56
    s = build_schedule(M("1834.56"), FY, D(2026, 3, 10), CT)
    assert amounts(s) == [M("187.56")] + [M("183.00")] * 9
    assert dates(s) == [D(2026, m, 1) for m in range(4, 13)] + [D(2027, 1, 1)]
    assert sum(amounts(s)) == M("1834.56")
    assert [line.rule for line in s.lines] == ["Sch 1 para 2(3)", "Sch 1 para 2(6)"]
    assert "1,834.56 - 9 x £183.00 = £187.56" in s.explain()


def test_the_same_bill_over_12_instalments_on_request():
    # 12 on request, notice by 15 April (para 2(3A)): April to March.
    # 1834.56 / 12 = 152.88 -> A = £153; first B = 1834.56 - 11 x 153 = 1834.56 - 1683 = £151.56 (smaller than A)
    s = build_schedule(M("1834.56"), FY, D(2026, 3, 10), CT, plan=Plan.TWELVE)
    assert amounts(s) == [M("151.56")] + [M("153.00")] * 11
    assert dates(s)[0] == D(2026, 4, 1) and dates(s)[-1] == D(2027, 3, 1)


def test_12_instalments_asked_for_after_15_april_get_the_whole_months_left():
    # Issued 20 April: May..March = 11 whole months after April -> 11 instalments, on the 15th
    # (15 May is after 4 May, 14 days from the notice).
    # 1834.56 / 11 = 166.778 -> A = £167; B = 1834.56 - 10 x 167 = £164.56
    s = build_schedule(M("1834.56"), FY, D(2026, 4, 20), CT, plan=Plan.TWELVE, day_of_month=15)
    assert amounts(s) == [M("164.56")] + [M("167.00")] * 10
    assert dates(s)[0] == D(2026, 5, 15) and dates(s)[-1] == D(2027, 3, 15)
    # On the 1st, 1 May is too soon after the notice: June..March leaves room for only 10.
    assert len(build_schedule(M("1834.56"), FY, D(2026, 4, 20), CT, plan=Plan.TWELVE).instalments) == 10


def test_a_notice_issued_on_30_april_still_gets_10_and_on_1_may_gets_9():
    # para 2(3): up to 30 April -> 10. From 1 May: June..March = 10 whole months, less one -> 9.
    assert len(build_schedule(M("1000.00"), FY, D(2026, 4, 30), CT).instalments) == 10
    assert len(build_schedule(M("1000.00"), FY, D(2026, 5, 1), CT).instalments) == 9


def test_bill_issued_in_october():
    # Issued 10 October: whole months after October = Nov, Dec, Jan, Feb, Mar = 5; less one = 4 instalments.
    # First no sooner than 14 days after issue (24 October): 1 Nov, 1 Dec, 1 Jan, 1 Feb.
    # 1834.56 / 4 = 458.64 -> A = £459; B = 1834.56 - 3 x 459 = 1834.56 - 1377 = £457.56
    s = build_schedule(M("1834.56"), FY, D(2026, 10, 10), CT)
    assert amounts(s) == [M("457.56"), M("459.00"), M("459.00"), M("459.00")]
    assert dates(s) == [D(2026, 11, 1), D(2026, 12, 1), D(2027, 1, 1), D(2027, 2, 1)]
    assert "5 whole months remain less 1, 4 instalments" in s.explain()


def test_the_first_instalment_waits_14_days_after_the_notice():
    # Issued 25 October: 1 November is only 7 days later, so the first is 1 December;
    # still 4 instalments (5 whole months less one), December to March.
    s = build_schedule(M("1000.00"), FY, D(2026, 10, 25), CT)
    assert dates(s) == [D(2026, 12, 1), D(2027, 1, 1), D(2027, 2, 1), D(2027, 3, 1)]
    assert amounts(s) == [M("250.00")] * 4  # 1000 / 4 = 250, whole pounds: all equal (para 2(5))


def test_fewer_months_left_than_instalments_gives_fewer_instalments():
    # 12 asked for on 10 April with day 1: 24 April is the earliest, so May..March: only 11 months.
    s = build_schedule(M("1200.00"), FY, D(2026, 4, 10), CT, plan=Plan.TWELVE)
    assert len(s.instalments) == 11
    assert "11 instalments instead of 12" in s.explain()


def test_a_bill_issued_from_1_january_is_a_single_instalment():
    # para 2(1): Part I monthly instalments apply only to notices issued by 31 December.
    s = build_schedule(M("412.30"), FY, D(2027, 1, 5), CT)
    assert [(i.due, i.amount) for i in s.instalments] == [(D(2027, 1, 19), M("412.30"))]  # 5 Jan + 14 days
    # A bill for a year already ended (a late liability) is also one instalment, 14 days on.
    late = build_schedule(M("99.99"), FY, D(2027, 6, 1), CT)
    assert [(i.due, i.amount) for i in late.instalments] == [(D(2027, 6, 15), M("99.99"))]


def test_a_day_of_the_month_past_28_is_clamped_in_short_months():
    s = build_schedule(M("1200.00"), FY, D(2026, 3, 1), CT, plan=Plan.TWELVE, day_of_month=31)
    assert dates(s)[:3] == [D(2026, 4, 30), D(2026, 5, 31), D(2026, 6, 30)]
    assert D(2027, 2, 28) in dates(s)
    assert instalment_day(2028, 2, 30) == D(2028, 2, 29)  # leap year


def test_small_instalments_second_added_to_first_then_fewer_instalments():
    # £23.00 over 12: 23/12 = 1.9167 -> A = £2, B = 23 - 11 x 2 = £1 (< £5)
    # para 2(7): the 2nd is added to the 1st -> 11 instalments, the first £3 (< £5 still)
    # para 3(1)(b): greatest whole number of £5s in £23 = 4 instalments; 23/4 = 5.75 -> A = £6, B = 23 - 18 = £5
    s = build_schedule(M("23.00"), FY, D(2026, 3, 10), CT, plan=Plan.TWELVE)
    assert amounts(s) == [M("5.00"), M("6.00"), M("6.00"), M("6.00")]
    assert dates(s) == [D(2026, 4, 1), D(2026, 5, 1), D(2026, 6, 1), D(2026, 7, 1)]  # the first months of the 12
    assert [l.rule for l in s.lines][-3:] == ["Sch 1 para 2(7)", "Sch 1 para 3(1)(b)", "Sch 1 para 2(6)"]


def test_a_rounding_that_would_leave_a_first_instalment_of_a_penny_is_merged():
    # £66.01 over 12: 66.01/12 = 5.5008 -> A = £6; B = 66.01 - 66 = £0.01 -> para 2(7): first = 0.01 + 6 = £6.01
    s = build_schedule(M("66.01"), FY, D(2026, 3, 10), CT, plan=Plan.TWELVE)
    assert amounts(s) == [M("6.01")] + [M("6.00")] * 10


def test_an_amount_under_10_pounds_is_a_single_instalment():
    # £9.00 over 10: A = £1, B = £0 -> merged first £1, still < £5, and the amount is under £10: single (para 3(1)(a))
    s = build_schedule(M("9.00"), FY, D(2026, 3, 10), CT)
    assert amounts(s) == [M("9.00")]


def test_a_nil_bill_has_no_instalments_and_a_negative_bill_is_refused():
    assert build_schedule(M("0.00"), FY, D(2026, 3, 10), CT).instalments == ()
    with pytest.raises(ScheduleError, match="negative"):
        build_schedule(M("-1.00"), FY, D(2026, 3, 10), CT)
    with pytest.raises(ScheduleError, match="day of the month 32"):
        build_schedule(M("10.00"), FY, D(2026, 3, 10), CT, day_of_month=32)


def test_reduction_in_january_that_leaves_a_credit():
    # 10 instalments from April: £187.56 then 9 x £183. A discount backdated to 1 April cuts the year
    # to 1834.56 x 75% = £1,375.92, by a notice of 15 January 2027. Every instalment (the last on 1 January)
    # fell due before 29 January (15 Jan + 14 days), so none remain to re-profile:
    # already due 1834.56 - new amount 1375.92 = £458.64 too much; the latest are cut:
    # January 183 -> 0 (458.64 - 183 = 275.64 left), December 183 -> 0 (92.64 left), November 183 - 92.64 = £90.36.
    s = build_schedule(M("1834.56"), FY, D(2026, 3, 10), CT)
    r = revise_amount(s, M("1375.92"), D(2027, 1, 15), CT)
    assert amounts(r) == [M("187.56")] + [M("183.00")] * 6 + [M("90.36")]
    assert dates(r)[-1] == D(2026, 11, 1)
    assert r.amount == M("1375.92") and r.overdue_excess == M("458.64")
    # A payer who had paid April..December (187.56 + 8 x 183 = 1651.56) is £275.64 in credit:
    # the ledger side of this example is in test_ledger.py.


def test_reduction_mid_year_spreads_the_rest_over_the_remaining_instalments():
    # Reduced to £1,200 by a notice of 20 August: 14 days on is 3 September, so April..September
    # (187.56 + 5 x 183 = 1102.56) stand; 1200 - 1102.56 = 97.44 over Oct..Jan (4):
    # 97.44 / 4 = 24.36 -> A = £24, B = 97.44 - 72 = £25.44
    s = build_schedule(M("1834.56"), FY, D(2026, 3, 10), CT)
    r = revise_amount(s, M("1200.00"), D(2026, 8, 20), CT)
    assert amounts(r) == [M("187.56")] + [M("183.00")] * 4 + [M("183.00"), M("25.44"), M("24.00"), M("24.00"), M("24.00")]
    assert dates(r) == dates(s)


def test_an_increase_after_the_last_instalment_is_due_14_days_after_the_notice():
    # 10 instalments end 1 January; a £100 increase by notice of 1 February is due 15 February.
    s = build_schedule(M("1000.00"), FY, D(2026, 3, 10), CT)
    r = revise_amount(s, M("1100.00"), D(2027, 2, 1), CT)
    assert (r.instalments[-1].due, r.instalments[-1].amount) == (D(2027, 2, 15), M("100.00"))
    assert r.amount == M("1100.00")


def test_change_of_the_instalment_day():
    # Notice of 5 June moving from the 1st to the 20th: instalments due before 19 June (5 June + 14)
    # stand (April, May, June); July..January move to the 20th, amounts unchanged.
    s = build_schedule(M("1834.56"), FY, D(2026, 3, 10), CT)
    c = change_day(s, 20, D(2026, 6, 5), CT)
    assert dates(c) == [D(2026, 4, 1), D(2026, 5, 1), D(2026, 6, 1)] + [D(2026, m, 20) for m in range(7, 13)] + [D(2027, 1, 20)]
    assert amounts(c) == amounts(s) and c.day_of_month == 20


def test_change_of_day_never_brings_an_instalment_inside_the_notice_period():
    # Day 28 -> day 5 by a notice of 10 June: 28 June remains (after 24 June) but 5 June would be
    # before the notice period ends, so June keeps the 28th; July onwards move to the 5th.
    s = build_schedule(M("1000.00"), FY, D(2026, 3, 10), CT, day_of_month=28)
    c = change_day(s, 5, D(2026, 6, 10), CT)
    assert dates(c)[2:4] == [D(2026, 6, 28), D(2026, 7, 5)]
    assert "keeps its date" in c.explain()


def test_switching_to_12_mid_year_respreads_the_rest_to_march():
    # Asked on 5 June: instalments due before 19 June stand (187.56 + 2 x 183 = 553.56);
    # 1834.56 - 553.56 = 1281.00 over the whole months left after June (9: July..March):
    # 1281 / 9 = 142.33 -> A = £142; B = 1281 - 8 x 142 = £145
    s = build_schedule(M("1834.56"), FY, D(2026, 3, 10), CT)
    t = switch_plan(s, Plan.TWELVE, D(2026, 6, 5), CT)
    assert t.plan is Plan.TWELVE
    assert amounts(t)[3:] == [M("145.00")] + [M("142.00")] * 8
    assert dates(t)[-1] == D(2027, 3, 1)


def test_wales_has_no_12_instalment_row_until_it_is_verified():
    wales = instalment_rules("council_tax", "wales", FY)
    with pytest.raises(ScheduleError, match="12 instalments cannot be requested"):
        build_schedule(M("1000.00"), FY, D(2026, 3, 10), wales, plan=Plan.TWELVE)
    with pytest.raises(DataError, match="no instalment scheme"):
        instalment_rules("council_tax", "scotland", FY)


def test_business_rates_use_the_same_engine_with_their_own_minimum():
    # SI 1989/1058 Sch 1: £3,368.25 over 10 -> A = 336.825 -> £337; first = 3368.25 - 9 x 337 = £335.25
    rates = instalment_rules("business_rates", "england", FY)
    s = build_schedule(M("3368.25"), FY, D(2026, 3, 10), rates)
    assert amounts(s) == [M("335.25")] + [M("337.00")] * 9
    # £300 over 10 = £30 each, under the £50 minimum (UNVERIFIED figure): 2nd added to 1st gives £60 + 8 x £30,
    # still under £50 -> 300 / 50 = 6 instalments of £50
    small = build_schedule(M("300.00"), FY, D(2026, 3, 10), rates)
    assert amounts(small) == [M("50.00")] * 6


# --- properties ----------------------------------------------------------------------------

money = st.decimals(min_value=0, max_value=200000, places=2, allow_nan=False, allow_infinity=False)
issue_days = st.dates(min_value=D(2025, 12, 1), max_value=D(2027, 6, 30))
plans = st.sampled_from(list(Plan))
days = st.integers(min_value=1, max_value=31)


def _assert_sound(s: Schedule, rules=CT):
    assert sum(amounts(s), M("0.00")) == s.amount
    assert all(i.amount > 0 for i in s.instalments)
    assert all(a < b for a, b in zip(dates(s), dates(s)[1:]))


@settings(max_examples=300, deadline=None)
@given(amount=money, issued=issue_days, plan=plans, day=days)
def test_property_a_schedule_sums_exactly_and_nothing_is_negative(amount, issued, plan, day):
    s = build_schedule(amount, FY, issued, CT, plan=plan, day_of_month=day)
    _assert_sound(s)
    if s.instalments:
        assert s.instalments[0].due >= issued + dt.timedelta(days=14)
        assert len(s.instalments) <= (12 if plan is Plan.TWELVE else 10)
        if len(s.instalments) > 1:
            assert all(i.amount >= M("5.00") for i in s.instalments)
            assert dates(s)[-1] <= FY.end


@settings(max_examples=300, deadline=None)
@given(amount=money, new_amount=money, notice=st.dates(min_value=D(2026, 3, 1), max_value=D(2027, 5, 31)),
       plan=plans, day=days, new_day=days)
def test_property_revisions_sum_exactly_and_keep_what_was_already_due(amount, new_amount, notice, plan, day, new_day):
    s = build_schedule(amount, FY, D(2026, 3, 10), CT, plan=plan, day_of_month=day)
    fixed_until = notice + dt.timedelta(days=14)
    for revised in (revise_amount(s, new_amount, notice, CT), change_day(s, new_day, notice, CT),
                    switch_plan(s, Plan.TWELVE, notice, CT)):
        _assert_sound(revised)
        # nothing due before the notice period ends is moved or increased
        before = [(i.due, i.amount) for i in s.instalments if i.due < fixed_until]
        after = [(i.due, i.amount) for i in revised.instalments if i.due < fixed_until]
        assert [d for d, _ in after] == [d for d, _ in before][: len(after)]
        assert all(a <= b for (_, a), (_, b) in zip(after, before))
    assert revise_amount(s, new_amount, notice, CT).amount == new_amount


def test_a_schedule_explains_itself_line_by_line(snapshot):
    # What the bill's instalment panel and an officer's screen show for the worked 10-instalment example,
    # re-profiled by a January reduction: every step names its rule.
    s = build_schedule(M("1834.56"), FY, D(2026, 3, 10), CT)
    assert revise_amount(s, M("1375.92"), D(2027, 1, 15), CT).explain() == snapshot
