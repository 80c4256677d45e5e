"""Work queues: approvals waiting for a second officer, and the actions today's recovery run
proposes. Each item is worked from the keyboard: enter opens its account."""

from __future__ import annotations

from functools import partial

import attrs
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from refdata import DataError
from revcore.money import format_money
from revtui.records.ctax import open_records
from revtui.records.payments import open_cash_records
from revtui.services.approvals import pending_requests
from revtui.services.cases import add_step, close_case, open_cases
from revtui.services.change_requests import ChangeRequest, decide_change, waiting_changes
from revtui.services.cash_actions import decide, place_suspense
from revtui.services.changes import ActionError
from revtui.services.dwellings import awaiting_band, list_dwelling
from revtui.services.payments import open_suspense
from revtui.services.permissions import PermissionRefused, require
from revtui.services.recovery import action_words, recovery_run
from revtui.services.stores import ConflictError, StoreError, second_connection
from revtui.ui.widgets.header import OfficerBar
from revtui.ui.widgets.keyline import KeyLine

__all__ = ["QueuesScreen", "QUEUES"]

QUEUES = ("Approvals", "Recovery", "Suspense", "Dwellings", "Returned mail", "Referrals")


class QueuesScreen(Screen):
    HELP = """\
Work queues
  1   approvals waiting for a second officer (refunds, write-offs, and
      reversals or backdated changes above an officer's limits)
  2   actions today's recovery run proposes (worked out when shown; `revtui
      recovery-run --issue` records them); n: tomorrow's run instead (a
      preview, today's taken as issued), n again: today's
  3   payments in suspense (no account matched): p places one on the account
      you traced it to
  4   new dwellings reported to the Valuation Office, awaiting a band:
      b records the band the VOA listed (makes the property)
  5   returned mail (gone away) to trace; 6  referrals (inspection, fraud)
      t records a step taken, c closes the case with its outcome (returned
      mail: the trace outcome form, which moves the notices to where traced)
  T   the tracing queue: accounts gone away (post stopped) or with returned
      mail, with the trace outcome form (shift+t)
  up/down  choose an item      enter  open its account
  a   authorise the chosen request    x  refuse it (you cannot decide your own)
  escape   back to Find
"""

    BINDINGS = [
        Binding("escape", "back", "Find"),
        *[Binding(str(n), f"queue({n - 1})", f"Queue: {name.lower()}", show=False)
          for n, name in enumerate(QUEUES, start=1)],
        Binding("t", "case_step", "Step", tooltip="Record a step taken on the chosen case"),
        Binding("c", "case_close", "Close", tooltip="Close the chosen case with its outcome"),
        Binding("T", "tracing", "Tracing", tooltip="Accounts gone away or with returned mail to trace"),
        Binding("b", "band", "Band", tooltip="Record the band the VOA listed for the chosen new dwelling"),
        Binding("p", "place", "Place", tooltip="Place the chosen suspense payment on an account"),
        Binding("n", "tomorrow", "Tomorrow's run", show=False,
                tooltip="Recovery queue: preview tomorrow's run (today's taken as issued); again for today's"),
        # priority: the list (focused, so pgup/pgdn scroll it) would take up/down to scroll instead
        Binding("up", "move(-1)", "Previous item", show=False, priority=True),
        Binding("down", "move(1)", "Next item", show=False, priority=True),
        Binding("enter", "open", "Open"),
        Binding("a", "decide(True)", "Authorise", tooltip="Authorise the chosen request (a second officer)"),
        Binding("x", "decide(False)", "Refuse", tooltip="Refuse the chosen request"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.current = 0
        self.cursor = 0
        self.items: list = []
        self.message = ""
        self.tomorrow = False
        """The recovery queue shows tomorrow's run (a preview), not today's."""
        self.runs = 0
        """Recovery runs asked for: a worker's answer counts only if it is the latest."""

    def compose(self) -> ComposeResult:
        yield OfficerBar(self.app.session, "Work queues")
        yield Static(id="queue-bar")
        with VerticalScroll(id="queue"):
            yield Static(id="queue-text")
        yield Static(id="queue-message")
        yield KeyLine(("1-6", "Queue"), ("a/x", "Decide"), ("p", "Place"), ("b", "Band"), ("t/c", "Case"))

    def on_mount(self) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        if self.current != 1:  # a decision, a request or a placed payment may have changed it
            self.load()

    def load(self) -> None:
        session = self.app.session
        if self.current == 0:
            self.items = [*pending_requests(session.cash), *waiting_changes(session.store)]
        elif self.current == 1:  # every account is read: seconds on a large council, so in a worker
            self.runs += 1
            self.items = []
            self.message = f"Working out {'tomorrow' if self.tomorrow else 'today'}'s recovery run..."
            self.show()
            self.query_one("#queue").loading = True  # keys typed meanwhile wait for the list (key_order)
            self.run_worker(partial(self._run, self.runs, self.tomorrow), thread=True, group="recovery-queue")
            return
        elif self.current == 2:
            self.items = open_suspense(session.cash)
        elif self.current == 3:
            self.items = awaiting_band(session)
        elif self.current == 4:
            self.items = open_cases(session, "returned mail")
        else:
            self.items = open_cases(session, "inspection", "fraud")
        self.cursor = min(self.cursor, max(len(self.items) - 1, 0))
        self.show()

    def _run(self, run: int, tomorrow: bool) -> None:
        """In a worker thread, on its own connection to the store."""
        session = self.app.session
        try:
            with second_connection(session.store, user=session.officer) as store:
                records = open_records(store)
                on_own = attrs.evolve(session, records=records, cash=open_cash_records(store, records))
                summary = recovery_run(on_own, issue=False, tomorrow=tomorrow)
        except (ActionError, DataError, StoreError) as problem:
            self.app.call_from_thread(self._ran, run, None, f"The run could not be worked out: {problem}")
            return
        self.app.call_from_thread(self._ran, run, summary, "")

    def _ran(self, run: int, summary, problem: str) -> None:  # noqa: ANN001 - a RunSummary
        if run != self.runs or not self.is_mounted:  # asked again meanwhile
            return
        self.query_one("#queue").loading = False
        if self.current != 1:  # moved on to another queue
            return
        self.items = list(summary.plan.actions) if summary else []
        day = f"{summary.day:%a %d %b %Y}" if summary else ""
        self.message = problem or (f"Tomorrow's run ({day}, a preview: today's taken as issued); n: today's"
                                   if self.tomorrow else f"Today's run ({day}); n: tomorrow's")
        self.cursor = min(self.cursor, max(len(self.items) - 1, 0))
        self.show()

    def action_tomorrow(self) -> None:
        if self.current != 1:
            return
        self.tomorrow, self.cursor = not self.tomorrow, 0
        self.load()

    def line(self, item) -> str:
        if self.current == 0 and isinstance(item.value, ChangeRequest):
            c = item.value
            return f"{c.id} {c.title} by {c.requested_by} {c.requested_on.isoformat()}: {c.reason}"[:76]
        if self.current == 0:
            r, payee, grounds = item.value.request, item.value.payee, item.value.write_off_category
            year = f" {r.year.label}" if r.year else ""
            detail = payee.describe() if payee else f"{grounds.label}: {r.reason}" if grounds else r.reason
            return (f"{r.id} {r.account} {r.kind.value.replace('_', '-'):<9}{year:<8} {format_money(r.amount):>10}  "
                    f"by {r.requested_by} {r.requested_on.isoformat()}: {detail}")[:76]
        if self.current >= 4:
            c = item.value
            last = c.steps[-1].text if c.steps else "no steps yet"
            return f"{c.id} {c.account} {c.opened.isoformat()} {c.subject}; last: {last}"[:76]
        if self.current == 3:
            d = item.value
            return (f"{d.reference} {d.address} completes {d.completion_day.isoformat()}, "
                    f"reported {d.reported_to_voa.isoformat()}")[:76]
        if self.current == 2:
            i = item.value
            return (f"{i.source}: {i.line.reference} {format_money(i.line.signed_amount)} paid "
                    f"{i.line.paid_on.isoformat()} - {i.reason}")[:76]
        amount = format_money(item.amount) if item.amount is not None else ""
        return f"{item.account} {item.year} {action_words(item):<22} {amount:>10}  {item.rule}"[:76]

    def show(self) -> None:
        bar = Text()
        for n, name in enumerate(QUEUES):
            bar.append(f"{n + 1} {name} ", style="bold reverse" if n == self.current else "")
        self.query_one("#queue-bar", Static).update(bar)
        body = Text(no_wrap=True)
        if not self.items:
            body.append("Nothing waiting.")
        for n, item in enumerate(self.items):
            body.append(self.line(item) + "\n", style="reverse" if n == self.cursor else "")
        self.query_one("#queue-text", Static).update(body)
        queue = self.query_one("#queue")
        if not queue.scroll_y <= self.cursor < queue.scroll_y + queue.size.height:  # keep the chosen item in view
            queue.scroll_to(y=max(0, self.cursor - queue.size.height // 2), animate=False)
        self.query_one("#queue-message", Static).update(self.message)

    def action_queue(self, index: int) -> None:
        self.current, self.cursor, self.message = index, 0, ""
        self.load()

    def action_move(self, step: int) -> None:
        if self.items:
            self.cursor = max(0, min(len(self.items) - 1, self.cursor + step))
            self.show()

    def _allowed(self, action: str) -> bool:
        """Say so now, before any question, when the officer's roles do not allow ``action``."""
        try:
            require(self.app.session, action)
        except PermissionRefused as refused:
            self.message = f"NOT ALLOWED: {refused}"
            self.show()
            return False
        return True

    def action_place(self) -> None:
        if self.current != 2 or not self.items or not self._allowed("suspense.place"):
            return
        from revtui.ui.screens.prompt import ask_and_save

        item = self.items[self.cursor]
        ask_and_save(self, f"Place {item.value.source} ({format_money(item.value.line.amount)}) on account:",
                     "suspense.place", lambda reference: place_suspense(self.app.session, item.doc_id, reference),
                     "C00012343")

    def action_band(self) -> None:
        if self.current != 3 or not self.items or not self._allowed("dwelling.record"):
            return
        from revtui.ui.screens.prompt import ask_and_save

        item = self.items[self.cursor]

        def listed(answer: str) -> str:
            band, _, day = answer.strip().partition(" ")
            return list_dwelling(self.app.session, item, band, day)

        ask_and_save(self, f"Band listed for {item.value.reference}, and from when:", "dwelling.record", listed,
                     "D 01/12/2026")

    def action_tracing(self) -> None:
        from revtui.ui.screens.tracing import TracingScreen

        self.app.push_screen(TracingScreen())

    def action_case_step(self) -> None:
        self._ask_case("Step taken (e.g. electoral register checked: not listed):", add_step)

    def action_case_close(self) -> None:
        if self.current == 4 and self.items and self._allowed("contact.change"):
            # returned mail closes with the trace outcome: it moves the notices and lifts gone away
            from revtui.services.account_file import open_account
            from revtui.ui.actions import action_for_key
            from revtui.ui.screens.form import ActionForm

            found = self.app.session.records.accounts.find_one("reference", self.items[self.cursor].value.account)
            if found is not None:
                self.app.push_screen(ActionForm(action_for_key("O"), open_account(self.app.session, found.doc_id)),
                                     lambda _: self.load())
                return
        self._ask_case("Outcome (e.g. traced to 4 New Road, Otherton; moved out 30/09):", close_case)

    def _ask_case(self, question: str, act) -> None:
        if self.current < 4 or not self.items or not self._allowed("account.note"):
            return
        from revtui.ui.screens.prompt import ask_and_save

        stored = self.items[self.cursor]
        ask_and_save(self, f"{stored.value.id}: {question}", "account.note",
                     lambda answer: act(self.app.session, stored, answer))

    def action_open(self) -> None:
        if not self.items or self.current in (2, 3):
            return
        item = self.items[self.cursor]
        if self.current == 0:
            reference = item.value.account if isinstance(item.value, ChangeRequest) else item.value.request.account
        elif self.current >= 4:
            reference = item.value.account
        else:
            reference = item.account
        found = self.app.session.records.accounts.find_one("reference", reference)
        if found is not None:
            self.app.open_account(found.doc_id)

    def action_decide(self, approve: bool) -> None:
        """Shows the request in full (amount or change, account, who asked, why); ``y`` there decides it."""
        from revtui.ui.screens.decision import ConfirmDecision, approving, describe_change, describe_request

        if self.current != 0 or not self.items or not self._allowed("request.decide"):
            return
        stored = self.items[self.cursor]
        held = isinstance(stored.value, ChangeRequest)
        text = describe_change(stored.value) if held else describe_request(stored.value.request, stored.value)
        effect = "" if held else approving(stored.value.request, stored.value)
        self.app.push_screen(ConfirmDecision(text, approve, effect),
                             lambda confirmed: self.after_decide(stored, approve) if confirmed else None)

    def after_decide(self, stored, approve: bool) -> None:
        from revcore.approvals import ApprovalError
        from revtui.ui.actions import make_held_change

        session = self.app.session
        try:
            if isinstance(stored.value, ChangeRequest):
                require(session, "request.decide")
                decided = decide_change(session, stored, approve=approve,
                                        make=lambda request: make_held_change(session, request))
                self.message = decided.value.explain()
            else:
                self.message = decide(session, stored.value.request.id, approve=approve)
        except (ActionError, ApprovalError) as problem:
            self.message = f"NOT DONE: {problem}"
        except ConflictError as conflict:
            self.message = f"NOT SAVED: someone else changed it meanwhile: {conflict}"
        self.load()

    def action_back(self) -> None:
        self.app.pop_screen()
