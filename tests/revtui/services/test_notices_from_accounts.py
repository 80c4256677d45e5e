"""The notices after a liability order, the refund letter, the completion notice and the general
letter, built from a store the services made (bills, payments, the recovery run, a refund, a new
dwelling), not from sample data: each states the account's own figures.

Accounts come from conftest: band D in Ashby Parva (ASH), billed for 2026/27 on 10 March 2026.
Band D 2026/27 = 2537.21 (test_notices.py adds it up). The demo council's stages
(revtui/demo/councils/recovery/ctax_stages.toml): summons costs £70.00, liability order costs
£0.00, 14 days for the reg. 36 information (SI 1992/613 reg. 36), then the remedies in order
(attachment of earnings with an employer, else enforcement agents).
"""

import datetime as dt
import io
from decimal import Decimal

import pypdf
import pytest

from letters.issued import reprint, restore
from revcore.refunds import bacs_payee
from revtui.records.notices import open_notice_records
from revtui.services import approvals, notices
from revtui.services.account_actions import propose_payment
from revtui.services.changes import ActionError, commit
from revtui.services.dwellings import propose_new_dwelling
from revtui.services.officer_letters import (
    issue_completion_notice,
    issue_refund_letter,
    issued_on_account,
    propose_general_letter,
    reprint_to_file,
)
from revtui.services.recovery import propose_means, recovery_repository, recovery_run
from revtui.services.session import open_session

from tests.revtui.services.conftest import account, billed_account

D = dt.date
M = Decimal
HEARING = D(2026, 6, 24)


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def on(cash, day):
    return open_session(cash.store, today=day, officer=cash.store.user)


def pay(cash, reference, amount, day):
    session = on(cash, day)
    stored = cash.accounts.find_one("reference", reference)
    commit(session, stored, propose_payment(session, stored.value, amount, "", "cash", "at the desk"))


@pytest.fixture()
def recovered(cash):
    """Two accounts that each paid £300.00 on 20 April and nothing more: one debtor's employer is
    recorded before the remedies, so the run orders an attachment of earnings; the other is referred
    to enforcement agents."""
    referred, attached = billed_account(cash, 7), billed_account(cash, 8)
    for reference in (referred.reference, attached.reference):
        pay(cash, reference, "300.00", D(2026, 4, 20))
    for run_day in (D(2026, 5, 11), D(2026, 5, 19), D(2026, 6, 2), HEARING):
        recovery_run(on(cash, run_day), issue=True, hearings=(HEARING,))
    session = on(cash, D(2026, 7, 1))
    stored = cash.accounts.find_one("reference", attached.reference)
    file = recovery_repository(cash.store).find_one("account", attached.reference)
    commit(session, stored, propose_means(session, stored.value, file, "Acme Widgets Ltd", "monthly", "1600.00", "n",
                                          "n", "reg. 36 form returned", "Unit 4, Demo Park, Demoton, DT5 6GH"))
    recovery_run(on(cash, D(2026, 7, 9)), issue=True, hearings=(HEARING,))
    return referred.reference, attached.reference


def test_the_liability_order_notice_states_the_order_from_the_history_and_the_ledger(cash, recovered, tmp_path):
    referred, attached = recovered
    # the run noted the letter on the account like a notice, waiting for its print run
    assert f"{referred}/2026/27/liability_order/1" in [n.number for n in account(cash, referred).notices]

    run, problems = notices.draft_print_run(on(cash, HEARING), "liability_order_notice", tmp_path, day=HEARING,
                                            workers=1)

    # 2537.21 charged - 300.00 paid + 70.00 summons costs (the ledger's) + 0.00 order costs = 2307.21 each
    assert problems == [] and (run.count, run.total) == (2, M("4614.42"))
    stored = open_notice_records(cash.store).issued.find_one("number", f"{referred}/2026/27/liability_order/1")
    notice, _ = restore(stored.value.record)
    assert (notice.order_date, notice.order_amount, notice.paid_since, notice.balance) == (
        HEARING, M("2307.21"), M("0.00"), M("2307.21"))
    assert notice.reply_by == D(2026, 7, 8)  # 24 June + 14 days (reg. 36)
    text = text_of(reprint(stored.value.record))
    for expected in (referred, "Payer 7", "Demoton Magistrates", "24 June 2026", "£2,307.21", "8 July 2026"):
        assert expected in text, expected


