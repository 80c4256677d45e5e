"""Regression tests for the drifts that came from working an account's facts out in several
places: the live run now posts summons costs to the ledger (as training did), the balance
brought forward from an earlier system is recovered by the live run and shown in the arrears,
and an account whose right to instalments is lost shows its whole balance in arrears.

The sample council (23 November 2026) runs to summons as in ``test_summons.py``: reminders on
23 November, the right to instalments lost on 30 November (balance due 6 December), summonses
on 14 December for the hearing of 12 January 2027.
"""

import datetime as dt
from decimal import Decimal

import attrs

from revcore.entries import EntryKind
from revcore.periods import FinancialYear
from revtui.services.account_file import open_account
from revtui.services.notices import recovery_notices
from revtui.services.recovery import recovery_repository, recovery_run

HEARING = dt.date(2027, 1, 12)


def on(session, day):
    return attrs.evolve(session, today=day)


def _file(session, reference):
    return open_account(session, session.records.accounts.find_one("reference", reference).doc_id)


def test_the_live_run_posts_summons_costs_to_the_ledger_and_the_summons_prints_them(session):
    for day in (dt.date(2026, 11, 23), dt.date(2026, 11, 30), dt.date(2026, 12, 14)):
        recovery_run(on(session, day), issue=True, hearings=(HEARING,))
    summonsed = [f.value.account for f in recovery_repository(session.store)
                 if any(item.event.stage == "summons" for item in f.value.history)]
    assert summonsed
    reference = summonsed[0]
    account = session.records.accounts.find_one("reference", reference).value
    costs = [e for e in account.ledger.entries if e.kind is EntryKind.COSTS]
    assert [(e.amount, e.effective) for e in costs] == [(Decimal("70.00"), dt.date(2026, 12, 14))]
    # the same run again posts nothing twice
    recovery_run(on(session, dt.date(2026, 12, 14)), issue=True, hearings=(HEARING,))
    account = session.records.accounts.find_one("reference", reference).value
    assert len([e for e in account.ledger.entries if e.kind is EntryKind.COSTS]) == 1
    # and the printed summons asks for them
    [pending] = [p for p in recovery_notices(on(session, dt.date(2026, 12, 14)), "summons", dt.date(2026, 12, 14))
                 if p.account.value.reference == reference]
    assert pending.notice.costs == Decimal("70.00")
    # the account view's arrears: the whole balance fell due on 6 December (reg. 23(3)), costs with it
    f = _file(on(session, dt.date(2026, 12, 15)), reference)
    assert f.arrears.total == account.ledger.balance > 0
    assert "instalments" not in f.standing[0].stage or f.arrears.total > 0


def test_a_balance_brought_forward_is_recovered_by_the_live_run_and_shown_in_arrears(session):
    stored = session.records.accounts.find_one("reference", "C00000019")
    earlier = FinancialYear(2024)
    ledger = stored.value.ledger.charge(earlier, Decimal("312.40"), effective=dt.date(2026, 4, 1),
                                        posted=session.today, reason="balance brought forward from the old system",
                                        source="migration:C00000019:2024")
    with session.store.change("migration"):
        session.records.accounts.save(stored, attrs.evolve(stored.value, ledger=ledger))

    f = _file(session, "C00000019")
    owed = f.arrears.for_year(earlier)
    assert owed is not None and owed.arrears == Decimal("312.40")  # due in full, shown in the arrears
    assert any(a.year == earlier.label for a in f.proposed)  # today's run would act on it
    summary = recovery_run(session, issue=True)
    assert any(a.account == "C00000019" and a.year == earlier.label for a in summary.plan.actions)


def test_an_account_at_attachment_of_earnings_shows_its_whole_balance_in_arrears(session):
    """Once the right to instalments is lost the whole balance is due (reg. 23(3)): the summary
    must not show the instalments not yet due as if they still stood ("arrears £0.00" beside an
    attachment of earnings)."""
    from revtui.services.recovery import RecoveryFile, YearEvent
    from revcore.recovery import StageEvent

    stored = session.records.accounts.find_one("reference", "C00000019")
    year = "2026/27"
    steps = (YearEvent(year, StageEvent("reminder", dt.date(2026, 5, 12), "r", until=dt.date(2026, 5, 19))),
             YearEvent(year, StageEvent("instalments_lost", dt.date(2026, 5, 26), "l", until=dt.date(2026, 6, 1))),
             YearEvent(year, StageEvent("liability_order", dt.date(2026, 7, 14), "lo")),
             YearEvent(year, StageEvent("attachment_of_earnings", dt.date(2026, 8, 4), "aeo")))
    with session.store.change("history"):
        recovery_repository(session.store).add(RecoveryFile("C00000019", steps))
    f = _file(session, "C00000019")
    account = f.account.value
    owed = f.arrears.for_year(FinancialYear(2026))
    later = [i for i in account.bills[-1].schedule.instalments if i.due > session.today]
    assert later, "the bill still has instalments after today, which no longer stand"
    assert owed.arrears == account.ledger.balance_of(FinancialYear(2026)) > 0
    # and the reason is on the schedule that the view, the reports and the letters all read
    from revtui.services.recovery import facts
    schedule = facts(account, f.recovery.value, session.today).schedules[FinancialYear(2026)]
    assert any(line.rule == "reg. 23(3) SI 1992/613" for line in schedule.lines)
