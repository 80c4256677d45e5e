"""The top line of every screen: TRAINING, the council and view, who is signed in, their role, today."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from revtui.services.session import Session

__all__ = ["OfficerBar"]


class OfficerBar(Widget):
    """One line, docked at the top; the training banner is reverse video so it shows in monochrome."""

    DEFAULT_CSS = "OfficerBar { height: 1; }"

    def __init__(self, session: Session, title: str) -> None:
        super().__init__(id="officer-bar")
        self.session = session
        self.title = title

    def render(self) -> Text:
        s = self.session
        text = Text()
        if s.training:
            text.append(" TRAINING ", style="bold reverse")
            text.append(" ")
        text.append(f"{s.tariff.council.name} · {self.title}", style="bold")
        right = f"{s.officer} ({s.role}) · {s.today:%a %d %b %Y}"
        text.append(" " * max(1, self.size.width - len(text) - len(right)))
        text.append(right)
        return text
