"""What moving the training clock did: the days that were not quiet, then the new today."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from revtui.training import DayReport

__all__ = ["TrainingSummary", "TRAINING_HELP", "summarise"]

TRAINING_HELP = """\
Training clock (a training store only)
  f6         a day on              f7       a month on
  f8         to the next recovery run
"""


def summarise(reports: list[DayReport]) -> str:
    """The days on which something happened (quiet days counted), and where the clock now stands."""
    busy = [report.describe() for report in reports if not report.quiet]
    quiet = len(reports) - len(busy)
    tail = [f"({quiet} quiet day{'s' if quiet != 1 else ''}: nothing fell due)"] if quiet else []
    return "\n".join([*busy, *tail, f"Today is now {reports[-1].day:%a %d %b %Y}."])


class TrainingSummary(ModalScreen[None]):
    HELP = "What the training clock move did.\n  escape / enter  close\n"
    BINDINGS = [Binding("escape", "close", "Close"), Binding("enter", "close", "Close", show=False)]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="training-summary", classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            with VerticalScroll(id="summary-body"):
                yield Static(self.text, id="summary-text")
            yield Static("escape: close", classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#summary-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)
