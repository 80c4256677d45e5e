"""The officer's application: Find, the account view and its actions, help and the command palette.

Runs in 80x24 over SSH with the keyboard only; colours are decoration, never the only signal
(monochrome terminals and NO_COLOR work: warnings are words, the training banner is reverse video).
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from revtui.services.session import Session
from revtui.store import StoreError
from revtui.ui.actions import ACCOUNT_ACTIONS, NEW_DWELLING
from revtui.ui.screens.account import AccountScreen
from revtui.ui.screens.find import FindScreen
from revtui.ui.screens.help import HelpScreen

__all__ = ["RevenuesApp"]


class RevenuesApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "revtui"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("f1", "help", "Help"),
        Binding("f3", "queues", "Work queues"),
        Binding("f4", "new_dwelling", "New dwelling"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("ctrl+q", "quit", "Quit"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def on_mount(self) -> None:
        self.install_screen(AccountScreen(), name="account")
        self.push_screen(FindScreen())

    def open_account(self, doc_id: int) -> None:
        """Show the account (one account view, reused: opening another replaces it)."""
        screen = self.get_screen("account")
        try:
            screen.load(doc_id)
        except StoreError as problem:  # a damaged or newer document: say so, keep working
            self.notify(f"Cannot open this account: {problem}", severity="error", timeout=15)
            return
        if screen in self.screen_stack:
            while self.screen is not screen:
                self.pop_screen()
        else:
            self.push_screen(screen)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(getattr(self.screen, "HELP", "")))

    def action_queues(self) -> None:
        from revtui.ui.screens.queues import QueuesScreen

        if not isinstance(self.screen, QueuesScreen):
            self.push_screen(QueuesScreen())

    def action_new_dwelling(self) -> None:
        from revtui.ui.screens.form import ActionForm

        self.push_screen(ActionForm(NEW_DWELLING, None))

    def action_find(self) -> None:
        while not isinstance(self.screen, FindScreen) and len(self.screen_stack) > 2:
            self.pop_screen()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every action with its key (run from here too), then the application's own commands."""
        for spec in ACCOUNT_ACTIONS:
            yield SystemCommand(f"[{spec.key}] {spec.name}", spec.help,
                                lambda key=spec.key: self._account_action(key))
        yield SystemCommand("[f1] Help", "Keys and help for this screen", self.action_help)
        yield SystemCommand("[f3] Work queues", "Approvals waiting, recovery proposed today", self.action_queues)
        yield SystemCommand("[f4] New dwelling", NEW_DWELLING.help, self.action_new_dwelling)
        yield SystemCommand("[esc] Find", "Back to the search box", self.action_find)
        yield SystemCommand("[ctrl+q] Quit", "Leave the application", self.exit)

    def _account_action(self, key: str) -> None:
        screen = self.screen
        if isinstance(screen, AccountScreen):
            screen.action_act(key)
        else:
            self.notify("Open an account first (find it, then enter).", severity="warning")
