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
        right = Text(f"{s.officer} ({s.role}) · {s.today:%a %d %b %Y}")
        left = Text()
        if s.training:
            left.append(" TRAINING ", style="bold reverse")
            left.append(" ")
        left.append(f"{s.tariff.council.name} · {self.title}", style="bold")
        width = self.size.width
        left.truncate(max(width - right.cell_len - 1, 0), overflow="ellipsis")  # who and when always show
        # the gap takes the title's style, so the right part is a segment of its own: an SVG
        # snapshot places it by its column instead of after leading spaces a viewer may drop
        left.append(" " * (width - left.cell_len - right.cell_len), style="bold")
        return left + right
