"""Refunds of every kind of account, paid to a named payee by BACS or cheque through the finance
system's payment file (each refund once), and write-offs that name their category."""

import csv
import datetime as dt
import os
from decimal import Decimal

import attrs
import pytest

from refdata.ledger import ledger_settings
from revcore.approvals import ApprovalError
from revcore.entries import EntryKind
from revcore.refunds import RefundMethod
from revtui.accounts.rates import BUSINESS_RATES
from revtui.accounts.sundry import SUNDRY
from revtui.reports.cash import refunds_and_write_offs
from revtui.services.approvals import (decide_request, payee_from, pending_requests, request_refund,
                                       request_refunds_for_closed_accounts, request_write_off)
from revtui.services.refund_payments import refunds_to_pay, write_refund_payment_file
from safefiles import private_mode

from tests.revtui.services.conftest import YEAR, billed_account
from tests.revtui.services.test_recovery_kinds import _invoice, _rates_account

D = dt.date
TODAY = D(2027, 2, 1)


def _rates_in_credit(cash, extra: str) -> str:
    """The corner shop (2,578.50 for 2026/27, ten instalments) paid in full, then ``extra`` again by mistake."""
    account = _rates_account(cash, paid_instalments=10)
    stored = BUSINESS_RATES.repository(cash.store).find_one("reference", account.reference)
    ledger = stored.value.ledger.pay(Decimal(extra), effective=D(2027, 1, 15), posted=D(2027, 1, 15),
                                     reason="paid twice", policy=ledger_settings(TODAY).policy)
    with cash.store.change("test: paid twice"):
        BUSINESS_RATES.repository(cash.store).save(stored, attrs.evolve(stored.value, ledger=ledger))
    return account.reference


def _rates_ledger(cash, reference):
    return BUSINESS_RATES.repository(cash.store).find_one("reference", reference).value.ledger


def test_a_rates_credit_is_refunded_by_bacs_once_a_second_officer_approves(cash):
    reference = _rates_in_credit(cash, "400.00")
    assert _rates_ledger(cash, reference).balance == Decimal("-400.00")  # 2,578.50 due, 2,978.50 paid
    payee = payee_from("bacs", "Corner Shop Ltd", "20-00-00", "5566 7788")
    asked = request_refund(cash, reference, today=TODAY, officer="amy", payee=payee, reason="paid twice in January")
    # £400.00 is above an officer's £250.00 for one refund (authorisation.toml): it waits
    assert asked.value.request.needs_second_officer and not asked.value.entry
    assert _rates_ledger(cash, reference).balance == Decimal("-400.00")
    listed = pending_requests(cash)[0].value.explain()
    assert "BACS to Corner Shop Ltd, sort code 20-00-00, account ****7788" in listed and "55667788" not in listed

    decide_request(cash, asked.value.request.id, today=TODAY, officer="ben", approve=True)
    ledger = _rates_ledger(cash, reference)
    assert ledger.balance == Decimal("0.00")
    assert (ledger.last.kind, ledger.last.amount, ledger.last.authorised_by) == (EntryKind.REFUND, Decimal("400.00"), "ben")


def test_closed_rates_and_sundry_accounts_in_credit_are_found_and_refunded_by_cheque(cash):
    reference = _rates_in_credit(cash, "100.00")
    stored = BUSINESS_RATES.repository(cash.store).find_one("reference", reference)
    ended = attrs.evolve(stored.value, liability=attrs.evolve(stored.value.liability, end=D(2027, 1, 20)))
    with cash.store.change("test: the shop closed"):
        BUSINESS_RATES.repository(cash.store).save(stored, ended)
    # trade waste invoice of £300.00, paid £350.00: £50.00 overpaid
    _invoice(cash, payments=[(D(2026, 5, 20), Decimal("350.00"))])
    made = {r.value.request.account: r.value for r in request_refunds_for_closed_accounts(cash, today=TODAY, officer="amy")}
    assert set(made) == {reference, "S00000019"}
    sundry = made["S00000019"]
    assert sundry.request.amount == Decimal("50.00") and sundry.entry  # within an officer's limit: posted
    assert sundry.payee.method is RefundMethod.CHEQUE
    assert sundry.payee.address == ("9 Mill Lane", "Brookfield", "DM5 2AB")
    assert SUNDRY.repository(cash.store).find_one("reference", "S00000019").value.ledger.balance == Decimal("0.00")
    assert made[reference].payee.name == "Corner Shop Ltd" and made[reference].request.amount == Decimal("100.00")
    assert request_refunds_for_closed_accounts(cash, today=TODAY, officer="amy") == []  # not raised twice


def test_a_bad_sort_code_is_refused_with_a_clear_message_and_nothing_changes(cash):
    reference = _rates_in_credit(cash, "40.00")
    with pytest.raises(ApprovalError, match=r"payee: bank details: sort code '20000': expected 6 digits"):
        payee_from("bacs", "Corner Shop Ltd", "20-00-0", "55667788")
    with pytest.raises(ApprovalError, match="payee: say who the refund is paid to"):
        request_refund(cash, reference, today=TODAY, officer="amy", payee=None, reason="paid twice")
    with pytest.raises(ApprovalError, match="cheque refund needs the address"):
        payee_from("cheque", "Corner Shop Ltd", address=" , ")
    assert cash.requests.find("account", reference) == []
    assert _rates_ledger(cash, reference).balance == Decimal("-40.00")


