"""A sundry debt: the read-only view (:class:`~revtui.ui.screens.other.OtherAccountScreen`) with
the officer's actions on its keys (:data:`~revtui.ui.sundry_actions.SUNDRY_ACTIONS`), each a
form, then its effect shown, then ``y`` to save."""

from __future__ import annotations

import textwrap

from textual.binding import Binding

from revtui.services.permissions import PermissionRefused
from revtui.services.sundry_file import open_sundry_debt
from revtui.ui.actions import check
from revtui.ui.screens.other import OtherAccountScreen
from revtui.ui.sundry_actions import SUNDRY_ACTIONS
from revtui.ui.widgets.keyline import KeyLine

__all__ = ["SundryAccountScreen"]


class SundryAccountScreen(OtherAccountScreen):
    HELP = "\n".join([
        "Sundry debt",
        "The invoice line by line (VAT per line), then the ledger: every entry",
        "and the balance.",
        "",
        "  up/down/pgup/pgdn  scroll          escape  back to Find",
        "  P  the person: all their debts, link/unlink, the all-debts statement",
        "",
        "Actions (each shows its effect and asks before saving):",
        *[f"  {spec.key}       {spec.name}\n" + textwrap.fill(spec.help, 70, initial_indent=" " * 10,
                                                              subsequent_indent=" " * 10)
          for spec in SUNDRY_ACTIONS],
    ])

    BINDINGS = [
        Binding("escape", "back", "Find"),
        *[Binding(spec.key, f"act('{spec.key}')", spec.name, show=False, tooltip=spec.help) for spec in SUNDRY_ACTIONS],
    ]

    def __init__(self, doc_id: int) -> None:
        super().__init__("sundry debt", doc_id)

    def keyline(self) -> KeyLine:
        # the commonest keys within 80 columns; l (lift hold), x (cancel) and escape are in f1 help
        return KeyLine(("p", "Pay"), ("a", "Arrange"), ("h", "Hold"), ("c", "Credit"), ("P", "Person"))

    def action_act(self, key: str) -> None:
        from revtui.ui.screens.form import ActionForm

        spec = next(spec for spec in SUNDRY_ACTIONS if spec.key == key)
        try:
            check(spec, self.app.session)
        except PermissionRefused as refused:
            self.notify(f"Not allowed: {refused}", severity="error", timeout=10)
            return
        self.app.push_screen(ActionForm(spec, open_sundry_debt(self.app.session, self.doc_id)), self.after_action)

    async def after_action(self, saved: int | None) -> None:
        if saved is not None:  # saved: show the debt as it now stands
            await self.recompose()
            self.query_one("#other-body").focus()
