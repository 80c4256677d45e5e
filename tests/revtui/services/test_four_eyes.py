"""Four eyes by limits: one request, and each day's totals on an account and by an officer.
Splitting a refund or write-off into small ones does not get it past a second officer, and no
one (in any spelling, whatever the environment says) authorises their own request."""

import datetime as dt
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import attrs
import pytest


from refdata.ledger import ledger_settings
from revcore.approvals import ApprovalError
from revcore.references import make_reference
from revtui.services.approvals import decide_request, pending_requests, request_refund, request_write_off
from revtui.identity import os_user
from revtui.services.limits import limits_for

from tests.revtui.services.conftest import YEAR, account, billed_account
from tests.revtui.services.test_approvals_service import PAYEE, TODAY

from revtui.demo.settings import DEMO_COUNCILS  # noqa: E402 - the installation's council folder

ROOT = Path(__file__).resolve().parents[3]
OFFICER = limits_for(["officer"])


def moved_out_having_paid(cash, serial: int, paid: str) -> str:
    """Account C<serial>, moved out on 30 June 2026 having paid ``paid`` (632.56 was due): its reference."""
    billed_account(cash, serial, end=dt.date(2026, 6, 30))
    stored = cash.accounts.find_one("reference", make_reference("C", serial))
    ledger = stored.value.ledger.pay(Decimal(paid), effective=dt.date(2026, 6, 1), posted=dt.date(2026, 6, 1),
                                     reason="paid at the desk", policy=ledger_settings(TODAY).policy)
    cash.accounts.save(stored, attrs.evolve(stored.value, ledger=ledger), reason="test: payment")
    return stored.value.reference


def refund(cash, reference, amount, officer="amy", today=TODAY):
    stored = request_refund(cash, reference, payee=PAYEE, today=today, officer=officer, amount=Decimal(amount),
                            reason="overpaid", limits=OFFICER)
    return stored.value


def posted(record) -> bool:
    return bool(record.entry)


def test_four_refunds_on_one_account_in_a_day_post_only_the_first_alone(cash):
    reference = moved_out_having_paid(cash, 1234, "2000.00")  # credit 1,367.44
    assert posted(refund(cash, reference, "250.00"))
    second = refund(cash, reference, "250.00")
    assert not posted(second) and [s.value.request.id for s in pending_requests(cash)] == [second.request.id]
    with pytest.raises(ApprovalError, match="already waiting for a decision"):
        refund(cash, reference, "250.00")
    decide_request(cash, second.request.id, today=TODAY, officer="sam", approve=False, note="one refund is enough")
    assert not posted(refund(cash, reference, "250.00"))  # still over the day's £250 on the account
    decide_request(cash, pending_requests(cash)[0].value.request.id, today=TODAY, officer="sam", approve=False)
    assert not posted(refund(cash, reference, "150.00"))
    assert account(cash, reference).ledger.balance == Decimal("-1117.44")  # only the first £250 paid out


def test_the_account_day_limit_holds_across_officers_and_resets_the_next_day(cash):
    reference = moved_out_having_paid(cash, 1234, "2000.00")
    assert posted(refund(cash, reference, "200.00", officer="amy"))
    waiting = refund(cash, reference, "100.00", officer="bob")
    assert not posted(waiting)  # £300 on the account today
    decide_request(cash, waiting.request.id, today=TODAY, officer="sam", approve=False)
    assert posted(refund(cash, reference, "100.00", officer="bob", today=TODAY + dt.timedelta(days=1)))


def test_the_officer_day_limit_holds_across_accounts_whatever_the_name_s_case(cash):
    first, second, third = (moved_out_having_paid(cash, serial, "1000.00") for serial in (1234, 1235, 1236))
    assert posted(refund(cash, first, "250.00", officer="amy"))
    assert posted(refund(cash, second, "250.00", officer="AMY"))
    assert not posted(refund(cash, third, "10.00", officer="Amy"))  # £510 by amy today, over £500


