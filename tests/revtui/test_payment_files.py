"""Daily payment files: both layouts parsed, malformed files rejected whole, posting re-runnable."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from revcore.cashposting import PaymentKind, post_payments
from revtui.imports.payment_files import parse_allpay_file, parse_csv_file, read_payment_file
from revtui.imports.problems import ImportProblem, ImportRejected

FIXTURES = Path(__file__).parent / "fixtures"
ACCOUNTS = {"C00012343": "Ms A Payer", "C00012351": "Mr B Payer", "C0001236X": "Mx C Payer"}


def allpay_line(reference: str, amount: str, channel: str = "P", date: str = "30/06/2026", narrative: str = " 335610") -> str:
    return f"{narrative:<7}{reference:<16}{amount:>9}{channel}{date}"


def allpay_file(details: list[str], total: str, count: int) -> bytes:
    trailer = ["", "Total Amount".ljust(34) + total.rjust(17), "Total Transactions".ljust(40) + str(count).rjust(17)]
    return ("\r\n".join(details + trailer) + "\r\n").encode()


def test_csv_layout_lines_and_trailer():
    parsed = read_payment_file(FIXTURES / "payments-2026-06-30.csv", "csv")
    assert [(line.line, line.reference, line.amount, line.kind) for line in parsed.lines] == [
        (2, "C00012343", Decimal("60.00"), PaymentKind.PAYMENT),
        (3, "00012351", Decimal("125.50"), PaymentKind.PAYMENT),
        (4, "C00012344", Decimal("20.00"), PaymentKind.PAYMENT),
        (5, "C00000426", Decimal("15.00"), PaymentKind.PAYMENT),
        (6, "C00012343", Decimal("60.00"), PaymentKind.RETURN),
    ]
    # Trailer: 5 lines, net 60 + 125.50 + 20 + 15 - 60 (returned cheque) = 160.50.
    assert (parsed.trailer_count, parsed.trailer_total, parsed.net_total) == (5, Decimal("160.50"), Decimal("160.50"))


def test_posting_matches_by_checked_reference_and_sends_the_rest_to_suspense():
    parsed = read_payment_file(FIXTURES / "payments-2026-06-30.csv", "csv")
    result = post_payments(parsed, ACCOUNTS, frozenset())
    assert [(p.account_reference, p.amount) for p in result.postings] == [
        ("C00012343", Decimal("60.00")),
        ("C00012351", Decimal("125.50")),  # the processor dropped the C: the check digit still holds
        ("C00012343", Decimal("-60.00")),  # the returned cheque reverses the payment
    ]
    assert [(s.source, s.reason) for s in result.suspense] == [
        ("payments-2026-06-30.csv line 4", "reference not valid: 'C00012344': check digit is 4, expected 3 (mistyped?)"),
        ("payments-2026-06-30.csv line 5", "no account C00000426"),
    ]
    report = result.report
    # Posted 60 + 125.50 - 60 = 125.50; suspense 20 + 15 = 35; together 160.50 = the trailer.
    assert (report.posted_count, report.posted_total) == (3, Decimal("125.50"))
    assert (report.suspense_count, report.suspense_total) == (2, Decimal("35.00"))
    assert report.reconciles
    assert report.lines()[-1] == "  reconciles to trailer"


def test_the_same_file_twice_posts_nothing_twice_even_renamed():
    data = (FIXTURES / "payments-2026-06-30.csv").read_bytes()
    first = post_payments(parse_csv_file("today.csv", data), ACCOUNTS, frozenset())
    again = post_payments(parse_csv_file("today-copy.csv", data), ACCOUNTS, first.keys)
    assert again.postings == () and again.suspense == ()
    assert len(again.skipped) == 5
    assert again.report.skipped_total == Decimal("160.50") and again.report.reconciles


def test_two_identical_payments_on_different_lines_are_both_posted():
    data = b"type,reference,amount,date,channel,narrative\nP,C00012343,10.00,2026-06-30,POST,\nP,C00012343,10.00,2026-06-30,POST,\nT,2,20.00\n"
    result = post_payments(parse_csv_file("f.csv", data), ACCOUNTS, frozenset())
    assert len(result.postings) == 2 and len(result.keys) == 2


def test_a_file_rejected_for_one_bad_line_posts_nothing_and_names_file_line_and_field():
    data = (
        b"type,reference,amount,date,channel,narrative\n"
        b"P,C00012343,60.00,2026-06-30,POST,\n"
        b"P,C00012351,a60.00,2026-06-30,POST,\n"
        b"P,C00012343,10.00,2026-06-31,POST,\n"
        b"T,3,130.00\n"
    )
    with pytest.raises(ImportRejected) as caught:
        parse_csv_file("bad.csv", data)
    assert caught.value.problems == (
        ImportProblem("bad.csv", 3, "amount", "'a60.00' is not an amount in pounds and pence"),
        ImportProblem("bad.csv", 4, "date", "'2026-06-31' is not a date (YYYY-MM-DD)"),
    )
    assert "bad.csv: line 3, amount" in str(caught.value)


@pytest.mark.parametrize(
    ("trailer", "field"),
    [("T,2,60.00", "trailer count"), ("T,1,61.00", "trailer total"), ("T,one,60.00", "trailer count")],
)
def test_csv_trailer_must_reconcile(trailer, field):
    data = f"type,reference,amount,date,channel,narrative\nP,C00012343,60.00,2026-06-30,POST,\n{trailer}\n".encode()
    with pytest.raises(ImportRejected) as caught:
        parse_csv_file("t.csv", data)
    assert [(p.line, p.field) for p in caught.value.problems] == [(3, field)]


def test_csv_cut_short_without_trailer_is_rejected():
    with pytest.raises(ImportRejected, match="line 3, trailer: the file ends without a trailer"):
        parse_csv_file("short.csv", b"type,reference,amount,date,channel,narrative\nP,C00012343,60.00,2026-06-30,POST,\n")


def test_allpay_layout_with_bern_prefix_and_returned_cheque():
    parsed = read_payment_file(FIXTURES / "allpay-2026-06-30.txt", "allpay")
    assert [(l.reference, l.amount, l.channel, l.kind, l.paid_on) for l in parsed.lines] == [
        ("C00012343", Decimal("60.00"), "T", PaymentKind.PAYMENT, dt.date(2026, 6, 30)),
        ("C00012351", Decimal("125.50"), "P", PaymentKind.PAYMENT, dt.date(2026, 6, 30)),  # after BERN
        ("C0001236X", Decimal("20.00"), "Z", PaymentKind.PAYMENT, dt.date(2026, 6, 30)),
        ("C00012343", Decimal("60.00"), "Q", PaymentKind.RETURN, dt.date(2026, 6, 30)),
    ]
    result = post_payments(parsed, ACCOUNTS, frozenset())
    # 60 + 125.50 + 20 - 60 = 145.50, the Total Amount line.
    assert result.report.posted_total == Decimal("145.50") == parsed.trailer_total
    assert result.report.reconciles and result.suspense == ()


def test_allpay_real_sample_shape_parses_with_digits_only_reference():
    # The line shape from Portsmouth's importer tests (formats.md §3), with one of our references.
    parsed = parse_allpay_file("a.txt", allpay_file([" 3356107000669297          60.00T30/06/2022".replace("7000669297", "0006695   ")], "60.00", 1))
    assert parsed.lines[0].reference == "0006695"  # not a valid reference of ours: goes to suspense
    result = post_payments(parsed, {"C70006695"}, frozenset())
    assert result.suspense[0].reason.startswith("reference not valid")


def test_allpay_bad_date_and_bad_amount_rejected_line_by_line():
    data = allpay_file(
        [
            allpay_line("C00012343", "60.00", date="31/06/2022"),
            allpay_line("C00012351", "a60.00"),
            allpay_line("C00012351", "5.00")[:40],
        ],
        "125.00",
        3,
    )
    with pytest.raises(ImportRejected) as caught:
        parse_allpay_file("allpay.txt", data)
    assert [(p.file, p.line, p.field) for p in caught.value.problems] == [
        ("allpay.txt", 1, "transaction date"),
        ("allpay.txt", 2, "amount"),
        ("allpay.txt", 3, "line length"),
    ]


def test_allpay_trailer_mismatch_and_missing_trailer_rejected():
    with pytest.raises(ImportRejected, match="line 4, total transactions: trailer says 2 lines, the file has 1"):
        parse_allpay_file("a.txt", allpay_file([allpay_line("C00012343", "60.00")], "60.00", 2))
    with pytest.raises(ImportRejected, match="trailer says 61.00, the lines total 60.00"):
        parse_allpay_file("a.txt", allpay_file([allpay_line("C00012343", "60.00")], "61.00", 1))
    with pytest.raises(ImportRejected, match="without a trailer"):
        parse_allpay_file("a.txt", (allpay_line("C00012343", "60.00") + "\r\n").encode())
