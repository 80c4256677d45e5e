"""Holds pause recovery and count the days paused; arrangements are monitored and can break."""

from __future__ import annotations

import pytest

from tests.revcore.recovery.conftest import D, M, account, stages, walk
from revcore.recovery import (
    Arrangement,
    Hold,
    Instalment,
    StageEvent,
    breathing_space,
    days_paused,
    mental_health_crisis,
    run_recovery,
)
from revcore.recovery.rules import RecoveryConfigError

HEARINGS = (D(2026, 6, 24), D(2026, 9, 9), D(2026, 9, 23))


def test_breathing_space_and_mental_health_crisis_lengths(rules):
    # 60 days beginning with 12 May 2026: 12 May + 59 days = 10 July.
    assert breathing_space(D(2026, 5, 12), rules).end == D(2026, 7, 10)
    # Treatment ends 1 Aug; the moratorium runs 30 more days, to 31 Aug.
    assert mental_health_crisis(D(2026, 5, 12), rules, D(2026, 8, 1)).end == D(2026, 8, 31)
    assert mental_health_crisis(D(2026, 5, 12), rules).end is None
    with pytest.raises(RecoveryConfigError, match="unknown hold reason 'holiday'"):
        rules.hold_reason("holiday")


def test_breathing_space_that_expires_then_recovery_resumes(rules):
    # Reminder on 11 May (pay by 17 May); Breathing Space from 12 May: council tax is a
    # qualifying debt once a reminder was served, so the year is paused for 60 days.
    hold = breathing_space(D(2026, 5, 12), rules)
    accounts = [account(payments=[(D(2026, 4, 1), "150.00")], holds=(hold,))]
    accounts, log = walk(accounts, D(2026, 4, 1), D(2026, 7, 13), rules, HEARINGS)
    assert stages(log) == [
        (D(2026, 5, 11), "reminder"),
        # Held from 12 May to 10 July. On Mon 13 July the reminder's failure is acted on.
        (D(2026, 7, 13), "instalments_lost"),
    ]
    # reg. 23(3) dates stand (the law's timing is not moved by the hold): payable end of 24 May.
    assert log[1].until == D(2026, 5, 24)
    (acct,) = accounts
    assert days_paused(acct, acct.years[0], D(2026, 4, 1), D(2026, 7, 31), rules) == 60
    # The summons follows on the next run: the balance fell due long ago.
    plan = run_recovery(accounts, D(2026, 7, 14), rules, (D(2026, 8, 5),))
    assert [a.stage for a in plan.actions] == ["summons", "costs"]


def test_breathing_space_before_any_reminder_does_not_cover_instalments_not_yet_due(rules):
    # Council tax reg. 5(4)(k): no reminder served and instalments still to fall due, so the
    # year is not a qualifying debt: the reminder still goes when May is missed.
    accounts = [account(payments=[(D(2026, 4, 1), "150.00")], holds=(breathing_space(D(2026, 4, 20), rules),))]
    _, log = walk(accounts, D(2026, 4, 1), D(2026, 5, 11), rules, HEARINGS)
    assert stages(log) == [(D(2026, 5, 11), "reminder")]


def test_enforcement_agent_recalled_during_breathing_space(rules):
    history = (
        StageEvent("liability_order", D(2026, 6, 24)),
        StageEvent("enforcement_agent", D(2026, 7, 8), key="x/2026/27/enforcement_agent/1"),
    )
    hold = breathing_space(D(2026, 8, 3), rules)
    accounts = [account(payments=[(D(2026, 4, 1), "150.00")], history=history, holds=(hold,))]
    plan = run_recovery(accounts, D(2026, 8, 3), rules)
    assert [(a.stage, a.kind) for a in plan.actions] == [("enforcement_agent", "recall")]
    assert plan.states[0].stage == "on hold: Breathing Space"
    # Recalled once; when the 60 days end (1 October) the case is referred again.
    _, log = walk(accounts, D(2026, 8, 3), D(2026, 10, 2), rules)
    assert [(a.day, a.stage, a.kind) for a in log] == [
        (D(2026, 8, 3), "enforcement_agent", "recall"),
        (D(2026, 10, 2), "enforcement_agent", "referral"),
    ]


