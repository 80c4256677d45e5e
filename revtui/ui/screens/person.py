"""The person behind an account: all their debts together, the accounts a matching rule proposes
as theirs (with the rule and the facts that matched, for the officer to confirm), linking by
hand, unlinking, and the all-debts statement written to print."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from refdata import DataError
from revtui.accounts import kind_of_reference
from revtui.services.attachments import attachments_text
from revtui.services.person_letters import letter_pdf, statement_letter, store_statement_letter
from revtui.services.changes import ActionError
from revtui.services.permissions import PermissionRefused, require
from revtui.services.persons import (OFFICER_RULE, Proposal, debts_of_account, link, person_of, proposals, rule_words,
                                     record_ni_number, unlink, write_statement)
from revtui.services.stores import ConflictError
from revtui.ui.widgets.header import OfficerBar
from revtui.ui.widgets.keyline import KeyLine

__all__ = ["PersonScreen"]


class PersonScreen(Screen):
    HELP = """\
The person behind this account: every debt of theirs the council holds
(council tax, business rates, sundry, HB overpayments) with balance and
arrears, and the accounts a matching rule proposes as the same person's.

  1-9     link proposal n to this person (the rule and what matched are shown)
  h       link another account by hand (its reference, then the reason)
  u       unlink this account from the person (asks why)
  i       record the person's National Insurance number
  a       one arrangement across the person's debts: the monthly amount is
          shared in proportion to what each account owes (shows the effect)
  o       one council tax attachment of earnings order over the person's
          liability orders on all their council tax accounts (at most two
          in force at once, reg 37(4)); previews each order's deduction
  d       one direct earnings attachment over the person's HB overpayments
          (after any council tax order at the same employer, SI 2013/384 reg 29)
  r       an employer's remittance for a pay day: shared between the orders
          in priority order, then the oldest debt first, posted to each account
  x       end (discharge) an attachment in force: its place in the list and why
  ctrl+s  write the all-debts statement (text to print, and CSV) beside the store
  l       issue the all-debts statement as a letter to the person (PDF beside
          the store; kept as issued, so it reprints by its number)
  g       go to one of the person's accounts: g, then its number in the list
  escape  back to the account
