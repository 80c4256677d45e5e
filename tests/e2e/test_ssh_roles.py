"""Two officers, two Unix accounts, one live store, served over SSH as docs/deploying.md sets it
up: a Unix group, a setgid store folder, sshd's ForceCommand starting the application. An
officer's refund above their limit waits; they cannot authorise it, a senior officer can (after
seeing it in full); the senior officer cannot authorise their own. Needs root (useradd)."""

import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from decimal import Decimal
from pathlib import Path

import pytest

from e2e_fixtures import ssh_login, start_sshd, terminals  # noqa: F401 - the fixture
from terminal import ROOT, Terminal

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(os.geteuid() != 0, reason="makes two Unix accounts with useradd, which needs root: run the "
                                                 "end-to-end tests as root (as the CI container does)"),
]

SITE_PACKAGES = Path(sys.prefix) / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"


def officers_python() -> str:
    """A command running this Python for other accounts: this interpreter if every folder above
    it lets them through, else the system's python3 of the same version with this venv's packages."""
    real = Path(sys.executable).resolve()
    if all(folder.stat().st_mode & 0o001 for folder in real.parents):
        return f"env PYTHONPATH={ROOT} {sys.executable}"
    system = Path("/usr/bin/python3")
    version = subprocess.run([str(system), "-c", "import sys; print(sys.version_info[:2])"], capture_output=True,
                             text=True).stdout.strip() if system.exists() else ""
    if version != str(tuple(sys.version_info[:2])):
        pytest.skip(f"{real} is in a folder other accounts cannot enter, and /usr/bin/python3 is not Python "
                    f"{sys.version_info.major}.{sys.version_info.minor}: install the venv where officers can read it")
    return f"env PYTHONPATH={ROOT}:{SITE_PACKAGES} {system}"


def run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True)


