"""Choose one of the account's issued notices to reprint exactly as issued (up/down, enter)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from revcore.money import format_money
from revtui.records.notices import StoredNotice

__all__ = ["ReprintPicker", "describe"]


def describe(stored: StoredNotice) -> str:
    """One line for an issued notice: its date, what it is, its number and what it asks for."""
    from letters.issued import ReprintError, restore

    kind = stored.record.notice_type.replace("_", " ")
    try:
        notice, _ = restore(stored.record)
        amount = notice.headline_amount
    except ReprintError:
        return f"{stored.record.issue_date.isoformat()} {kind} {stored.number}  (record altered: will not reprint)"
    return f"{stored.record.issue_date.isoformat()} {kind} {stored.number}" + (f"  {format_money(amount)}" if amount else "")


class ReprintPicker(ModalScreen[str | None]):
    """Gives the chosen notice's number, or None on escape."""

    HELP = "Issued notices of this account, oldest first.\n  up/down  choose\n  enter    reprint it to PDF\n  escape   back\n"
    BINDINGS = [Binding("escape", "cancel", "Back")]
    DEFAULT_CSS = "#reprint-list { height: auto; max-height: 16; }"

    def __init__(self, reference: str, issued: list[StoredNotice]) -> None:
        super().__init__()
        self.reference = reference
        self.issued = issued

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"Reprint a notice of {self.reference} exactly as issued", classes="dialog-title")
            yield OptionList(*[Option(describe(s)[:74], id=s.number) for s in self.issued], id="reprint-list")
            yield Static("up/down: choose   enter: write the PDF   esc: back", classes="dialog-keys")

    def on_mount(self) -> None:
        listing = self.query_one("#reprint-list", OptionList)
        listing.highlighted = len(self.issued) - 1  # the latest first to hand
        listing.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