def test_the_payment_file_holds_each_approved_refund_once_and_no_formulas(cash, tmp_path):
    rates = _rates_in_credit(cash, "400.00")
    asked = request_refund(cash, rates, today=TODAY, officer="amy", reason="paid twice",
                           payee=payee_from("bacs", "=HYPERLINK(\"x\")", "200000", "55667788"))
    _invoice(cash, payments=[(D(2026, 5, 20), Decimal("350.00"))])
    request_refunds_for_closed_accounts(cash, today=TODAY, officer="amy")  # the sundry £50.00, posted at once
    out = tmp_path / "refunds-2027-02-01.csv"
    first = write_refund_payment_file(cash, out, day=TODAY, officer="ben")
    assert [r.request.account for r in first.refunds] == ["S00000019"]  # the rates refund waits for approval
    decide_request(cash, asked.value.request.id, today=TODAY, officer="ben", approve=True)

    again = tmp_path / "refunds-2027-02-01-b.csv"
    second = write_refund_payment_file(cash, again, day=TODAY, officer="ben")
    rows = list(csv.reader(again.open(newline="")))
    assert [row[1] for row in rows[1:]] == [rates]  # only what the first file did not hold
    header, line = rows
    cells = dict(zip(header, line))
    assert cells["payee"] == "'=HYPERLINK(\"x\")"  # formula-safe
    # the finance system pays by BACS from this file: the account number in full
    assert (cells["method"], cells["sort_code"], cells["account_number"], cells["amount"]) == (
        "BACS", "200000", "55667788", "400.00")
    assert (cells["requested_by"], cells["approved_by"]) == ("amy", "ben")
    assert os.stat(again).st_mode & 0o777 == private_mode()
    assert second.refunds[0].payment_file == again.name

    third = write_refund_payment_file(cash, tmp_path / "refunds-again.csv", day=TODAY, officer="ben")
    assert third.path is None and not (tmp_path / "refunds-again.csv").exists()
    _invoice(cash, number="S00000027", payments=[(D(2026, 5, 20), Decimal("310.00"))])
    request_refunds_for_closed_accounts(cash, today=TODAY, officer="amy")  # £10.00 more, posted at once
    with pytest.raises(FileExistsError):  # a file already there is never overwritten, and nothing is marked sent
        write_refund_payment_file(cash, out, day=TODAY, officer="ben")
    assert [s.value.request.account for s in refunds_to_pay(cash, TODAY)] == ["S00000027"]


def test_a_write_off_needs_a_category_and_the_report_shows_it(cash):
    billed_account(cash, 1234)  # owes 2,537.21 for 2026/27
    for code in ("", "lost"):
        with pytest.raises(ApprovalError, match="category: .*deceased_no_estate"):
            request_write_off(cash, "C00012343", YEAR, Decimal("80.00"), "debtor died", today=TODAY, officer="amy",
                              write_off=code)
    assert cash.requests.find("account", "C00012343") == []
    made = request_write_off(cash, "C00012343", YEAR, Decimal("80.00"), "debtor died; no estate", today=TODAY,
                             officer="amy", write_off="deceased_no_estate")
    assert made.value.entry  # within an officer's £100.00
    assert "category: deceased, no estate" in made.value.explain()
    report = refunds_and_write_offs(cash.store, TODAY)
    assert ("write-off", "deceased, no estate", "(within the officer's own limit)", "amy", 1, Decimal("80.00")) in report.rows
    assert ("write-off", "all", "total", "", 1, Decimal("80.00")) in report.rows


def test_the_approvals_command_raises_lists_and_sends_refunds_once(cash, tmp_path, capsys):
    from revtui.clock import set_training_date
    from revtui.commands.payments import main

    _invoice(cash, payments=[(D(2026, 5, 20), Decimal("350.00"))])  # £50.00 overpaid
    set_training_date(cash.store, TODAY, reason="test clock")
    path = cash.store.path
    cash.store.close()
    command = ["--store", path]  # a training store: whoever runs it is a trainer
    assert main([*command, "approvals", "--raise-refunds"]) == 0
    raised = capsys.readouterr().out
    assert "S00000019: £50.00" in raised and "pay cheque to Lee Archer, 9 Mill Lane, Brookfield, DM5 2AB" in raised
    out = tmp_path / "refunds.csv"
    assert main([*command, "approvals", "--payment-file", str(out)]) == 0
    assert "1 refund(s), £50.00, written to" in capsys.readouterr().out
    assert main([*command, "approvals", "--payment-file", str(tmp_path / "again.csv"), "--date", "2027-02-01"]) == 0
    assert "no file written" in capsys.readouterr().out and not (tmp_path / "again.csv").exists()
    assert main([*command, "approvals", "--payment-file", str(out)]) == 0  # nothing new: the file is left as it is
    assert len(out.read_text().splitlines()) == 2


