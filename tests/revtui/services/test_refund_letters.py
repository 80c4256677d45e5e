"""The refund letter goes out because the refund was paid out: posting a council tax refund notes
its letter on the account, and the refund_letter print run of that day issues and prints it, once.

Accounts come from conftest: band D in Ashby Parva (ASH), billed for 2026/27 on 10 March 2026,
2537.21 for the year (test_notices.py adds it up). The demo council's refund limit is £250.00 an
officer (test_approvals_service.py): within it a refund posts at once; the officer of a session
opened here has no limit, so theirs waits for a second officer.
"""

import datetime as dt
import io
from decimal import Decimal

import attrs
import pypdf
import pytest

from letters.issued import restore
from refdata.ledger import ledger_settings
from revcore.refunds import bacs_payee, cheque_payee
from revtui.records.notices import open_notice_records
from revtui.services import approvals, notices
from revtui.services.account_file import open_account
from revtui.services.cash_actions import decide
from revtui.services.changes import commit
from revtui.services.contacts import propose_gone_away
from revtui.services.officer_letters import issue_refund_letter, issued_on_account, reprint_to_file
from revtui.services.session import open_session
from revtui.ui.widgets.sections import notices_text

from tests.revtui.services.conftest import account, billed_account
from tests.revtui.services.test_notices_welsh import welsh_account

D = dt.date
M = Decimal
PAID = D(2026, 4, 20)
ASKED = D(2026, 4, 21)
APPROVED = D(2026, 4, 22)
REASON = "Paid more than the year's charge"


def on(cash, day, council=None):
    return open_session(cash.store, council=council, today=day, officer=cash.store.user)


def paid(cash, reference, amount):
    """``amount`` paid at the desk on 20 April, posted straight to the ledger (the set-up)."""
    stored = cash.accounts.find_one("reference", reference)
    ledger = stored.value.ledger.pay(M(amount), effective=PAID, posted=PAID, reason="paid at the desk",
                                     policy=ledger_settings(PAID).policy)
    cash.accounts.save(stored, attrs.evolve(stored.value, ledger=ledger), reason="test: payment")


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def refund_letters_of(cash, reference):
    return [n for n in account(cash, reference).notices if n.kind == "refund_letter"]


def stored_letters(cash, reference):
    return [s.value for s in open_notice_records(cash.store).issued.find("account", reference)
            if s.value.record.notice_type == "refund_letter"]


def test_approving_a_refund_issues_one_letter_printed_by_that_days_run(cash, tmp_path):
    first = billed_account(cash, 31).reference
    paid(cash, first, "2600.00")  # 2600.00 - 2537.21 = 62.79 in credit
    asked = approvals.request_refund(cash, first, today=ASKED, officer="amy", reason=REASON, amount=M("62.79"),
                                     payee=bacs_payee("12-34-56", "87654321", "Mrs A Payer"),
                                     limits=on(cash, ASKED).limits)
    assert not asked.value.entry and refund_letters_of(cash, first) == []  # waiting: nothing paid, no letter

    ben = open_session(cash.store, today=APPROVED, officer="ben", roles=["senior officer"])
    said = decide(ben, asked.value.request.id, approve=True)  # as the approvals queue (f3) does

    assert "its refund letter is printed by the refund_letter print run of 2026-04-22" in said
    # paid out on 22 April: its letter is noted on the account, for the print run of that day
    number = f"{first}/refund/{asked.value.request.id}"
    [note] = refund_letters_of(cash, first)
    assert (note.number, note.issued, note.year, note.document) == (number, APPROVED, 2026, None)
    session = on(cash, APPROVED)
    file = open_account(session, cash.accounts.find_one("reference", first).doc_id)
    [line] = [row for row in notices_text(file).splitlines() if number in row]
    assert "refund letter" in line and "awaiting its pr" in line  # the line is cut to the screen's width

    run, problems = notices.draft_print_run(session, "refund_letter", tmp_path, day=APPROVED, workers=1)

    assert problems == [] and (run.count, run.total) == (1, M("62.79"))
    text = text_of((tmp_path / run.batches[0].pdf_name).read_bytes())
    for expected in (first, "Payer 31", "22 April 2026", "£62.79", "ending 4321", REASON,
                     "made out to Mrs A Payer"):
        assert expected in text, expected
    # the account view's notices (N) list it, stored as issued, and reprint it
    listed = [n.number for n in issued_on_account(session, first)]  # what N offers, as the account screen asks
    assert listed == [number]
    assert "N reprints a stored notice" in notices_text(open_account(session, file.account.doc_id), set(listed))
    assert "£62.79" in text_of(reprint_to_file(session, number, tmp_path / "previews").read_bytes())

    # the run drafted again prints the same letter; nothing issues a second one
    again, _ = notices.draft_print_run(session, "refund_letter", tmp_path / "again", day=APPROVED, workers=1)
    assert again.count == 1 and len(stored_letters(cash, first)) == 1 and len(refund_letters_of(cash, first)) == 1
    with pytest.raises(notices.NoticeError, match=f"already issued by print run {run.run_id}.*notice reprint {number}"):
        issue_refund_letter(session, asked.value.request.id)
    with pytest.raises(approvals.ApprovalError, match="already decided"):
        approvals.decide_request(cash, asked.value.request.id, today=APPROVED, officer="cat", approve=True)