def test_a_payment_after_the_run_on_the_notices_day_is_shown_paid_since_the_order(cash):
    first = billed_account(cash, 9)
    pay(cash, first.reference, "300.00", D(2026, 4, 20))
    for run_day in (D(2026, 5, 11), D(2026, 5, 19), D(2026, 6, 2), HEARING):
        recovery_run(on(cash, run_day), issue=True, hearings=(HEARING,))
    pay(cash, first.reference, "107.21", HEARING)  # at the desk after the run, the same day

    [pending] = notices.recovery_notices(on(cash, HEARING), "liability_order_notice", HEARING)

    # ordered 2307.21; owed at the end of the day 2307.21 - 107.21 = 2200.00
    assert (pending.notice.order_amount, pending.notice.paid_since, pending.notice.balance) == (
        M("2307.21"), M("107.21"), M("2200.00"))


def test_the_referral_letter_names_the_agent_the_sum_and_the_compliance_fee(cash, recovered, tmp_path):
    referred, _ = recovered
    run, problems = notices.draft_print_run(on(cash, D(2026, 7, 9)), "enforcement_referral", tmp_path,
                                            day=D(2026, 7, 9), workers=1)

    assert problems == [] and (run.count, run.total) == (1, M("2307.21"))
    notice, _ = restore(open_notice_records(cash.store).issued.find_one("run", run.run_id).value.record)
    # compliance fee £75.00 with no percentage (Taking Control of Goods (Fees) Regulations 2014, the dated table)
    assert (notice.amount, notice.compliance_fee, notice.liability_order_date, notice.referral_date) == (
        M("2307.21"), M("75.00"), HEARING, D(2026, 7, 9))
    text = text_of((tmp_path / run.batches[0].pdf_name).read_bytes())
    for expected in (referred, "Demo Enforcement Services Ltd", "£2,307.21", "£75.00", "24 June 2026", "9 July 2026"):
        assert expected in text, expected


def test_the_attachment_of_earnings_order_goes_to_the_employer_with_the_balance_and_the_table(cash, recovered,
                                                                                                tmp_path):
    _, attached = recovered
    run, problems = notices.draft_print_run(on(cash, D(2026, 7, 9)), "attachment_of_earnings_order", tmp_path,
                                            day=D(2026, 7, 9), workers=1)

    assert problems == [] and (run.count, run.total) == (1, M("2307.21"))
    notice, _ = restore(open_notice_records(cash.store).issued.find_one("run", run.run_id).value.record)
    assert notice.header.addressee.window_lines == ("The Payroll Manager", "Acme Widgets Ltd", "Unit 4", "Demo Park",
                                                    "Demoton", "DT5 6GH")
    assert (notice.debtor_name, notice.amount, notice.pay_period, notice.admin_fee) == (
        "Payer 8", M("2307.21"), "monthly", M("1.00"))
    # Sch 4 Table B from 1 April 2007: the top band ends at £2,020.00 at 17%: 2020.00 x 17% = 343.40
    assert (notice.rates[-1].up_to, notice.rates[-1].percent) == (M("2020.00"), M("17"))
    text = text_of((tmp_path / run.batches[0].pdf_name).read_bytes())
    for expected in (attached, "Acme Widgets Ltd", "DT5 6GH", "Payer 8", "£2,307.21", "£343.40", "£1.00"):
        assert expected in text, expected


