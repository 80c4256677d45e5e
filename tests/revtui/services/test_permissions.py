"""Every role against every screen action and batch command: allowed exactly as the permission
table says; a refusal names the role needed and changes nothing in the store."""

import hashlib
import sqlite3

import pytest

from revtui.cli import _parser, main
from revtui.commands import open_command_session
from revtui.services.account_file import open_account
from revtui.services.changes import ActionError
from revtui.services.permissions import PERMISSIONS, PermissionRefused
from revtui.services.roles import NO_ROLE, ROLES, effective_roles
from revtui.services.session import open_session
from revtui.ui.actions import ACCOUNT_ACTIONS, NEW_DWELLING, propose

from tests.revtui.sample_council import TODAY

EVERY_ROLE = (*ROLES, NO_ROLE)


def fingerprint(path) -> str:
    """Every document and audit record in the store (read through its own connection); not the
    register of tables, where opening a session records an empty table's indexes."""
    with sqlite3.connect(path) as db:
        rows = [line for line in db.iterdump() if not line.startswith('INSERT INTO "tables"')]
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


def as_role(store, role):
    return open_session(store, today=TODAY, officer="tester", roles=[] if role == NO_ROLE else [role])


def may(role: str, action: str, *, training: bool = False) -> bool:
    held = frozenset() if role == NO_ROLE else frozenset({role})
    return bool(effective_roles(held, training=training) & set(PERMISSIONS[action]))


def test_every_action_in_the_table_names_known_roles_and_every_role_may_look():
    for action, roles in PERMISSIONS.items():
        assert set(roles) <= set(EVERY_ROLE), action
    assert all(may(role, "view") for role in EVERY_ROLE)
    assert not any(may(role, "request.decide") for role in ("officer", "auditor", "administrator", NO_ROLE))
    assert not any(may("trainer", action) for action in PERMISSIONS if action != "view")  # a live store


@pytest.mark.parametrize("role", EVERY_ROLE)
@pytest.mark.parametrize("spec", [*ACCOUNT_ACTIONS, NEW_DWELLING], ids=lambda spec: f"{spec.key}-{spec.name}")
def test_each_screen_action_for_each_role(store, spec, role):
    session = as_role(store, role)
    file = None if spec is NEW_DWELLING else open_account(
        session, session.records.accounts.find_one("reference", "C00000019").doc_id)
    values = {f.name: f.default(session, file) if f.default else f.placeholder for f in spec.fields}
    before = fingerprint(store.path)
    if may(role, spec.permission):
        try:
            propose(spec, session, file, values)
        except PermissionRefused as refused:
            pytest.fail(f"{role} refused {spec.name}: {refused}")
        except ActionError:
            pass  # the example values do not suit this account: not a question of the role
    else:
        with pytest.raises(PermissionRefused, match=r"needs the .* role.*tester is .*nothing was changed"):
            propose(spec, session, file, values)
        assert fingerprint(store.path) == before


COMMANDS = [
    (["billing", "--year", "2027"], "billing.run"),
    (["recovery-run"], "view"),
    (["recovery-run", "--issue"], "recovery.issue"),
    (["approvals"], "view"),
    (["approvals", "--raise-refunds"], "refunds.raise"),
    (["approvals", "--approve", "RF-C00000019-1"], "request.decide"),
    (["approvals", "--refuse", "RF-C00000019-1"], "request.decide"),
    (["suspense"], "view"),
    (["suspense", "--place", "1", "--to", "C00000019"], "suspense.place"),
    (["import-payments", "payments.csv", "--layout", "csv"], "batch.import"),
    (["dd-run", "--out", "bacs"], "batch.import"),
    (["import-addacs", "addacs.xml"], "batch.import"),
    (["import-arudd", "arudd.xml"], "batch.import"),
    (["import-voa-schedule", "schedule.csv"], "batch.import"),
    (["print-run", "--kind", "annual_bill", "--year", "2026", "--out", "run"], "print_run.run"),
    (["print-run", "approve", "annual_bill-2026-1"], "print_run.approve"),
    (["print-run", "release", "annual_bill-2026-1"], "print_run.run"),
    (["notice", "preview", "C00000019"], "view"),
    (["notice", "issue", "C00000019"], "notice.issue"),
    (["summons", "list"], "view"),
    (["summons", "batch", "--court", "demo-district", "--hearing", "2026-12-14", "--officer", "x"], "recovery.issue"),
    (["summons", "withdraw", "--court", "demo-district", "--hearing", "2026-12-14", "--reason", "x"], "recovery.issue"),
    (["sample"], "store.sample"),
    (["access", "C00000019"], "access.report"),
    (["import-nndr-list", "list.csv"], "batch.import"),
    (["store", "migrate"], "store.migrate"),
    (["sundry", "raise", "--debtor", "SD000001", "--service", "PROP", "--income", "GRGE", "--type", "general",
      "--line", "Garage|1|40.00"], "sundry.raise"),
    (["sundry", "import", "invoices.csv"], "batch.import"),
    (["sundry", "credit", "S00000019", "1.00", "--reason", "x"], "sundry.credit"),
    (["sundry", "cancel", "S00000019", "--reason", "x"], "sundry.cancel"),
    (["sundry", "statement", "S00000019"], "view"),
    (["sundry", "run", "--by", "2027-03-31"], "billing.run"),
]


