"""A file delivered again, the way processors deliver them, posts nothing new; a genuine later payment does.

For each importer: the same file with CRLF line endings, a UTF-8 byte-order mark, one more blank
line, UTF-16, or under another name is known as the file already imported, and the summary says
from which earlier file; two identical payments in one file both post; the same payment in a
later file posts.
"""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from revtui.services.directdebit import import_addacs, import_arudd
from revtui.services.payments import import_payment_file
from revtui.services.session import open_session
from revtui.services.valuation import apply_schedule
from revtui.imports.voa_schedule import parse_schedule
from tests.revtui.services.conftest import account, billed_account

FIXTURES = Path(__file__).parent.parent / "fixtures"
CSV = (FIXTURES / "payments-2026-06-30.csv").read_bytes()
ALLPAY = (FIXTURES / "allpay-2026-06-30.txt").read_bytes()
ADDACS = (FIXTURES / "addacs-2026-06-10.xml").read_bytes()
ARUDD = (FIXTURES / "arudd-2026-06-02.xml").read_bytes()
VOA = (b"schedule_date,voa_reference,ba_reference,uprn,change_type,band,effective_date,address_1,address_2,"
       b"address_3,address_4,postcode\n2026-11-20,VOA1,P1234,,AMENDED,C,2026-04-01,,,,,\n"
       b"2026-11-20,VOA2,P9999,,DELETED,,2026-04-01,,,,,\n")


def variants(data: bytes) -> dict[str, bytes]:
    """The ways the same file arrives again."""
    return {
        "crlf": data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"),
        "bom": b"\xef\xbb\xbf" + data,
        "blank-line": data + b"\n",
        "blank-lines-between": data.replace(b"\n", b"\n\n", 2),
        "utf-16": data.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"),
        "same-bytes": data,
    }


@pytest.fixture()
def accounts(cash):
    billed_account(cash, 1234)  # C00012343
    billed_account(cash, 1235)  # C00012351
    return cash


@pytest.mark.parametrize("layout,data,day", [("csv", CSV, dt.date(2026, 7, 1)), ("allpay", ALLPAY, dt.date(2026, 7, 1))],
                         ids=["csv", "allpay"])
@pytest.mark.parametrize("variant", list(variants(b"")))
def test_a_payment_file_delivered_again_posts_nothing_new(accounts, layout, data, day, variant):
    cash = accounts
    first = import_payment_file(cash, f"first.{layout}", data, layout, today=day, officer="cron")
    assert first.report.skipped_count == 0
    balances = {ref: account(cash, ref).ledger.balance for ref in ("C00012343", "C00012351")}
    suspense = len(cash.suspense)

    again = import_payment_file(cash, f"again-{variant}.{layout}", variants(data)[variant], layout,
                                today=day + dt.timedelta(days=1), officer="cron")

    assert again.report.posted_count == 0 and again.report.suspense_count == 0
    assert again.report.skipped_count == first.report.trailer_count
    assert {ref: account(cash, ref).ledger.balance for ref in balances} == balances
    assert len(cash.suspense) == suspense
    assert any(f"already posted from first.{layout} (imported on {day.isoformat()} by cron)" in line
               for line in again.lines())


def test_two_identical_payments_in_one_file_and_the_same_payment_in_a_later_file_all_post(accounts):
    cash = accounts
    header = b"type,reference,amount,date,channel,narrative\n"
    twice = header + b"P,C00012343,60.00,2026-06-30,POST,\nP,C00012343,60.00,2026-06-30,POST,\nT,2,120.00\n"
    before = account(cash, "C00012343").ledger.balance

    first = import_payment_file(cash, "a.csv", twice, "csv", today=dt.date(2026, 7, 1), officer="cron")
    assert first.report.posted_count == 2
    # the next day's file holds the same payment again (another payment, made on the same day)
    later = header + b"P,C00012343,60.00,2026-06-30,POST,\nP,C00012351,10.00,2026-07-01,WEB,\nT,2,70.00\n"
    second = import_payment_file(cash, "b.csv", later, "csv", today=dt.date(2026, 7, 2), officer="cron")
    assert second.report.posted_count == 2 and second.report.skipped_count == 0
    assert account(cash, "C00012343").ledger.balance == before - Decimal("180.00")
    # and the first file again, with a blank line more, changes nothing
    third = import_payment_file(cash, "a-again.csv", twice.replace(b"\n", b"\r\n\r\n"), "csv",
                                today=dt.date(2026, 7, 2), officer="cron")
    assert third.report.skipped_count == 2 and account(cash, "C00012343").ledger.balance == before - Decimal("180.00")


