"""Direct Debit over the store: set-up with notice, the daily run and its Standard 18 file,
ARUDD reversing once, ADDACS cancelling, and the 12-instalment choice that billing keeps."""

import datetime as dt
from decimal import Decimal

import attrs
import pytest

from refdata.ctax import load_tariff
from refdata.instalments import instalment_rules
from revcore.directdebit import DirectDebitError, MandateStatus, parse_bank_account
from revcore.entries import EntryKind
from revcore.instalments import Plan
from revcore.periods import FinancialYear
from revtui.formats.standard18 import ServiceUser, julian
from revtui.records.ctax import PaymentMethod
from revtui.services.billing import bill_year
from revtui.services.directdebit import (
    cancel_direct_debit,
    choose_instalments,
    import_addacs,
    import_arudd,
    run_direct_debits,
    set_up_direct_debit,
)

from tests.revtui.services.conftest import YEAR, account, billed_account, dwelling

COUNCIL = ServiceUser("999123", "DEMO DISTRICT", parse_bank_account("40-20-20", "12345678", "DEMO DC COLLECTION"))
SET_UP = dt.date(2026, 5, 11)  # a Monday
# 10 working days after 11 May 2026, skipping the bank holiday on 25 May: 26 May.
# So the first instalment collected is the one due Monday 1 June 2026: 254.00
# (2537.21 over 10: nine of round(253.721) = 254.00, the first 2537.21 - 9 x 254 = 251.21).
FIRST = dt.date(2026, 6, 1)


@pytest.fixture()
def dd_account(cash):
    billed_account(cash, 1234)  # C00012343
    set_up_direct_debit(cash, "C00012343", "20-00-00", "5551 2345", "Ms A Payer", today=SET_UP, officer="amy")
    return cash


def run(cash, tmp_path, collection_date, today):
    return run_direct_debits(cash, collection_date, tmp_path / "bacs", today=today, officer="cron", user=COUNCIL)


def test_set_up_validates_bank_details_and_records_the_advance_notice(cash):
    billed_account(cash, 1234)
    with pytest.raises(DirectDebitError, match="expected 8 digits"):
        set_up_direct_debit(cash, "C00012343", "200000", "5551234", "Ms A Payer", today=SET_UP, officer="amy")
    assert account(cash, "C00012343").payment_method is PaymentMethod.CASH

    set_up_direct_debit(cash, "C00012343", "20-00-00", "5551 2345", "Ms A Payer", today=SET_UP, officer="amy")
    dd = account(cash, "C00012343").direct_debit
    assert account(cash, "C00012343").payment_method is PaymentMethod.DIRECT_DEBIT
    assert dd.mandate.status is MandateStatus.NEW and dd.collect_from == dt.date(2026, 5, 26)
    [sent] = dd.notices
    notice = sent.notice
    assert sent.recorded_on == SET_UP and notice.reason == "first collection"
    # 1 June to 1 January: 8 collections of 254.00, the first an 01
    assert [(c.collection_date, c.amount, c.code.value) for c in notice.collections][:2] == [
        (FIRST, Decimal("254.00"), "01"), (dt.date(2026, 7, 1), Decimal("254.00"), "17")]
    assert len(notice.collections) == 8
    # 10 working days before 1 June, counting back over the bank holiday of 25 May: 15 May
    assert notice.send_by == dt.date(2026, 5, 15)


