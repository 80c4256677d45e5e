"""The tracing queue: council tax accounts gone away (post stopped) or with returned mail to
trace, longest waiting first. Reached from the work queues (shift+t)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from revtui.services.account_file import open_account
from revtui.services.cases import add_step, cases_repository
from revtui.services.contacts import TraceItem, tracing_queue
from revtui.services.permissions import PermissionRefused, require
from revtui.ui.actions import action_for_key
from revtui.ui.widgets.header import OfficerBar
from revtui.ui.widgets.keyline import KeyLine

__all__ = ["TracingScreen"]


class TracingScreen(Screen):
    HELP = """\
Tracing queue: accounts gone away (post stopped: print runs and the recovery
run hold their letters back) or with returned mail to trace
  up/down  choose an account      enter  open it
  t   record a tracing step (electoral register, DWP, credit reference...)
  G   mark the chosen account gone away (post stops)
  o   the trace outcome: traced to a new address, still there, not traced
      or deceased (closes the case; traced or still there lifts gone away)
  escape   back
"""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("up", "move(-1)", "Previous", show=False),
        Binding("down", "move(1)", "Next", show=False),
        Binding("enter", "open", "Open"),
        Binding("t", "step", "Step", tooltip="Record a tracing step on the chosen account's case"),
        Binding("G", "form('G')", "Gone away", tooltip="Mark the chosen account gone away: post stops"),
        Binding("o", "form('O')", "Outcome", tooltip="The trace outcome: closes the case, moves the notices"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[TraceItem] = []
        self.cursor = 0
        self.message = ""

    def compose(self) -> ComposeResult:
        yield OfficerBar(self.app.session, "Tracing queue")
        with VerticalScroll(id="queue"):
            yield Static(id="tracing-text")
        yield Static(id="tracing-message")
        yield KeyLine(("enter", "Open"), ("t", "Step"), ("G", "Gone away"), ("o", "Outcome"), ("esc", "Back"))

    def on_mount(self) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    def load(self) -> None:
        self.items = tracing_queue(self.app.session)
        self.cursor = min(self.cursor, max(len(self.items) - 1, 0))
        self.show()

    @staticmethod
    def line(item: TraceItem) -> str:
        state = f"GONE AWAY {item.gone_away.since.isoformat()}" if item.gone_away else "post not stopped"
        case = item.case
        last = (case.steps[-1].text if case.steps else "no steps yet") if case else "no case open"
        return f"{item.reference} {item.names[:18]:<18} {state:<20} {case.id if case else '':<9} {last}"[:76]

    def show(self) -> None:
        body = Text(no_wrap=True)
        body.append(f"{len(self.items)} account(s) to trace\n", style="bold")
        for n, item in enumerate(self.items):
            body.append(self.line(item) + "\n", style="reverse" if n == self.cursor else "")
        if not self.items:
            body.append("Nothing to trace.")
        self.query_one("#tracing-text", Static).update(body)
        self.query_one("#tracing-message", Static).update(self.message)

    def action_move(self, step: int) -> None:
        if self.items:
            self.cursor = max(0, min(len(self.items) - 1, self.cursor + step))
            self.show()

    def action_open(self) -> None:
        if self.items:
            self.app.open_account(self.items[self.cursor].doc_id)

    def _allowed(self, action: str) -> bool:
        try:
            require(self.app.session, action)
        except PermissionRefused as refused:
            self.message = f"NOT ALLOWED: {refused}"
            self.show()
            return False
        return True

    def action_form(self, key: str) -> None:
        """The account view's own form for gone away or the trace outcome, on the chosen account."""
        from revtui.ui.screens.form import ActionForm

        spec = action_for_key(key)
        if not self.items or not self._allowed(spec.permission):
            return
        file = open_account(self.app.session, self.items[self.cursor].doc_id)
        self.app.push_screen(ActionForm(spec, file), lambda _: self.load())

    def action_step(self) -> None:
        from revtui.ui.screens.prompt import ask_and_save

        if not self.items or not self._allowed("account.note"):
            return
        item = self.items[self.cursor]
        if item.case is None:
            self.message = f"NOT DONE: {item.reference} has no returned mail case open"
            self.show()
            return
        case = item.case.id
        ask_and_save(self, f"{case}: step taken (e.g. DWP search: no trace)", "account.note",
                     lambda answer: add_step(self.app.session, cases_repository(self.app.session.store)
                                             .find_one("id", case), answer))

    def action_back(self) -> None:
        self.app.pop_screen()
