"""A business rates account, sundry debt or HB overpayment, read-only: the charge explained line
by line with its rules, the instalments, and the ledger (:mod:`revtui.accounts`)."""

from __future__ import annotations

import re
import textwrap

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from revtui.accounts import describe
from revtui.services.access import record_view
from revtui.ui.widgets.header import OfficerBar
from revtui.ui.widgets.keyline import KeyLine
from revtui.ui.widgets.sections import ledger_rows

__all__ = ["OtherAccountScreen", "fit"]

_AMOUNT_AT_END = re.compile(r"^(?P<text>.*?\S)\s+(?P<amount>-?£[\d,]+\.\d\d)$")


def fit(text: str, width: int) -> str:
    """Explanations are laid out for 80 columns and more: a longer line keeps its amount at the
    right edge (the words before it cut short), any other long line wraps under its indent."""
    rows = []
    for line in text.splitlines():
        if len(line) <= width:
            rows.append(line)
            continue
        found = _AMOUNT_AT_END.match(line)
        if found:
            room = width - len(found["amount"]) - 1
            words = found["text"] if len(found["text"]) <= room else found["text"][: room - 1] + "…"
            rows.append(f"{words:<{room}} {found['amount']}")
        else:
            indent = " " * (len(line) - len(line.lstrip()))
            rows += textwrap.wrap(line, width, initial_indent="", subsequent_indent=indent + "  ") or [""]
    return "\n".join(rows)


class OtherAccountScreen(Screen):
    HELP = """\
Business rates account, sundry debt or HB overpayment (read-only)
What is charged and why, line by line with the rule behind each figure,
the instalments, then the ledger: every entry and the balance by year.
Changes to business rates and sundry accounts are not made here yet.
An HB overpayment: d deduct from ongoing HB, e direct earnings
attachment, i invoice the balance, w write off (each shows its effect).

  up/down/pgup/pgdn  scroll          escape  back to Find
"""

    BINDINGS = [Binding("escape", "back", "Find")]

    def __init__(self, kind: str, doc_id: int) -> None:
        super().__init__()
        self.kind = kind
        self.doc_id = doc_id

    def compose(self) -> ComposeResult:
        shown = describe(self.app.session.store, self.kind, self.doc_id, self.app.session.today)
        self.reference = shown.reference
        record_view(self.app.session, self.kind, shown.reference)
        parts = [*shown.parts, *(("Ledger\n" + ledger_rows(shown.ledger),) if shown.ledger else ())]
        text = fit("\n\n".join(parts), max(self.app.size.width - 3, 60))
        yield OfficerBar(self.app.session, shown.title)
        with VerticalScroll(id="other-body"):
            yield Static(text, id="other-text", markup=False)
        hb = (("d", "Deduct"), ("e", "DEA"), ("i", "Invoice"), ("w", "Write off")) \
            if self.kind == "HB overpayment" and shown.ledger is not None else ()
        yield KeyLine(("esc", "Find"), ("↑↓", "Scroll"), *hb)

    def on_mount(self) -> None:
        self.query_one("#other-body").focus()

    def on_key(self, event) -> None:
        """An HB overpayment's actions (:mod:`revtui.ui.hb_actions`): d, e, i, w open their forms."""
        if self.kind != "HB overpayment" or event.key not in "deiw" or len(event.key) != 1:
            return
        from revtui.services.permissions import PermissionRefused
        from revtui.ui.actions import check
        from revtui.ui.hb_actions import hb_actions
        from revtui.ui.screens.form import ActionForm

        spec = next(spec for spec in hb_actions(self.reference) if spec.key == event.key)
        event.stop()
        try:
            check(spec, self.app.session)
        except PermissionRefused as refused:
            self.app.notify(f"Not allowed: {refused}", severity="error", timeout=10)
            return
        self.app.push_screen(ActionForm(spec, None), lambda saved: self.refresh(recompose=True) if saved is not None else None)

    def action_back(self) -> None:
        self.app.pop_screen()