def _leaf_parsers(parser, path=(), inherited=None):
    """Every runnable subcommand of the program's parser: its words and the defaults it runs with."""
    import argparse

    defaults = {**(inherited or {}), **parser._defaults}
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not actions:
        yield path, defaults
    for action in actions:
        for name, sub in action.choices.items():
            yield from _leaf_parsers(sub, (*path, name), defaults)


def test_every_command_names_the_permission_it_needs():
    """A command added without a permission would run for anyone (import-nndr-list once did)."""
    exempt = {("store", "init")}  # makes a store that does not exist yet: nobody's roles apply
    missing = [" ".join(words) for words, defaults in _leaf_parsers(_parser())
               if words and words not in exempt and "permission" not in defaults and "standalone" not in defaults]
    assert not missing, f"commands without a permission: {missing}"


@pytest.mark.parametrize("argv, action", COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, list) else v)
def test_each_command_asks_for_its_permission(argv, action):
    args = _parser().parse_args(["--store", "x.db", *argv])
    needed = getattr(args, "permission", "view")
    assert (needed(args) if callable(needed) else needed) == action


@pytest.mark.parametrize("role", EVERY_ROLE)
@pytest.mark.parametrize("argv, action", COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, list) else v)
def test_each_command_for_each_role(store, tmp_path, capsys, argv, action, role):
    roles = tmp_path / "roles.toml"
    roles.write_text("" if role == NO_ROLE else f'[roles.users]\ntester = "{role}"\n')
    at = ["--store", str(store.path), "--roles", str(roles)]
    if may(role, action):  # allowed: the check lets it through (the commands' own tests run them)
        args = _parser().parse_args([*at, *argv])
        assert open_command_session(args, store, officer="tester") is not None
        return
    before = fingerprint(store.path)
    assert main([*at, *argv], officer="tester") == 77
    assert "needs the" in capsys.readouterr().err
    assert fingerprint(store.path) == before


def test_on_a_training_store_anyone_may_practise_but_an_auditor_still_may_not_post_on_a_live_one(store):
    from revtui.clock import set_training_date

    spec = next(spec for spec in ACCOUNT_ACTIONS if spec.key == "p")
    auditor = as_role(store, "auditor")
    file = open_account(auditor, auditor.records.accounts.find_one("reference", "C00000019").doc_id)
    values = {"amount": "10.00", "received": "23/11/2026", "method": "cash", "reason": "at the desk"}
    with pytest.raises(PermissionRefused, match="posting a payment needs the officer or senior officer role"):
        propose(spec, auditor, file, values)
    set_training_date(store, TODAY, reason="practice")
    assert "£10.00" in propose(spec, as_role(store, "auditor"), file, values).effect


def pay(store, amount: str, officer: str) -> str:
    """A payment on C00000019 posted by ``officer``; its entry number."""
    from revtui.services.account_actions import propose_payment
    from revtui.services.changes import commit

    session = open_session(store, today=TODAY, officer=officer, roles=["officer"])
    stored = session.records.accounts.find_one("reference", "C00000019")
    saved = commit(session, stored, propose_payment(session, stored.value, amount, "", "cash", "at the desk"))
    return str(saved.value.ledger.last.sequence)


