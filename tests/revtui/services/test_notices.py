"""Notices from the store: issued and reprinted as issued, print runs reconciled to the bills.

Accounts come from conftest: band D in Ashby Parva (ASH), billed for 2026/27 on 10 March 2026.
Band D 2026/27: DDC 210.53 + DCC 1635.74 + ASC 254.77 + PCC 288.18 + FRA 98.29 + ASHPC 49.70 = 2537.21.
"""

import csv
import datetime as dt
import io
from decimal import Decimal

import attrs
import pypdf
import pytest

from letters.issued import restore
from letters.printrun import PrintRunError, RunState
from refdata.ctax import load_tariff
from refdata.instalments import instalment_rules
from revcore.ctax import Address, Discount, DiscountReason
from revcore.recovery import StageEvent
from revtui.records.ctax import Note, NoticeRecord
from revtui.records.notices import open_notice_records
from revtui.services import notices
from revtui.services.billing import bill_year
from revtui.services.recovery import RecoveryFile, YearEvent, recovery_repository
from revtui.services.session import open_session
from revtui.store import Store

from tests.revtui.services.conftest import YEAR, account, billed_account, dwelling

D = dt.date
M = Decimal
BAND_D = M("2537.21")
BILLED = D(2026, 3, 10)  # as conftest bills


def pdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture()
def session(cash):
    return open_session(cash.store, today=BILLED, officer=cash.store.user)


def second_officer(cash, name="bjones"):
    store = Store(cash.store.path, user=name)
    return store, open_session(store, today=BILLED, officer=name)


def rebill_with_discount(cash, reference: str, issued: dt.date) -> None:
    """A single person discount from 1 April 2026, found later: the year is billed again."""
    stored = cash.accounts.find_one("reference", reference)
    acc = stored.value
    liability = attrs.evolve(acc.liability, discounts=(Discount(DiscountReason.SINGLE_PERSON, D(2026, 4, 1)),))
    changed = bill_year(attrs.evolve(acc, liability=liability,
                                     correspondence=Address(("9 New Road", "Elsewhere"), "DM9 9ZZ")),
                        dwelling(int(reference[1:-1])), load_tariff("demo-district"), YEAR, issued,
                        instalment_rules("council_tax", "england", YEAR), officer="billing")
    with cash.store.change("discount found"):
        cash.accounts.save(stored, changed)


def test_issued_bill_reprints_exactly_as_issued_after_the_account_changed(cash, session):
    first = billed_account(cash, 1)
    issued = notices.issue_bill(session, first.reference)
    number = issued.value.number
    assert number == f"{first.reference}/2026/annual/1"
    as_issued = notices.reprint_notice(session, number)
    # the account notes the notice, pointing at the stored record
    assert [(n.number, n.kind, n.issued, n.year) for n in account(cash, first.reference).notices] == [
        (number, "annual_bill", BILLED, 2026)]
    with pytest.raises(notices.NoticeError, match="already issued"):
        notices.issue_bill(session, first.reference, 2026)

    rebill_with_discount(cash, first.reference, D(2026, 6, 1))
    again = notices.reprint_notice(session, number)
    assert again == as_issued
    text = pdf_pages(again)[0]
    # still the bill as sent: the full band D charge, to the dwelling, not the later forwarding address
    assert "£2,537.21" in text and "1 High Street" in text and "9 New Road" not in text


def test_adjustment_notice_from_the_bill_pair(cash, session):
    first = billed_account(cash, 2)
    rebill_with_discount(cash, first.reference, D(2026, 6, 1))
    stored = notices.issue_bill(session, first.reference)
    notice, _ = restore(stored.value.record)
    assert stored.value.number == f"{first.reference}/2026/adjustment/2"
    # 2537.21 less 25%: 634.3025 -> 634.30 discount, revised 1902.91; nothing paid yet, so all of it is the balance
    assert (notice.previous_charge, notice.revised_charge, notice.paid, notice.balance) == (
        BAND_D, M("1902.91"), M("0.00"), M("1902.91"))
    assert sum(i.amount for i in notice.instalments) == notice.balance
    assert notice.header.addressee.postcode == "DM9 9ZZ"  # sent to the correspondence address
    text = pdf_pages(notices.reprint_notice(session, stored.value.number))[0]
    assert first.reference in text and "£1,902.91" in text


