"""What every importer accepts, from ``data/imports/rules.toml``: encodings, amount formats, limits, dates.

Strict on purpose: an amount is read only in its layout's own format (``60.00``, or whole pence
where a layout says so), never with an exponent, a comma (unless the layout declares thousands
separators) or more digits than any payment could have; a date must exist and fall within the
council's window around the day of the run. Each helper returns ``None`` after recording the
refusal (file, line, field, value) so a reader can list every fault in one go.

Also here: how a file's *meaning* is identified (:func:`content_identity`), so a file delivered
again with other line endings, a byte-order mark, more blank lines or another name is known as
the same file.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable

import attrs

from refdata import DataError, load_toml, parse_date
from revtui.imports.problems import ImportProblem, ImportRejected

__all__ = ["LayoutRules", "DateWindow", "layout_rules", "date_window", "Problems", "decode", "content_identity",
           "day_in_formats",
           "bytes_hash"]

_RULES = "imports/rules.toml"
# More integer digits than this is no payment (and would overflow Decimal's context before any check).
_MAX_DIGITS = 12


@attrs.frozen
class LayoutRules:
    """One layout's text encoding, amount format and per-payment ceiling."""

    name: str
    encoding: str = "utf-8"
    amounts: str = "pounds"
    thousands_separator: bool = False
    max_amount: Decimal | None = None
    earliest_effective_date: dt.date | None = None


@attrs.frozen
class DateWindow:
    """Dates a file may hold: ``days_back`` before the run day to ``days_ahead`` after it."""

    days_back: int
    days_ahead: int

    def bounds(self, today: dt.date) -> tuple[dt.date, dt.date]:
        return today - dt.timedelta(days=self.days_back), today + dt.timedelta(days=self.days_ahead)


def layout_rules(layout: str, data_dir: Path | None = None) -> LayoutRules:
    table = load_toml(_RULES, data_dir).get("layouts", {}).get(layout)
    if table is None:
        raise DataError(f"{_RULES}: no [layouts.{layout}] table")
    where = f"{_RULES} [layouts.{layout}]"
    try:
        codecs.lookup(str(table.get("encoding", "utf-8")))
    except LookupError:
        raise DataError(f"{where} encoding: {table.get('encoding')!r} is not a known text encoding") from None
    if table.get("amounts", "pounds") not in ("pounds", "pence"):
        raise DataError(f"{where} amounts: {table.get('amounts')!r}: expected \"pounds\" or \"pence\"")
    ceiling = table.get("max_amount")
    if ceiling is not None and not re.fullmatch(r"[0-9]{1,12}\.[0-9]{2}", str(ceiling)):
        raise DataError(f"{where} max_amount: {ceiling!r}: give pounds and pence as a string, e.g. \"10000.00\"")
    earliest = table.get("earliest_effective_date")
    return LayoutRules(layout, str(table.get("encoding", "utf-8")), table.get("amounts", "pounds"),
                       bool(table.get("thousands_separator", False)),
                       Decimal(str(ceiling)) if ceiling is not None else None,
                       parse_date(earliest, f"{where} earliest_effective_date") if earliest is not None else None)


def date_window(data_dir: Path | None = None) -> DateWindow:
    table: dict[str, Any] = load_toml(_RULES, data_dir).get("dates", {})
    back, ahead = table.get("days_back", 366), table.get("days_ahead", 7)
    if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in (back, ahead)):
        raise DataError(f"{_RULES} [dates]: days_back and days_ahead must be whole numbers of days, 0 or more")
    return DateWindow(back, ahead)


