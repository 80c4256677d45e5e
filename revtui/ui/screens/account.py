"""The account view: who is liable and when, the property, charges, instalments, ledger,
balance and arrears, notes, notices and the audit trail; the actions on the account by key.

One screen, built once and reused for every account (installed in the app): opening an account
reads it and updates a few text widgets, so it stays well under the 200 ms an officer notices.
"""

from __future__ import annotations

import textwrap

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from revtui.services.access import record_view
from revtui.services.account_file import AccountFile, open_account
from revtui.services.persons import debts_of_account
from revtui.ui.actions import ACCOUNT_ACTIONS
from revtui.ui.widgets import sections
from revtui.ui.widgets.contact import contact_text
from revtui.ui.widgets.header import OfficerBar
from revtui.ui.widgets.keyline import KeyLine

__all__ = ["AccountScreen", "SECTIONS"]

SECTIONS = ("Summary", "Charges", "Instalments", "Ledger", "Notes", "Notices", "Audit")
"""5 Notes also shows the account's cases (returned mail, referrals)."""


class Section(VerticalScroll, can_focus=True):
    """A scrollable page of text (up/down/page keys scroll it)."""


class AccountScreen(Screen):
    HELP = "Account view\n" + "\n".join(
        [
            "  1-7     show a section:",
            "          1 summary: who is liable when, balance and arrears by year,",
            "            recovery stage and holds, the property and its band history",
            "          2 charges and their explanation  3 instalments  4 ledger",
            "          5 cases (returned mail, referrals) and notes",
            "          6 notices issued  7 audit trail",
            "  tab     next section       up/down/pgup  scroll the section",
            "  escape  back to Find       ctrl+r        reload from the store",
            "  ctrl+o  write the account's notices as PDFs (latest bill, each issued",
            "          notice exactly as issued) and show where they are",
            "  N       reprint a notice issued (6) exactly as issued, to a PDF",
            "          beside the store (its stored hash checked first)",
            "  P       the person: all their debts (every kind of account), the",
            "          accounts a matching rule proposes as theirs, link/unlink,",
            "          the all-debts statement",
            "",
            "Actions (each shows its effect and asks before saving):",
        ]
        + [f"  {spec.key}       {spec.name}\n" + textwrap.fill(spec.help, 70, initial_indent=" " * 10,
                                                              subsequent_indent=" " * 10)
           for spec in ACCOUNT_ACTIONS]
    )

    BINDINGS = [
        Binding("escape", "back", "Find", tooltip="Back to the search box"),
        Binding("ctrl+r", "reload", "Reload", show=False, tooltip="Read the account again from the store"),
        Binding("ctrl+o", "pdfs", "Notices as PDF", show=False,
                tooltip="Write the account's notices as PDFs beside the store and show where"),
        Binding("N", "reprint", "Reprint notice", show=False,
                tooltip="Choose an issued notice and write it, exactly as issued, as a PDF beside the store"),
        Binding("tab", "next_section", "Next section", show=False),
        Binding("P", "person", "Person's debts", show=False,
                tooltip="All the debts of this account's person, and linking their other accounts"),
        *[Binding(str(n), f"section({n - 1})", f"Show {name.lower()}", show=False)
          for n, name in enumerate(SECTIONS, start=1)],
        *[Binding(spec.key, f"act('{spec.key}')", spec.name, show=spec.key in "opn", tooltip=spec.help)
          for spec in ACCOUNT_ACTIONS],
    ]

    def __init__(self) -> None:
        super().__init__(id="account")
        self.doc_id: int | None = None
        self.file: AccountFile | None = None
        self.current = 0

    def compose(self) -> ComposeResult:
        yield OfficerBar(self.app.session, "Account")
        yield Static(id="account-heading")
        yield Static(id="section-bar")
        with Section(id="section"):
            yield Static(id="section-text")
        yield KeyLine(("esc", "Find"), ("1-7", "Section"), ("o", "Move out"), ("p", "Pay"), ("n", "Note"))

    def load(self, doc_id: int) -> None:
        """Show this account from its first section (raises NotFoundError if it is not there)."""
        self.file = open_account(self.app.session, doc_id)
        if doc_id != self.doc_id:  # opened, not reloaded after a change
            record_view(self.app.session, "council tax", self.file.account.value.reference)
        self.doc_id = doc_id
        self.current = 0
        if self.is_mounted:
            self.show()

    def on_mount(self) -> None:
        self.show()

    def on_screen_resume(self) -> None:
        self.query_one("#section").focus()

    def section_text(self, index: int) -> str:
        f = self.file
        today = self.app.session.today
        if index == 0:
            debts = debts_of_account(self.app.session.store, f.account.value.reference, today)
            return "\n\n".join([sections.timeline_text(f, today), sections.balance_text(f),
                                *([debts.text(exclude=f.account.value.reference)] if debts else []),
                                sections.recovery_text(f, today), sections.property_text(f), contact_text(f)])
        if index == 5:
            from revtui.services.officer_letters import issued_on_account

            stored = {n.number for n in issued_on_account(self.app.session, f.account.value.reference)}
            return sections.notices_text(f, stored)
        return (sections.charges_text, lambda f: sections.instalments_text(f, today), sections.ledger_text,
                sections.notes_text, sections.notices_text, sections.audit_text)[index - 1](f)

    def show(self) -> None:
        if self.file is None:
            return
        self.query_one("#account-heading", Static).update(sections.heading_text(self.file))
        bar = Text()
        for n, name in enumerate(SECTIONS):
            bar.append(f" {n + 1} {name} ", style="bold reverse" if n == self.current else "")
        self.query_one("#section-bar", Static).update(bar)
        self.query_one("#section-text", Static).update(self.section_text(self.current))
        section = self.query_one("#section", Section)
        section.scroll_home(animate=False)
        section.focus()

    def reload(self) -> None:
        assert self.doc_id is not None
        current = self.current
        self.load(self.doc_id)
        self.current = current
        self.show()

    def action_reload(self) -> None:
        self.reload()
        self.notify("Reloaded from the store.")

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_pdfs(self) -> None:
        from pathlib import Path

        from revtui.services.notices import NoticeError, account_pdfs

        reference = self.file.account.value.reference
        out_dir = Path(self.app.session.store.path).parent / "previews" / reference
        try:
            written = account_pdfs(self.app.session, reference, out_dir)
        except NoticeError as problem:
            self.notify(f"No PDF: {problem}", severity="error")
            return
        self.notify(f"{len(written)} PDF(s) in {out_dir}" if written else "No notices to print yet.", timeout=10)

    def action_reprint(self) -> None:
        from revtui.services.officer_letters import issued_on_account
        from revtui.ui.screens.reprint import ReprintPicker

        reference = self.file.account.value.reference
        issued = issued_on_account(self.app.session, reference)
        if not issued:
            self.notify("No notice of this account is stored as issued yet.", severity="warning")
            return
        self.app.push_screen(ReprintPicker(reference, issued), self.reprint_chosen)

    def reprint_chosen(self, number: str | None) -> None:
        from pathlib import Path

        from revtui.services.notices import NoticeError
        from revtui.services.officer_letters import reprint_to_file

        if number is None:
            return
        reference = self.file.account.value.reference
        out_dir = Path(self.app.session.store.path).parent / "previews" / reference
        try:
            path = reprint_to_file(self.app.session, number, out_dir)
        except NoticeError as problem:
            self.notify(f"Not reprinted: {problem}", severity="error", timeout=10)
            return
        self.notify(f"Notice {number} reprinted as issued: {path}", timeout=10)

    def action_person(self) -> None:
        from revtui.ui.screens.person import PersonScreen

        self.app.push_screen(PersonScreen(self.file.account.value.reference), lambda _: self.reload())

    def action_section(self, index: int) -> None:
        self.current = index
        self.show()

    def action_next_section(self) -> None:
        self.action_section((self.current + 1) % len(SECTIONS))

    def action_act(self, key: str) -> None:
        from revtui.services.permissions import PermissionRefused
        from revtui.ui.actions import check
        from revtui.ui.screens.form import ActionForm

        spec = next(spec for spec in ACCOUNT_ACTIONS if spec.key == key)
        try:
            check(spec, self.app.session)
        except PermissionRefused as refused:
            self.notify(f"Not allowed: {refused}", severity="error", timeout=10)
            return
        self.app.push_screen(ActionForm(spec, self.file), self.after_action)

    def after_action(self, saved_doc_id: int | None) -> None:
        if not saved_doc_id:
            return
        if saved_doc_id != self.doc_id:  # a new account (move in): show it
            self.load(saved_doc_id)
            return
        bills = len(self.file.account.value.bills)
        self.reload()
        if len(self.file.account.value.bills) != bills:
            self.action_section(1)  # rebilled: the charges, with the adjustment
