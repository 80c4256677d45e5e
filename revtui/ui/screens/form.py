"""An action's form, then its confirmation: the effect is shown in full before anything is saved.

The form checks what was typed through the action's service (an :class:`ActionError` names the
field); the confirmation shows the proposal's effect and saves it on ``y``. If another officer
changed the account meanwhile the store refuses (:class:`ConflictError`): nothing is saved, the
officer is told who changed it, when and why, and is taken back to the form with what they typed,
now working on the account as it is (showing the effect again proposes it afresh).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from revtui.services.account_file import AccountFile, open_account
from revtui.services.changes import ActionError, Proposal, commit
from revtui.services.stores import ConflictError, DocumentError
from revtui.ui.actions import ActionSpec, Choice, check, propose

__all__ = ["ActionForm", "ConfirmChange", "conflict_words"]

CONFLICT = -1
"""What the confirmation gives back when the store refused the save (someone else changed it)."""


def conflict_words(conflict: ConflictError) -> str:
    """Who changed the account, when and why, in an officer's words (not the store's identifiers)."""
    when = f" at {conflict.changed_at:%H:%M on %d %b %Y}" if conflict.changed_at else ""
    why = f" ({conflict.reason})" if conflict.reason else ""
    what = "removed" if conflict.current_version is None else "changed"
    return f"{conflict.changed_by} {what} this account{when}{why} while you were working on it"


class ActionForm(ModalScreen[int | None]):
    """The fields of one action; enter moves to the next field, and on the last one previews."""

    HELP = """\
An action's form
  tab / enter      next field (enter on the last field shows the effect)
  shift+tab        previous field
  ctrl+s           show the effect now
  escape           cancel: nothing is saved
Nothing is saved until you confirm on the next screen.
"""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "preview", "Show effect"),
    ]

    def __init__(self, spec: ActionSpec, file: AccountFile | None) -> None:
        super().__init__()
        self.spec = spec
        self.file = file
        self.choices: dict[str, dict[str, Choice]] = {}
        """Per field with choices, each by the key the officer types."""
        self.conflict = ""
        """Who changed the account under the last save, in words."""

    def compose(self) -> ComposeResult:
        session = self.app.session
        heading = getattr(self.file, "heading", None)  # an account of another kind names itself
        on = f": {heading or f'{self.file.account.value.reference} {self.file.account.value.names}'}" if self.file else ""
        values = {field.name: field.default(session, self.file) if field.default else "" for field in self.spec.fields}
        for field in self.spec.fields:
            if field.choices:
                self.choices[field.name] = {choice.key: choice for choice in field.choices(session, self.file)}
                first = next(iter(self.choices[field.name].values()), None)
                if first is not None:
                    values |= {field.name: first.key, **first.fills}
        with Vertical(id="form", classes="dialog compact" if self.spec.compact else "dialog"):
            yield Static(f"{self.spec.name}{on}", classes="dialog-title")
            yield Static(self.spec.help, classes="dialog-help")
            for field in self.spec.fields:
                with Horizontal(classes="field"):
                    yield Label(field.label)
                    yield Input(value=values[field.name], placeholder=f"e.g. {field.placeholder}",
                                id=f"field-{field.name}")
                if field.name in self.choices:
                    yield Static(self.listing(field.name), classes="field-choices")
                elif field.listing is not None:
                    yield Static(field.listing(session, self.file), classes="field-choices")
            yield Static("", id="form-error")
            yield Static("enter: next / show effect   esc: cancel", classes="dialog-keys")

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    SHOWN = 5
    """Choices listed at most, so the form still fits 24 lines (the account summary lists them all)."""

    def listing(self, name: str) -> str:
        rows = [f"{key} {choice.text}" for key, choice in self.choices[name].items()]
        more = len(rows) - self.SHOWN
        return "\n".join(rows[: self.SHOWN] + ([f"... and {more} more"] if more > 0 else [])) or "(none waiting)"

    def values(self) -> dict[str, str]:
        return {field.name: self.query_one(f"#field-{field.name}", Input).value for field in self.spec.fields}

    def on_input_changed(self, event: Input.Changed) -> None:
        """A choice typed in its field fills the fields it gives (they stay editable)."""
        name = (event.input.id or "").removeprefix("field-")
        choice = self.choices.get(name, {}).get(event.value.strip())
        for other, value in (choice.fills if choice else {}).items():
            self.query_one(f"#field-{other}", Input).value = value

    def on_input_submitted(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        if event.input is inputs[-1]:
            self.action_preview()
        else:
            self.focus_next()

    def action_preview(self) -> None:
        error = self.query_one("#form-error", Static)
        try:
            proposal = propose(self.spec, self.app.session, self.file, self.values())
        except ActionError as problem:
            error.update(f"Cannot do that: {problem}")
            return
        error.update("")
        self.app.push_screen(ConfirmChange(self.spec, self.file, proposal), self.after_confirm)

    def after_confirm(self, saved: int | None) -> None:
        if saved == CONFLICT:  # the account changed under us: keep what was typed, work on it as it is now
            if self.file is not None:  # a rates account's file reads itself again
                reopen = getattr(self.file, "reopen", None)
                self.file = reopen(self.app.session) if reopen else open_account(self.app.session,
                                                                                 self.file.account.doc_id)
            self.query_one("#form-error", Static).update(
                f"NOT SAVED: {self.conflict}. What you typed is kept; check it against the account as it is now "
                "and show the effect again.")
            return
        if saved is not None:
            self.dismiss(saved)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmChange(ModalScreen[int | None]):
    """The effect of the change; ``y`` saves it (with its audit reason), escape goes back.

    Dismissed with the saved account's id, 0 when saved without an account, None when not saved.
    """

    HELP = """\
