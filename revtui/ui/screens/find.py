"""Find: type a reference, name, address, postcode or UPRN; results update as you type."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from revcore.money import format_money
from revtui.services.search import MIN_LENGTH, Hit, find
from revtui.ui.widgets.header import OfficerBar

__all__ = ["FindScreen"]


class FindScreen(Screen):
    """The first screen: one search box and the accounts it matches."""

    HELP = """\
Find an account
Type any of: account reference (C0001234X), a name or the start of a
surname ("smi", "ann sm"), the start of an address ("12 High"), a
postcode ("DM1 4"), or a UPRN. Results update as you type.

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
        table = DataTable(id="results", cursor_type="row", zebra_stripes=False)
        table.add_column("Reference", width=10)
        table.add_column("Name", width=22)
        table.add_column("Address", width=24)
        table.add_column("Balance", width=11)
        yield table
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.search(event.value)

    def search(self, text: str) -> None:
        self.hits = find(self.app.session.records, text)
        table = self.query_one("#results", DataTable)
        table.clear()
        for hit in self.hits:
            where = f"{hit.address}, {hit.postcode}"
            name = hit.names if hit.current else f"({hit.names})"
            table.add_row(hit.reference, name, where, format_money(hit.balance), key=str(hit.doc_id))
        status = self.query_one("#find-status", Static)
        if len(" ".join(text.split())) < MIN_LENGTH:
            status.update(f"Type at least {MIN_LENGTH} characters.")
        elif not self.hits:
            status.update(f"Nothing matches {text!r}.")
        else:
            status.update(f"{len(self.hits)} account(s); names in brackets have moved out.")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.hits:
            self.app.open_account(self.hits[0].doc_id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.app.open_account(int(event.row_key.value))

    def action_results(self) -> None:
        if self.hits:
            self.query_one("#results", DataTable).focus()

    def action_clear(self) -> None:
        box = self.query_one("#query", Input)
        if not box.has_focus:
            box.focus()
        else:
            box.value = ""