@pytest.fixture()
def council():
    """A group, a senior officer and an officer in it, and a live store in a setgid folder."""
    tag = uuid.uuid4().hex[:5]
    group, senior, officer = f"rvg{tag}", f"rvsam{tag}", f"rvbob{tag}"
    base = Path(tempfile.mkdtemp(prefix="revtui-e2e-"))
    base.chmod(0o755)
    run("groupadd", group)
    try:
        for name in (senior, officer):
            # '*': no password, but not a locked account (sshd refuses those without PAM)
            run("useradd", "--create-home", "--gid", group, "--shell", "/bin/sh", "--password", "*", name)
        store_dir = base / "store"
        store_dir.mkdir()
        shutil.chown(store_dir, group=group)
        store_dir.chmod(0o2770)  # the group's folder; new files take its group
        path = store_dir / "council.db"
        make_store(path)
        for made in store_dir.iterdir():
            if made.is_dir():  # the council folder: settings the officers read, not personal data
                continue
            shutil.chown(made, group=group)
            made.chmod(0o660)
        roles = store_dir / "roles.toml"
        roles.write_text(f'[roles.users]\n{senior} = "senior officer"\n[roles.groups]\n{group} = "officer"\n')
        roles.chmod(0o640)
        shutil.chown(roles, group=group)
        yield base, path, group, senior, officer
    finally:
        for name in (senior, officer):
            subprocess.run(["userdel", "--remove", name], capture_output=True)
        subprocess.run(["groupdel", group], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def make_store(path: Path) -> None:
    """The sample council with £5,000 paid on C00000019 (a live store: the real clock)."""
    from revtui.services.account_actions import propose_payment
    from revtui.services.changes import commit
    from revtui.services.sample import sample_store
    from revtui.services.session import open_session

    from revtui.demo.settings import demo_councils_beside

    demo_councils_beside(path)  # the council folder the installation points to (here: beside the store)
    store = sample_store(path, 30)
    session = open_session(store, officer="cashier", roles=["officer"])
    stored = session.records.accounts.find_one("reference", "C00000019")
    commit(session, stored, propose_payment(session, stored.value, "5000.00", "", "bank transfer", "overpaid"))
    store.close()


@pytest.fixture()
def served(council):
    """sshd with ForceCommand: a group member's login is the application, nothing else."""
    base, path, group, senior, officer = council
    ssh_dir = base / "ssh"
    ssh_dir.mkdir()
    ssh_dir.chmod(0o755)
    program = f"umask 0007; exec {officers_python()} -m revtui.cli --store {path}"
    process, port, key = start_sshd(ssh_dir, f"Match Group {group}\n  ForceCommand {program}\n")
    (ssh_dir / "authorized_keys").chmod(0o644)
    try:
        yield (lambda user: ssh_login(port, key, user)), path, senior, officer
    finally:
        process.terminate()
        process.wait(timeout=10)


def open_account(term: Terminal, reference: str) -> None:
    term.wait_for("Reference, name, address")
    term.send(reference)
    term.wait_for(f" {reference} ")
    term.send("Enter")
    term.wait_for("(current)")


def ask_refund(term: Terminal, amount: str, reason: str) -> None:
    term.send("r")
    term.wait_for("Amount (£)")
    term.send(amount, "Enter", reason, "Enter")
    # the payee: a cheque to the account holder at the address the form fills in
    term.send("Enter", "Enter", "Enter", "Enter", "Enter")
    term.wait_for("it waits for a senior officer", "cheque to Eleri Hughes")
    term.send("y")
    term.wait_for("Saved")


def test_an_officer_s_refund_is_authorised_by_a_senior_officer_never_by_who_asked(served, terminals):
    login, path, senior, officer = served

    term = terminals(login(officer))
    try:
        term.wait_for("Find", f"{officer} (officer)")  # the role from the group, shown in the header
        open_account(term, "C00000019")
        ask_refund(term, "300", "paid twice by bank transfer")
        term.send("F3")
        term.wait_for("RF-C00000019-1")
        term.send("a")
        term.wait_for("NOT ALLOWED")  # an officer does not authorise
        term.send("C-q")
        term.wait_for("EXITED 0")
    finally:
        term.close()

    term = terminals(login(senior))
    try:
        term.wait_for("Reference, name, address", f"{senior} (officer + senior officer)")
        term.send("F3")
        term.wait_for("RF-C00000019-1")
        term.send("a")
        shown = term.wait_for("Authorise this request?", "£300.00", "C00000019", officer, "paid twice",
                              "Payee:      Eleri Hughes", "Method:     cheque posted to 2 High Street")
        assert "y: authorise" in shown
        term.send("y")
        term.wait_for(f"authorised by {senior}")
        term.send("Escape")
        open_account(term, "C00000019")
        ask_refund(term, "1200", "second overpayment")  # above the senior officer's own £1,000
        term.send("F3")
        term.wait_for("RF-C00000019-2")
        term.send("a")
        term.wait_for("Authorise this request?", "£1,200.00")
        term.send("y")
        term.wait_for("asked for it and cannot also")
        term.send("C-q")
        term.wait_for("EXITED 0")
    finally:
        term.close()

    from revcore.entries import EntryKind
    from revtui.records.payments import open_cash_records
    from revtui.store import Store

    store = Store(path, user="check")
    try:
        cash = open_cash_records(store)
        ledger = cash.accounts.find_one("reference", "C00000019").value.ledger
        [refund] = [e for e in ledger.entries if e.kind is EntryKind.REFUND]
        assert (refund.amount, refund.officer, refund.authorised_by) == (Decimal("300.00"), officer, senior)
        [waiting] = [s.value.request for s in cash.requests.find("state", "pending")]
        assert (waiting.amount, waiting.requested_by, waiting.decision) == (Decimal("1200.00"), senior, None)
    finally:
        store.close()
    assert path.stat().st_mode & 0o777 == 0o660  # still the group's to write