def test_daily_run_lodges_the_instruction_then_collects_with_a_standard18_file_and_posts_once(dd_account, tmp_path):
    cash = dd_account
    lodged = run(cash, tmp_path, dt.date(2026, 5, 14), today=dt.date(2026, 5, 12))
    assert lodged.collected == 0 and lodged.auddis == ("0N C00012343",)
    auddis = (tmp_path / "bacs" / "AUDDIS-2026-05-14-A00001.txt").read_bytes().decode("ascii")
    assert (tmp_path / "bacs" / "AUDDIS-2026-05-14-A00001.txt").stat().st_mode & 0o077 == 0  # bank details
    [record] = [line for line in auddis.split("\r\n") if len(line) == 100]
    assert record[15:17] == "0N" and record[35:46] == "00000000000"
    assert account(cash, "C00012343").direct_debit.mandate.status is MandateStatus.ACTIVE

    outcome = run(cash, tmp_path, FIRST, today=dt.date(2026, 5, 28))
    assert (outcome.collected, outcome.total_pence, outcome.held) == (1, 25400, ())
    lines = (tmp_path / "bacs" / "DD-2026-06-01-000002.txt").read_bytes().decode("ascii").split("\r\n")
    assert (tmp_path / "bacs" / "DD-2026-06-01-000002.txt").stat().st_mode & 0o077 == 0
    assert lines[3].startswith("UHL1" + julian(dt.date(2026, 5, 29)))  # processed the banking day before
    debit, contra = [line for line in lines if len(line) == 100]
    assert debit[0:6] == "200000" and debit[6:14] == "55512345" and debit[15:17] == "01"
    assert debit[17:23] == "402020" and debit[23:31] == "12345678" and debit[35:46] == "00000025400"
    assert debit[64:82].rstrip() == "C00012343"
    assert contra[15:17] == "99" and contra[35:46] == "00000025400"
    assert lines[-2].startswith("UTL1" + "0000000025400" + "0000000025400" + "0000001" + "0000001")

    ledger = account(cash, "C00012343").ledger
    assert ledger.last.kind is EntryKind.PAYMENT and ledger.last.effective == FIRST
    assert ledger.balance == Decimal("2537.21") - Decimal("254.00")
    assert account(cash, "C00012343").direct_debit.mandate.collected

    again = run(cash, tmp_path, FIRST, today=dt.date(2026, 5, 28))
    assert again.run is None and again.collected == 0
    assert account(cash, "C00012343").ledger.balance == Decimal("2283.21")

    # the next month's collection is a regular 17
    run(cash, tmp_path, dt.date(2026, 7, 1), today=dt.date(2026, 6, 29))
    july = (tmp_path / "bacs" / "DD-2026-07-01-000003.txt").read_bytes().decode("ascii").split("\r\n")
    assert [line[15:17] for line in july if len(line) == 100] == ["17", "99"]


def arudd(amount: str, processed: str, code: str = "0", description: str = "REFER TO PAYER") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<BACSDocument><Data><ARUDD>
<Header currentProcessingDate="2026-06-03"/>
<ReturnedDebitItem ref="C00012343" transCode="01" returnCode="{code}" returnDescription="{description}"
 originalProcessingDate="{processed}" valueOf="{amount}" currency="GBP"/>
<Totals numberOf="1" valueOf="{amount}" currency="GBP"/>
</ARUDD></Data></BACSDocument>
""".encode()


def test_arudd_reverses_an_unpaid_collection_once(dd_account, tmp_path):
    cash = dd_account
    run(cash, tmp_path, dt.date(2026, 5, 14), today=dt.date(2026, 5, 12))
    run(cash, tmp_path, FIRST, today=dt.date(2026, 5, 28))
    report = arudd("254.00", "2026-05-29")

    outcome = import_arudd(cash, "arudd-0603.xml", report, today=dt.date(2026, 6, 3), officer="cron")
    assert len(outcome.applied) == 1 and outcome.problems == ()
    after = account(cash, "C00012343")
    assert after.ledger.last.kind is EntryKind.REVERSAL and after.ledger.balance == Decimal("2537.21")
    assert "re-present" in after.notes[-1].text  # refer to payer: the officer's task

    assert import_arudd(cash, "arudd-0603.xml", report, today=dt.date(2026, 6, 3), officer="cron").already
    # the same report re-delivered in other bytes (CRLF, spaces, another name) is known as the same report
    copy = import_arudd(cash, "arudd-copy.xml", report.replace(b"<Data>", b"<Data> ").replace(b"\n", b"\r\n"),
                        today=dt.date(2026, 6, 4), officer="cron")
    assert copy.already and "already applied from arudd-0603.xml" in copy.lines()[0]
    # the same item in another report (produced a day later) finds the collection already reversed
    other = import_arudd(cash, "arudd-0604.xml", report.replace(b'currentProcessingDate="2026-06-03"',
                                                                b'currentProcessingDate="2026-06-04"'),
                         today=dt.date(2026, 6, 4), officer="cron")
    assert other.applied == () and "already reversed" in other.problems[0]
    assert account(cash, "C00012343").ledger.balance == Decimal("2537.21")
    assert [e.kind for e in account(cash, "C00012343").ledger.entries].count(EntryKind.REVERSAL) == 1


def test_arudd_instruction_cancelled_ends_the_mandate_and_the_direct_debit(dd_account, tmp_path):
    cash = dd_account
    run(cash, tmp_path, dt.date(2026, 5, 14), today=dt.date(2026, 5, 12))
    run(cash, tmp_path, FIRST, today=dt.date(2026, 5, 28))
    import_arudd(cash, "arudd.xml", arudd("254.00", "2026-05-29", "1", "INSTRUCTION CANCELLED"),
                 today=dt.date(2026, 6, 3), officer="cron")
    after = account(cash, "C00012343")
    assert after.direct_debit.mandate.status is MandateStatus.CANCELLED
    assert after.payment_method is PaymentMethod.CASH
    # nothing further is collected on 1 July
    assert run(cash, tmp_path, dt.date(2026, 7, 1), today=dt.date(2026, 6, 29)).collected == 0


def test_addacs_cancellation_by_the_payer_stops_collection_and_leaves_a_task(dd_account, tmp_path):
    cash = dd_account
    run(cash, tmp_path, dt.date(2026, 5, 14), today=dt.date(2026, 5, 12))
    report = b"""<BACSDocument><Data><MessagingAdvices>
