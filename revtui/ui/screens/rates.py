"""A business rates account: the read-only view (:class:`~revtui.ui.screens.other.OtherAccountScreen`)
with the officer's actions on its keys, each a form, then the re-bill shown, then ``y`` to save."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import textwrap

import attrs
from textual.binding import Binding

from revtui.services import cash_actions
from revtui.services.changes import Proposal
from revtui.services.permissions import PermissionRefused
from revtui.services.rates_actions import open_rates_account
from revtui.services.session import Session
from revtui.ui.actions import ActionSpec, Field, Values, check
from revtui.ui.rates_actions import RATES_ACTIONS
from revtui.ui.screens.other import OtherAccountScreen
from revtui.ui.widgets.keyline import KeyLine

__all__ = ["RatesAccountScreen"]


def _direct_debit(make: Callable[[Session, Any, Values], Proposal]) -> Callable[[Session, Any, Values], Proposal]:
    # council tax's Direct Debit proposals, on the rates account; the service saves it (``apply``)
    def propose(session: Session, file: Any, values: Values) -> Proposal:
        return attrs.evolve(make(session, file.account.value, values), account=None)

    return propose


_DIRECT_DEBIT = (
    ActionSpec("D", "Set up Direct Debit", "A Direct Debit instruction from the ratepayer: it collects each bill's "
               "instalments from the first day the advance notice allows (shift+d)",
               (Field("sort_code", "Sort code", "12-34-56"), Field("account_number", "Account number", "12345678"),
                Field("name", "Account holder", "A SMITH LTD", lambda s, f: f.account.value.names.upper())),
               _direct_debit(lambda s, a, v: cash_actions.propose_direct_debit(
                   s, a, v["sort_code"], v["account_number"], v["name"])),
               opens_account=True, permission="direct_debit.manage"),
    ActionSpec("C", "Cancel Direct Debit", "Cancel the mandate (an AUDDIS 0C goes to the bank) (shift+c)",
               (Field("reason", "Reason (for the audit)", "ratepayer's request"),),
               _direct_debit(lambda s, a, v: cash_actions.propose_cancel_direct_debit(s, a, v["reason"])),
               opens_account=True, permission="direct_debit.manage"),
)
_ACTIONS = (*RATES_ACTIONS, *_DIRECT_DEBIT)


class RatesAccountScreen(OtherAccountScreen):
    HELP = "\n".join([
        "Business rates account",
        "What is charged and why, line by line with the rule behind each figure,",
        "the instalments, then the ledger: every entry and the balance by year.",
        "",
        "  up/down/pgup/pgdn  scroll          escape  back to Find",
        "",
        "Actions (each shows what it does and asks before saving):",
        *[f"  {spec.key}       {spec.name}\n" + textwrap.fill(spec.help, 70, initial_indent=" " * 10,
                                                              subsequent_indent=" " * 10)
          for spec in _ACTIONS],
    ])

    BINDINGS = [
        Binding("escape", "back", "Find"),
        *[Binding(spec.key, f"act('{spec.key}')", spec.name, show=False, tooltip=spec.help) for spec in _ACTIONS],
    ]

    def __init__(self, doc_id: int) -> None:
        super().__init__("business rates", doc_id)

    def keyline(self) -> KeyLine:
        return KeyLine(("esc", "Find"), ("r", "Relief"), ("s", "s.44A"), ("o", "Vacated"), ("c", "Ratepayer"))

    def action_act(self, key: str) -> None:
        from revtui.ui.screens.form import ActionForm

        spec = next(spec for spec in _ACTIONS if spec.key == key)
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
