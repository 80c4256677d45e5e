"""Readers for the Bacs Direct Debit reports delivered as XML: ADDACS and ARUDD.

The element and attribute names follow working open-source consumers of the reports
(trust C), not the Bacs schema, which we have not seen:

- ARUDD: ``BACSDocument/Data/ARUDD/Header@currentProcessingDate``, repeated
  ``ReturnedDebitItem`` elements with ``ref transCode returnCode returnDescription
  originalProcessingDate valueOf currency``, and ``Totals@numberOf valueOf``, which must agree
  with the items.
- ADDACS: ``BACSDocument/Data/MessagingAdvices/MessagingAdvice`` with ``reference``,
  ``reason-code``, ``effective-date`` and, where the payer moved, ``payer-new-sort-code``,
  ``payer-new-account-number``, ``payer-new-account-name``.

Dates are ``YYYY-MM-DD``; amounts are pounds (``100.00``). ARUDD's XML ``returnCode`` may be
a 4-digit code whose mapping to the reason codes is UNVERIFIED: it is looked up in
the table ``bacs/standard18.toml``, else a one-character code is taken as it is, else the
``returnDescription`` is matched to the reason's text. Any fault rejects the whole report with
file, line and field, so nothing from it is applied.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from xml.parsers import expat

import attrs

from refdata.bacs import load_arudd_xml_codes
from revcore.directdebit import ADDACS_REASONS, ARUDD_REASONS, AddacsAdvice, UnpaidItem
from revcore.money import MoneyError, to_money
from revtui.imports.problems import ImportProblem, ImportRejected

__all__ = ["AruddReport", "parse_arudd", "parse_addacs", "read_arudd", "read_addacs"]

_DESCRIPTIONS = {text.upper(): code for code, text in ARUDD_REASONS.items()}


@attrs.frozen
class _Element:
    tag: str
    attributes: dict[str, str]
    line: int


def _elements(name: str, data: bytes) -> list[_Element]:
    """Every element with its attributes and the line it starts on (expat tracks lines)."""
    parser = expat.ParserCreate()
    found: list[_Element] = []
    parser.StartElementHandler = lambda tag, attributes: found.append(_Element(tag, attributes, parser.CurrentLineNumber))
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        raise ImportRejected([ImportProblem(name, error.lineno, "XML", expat.ErrorString(error.code))]) from None
    if not found or found[0].tag != "BACSDocument":
        raise ImportRejected([ImportProblem(name, 1, "XML", "not a Bacs report (no BACSDocument element)")])
    return found


class _Reader:
    def __init__(self, name: str):
        self.name, self.problems = name, []

    def add(self, element: _Element, field: str, message: str) -> None:
        self.problems.append(ImportProblem(self.name, element.line, field, message))

    def text(self, element: _Element, field: str) -> str | None:
        value = element.attributes.get(field, "").strip()
        if not value:
            self.add(element, field, "missing")
            return None
        return value

    def date(self, element: _Element, field: str) -> dt.date | None:
        value = self.text(element, field)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.add(element, field, f"{value!r} is not a date (YYYY-MM-DD)")
            return None

    def digits(self, element: _Element, field: str, length: int) -> str | None:
        value = element.attributes.get(field, "").strip()
        if value and (len(value) != length or not value.isdigit()):
            self.add(element, field, f"{value!r}: expected {length} digits")
        return value or None

    def finish(self) -> None:
        if self.problems:
            raise ImportRejected(self.problems)


@attrs.frozen
class AruddReport:
    """An ARUDD report: the day Bacs produced it and the returned debits it lists."""

    name: str
    processing_date: dt.date
    items: tuple[UnpaidItem, ...]


def _arudd_reason(reader: _Reader, element: _Element, xml_codes: dict[str, str]) -> str | None:
    code = element.attributes.get("returnCode", "").strip()
    description = element.attributes.get("returnDescription", "").strip().upper()
    if code in xml_codes:
        return xml_codes[code]
    if code in ARUDD_REASONS:
        return code
    if description in _DESCRIPTIONS:
        return _DESCRIPTIONS[description]
    reader.add(element, "returnCode", f"{code!r} ({description or 'no description'}) is not a known ARUDD reason")
    return None


def _check_totals(reader: _Reader, totals: list[_Element], items: list[UnpaidItem]) -> None:
    """The report's ``Totals`` (count and value, summed over its originating accounts) must match its items."""
    count, value = 0, Decimal("0.00")
    for element in totals:
        number, amount = element.attributes.get("numberOf", ""), element.attributes.get("valueOf", "")
        if not number.isdigit():
            reader.add(element, "numberOf", f"{number!r} is not a whole number")
            return
        try:
            value += to_money(amount, where="valueOf")
        except MoneyError:
            reader.add(element, "valueOf", f"{amount!r} is not an amount in pounds and pence")
            return
        count += int(number)
    listed = sum((item.amount for item in items), Decimal("0.00"))
    if (count, value) != (len(items), listed):
        reader.add(totals[-1], "Totals", f"report totals {count} items of {value}; it lists {len(items)} items of {listed}")


