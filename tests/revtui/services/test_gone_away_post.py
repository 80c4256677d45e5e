"""Gone away stops post: the recovery run and print runs hold back the account's letters and say
so, and a letter not sent is not recorded as served (the step waits until the payer is traced)."""

from revtui.records.notices import open_notice_records
from revtui.services.account_file import open_account
from revtui.services.changes import commit
from revtui.services.contacts import propose_gone_away, propose_trace_outcome
from revtui.services.notices import draft_print_run
from revtui.services.recovery import recovery_repository, recovery_run
from revtui.ui.widgets.sections import recovery_text

GONE = "C00000019"  # a 2026/27 instalment due 1 September unpaid: today's run proposes a reminder


def account_file(session, reference):
    return open_account(session, session.records.accounts.find_one("reference", reference).doc_id)


def steps(session, reference):
    file = recovery_repository(session.store).find_one("account", reference)
    return [item.event.stage for item in file.value.history] if file else []


def gone_away(session, reference=GONE):
    f = account_file(session, reference)
    commit(session, f.account, propose_gone_away(session, f.account.value, "reminder returned", "returned mail"))


def test_gone_away_stops_the_reminder_and_the_run_says_so_until_the_payer_is_traced(session):
    assert [a.stage for a in account_file(session, GONE).proposed] == ["reminder"]
    gone_away(session)
    # the account view says what the run will really do, by the run's own rule
    assert "today's run would hold back (gone away): reminder 2026/27" in \
        recovery_text(account_file(session, GONE), session.today)

    summary = recovery_run(session, issue=True)

    assert steps(session, GONE) == []  # not recorded: a reminder never sent is not served
    assert GONE not in {a.account for a in summary.plan.actions} and summary.recorded > 0  # the others go ahead
    assert f"POST STOPPED {GONE}: reminder 2026/27 not issued: gone away since 2026-11-23" in summary.render()

    f = account_file(session, GONE)
    commit(session, f.account, propose_trace_outcome(session, f.account.value, "traced", "9 Elm Road, Otherton",
                                                     "OT1 9ER", "", "", "dwp"))
    again = recovery_run(session, issue=True)
    assert steps(session, GONE) == ["reminder"] and "POST STOPPED" not in again.render()


def test_a_reminder_run_skips_an_account_gone_away_since_the_recovery_run_and_withdraws_its_step(session, tmp_path):
    recovery_run(session, issue=True)
    assert steps(session, GONE) == ["reminder"]
    gone_away(session)
    held: list[str] = []

    run, problems = draft_print_run(session, "reminder", tmp_path, day=session.today, workers=1, held=held)

    assert problems == []  # the producing run leaves the gone-away account out too: it reconciles
    issued = open_notice_records(session.store).issued
    assert issued.find_one("number", f"{GONE}/2026/27/reminder/1") is None and run.count >= 1
    assert held == [f"{GONE}: reminder {GONE}/2026/27/reminder/1 not printed, gone away since 2026-11-23 "
                    "(the step is withdrawn: not served)"]
    assert steps(session, GONE) == []
    assert all(n.number != f"{GONE}/2026/27/reminder/1" for n in account_file(session, GONE).account.value.notices)


def test_an_annual_bill_run_leaves_out_a_gone_away_account_and_still_reconciles(cash, tmp_path):
    import datetime as dt

    from revtui.services.session import open_session
    from tests.revtui.services.conftest import account, billed_account

    session = open_session(cash.store, today=dt.date(2026, 3, 10), officer=cash.store.user)
    stays, gone = billed_account(cash, 41), billed_account(cash, 42)
    gone_away(session, gone.reference)
    held: list[str] = []

    run, problems = draft_print_run(session, "annual_bill", tmp_path, year=2026, workers=1, held=held)

    # one band D bill of 2,537.21 printed; the producing run counts the same one account
    assert problems == [] and run.count == 1 and run.source.count == 1
    assert held == [f"{gone.reference}: annual bill {gone.reference}/2026/annual/1 not printed, "
                    "gone away since 2026-03-10"]
    assert account(cash, gone.reference).notices == () and len(account(cash, stays.reference).notices) == 1
