"""ADDACS and ARUDD XML reports: read, applied to mandates and collections, rejected whole when malformed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from revcore.directdebit import (
    AuddisCode,
    MandateStatus,
    apply_addacs_report,
    auddis_instructions,
    collection_schedule,
    mark_lodged,
    match_unpaid,
    new_mandate,
    parse_bank_account,
)
from revtui.imports.bacs_reports import parse_addacs, parse_arudd, read_addacs, read_arudd
from revtui.imports.problems import ImportProblem, ImportRejected

FIXTURES = Path(__file__).parent / "fixtures"
D = dt.date


def mandates():
    out = {}
    for reference, sort_code, account, name in [
        ("C00012343", "200000", "55512345", "Ms A Payer"),
        ("C00012351", "401234", "00998877", "Mr B Payer"),
        ("C0001236X", "200000", "11112222", "Mx C Payer"),
    ]:
        mandate = new_mandate(reference, reference, parse_bank_account(sort_code, account, name), D(2026, 3, 2))
        out[reference] = mark_lodged(auddis_instructions([mandate])[0], D(2026, 3, 3))
    return out


def test_addacs_report_cancels_moves_and_amends_mandates():
    advices = read_addacs(FIXTURES / "addacs-2026-06-10.xml")
    assert [(a.reference, a.reason_code, a.source) for a in advices] == [
        ("C00012343", "1", "addacs-2026-06-10.xml line 7"),
        ("C00012351", "3", "addacs-2026-06-10.xml line 8"),
        ("C0001236X", "C", "addacs-2026-06-10.xml line 9"),
    ]
    outcomes, unknown = apply_addacs_report(advices, mandates())
    assert unknown == []
    cancelled, moved, branch = (o.mandate for o in outcomes)
    assert cancelled.status is MandateStatus.CANCELLED  # cancelled by the payer: no 0C owed
    assert cancelled.history[-1].reason == "ADDACS 1: instruction cancelled by payer"
    assert (moved.status, moved.payer.sort_code, moved.payer.account_number) == (MandateStatus.NEW, "309999", "87654321")
    assert [i.code for i in auddis_instructions([cancelled, moved, branch])] == [AuddisCode.NEW]
    assert (branch.status, branch.payer.sort_code, branch.payer.account_number) == (MandateStatus.ACTIVE, "200001", "11112222")


def test_addacs_for_an_unknown_mandate_is_reported_not_lost():
    advices = read_addacs(FIXTURES / "addacs-2026-06-10.xml")
    known = {k: v for k, v in mandates().items() if k != "C00012351"}
    outcomes, unknown = apply_addacs_report(advices, known)
    assert len(outcomes) == 2
    assert unknown[0][1] == "addacs-2026-06-10.xml line 8: no mandate with reference C00012351"


def test_arudd_report_items_and_their_collections():
    report = read_arudd(FIXTURES / "arudd-2026-06-02.xml")
    assert report.processing_date == D(2026, 6, 2)
    # returnCode 1012 is mapped by the (UNVERIFIED) data table to reason 1; "0" is taken as it is.
    assert [(i.reference, i.amount, i.original_processing_date, i.reason_code, i.source) for i in report.items] == [
        ("C00012343", Decimal("100.00"), D(2026, 5, 29), "1", "arudd-2026-06-02.xml line 13"),
        ("C00012351", Decimal("183.00"), D(2026, 5, 29), "0", "arudd-2026-06-02.xml line 16"),
    ]
    known = mandates()
    collections = collection_schedule(known["C00012343"], [(D(2026, 6, 1), Decimal("100.00"))]) + collection_schedule(
        known["C00012351"], [(D(2026, 6, 1), Decimal("183.00"))]
    )
    matched, unmatched = match_unpaid(report.items, collections, known, report.processing_date)
    assert unmatched == []
    assert [(u.collection.mandate_reference, u.mandate.status) for u in matched] == [
        ("C00012343", MandateStatus.CANCELLED),
        ("C00012351", MandateStatus.ACTIVE),
    ]


def test_arudd_description_used_when_the_code_is_unknown():
    data = (FIXTURES / "arudd-2026-06-02.xml").read_bytes().replace(b'returnCode="1012"', b'returnCode="1099"')
    assert parse_arudd("a.xml", data).items[0].reason_code == "1"  # from "INSTRUCTION CANCELLED"


def test_malformed_arudd_rejected_whole_with_file_line_and_field():
    data = (FIXTURES / "arudd-2026-06-02.xml").read_bytes()
    data = data.replace(b'valueOf="183.00"', b'valueOf="18x.00"').replace(b'originalProcessingDate="2026-05-29" valueOf="100.00"', b'originalProcessingDate="2026-05-32" valueOf="100.00"')
    with pytest.raises(ImportRejected) as caught:
        parse_arudd("arudd.xml", data)
    assert caught.value.problems == (
        ImportProblem("arudd.xml", 13, "originalProcessingDate", "'2026-05-32' is not a date (YYYY-MM-DD)"),
        ImportProblem("arudd.xml", 16, "valueOf", "'18x.00' is not an amount in pounds and pence"),
    )


def test_unknown_arudd_reason_and_broken_xml_rejected():
    data = (FIXTURES / "arudd-2026-06-02.xml").read_bytes().replace(b'returnCode="0" returnDescription="REFER TO PAYER"', b'returnCode="Z9" returnDescription="SOMETHING"')
    with pytest.raises(ImportRejected, match="line 16, returnCode: 'Z9' \\(SOMETHING\\) is not a known ARUDD reason"):
        parse_arudd("a.xml", data)
    with pytest.raises(ImportRejected, match="cut.xml: line 6, XML: unclosed token"):
        parse_arudd("cut.xml", (FIXTURES / "arudd-2026-06-02.xml").read_bytes()[:200])


def test_malformed_addacs_rejected_whole():
    data = (FIXTURES / "addacs-2026-06-10.xml").read_bytes().replace(b'payer-new-account-number="87654321"', b'payer-new-account-number="8765432"')
    data = data.replace(b'reason-code="C"', b'reason-code="Q"')
    with pytest.raises(ImportRejected) as caught:
        parse_addacs("addacs.xml", data)
    assert [(p.line, p.field) for p in caught.value.problems] == [(8, "payer-new-account-number"), (9, "reason-code")]


def test_arudd_totals_must_agree_with_the_items():
    data = (FIXTURES / "arudd-2026-06-02.xml").read_bytes().replace(b'<Totals numberOf="2" valueOf="283.00"', b'<Totals numberOf="2" valueOf="383.00"')
    with pytest.raises(ImportRejected, match="line 19, Totals: report totals 2 items of 383.00; it lists 2 items of 283.00"):
        parse_arudd("a.xml", data)
