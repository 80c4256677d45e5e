"""Before a request is authorised or refused: what it is, in full, and ``y`` to decide."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from revcore.approvals import ApprovalRequest
from revcore.money import format_money

__all__ = ["ConfirmDecision", "describe_request", "describe_change", "approving"]


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
        payee = record.payee
        lines[2:2] = [f"Payee:      {payee.name}", f"Method:     {_method(payee)}"]
    if record is not None and record.write_off_category is not None:
        lines.append(f"Category:   {record.write_off_category.describe()}")
    return "\n".join(lines)


def _method(payee) -> str:  # noqa: ANN001 - a revcore.refunds.Payee
    """How the money goes, the bank account masked to its last four digits as everywhere on screen."""
    if payee.bank is not None:
        bank = payee.bank
        return (f"BACS to sort code {bank.sort_code[:2]}-{bank.sort_code[2:4]}-{bank.sort_code[4:]}, "
                f"account ****{bank.account_number[-4:]}")
    return f"cheque posted to {', '.join(line for line in payee.address if line.strip())}"


def approving(request: ApprovalRequest, record=None) -> str:  # noqa: ANN001 - a RequestRecord
    """What authorising does, in the officer's words."""
    if record is not None and record.payee is not None:
        return (f"Authorising posts the refund of {format_money(request.amount)} to {request.account} now and pays "
                f"{record.payee.name} by {record.payee.method.value} in the next refund payment file; "
                "recorded as authorised by you.")
    return "Authorising makes it now (a refund or write-off is posted), recorded as authorised by you."


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

    def __init__(self, description: str, approve: bool, effect: str = "") -> None:
        super().__init__()
        self.description = description
        self.approve = approve
        self.effect = effect
        """What authorising does (the default says it in general)."""

    def compose(self) -> ComposeResult:
        verb = "Authorise" if self.approve else "Refuse"
        effect = ((self.effect or "Authorising makes it now (a refund or write-off is posted), recorded as "
                   "authorised by you.") if self.approve else "Refusing records the refusal; nothing is changed.")
        with Vertical(id="decision", classes="dialog"):
            yield Static(f"{verb} this request?", classes="dialog-title")
            yield Static(self.description, id="decision-text")
            yield Static(effect, classes="dialog-help")
            yield Static(f"y: {verb.lower()}   esc: back (nothing recorded)", classes="dialog-keys")

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_back(self) -> None:
        self.dismiss(False)
