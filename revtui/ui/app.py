"""The officer's application: Find, the account view and its actions, help and the command palette.

Runs in 80x24 over SSH with the keyboard only; colours are decoration, never the only signal
(monochrome terminals and NO_COLOR work: warnings are words, the training banner is reverse video).
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs
from textual import events
from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from revtui import clock, training
from revtui.accounts import KINDS
from revtui.services.session import Session
from revtui.services.stores import StoreError
from revtui.ui.actions import NEW_DWELLING, NEW_HB_OVERPAYMENT
from revtui.ui.key_order import KeysInOrder
from revtui.ui.screens.account import AccountScreen
from revtui.ui.screens.find import FindScreen
from revtui.ui.screens.help import HelpScreen
from revtui.ui.screens.training import TRAINING_HELP, TrainingSummary, summarise
from revtui.ui.widgets.header import OfficerBar

__all__ = ["RevenuesApp", "palette_entries"]


class RevenuesApp(KeysInOrder):
    """Keys typed ahead of a screen opening wait for it (:mod:`revtui.ui.key_order`)."""

    CSS_PATH = "app.tcss"
    TITLE = "revtui"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("f1", "help", "Help", tooltip="Keys and help for this screen"),
        Binding("f3", "queues", "Work queues", tooltip="Approvals, recovery proposed today, suspense, dwellings, "
                "returned mail, referrals"),
        Binding("f4", "new_dwelling", "New dwelling", tooltip=NEW_DWELLING.help),
        Binding("f10", "new_hb_overpayment", "New HB overpayment", tooltip=NEW_HB_OVERPAYMENT.help),
        Binding("f5", "reports", "Reports", tooltip="Collection, arrears, valuation, cash, suspense, approvals: "
                "as at any day, shown and written as CSV"),
        Binding("question_mark", "help", "Help", show=False),
        # priority: quits from anywhere, a form or the training summary included (they are modal)
        Binding("ctrl+q", "quit", "Quit", tooltip="Leave the application", priority=True),
        Binding("f6", "clock('day')", "Training: a day on", show=False, tooltip="Move the training clock on"),
        Binding("f7", "clock('month')", "Training: a month on", show=False, tooltip="Move the training clock on"),
        Binding("f8", "clock('recovery')", "Training: to the next recovery run", show=False,
                tooltip="Move the training clock on"),
        Binding("f9", "new_sundry_invoice", "New sundry invoice", show=False,
                tooltip="Raise a sundry invoice: debtor, service area, income code, lines with VAT"),
    ]
    CLOCK_STEPS = {"day": "a day on", "month": "a month on", "recovery": "to the next recovery run"}

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def on_mount(self) -> None:
        self.install_screen(AccountScreen(), name="account")
        self.push_screen(FindScreen())
        for kind in KINDS:  # opened now (a new table's schema is recorded once), not on a key
            kind.repository(self.session.store)
        self.run_worker(self._warm_up, thread=True, group="warm-up")
        if self.session.training:  # the trainer may move the clock from another session
            self.set_interval(1.0, self.follow_clock)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded and self.session.training:
            self.follow_clock()  # a key acts on the class's today, not the one this session opened on
        await super().on_event(event)

    def follow_clock(self) -> None:
        """The training store's today, read from the store: when the trainer's session moved it,
        this one shows and works on the new day."""
        day = clock.today(self.session.store)
        if day != self.session.today:
            self.session = attrs.evolve(self.session, today=day)
            self._show_new_day()
            self.notify(f"The trainer moved the training clock: today is now {day:%a %d %b %Y}.", timeout=10)

    def _warm_up(self) -> None:
        """Load the bank holidays now, off the screen's thread: the first use imports every
        country's calendar (about 0.13 s), which would otherwise fall on the first account opened."""
        from revcore.calendar import bank_holidays

        country = self.session.tariff.council.country.value
        for year in (self.session.today.year, self.session.today.year + 1):
            bank_holidays(year, country)

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

    def open_reference(self, reference: str) -> bool:
        """Show the account ``reference`` in its kind's view (as Find would); False when it is not
        in the store. Screens that cannot import the account screens (the person screen) call this."""
        from revtui.ui.screens.opening import open_account_reference

        return open_account_reference(self, reference)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        text = getattr(self.screen, "HELP", "")
        self.push_screen(HelpScreen(f"{text}\n{TRAINING_HELP}" if self.session.training else text))

    def action_clock(self, unit: str) -> None:
        """Move a training store's clock on and show what happened; refused on a live store."""
        from revtui.services.permissions import PermissionRefused, require

        store = self.session.store
        if not clock.is_training(store):
            self.notify("This is a live store: the council's clock cannot be moved (training stores only).",
                        severity="error", timeout=10)
            return
        try:
            require(self.session, "training.clock")
        except PermissionRefused as refused:
            self.notify(f"Not allowed: {refused}", severity="error", timeout=10)
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

    def action_reports(self) -> None:
        from revtui.ui.screens.reports import ReportsScreen

        if not isinstance(self.screen, ReportsScreen):
            self.push_screen(ReportsScreen())

    def action_new_dwelling(self) -> None:
        self._open_form(NEW_DWELLING)

    def action_new_sundry_invoice(self) -> None:
        from revtui.ui.sundry_actions import NEW_SUNDRY_INVOICE

        self._open_form(NEW_SUNDRY_INVOICE)

    def action_new_hb_overpayment(self) -> None:
        self._open_form(NEW_HB_OVERPAYMENT)

    def _open_form(self, spec) -> None:  # noqa: ANN001 - an ActionSpec not on an account
        """A form from anywhere in the application, if the officer's roles allow it."""
        from revtui.services.permissions import PermissionRefused
        from revtui.ui.actions import check
        from revtui.ui.screens.form import ActionForm

        try:
            check(spec, self.session)
        except PermissionRefused as refused:
            self.notify(f"Not allowed: {refused}", severity="error", timeout=10)
            return
        self.push_screen(ActionForm(spec, None))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every key of the screen the palette was opened on, then the application's keys (the
        training clock's on a training store): made from the bindings, so it lists what the keys do;
        then Textual's own (theme, keys panel, screenshot), less its Quit, which ctrl+q's entry is."""
        ours = set()
        for node in (screen, self):
            for keys, binding in palette_entries(node.BINDINGS):
                if binding.action.startswith("clock(") and not self.session.training:
                    continue
                ours.add(binding.description)
                # the key after the name, in round brackets: square ones would be read as markup
                yield SystemCommand(f"{binding.description} ({keys})", binding.tooltip,
                                    lambda action=binding.action, node=node: self.call_later(self.run_action, action,
                                                                                             node))
        yield from (command for command in super().get_system_commands(screen) if command.title not in ours)


KEY_NAMES = {"escape": "esc", "question_mark": "?"}


def palette_entries(bindings: Iterable[Binding]) -> list[tuple[str, Binding]]:
    """Each action once, with every key bound to it ("f1 / ?"), in the order bound."""
    keys: dict[str, list[str]] = {}
    first: dict[str, Binding] = {}
    for binding in bindings:
        keys.setdefault(binding.action, []).append(KEY_NAMES.get(binding.key, binding.key))
        first.setdefault(binding.action, binding)
    return [(" / ".join(keys[action]), binding) for action, binding in first.items()]