def test_an_order_without_the_employers_address_is_refused_naming_the_step(cash, recovered, tmp_path):
    _, attached = recovered
    session = on(cash, D(2026, 7, 9))
    stored = cash.accounts.find_one("reference", attached)
    file = recovery_repository(cash.store).find_one("account", attached)
    commit(session, stored, propose_means(session, stored.value, file, "Acme Widgets Ltd", "monthly", "1600.00", "n",
                                          "n", "telephone call"))
    with pytest.raises(notices.NoticeError, match="attachment_of_earnings/1: record Acme Widgets Ltd's payroll"):
        notices.draft_print_run(session, "attachment_of_earnings_order", tmp_path, day=D(2026, 7, 9), workers=1)


def test_the_refund_letter_is_for_an_approved_posted_refund(cash, tmp_path, capsys):
    first = billed_account(cash, 11)
    pay(cash, first.reference, "2600.00", D(2026, 4, 20))  # 2600.00 - 2537.21 = 62.79 in credit
    session = on(cash, D(2026, 4, 21))
    record = approvals.request_refund(cash, first.reference, today=session.today, officer="batch",
                                      payee=bacs_payee("12-34-56", "87654321", "Payer 11"), amount=M("62.79"),
                                      reason="Paid more than the year's charge", limits=session.limits)
    # above this officer's limit (none): no letter until a second officer approves and it is posted
    assert not record.value.entry
    with pytest.raises(notices.NoticeError, match="pending and not yet posted"):
        issue_refund_letter(session, record.value.request.id)
    approvals.decide_request(cash, record.value.request.id, today=session.today, officer="bjones", approve=True)

    from revtui.commands.notices import main

    roles = tmp_path / "roles.toml"
    roles.write_text('[roles.users]\nasmith = "officer"\n')
    at = ["--store", str(cash.store.path), "--roles", str(roles)]
    assert main([*at, "notice", "refund-letter", "RF-nothing"], officer="asmith") == 2
    assert "no refund request 'RF-nothing'" in capsys.readouterr().err
    assert main([*at, "notice", "refund-letter", record.value.request.id], officer="asmith") == 0
    number = f"{first.reference}/refund/{record.value.request.id}"
    assert f"notice {number} issued (refund_letter)" in capsys.readouterr().out
    stored = open_notice_records(cash.store).issued.find_one("number", number)

    notice, _ = restore(stored.value.record)
    assert (notice.amount, notice.financial_year, notice.method, notice.account_ending) == (
        M("62.79"), "2026/27", "bank", "4321")
    text = text_of(reprint(stored.value.record))
    for expected in (first.reference, "£62.79", "ending 4321", "Paid more than the year's charge"):
        assert expected in text, expected
    assert stored.value.number in [n.number for n in account(cash, first.reference).notices]
    with pytest.raises(notices.NoticeError, match="already issued"):
        issue_refund_letter(session, record.value.request.id)


def test_recording_a_new_dwelling_serves_its_completion_notice(cash):
    session = on(cash, D(2026, 11, 23))
    proposal = propose_new_dwelling(session, "100099990001", "1 New Close, Ashby Parva", "dm1 9zz", "ASH",
                                    "building control BC/2026/0412", "01/12/2026")
    # 28 days beginning with the day of service (23 November): the last is 20 December
    assert "appeal by 2026-12-20" in proposal.effect
    commit(session, None, proposal)

    [stored] = [s.value for s in open_notice_records(cash.store).issued if s.value.record.notice_type ==
                "completion_notice"]
    notice, _ = restore(stored.record)
    assert (notice.header.issue_date, notice.completion_day, notice.appeal_by) == (
        D(2026, 11, 23), D(2026, 12, 1), D(2026, 12, 20))
    text = text_of(reprint(stored.record))
    for expected in ("The Owner", "1 New Close", "DM1 9ZZ", "1 December 2026", "20 December 2026"):
        assert expected in text, expected
    with pytest.raises(notices.NoticeError, match="completion_notice/1 was already issued"):
        issue_completion_notice(session, notice.header.account_reference, ("1 New Close", "Ashby Parva"), "DM1 9ZZ",
                                D(2026, 12, 1), D(2026, 11, 23))