"""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("h", "by_hand", "Link by hand"),
        Binding("u", "unlink", "Unlink"),
        Binding("i", "ni_number", "NI number", show=False),
        Binding("a", "arrangement", "Arrangement across debts"),
        Binding("ctrl+s", "statement", "Statement"),
        Binding("l", "letter", "Statement letter"),
        Binding("g", "go", "Go to an account"),
        Binding("o", "aeo", "Attachment of earnings (council tax)"),
        Binding("d", "dea", "Direct earnings attachment (HB)"),
        Binding("r", "remittance", "Employer's remittance"),
        Binding("x", "end_attachment", "End an attachment", show=False),
        *[Binding(str(n), f"confirm({n})", f"Link proposal {n}", show=False) for n in range(1, 10)],
    ]

    def __init__(self, reference: str) -> None:
        super().__init__()
        self.reference = reference
        self.proposed: list[Proposal] = []
        self.message = ""
        self.going: tuple[str, ...] = ()
        """The person's accounts while the officer picks one to open (g, then its number)."""

    def compose(self) -> ComposeResult:
        yield OfficerBar(self.app.session, f"Person: {self.reference}")
        with VerticalScroll(id="person-body"):
            yield Static(id="person-text", markup=False)
        yield KeyLine(("esc", "Back"), ("g", "Go to"), ("1-9", "Link"), ("h", "Hand"), ("u", "Unlink"),
                      ("a", "Arrange"), ("o", "AEO"), ("d", "DEA"), ("r", "Remit"), ("l", "Letter"), ("^s", "Stmt"))

    def on_mount(self) -> None:
        self.show()
        self.query_one("#person-body").focus()

    def show(self) -> None:
        store, today = self.app.session.store, self.app.session.today
        width = max(self.app.size.width - 4, 60)
        debts = debts_of_account(store, self.reference, today)
        parts = [self.message] if self.message else []
        parts.append(debts.text(width=width, exclude=self.reference) if debts else
                     f"{self.reference} is not linked to a person yet.")
        try:
            self.proposed = proposals(store, self.reference)[:9]
        except DataError as problem:  # the council folder lacks its matching rules: say so, still show the debts
            self.proposed = []
            parts.append(f"No proposals: {problem}")
        else:
            parts.append(self._proposals_text(width))
        person = person_of(store, self.reference)
        if person is not None:
            parts.append(attachments_text(store, self.reference, width=width))
            rows = ["Links"] + [f"  {k.account} {k.linked_on.isoformat()} {k.linked_by}: {rule_words(k.rule)}"[:width]
                                for k in person.value.links]
            rows += [f"  {u.link.account} unlinked {u.unlinked_on.isoformat()} by {u.unlinked_by}: {u.reason}"[:width]
                     for u in person.value.unlinked]
            parts.append("\n".join(rows))
        self.query_one("#person-text", Static).update("\n\n".join(parts))

    def _proposals_text(self, width: int) -> str:
        if not self.proposed:
            return "No other account matches a rule."
        rows = ["Proposed as the same person (press the number to link):"]
        for n, p in enumerate(self.proposed, start=1):
            rows.append(f" {n} {p.kind} {p.account} {p.names}"[:width])
            rows.append(f"   rule {p.rule.name}: {p.why}"[:width])
            if p.person:
                rows.append(f"   (already {p.person}'s: linking merges the two)")
        return "\n".join(rows)

    def _act(self, what, *args, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        try:
            saved = what(self.app.session, *args, **kwargs)
            self.message = f"Saved: {saved.value.reference} now has {len(saved.value.links)} account(s)."
        except (ActionError, PermissionRefused) as problem:
            self.message = f"NOT DONE: {problem}"
        except ConflictError as conflict:
            self.message = f"NOT SAVED: someone else changed it meanwhile: {conflict}"
        self.show()

    def _allowed(self) -> bool:
        try:
            require(self.app.session, "account.change")
        except PermissionRefused as refused:
            self.message = f"NOT ALLOWED: {refused}"
            self.show()
            return False
        return True

    def action_confirm(self, n: int) -> None:
        if self.going:
            self._open(n)
            return
        if n > len(self.proposed) or not self._allowed():
            return
        chosen = self.proposed[n - 1]
        self._act(link, self.reference, chosen.account, chosen.rule.name)

    def action_arrangement(self) -> None:
        """One arrangement across the person's debts, through the form and its effect."""
        from revtui.services.persons import propose_person_arrangement
        from revtui.ui.actions import ActionSpec, Field

        reference = self.reference
        spec = ActionSpec(
            "a", "Arrangement across debts", "Monthly payments shared between the person's accounts owing money",
            (Field("amount", "Monthly amount (all)", "150.00"), Field("first", "First payment", "01/12/2026"),
             Field("note", "How it was agreed", "agreed by phone")),
            lambda s, f, v: propose_person_arrangement(s, reference, v["amount"], v["first"], v["note"]),
            permission="recovery.act")
        self._form(spec)

    def _form(self, spec) -> None:  # noqa: ANN001
        from revtui.ui.actions import check
        from revtui.ui.screens.form import ActionForm

        try:
            check(spec, self.app.session)
        except PermissionRefused as refused:
            self.app.notify(f"Not allowed: {refused}", severity="error", timeout=10)
            return
        self.app.push_screen(ActionForm(spec, None), lambda _saved: self.show())

    def _known(self, what: str) -> str:
        from revtui.services.attachments import known_employment
        found = known_employment(self.app.session.store, self.reference)
        return "" if found is None else {"employer": found.employer, "frequency": found.frequency[:1],
                                         "net": str(found.net_earnings)}[what]

    def _employment(self, frequencies: str) -> tuple:
        """Employer, pay frequency and net pay, filled from what is known of the person's employment."""
        from revtui.ui.actions import Field

        return (Field("employer", "Employer", "Brookfield Foods Ltd", default=lambda s, f: self._known("employer")),
                Field("frequency", f"Pay ({frequencies})", "m", default=lambda s, f: self._known("frequency")),
                Field("net", "Net earnings a pay day", "1500.00", default=lambda s, f: self._known("net")))

    def action_aeo(self) -> None:
        """One council tax attachment of earnings order over the person's liability orders."""
        from revtui.services.attachments import propose_person_aeo
        from revtui.ui.actions import ActionSpec, Field

        reference = self.reference
        self._form(ActionSpec(
            "o", "Attachment of earnings (council tax)",
            "One order to the employer over the person's liability orders on all their council tax accounts",
            (*self._employment("w/m/d"), Field("payroll", "Payroll number", "E1234")),
            lambda s, f, v: propose_person_aeo(s, reference, v), permission="recovery.act"))

    def action_dea(self) -> None:
        """One direct earnings attachment over the person's HB overpayments."""
        from revtui.services.attachments import propose_person_dea
        from revtui.ui.actions import ActionSpec, Field

        reference = self.reference
        employer, frequency, net = self._employment("w/m")
        self._form(ActionSpec(
            "d", "Direct earnings attachment (HB)",
            "One DEA to the employer over the person's recoverable HB overpayments (SI 2013/384 Part 6)",
            (employer, Field("address", "Employer's address", "Unit 4 Mill Lane, Brookfield, DM1 4XY"), frequency, net,
             Field("payroll", "Payroll number", "E1234"), Field("ni", "NI number", "AB123456C")),
            lambda s, f, v: propose_person_dea(s, reference, v), permission="account.change"))

    def action_remittance(self) -> None:
        """An employer's payment for the person for one pay day, shared between the orders."""
        from revtui.services.attachments import propose_remittance
        from revtui.ui.actions import ActionSpec, Field

        reference = self.reference
        self._form(ActionSpec(
            "r", "Employer's remittance",
            "One payment from the employer for a pay day: shared between the orders, posted to each account",
            (self._employment("")[0],
             Field("pay_day", "Pay day", "20/11/2026"), Field("net", "Net earnings that pay day", "1500.00"),
             Field("amount", "Amount sent", "391.95")),
            lambda s, f, v: propose_remittance(s, reference, v), permission="payment.post"))

    def action_end_attachment(self) -> None:
        """Discharge an attachment in force (the employer is then told to stop)."""
        from revtui.services.attachments import propose_end_attachment
        from revtui.ui.actions import ActionSpec, Field

        reference = self.reference
        self._form(ActionSpec(
            "x", "End an attachment of earnings", "Discharge an order in force: its place in the list, and why",
            (Field("which", "Order (place in the list)", "1"), Field("why", "Why it ends", "left the job")),
            lambda s, f, v: propose_end_attachment(s, reference, v["which"], v["why"]), permission="recovery.act"))

    def action_by_hand(self) -> None:
        if not self._allowed():
            return
        from revtui.ui.screens.prompt import Prompt

        def reason(other: str | None) -> None:
            if other:
                self.app.push_screen(Prompt(f"Why is {other.strip().upper()} the same person's as {self.reference}?"),
                                     lambda why: self._act(link, self.reference, other.strip().upper(), OFFICER_RULE,
                                                           reason=why) if why else None)

        self.app.push_screen(Prompt("Account to link to this person (reference):", "S00000019"), reason)

    def action_unlink(self) -> None:
        if not self._allowed():
            return
        from revtui.ui.screens.prompt import Prompt

        self.app.push_screen(Prompt(f"Why is {self.reference} not this person's?"),
                             lambda why: self._act(unlink, self.reference, why) if why else None)

    def action_ni_number(self) -> None:
        if not self._allowed():
            return
        from revtui.ui.screens.prompt import Prompt

        self.app.push_screen(Prompt("The person's National Insurance number:", "AB123456C"),
                             lambda ni: self._act(record_ni_number, self.reference, ni) if ni else None)

    def action_statement(self) -> None:
        folder = Path(self.app.session.store.path).parent / "statements"
        try:
            text, csv = write_statement(self.app.session, self.reference, folder)
        except (ActionError, PermissionRefused) as problem:
            self.notify(f"No statement: {problem}", severity="error", timeout=10)
            return
        self.notify(f"All-debts statement written: {text.name} and {csv.name} in {folder}", timeout=10)

    def action_go(self) -> None:
        person = person_of(self.app.session.store, self.reference)
        if person is None or not person.value.links:
            self.message = f"{self.reference} is not linked to a person: there is no other account to go to."
            self.show()
            return
        self.going = person.value.accounts[:9]
        self.message = "Open which account? Press its number (escape: none):\n" + "\n".join(
            f" {n} {kind_of_reference(account).name} {account}" for n, account in enumerate(self.going, start=1))
        self.show()

    def _open(self, n: int) -> None:
        going, self.going, self.message = self.going, (), ""
        self.show()
        if n > len(going):
            return
        if not self.app.open_reference(going[n - 1]):  # the app's: the account screens import this one
            self.notify(f"{going[n - 1]} is no longer in the store", severity="error")

    def action_letter(self) -> None:
        try:
            require(self.app.session, "notice.issue")
            notice = statement_letter(self.app.session, self.reference)
        except (ActionError, PermissionRefused) as problem:
            self.notify(f"No letter: {problem}", severity="error", timeout=10)
            return
        self.notify("Preparing the statement letter...", timeout=3)
        self.run_worker(partial(self._render_letter, notice), thread=True, group="person-letter")

    def _render_letter(self, notice) -> None:  # noqa: ANN001 - a PersonStatement
        """In a worker thread: the PDF takes a second or so; it reads no store."""
        pdf = letter_pdf(self.app.session, notice)
        self.app.call_from_thread(self._letter_rendered, notice, pdf)

    def _letter_rendered(self, notice, pdf: bytes) -> None:  # noqa: ANN001
        folder = Path(self.app.session.store.path).parent / "statements"
        try:
            number, path = store_statement_letter(self.app.session, notice, pdf, folder)
        except (ActionError, PermissionRefused) as problem:
            self.notify(f"No letter: {problem}", severity="error", timeout=10)
            return
        except ConflictError as conflict:
            self.notify(f"NOT SAVED: someone else changed it meanwhile: {conflict}", severity="error", timeout=10)
            return
        self.notify(f"Statement letter {number} issued: {path.name} in {folder}", timeout=10)

    def action_back(self) -> None:
        if self.going:  # escape while choosing an account: choose none
            self.going, self.message = (), ""
            self.show()
            return
        self.dismiss(None)  # the account view reloads: its list of the person's debts may have changed
