"""Help for the screen underneath: its keys and what they do, plus the keys everywhere."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

__all__ = ["HelpScreen", "GLOBAL_HELP"]

GLOBAL_HELP = """\
Everywhere
  f1 / ?     this help             ctrl+p   every action with its key
  f3         work queues           escape   back / cancel
  f4         new dwelling          f9       new sundry invoice
  f5         reports               f10      new HB overpayment
  ctrl+q     quit                  f6 f7 f8 training: a day, a month, to the run
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape", "close", "Close"), Binding("f1", "close", "Close", show=False),
                Binding("q", "close", "Close", show=False)]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="help", classes="dialog"):
            yield Static("Help", classes="dialog-title")
            with VerticalScroll(id="help-body"):
                yield Static(f"{self.text}\n{GLOBAL_HELP}")
            yield Static("escape: close", classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)
