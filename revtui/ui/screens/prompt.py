"""A one-line question (an account reference to place a suspense payment to), and the one way a
screen asks a line and saves it (:func:`ask_and_save`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

__all__ = ["Prompt", "ask_and_save"]


class Prompt(ModalScreen[str | None]):
    HELP = "Type the answer and press enter; escape cancels.\n"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, placeholder: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield Input(placeholder=self.placeholder, id="prompt")
            yield Static("enter: go   esc: cancel", classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#prompt", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


def ask_and_save(screen: Any, question: str, permission: str, act: Callable[[str], str], placeholder: str = "") -> None:
    """Ask ``question``; with an answer, check ``permission`` again (roles can change while the
    prompt is open) and run ``act(answer)``. Its words, or why nothing was saved, become
    ``screen.message``, and the screen loads again (``screen.load()``)."""
    from revtui.services.changes import ActionError
    from revtui.services.permissions import PermissionRefused, require
    from revtui.services.stores import ConflictError

    def done(answer: str | None) -> None:
        if not answer:
            return
        try:
            require(screen.app.session, permission)
            screen.message = act(answer)
        except PermissionRefused as refused:
            screen.message = f"NOT ALLOWED: {refused}"
        except ActionError as problem:
            screen.message = f"NOT DONE: {problem}"
        except ConflictError as conflict:
            screen.message = f"NOT SAVED: someone else changed it meanwhile: {conflict}"
        screen.load()

    screen.app.push_screen(Prompt(question, placeholder), done)
