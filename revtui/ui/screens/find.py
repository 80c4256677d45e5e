"""Find: type a reference, name, address, postcode or UPRN; results update as you type."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, Static

from revtui.services.search import MIN_LENGTH, Hit, find
from revtui.ui.widgets.header import OfficerBar
from revtui.ui.widgets.keyline import KeyLine
from revtui.ui.widgets.results import Results

__all__ = ["FindScreen"]


class FindScreen(Screen):
    """The first screen: one search box and the accounts it matches."""

    HELP = """\
Find an account
Type any of: account reference (C0001234X), a name or the start of a
surname ("smi", "ann sm"), the start of an address ("12 High"), a
postcode ("DM1 4"), or a UPRN. Results update as you type. Business
rates (N...), sundry debts (S...) and HB overpayments (H...) are found
by reference or name after the council tax accounts.

  down / tab    move into the results
  enter         open the highlighted account (from the box: the first)
  escape        back to the search box, or clear it
"""

    BINDINGS = [
        Binding("escape", "clear", "Clear"),
        Binding("down", "results", "Results", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[Hit] = []

    def compose(self) -> ComposeResult:
        yield OfficerBar(self.app.session, "Find")
        yield Input(placeholder="Reference, name, address, postcode or UPRN", id="query")
        yield Static(f"Type at least {MIN_LENGTH} characters.", id="find-status")
        yield Results(id="results")
        yield KeyLine(("enter", "Open"), ("down", "Results"), ("esc", "Clear"))

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.search(event.value)

    def search(self, text: str) -> None:
        self.hits = find(self.app.session.records, text)
        self.query_one("#results", Results).show(self.hits)
        status = self.query_one("#find-status", Static)
        if len(" ".join(text.split())) < MIN_LENGTH:
            status.update(f"Type at least {MIN_LENGTH} characters.")
        elif not self.hits:
            status.update(f"Nothing matches {text!r}.")
        else:
            status.update(f"{len(self.hits)} account(s); names in brackets have moved out.")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.hits:
            self.choose(self.hits[0])

    def on_results_chosen(self, event: Results.Chosen) -> None:
        self.choose(event.hit)

    def choose(self, hit: Hit) -> None:
        if hit.kind == "business rates":
            from revtui.ui.screens.rates import RatesAccountScreen

            self.app.push_screen(RatesAccountScreen(hit.doc_id))
            return
        if hit.kind == "sundry debt":
            from revtui.ui.screens.sundry import SundryAccountScreen

            self.app.push_screen(SundryAccountScreen(hit.doc_id))
            return
        if hit.kind != "council tax":
            from revtui.ui.screens.other import OtherAccountScreen

            self.app.push_screen(OtherAccountScreen(hit.kind, hit.doc_id))
            return
        if hit.doc_id is not None:
            self.app.open_account(hit.doc_id)
            return
        # a dwelling nobody is liable for yet: the only thing to do is a move in
        from revtui.ui.actions import move_in_at
        from revtui.ui.screens.form import ActionForm

        prop = self.app.session.records.properties.find_one("reference", hit.property_reference).value
        self.app.push_screen(ActionForm(move_in_at(prop), None),
                             lambda saved: self.app.open_account(saved) if saved else None)

    def action_results(self) -> None:
        if self.hits:
            self.query_one("#results", Results).focus()

    def action_clear(self) -> None:
        box = self.query_one("#query", Input)
        if not box.has_focus:
            box.focus()
        else:
            box.value = ""
