"""Training is the live system with a movable clock.

One demo store as at 1 October 2026 is copied. On one copy a trainer moves the clock a month;
on the other the residents' payments are played day by day, their payment files imported by the
council's live commands: ``revtui import-payments`` for each file, ``revtui dd-run`` each banking
day and ``revtui recovery-run --issue`` on each run day. Both copies must end the same: every
account's ledger and notices, every recovery file's steps, holds, arrangement and means. The
store holds an account on Breathing Space, one on an arrangement, one with the debtor's means
recorded and one with a balance brought forward from the council's earlier system.
"""

import datetime as dt
import shutil

import pytest

from revcore.entries import EntryKind
from revcore.calendar import is_working_day
from revtui import cli
from revtui.demo import load_settings
from revtui.services.account_file import open_account
from revtui.services.changes import commit
from revtui.services.recovery import (propose_arrangement, propose_hold, propose_means, recovery_repository,
                                      stage_on, history_of)
from revtui.services.session import open_session
from revtui.store import Store
from revtui.training import advance, is_recovery_run_day, payment_inbox, reset

START, UNTIL = dt.date(2026, 10, 1), dt.date(2026, 11, 1)


def _file(session, stored):
    return open_account(session, stored.doc_id)


def _owing(session, *, brought_forward: bool, reminded: bool = False):
    """Current accounts in arrears today (with, or without, a year charged without a bill); with
    ``reminded``, only those already sent a reminder (a qualifying debt for a Breathing Space,
    SI 2020/1311 reg. 5(4)(k): a council tax debt before then is not covered)."""
    for stored in session.records.accounts:
        account = stored.value
        if account.liability.end is not None or not account.bills:
            continue
        billed = {bill.year for bill in account.bills}
        earlier = any(e.kind is EntryKind.CHARGE and e.year.start_year not in billed for e in account.ledger.entries)
        if earlier != brought_forward:
            continue
        f = _file(session, stored)
        steps = [item.event.stage for item in f.recovery.value.history] if f.recovery else []
        if reminded and steps != ["reminder"]:
            continue
        if f.arrears.total > 0 and not (f.recovery and (f.recovery.value.holds or f.recovery.value.arrangement)):
            yield stored


def _set_up(session):
    """Place a Breathing Space, agree an arrangement, record means; find a brought-forward balance."""
    owing = _owing(session, brought_forward=False)
    chosen = {}
    for what in ("breathing space", "arrangement", "means"):
        stored = next(_owing(session, brought_forward=False, reminded=True)) if what == "breathing space" else next(owing)
        f = _file(session, stored)
        if what == "breathing space":
            proposal = propose_hold(session, stored.value, f.recovery, "Breathing Space", "", "", "moratorium notice")
        elif what == "arrangement":
            proposal = propose_arrangement(session, stored.value, f.recovery, "40.00",
                                           (session.today + dt.timedelta(days=7)).isoformat(), "agreed by phone")
        else:
            proposal = propose_means(session, stored.value, f.recovery, "Acme Ltd", "monthly", "1800.00", "no", "no",
                                     "reg. 36 form returned")
        commit(session, stored, proposal)
        chosen[what] = stored.value.reference
    chosen["brought forward"] = next(_owing(session, brought_forward=True)).value.reference
    return chosen


def _state(path):
    store = Store(path)
    try:
        accounts = {s.value.reference: s.value for s in open_session(store).records.accounts}
        files = {s.value.account: s.value for s in recovery_repository(store)}
    finally:
        store.close()
    return accounts, files


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    folder = tmp_path_factory.mktemp("training-vs-live")
    trained, live = folder / "training.db", folder / "live.db"
    reset(trained, "demo-autumn")
    store = Store(trained, user="officer")
    try:
        chosen = _set_up(open_session(store))
    finally:
        store.close()
    for suffix in ("", "-wal", "-shm"):
        if (folder / f"training.db{suffix}").exists():
            shutil.copy(folder / f"training.db{suffix}", folder / f"live.db{suffix}")

    store = Store(trained, user="trainer")
    try:
        advance(store, UNTIL)  # the trainer moves the clock a month
    finally:
        store.close()

    hearings = [arg for day in load_settings().court_hearings for arg in ("--hearing", day.isoformat())]
    day = START
    while day < UNTIL:
        day += dt.timedelta(days=1)
        store = Store(live, user="residents")
        try:
            advance(store, day, council_jobs=False)  # the residents pay; the clock shows the day
            inbox = payment_inbox(store)
        finally:
            store.close()
        for file in sorted(inbox.glob(f"*-{day.isoformat()}.csv")):
            assert cli.main(["--store", str(live), "import-payments", str(file), "--layout", "csv"]) == 0
        if is_working_day(day):
            assert cli.main(["--store", str(live), "dd-run", "--out", str(folder / "live-bacs")]) == 0
        if is_recovery_run_day(day):
            assert cli.main(["--store", str(live), "recovery-run", "--issue", *hearings]) == 0
    return chosen, _state(trained), _state(live)


def test_a_training_month_ends_exactly_where_the_live_commands_do(both):
    _, (accounts, files), (live_accounts, live_files) = both
    assert accounts.keys() == live_accounts.keys()
    differ = [ref for ref in accounts if accounts[ref] != live_accounts[ref]]
    assert not differ, f"{len(differ)} account(s) differ, e.g. {differ[:3]}"
    assert files == live_files
    # and the month did something: recovery steps were issued in it
    assert any(item.event.day > START for f in files.values() for item in f.history)


def test_training_honours_a_breathing_space_and_keeps_the_recorded_means(both):
    chosen, (accounts, files), _ = both
    held = files[chosen["breathing space"]]
    assert held.holds and not [i for i in held.history if i.event.day > START]  # nothing issued while held
    # the run watches the arrangement (nobody pays it in training): a missed payment, not a reminder
    after = [i.event.stage for i in files[chosen["arrangement"]].history if i.event.day > START]
    assert after[0] == "arrangement_missed"
    means = files[chosen["means"]].means
    assert means is not None and means.employment.employer == "Acme Ltd"  # not erased by the run
    assert files[chosen["arrangement"]].arrangement is not None


def test_the_run_sees_a_balance_brought_forward(both):
    chosen, (accounts, files), _ = both
    account = accounts[chosen["brought forward"]]
    billed = {bill.year for bill in account.bills}
    earlier = {e.year for e in account.ledger.entries if e.kind is EntryKind.CHARGE and e.year.start_year not in billed}
    history = history_of(files.get(account.reference))
    assert any(stage_on(history.get(year, ()), UNTIL) != "no recovery stage" for year in earlier)
