"""Find's results: one line per account, a cursor moved with up/down, enter opens.

Drawn as a single block of text (not a DataTable of cells), so refilling it on every keystroke
costs a few milliseconds even when the terminal redraws it all.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from revcore.money import format_money
from revtui.services.search import PERSON, Hit

__all__ = ["Results"]


def _cell(text: str, width: int) -> str:
    return (text if len(text) <= width else text[: width - 1] + "…").ljust(width)


class Results(Widget, can_focus=True):
    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "move(-10)", show=False),
        Binding("pagedown", "move(10)", show=False),
        Binding("enter", "open", "Open", show=False),
    ]
    cursor: reactive[int] = reactive(0)

    class Chosen(Message):
        def __init__(self, hit: Hit) -> None:
            super().__init__()
            self.hit = hit

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.hits: list[Hit] = []

    def show(self, hits: list[Hit]) -> None:
        self.hits = hits
        self.cursor = 0
        self.refresh()

    def action_move(self, step: int) -> None:
        if self.hits:
            self.cursor = max(0, min(len(self.hits) - 1, self.cursor + step))

    def action_open(self) -> None:
        if self.hits:
            self.post_message(self.Chosen(self.hits[self.cursor]))

    def render(self) -> Text:
        width = max(self.size.width, 40)
        name_w = 22 if width < 100 else 30
        address_w = width - 10 - name_w - 12 - 3
        text = Text(no_wrap=True)
        text.append(f"{'Reference':<10}{_cell('Name', name_w)} {_cell('Address', address_w)} {'Balance':>12}\n",
                    style="bold underline")
        for n, hit in enumerate(self.hits):
            name = hit.names if hit.current or hit.doc_id is None else f"({hit.names})"
            row = (f"{hit.reference:<10}{_cell(name, name_w)} {_cell(', '.join(part for part in (hit.address, hit.postcode) if part), address_w)} "
                   f"{'' if hit.kind == PERSON else format_money(hit.balance):>12}")  # a person's total is on their screen
            selected = n == self.cursor and self.has_focus
            text.append(row, style="reverse" if selected else "")
            text.append("\n")
        return text

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
