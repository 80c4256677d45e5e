"""Training mode: reset a store to a scenario, move the clock on, and see each day applied once."""

import datetime as dt
from decimal import Decimal

import pytest

from revcore.references import make_reference
from revtui.clock import today
from revtui.records.ctax import PaymentMethod, open_records
from revtui.reports.cash import daily_cash
from revtui.store import Store
from revtui.training import (
    SCENARIOS,
    Scenario,
    ScriptedPayment,
    TrainingError,
    _demo_council,
    advance,
    cash_channel,
    cash_habit,
    main,
    next_recovery_run,
    reset,
    step,
)

D = dt.date
FIRST = make_reference("C", 1)
SMALL = Scenario("small", "60 dwellings from 1 April", D(2026, 4, 1), _demo_council(60),
                 (ScriptedPayment(D(2026, 4, 20), FIRST, Decimal("50.00"), "telephone", "promised on the phone"),))


@pytest.fixture()
def store(tmp_path, monkeypatch):
    monkeypatch.setitem(SCENARIOS, "small", SMALL)
    reset(tmp_path / "training.db", SMALL)
    opened = Store(tmp_path / "training.db", user="trainer")
    yield opened
    opened.close()


def _accounts(store):
    records = open_records(store)
    return [records.accounts.from_document(doc, doc.doc_id) for doc in records.accounts.table]


def test_a_month_collects_every_direct_debit_once_and_replaying_adds_nothing(store):
    assert today(store) == D(2026, 4, 1)
    before = {a.reference: a.ledger.balance for a in _accounts(store)}
    reports = step(store, "month")
    assert today(store) == D(2026, 5, 1)
    assert [r.day for r in reports] == [D(2026, 4, 1) + dt.timedelta(days=n) for n in range(1, 31)]  # 2 April to 1 May
    accounts = _accounts(store)
    expected_dd = 0
    for account in accounts:
        if account.payment_method is PaymentMethod.DIRECT_DEBIT and account.ledger.closed_on is None:
            due = [i for bill in [account.last_bill(2026)] if bill for i in bill.schedule.instalments
                   if D(2026, 4, 1) < i.due <= D(2026, 5, 1)]
            sources = [e.source for e in account.ledger.entries if e.source.startswith("dd:")]
            assert len(sources) == len(set(sources))  # never collected twice
            for instalment in due:
                assert f"dd:{account.reference}:{instalment.due.isoformat()}" in sources
            expected_dd += len(due)
    collected = sum(r.direct_debits for r in reports)
    assert collected == expected_dd > 0
    # the ledgers moved by exactly what the reports say was paid
    paid = sum((r.direct_debit_amount + r.cash_amount for r in reports), Decimal("0.00")) + Decimal("50.00")
    # (less any costs the recovery runs added)
    costs = sum((e.amount for a in accounts for e in a.ledger.entries
                 if e.kind.value == "costs" and e.posted > D(2026, 4, 1)), Decimal("0.00"))
    assert sum(before.values()) - sum(a.ledger.balance for a in accounts) == paid - costs
    with pytest.raises(TrainingError, match="move it forward"):
        advance(store, D(2026, 4, 15))


def test_the_scripted_payment_lands_on_its_day(store):
    reports = advance(store, D(2026, 4, 20))
    assert reports[-1].lines == (f"{FIRST} paid £50.00 by telephone: promised on the phone",)
    [account] = [a for a in _accounts(store) if a.reference == FIRST]
    assert account.ledger.last.amount == Decimal("-50.00") and account.ledger.last.posted == D(2026, 4, 20)


def test_to_the_next_recovery_run_is_the_next_tuesday_that_is_a_working_day(store):
    assert next_recovery_run(D(2026, 4, 2)) == D(2026, 4, 7)  # Thursday 2 April to Tuesday 7 April
    assert next_recovery_run(D(2026, 12, 23)) == D(2026, 12, 29)  # Tuesday 29 December is a working day
    assert next_recovery_run(D(2026, 12, 22)) == D(2026, 12, 29)
    reports = step(store, "recovery")
    assert today(store) == D(2026, 4, 7) and reports[-1].recovery_run


AUTUMN = Scenario("autumn", "120 dwellings from 1 October", D(2026, 10, 1), _demo_council(120))