def test_a_file_imported_before_lines_were_known_by_content_is_still_recognised(accounts):
    """Import records made by earlier versions hold the hash of the bytes and line numbers."""
    import attrs

    from revtui.imports.rules import bytes_hash

    cash = accounts
    first = import_payment_file(cash, "old.csv", CSV, "csv", today=dt.date(2026, 7, 1), officer="cron")
    stored = cash.imports.find("hash", first.run.value.content_hash)[0]
    legacy = attrs.evolve(stored.value, content_hash=bytes_hash(CSV), placed_lines=(2, 3, 4, 5, 6))
    with cash.store.change("test: a record as an older version wrote it"):
        cash.imports.save(stored, legacy)
    again = import_payment_file(cash, "old.csv", CSV, "csv", today=dt.date(2026, 7, 2), officer="cron")
    assert again.report.posted_count == 0 and again.report.skipped_count == 5


@pytest.mark.parametrize("variant", list(variants(b"")))
@pytest.mark.parametrize("kind", ["addacs", "arudd"])
def test_a_bacs_report_delivered_again_is_not_applied_again(cash, kind, variant):
    data, apply, day = ((ADDACS, import_addacs, dt.date(2026, 6, 10)) if kind == "addacs"
                        else (ARUDD, import_arudd, dt.date(2026, 6, 2)))
    first = apply(cash, f"{kind}.xml", data, today=day, officer="cron")
    assert not first.already

    again = apply(cash, f"{kind}-{variant}.xml", variants(data)[variant], today=day, officer="cron")

    assert again.already and again.applied == ()
    assert f"already applied from {kind}.xml (applied on {day.isoformat()} by cron)" in again.lines()[0]
    # the next report (another advice number) repeating the same items is a report of its own
    later = data.replace(b'adviceNumber="00042"', b'adviceNumber="00043"').replace(
        b'advice-number="00017"', b'advice-number="00018"')
    assert not apply(cash, f"{kind}-next.xml", later, today=day, officer="cron").already


@pytest.mark.parametrize("variant", list(variants(b"")))
def test_a_voa_schedule_delivered_again_applies_nothing_twice(cash, variant):
    billed_account(cash, 1234)
    session = open_session(cash.store, council="demo-district", today=dt.date(2026, 11, 23))
    country = session.tariff.council.country
    first = apply_schedule(session, parse_schedule("SCH-1120.csv", VOA, country, today=session.today))
    assert len(first.applied) + len(first.for_officer) == 2

    again = apply_schedule(session, parse_schedule(f"SCH-{variant}.csv", variants(VOA)[variant], country,
                                                   today=session.today))

    assert again.applied == () and again.already_applied == len(first.applied)
    assert "(from SCH-1120.csv, imported on 2026-11-23)" in again.lines()[0]


def test_a_later_voa_schedule_repeating_a_line_is_a_schedule_of_its_own(cash):
    billed_account(cash, 1234)
    session = open_session(cash.store, council="demo-district", today=dt.date(2026, 11, 23))
    country = session.tariff.council.country
    apply_schedule(session, parse_schedule("SCH-1120.csv", VOA, country, today=session.today))
    later = apply_schedule(session, parse_schedule("SCH-1121.csv", VOA.replace(b"2026-11-20", b"2026-11-21"), country,
                                                   today=session.today))
    assert later.already_applied == 0 and len(later.applied) + len(later.for_officer) == 2