def test_print_run_reconciles_to_the_bills_and_needs_a_second_officer(cash, session, tmp_path):
    billed_account(cash, 3, correspondence=Address(("3 Far Lane", "Distant"), "DM10 1AA"))
    billed_account(cash, 4)  # DM1 1AA, the dwelling
    billed_account(cash, 5, correspondence=Address(("5 Near Lane", "Close"), "DM2 3BB"))

    run, problems = notices.draft_print_run(session, "annual_bill", tmp_path / "out", year=2026, workers=1)

    assert problems == [] and run.state is RunState.CHECKED
    # three band D bills, nothing paid: 3 x 2537.21 = 7611.63, as the store's ledgers say
    assert (run.count, run.total) == (3, 3 * BAND_D) == (run.source.count, run.source.total)
    batch = run.batches[0]
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out" / batch.index_name).read_text())))
    assert [r["postcode"] for r in rows] == ["DM1 1AA", "DM2 3BB", "DM10 1AA"]  # DM2 before DM10
    pages = pdf_pages((tmp_path / "out" / batch.pdf_name).read_bytes())
    for row in rows:
        front = pages[int(row["first_page"]) - 1]
        assert row["account_reference"] in front and "£2,537.21" in front
        assert row["postcode"] in front

    # every notice printed is issued: stored with the run and noted on its account
    stored = open_notice_records(cash.store).issued.find("run", run.run_id)
    assert sorted(s.value.account_reference for s in stored) == sorted(r["account_reference"] for r in rows)
    assert all(len(account(cash, r["account_reference"]).notices) == 1 for r in rows)

    with pytest.raises(PrintRunError, match="cannot also approve"):
        notices.approve_print_run(session, run.run_id)
    with pytest.raises(notices.NoticeError, match="cannot approve as"):
        notices.approve_print_run(session, run.run_id, "bjones")
    with pytest.raises(PrintRunError, match="only an approved run"):
        notices.release_print_run(session, run.run_id)
    store, other = second_officer(cash)
    try:
        assert notices.approve_print_run(other, run.run_id, "bjones").approved_by == "bjones"
        released = notices.release_print_run(other, run.run_id)
    finally:
        store.close()
    assert released.state is RunState.RELEASED
    assert open_notice_records(cash.store).runs.find_one("run", run.run_id).value.state is RunState.RELEASED


def test_a_run_whose_issued_bills_disagree_with_the_ledger_is_not_checked(cash, session, tmp_path):
    first = billed_account(cash, 6)
    notices.issue_bill(session, first.reference)
    stored = cash.accounts.find_one("reference", first.reference)
    # corrected on the billing day itself, after the bill was issued: the issued bill is now wrong
    reduced = stored.value.ledger.adjust(YEAR, M("-100.00"), effective=BILLED, posted=BILLED,
                                         reason="correction", officer="x")
    with cash.store.change("correction"):
        cash.accounts.save(stored, attrs.evolve(stored.value, ledger=reduced))

    run, problems = notices.draft_print_run(session, "annual_bill", tmp_path, year=2026, workers=1)
    # the stored bill asks for 2537.21; the ledger held 2537.21 - 100.00 = 2437.21 on the billing day
    assert problems == [f"print run total {BAND_D}, producing run billing 2026/27 total {M('2437.21')}"]
    assert run.state is RunState.DRAFTED
    store, other = second_officer(cash)
    try:
        with pytest.raises(PrintRunError, match="must be checked"):
            notices.approve_print_run(other, run.run_id)
    finally:
        store.close()


def test_reminders_recorded_by_the_recovery_run_print_with_their_amount_and_dates(cash, session, tmp_path):
    first = billed_account(cash, 7)
    day = D(2026, 6, 2)
    # reminder: 253.72 by 8 June (7 days beginning with the day of issue); else the balance falls due 7 days later
    event = StageEvent("reminder", day, f"{first.reference}/2026/27/reminder/1", M("253.72"), D(2026, 6, 8))
    stored = cash.accounts.find_one("reference", first.reference)
    noted = NoticeRecord(event.key, "reminder", day, 2026)  # as the demo council's run notes it
    with cash.store.change("recovery run"):
        recovery_repository(cash.store).add(RecoveryFile(first.reference, (YearEvent("2026/27", event),)))
        cash.accounts.save(stored, attrs.evolve(stored.value, notices=(noted,)))

    run, problems = notices.draft_print_run(session, "reminder", tmp_path, day=day, workers=1)

    assert problems == [] and (run.count, run.total) == (1, M("253.72"))
    stored = open_notice_records(cash.store).issued.find_one("number", event.key)
    notice, _ = restore(stored.value.record)
    assert (notice.pay_by, notice.balance, notice.balance_due) == (D(2026, 6, 8), BAND_D, D(2026, 6, 15))
    # the run's note on the account now says where the notice is kept, and is not repeated
    assert account(cash, first.reference).notices == (
        NoticeRecord(event.key, "reminder", day, 2026, f"issued_notices:{event.key}"),)
    text = pdf_pages((tmp_path / run.batches[0].pdf_name).read_bytes())[0]
    assert first.reference in text and "£253.72" in text and "8 June 2026" in text


