"""Readers for the council's daily payment files: our documented CSV and the Allpay-like layout.

Both layouts are described in ``docs/payment-files.md``. A reader checks every line and the
trailer; if anything is wrong it raises :class:`ImportRejected` listing file, line, field and
the fault for each, and no :class:`PaymentFile` exists, so nothing from the file can be
posted. A file that parses is handed to :func:`revcore.cashposting.post_payments`.
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import attrs

from revcore.cashposting import CashPostingError, PaymentFile, PaymentKind, PaymentLine
from revtui.imports.problems import ImportProblem, ImportRejected
from safefiles import csv_text
from revtui.imports.rules import LayoutRules, Problems, content_identity, decode, layout_rules

__all__ = ["CSV_HEADER", "LAYOUTS", "CsvPayment", "csv_payment_file", "parse_csv_file", "parse_allpay_file", "parse_payment_file", "read_payment_file"]

CSV_HEADER = ("type", "reference", "amount", "date", "channel", "narrative")
_CSV_KINDS = {"P": PaymentKind.PAYMENT, "R": PaymentKind.RETURN}
_ALLPAY_RETURN_CHANNELS = frozenset("Q")  # returned cheque


@attrs.define
class _Trailer:
    """What a trailer said, and the line each figure came from (for error messages)."""

    count_at: int
    count_field: str
    count: int | None
    total_at: int
    total_field: str
    total: Decimal | None


def _finish(name: str, text: str, layout: str, lines: list[PaymentLine], details: int, trailer: _Trailer | None,
            problems: Problems) -> PaymentFile:
    """Check the trailer against the ``details`` detail lines read (good or bad), then build the file,
    identified by its lines' values (not its bytes) and each line by its place among them."""
    if trailer is None:
        problems.add(len(text.splitlines()) + 1, "trailer", "the file ends without a trailer (it may be cut short)")
    else:
        if trailer.count is not None and trailer.count != details:
            problems.add(trailer.count_at, trailer.count_field, f"trailer says {trailer.count} lines, the file has {details}")
        net = sum((line.signed_amount for line in lines), Decimal("0.00"))
        if trailer.total is not None and not problems.found and trailer.total != net:
            problems.add(trailer.total_at, trailer.total_field, f"trailer says {trailer.total}, the lines total {net}")
    problems.finish()
    assert trailer is not None and trailer.count is not None and trailer.total is not None
    lines = [attrs.evolve(line, position=position) for position, line in enumerate(lines, start=1)]
    identity = content_identity(f"payments/{layout}", [
        *((line.kind.value, line.reference, line.amount, line.paid_on, line.channel, line.narrative) for line in lines),
        ("trailer", trailer.count, trailer.total)])
    try:
        return PaymentFile(name, identity, layout, lines, trailer.count, trailer.total)
    except CashPostingError as error:  # the checks above should have caught it
        raise ImportRejected([ImportProblem(name, trailer.total_at, "trailer", str(error))]) from None


def _line(problems: Problems, number: int, reference: str, amount: Decimal | None, paid_on: dt.date | None,
          kind: PaymentKind, channel: str, narrative: str) -> PaymentLine | None:
    if not reference:
        problems.add(number, "reference", "no account reference")
    if amount is not None and amount <= 0:
        problems.add(number, "amount", f"{amount} must be more than zero")
        amount = None
    if amount is None or paid_on is None or not reference:
        return None
    return PaymentLine(number, reference, amount, paid_on, kind, channel, narrative)


def _csv_rows(problems: Problems, text: str):  # noqa: ANN202
    """(line number, row) for each row; a row the csv module cannot read ends the file with a problem."""
    reader = csv.reader(text.splitlines())
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:  # a field over the csv module's size limit, a stray quote at the end
            problems.add(reader.line_num, "CSV", f"cannot be read as CSV ({error})")
            return
        yield reader.line_num, row


def parse_csv_file(name: str, data: bytes, *, today: dt.date | None = None,
                   rules: LayoutRules | None = None) -> PaymentFile:
    """The CSV layout: header ``type,reference,amount,date,channel,narrative``, ``P``/``R``
    detail rows, and a last row ``T,<line count>,<net total>``.

    ``today`` (the run day) bounds the dates accepted (``data/imports/rules.toml``); ``rules``
    defaults to the layout's there.
    """
    rules = rules or layout_rules("csv")
    problems = Problems(name, rules, today)
    text = decode(name, data, rules.encoding)
    lines: list[PaymentLine] = []
    trailer = None
    header_seen = False
    details = 0
    for number, row in _csv_rows(problems, text):
        if not any(cell.strip() for cell in row):
            continue
        if not header_seen:
            header_seen = True
            if tuple(cell.strip().lower() for cell in row) != CSV_HEADER:
                problems.add(number, "header", f"expected {','.join(CSV_HEADER)}")
            continue
        if trailer is not None:
            problems.add(number, "type", "a row after the trailer")
            continue
        record_type = row[0].strip().upper()
        if record_type == "T":
            if len(row) < 3:
                problems.add(number, "trailer", "expected T,<line count>,<net total>")
                trailer = _Trailer(number, "trailer count", None, number, "trailer total", None)
                continue
            count = problems.count(row[1], number, "trailer count")
            trailer = _Trailer(number, "trailer count", count, number, "trailer total",
                               problems.amount(row[2], number, "trailer total", signed=True, limit=False))
            continue
        details += 1
        if record_type not in _CSV_KINDS:
            problems.add(number, "type", f"{row[0]!r}: expected P (payment), R (returned payment) or T (trailer)")
            continue
        if len(row) != len(CSV_HEADER):
            problems.add(number, "columns", f"{len(row)} columns, expected {len(CSV_HEADER)}")
            continue
        _, reference, amount_text, date_text, channel, narrative = (cell.strip() for cell in row)
        paid_on = problems.date(_iso(date_text), date_text, number, "date", "YYYY-MM-DD")
        amount = problems.amount(amount_text, number)
        line = _line(problems, number, reference, amount, paid_on, _CSV_KINDS[record_type], channel, narrative)
        if line is not None:
            lines.append(line)
    if not header_seen:
        problems.add(1, "header", "the file is empty")
    return _finish(name, text, "csv", lines, details, trailer, problems)