def test_each_refund_gets_its_own_letter_saying_how_it_is_paid(cash, tmp_path):
    first = billed_account(cash, 32).reference
    paid(cash, first, "2700.00")  # 2700.00 - 2537.21 = 162.79 in credit
    # within the officer's £250.00: each is posted (paid out) when asked for, a day apart
    by_bank = approvals.request_refund(cash, first, today=ASKED, officer="amy", reason=REASON, amount=M("100.00"),
                                       payee=bacs_payee("12-34-56", "11112222", "Payer 32"))
    by_cheque = approvals.request_refund(cash, first, today=APPROVED, officer="amy", reason="Overpaid instalment",
                                         amount=M("62.79"),
                                         payee=cheque_payee("Payer 32", ["9 New Road", "Demoton", "DT1 1AA"]))
    assert by_bank.value.entry and by_cheque.value.entry and account(cash, first).ledger.balance == M("0.00")
    assert [n.issued for n in refund_letters_of(cash, first)] == [ASKED, APPROVED]

    runs = [notices.draft_print_run(on(cash, day), "refund_letter", tmp_path / str(day), day=day, workers=1)
            for day in (ASKED, APPROVED)]

    assert [(run.count, run.total, problems) for run, problems in runs] == [(1, M("100.00"), []), (1, M("62.79"), [])]
    letters = {restore(s.record)[0].amount: restore(s.record)[0] for s in stored_letters(cash, first)}
    assert (letters[M("100.00")].method, letters[M("100.00")].account_ending) == ("bank", "2222")
    assert (letters[M("62.79")].method, letters[M("62.79")].account_ending) == ("cheque", None)
    assert letters[M("62.79")].reason.en == "Overpaid instalment"
    second = runs[1][0]
    text = text_of((tmp_path / str(APPROVED) / second.batches[0].pdf_name).read_bytes())
    assert "We will send you a cheque for £62.79" in text and "Overpaid instalment" in text


def test_two_refunds_on_one_account_in_a_day_print_one_and_say_how_to_send_the_other(cash, tmp_path):
    first = billed_account(cash, 37).reference
    paid(cash, first, "2700.00")  # 162.79 in credit: 100.00 + 62.79, both within the £250.00 that day
    made = [approvals.request_refund(cash, first, today=ASKED, officer="amy", reason=REASON, amount=M(amount),
                                     payee=bacs_payee("12-34-56", "11112222", "Payer 37"))
            for amount in ("100.00", "62.79")]
    session = on(cash, ASKED)
    held: list[str] = []

    run, problems = notices.draft_print_run(session, "refund_letter", tmp_path, day=ASKED, workers=1, held=held)

    # a print run holds an account once (one envelope): the first refund's letter is printed
    assert problems == [] and (run.count, run.total) == (1, M("100.00"))
    later = made[1].value.request.id
    assert held == [f"{first}: refund letter {first}/refund/{later} not printed: the account has a refund letter "
                    f"in this run already; issue it with 'notice refund-letter {later}' and post its reprint"]
    issue_refund_letter(session, later)
    assert sorted(restore(s.record)[0].amount for s in stored_letters(cash, first)) == [M("62.79"), M("100.00")]
    # drafted again, the run prints the first letter again and leaves out the one sent by hand
    again, problems = notices.draft_print_run(session, "refund_letter", tmp_path / "again", day=ASKED, workers=1,
                                              held=held)
    assert problems == [] and (again.count, again.total) == (1, M("100.00")) and len(held) == 1


