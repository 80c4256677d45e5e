"""Before a request is authorised or refused: what it is, in full, and ``y`` to decide."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from revcore.approvals import ApprovalRequest
from revcore.money import format_money

__all__ = ["ConfirmDecision", "describe_request", "describe_change"]


def describe_request(request: ApprovalRequest, record=None) -> str:  # noqa: ANN001 - a RequestRecord
    kind = request.kind.value.replace("_", "-")
    year = f" of {request.year.label}" if request.year else ""
    lines = [
        f"{kind.capitalize()} {request.id}",
        f"Amount:     {format_money(request.amount)}{year}",
        f"Account:    {request.account}",
        f"Asked by:   {request.requested_by} on {request.requested_on.isoformat()}",
        f"Reason:     {request.reason}",
    ]
    if record is not None and record.payee is not None:
        lines.append(f"Pay:        {record.payee.describe()}")
    if record is not None and record.write_off_category is not None:
        lines.append(f"Category:   {record.write_off_category.describe()}")
    return "\n".join(lines)


def describe_change(change) -> str:
    """A held change (:class:`revtui.services.change_requests.ChangeRequest`): what was typed, and why it waits."""
    typed = ", ".join(f"{name} {value}" for name, value in change.values.items() if value.strip())
    return "\n".join([
        f"{change.title} ({change.id})",
        f"Account:    {change.account}",
        f"Asked by:   {change.requested_by} on {change.requested_on.isoformat()}",
        f"Why held:   {change.why}",
        f"As typed:   {typed}",
        f"Reason:     {change.reason}",
    ])


class ConfirmDecision(ModalScreen[bool]):
    """Dismissed True on ``y`` (decide), False on escape or ``n`` (nothing recorded)."""

    HELP = """\
Authorise or refuse a request
  y          record the decision (an authorised refund or write-off is posted)
  escape/n   back: nothing is recorded
"""
    BINDINGS = [Binding("y", "confirm", "Confirm"), Binding("escape", "back", "Back"),
                Binding("n", "back", "Back", show=False)]

    def __init__(self, description: str, approve: bool) -> None:
        super().__init__()
        self.description = description
        self.approve = approve

    def compose(self) -> ComposeResult:
        verb = "Authorise" if self.approve else "Refuse"
        effect = ("Authorising makes it now (a refund or write-off is posted), recorded as authorised by you."
                  if self.approve else "Refusing records the refusal; nothing is changed.")
        with Vertical(id="decision", classes="dialog"):
            yield Static(f"{verb} this request?", classes="dialog-title")
            yield Static(self.description, id="decision-text")
            yield Static(effect, classes="dialog-help")
            yield Static(f"y: {verb.lower()}   esc: back (nothing recorded)", classes="dialog-keys")

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_back(self) -> None:
        self.dismiss(False)
