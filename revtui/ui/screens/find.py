"""Find: type a reference, name, address, postcode or UPRN; results update as you type."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, Static

from revtui.services.persons import person_record
from revtui.services.search import MIN_LENGTH, PERSON, Hit, find
from revtui.ui.screens.opening import open_hit
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
by reference or name after the council tax accounts. A person linked
across accounts is found by their reference (DBT0000007) or National
Insurance number; enter shows all their debts.

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
        elif self.hits[0].kind == PERSON:  # persons are listed on their own (a DBT reference or NI number)
            status.update(f"{len(self.hits)} person(s): enter shows all their debts.")
        else:
            status.update(f"{len(self.hits)} account(s); names in brackets have moved out.")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.hits:
            self.choose(self.hits[0])

    def on_results_chosen(self, event: Results.Chosen) -> None:
        self.choose(event.hit)

    def choose(self, hit: Hit) -> None:
        if hit.kind == PERSON:
            self.open_person(hit)
            return
        open_hit(self.app, hit)

    def open_person(self, hit: Hit) -> None:
        from revtui.ui.screens.person import PersonScreen

        person = person_record(self.app.session.store, hit.doc_id)
        if not person.links:
            self.notify(f"{person.reference} has no accounts linked now: nothing to show", severity="warning")
            return
        self.app.push_screen(PersonScreen(person.links[0].account))  # the person screen works from an account of theirs

    def action_results(self) -> None:
        if self.hits:
            self.query_one("#results", Results).focus()

    def action_clear(self) -> None:
        box = self.query_one("#query", Input)
        if not box.has_focus:
            box.focus()
        else:
            box.value = ""
