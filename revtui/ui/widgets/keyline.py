"""The bottom line of a screen: its main keys. A plain line of text rather than Textual's Footer,
which rebuilds a widget per key on every screen change (too slow for opening an account)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

__all__ = ["KeyLine"]


class KeyLine(Static):
    DEFAULT_CSS = "KeyLine { dock: bottom; height: 1; background: $panel; }"

    def __init__(self, *keys: tuple[str, str]) -> None:
        text = Text()
        for key, label in (*keys, ("f1", "Help"), ("^p", "Actions"), ("^q", "Quit")):
            text.append(f" {key}", style="bold reverse")
            text.append(f" {label} ")
        super().__init__(text, classes="keyline")
