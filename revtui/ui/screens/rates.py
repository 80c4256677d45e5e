"""A business rates account: the read-only view (:class:`~revtui.ui.screens.other.OtherAccountScreen`)
with the officer's actions on its keys, each a form, then the re-bill shown, then ``y`` to save."""

from __future__ import annotations

import textwrap

from textual.binding import Binding

from revtui.services.permissions import PermissionRefused
from revtui.services.rates_actions import open_rates_account
from revtui.ui.actions import check
from revtui.ui.rates_actions import RATES_ACTIONS
from revtui.ui.screens.other import OtherAccountScreen
from revtui.ui.widgets.keyline import KeyLine

__all__ = ["RatesAccountScreen"]


class RatesAccountScreen(OtherAccountScreen):
    HELP = "\n".join([
        "Business rates account",
        "What is charged and why, line by line with the rule behind each figure,",
        "the instalments, then the ledger: every entry and the balance by year.",
        "",
        "  up/down/pgup/pgdn  scroll          escape  back to Find",
        "",
        "Actions (each shows the re-bill and asks before saving):",
        *[f"  {spec.key}       {spec.name}\n" + textwrap.fill(spec.help, 70, initial_indent=" " * 10,
                                                              subsequent_indent=" " * 10)
          for spec in RATES_ACTIONS],
    ])

    BINDINGS = [
        Binding("escape", "back", "Find"),
        *[Binding(spec.key, f"act('{spec.key}')", spec.name, show=False, tooltip=spec.help) for spec in RATES_ACTIONS],
    ]

    def __init__(self, doc_id: int) -> None:
        super().__init__("business rates", doc_id)

    def keyline(self) -> KeyLine:
        return KeyLine(("esc", "Find"), ("r", "Relief"), ("s", "s.44A"), ("o", "Vacated"), ("c", "Ratepayer"))

    def action_act(self, key: str) -> None:
        from revtui.ui.screens.form import ActionForm

        spec = next(spec for spec in RATES_ACTIONS if spec.key == key)
        try:
            check(spec, self.app.session)
        except PermissionRefused as refused:
            self.notify(f"Not allowed: {refused}", severity="error", timeout=10)
            return
        self.app.push_screen(ActionForm(spec, open_rates_account(self.app.session, self.doc_id)), self.after_action)

    async def after_action(self, saved: int | None) -> None:
        if saved is not None:  # re-billed: show the account as it now stands
            await self.recompose()
            self.query_one("#other-body").focus()