def parse_arudd(name: str, data: bytes, xml_codes: dict[str, str] | None = None) -> AruddReport:
    """Read an ARUDD report; raises :class:`ImportRejected` naming file, line and field."""
    xml_codes = load_arudd_xml_codes() if xml_codes is None else xml_codes
    elements = _elements(name, data)
    reader = _Reader(name)
    headers = [e for e in elements if e.tag == "Header"]
    if not headers:
        raise ImportRejected([ImportProblem(name, 1, "Header", "no ARUDD Header element")])
    processing_date = reader.date(headers[0], "currentProcessingDate")
    items = []
    for element in (e for e in elements if e.tag == "ReturnedDebitItem"):
        reference = reader.text(element, "ref")
        value = reader.text(element, "valueOf")
        amount = None
        if value is not None:
            try:
                amount = to_money(value, where="valueOf")
            except MoneyError:
                reader.add(element, "valueOf", f"{value!r} is not an amount in pounds and pence")
        original = reader.date(element, "originalProcessingDate")
        reason = _arudd_reason(reader, element, xml_codes)
        if None not in (reference, amount, original, reason):
            items.append(UnpaidItem(reference, amount, original, reason, element.attributes.get("returnDescription", ""),
                                    f"{name} line {element.line}"))
    totals = [e for e in elements if e.tag == "Totals"]
    if totals and not reader.problems:
        _check_totals(reader, totals, items)
    reader.finish()
    assert processing_date is not None
    return AruddReport(name, processing_date, tuple(items))


def parse_addacs(name: str, data: bytes) -> list[AddacsAdvice]:
    """Read an ADDACS report; raises :class:`ImportRejected` naming file, line and field."""
    reader = _Reader(name)
    advices = []
    for element in (e for e in _elements(name, data) if e.tag == "MessagingAdvice"):
        reference = reader.text(element, "reference")
        code = reader.text(element, "reason-code")
        if code is not None and code not in ADDACS_REASONS:
            reader.add(element, "reason-code", f"{code!r} is not an ADDACS reason code")
            code = None
        effective = reader.date(element, "effective-date")
        sort_code = reader.digits(element, "payer-new-sort-code", 6)
        account = reader.digits(element, "payer-new-account-number", 8)
        new_name = element.attributes.get("payer-new-account-name", "").strip() or None
        if None not in (reference, code, effective):
            advices.append(AddacsAdvice(reference, code, effective, sort_code, account, new_name, f"{name} line {element.line}"))
    reader.finish()
    return advices


def read_arudd(path: Path) -> AruddReport:
    return parse_arudd(path.name, path.read_bytes())


def read_addacs(path: Path) -> list[AddacsAdvice]:
    return parse_addacs(path.name, path.read_bytes())
