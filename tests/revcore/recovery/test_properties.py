"""Properties over generated accounts: a fully paid account never receives a notice; nothing is
dated on a weekend or bank holiday where working days are counted; summonses keep their notice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings, strategies as st

from tests.revcore.recovery.conftest import D, YEAR, walk
from revcore.calendar import add_working_days, is_working_day, next_working_day
from revcore.recovery import AccountPosition, Instalment, Payment, StageEvent, YearPosition, run_recovery

FIRST = YEAR.start


@st.composite
def schedules(draw):
    count = draw(st.integers(1, 12))
    day = draw(st.integers(1, 28))
    amounts = draw(st.lists(st.integers(1, 50_000), min_size=count, max_size=count))
    dues = [D(FIRST.year + (FIRST.month - 1 + n) // 12, (FIRST.month - 1 + n) % 12 + 1, day) for n in range(count)]
    return tuple(Instalment(n + 1, due, Decimal(pence) / 100) for n, (due, pence) in enumerate(zip(dues, amounts)))


@st.composite
def paid_on_time(draw):
    """Each instalment paid on or before its due day (or one lump sum before the first)."""
    instalments = draw(schedules())
    if draw(st.booleans()):
        total = sum((i.amount for i in instalments), Decimal("0"))
        payments = (Payment(instalments[0].due - dt.timedelta(days=draw(st.integers(0, 30))), total),)
    else:
        payments = tuple(
            Payment(i.due - dt.timedelta(days=draw(st.integers(0, 20))), i.amount) for i in instalments
        )
    return instalments, payments


# Past steps an account may carry; when everything is paid none of them leads to a notice.
PAST_STEPS = st.lists(
    st.sampled_from(["reminder", "second_reminder", "final_notice", "instalments_lost", "summons", "liability_order"]),
    max_size=3, unique=True,
)


@settings(max_examples=150, deadline=None)
@given(paid_on_time(), PAST_STEPS, st.lists(st.integers(0, 420), min_size=1, max_size=6))
def test_a_fully_paid_account_never_receives_a_notice(rules, paid, steps, offsets):
    instalments, payments = paid
    history = tuple(StageEvent(step, FIRST - dt.timedelta(days=1), until=FIRST) for step in steps)
    acct = AccountPosition("C00012343", (YearPosition(YEAR, instalments, payments, history),))
    for offset in offsets:
        day = next_working_day(FIRST + dt.timedelta(days=offset), "england")
        # Paid up: every instalment due paid on time and, where the right to instalments was
        # lost before, the whole year paid.
        paid_up = not history or acct.years[0].balance(day) <= 0
        if paid_up:
            assert run_recovery([acct], day, rules, (add_working_days(day, 15),)).actions == ()


@st.composite
def defaulting_accounts(draw):
    """Accounts paying some instalments on time and missing others."""
    accounts = []
    for n in range(draw(st.integers(1, 4))):
        instalments = draw(schedules())
        paid = draw(st.lists(st.booleans(), min_size=len(instalments), max_size=len(instalments)))
        late = draw(st.integers(0, 12))
        payments = tuple(Payment(i.due + dt.timedelta(days=late), i.amount) for i, p in zip(instalments, paid) if p)
        accounts.append(AccountPosition(f"C{n:08d}", (YearPosition(YEAR, instalments, payments),)))
    return accounts


HEARING_DAYS = st.lists(st.integers(30, 300), min_size=1, max_size=6).map(
    lambda offsets: tuple(sorted({next_working_day(FIRST + dt.timedelta(days=o), "england") for o in offsets}))
)


@settings(max_examples=25, deadline=None)
@given(defaulting_accounts(), HEARING_DAYS, st.integers(0, 200))
def test_nothing_is_dated_on_a_weekend_or_bank_holiday_and_summonses_keep_their_notice(
    rules, accounts, hearings, start
):
    first = FIRST + dt.timedelta(days=start)
    _, log = walk(accounts, first, first + dt.timedelta(days=90), rules, hearings)
    for action in log:
        # Notices are issued on working days only.
        assert is_working_day(action.day, "england"), action
        if action.stage == "summons":
            served = add_working_days(action.day, rules.stages.summons_service_working_days, "england")
            assert is_working_day(served, "england") and is_working_day(action.until, "england")
            assert (action.until - served).days >= rules.stages.summons_notice_days, action
        if action.stage in ("reminder", "second_reminder", "final_notice"):
            # 7 days beginning with the day of issue, counted in calendar days as the law does.
            assert (action.until - action.day).days == 6