def test_a_backdated_reduction_s_credit_and_its_interest_are_refunded_together(tmp_path):
    """The worked example of tests/revtui/rates/test_rating_schedule.py: a £40,000 shop reduced to
    £30,000 from 1 April 2023 leaves 2 x £4,990.00 overpaid and £344.51 + £194.64 = £539.15 interest
    on repayments (SI 1990/1904) credited, £10,519.15 in all; the refund pays both, the interest
    shown apart in the payment file, once a second officer approves."""
    from revtui.imports.nndr_schedule import parse_schedule
    from revtui.records.payments import open_cash_records
    from revtui.records.rates import rates_accounts
    from revtui.services.rating_schedule import import_schedule
    from revtui.services.session import set_council
    from revtui.store import Store
    from tests.revtui.rates.test_rating_schedule import NAME, UARN, billed_and_paid, change, data

    store = Store(tmp_path / "council.db", user="rates.officer")
    set_council(store, "demo-district")
    rates_accounts(store).add(billed_and_paid(), reason="test account")
    today = D(2025, 3, 3)
    import_schedule(store, parse_schedule(NAME, data(change(1, "A", UARN, "30000", "01-APR-2023", "26641211778"))),
                    officer="rates.officer", today=today)
    cash = open_cash_records(store)
    asked = request_refund(cash, "N00000777", today=today, officer="amy", reason="RV reduced from 1 April 2023",
                           payee=payee_from("bacs", "Mill Lane Traders Ltd", "20-00-00", "55667788"))
    assert (asked.value.request.amount, asked.value.interest) == (Decimal("10519.15"), Decimal("539.15"))
    assert "of which £539.15 interest on repayments" in asked.value.explain()
    assert not asked.value.entry
    decide_request(cash, asked.value.request.id, today=today, officer="ben", approve=True)
    assert rates_accounts(store).find_one("reference", "N00000777").value.ledger.balance == Decimal("0.00")
    out = tmp_path / "refunds.csv"
    write_refund_payment_file(cash, out, day=today, officer="ben")
    [cells] = list(csv.DictReader(out.open(newline="")))
    assert (cells["amount"], cells["of_which_interest"], cells["approved_by"]) == ("10519.15", "539.15", "ben")
    store.close()


def test_the_refund_form_refuses_a_bad_sort_code_and_names_the_payee_before_saving(session):
    from tests.revtui.services.test_direct_debit_and_letters import account_file
    from revtui.services.cash_actions import propose_refund
    from revtui.services.changes import ActionError, commit

    f = account_file(session, "C00000019")
    owed = f.account.value.ledger.balance
    ledger = f.account.value.ledger.pay(owed + Decimal("30.00"), effective=session.today, posted=session.today,
                                        reason="paid too much", policy=ledger_settings(session.today).policy)
    with session.store.change("test: overpaid"):
        session.cash.accounts.save(f.account, attrs.evolve(f.account.value, ledger=ledger))
    f = account_file(session, "C00000019")
    bacs = {"method": "bacs", "payee": "E Hughes", "sort_code": "12-34-5X", "account_number": "12345678"}
    with pytest.raises(ActionError, match=r"payee: bank details: sort code '12345X': expected 6 digits"):
        propose_refund(session, f.account.value, "30.00", "overpaid", bacs)
    with pytest.raises(ActionError, match="pay by: 'paypal'"):
        propose_refund(session, f.account.value, "30.00", "overpaid", {**bacs, "method": "paypal"})
    assert session.cash.requests.find("account", "C00000019") == []
    proposal = propose_refund(session, f.account.value, "30.00", "overpaid", {**bacs, "sort_code": "12-34-56"})
    assert "BACS to E Hughes, sort code 12-34-56, account ****5678" in proposal.effect
    commit(session, f.account, proposal)
    [made] = session.cash.requests.find("account", "C00000019")
    assert made.value.entry and made.value.payee.bank.account_number == "12345678"
    assert account_file(session, "C00000019").account.value.ledger.balance == Decimal("0.00")


def test_the_approvals_command_asks_a_refund_on_a_rates_account_and_refuses_bad_bank_details(cash, capsys):
    from revtui.clock import set_training_date
    from revtui.commands.payments import main
    from revtui.records.payments import open_cash_records
    from revtui.store import Store

    reference = _rates_in_credit(cash, "400.00")
    set_training_date(cash.store, TODAY, reason="test clock")
    path = cash.store.path
    cash.store.close()
    command = ["--store", path, "approvals", "--refund", reference, "--reason", "paid twice", "--pay-by", "bacs",
               "--payee", "Corner Shop Ltd", "--account-number", "55667788"]
    assert main([*command, "--sort-code", "20-00"]) == 2
    assert "payee: bank details: sort code '2000': expected 6 digits" in capsys.readouterr().err
    assert main([*command, "--sort-code", "20-00-00"]) == 0
    said = capsys.readouterr().out
    assert f"refund RF-{reference}-1 on {reference}: £400.00" in said and "waiting for a second officer" in said
    with Store(path, user="test") as store:
        [made] = open_cash_records(store).requests.find("account", reference)
        assert made.value.payee.bank.sort_code == "200000"
