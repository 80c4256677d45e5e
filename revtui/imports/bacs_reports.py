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

Dates are ``YYYY-MM-DD`` (within the council's window around the run day, when one is given);
amounts are pounds with a point (``100.00``; no comma, no exponent, at most the ceiling in
``data/imports/rules.toml``). A DOCTYPE (and so any entity declaration) is refused, as is an
XML encoding Python does not know. ARUDD's XML ``returnCode`` may be
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
from revtui.imports.problems import ImportProblem, ImportRejected
from revtui.imports.rules import LayoutRules, Problems, content_identity, layout_rules

__all__ = ["AruddReport", "AddacsReport", "parse_arudd", "parse_addacs", "parse_addacs_report", "read_arudd",
           "read_addacs"]

_DESCRIPTIONS = {text.upper(): code for code, text in ARUDD_REASONS.items()}


@attrs.frozen
class _Element:
    tag: str
    attributes: dict[str, str]
    line: int


class _Refused(Exception):
    pass


def _elements(name: str, data: bytes) -> list[_Element]:
    """Every element with its attributes and the line it starts on (expat tracks lines)."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    found: list[_Element] = []
    parser.StartElementHandler = lambda tag, attributes: found.append(_Element(tag, attributes, parser.CurrentLineNumber))

    def refuse(*_args: object) -> None:  # entity expansion and external references have no place in a report
        raise _Refused("a DOCTYPE is not accepted in a Bacs report")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        raise ImportRejected([ImportProblem(name, error.lineno, "XML", expat.ErrorString(error.code))]) from None
    except _Refused as error:
        raise ImportRejected([ImportProblem(name, parser.CurrentLineNumber, "DOCTYPE", str(error))]) from None
    except (LookupError, ValueError, UnicodeError) as error:  # an encoding Python does not know, or cannot decode
        raise ImportRejected([ImportProblem(name, parser.CurrentLineNumber or 1, "encoding",
                                            f"cannot read the XML's text ({error})")]) from None
    if not found or found[0].tag != "BACSDocument":
        raise ImportRejected([ImportProblem(name, 1, "XML", "not a Bacs report (no BACSDocument element)")])
    return found


class _Reader:
    def __init__(self, name: str, rules: LayoutRules, today: dt.date | None):
        self.checks = Problems(name, rules, today)
        self.name, self.problems = name, self.checks.found

    def add(self, element: _Element, field: str, message: str) -> None:
        self.problems.append(ImportProblem(self.name, element.line, field, message))

    def amount(self, element: _Element, field: str, *, limit: bool = True) -> Decimal | None:
        value = self.text(element, field)
        return None if value is None else self.checks.amount(value, element.line, field, limit=limit)

    def count(self, element: _Element, field: str) -> int | None:
        return self.checks.count(element.attributes.get(field, ""), element.line, field)

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
            day = dt.date.fromisoformat(value) if len(value) == 10 and value.isascii() else None
        except ValueError:
            day = None
        return self.checks.date(day, value, element.line, field, "YYYY-MM-DD")

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
    identity: str = ""
    """What the report says (its header and items, in order), whatever its bytes or name."""


@attrs.frozen
class AddacsReport:
    """An ADDACS report's advices, and what it says (header and advices), whatever its bytes or name."""

    name: str
    advices: tuple[AddacsAdvice, ...]
    identity: str


def _header(elements: list[_Element], tag: str, fields: tuple[str, ...]) -> tuple[str, ...]:
    """The header fields that tell one day's report from another's (the same items may recur)."""
    header = next((e for e in elements if e.tag == tag), None)
    return tuple(header.attributes.get(field, "").strip() for field in fields) if header else ()


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
        number, amount = reader.count(element, "numberOf"), reader.amount(element, "valueOf", limit=False)
        if number is None or amount is None:
            return
        value += amount
        count += number
    listed = sum((item.amount for item in items), Decimal("0.00"))
    if (count, value) != (len(items), listed):
        reader.add(totals[-1], "Totals", f"report totals {count} items of {value}; it lists {len(items)} items of {listed}")


def parse_arudd(name: str, data: bytes, xml_codes: dict[str, str] | None = None, *,
                today: dt.date | None = None) -> AruddReport:
    """Read an ARUDD report; raises :class:`ImportRejected` naming file, line and field.

    ``today`` (the run day) bounds the dates accepted (``data/imports/rules.toml``).
    """
    xml_codes = load_arudd_xml_codes() if xml_codes is None else xml_codes
    elements = _elements(name, data)
    reader = _Reader(name, layout_rules("arudd"), today)
    headers = [e for e in elements if e.tag == "Header"]
    if not headers:
        raise ImportRejected([ImportProblem(name, 1, "Header", "no ARUDD Header element")])
    processing_date = reader.date(headers[0], "currentProcessingDate")
    items = []
    for element in (e for e in elements if e.tag == "ReturnedDebitItem"):
        reference = reader.text(element, "ref")
        amount = reader.amount(element, "valueOf")
        if amount is not None and amount <= 0:
            reader.add(element, "valueOf", f"{amount} must be more than zero")
            amount = None
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
    identity = content_identity("bacs/arudd", [
        ("header", processing_date, *_header(elements, "Header", ("reportType", "adviceNumber"))),
        *((i.reference, i.amount, i.original_processing_date, i.reason_code) for i in items)])
    return AruddReport(name, processing_date, tuple(items), identity)


def parse_addacs(name: str, data: bytes, *, today: dt.date | None = None) -> list[AddacsAdvice]:
    """Read an ADDACS report; raises :class:`ImportRejected` naming file, line and field."""
    return list(parse_addacs_report(name, data, today=today).advices)


def parse_addacs_report(name: str, data: bytes, *, today: dt.date | None = None) -> AddacsReport:
    """Read an ADDACS report with its identity; raises :class:`ImportRejected` naming file, line and field."""
    reader = _Reader(name, layout_rules("addacs"), today)
    advices = []
    elements = _elements(name, data)
    for element in (e for e in elements if e.tag == "MessagingAdvice"):
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
    identity = content_identity("bacs/addacs", [
        ("header", *_header(elements, "MessagingHeader", ("report-type", "advice-number", "report-generation-date"))),
        *((a.reference, a.reason_code, a.effective_on, a.new_sort_code or "", a.new_account_number or "",
           a.new_account_name or "") for a in advices)])
    return AddacsReport(name, tuple(advices), identity)


def read_arudd(path: Path) -> AruddReport:
    return parse_arudd(path.name, path.read_bytes())


def read_addacs(path: Path) -> list[AddacsAdvice]:
    return parse_addacs(path.name, path.read_bytes())