def test_a_gone_away_payers_letter_is_held_back_and_issued_only_once_traced(cash, tmp_path):
    gone, other = billed_account(cash, 33).reference, billed_account(cash, 34).reference
    for reference in (gone, other):
        paid(cash, reference, "2600.00")  # 62.79 in credit each
    session = on(cash, ASKED)
    stored = cash.accounts.find_one("reference", gone)
    commit(session, stored, propose_gone_away(session, stored.value, "bill returned", "returned mail"))
    made = [approvals.request_refund(cash, reference, today=ASKED, officer="amy", reason=REASON, amount=M("62.79"),
                                     payee=bacs_payee("12-34-56", "87654321", "Payer")) for reference in (gone, other)]
    held: list[str] = []

    run, problems = notices.draft_print_run(session, "refund_letter", tmp_path, day=ASKED, workers=1, held=held)

    # post to a gone-away account is stopped, as for every print run: only the other letter prints
    assert problems == [] and (run.count, run.total) == (1, M("62.79"))
    assert held == [f"{gone}: refund letter {gone}/refund/{made[0].value.request.id} not printed, "
                    "gone away since 2026-04-21"]
    assert stored_letters(cash, gone) == [] and len(refund_letters_of(cash, gone)) == 1  # still awaiting
    with pytest.raises(notices.NoticeError, match="gone away since 2026-04-21: post is stopped"):
        issue_refund_letter(session, made[0].value.request.id)


def test_a_refund_posted_before_letters_were_noted_gets_its_letter_by_hand_once(cash, tmp_path, capsys):
    first = billed_account(cash, 35).reference
    paid(cash, first, "2600.00")
    made = approvals.request_refund(cash, first, today=ASKED, officer="amy", reason=REASON, amount=M("62.79"),
                                    payee=cheque_payee("Payer 35", ["35 High Street", "Ashby Parva", "DM1 1AA"]))
    stored = cash.accounts.find_one("reference", first)  # as a store written before this change holds it
    cash.accounts.save(stored, attrs.evolve(stored.value, notices=()), reason="test: an older store")
    from revtui.commands.notices import main

    roles = tmp_path / "roles.toml"
    roles.write_text('[roles.users]\nasmith = "officer"\n')
    at = ["--store", str(cash.store.path), "--roles", str(roles)]
    number = f"{first}/refund/{made.value.request.id}"

    assert main([*at, "notice", "refund-letter", made.value.request.id], officer="asmith") == 0
    assert f"notice {number} issued (refund_letter)" in capsys.readouterr().out
    assert main([*at, "notice", "refund-letter", made.value.request.id], officer="asmith") == 2
    assert f"its letter {number} was already issued (dated 2026-04-21); reprint it" in capsys.readouterr().err
    [letter] = stored_letters(cash, first)
    notice, _ = restore(letter.record)
    assert (notice.header.issue_date, notice.amount, notice.method, notice.payee) == (
        ASKED, M("62.79"), "cheque", "Payer 35")
    assert [n.number for n in refund_letters_of(cash, first)] == [number]
    # sent from its reprint: the print run of its day does not post it again
    with pytest.raises(notices.NoticeError, match="nothing to print for refund_letter 2026-04-21"):
        notices.draft_print_run(on(cash, ASKED), "refund_letter", tmp_path, day=ASKED, workers=1)


def test_a_welsh_council_prints_the_refund_letter_in_welsh_and_english(cash, tmp_path):
    first = welsh_account(cash, 36).reference
    paid(cash, first, "2293.87")  # band D in Llandemo 2026/27 is 2193.87: 100.00 in credit
    made = approvals.request_refund(cash, first, today=ASKED, officer="amy", reason=REASON, amount=M("100.00"),
                                    payee=bacs_payee("12-34-56", "87654321", "Talwr 36"))
    assert made.value.entry

    run, problems = notices.draft_print_run(on(cash, ASKED, "demo-welsh"), "refund_letter", tmp_path, day=ASKED,
                                            workers=1)

    assert problems == [] and run.count == 1
    text = text_of((tmp_path / run.batches[0].pdf_name).read_bytes())
    for expected in ("Ad-daliad Treth Gyngor", "Council Tax refund", "£100.00", "4321", REASON,
                     "made out to Talwr 36", "daladwy i Talwr 36"):
        assert expected in text, expected