def test_a_summons_prints_the_court_hearing_and_the_costs_raised_with_it(cash, session, tmp_path):
    first = billed_account(cash, 8)
    day = D(2026, 6, 2)
    # The run summonsed 2026/27 for the whole balance of 2,283.49 to a hearing on 24 June, and
    # raised £70.00 costs beside it: the summons asks for 2,283.49 + 70.00 = 2,353.49.
    summons = StageEvent("summons", day, f"{first.reference}/2026/27/summons/1", M("2283.49"), D(2026, 6, 24))
    costs = StageEvent("costs", day, f"{first.reference}/2026/27/summons_costs/1", M("70.00"))
    with cash.store.change("recovery run"):
        recovery_repository(cash.store).add(
            RecoveryFile(first.reference, (YearEvent("2026/27", summons), YearEvent("2026/27", costs))))

    run, problems = notices.draft_print_run(session, "summons", tmp_path, day=day, workers=1)

    assert problems == [] and (run.count, run.total) == (1, M("2353.49"))
    text = pdf_pages((tmp_path / run.batches[0].pdf_name).read_bytes())[0]
    # the court and its sitting time come from the council folder (recovery/courts.toml)
    for expected in (first.reference, "Demoton Magistrates", "24 June 2026", "10:00", "£2,283.49", "£70.00", "£2,353.49"):
        assert expected in text, expected


def test_a_bill_printed_after_a_later_change_shows_what_was_owed_when_issued(cash, session, tmp_path):
    first = billed_account(cash, 10)
    rebill_with_discount(cash, first.reference, D(2026, 6, 1))  # posts -634.30 on 1 June

    run, problems = notices.draft_print_run(session, "annual_bill", tmp_path, year=2026, workers=1)

    # the annual bill of 10 March asks for the full 2537.21: the June adjustment is not "paid"
    assert problems == [] and run.total == BAND_D
    notice, _ = restore(open_notice_records(cash.store).issued.find_one("run", run.run_id).value.record)
    assert (notice.paid, notice.amount_payable) == (M("0.00"), BAND_D)


def test_an_accounts_pdfs_are_written_for_its_owner_only(cash, session, tmp_path):
    first = billed_account(cash, 7)
    notices.issue_bill(session, first.reference)
    written = notices.account_pdfs(session, first.reference, tmp_path / "pdfs")
    assert len(written) == 2 and all(p.stat().st_mode & 0o077 == 0 for p in written)


def test_preview_writes_the_latest_bill_without_issuing_it(cash, session):
    first = billed_account(cash, 8)
    rebill_with_discount(cash, first.reference, D(2026, 6, 1))
    annual = pdf_pages(notices.preview_bill(session, first.reference, "annual"))[0]
    latest = pdf_pages(notices.preview_bill(session, first.reference))[0]
    assert "£2,537.21" in annual and "£1,902.91" in latest
    assert account(cash, first.reference).notices == ()
    with pytest.raises(notices.NoticeError, match="no final bill"):
        notices.preview_bill(session, first.reference, "final")


def test_commands_draft_approve_release_and_reprint(cash, tmp_path, capsys):
    from revtui.commands.notices import main

    first = billed_account(cash, 9)
    path = str(cash.store.path)
    roles = tmp_path / "roles.toml"
    roles.write_text('[roles.users]\nasmith = "senior officer"\nbjones = "senior officer"\ncwho = "officer"\n')
    out = tmp_path / "run"
    at = ["--store", path, "--roles", str(roles)]
    assert main([*at, "print-run", "--kind", "annual_bill", "--year", "2026",
                 "--out", str(out), "--workers", "1"], officer="asmith") == 0
    run_id = "annual_bill-2026-1"
    assert f"print run {run_id}: checked, 1 notices" in capsys.readouterr().out
    assert main([*at, "print-run", "approve", run_id], officer="ASmith") == 2  # the drafter, in capitals
    assert "cannot also approve" in capsys.readouterr().err
    assert main([*at, "print-run", "approve", run_id], officer="cwho") == 77  # not a senior officer
    assert "approving a print run needs the senior officer role" in capsys.readouterr().err
    assert main([*at, "print-run", "approve", run_id, "--officer", "bjones"], officer="bjones") == 0
    assert main([*at, "print-run", "release", run_id], officer="bjones") == 0
    assert "released" in capsys.readouterr().out
    reprinted = tmp_path / "again.pdf"
    assert main(["--store", path, "notice", "reprint", f"{first.reference}/2026/annual/1", "--out", str(reprinted)]) == 0
    assert first.reference in pdf_pages(reprinted.read_bytes())[0]
    assert reprinted.stat().st_mode & 0o077 == 0
    assert all(p.stat().st_mode & 0o077 == 0 for p in out.iterdir())
    assert main(["--store", path, "notice", "preview", "C99999999"]) == 2
    assert "no account 'C99999999'" in capsys.readouterr().err