<MessagingAdvice effective-date="2026-05-20" reference="C00012343" reason-code="1"/>
<MessagingAdvice effective-date="2026-05-20" reference="C00099990" reason-code="B"/>
</MessagingAdvices></Data></BACSDocument>"""
    outcome = import_addacs(cash, "addacs.xml", report, today=dt.date(2026, 5, 20), officer="cron")
    assert len(outcome.applied) == 1 and "no mandate with reference C00099990" in outcome.problems[0]
    after = account(cash, "C00012343")
    assert after.direct_debit.mandate.status is MandateStatus.CANCELLED
    assert after.payment_method is PaymentMethod.CASH
    assert after.notes[-1].text == "To do: agree another way to pay with the payer"
    assert run(cash, tmp_path, FIRST, today=dt.date(2026, 5, 28)).collected == 0  # lodges the 0N only


def test_council_cancellation_lodges_a_0c_once(dd_account, tmp_path):
    cash = dd_account
    run(cash, tmp_path, dt.date(2026, 5, 14), today=dt.date(2026, 5, 12))
    cancel_direct_debit(cash, "C00012343", today=dt.date(2026, 5, 20), officer="amy", reason="payer moving away")
    assert run(cash, tmp_path, FIRST, today=dt.date(2026, 5, 28)).auddis == ("0C C00012343",)
    assert account(cash, "C00012343").direct_debit.mandate.status is MandateStatus.CANCELLED
    assert run(cash, tmp_path, dt.date(2026, 7, 1), today=dt.date(2026, 6, 29)).run is None


def test_a_changed_amount_is_held_until_its_advance_notice_has_run(dd_account, tmp_path):
    cash = dd_account
    run(cash, tmp_path, dt.date(2026, 5, 14), today=dt.date(2026, 5, 12))
    # a revised schedule on 27 May: the 1 June amount changes with only 3 working days' notice
    stored = cash.accounts.find_one("reference", "C00012343")
    bill = stored.value.bills[-1]
    from revcore.instalments import revise_amount
    revised = revise_amount(bill.schedule, Decimal("2437.21"), dt.date(2026, 5, 18),
                            instalment_rules("council_tax", "england", YEAR))
    cash.accounts.save(stored, attrs.evolve(stored.value, bills=(*stored.value.bills,
                       attrs.evolve(bill, issued=dt.date(2026, 5, 18), kind="adjustment", schedule=revised))),
                       reason="test: revised bill")
    outcome = run(cash, tmp_path, FIRST, today=dt.date(2026, 5, 28))
    assert outcome.collected == 0 and outcome.notices == 1
    assert "allows collection from 2026-06-11" in outcome.held[0].reason
    assert account(cash, "C00012343").direct_debit.notices[-1].notice.reason.startswith("change of amount")


def test_twelve_instalments_survive_the_store_rebilling_and_next_year(cash):
    billed_account(cash, 1234)
    choose_instalments(cash, "C00012343", 12, today=dt.date(2026, 3, 20), officer="amy",
                       reason="payer asked in writing for 12 (reg. 21(1A))")
    stored = cash.accounts.find_one("reference", "C00012343")
    assert stored.value.plan is Plan.TWELVE
    assert len(stored.value.bills[-1].schedule.instalments) == 12
    assert stored.value.bills[-1].kind == "instalments"

    tariff, prop = load_tariff("demo-district"), dwelling(1234)
    # a move out re-bills 2026/27: the adjustment keeps 12, and next year's bill is on 12 too
    moved = attrs.evolve(stored.value, liability=attrs.evolve(stored.value.liability, end=dt.date(2027, 3, 31)))
    cash.accounts.save(stored, moved, reason="test: liability confirmed")
    stored = cash.accounts.find_one("reference", "C00012343")
    next_year = FinancialYear(2027)
    open_ended = attrs.evolve(stored.value, liability=attrs.evolve(stored.value.liability, end=None))
    billed = bill_year(open_ended, prop, tariff, next_year, dt.date(2027, 3, 10),
                       instalment_rules("council_tax", "england", next_year))
    cash.accounts.save(stored, billed, reason="annual billing 2027/28")

    again = cash.accounts.find_one("reference", "C00012343").value
    assert again.last_bill(2027).schedule.plan is Plan.TWELVE
    assert len(again.last_bill(2027).schedule.instalments) == 12
    assert again.preference.choices[-1].recorded_by == "amy"


def test_a_stored_12_instalment_plan_from_before_the_preference_history_stays_12(cash):
    document = cash.accounts.to_document(billed_account(cash, 1235))
    document.pop("preference")
    document.update({"_schema": 1, "plan": "12"})
    doc_id = cash.accounts.table.insert(document, reason="written by the previous program")
    assert cash.accounts.get(doc_id).value.plan is Plan.TWELVE


def test_a_run_that_fails_while_writing_leaves_no_file_and_no_posting(dd_account, tmp_path, monkeypatch):
    cash = dd_account
    run(cash, tmp_path, dt.date(2026, 5, 14), today=dt.date(2026, 5, 12))

    def disk_full(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(cash.runs, "add", disk_full)
    with pytest.raises(OSError, match="disk full"):
        run(cash, tmp_path, FIRST, today=dt.date(2026, 5, 28))
    assert not list((tmp_path / "bacs").glob("DD-*"))
    assert account(cash, "C00012343").ledger.balance == Decimal("2537.21")
    assert not account(cash, "C00012343").direct_debit.mandate.collected

    monkeypatch.undo()
    assert run(cash, tmp_path, FIRST, today=dt.date(2026, 5, 28)).collected == 1


def test_the_collection_day_chosen_moves_the_instalments_and_the_run_collects_on_it(cash, tmp_path):
    """Issue 20 item 5: set up on 11 May 2026 for the 15th (a day the demo council offers). The
    revised notice is dated 11 May; instalments at least 14 days on (from 25 May) move to the
    15th of their months (SI 1992/613 Sch 1 para 2(4)), so 1 June's 254.00 is collected on
    15 June, the first collection after the advance notice (26 May), and nothing on 1 June."""
    billed_account(cash, 1234)
    with pytest.raises(DirectDebitError, match="collection day: 5 is not one the council offers \\(1, 15, 28\\)"):
        set_up_direct_debit(cash, "C00012343", "20-00-00", "5551 2345", "Ms A Payer", today=SET_UP, officer="amy",
                            collection_day=5)
    before = account(cash, "C00012343").bills[-1].schedule.instalments
    set_up_direct_debit(cash, "C00012343", "20-00-00", "5551 2345", "Ms A Payer", today=SET_UP, officer="amy",
                        collection_day=15)
    moved = account(cash, "C00012343")
    assert moved.instalment_day == 15 and moved.bills[-1].kind == "instalments"
    after = moved.bills[-1].schedule.instalments
    assert [i.amount for i in after] == [i.amount for i in before]  # same months, same amounts
    assert [i.due for i in after if i.due < dt.date(2026, 5, 25)] == [dt.date(2026, 4, 1), dt.date(2026, 5, 1)]
    assert [i.due for i in after if i.due >= dt.date(2026, 5, 25)] == [
        dt.date(2026, m, 15) for m in range(6, 13)] + [dt.date(2027, 1, 15)]
    assert run(cash, tmp_path, FIRST, today=dt.date(2026, 5, 28)).collected == 0  # lodges the 0N only
    collected = run(cash, tmp_path, dt.date(2026, 6, 15), today=dt.date(2026, 6, 11))
    assert collected.collected == 1 and collected.total_pence == 25400