def test_a_business_rates_refund_gets_the_rates_letter_in_a_run_of_its_own(cash, tmp_path):
    from revtui.accounts.rates import BUSINESS_RATES

    from tests.revtui.services.test_recovery_kinds import _invoice
    from tests.revtui.services.test_refund_kinds import TODAY, _rates_in_credit

    shop = _rates_in_credit(cash, "400.00")  # the corner shop paid its 2,578.50 and 400.00 again
    asked = approvals.request_refund(cash, shop, today=TODAY, officer="amy", reason="paid twice in January",
                                     payee=bacs_payee("20-00-00", "55667788", "Corner Shop Ltd"))
    approvals.decide_request(cash, asked.value.request.id, today=TODAY, officer="ben", approve=True)
    _invoice(cash, payments=[(D(2026, 5, 20), M("350.00"))])  # a sundry invoice overpaid by 50.00
    [sundry] = approvals.request_refunds_for_closed_accounts(cash, today=TODAY, officer="amy")
    assert sundry.value.entry  # posted too: its letter is in a run of its own
    number = f"{shop}/refund/{asked.value.request.id}"
    rates = BUSINESS_RATES.repository(cash.store).find_one("reference", shop).value
    assert [(n.number, n.kind, n.issued) for n in rates.notices if "refund" in n.kind] == [
        (number, "rates_refund_letter", TODAY)]
    session = on(cash, TODAY)

    run, problems = notices.draft_print_run(session, "rates_refund_letter", tmp_path, day=TODAY, workers=1)

    assert problems == [] and (run.count, run.total) == (1, M("400.00"))
    text = text_of((tmp_path / run.batches[0].pdf_name).read_bytes())
    for expected in ("Business rates refund", shop, "£400.00", "ending 7788", "paid twice in January",
                     "made out to Corner Shop Ltd"):
        assert expected in text, expected
    assert [n.number for n in issued_on_account(session, shop)] == [number]
    with pytest.raises(notices.NoticeError, match="nothing to print for refund_letter"):  # council tax's run
        notices.draft_print_run(session, "refund_letter", tmp_path / "ctax", day=TODAY, workers=1)


def test_an_overpaid_invoices_refund_letter_goes_to_the_debtor_from_its_own_run(cash, tmp_path):
    from tests.revtui.services.test_recovery_kinds import _invoice
    from tests.revtui.services.test_refund_kinds import TODAY

    # trade waste invoice S00000019 of 300.00, paid 350.00: 50.00 overpaid, refunded by cheque to
    # the debtor at the invoice's address by the batch (within the officer's limit: posted at once)
    _invoice(cash, payments=[(D(2026, 5, 20), M("350.00"))])
    [made] = approvals.request_refunds_for_closed_accounts(cash, today=TODAY, officer="amy")
    session = on(cash, TODAY)

    run, problems = notices.draft_print_run(session, "sundry_refund_letter", tmp_path, day=TODAY, workers=1)

    assert problems == [] and (run.count, run.total) == (1, M("50.00"))
    number = f"S00000019/refund/{made.value.request.id}"
    notice, _ = restore(open_notice_records(cash.store).issued.find_one("number", number).value.record)
    assert (notice.notice_type, notice.amount, notice.method, notice.payee) == (
        "sundry_refund_letter", M("50.00"), "cheque", made.value.payee.name)
    assert notice.header.addressee.window_lines[-3:] == ("9 Mill Lane", "Brookfield", "DM5 2AB")
    text = text_of((tmp_path / run.batches[0].pdf_name).read_bytes())
    for expected in ("Refund of an overpayment", "£50.00 more than invoice S00000019",
                     "We will send you a cheque for £50.00"):
        assert expected in text, expected
    assert [n.number for n in issued_on_account(session, "S00000019")] == [number]  # reprinted from the invoice
    again, _ = notices.draft_print_run(session, "sundry_refund_letter", tmp_path / "again", day=TODAY, workers=1)
    assert again.count == 1 and len(open_notice_records(cash.store).issued.find("account", "S00000019")) == 1