def test_overlapping_holds_count_each_day_once(rules):
    holds = (
        Hold("dispute", D(2026, 6, 1), D(2026, 6, 30)),
        Hold("ctr_claim", D(2026, 6, 20), D(2026, 7, 9)),   # overlaps 20-30 June
        Hold("vulnerable", D(2026, 9, 1)),                  # open: counted to the last day asked
    )
    acct = account(holds=holds)
    # June: 30 days; 1-9 July: 9 more; 1-10 Sept: 10.
    assert days_paused(acct, acct.years[0], D(2026, 4, 1), D(2026, 9, 10), rules) == 30 + 9 + 10


def test_arrangement_kept_pauses_then_a_missed_payment_breaks_it(rules):
    # Balance of £1,350 due from 24 May (see the walkthrough). On 28 May the council agrees
    # £450 on 5 June, 5 July and 5 August. June's is paid; July's is not.
    arrangement = Arrangement(
        D(2026, 5, 28), ("2026/27",),
        (Instalment(1, D(2026, 6, 5), M("450.00")), Instalment(2, D(2026, 7, 5), M("450.00")),
         Instalment(3, D(2026, 8, 5), M("450.00"))),
        agreed_by="B. Officer",
    )
    accounts = [account(payments=[(D(2026, 4, 1), "150.00"), (D(2026, 6, 4), "450.00")], arrangement=arrangement)]
    accounts, log = walk(accounts, D(2026, 4, 1), D(2026, 7, 31), rules, HEARINGS)
    assert stages(log) == [
        (D(2026, 5, 11), "reminder"),
        (D(2026, 5, 18), "instalments_lost"),
        # No summons while the arrangement is kept. July's £450 (due Sun 5 July) counts as missed
        # after 3 days' grace: Thu 9 July. The notice gives 7 days beginning with 9 July: to 15 July.
        (D(2026, 7, 9), "arrangement_missed"),
        # Still short on 16 July: broken; the next run resumes recovery where it stood.
        (D(2026, 7, 16), "arrangement_broken"),
        # Balance long due: summons on Fri 17 July for the first hearing with 14 days' notice.
        (D(2026, 7, 17), "summons"),
        (D(2026, 7, 17), "costs"),
    ]
    # Paused from the agreement (28 May) to the day before the break (15 July): 4 + 30 + 15 days.
    (acct,) = accounts
    assert days_paused(acct, acct.years[0], D(2026, 4, 1), D(2026, 7, 31), rules) == 4 + 30 + 15
    missed = log[2]
    # Due by 5 July (the last day outside the grace): £450 + £450 = £900; paid since agreement:
    # £450. Shortfall £450.
    assert (missed.amount, missed.until) == (M("450.00"), D(2026, 7, 15))
    # Balance at summons: £1,500 - £150 - £450 = £900; hearing 9 Sept.
    assert (log[4].amount, log[4].until) == (M("900.00"), D(2026, 9, 9))


def test_arrangement_missed_then_made_good_stays_in_place(rules):
    arrangement = Arrangement(
        D(2026, 5, 28), ("2026/27",),
        (Instalment(1, D(2026, 6, 5), M("450.00")), Instalment(2, D(2026, 7, 5), M("450.00")),
         Instalment(3, D(2026, 8, 5), M("450.00"))),
    )
    payments = [(D(2026, 4, 1), "150.00"), (D(2026, 6, 4), "450.00"), (D(2026, 7, 13), "450.00")]
    accounts = [account(payments=payments, arrangement=arrangement)]
    _, log = walk(accounts, D(2026, 4, 1), D(2026, 7, 31), rules, HEARINGS)
    # The missed notice on 9 July is paid on 13 July, within its period: nothing more happens.
    assert [s for _, s in stages(log)] == ["reminder", "instalments_lost", "arrangement_missed"]


