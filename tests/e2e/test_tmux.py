"""The real program in an 80x24 terminal: find an account, move the resident out, see the revised
charge, quit; reopen and see the change persisted."""

import time

import pytest

from e2e_fixtures import council, sshd, terminals  # noqa: F401  (fixtures)
from terminal import Terminal, private_terminals, revtui_command

pytestmark = pytest.mark.e2e


def move_out(term: Terminal, reference: str, day: str, names: str) -> None:
    term.wait_for("Find", "Reference, name, address")
    term.send(reference)
    term.wait_for(f" {reference} ")
    term.send("Enter")
    term.wait_for(names, "(current)", "1 Summary")
    term.send("o")
    term.wait_for("Move-out date", "Forwarding address")
    term.send("C-u", day, "Enter", "4 New Road, Otherton", "Enter", "OT1 2AB", "Enter", "phoned in", "Enter")
    screen = term.wait_for("the effect", "Audit reason: move out")
    assert "183/365 days" in screen
    term.send("y")


def test_move_out_in_the_real_program_is_there_after_reopening(council, terminals):
    term = terminals(revtui_command(council))
    try:
        move_out(term, "C00000019", "01/10/2026", "Eleri Hughes")
        screen = term.wait_for("(ended 2026-09-30)", "adjustment 2026-11-23")
        assert "TRAINING" in screen and "Mon 23 Nov 2026" in screen
        term.send("C-q")
        term.wait_for("EXITED 0")
    finally:
        term.close()

    term = terminals(revtui_command(council))
    try:
        term.wait_for("Find")
        term.send("C00000019")
        term.wait_for(" C00000019 ")
        term.send("Enter")
        term.wait_for("(ended 2026-09-30)")
        term.send("7")
        term.wait_for("move out on 2026-10-01: phoned in")
    finally:
        term.close()


def over_ssh(login: str, store_path) -> str:
    import shlex

    return f"{login} {shlex.quote(revtui_command(store_path))}"


def test_move_out_over_a_real_ssh_login(council, sshd, terminals):
    term = terminals(over_ssh(sshd, council))
    try:
        move_out(term, "C00000019", "01/10/2026", "Eleri Hughes")
        term.wait_for("(ended 2026-09-30)", "adjustment 2026-11-23")
        term.send("C-q")
        term.wait_for("EXITED 0")
    finally:
        term.close()
    term = terminals(over_ssh(sshd, council))
    try:
        term.wait_for("Find")
        term.send("C00000019")
        term.wait_for(" C00000019 ")
        term.send("Enter")
        term.wait_for("(ended 2026-09-30)")
    finally:
        term.close()


def test_two_officers_over_ssh_at_once_edit_different_accounts(council, sshd, terminals):
    import datetime as dt

    from revtui.records.ctax import open_records
    from revtui.store import Store

    first, second = terminals(over_ssh(sshd, council)), terminals(over_ssh(sshd, council))
    try:
        for term in (first, second):
            term.wait_for("Find")
        first.send("C00000019")
        second.send("C00000027")
        first.wait_for(" C00000019 ")
        second.wait_for(" C00000027 ")
        first.send("Enter")
        second.send("Enter")
        first.wait_for("Eleri Hughes", "(current)")
        second.wait_for("Brian Lewis", "(current)")
        # both forms open at once, then both saved
        first.send("o")
        second.send("n")
        first.wait_for("Move-out date")
        second.wait_for("Note")
        first.send("C-u", "01/10/2026", "Enter", "4 New Road, Otherton", "Enter", "OT1 2AB", "Enter", "phoned in",
                   "Enter")
        second.send("Promised to pay on Friday", "Enter")
        first.wait_for("the effect")
        second.wait_for("the effect")
        first.send("y")
        second.send("y")
        first.wait_for("(ended 2026-09-30)")
        second.send("5")
        second.wait_for("Promised to pay on Friday")
        assert "NOT SAVED" not in first.screen() + second.screen()
    finally:
        first.close()
        second.close()
    store = Store(council, user="check")
    records = open_records(store)
    assert records.accounts.find_one("reference", "C00000019").value.liability.end == dt.date(2026, 9, 30)
    assert [n.text for n in records.accounts.find_one("reference", "C00000027").value.notes] == [
        "Promised to pay on Friday"]
    store.close()


