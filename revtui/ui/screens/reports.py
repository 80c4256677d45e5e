"""Reports in the application: the same reports as ``revtui report``, as at today or
any past day, shown as a table (the collection report with its chart) and written as CSV.
Collection, arrears and cash show each kind of account in their first column, so the kind is
seen at 80 columns without scrolling sideways."""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import ScrollableContainer
from textual.screen import Screen
from textual.widgets import Input, Static

from refdata import DataError
from revcore.periods import PeriodError
from safefiles import write_private
from revtui.reports import REPORTS, Report, collection_chart
from revtui.services.stores import second_connection
from revtui.ui.widgets.header import OfficerBar
from revtui.ui.widgets.keyline import KeyLine

__all__ = ["ReportsScreen", "CHOICES"]

CHOICES = (
    ("collection", "in-year collection of each kind, charted"),
    ("arrears", "arrears by kind, financial year and recovery stage"),
    ("valuation", "dwellings by band against the Valuation Office list"),
    ("valuation-exceptions", "each dwelling where our records and the list differ"),
    ("cash", "daily cash and Direct Debit reconciliation"),
    ("suspense", "payments held in suspense"),
    ("approvals", "refunds and write-offs by authorising officer"),
)


class ReportsScreen(Screen):
    HELP = """\
Reports, as the ledger stood at the end of a day
  1-7        run a report (the list is on the screen)
  tab        the "as at" box: a past day (YYYY-MM-DD); blank is today
  ctrl+s     write the report shown as CSV beside the store (reports/)
  up/down/left/right/pgup/pgdn  scroll a wide or long report
  escape     back
The same reports run from the command line: revtui --store PATH report NAME
"""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        *[Binding(str(n), f"run({n - 1})", f"Report: {name}", show=False) for n, (name, _) in enumerate(CHOICES, 1)],
        Binding("ctrl+s", "csv", "Write CSV", tooltip="Write the report shown as CSV beside the store"),
        Binding("tab", "as_at", "As at", show=False, tooltip="Type the day the report is run as at"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.report: Report | None = None
        self.runs = 0
        """How many reports were asked for: only the last one asked for is shown."""

    def compose(self) -> ComposeResult:
        yield OfficerBar(self.app.session, "Reports")
        yield Static("\n".join(f" {n} {name:<21} {what}" for n, (name, what) in enumerate(CHOICES, 1)),
                     id="report-choices")
        yield Input(placeholder=f"as at (YYYY-MM-DD); blank: today, {self.app.session.today.isoformat()}",
                    id="report-as-at")
        with ScrollableContainer(id="report-body"):
            yield Static("Press 1-7 to run a report.", id="report-text", markup=False)
        yield KeyLine(("1-7", "Run"), ("tab", "As at"), ("^s", "CSV"), ("esc", "Back"))

    def on_mount(self) -> None:
        self.query_one("#report-body").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#report-body").focus()
        if self.report is not None:
            self.action_run([name for name, _ in CHOICES].index(self.report.name))

    def as_at(self) -> dt.date | None:
        text = self.query_one("#report-as-at", Input).value.strip()
        if not text:
            return self.app.session.today
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            self.notify(f"as at: {text!r} is not a date (YYYY-MM-DD)", severity="error")
            return None
        if day > self.app.session.today:
            self.notify(f"as at: {day.isoformat()} is after today; a report shows what has happened", severity="error")
            return None
        return day

    def action_run(self, index: int) -> None:
        day = self.as_at()
        if day is None:
            return
        name = CHOICES[index][0]
        self.runs += 1
        self.query_one("#report-text", Static).update(f"Running the {name} report as at {day.isoformat()}...")
        self.run_worker(partial(self._compute, self.runs, name, day), thread=True, group="report")

    def _compute(self, run: int, name: str, day: dt.date) -> None:
        """In a worker thread, on its own connection to the store (a report over 100,000
        accounts takes seconds: the officer can go back meanwhile)."""
        try:
            with second_connection(self.app.session.store, user=self.app.session.officer) as store:
                report = REPORTS[name](store, day)
        except (DataError, PeriodError) as problem:
            self.app.call_from_thread(self.notify, f"{name}: {problem}", severity="error", timeout=10)
            return
        self.app.call_from_thread(self._show, run, report)

    def _show(self, run: int, report: Report) -> None:
        if run != self.runs or not self.is_mounted:  # another report was asked for meanwhile
            return
        self.report = report
        text = report.to_text(pounds=True)
        if report.name == "collection":
            text += "\n\n" + collection_chart(report)
        self.query_one("#report-text", Static).update(Text(text, no_wrap=True))
        # the list gives way to the report's rows once one is shown (f1 lists the keys again)
        self.query_one("#report-choices", Static).update(
            " " + " ".join(f"{n} {name.replace('valuation-exceptions', 'exceptions')}"
                            for n, (name, _) in enumerate(CHOICES, 1)))
        body = self.query_one("#report-body")
        body.scroll_home(animate=False)
        body.focus()

    def action_csv(self) -> None:
        if self.report is None:
            self.notify("Run a report first (1-7).", severity="warning")
            return
        folder = Path(self.app.session.store.path).parent / "reports"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{self.report.name}-{self.report.as_at.isoformat()}.csv"
        write_private(path, self.report.to_csv())
        self.notify(f"Written: {path}", timeout=10)

    def action_as_at(self) -> None:
        self.query_one("#report-as-at", Input).focus()

    def action_back(self) -> None:
        if self.query_one("#report-as-at", Input).has_focus:
            self.query_one("#report-body").focus()
            return
        self.app.pop_screen()