def test_three_write_offs_of_100_need_a_second_officer_after_the_first(cash):
    reference = moved_out_having_paid(cash, 1234, "100.00")  # owes 532.56 of 2026/27
    made = [request_write_off(cash, reference, YEAR, Decimal("100.00"), "cannot trace", today=TODAY, write_off="absconded_untraced",
                              officer="amy", limits=OFFICER).value for _ in range(3)]
    assert [posted(r) for r in made] == [True, False, False]


def test_write_offs_across_accounts_stop_at_the_officer_s_day_total(cash):
    references = [moved_out_having_paid(cash, serial, "100.00") for serial in (1234, 1235, 1236)]
    made = [request_write_off(cash, reference, YEAR, Decimal("100.00"), "cannot trace", today=TODAY, write_off="absconded_untraced",
                              officer="amy", limits=OFFICER).value for reference in references]
    assert [posted(r) for r in made] == [True, True, False]  # £200 a day alone


def test_a_senior_officer_s_limits_are_the_higher_ones(cash):
    reference = moved_out_having_paid(cash, 1234, "2000.00")
    record = request_refund(cash, reference, payee=PAYEE, today=TODAY, officer="sam", amount=Decimal("900.00"), reason="overpaid",
                            limits=limits_for(["officer", "senior officer"])).value
    assert posted(record)


def test_no_one_authorises_their_own_request_in_another_spelling(cash):
    reference = moved_out_having_paid(cash, 1234, "2000.00")
    waiting = refund(cash, reference, "900.00", officer="alice")
    for name in ("alice", "Alice", " ALICE "):
        with pytest.raises(ApprovalError, match="cannot also authorise"):
            decide_request(cash, waiting.request.id, today=TODAY, officer=name, approve=True)
    assert account(cash, reference).ledger.balance == Decimal("-1367.44")


def test_council_limits_in_the_roles_file_replace_the_defaults(tmp_path):
    from revtui.services.roles import load_roles

    roles = tmp_path / "roles.toml"
    roles.write_text('[limits.officer]\nrefund_single = "50.00"\n')
    limits = limits_for(["officer"], load_roles(roles).limits)
    assert (limits.refund.single, limits.refund.account_day) == (Decimal("50.00"), Decimal("250.00"))


def cli(*args, env):
    return subprocess.run([sys.executable, "-m", "revtui.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "REVTUI_COUNCILS": str(DEMO_COUNCILS),
                               **env}, timeout=300)


def test_a_forged_environment_does_not_make_another_officer(cash, tmp_path):
    """USER and LOGNAME say bob; the process runs as the requester, who cannot approve."""
    from revtui.clock import set_training_date

    reference = moved_out_having_paid(cash, 1234, "2000.00")
    me = os_user()
    waiting = refund(cash, reference, "900.00", officer=me)
    set_training_date(cash.store, TODAY, reason="test clock")  # anyone may authorise here: the rule is still four eyes
    path = cash.store.path
    cash.store.close()
    forged = {"USER": "bob", "LOGNAME": "bob", "USERNAME": "bob", "SUDO_USER": "bob"}
    done = cli("--store", path, "approvals", "--approve", waiting.request.id, env=forged)
    assert done.returncode == 2 and f"{me} asked for it and cannot also authorise it" in done.stderr
    listing = cli("--store", path, "approvals", env=forged)
    assert f"asked by {me}" in listing.stdout and "1 requests waiting" in listing.stdout
    gone = cli("--store", path, "--user", "bob", "approvals", env=forged)  # no option names the officer
    assert gone.returncode == 2 and "usage: revtui" in gone.stderr


def test_a_roles_file_cannot_be_chosen_through_the_environment(cash, tmp_path):
    reference = moved_out_having_paid(cash, 1234, "2000.00")
    waiting = refund(cash, reference, "900.00", officer="alice")
    path = cash.store.path
    cash.store.close()
    mine = tmp_path / "mine.toml"
    mine.write_text(f'[roles.users]\n"{os_user()}" = "senior officer"\n')
    done = cli("--store", path, "approvals", "--approve", waiting.request.id, env={"REVTUI_ROLES": str(mine)})
    assert done.returncode == 77 and "needs the senior officer role" in done.stderr
    assert f"{os_user()} is no role" in done.stderr