def test_monochrome_no_color_uses_only_greys_and_reverse_video_for_what_matters(council, terminals):
    import re

    term = terminals(f"NO_COLOR=1 {revtui_command(council)}")
    try:
        term.wait_for("Find")
        term.send("hug")
        term.wait_for("C00000019 Eleri Hughes")
        term.send("Down")
        time.sleep(0.5)
        screen = term.screen(escapes=True)
        # 256-colour codes 232-255 are the grey ramp: nothing is told by colour alone
        colours = {int(n) for n in re.findall(r"[34]8;5;(\d+)", screen)}
        assert colours and all(232 <= n <= 255 for n in colours), colours
        assert not re.search(r"[34]8;2;", screen)  # no true colour either
        training = next(line for line in screen.splitlines() if "TRAINING" in line)
        chosen = next(line for line in screen.splitlines() if "C00000019" in line)
        reverse = r"\x1b\[[0-9;]*\b7m(?:\x1b\[[0-9;]*m)*[^\x1b]*"  # reverse video, then the text
        assert re.search(reverse + "TRAINING", training)
        assert re.search(reverse + "C00000019", chosen)  # the chosen result
    finally:
        term.close()


def test_no_tmux_server_or_socket_of_ours_is_left_when_the_fixture_ends(tmp_path):
    import subprocess

    with private_terminals(tmp_path / "tmux") as open_terminal:
        term = open_terminal("sleep 600")  # still running, never closed by the test
        assert term.socket.parent == tmp_path / "tmux" and term.socket.is_socket()  # not the shared tmux folder
        panes = subprocess.run([term.tmux, "-S", str(term.socket), "list-panes", "-F", "#{pane_start_command}"],
                               capture_output=True, text=True)
        assert "sleep 600" in panes.stdout
    assert list((tmp_path / "tmux").iterdir()) == []
    assert subprocess.run([term.tmux, "-S", str(term.socket), "list-sessions"], capture_output=True).returncode != 0


def test_keys_typed_at_full_speed_reach_each_screen_in_order(council, terminals):
    """Issue 20 item 1: an officer who knows the keys types ahead of the screens. One burst finds
    the account, moves the resident out, moves the new one in and awards them the single person
    discount; every value lands in its own field and each change is saved."""
    import datetime as dt

    from revtui.records.ctax import open_records
    from revtui.store import Store

    term = terminals(revtui_command(council))
    try:
        term.wait_for("Find", "Reference, name, address")
        term.burst("C00000019", "Enter",
                   "o", "C-u", "01/10/2026", "Enter", "4 New Road, Otherton", "Enter", "OT1 2AB", "Enter",
                   "phoned in", "Enter", "y",
                   "i", "C-u", "02/10/2026", "Enter", "Ann Smith", "Enter",
                   *["Enter"] * 6,  # phone, email, pay by (cash), sort code, account number, 10 instalments
                   "n", "Enter",  # not the only adult: the discount comes with 'd' below
                   "new tenant", "Enter", "y",
                   "d", "C-u", "02/10/2026", "Enter", "lives alone", "Enter", "y",
                   "7")
        screen = term.wait_for("Ann Smith", "single person discount from 2026-10-02", "move in on 2026-10-02")
        assert "NOT SAVED" not in screen and "Cannot do that" not in screen
        term.send("C-q")
        term.wait_for("EXITED 0")
    finally:
        term.close()
    store = Store(council, user="check")
    records = open_records(store)
    old = records.accounts.find_one("reference", "C00000019").value
    assert old.liability.end == dt.date(2026, 9, 30)
    assert old.correspondence is not None and "4 New Road, Otherton" in str(old.correspondence)
    assert "OT1 2AB" in str(old.correspondence)
    new = [a.value for a in records.accounts if a.value.property_reference == old.property_reference
           and a.value.reference != old.reference]
    assert [(a.names, a.liability.start) for a in new] == [("Ann Smith", dt.date(2026, 10, 2))]
    assert [d.start for d in new[0].liability.discounts] == [dt.date(2026, 10, 2)]
    store.close()