def reverse(store, entry: str, officer: str, roles):
    spec = next(spec for spec in ACCOUNT_ACTIONS if spec.key == "v")
    session = open_session(store, today=TODAY, officer=officer, roles=roles)
    file = open_account(session, session.records.accounts.find_one("reference", "C00000019").doc_id)
    return propose(spec, session, file, {"entry": entry, "reason": "paid to the wrong account"})


def test_reversing_another_officer_s_posting_above_the_limit_waits_for_a_senior_officer(store):
    from revcore.approvals import ApprovalError
    from revtui.services.change_requests import decide_change, waiting_changes
    from revtui.ui.actions import make_held_change

    large, small = pay(store, "300.00", "cashier"), pay(store, "100.00", "cashier")
    before = fingerprint(store.path)
    held = reverse(store, large, "Tester", ["officer"])
    assert held.title == f"Request: Reverse C00000019/{large}"
    assert f"C00000019/{large} was posted by cashier: above your limit of £250.00" in held.effect
    assert "waits for a senior officer" in held.effect and "£300.00" in held.effect  # what it would do
    assert fingerprint(store.path) == before  # shown, nothing saved
    assert reverse(store, large, "CASHIER", ["officer"]).title == f"Reverse C00000019/{large}"  # their own posting
    assert reverse(store, large, "sam", ["senior officer"]).title == f"Reverse C00000019/{large}"  # within £1,000
    assert reverse(store, small, "tester", ["officer"]).title == f"Reverse C00000019/{small}"

    tester = open_session(store, today=TODAY, officer="tester", roles=["officer"])
    ledger = lambda: tester.records.accounts.find_one("reference", "C00000019").value.ledger  # noqa: E731
    balance = ledger().balance
    held.apply(tester)
    [waiting] = waiting_changes(store)
    assert (waiting.value.requested_by, waiting.value.values["entry"]) == ("tester", large)
    assert ledger().balance == balance  # nothing reversed yet
    with pytest.raises(ApprovalError, match="cannot also authorise"):
        decide_change(open_session(store, today=TODAY, officer="Tester", roles=["senior officer"]), waiting,
                      approve=True, make=lambda r: None)
    sam = open_session(store, today=TODAY, officer="sam", roles=["senior officer"])
    decided = decide_change(sam, waiting, approve=True, make=lambda request: make_held_change(sam, request))
    assert "authorised by sam" in decided.value.explain() and waiting_changes(store) == []
    assert ledger().balance == balance + 300
    assert (ledger().last.reverses, ledger().last.officer) == (f"C00000019/{large}", "sam")
    with sqlite3.connect(store.path) as db:  # the audit trail says who asked and who authorised
        assert "asked by tester, authorised by sam" in "\n".join(db.iterdump())


def test_a_change_backdated_beyond_the_officer_s_years_waits_for_a_senior_officer(store):
    spec = next(spec for spec in ACCOUNT_ACTIONS if spec.key == "d")  # single person discount from a day
    values = {"day": "01/04/2024", "reason": "lives alone since 2024"}
    officer = as_role(store, "officer")
    file = open_account(officer, officer.records.accounts.find_one("reference", "C00000019").doc_id)
    held = propose(spec, officer, file, values)
    assert held.title.startswith("Request: ") and "01/04/2024 is more than 1 year(s) back" in held.effect
    assert not propose(spec, as_role(store, "senior officer"), file, values).title.startswith("Request")  # 6 years
    assert not propose(spec, officer, file, {"day": "01/04/2026", "reason": "lives alone"}).title.startswith("Req")


@pytest.mark.parametrize("text, message", [
    ('[roles.users]\ntester = "wizard"\n', "'wizard' is not a role"),
    ("[roles.users\n", "not valid TOML"),
])
def test_a_bad_roles_file_stops_every_command_with_a_message_not_a_traceback(store, tmp_path, capsys, text, message):
    roles = tmp_path / "roles.toml"
    roles.write_text(text)
    assert main(["--store", str(store.path), "--roles", str(roles), "approvals"], officer="tester") == 77
    err = capsys.readouterr().err
    assert message in err and str(roles) in err and "Traceback" not in err
