"""A service area's invoice file: CSV, one row per invoice line, its layout in the council
folder's ``sundry/invoice_file.toml``.

Every row is checked (amounts, dates, quantities, codes, that the rows of one invoice agree) and
every fault listed with its line number; a file with any fault is refused whole. Whether each
debtor exists is the service's check (:mod:`revtui.services.sundry_invoices`), which also names
the line. The file is known by what its lines say (:func:`revtui.imports.rules.content_identity`),
so a file sent twice raises its invoices once.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from refdata import DataError, load_council_toml
from refdata.sundry import ServiceArea, load_services, load_sundry_rules
from revcore.sundry import LineItem, SundryRules
from revtui.imports.problems import ImportProblem, ImportRejected
from revtui.imports.rules import Problems, content_identity, decode, layout_rules, day_in_formats

__all__ = ["FileLayout", "FileInvoice", "InvoiceFile", "file_layout", "parse_invoice_file"]

_LAYOUT = "sundry/invoice_file.toml"
_FIELDS = ("invoice_key", "debtor", "service", "income_code", "invoice_type", "invoice_date", "description",
           "quantity", "unit_price", "vat_code")
_OPTIONAL = frozenset({"vat_code"})
_QUANTITY = re.compile(r"[0-9]{1,6}(\.[0-9]{1,4})?")


@attrs.frozen
class FileLayout:
    delimiter: str
    date_formats: tuple[str, ...]
    columns: dict[str, str]


def file_layout(data_dir: Path | None = None) -> FileLayout:
    document: dict[str, Any] = load_council_toml(_LAYOUT, data_dir)
    columns = document.get("columns", {})
    missing = [field for field in _FIELDS if field not in columns]
    if missing:
        raise DataError(f"{_LAYOUT} [columns]: no heading for {', '.join(missing)}")
    formats = document.get("date_formats", ["%Y-%m-%d"])
    return FileLayout(str(document.get("delimiter", ",")), tuple(formats), {f: str(columns[f]) for f in _FIELDS})


@attrs.frozen
class FileInvoice:
    """The rows of one invoice in the file: ``lines`` are their line numbers in the file."""

    key: str
    debtor: str
    service: str
    income_code: str
    invoice_type: str
    issued: dt.date
    items: tuple[LineItem, ...]
    lines: tuple[int, ...]


@attrs.frozen
class InvoiceFile:
    name: str
    content_hash: str
    invoices: tuple[FileInvoice, ...]




def _code(checks: Problems, line: int, heading: str, value: str, known: dict[str, Any], what: str) -> None:
    if value not in known:
        checks.add(line, heading, f"{value!r} is not {what} ({', '.join(sorted(known))})" if value
                   else f"missing: give the {what}")


def parse_invoice_file(name: str, data: bytes, *, today: dt.date, layout: FileLayout | None = None,
                       rules: SundryRules | None = None, services: dict[str, ServiceArea] | None = None) -> InvoiceFile:
    """The invoices in ``data``, every row checked. :raises ImportRejected: listing every fault."""
    layout = layout or file_layout()
    rules = rules or load_sundry_rules()
    services = services or load_services()
    checks = Problems(name, layout_rules("sundry"), today)
    text = decode(name, data, checks.rules.encoding)
    reader = csv.reader(text.splitlines(), delimiter=layout.delimiter)
    try:
        rows = list(reader)
    except csv.Error as error:
        raise ImportRejected([ImportProblem(name, reader.line_num, "CSV", f"cannot be read as CSV ({error})")]) from None
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise ImportRejected([ImportProblem(name, 1, "header", "the file is empty or its first line is blank "
                                                              "(expected the column headings)")])
    header = [cell.strip() for cell in rows[0]]
    missing = [heading for field, heading in layout.columns.items() if heading not in header]
    if missing:
        raise ImportRejected([ImportProblem(name, 1, "header", f"no column {heading!r} (layout: {_LAYOUT})")
                              for heading in missing])
    at = {field: header.index(heading) for field, heading in layout.columns.items()}
    heading = layout.columns
    groups: dict[str, list[tuple[int, dict[str, str], LineItem, dt.date]]] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            checks.add(number, "columns", f"{len(row)} columns, the header has {len(header)}")
            continue
        cell = {field: row[at[field]].strip() for field in _FIELDS}
        before = len(checks.found)
        for field in _FIELDS:
            if not cell[field] and field not in _OPTIONAL and field not in ("service", "income_code", "invoice_type"):
                checks.add(number, heading[field], "missing" + (": every invoice needs a debtor" if field == "debtor" else ""))
        _code(checks, number, heading["service"], cell["service"], services, "a service area")
        _code(checks, number, heading["income_code"], cell["income_code"], dict(rules.income_codes), "an income code")
        _code(checks, number, heading["invoice_type"], cell["invoice_type"], dict(rules.invoice_types), "an invoice type")
        if cell["vat_code"]:
            _code(checks, number, heading["vat_code"], cell["vat_code"], dict(rules.vat), "a VAT code")
        service = services.get(cell["service"])
        if service and cell["income_code"] in rules.income_codes and cell["income_code"] not in service.income_codes:
            checks.add(number, heading["income_code"], f"{cell['income_code']} is not an income code of "
                       f"{service.description} ({', '.join(service.income_codes)})")
        issued = None
        if cell["invoice_date"]:
            issued = checks.date(day_in_formats(cell["invoice_date"], layout.date_formats), cell["invoice_date"], number,
                                 heading["invoice_date"], " or ".join(layout.date_formats))
        quantity = None
        if cell["quantity"]:
            if _QUANTITY.fullmatch(cell["quantity"]) and Decimal(cell["quantity"]) > 0:
                quantity = Decimal(cell["quantity"])
            else:
                checks.add(number, heading["quantity"], f"{cell['quantity']!r} is not a quantity above nothing "
                                                        "(up to 4 decimal places)")
        price = None
        if cell["unit_price"].startswith("-"):
            checks.add(number, heading["unit_price"], f"{cell['unit_price']!r} is negative: an invoice line cannot "
                                                      "take money off (ask for a credit note on the invoice instead)")
        elif cell["unit_price"]:
            price = checks.amount(cell["unit_price"], number, heading["unit_price"])
        if len(checks.found) > before:
            continue
        assert issued is not None and quantity is not None and price is not None
        item = LineItem(cell["description"], quantity, price, cell["vat_code"] or None)
        groups.setdefault(cell["invoice_key"], []).append((number, cell, item, issued))
    invoices = []
    for key, members in groups.items():
        first_line, first, _, first_day = members[0]
        for number, cell, _, day in members[1:]:
            for field in ("debtor", "service", "income_code", "invoice_type"):
                if cell[field] != first[field]:
                    checks.add(number, heading[field], f"{cell[field]!r} differs from line {first_line}'s "
                               f"{first[field]!r} for invoice key {key!r}")
            if day != first_day:
                checks.add(number, heading["invoice_date"], f"differs from line {first_line}'s date for invoice "
                           f"key {key!r}")
        invoices.append(FileInvoice(key, first["debtor"], first["service"], first["income_code"], first["invoice_type"],
                                    first_day, tuple(m[2] for m in members), tuple(m[0] for m in members)))
    if not invoices and not checks.found:
        checks.add(2, "lines", "no invoice lines after the header")
    checks.finish()
    identity = content_identity("sundry/invoice-file", [
        (i.key, i.debtor, i.service, i.income_code, i.invoice_type, i.issued, item.description, item.quantity,
         item.unit_price, item.vat_code or "") for i in invoices for item in i.items])
    return InvoiceFile(name, identity, tuple(invoices))