Confirm a change
  y / ctrl+s       save the change (recorded in the audit trail)
  escape / n       back to the form: nothing is saved
  up/down/pgup     scroll the effect
"""

    BINDINGS = [
        Binding("y", "save", "Save"),
        Binding("ctrl+s", "save", "Save", show=False),
        Binding("escape", "back", "Back"),
        Binding("n", "back", "Back", show=False),
    ]

    def __init__(self, spec: ActionSpec, file: AccountFile | None, proposal: Proposal) -> None:
        super().__init__()
        self.spec = spec
        self.file = file
        self.proposal = proposal

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm", classes="dialog"):
            yield Static(f"{self.proposal.title}: the effect", classes="dialog-title")
            with VerticalScroll(id="effect"):
                yield Static(self.proposal.effect, id="effect-text")
            yield Static(f"Audit reason: {self.proposal.reason}", id="confirm-reason")
            yield Static("", id="confirm-error")
            yield Static("y: save   esc: back (nothing saved)", classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#effect").focus()

    def action_save(self) -> None:
        session = self.app.session
        stored = None if self.spec.opens_account or self.file is None else self.file.account
        try:
            check(self.spec, session)  # the roles are checked again where the change is saved
            saved = commit(session, stored, self.proposal, self.file.prop if self.file else None)
        except ConflictError as conflict:
            form = next((s for s in self.app.screen_stack if isinstance(s, ActionForm)), None)
            if form is None:
                self.query_one("#confirm-error", Static).update(f"NOT SAVED: {conflict_words(conflict)}.")
                return
            form.conflict = conflict_words(conflict)
            self.dismiss(CONFLICT)
            return
        except (DocumentError, ActionError) as problem:
            self.query_one("#confirm-error", Static).update(f"NOT SAVED: {problem}")
            return
        self.app.notify(f"Saved: {self.proposal.title}")
        self.dismiss(saved.doc_id if saved is not None else 0)  # 0: saved, but no account changed

    def action_back(self) -> None:
        self.dismiss(None)
