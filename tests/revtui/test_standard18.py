"""Bacs Standard 18 files checked record by record against the layout in formats.md §2.1-2.2."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from revcore.directdebit import (
    DirectDebitError,
    auddis_instructions,
    cancel_mandate,
    collection_run,
    collection_schedule,
    mark_lodged,
    new_mandate,
    parse_bank_account,
)
from revcore.references import make_reference
from revtui.formats.standard18 import ServiceUser, auddis_records, collection_records, julian, write_standard18

D = dt.date
COUNCIL = ServiceUser("123456", "Anytown Council", parse_bank_account("30-99-50", "10203040", "Anytown Council Ctax"))


def active(reference: str, sort_code: str, account: str, name: str):
    mandate = new_mandate(reference, reference, parse_bank_account(sort_code, account, name), D(2026, 3, 2))
    return mark_lodged(auddis_instructions([mandate])[0], D(2026, 3, 3))


def collection_file() -> list[str]:
    a = active("C00012343", "200000", "55512345", "Ms A O'Payer-Smith")
    b = active("C00012351", "401234", "00998877", "Mr B Payer With A Very Long Name")
    collections = collection_schedule(a, [(D(2026, 6, 1), Decimal("183.56"))]) + collection_schedule(
        b.moved(D(2026, 5, 1), b.status, "collected before", collected=True), [(D(2026, 6, 1), Decimal("1234.00"))]
    )
    run = collection_run(collections, {a.reference: a, b.reference: b}, D(2026, 6, 1))
    text = write_standard18(COUNCIL, collection_records(COUNCIL, run), serial="000123", created_on=D(2026, 5, 27), processing_date=run.processing_date)
    assert text.endswith("\r\n")
    return text.split("\r\n")[:-1]


def test_labels_and_record_lengths():
    records = collection_file()
    assert [r[:4] for r in records] == ["VOL1", "HDR1", "HDR2", "UHL1", "2000", "4012", "3099", "EOF1", "EOF2", "UTL1"]
    assert [len(r) for r in records] == [80, 80, 80, 80, 100, 100, 100, 80, 80, 80]


def test_vol1_hdr1_uhl1_fields():
    vol1, hdr1, hdr2, uhl1 = collection_file()[:4]
    # VOL1: serial at 5-10, SUN at 42-47, label standard 1 at 80 (1-based positions).
    assert (vol1[4:10], vol1[10], vol1[41:47], vol1[79]) == ("000123", " ", "123456", "1")
    assert vol1[11:41].strip() == "" and vol1[47:79].strip() == ""
    # HDR1: A, SUN at 6-11, S, set identification = serial at 22-27, creation date at 42-47.
    # 27 May 2026 is day 147 of the year: " 26147".
    assert (hdr1[4], hdr1[5:11], hdr1[11], hdr1[21:27], hdr1[41:47]) == ("A", "123456", "S", "000123", " 26147")
    assert hdr2[4] == "F" and hdr2[10:15] == "00100"
    # UHL1: processing date at 5-10. Collection Monday 1 June 2026 -> processed Friday 29 May = day 149.
    assert uhl1[4:10] == " 26149" == julian(D(2026, 5, 29))
    assert uhl1[20:28] == "00000000"


def test_data_records_field_by_field():
    first, second, contra = collection_file()[4:7]
    # Payer A, first collection under a new mandate: code 01, £183.56 = 18356 pence.
    assert first[0:6] == "200000" and first[6:14] == "55512345" and first[14] == "0"
    assert first[15:17] == "01"
    assert first[17:23] == "309950" and first[23:31] == "10203040"  # the council's own account
    assert first[35:46] == "00000018356"
    assert first[46:64] == "ANYTOWN COUNCIL   "
    assert first[64:82] == "C00012343         "
    assert first[82:100] == "MS A O PAYER-SMITH"  # upper case, ' replaced, 18 characters
    # Payer B has been collected from before: code 17; £1,234.00 = 123400 pence; name cut to 18.
    assert (second[15:17], second[35:46], second[82:100]) == ("17", "00000123400", "MR B PAYER WITH A ")
    # The contra: code 99 on the council's account for the total 18356 + 123400 = 141756 pence.
    assert (contra[0:6], contra[6:14], contra[15:17], contra[35:46]) == ("309950", "10203040", "99", "00000141756")
    assert contra[64:82].strip() == "CONTRA"


def test_trailers_reconcile_to_the_records():
    eof1, eof2, utl1 = collection_file()[-3:]
    assert eof1[:4] == "EOF1" and eof1[5:11] == "123456" and eof2[:4] == "EOF2"
    # Block count at 55-60: 3 records x 100 characters in blocks of 2000 (UNVERIFIED setting) = 1.
    assert eof1[54:60] == "000001"
    # UTL1: debit total 141756, credit total 141756 (the contra), 2 debit items, 1 credit item.
    assert utl1[4:17] == "0000000141756"
    assert utl1[17:30] == "0000000141756"
    assert utl1[30:37] == "0000002"
    assert utl1[37:44] == "0000001"


def test_auddis_file_new_and_cancelled_instructions_have_no_amount_and_no_contra():
    new = new_mandate("C0001236X", "C0001236X", parse_bank_account("200000", "11112222", "Mx C Payer"), D(2026, 5, 20))
    going = cancel_mandate(active("C00012343", "200000", "55512345", "Ms A Payer"), D(2026, 5, 21), "paid by other means")
    records = auddis_records(COUNCIL, auddis_instructions([new, going]))
    lines = write_standard18(COUNCIL, records, serial="000124", created_on=D(2026, 5, 22), processing_date=D(2026, 5, 26)).split("\r\n")[:-1]
    data = lines[4:-3]
    assert [(r[15:17], r[35:46], r[64:82].strip(), len(r)) for r in data] == [
        ("0N", "00000000000", "C0001236X", 100),
        ("0C", "00000000000", "C00012343", 100),
    ]
    assert lines[-1][4:44] == "0" * 40


def test_processing_date_must_be_a_banking_day():
    records = collection_records(COUNCIL, collection_run([], {}, D(2026, 6, 1)))
    assert records == []
    item = auddis_records(COUNCIL, auddis_instructions([new_mandate("C00012343", "C00012343", parse_bank_account("200000", "55512345", "A"), D(2026, 5, 1))]))
    # Monday 25 May 2026 is the spring bank holiday; Saturday 30 May a weekend.
    with pytest.raises(DirectDebitError, match=r"processing date 2026-05-25 \(Monday\) is not a banking day"):
        write_standard18(COUNCIL, item, serial="000125", created_on=D(2026, 5, 20), processing_date=D(2026, 5, 25))
    with pytest.raises(DirectDebitError, match="not a banking day"):
        write_standard18(COUNCIL, item, serial="000125", created_on=D(2026, 5, 20), processing_date=D(2026, 5, 30))
    with pytest.raises(DirectDebitError, match="not all zeros"):
        write_standard18(COUNCIL, item, serial="000000", created_on=D(2026, 5, 20), processing_date=D(2026, 5, 26))
    with pytest.raises(DirectDebitError, match="at least one data record"):
        write_standard18(COUNCIL, [], serial="000125", created_on=D(2026, 5, 20), processing_date=D(2026, 5, 26))


def test_an_unbalanced_collection_file_is_refused():
    a = active("C00012343", "200000", "55512345", "Ms A Payer")
    run = collection_run(collection_schedule(a, [(D(2026, 6, 1), Decimal("10.00"))]), {a.reference: a}, D(2026, 6, 1))
    without_contra = collection_records(COUNCIL, run)[:-1]
    with pytest.raises(DirectDebitError, match="do not balance"):
        write_standard18(COUNCIL, without_contra, serial="000126", created_on=D(2026, 5, 27), processing_date=run.processing_date)


@settings(max_examples=40)
@given(st.lists(st.integers(min_value=1, max_value=10**8), min_size=1, max_size=30))
def test_any_run_gives_fixed_width_records_and_a_trailer_that_reconciles(pence_amounts):
    mandates = {}
    collections = []
    for n, pence in enumerate(pence_amounts, start=1):
        reference = make_reference("C", n)
        mandate = active(reference, "200000", f"{n:08d}", f"Payer {n}")
        mandates[reference] = mandate
        collections += collection_schedule(mandate, [(D(2026, 6, 1), Decimal(pence) / 100)])
    run = collection_run(collections, mandates, D(2026, 6, 1))
    lines = write_standard18(COUNCIL, collection_records(COUNCIL, run), serial="000200", created_on=D(2026, 5, 27),
                             processing_date=run.processing_date).split("\r\n")[:-1]
    data = lines[4:-3]
    assert all(len(r) == 100 for r in data) and all(len(r) == 80 for r in lines[:4] + lines[-3:])
    assert [r[15:17] for r in data] == ["01"] * len(pence_amounts) + ["99"]
    utl1 = lines[-1]
    assert int(utl1[4:17]) == int(utl1[17:30]) == sum(pence_amounts) == int(data[-1][35:46])
    assert (int(utl1[30:37]), int(utl1[37:44])) == (len(pence_amounts), 1)
