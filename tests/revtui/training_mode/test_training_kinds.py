"""Training moves sundry and business rates accounts with the clock: their payers pay by habit, as
a payment file for the day posted by the live payment import."""

import datetime as dt

import pytest

from revcore.calendar import is_working_day, next_working_day
from revcore.entries import EntryKind
from revtui.accounts import KINDS
from revtui.store import Store
from revtui.training import SCENARIOS, Scenario, _demo_council, cash_channel, cash_habit, reset, step
from revtui.training_kinds import OtherKinds

D = dt.date
START = D(2026, 10, 1)
AUTUMN = Scenario("small-autumn", "60 dwellings from 1 October", START, _demo_council(60))


@pytest.fixture()
def store(tmp_path, monkeypatch):
    monkeypatch.setitem(SCENARIOS, AUTUMN.name, AUTUMN)
    reset(tmp_path / "training.db", AUTUMN)
    opened = Store(tmp_path / "training.db", user="trainer")
    yield opened
    opened.close()


def _invoices(store):
    return {s.value.invoice.number: s.value for s in KINDS[2].repository(store)}


def test_a_training_month_posts_payments_to_sundry_accounts_through_the_payment_import(store):
    before = _invoices(store)
    # invoices falling due in October, unpaid on 1 October
    due = {n: d for n, d in before.items() if START < d.invoice.due <= D(2026, 10, 31) and d.balance > 0}
    on_time = {n: d for n, d in due.items() if cash_habit(n) == "on_time"}
    never = {n: d for n, d in due.items() if cash_habit(n) == "none"}
    assert len(on_time) >= 5
    planned = OtherKinds(store, "england", START, D(2026, 11, 1), habit=cash_habit, channel=cash_channel)

    reports = step(store, "month")

    after = _invoices(store)
    for number, debt in on_time.items():
        paid = [e for e in after[number].ledger.entries if e.kind is EntryKind.PAYMENT
                and e.effective > START]
        # the whole invoice paid once, on its due day (the next working day when that is not one)
        day = debt.invoice.due if is_working_day(debt.invoice.due, "england") else \
            next_working_day(debt.invoice.due, "england")
        assert [(e.amount, e.effective) for e in paid] == [(-debt.invoice.total, day)], number
        assert f"training-rates-sundry-{day.isoformat()}.csv" in paid[0].reason  # the file it came in
        assert after[number].balance == 0
    for number in never:
        assert after[number].balance == before[number].balance
    said = [line for r in reports for line in r.lines if "sundry debt" in line]
    assert said and all(" accounts posted from training-rates-sundry-" in line for line in said)

    # a day played again posts nothing twice (the import knows the file's lines)
    assert planned.post(store, min(planned.by_day)) == (0, 0, []) and _invoices(store) == after
