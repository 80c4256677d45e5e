"""The recovery queue (f3, 2) works out the run in a worker, today's or (n) a preview of
tomorrow's, and a recall is shown as a recall, on the queue and on the account (issue 20 item 8)."""

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from textual.widgets import Static

from refdata.ledger import ledger_settings
from revcore.recovery import StageEvent
from revtui.services.recovery import RecoveryFile, YearEvent, recovery_repository
from council_fixtures import app, council_file, session, store  # noqa: F401  (fixtures)
from tests.revtui.sample_council import TODAY

pytestmark = pytest.mark.asyncio


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def until(pilot, test) -> None:
    for _ in range(300):
        await pilot.pause()
        if test():
            return
    raise AssertionError("the worker did not answer")


def with_an_agent_and_then_paid_in_full(session):
    """C00000019: a liability order in June, the enforcement agent since July; then it pays
    more than it owes. The engine calls the agent back (the balance is paid)."""
    with session.store.change("test: liability order, then the enforcement agent"):
        recovery_repository(session.store).add(RecoveryFile("C00000019", (
            YearEvent("2026/27", StageEvent("liability_order", dt.date(2026, 6, 24), "lo")),
            YearEvent("2026/27", StageEvent("enforcement_agent", dt.date(2026, 7, 20), "ea")))))
    stored = session.cash.accounts.find_one("reference", "C00000019")
    ledger = stored.value.ledger.pay(stored.value.ledger.balance + Decimal("10.00"), effective=TODAY, posted=TODAY,
                                     reason="paid the lot", policy=ledger_settings(TODAY).policy)
    session.cash.accounts.save(stored, attrs.evolve(stored.value, ledger=ledger), reason="test: paid in full")


async def test_a_recall_reads_as_a_recall_on_the_account_and_in_the_queue(app, session):
    with_an_agent_and_then_paid_in_full(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"C00000019", "enter")
        await pilot.pause()
        summary = text_of(app, "#section-text")
        assert "today's run would recall: enforcement agent 2026/27" in summary
        assert "would issue: enforcement agent" not in summary
        await pilot.press("f3")
        app.screen.action_queue(1)  # returns at once: the run is worked out in a worker thread
        assert "Working out today's recovery run" in text_of(app, "#queue-message")
        await until(pilot, lambda: "Today's run (Mon 23 Nov 2026)" in text_of(app, "#queue-message"))
        assert "C00000019 2026/27 recall enforcement agent" in text_of(app, "#queue-text")


async def test_tomorrows_run_previewed_from_the_queue(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3", "2")
        await until(pilot, lambda: "Today's run" in text_of(app, "#queue-message"))
        today = text_of(app, "#queue-text")
        app.screen.action_tomorrow()  # n
        assert "Working out tomorrow's recovery run" in text_of(app, "#queue-message")
        await until(pilot, lambda: "Tomorrow's run" in text_of(app, "#queue-message"))
        message = text_of(app, "#queue-message")
        assert "Tomorrow's run (Tue 24 Nov 2026, a preview: today's taken as issued)" in message
        # today's reminders are taken as sent: none of them is proposed again tomorrow
        reminders_today = {line.split()[0] for line in today.splitlines() if " reminder " in line}
        tomorrow = text_of(app, "#queue-text")
        assert reminders_today and not any(f"{ref} 2026/27 reminder " in tomorrow for ref in reminders_today)
        await pilot.press("n")
        await until(pilot, lambda: "Today's run" in text_of(app, "#queue-message"))


async def test_keys_typed_while_the_run_is_worked_out_wait_for_the_list(app):
    """f3, 2, down and enter in one burst: enter opens the second proposed action's account,
    not nothing (the list was empty while the worker ran)."""
    from test_keys_in_order import burst, settled

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        burst(app, "f3", "2", "down", "enter")
        await settled(pilot, app)
        queue = next(s for s in app.screen_stack if s.__class__.__name__ == "QueuesScreen")
        second = queue.items[1].account
        assert app.screen.id == "account" and app.screen.file.account.value.reference == second