@attrs.frozen
class CsvPayment:
    """One payment as a line of the CSV layout (what a channel's file says about it)."""

    reference: str
    amount: Decimal
    paid_on: dt.date
    channel: str
    narrative: str = ""


def csv_payment_file(payments: list[CsvPayment]) -> bytes:
    """A file in the CSV layout :func:`parse_csv_file` reads: header, ``P`` lines, trailer.

    Training's residents pay through it (their channel's file for the day, imported by the live
    payment import), so the layout has one writer beside its one reader.
    """
    rows: list[tuple[str, ...]] = [CSV_HEADER]
    rows += [("P", p.reference, f"{p.amount:.2f}", p.paid_on.isoformat(), p.channel, p.narrative) for p in payments]
    rows.append(("T", str(len(payments)), f"{sum((p.amount for p in payments), Decimal('0.00')):.2f}"))
    return csv_text(rows).encode("utf-8")


def _iso(text: str) -> dt.date | None:
    if len(text) != 10 or text[4] != "-" or text[7] != "-" or not (text[:4] + text[5:7] + text[8:]).isascii() \
            or not (text[:4] + text[5:7] + text[8:]).isdigit():
        return None
    try:
        return dt.date(int(text[:4]), int(text[5:7]), int(text[8:]))
    except ValueError:
        return None


def _ddmmyyyy(text: str) -> dt.date | None:
    digits = text[:2] + text[3:5] + text[6:]
    if len(text) != 10 or text[2] != "/" or text[5] != "/" or not digits.isascii() or not digits.isdigit():
        return None
    try:
        return dt.date(int(text[6:]), int(text[3:5]), int(text[:2]))
    except ValueError:
        return None


def parse_allpay_file(name: str, data: bytes, *, today: dt.date | None = None,
                      rules: LayoutRules | None = None) -> PaymentFile:
    """The Allpay-like fixed-width layout (docs/payment-files.md).

    Detail lines of 43 characters, a blank line, then ``Total Amount`` and ``Total Transactions``
    trailer lines (blank lines anywhere are skipped). Channel ``Q`` (returned cheque) or a negative amount marks a
    returned payment.
    """
    rules = rules or layout_rules("allpay")
    problems = Problems(name, rules, today)
    text = decode(name, data, rules.encoding)
    text_lines = text.splitlines()
    lines: list[PaymentLine] = []
    index = 0
    # detail lines run to the first "Total" line; blank lines (the separator, or a re-delivery's extras) are skipped
    details = 0
    while index < len(text_lines) and not text_lines[index].startswith("Total "):
        number, row = index + 1, text_lines[index]
        index += 1
        if not row.strip():
            continue
        details += 1
        if len(row) < 43:
            problems.add(number, "line length", f"{len(row)} characters, a detail line has 43")
            continue
        reference = row[11:23] if row[7:11] == "BERN" else row[7:23]
        amount_text, channel, date_text = row[23:32].strip(), row[32], row[33:43]
        negative = amount_text.startswith("-")
        amount = problems.amount(amount_text[1:] if negative else amount_text, number)
        paid_on = problems.date(_ddmmyyyy(date_text), date_text, number, "transaction date", "dd/mm/yyyy")
        if channel == " ":
            problems.add(number, "channel", "no payment channel code")
        kind = PaymentKind.RETURN if negative or channel in _ALLPAY_RETURN_CHANNELS else PaymentKind.PAYMENT
        line = _line(problems, number, reference.strip(), amount, paid_on, kind, channel, row[0:7].strip())
        if line is not None:
            lines.append(line)
    count = total = None
    count_at = total_at = 0
    for number, row in enumerate(text_lines[index:], start=index + 1):
        if row.startswith("Total Amount"):
            total_at, total = number, problems.amount(row[34:51], number, "total amount", signed=True, limit=False)
        elif row.startswith("Total Transactions"):
            count_at, count = number, problems.count(row[40:57], number, "total transactions")
        elif row.strip():
            problems.add(number, "trailer", f"unexpected line {row.strip()[:30]!r} after the trailer")
    trailer = None
    if count_at or total_at:
        if not total_at:
            problems.add(count_at, "total amount", "no Total Amount line")
        if not count_at:
            problems.add(total_at, "total transactions", "no Total Transactions line")
        trailer = _Trailer(count_at, "total transactions", count, total_at, "total amount", total)
    return _finish(name, text, "allpay", lines, details, trailer, problems)


LAYOUTS = {"csv": parse_csv_file, "allpay": parse_allpay_file}


def parse_payment_file(name: str, data: bytes, layout: str, *, today: dt.date | None = None) -> PaymentFile:
    try:
        parse = LAYOUTS[layout]
    except KeyError:
        raise ValueError(f"unknown payment file layout {layout!r}; expected one of {', '.join(LAYOUTS)}") from None
    return parse(name, data, today=today)


def read_payment_file(path: Path, layout: str, *, today: dt.date | None = None) -> PaymentFile:
    """Read and check a payment file; raises :class:`ImportRejected` if any line is malformed."""
    return parse_payment_file(path.name, path.read_bytes(), layout, today=today)
