"""A report's result: a title, columns and rows, as CSV for the command line or text for the screen."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs

from revcore.money import format_money
from safefiles import csv_text

__all__ = ["Report", "cell"]


def cell(value: Any) -> str:
    """One value as report text: amounts to the penny, dates in ISO form, None as nothing."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@attrs.frozen
class Report:
    """``rows`` are tuples in the order of ``columns``; ``notes`` say how to read it."""

    name: str
    title: str
    as_at: dt.date
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    notes: tuple[str, ...] = ()

    def column(self, name: str) -> list[Any]:
        index = self.columns.index(name)
        return [row[index] for row in self.rows]

    def to_csv(self) -> str:
        """The report as CSV: amounts and counts as numbers, any text a spreadsheet would take
        for a formula (a payer's reference such as ``=HYPERLINK(...)``) quoted as text."""
        return csv_text([self.columns, *([_csv_value(v) for v in row] for row in self.rows)])

    def to_text(self, *, pounds: bool = False) -> str:
        """The report as a text table; ``pounds``: amounts as a bill shows them (£1,234.50), for
        the screen (a CSV keeps plain numbers)."""
        shown = cell if not pounds else _pounds
        table = [list(self.columns)] + [[shown(v) if not column.endswith(_NOT_MONEY) else cell(v)
                                         for v, column in zip(row, self.columns)] for row in self.rows]
        widths = [max(len(r[i]) for r in table) for i in range(len(self.columns))]
        numeric = [all(_numeric(r[i]) for r in table[1:]) and len(table) > 1 for i in range(len(self.columns))]
        lines = [f"{self.title} as at {self.as_at.isoformat()}"]
        for row in table:
            lines.append("  ".join(v.rjust(w) if n else v.ljust(w) for v, w, n in zip(row, widths, numeric)).rstrip())
        lines += self.notes
        return "\n".join(lines)


def _csv_value(value: Any) -> Any:
    """Numbers stay numbers (amounts to the penny, as :func:`cell` writes them); the rest is text."""
    if isinstance(value, Decimal):
        return Decimal(cell(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return cell(value)


_NOT_MONEY = ("_pct", "rate")  # percentages, not pounds


def _pounds(value: Any) -> str:
    return format_money(value) if isinstance(value, Decimal) else cell(value)


def _numeric(text: str) -> bool:
    text = text.replace("£", "", 1).replace(",", "")
    return text.replace(".", "", 1).replace("-", "", 1).replace("%", "").isdigit() or text == ""