def test_an_officers_change_during_a_run_is_kept(cash, session, tmp_path, monkeypatch):
    first = billed_account(cash, 11)
    render = notices.produce_batches

    def render_while_an_officer_writes(*args, **kwargs):
        stored = cash.accounts.find_one("reference", first.reference)
        with cash.store.change("phone call"):
            cash.accounts.save(stored, attrs.evolve(stored.value, notes=(Note(BILLED, "bjones", "rang about the bill"),)))
        return render(*args, **kwargs)

    monkeypatch.setattr(notices, "produce_batches", render_while_an_officer_writes)
    run, problems = notices.draft_print_run(session, "annual_bill", tmp_path, year=2026, workers=1)

    assert problems == [] and run.count == 1
    after = account(cash, first.reference)
    assert [n.text for n in after.notes] == ["rang about the bill"] and len(after.notices) == 1


EIGHT_LINES = Address(("Flat 1", "Example House", "2 Long Road", "Ashby Parva", "Demoton", "Demoshire"), "DM1 1AA")


def test_an_address_beyond_notifys_seven_lines_is_refused_naming_the_account(cash, session, tmp_path):
    # one payer, six address lines and the postcode: eight lines, one more than GOV.UK Notify allows
    billed_account(cash, 12, correspondence=EIGHT_LINES)
    with pytest.raises(notices.NoticeError, match=r"C0000012\d: the correspondence address cannot be printed: "
                                                  r"the address has 8 lines .* at most 7"):
        notices.draft_print_run(session, "annual_bill", tmp_path, year=2026, workers=1)
    assert open_notice_records(cash.store).runs.find_one("run", "annual_bill-2026-1") is None


def test_a_run_with_an_address_the_window_cannot_show_is_not_approved(cash, session, tmp_path, monkeypatch):
    first = billed_account(cash, 13, correspondence=Address(("Flat 1", "2 Long Road", "Ashby Parva"), "DM1 1AA"))
    run, _ = notices.draft_print_run(session, "annual_bill", tmp_path, year=2026, workers=1)
    # as if the run were drafted under a looser rule than the one in force when it is approved
    monkeypatch.setattr(notices, "MAX_ADDRESS_LINES", 4)
    store, other = second_officer(cash)
    try:
        with pytest.raises(notices.NoticeError, match=rf"cannot be approved: {first.reference}/2026/annual/1: "
                                                      r"the address has 5 lines"):
            notices.approve_print_run(other, run.run_id)
    finally:
        store.close()


def test_a_days_reminder_run_completes_when_an_account_was_paid_in_full_since(cash, session, tmp_path):
    from refdata.ledger import ledger_settings

    day = D(2026, 6, 2)
    events = {}
    for serial in (14, 15):
        first = billed_account(cash, serial)
        events[first.reference] = StageEvent("reminder", day, f"{first.reference}/2026/27/reminder/1", M("253.72"),
                                             D(2026, 6, 8))
        with cash.store.change("recovery run"):
            recovery_repository(cash.store).add(RecoveryFile(first.reference, (YearEvent("2026/27", events[first.reference]),)))
    paid_up = next(iter(events))
    # paid 2,749.00 on 5 June, after the reminder: 2537.21 - 2749.00 = -211.79 today, a credit
    stored = cash.accounts.find_one("reference", paid_up)
    ledger = stored.value.ledger.pay(M("2749.00"), effective=D(2026, 6, 5), posted=D(2026, 6, 5),
                                     reason="paid in full", policy=ledger_settings(D(2026, 6, 5)).policy)
    with cash.store.change("payment"):
        cash.accounts.save(stored, attrs.evolve(stored.value, ledger=ledger))

    run, problems = notices.draft_print_run(session, "reminder", tmp_path, day=day, workers=1)

    assert problems == [] and (run.count, run.total) == (2, 2 * M("253.72"))
    printed = restore(open_notice_records(cash.store).issued.find_one("number", events[paid_up].key).value.record)[0]
    # the balance on 2 June, when the reminder was issued: the whole band D charge, nothing paid
    assert (printed.amount_due, printed.balance) == (M("253.72"), BAND_D)


def test_a_bill_names_the_property_reference_and_the_discount_with_its_percentage(cash, session):
    first = billed_account(cash, 16)
    rebill_with_discount(cash, first.reference, D(2026, 6, 1))
    front = pdf_pages(notices.preview_bill(session, first.reference))[0]
    assert "Property reference P16" in front
    # 2537.21 less 25%: 634.30, named as the discount it is, not "for the number of residents"
    assert "Single person discount 25%" in front and "-£634.30" in front
    assert "number of residents" not in front
