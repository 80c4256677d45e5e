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

from revtui.accounts import AccountText, describe
from revtui.services.access import record_view
from revtui.services.persons import debts_of_account
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
A business rates account's or a sundry debt's actions are on its own keys.
An HB overpayment: d deduct from ongoing HB, e direct earnings
attachment, i invoice the balance, w write off (each shows its effect).

  up/down/pgup/pgdn  scroll          escape  back to Find
  P  the person: all their debts, accounts a matching rule proposes as
     theirs, link/unlink, the all-debts statement
"""

    BINDINGS = [Binding("escape", "back", "Find"),
                Binding("P", "person", "Person's debts", show=False,
                        tooltip="All the debts of this account's person, and linking their other accounts")]

    def __init__(self, kind: str, doc_id: int) -> None:
        super().__init__()
        self.kind = kind
        self.doc_id = doc_id
        self.viewed = False

    def compose(self) -> ComposeResult:
        shown = describe(self.app.session.store, self.kind, self.doc_id, self.app.session.today)
        if not self.viewed:  # once, not again when shown afresh after a change
            record_view(self.app.session, self.kind, shown.reference)
            self.viewed = True
        self.reference = shown.reference
        self.hb_routes = self.kind == "HB overpayment" and shown.ledger is not None
        yield OfficerBar(self.app.session, shown.title)
        with VerticalScroll(id="other-body"):
            yield Static(self.text(shown), id="other-text", markup=False)
        yield self.keyline()

    def keyline(self) -> KeyLine:
        hb = (("d", "Deduct"), ("e", "DEA"), ("i", "Invoice"), ("w", "Write off")) if self.hb_routes else ()
        return KeyLine(("esc", "Find"), ("↑↓", "Scroll"), *hb, ("P", "Person"))

    def text(self, shown: AccountText) -> str:
        # the person's debts first when the account is linked: what an officer taking a call needs
        debts = debts_of_account(self.app.session.store, shown.reference, self.app.session.today)
        parts = [*shown.parts[:1], *([debts.text(exclude=shown.reference)] if debts else []), *shown.parts[1:],
                 *(("Ledger\n" + ledger_rows(shown.ledger),) if shown.ledger else ())]
        return fit("\n\n".join(parts), max(self.app.size.width - 3, 60))

    def on_mount(self) -> None:
        self.query_one("#other-body").focus()

    def on_screen_resume(self) -> None:
        self.query_one("#other-body").focus()

    def action_person(self) -> None:
        from revtui.ui.screens.person import PersonScreen

        self.app.push_screen(PersonScreen(self.reference), lambda _: self.refresh_text())

    def refresh_text(self) -> None:
        shown = describe(self.app.session.store, self.kind, self.doc_id, self.app.session.today)
        self.query_one("#other-text", Static).update(self.text(shown))

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