_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(name: str, data: bytes, encoding: str) -> str:
    """The file's text in the layout's encoding; a byte-order mark names the encoding instead.

    :raises ImportRejected: bytes that are not text in that encoding (the line is named).
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            encoding = codec
            break
    else:
        if codecs.lookup(encoding).name == "utf-8":
            encoding = "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportRejected([ImportProblem(name, line, "encoding",
                                            f"byte {data[error.start]:#04x} is not {encoding.removesuffix('-sig')} text "
                                            f"(the layout's encoding; see data/{_RULES})")]) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ImportRejected([ImportProblem(name, line, "encoding", "a NUL character: not a text file")])
    return text


def content_identity(kind: str, records: Iterable[Iterable[object]]) -> str:
    """SHA-256 over the file's kind and its records' normalised values, in order.

    Two deliveries of one file have the same identity whatever their bytes (encoding, line
    endings, byte-order mark, blank lines, quoting, name); files that differ in any value do not.
    """
    digest = hashlib.sha256(kind.encode())
    for record in records:
        digest.update(b"\n" + json.dumps([str(value) for value in record], ensure_ascii=True).encode())
    return digest.hexdigest()


def day_in_formats(text: str, formats: tuple[str, ...]) -> dt.date | None:
    """The day ``text`` gives in the first of ``formats`` (strptime's) it fits, else None."""
    if not text.isascii():  # strptime's digits would take other scripts' digits too
        return None
    for fmt in formats:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def bytes_hash(data: bytes) -> str:
    """How files were identified before :func:`content_identity` (their bytes): to find imports made then."""
    return hashlib.sha256(data).hexdigest()


_POUNDS = re.compile(r"[0-9]{1,%d}\.[0-9]{2}" % _MAX_DIGITS)
_POUNDS_COMMAS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3}){0,3}\.[0-9]{2}")
_PENCE = re.compile(r"[0-9]{1,%d}" % (_MAX_DIGITS + 2))
_WHOLE = re.compile(r"[0-9]{1,9}")


class Problems:
    """The faults found in one file, each naming file, line, field and value."""

    def __init__(self, name: str, rules: LayoutRules | None = None, today: dt.date | None = None,
                 window: DateWindow | None = None):
        self.name, self.rules, self.found = name, rules or LayoutRules("any"), []
        self.today = today
        self.bounds = (window or date_window()).bounds(today) if today is not None else None

    def add(self, line: int, field: str, message: str) -> None:
        self.found.append(ImportProblem(self.name, line, field, message))

    def finish(self) -> None:
        if self.found:
            raise ImportRejected(self.found)

    def _format(self) -> str:
        if self.rules.amounts == "pence":
            return "whole pence"
        return "pounds and pence" + (" (1234.56 or 1,234.56)" if self.rules.thousands_separator else "")

    def amount(self, text: str, line: int, field: str = "amount", *, signed: bool = False,
               limit: bool = True) -> Decimal | None:
        """An amount in the layout's format; ``signed`` allows a leading ``-`` (a net total); ``limit``
        applies the layout's per-payment ceiling (not to totals)."""
        value = text.strip()
        digits = value[1:] if signed and value.startswith("-") else value
        if self.rules.amounts == "pence":
            ok = bool(_PENCE.fullmatch(digits))
        else:
            ok = bool(_POUNDS.fullmatch(digits) or (self.rules.thousands_separator and _POUNDS_COMMAS.fullmatch(digits)))
        if not ok:
            hint = " (a comma is not accepted in this layout)" if "," in digits and not self.rules.thousands_separator \
                else ""
            self.add(line, field, f"{value!r} is not an amount in {self._format()}{hint}")
            return None
        amount = Decimal(digits.replace(",", ""))
        if self.rules.amounts == "pence":
            amount = (amount / 100).quantize(Decimal("0.01"))
        if limit and self.rules.max_amount is not None and amount > self.rules.max_amount:
            self.add(line, field, f"{value!r} is more than the largest payment accepted from this source "
                                  f"(£{self.rules.max_amount:,}; data/{_RULES})")
            return None
        return -amount if value.startswith("-") else amount

    def count(self, text: str, line: int, field: str) -> int | None:
        value = text.strip()
        if not _WHOLE.fullmatch(value):
            self.add(line, field, f"{value!r} is not a whole number")
            return None
        return int(value)

    def date(self, day: dt.date | None, text: str, line: int, field: str, fmt: str,
             earliest: dt.date | None = None) -> dt.date | None:
        """``day`` as read from ``text`` (``None``: not a date in ``fmt``), checked against the window."""
        if day is None:
            self.add(line, field, f"{text.strip()!r} is not a date ({fmt})")
            return None
        if self.bounds is None:
            return day
        low, high = self.bounds
        if earliest is not None:
            low = earliest
        if not low <= day <= high:
            self.add(line, field, f"{text.strip()!r} is outside the dates accepted in a run on "
                                  f"{self.today.isoformat()}: {low.isoformat()} to {high.isoformat()} "
                                  f"(data/{_RULES})")
            return None
        return day