def test_a_month_of_recovery_runs_issues_each_step_once_and_keeps_it(tmp_path, monkeypatch):
    monkeypatch.setitem(SCENARIOS, "autumn", AUTUMN)
    reset(tmp_path / "autumn.db", "autumn")
    store = Store(tmp_path / "autumn.db", user="trainer")
    try:
        before = _history(store)
        reports = step(store, "month")
        runs = [r for r in reports if r.recovery_run]
        assert [r.day for r in runs] == [D(2026, 10, 6), D(2026, 10, 13), D(2026, 10, 20), D(2026, 10, 27)]
        after = _history(store)
        new = {key: event for key, event in after.items() if key not in before}
        assert new and all(event.day in {r.day for r in runs} for event in new.values())
        accounts = _accounts(store)
        # every notice issued is on its account (business rates and sundry letters are stored by
        # the run under the step's key); costs were posted once each, on a run day
        from revtui.records.notices import open_notice_records

        notices = {n.number for a in accounts for n in a.notices}
        notices |= {s.value.number for s in open_notice_records(store).issued}
        assert {key for key, e in new.items() if e.stage in ("reminder", "summons", "final_notice")} <= notices
        assert any(key.startswith("S") for key in new)  # the demo's overdue invoices are recovered too
        costs = [e for a in accounts for e in a.ledger.entries if e.kind.value == "costs" and e.posted >= D(2026, 10, 2)]
        assert len({e.source for e in costs}) == len(costs)
        assert all(e.posted in {r.day for r in runs} for e in costs)
    finally:
        store.close()


def _history(store):
    from revtui.services.recovery import history_of, recovery_repository

    found = {}
    for stored in recovery_repository(store):
        for events in history_of(stored.value).values():
            for event in events:
                assert event.key not in found  # a step is never kept twice
                found[event.key] = event
    return found


def test_a_live_store_is_never_reset_nor_moved(tmp_path):
    live = tmp_path / "live.db"
    opened = Store(live, user="officer")
    with pytest.raises(TrainingError, match="live store"):
        advance(opened, D(2030, 1, 1))
    opened.close()
    with pytest.raises(TrainingError, match="live store"):
        reset(live, SMALL)


def test_cash_habits_are_mostly_on_time_and_fixed_by_reference():
    habits = [cash_habit(make_reference("C", n)) for n in range(1, 1001)]
    assert 600 <= habits.count("on_time") <= 800 and habits.count("none") < 150
    assert habits == [cash_habit(make_reference("C", n)) for n in range(1, 1001)]


def test_command_line_lists_resets_steps_and_reports(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(SCENARIOS, "small", SMALL)
    path = str(tmp_path / "t.db")
    assert main(["list"]) == 0
    assert main(["reset", "--store", path, "--scenario", "small"]) == 0
    assert main(["step", "--store", path, "--to", "2026-04-10"]) == 0
    assert main(["status", "--store", path]) == 0
    out = capsys.readouterr().out
    assert "demo-year" in out and "reset to small: today is 2026-04-01" in out
    assert "today is now 2026-04-10" in out and "scenario small; today 2026-04-10" in out


def test_cash_payers_payments_show_in_the_cash_report_under_their_channel(store):
    reports = advance(store, D(2026, 5, 31))  # past the May instalments, paid by habit
    cash = daily_cash(store, D(2026, 5, 31), since=D(2026, 4, 2))
    by_stream = {}
    for _, kind, stream, items, amount in cash.rows:
        if stream != "net received" and kind == "council tax":  # rates and sundry: their own test
            count, total = by_stream.get(stream, (0, Decimal("0.00")))
            by_stream[stream] = (count + items, total + amount)
    assert "other" not in by_stream
    # the habits' payments are all under the payment channels; the scripted one under telephone
    paid_cash = sum(r.cash_payments for r in reports)
    assert paid_cash > 0
    habits = [by_stream.get(channel, (0, Decimal("0.00"))) for channel in ("paypoint", "postoffice", "online")]
    assert sum(c for c, _ in habits) == paid_cash
    assert sum((a for _, a in habits), Decimal("0.00")) == sum((r.cash_amount for r in reports), Decimal("0.00"))
    assert by_stream["telephone"] == (1, Decimal("50.00"))
    # each payer always pays through the same channel
    assert {cash_channel(a.reference) for a in _accounts(store) if a.payment_method is PaymentMethod.CASH} \
        == {"paypoint", "postoffice", "online"}