def test_arrangement_completed_with_a_balance_left_resumes_recovery(rules):
    # £900 agreed against a £1,350 balance, both payments made: once the last is past, the
    # arrangement no longer pauses the year and the £450 left goes to summons.
    arrangement = Arrangement(
        D(2026, 5, 28), ("2026/27",),
        (Instalment(1, D(2026, 6, 5), M("450.00")), Instalment(2, D(2026, 7, 5), M("450.00"))),
    )
    payments = [(D(2026, 4, 1), "150.00"), (D(2026, 6, 4), "450.00"), (D(2026, 7, 3), "450.00")]
    _, log = walk([account(payments=payments, arrangement=arrangement)], D(2026, 4, 1), D(2026, 7, 6), rules, HEARINGS)
    # Mon 6 July is the first working day after the last agreed payment (Sun 5 July).
    assert stages(log)[-2:] == [(D(2026, 7, 6), "summons"), (D(2026, 7, 6), "costs")]
    # £1,500 - £150 - £900 = £450.
    assert log[-2].amount == M("450.00")


def test_no_missed_payment_notice_during_a_breathing_space(rules):
    arrangement = Arrangement(
        D(2026, 5, 28), ("2026/27",),
        (Instalment(1, D(2026, 6, 5), M("450.00")), Instalment(2, D(2026, 7, 5), M("450.00")),
         Instalment(3, D(2026, 8, 5), M("450.00"))),
    )
    # Breathing Space from 6 July for 60 days, to 3 September: the July payment is missed inside it.
    accounts = [account(payments=[(D(2026, 4, 1), "150.00"), (D(2026, 6, 4), "450.00")], arrangement=arrangement,
                        holds=(breathing_space(D(2026, 7, 6), rules),))]
    _, log = walk(accounts, D(2026, 4, 1), D(2026, 9, 4), rules, HEARINGS)
    assert stages(log) == [
        (D(2026, 5, 11), "reminder"),
        (D(2026, 5, 18), "instalments_lost"),
        # Fri 4 Sept, the first day after the moratorium: July and August (£900) are now short.
        (D(2026, 9, 4), "arrangement_missed"),
    ]
    assert log[-1].amount == M("900.00")


def test_a_standard_breathing_space_needs_the_last_to_have_ended_more_than_12_months_before(rules):
    from revcore.recovery.holds import hold_limit_warning

    # 60 days from 23 November 2026 end on 21 January 2027 (the start is day 1). Reg. 24(3)(g):
    # eligible again only if that ended MORE than 12 months before, so from 22 January 2028.
    first = breathing_space(D(2026, 11, 23), rules)
    assert first.end == D(2027, 1, 21)
    assert "earliest a new one may start is 2028-01-22" in hold_limit_warning(
        [first], breathing_space(D(2028, 1, 21), rules), rules)
    assert hold_limit_warning([first], breathing_space(D(2028, 1, 22), rules), rules) is None
    # Nor while one runs, nor back-dated before one already recorded.
    assert "too close" in hold_limit_warning([first], breathing_space(D(2026, 12, 1), rules), rules)
    assert "too close" in hold_limit_warning([breathing_space(D(2027, 6, 1), rules)], first, rules)


def test_mental_health_crisis_moratoria_and_other_holds_are_not_limited(rules):
    from revcore.recovery.holds import hold_limit_warning

    crisis = mental_health_crisis(D(2026, 11, 23), rules, treatment_end=D(2026, 12, 1))
    assert hold_limit_warning([crisis], mental_health_crisis(D(2027, 1, 4), rules), rules) is None
    # A crisis moratorium does not count against a later standard one, nor a dispute.
    assert hold_limit_warning([crisis, Hold("dispute", D(2026, 12, 1), D(2026, 12, 31))],
                              breathing_space(D(2027, 1, 4), rules), rules) is None
