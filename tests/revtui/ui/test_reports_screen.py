"""Reports in the application (f5): run as at today or a past day, shown, and written as CSV
exactly as the command line writes them."""

import datetime as dt
from pathlib import Path

import pytest
from textual.widgets import Static

from revtui.demo.businesses import build_businesses
from revtui.reports import REPORTS
from revtui.services.loading import add_records
from revtui.ui.screens.find import FindScreen
from revtui.ui.screens.reports import ReportsScreen
from council_fixtures import app, council_file, session, store  # noqa: F401  (fixtures)

pytestmark = pytest.mark.asyncio


def shown(app) -> str:
    return str(app.screen.query_one("#report-text", Static).render())


async def run(pilot, *keys):
    """Press the keys, then wait for the report's worker thread and the screen."""
    await pilot.press(*keys)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_a_report_as_at_a_past_day_is_shown_and_written_as_the_command_line_writes_it(app, session):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, ReportsScreen)
        await run(pilot, "2")
        assert "Arrears by kind, financial year and stage as at 2026-11-23" in shown(app)
        await run(pilot, "tab", *"2026-06-30", "enter")  # the same report, as the ledger stood then
        assert "as at 2026-06-30" in shown(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        written = Path(session.store.path).parent / "reports" / "arrears-2026-06-30.csv"
        assert written.read_text() == REPORTS["arrears"](session.store, dt.date(2026, 6, 30)).to_csv()
        assert written.stat().st_mode & 0o077 == 0
        await run(pilot, "1")  # the collection report comes with its chart
        assert "In-year collection" in shown(app) and "collected (#) against profile (|)" in shown(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, FindScreen)


async def test_a_day_after_today_or_not_a_date_is_refused_and_nothing_runs(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await run(pilot, "f5", "tab", *"2026-12-01", "escape", "3")
        assert shown(app) == "Press 1-7 to run a report."  # 1 December is after today (23 November)
        await run(pilot, "tab", "ctrl+u", *"31/11/2026", "escape", "3")
        assert shown(app) == "Press 1-7 to run a report."
        await run(pilot, "tab", "ctrl+u", "escape", "3")  # blank: today
        assert "dwellings by band as at 2026-11-23" in shown(app)


async def test_each_kind_of_account_is_shown_in_the_first_columns_at_80_by_24(app, session):
    add_records(session.store, "test: the demo businesses", build_businesses(dt.date(2026, 3, 10), dt.date(2026, 11, 20)))
    kinds = ("council tax", "business rates", "sundry debt", "HB overpayment")
    async with app.run_test(size=(80, 24)) as pilot:
        await run(pilot, "f5", "2")
        # what the officer sees without scrolling sideways: kind, year, stage and the accounts
        lines = [line[:78] for line in shown(app).splitlines()]
        totals = [line for line in lines if "all years  total arrears" in line]
        assert [line.split("  ")[0].strip() for line in totals] == list(kinds)
        await run(pilot, "1")
        lines = [line[:78] for line in shown(app).splitlines()]
        assert [kind for kind in kinds if any(line.startswith(kind) for line in lines)] == list(kinds)
        assert "business rates:" in lines  # the chart has a section for each kind


async def test_amounts_read_as_on_a_bill_and_stages_in_words(app, session):
    """On screen the arrears read as a bill would (£ and thousands); stages are words, not codes;
    the CSV keeps plain numbers for a spreadsheet."""
    async with app.run_test(size=(80, 24)) as pilot:
        await run(pilot, "f5", "2")
        text = shown(app)
        report = REPORTS["arrears"](session.store, session.today)
        total = next(row for row in report.rows if row[1] == "all years")[6]
        assert f"£{total:,.2f}" in text
        assert not any("_" in row[2] for row in report.rows)
        assert f"{total:.2f}" in report.to_csv() and "£" not in report.to_csv()
