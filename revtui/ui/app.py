"""The officer's application: Find, the account view and its actions, help and the command palette.

Runs in 80x24 over SSH with the keyboard only; colours are decoration, never the only signal
(monochrome terminals and NO_COLOR work: warnings are words, the training banner is reverse video).
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from revtui import clock, training
from revtui.services.session import Session
from revtui.store import StoreError
from revtui.ui.actions import ACCOUNT_ACTIONS, NEW_DWELLING
from revtui.ui.screens.account import AccountScreen
from revtui.ui.screens.find import FindScreen
from revtui.ui.screens.help import HelpScreen
from revtui.ui.screens.training import TRAINING_HELP, TrainingSummary, summarise
from revtui.ui.widgets.header import OfficerBar

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
        Binding("f6", "clock('day')", "Training: a day on", show=False),
        Binding("f7", "clock('month')", "Training: a month on", show=False),
        Binding("f8", "clock('recovery')", "Training: to the next recovery run", show=False),
    ]
    CLOCK_STEPS = {"day": "a day on", "month": "a month on", "recovery": "to the next recovery run"}

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
        text = getattr(self.screen, "HELP", "")
        self.push_screen(HelpScreen(f"{text}\n{TRAINING_HELP}" if self.session.training else text))

    def action_clock(self, unit: str) -> None:
        """Move a training store's clock on and show what happened; refused on a live store."""
        store = self.session.store
        if not clock.is_training(store):
            self.notify("This is a live store: the council's clock cannot be moved (training stores only).",
                        severity="error", timeout=10)
            return
        try:
            reports = training.step(store, unit)
        except (training.TrainingError, StoreError) as problem:
            self.notify(f"The clock did not move: {problem}", severity="error", timeout=15)
            return
        self.session = attrs.evolve(self.session, today=clock.today(store))
        self._show_new_day()
        self.push_screen(TrainingSummary(f"Training clock: {self.CLOCK_STEPS[unit]}", summarise(reports)))

    def _show_new_day(self) -> None:
        """Every open screen shows the new today; the account on view is read again (payments, notices)."""
        account = self.get_screen("account")
        for screen in {*self.screen_stack, account}:
            for bar in screen.query(OfficerBar):
                bar.session = self.session
                bar.refresh()
        if account.doc_id is not None and account.is_mounted:
            account.reload()

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
        if self.session.training:
            for key, unit in (("f6", "day"), ("f7", "month"), ("f8", "recovery")):
                yield SystemCommand(f"[{key}] Training clock: {self.CLOCK_STEPS[unit]}",
                                    "Move the training council's clock on", lambda unit=unit: self.action_clock(unit))
        yield SystemCommand("[esc] Find", "Back to the search box", self.action_find)
        yield SystemCommand("[ctrl+q] Quit", "Leave the application", self.exit)

    def _account_action(self, key: str) -> None:
        screen = self.screen
        if isinstance(screen, AccountScreen):
            screen.action_act(key)
        else:
            self.notify("Open an account first (find it, then enter).", severity="warning")
