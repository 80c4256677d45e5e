"""The account view: who is liable and when, the property, charges, instalments, ledger,
balance and arrears, notes, notices and the audit trail; the actions on the account by key."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static, TabbedContent, TabPane

from revtui.services.account_file import AccountFile, open_account
from revtui.ui.actions import ACCOUNT_ACTIONS
from revtui.ui.widgets import sections
from revtui.ui.widgets.header import OfficerBar

__all__ = ["AccountScreen", "TABS"]

TABS = (
    ("summary", "1 Summary"),
    ("charges", "2 Charges"),
    ("instalments", "3 Instalments"),
    ("ledger", "4 Ledger"),
    ("notes", "5 Notes"),
    ("notices", "6 Notices"),
    ("audit", "7 Audit"),
)


class Section(VerticalScroll, can_focus=True):
    """A scrollable page of text (up/down/page keys scroll it)."""


class AccountScreen(Screen):
    HELP = "Account view\n" + "\n".join(
        [
            "  1-7          show a section: summary (liability timeline, property and",
            "               band history, balance and arrears by year), charges with",
            "               their explanation, instalments, ledger, notes, notices, audit",
            "  up/down/pgup scroll the section",
            "  escape       back to Find          ctrl+r  reload from the store",
            "",
            "Actions (each shows its effect and asks before saving):",
        ]
        + [f"  {spec.key}            {spec.name}: {spec.help}" for spec in ACCOUNT_ACTIONS]
    )

    BINDINGS = [
        Binding("escape", "back", "Find"),
        Binding("ctrl+r", "reload", "Reload", show=False),
        *[Binding(str(n), f"tab('{tab}')", label, show=False) for n, (tab, label) in enumerate(TABS, start=1)],
        *[Binding(spec.key, f"act('{spec.key}')", spec.name, show=spec.key in "opn") for spec in ACCOUNT_ACTIONS],
    ]

    def __init__(self, doc_id: int) -> None:
        super().__init__()
        self.doc_id = doc_id
        self.file: AccountFile = open_account(self.app.session, doc_id)

    def compose(self) -> ComposeResult:
        yield OfficerBar(self.app.session, "Account")
        yield Static(id="account-heading")
        with TabbedContent(id="tabs"):
            for tab, label in TABS:
                with TabPane(label, id=tab):
                    yield Section(Static(id=f"{tab}-text"))
        yield Footer()

    def on_mount(self) -> None:
        self.show()
        self.query_one("#summary Section").focus()

    def show(self) -> None:
        today = self.app.session.today
        f = self.file
        texts = {
            "summary": "\n\n".join([sections.timeline_text(f, today), sections.property_text(f),
                                    sections.balance_text(f)]),
            "charges": sections.charges_text(f),
            "instalments": sections.instalments_text(f, today),
            "ledger": sections.ledger_text(f),
            "notes": sections.notes_text(f),
            "notices": sections.notices_text(f),
            "audit": sections.audit_text(f),
        }
        self.query_one("#account-heading", Static).update(sections.heading_text(f))
        for tab, text in texts.items():
            self.query_one(f"#{tab}-text", Static).update(text)

    def reload(self) -> None:
        self.file = open_account(self.app.session, self.doc_id)
        self.show()

    def action_reload(self) -> None:
        self.reload()
        self.notify("Reloaded from the store.")

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_tab(self, tab: str) -> None:
        self.query_one("#tabs", TabbedContent).active = tab
        self.query_one(f"#{tab} Section").focus()

    def action_act(self, key: str) -> None:
        from revtui.ui.screens.form import ActionForm

        spec = next(spec for spec in ACCOUNT_ACTIONS if spec.key == key)
        self.app.push_screen(ActionForm(spec, self.file), self.after_action)

    def after_action(self, saved_doc_id: int | None) -> None:
        if saved_doc_id is None:
            return
        if saved_doc_id != self.doc_id:  # a new account (move in): show it
            self.app.open_account(saved_doc_id)
            return
        self.reload()
        self.action_tab("charges")