def test_an_officers_letter_is_stored_as_issued_and_reprints_from_the_account(cash, tmp_path):
    first = billed_account(cash, 12)
    session = on(cash, D(2026, 11, 23))
    stored = cash.accounts.find_one("reference", first.reference)
    with pytest.raises(ActionError, match="subject"):
        propose_general_letter(session, stored.value, " ", "text")
    proposal = propose_general_letter(session, stored.value, "Council Tax: your move",
                                      "Please tell us the date you moved in. / Thank you.", "14/12/2026")
    commit(session, stored, proposal)

    [issued] = issued_on_account(session, first.reference)
    assert issued.number == f"{first.reference}/letter/1"
    notice, _ = restore(issued.record)
    assert [p.en for p in notice.paragraphs] == ["Please tell us the date you moved in.", "Thank you."]
    path = reprint_to_file(session, issued.number, tmp_path / "previews")
    assert path.read_bytes() == reprint(issued.record) and path.stat().st_mode & 0o077 == 0
    assert issued.record.computed_hash() == issued.record.content_hash
    text = text_of(path.read_bytes())
    for expected in ("Council Tax: your move", "Please tell us the date you moved in.", "14 December 2026"):
        assert expected in text, expected


def test_the_summons_and_the_reminder_state_the_balance_at_issue_and_the_ledgers_costs(cash, recovered, tmp_path):
    referred, _ = recovered
    summons, problems = notices.draft_print_run(on(cash, D(2026, 6, 2)), "summons", tmp_path / "s", day=D(2026, 6, 2),
                                                workers=1)
    # 2537.21 - 300.00 = 2237.21 outstanding on 2 June, and the £70.00 the run posted to the ledger: 2307.21 each
    assert problems == [] and summons.total == 2 * M("2307.21")
    ledger = account(cash, referred).ledger
    assert ledger.entry_for_source(f"{referred}/2026/27/summons_costs/1").amount == M("70.00")
    reminders, problems = notices.draft_print_run(on(cash, D(2026, 5, 11)), "reminder", tmp_path / "r",
                                                  day=D(2026, 5, 11), workers=1)
    notice, _ = restore(open_notice_records(cash.store).issued.find_one(
        "number", f"{referred}/2026/27/reminder/1").value.record)
    # instalments 251.21 (1 April) + 254.00 (1 May) due, 300.00 paid: 205.21 asked for; the year's
    # balance on 11 May 2537.21 - 300.00 = 2237.21, whatever was paid later
    assert problems == [] and (notice.amount_due, notice.balance) == (M("205.21"), M("2237.21"))


def test_a_dwelling_recorded_before_notices_were_stored_gets_its_completion_notice_by_command(cash, tmp_path,
                                                                                               capsys):
    from revcore.ctax import Address
    from revtui.commands.notices import main
    from revtui.services.dwellings import NewDwelling, dwellings_repository

    with cash.store.change("an older store: the dwelling alone"):
        dwellings_repository(cash.store).add(NewDwelling(
            "P0000077", "100099990077", Address(("7 New Close", "Ashby Parva"), "DM1 9ZZ"), "ASH", "BC/2026/0001",
            D(2026, 10, 1), D(2026, 9, 14), D(2026, 9, 14)))
    roles = tmp_path / "roles.toml"
    roles.write_text('[roles.users]\nasmith = "officer"\n')
    at = ["--store", str(cash.store.path), "--roles", str(roles)]
    assert main([*at, "notice", "completion", "P0000077"], officer="asmith") == 0
    assert "notice P0000077/completion_notice/1 issued (completion_notice)" in capsys.readouterr().out
    notice, _ = restore(open_notice_records(cash.store).issued.find_one(
        "number", "P0000077/completion_notice/1").value.record)
    # served 14 September 2026; 28 days beginning with that day end on 11 October
    assert (notice.header.issue_date, notice.completion_day, notice.appeal_by) == (
        D(2026, 9, 14), D(2026, 10, 1), D(2026, 10, 11))
    assert main([*at, "notice", "completion", "P0000099"], officer="asmith") == 2
    assert "no new dwelling 'P0000099'" in capsys.readouterr().err
