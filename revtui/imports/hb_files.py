"""Readers for the files the benefits system sends about HB overpayments: decisions (one
overpayment a line) and what was deducted from ongoing HB (one overpayment and benefit week a
line). Layouts are data (``refdata/tables/hb/files.toml``); encoding, amounts and the dates
accepted are ``imports/rules.toml``'s.

Every line is checked; if any is wrong :class:`ImportRejected` lists file, line, field and fault
for each, and nothing from the file exists to apply. A file is known by what its lines say
(:func:`revtui.imports.rules.content_identity`), so a re-delivery under another name or with
other line endings is recognised.
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal

import attrs

from refdata.hb import HbFileLayout, hb_file_layout
from revcore.hb import Cause, Classification, ClassificationError, DecisionError, Overpayment, Payee
from revcore.hb import overpayment_from_decision
from revcore.periods import DateRange
from revcore.references import ReferenceError, parse_reference
from revtui.imports.problems import ImportProblem, ImportRejected
from revtui.imports.rules import Problems, content_identity, decode, layout_rules, day_in_formats

__all__ = ["DecisionLine", "DecisionFile", "parse_decisions", "DeductionLine", "DeductionFile", "parse_deductions"]


@attrs.frozen
class DecisionLine:
    """One checked decision; ``overpayment`` has no reference yet (the service gives it one)."""

    line: int
    decision_id: str
    overpayment: Overpayment


@attrs.frozen
class DecisionFile:
    name: str
    content_hash: str
    lines: tuple[DecisionLine, ...]


@attrs.frozen
class DeductionLine:
    line: int
    reference: str
    week: dt.date
    amount: Decimal


@attrs.frozen
class DeductionFile:
    name: str
    content_hash: str
    lines: tuple[DeductionLine, ...]




def _table(name: str, data: bytes, layout: HbFileLayout, encoding: str) -> list[tuple[int, dict[str, str]]]:
    """Each non-blank line after the header as (line number, our field -> text)."""
    text = decode(name, data, encoding)
    reader = csv.reader(text.splitlines(), delimiter=layout.delimiter)
    try:
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as error:
        raise ImportRejected([ImportProblem(name, reader.line_num, "CSV", f"cannot be read as CSV ({error})")]) from None
    rows = [(n, row) for n, row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise ImportRejected([ImportProblem(name, 1, "header", "the file is empty")])
    header_line, header = rows[0]
    header = [cell.strip() for cell in header]
    missing = [heading for heading in layout.columns.values() if heading not in header]
    if missing:
        raise ImportRejected([ImportProblem(name, header_line, "header", f"no column {heading!r}") for heading in missing])
    at = {field: header.index(heading) for field, heading in layout.columns.items()}
    table = []
    for n, row in rows[1:]:
        if len(row) != len(header):
            raise ImportRejected([ImportProblem(name, n, "CSV", f"{len(row)} fields where the header has {len(header)}")])
        table.append((n, {field: row[index].strip() for field, index in at.items()}))
    return table


def parse_decisions(name: str, data: bytes, *, today: dt.date | None = None,
                    layout: HbFileLayout | None = None) -> DecisionFile:
    """The decisions in ``data``, every line checked (the period must lie within the claim).

    :raises ImportRejected: anything wrong; every fault is listed with its line.
    """
    layout = layout or hb_file_layout("decisions")
    rules = layout_rules("hb_decisions")
    checks = Problems(name, rules)  # the period overpaid may be years back: no window on its dates
    formats = " or ".join(f.replace("%Y", "YYYY").replace("%m", "MM").replace("%d", "DD") for f in layout.date_formats)
    found: list[DecisionLine] = []
    seen: dict[str, int] = {}
    for n, row in _table(name, data, layout, rules.encoding):
        before = len(checks.found)

        def day(field: str, *, blank_ok: bool = False) -> dt.date | None:
            text = row[field]
            if not text and blank_ok:
                return None
            value = day_in_formats(text, layout.date_formats)
            if value is None:
                checks.add(n, layout.columns[field], f"{text!r} is not a date ({formats})")
            elif today is not None and field in ("decided_on", "notified_on") and value > today:
                checks.add(n, layout.columns[field], f"{text!r} is after today ({today.isoformat()})")
            return value

        decision_id = row["decision_id"]
        if not decision_id:
            checks.add(n, layout.columns["decision_id"], "no decision number")
        elif decision_id in seen:
            checks.add(n, layout.columns["decision_id"], f"decision {decision_id} is also on line {seen[decision_id]}")
        seen.setdefault(decision_id, n)
        claim_start, claim_end = day("claim_start"), day("claim_end", blank_ok=True)
        start, end = day("period_start"), day("period_end")
        decided, notified = day("decided_on"), day("notified_on")
        if row["amount"].startswith("-"):
            checks.add(n, layout.columns["amount"], f"{row['amount']!r} is negative: an overpayment is more than nothing")
            amount = None
        else:
            amount = checks.amount(row["amount"], n, layout.columns["amount"])
        cause = layout.causes.get(row["cause"].upper())
        if cause is None:
            checks.add(n, layout.columns["cause"], f"{row['cause']!r} is not a cause code ({', '.join(layout.causes)})")
        payee = layout.payees.get(row["paid_to"].upper() or "C")
        if payee is None:
            checks.add(n, layout.columns["paid_to"], f"{row['paid_to']!r} is not a payee code ({', '.join(layout.payees)})")
        flags: dict[str, bool | None] = {}
        for field in ("could_have_realised", "found_guilty"):
            text = row[field].upper()
            flags[field] = {"Y": True, "N": False, "": None}.get(text, None)
            if text not in ("Y", "N", ""):
                checks.add(n, layout.columns[field], f"{row[field]!r}: give Y, N or leave it blank")
        if len(checks.found) > before:
            continue
        assert claim_start and start and end and decided and notified and amount is not None and cause and payee
        try:
            classification = Classification(Cause(cause), Payee(payee), flags["could_have_realised"],
                                            bool(flags["found_guilty"]))
            claim = DateRange(claim_start, claim_end or decided)
            overpayment = overpayment_from_decision("", row["claimant"], claim, DateRange(start, end), amount,
                                                    classification, decided, notified)
        except (ClassificationError, DecisionError, ValueError) as error:
            checks.add(n, "decision", str(error).replace("overpayment : ", ""))
            continue
        found.append(DecisionLine(n, decision_id, overpayment))
    checks.finish()
    identity = content_identity("hb-decisions", ([line.decision_id, line.overpayment.claimant,
                                                  line.overpayment.claim, line.overpayment.calculation.period,
                                                  line.overpayment.amount, line.overpayment.classification,
                                                  line.overpayment.decided_on, line.overpayment.notified_on]
                                                 for line in found))
    return DecisionFile(name, identity, tuple(found))


def parse_deductions(name: str, data: bytes, *, today: dt.date | None = None,
                     layout: HbFileLayout | None = None) -> DeductionFile:
    """What the benefits system deducted, every line checked (reference, a Monday, an amount).

    :raises ImportRejected: anything wrong; every fault is listed with its line.
    """
    layout = layout or hb_file_layout("deductions_import")
    rules = layout_rules("hb_deductions")
    checks = Problems(name, rules, today)
    found: list[DeductionLine] = []
    seen: dict[tuple[str, dt.date], int] = {}
    for n, row in _table(name, data, layout, rules.encoding):
        before = len(checks.found)
        try:
            reference = parse_reference(row["reference"], "H")
            if not reference.startswith("H"):
                raise ReferenceError(f"{row['reference']!r} is not an HB overpayment's reference (H...)")
        except ReferenceError as error:
            checks.add(n, layout.columns["reference"], str(error))
            reference = ""
        week = checks.date(day_in_formats(row["week"], layout.date_formats), row["week"], n, layout.columns["week"], "YYYY-MM-DD")
        if week is not None and week.weekday() != 0:
            checks.add(n, layout.columns["week"], f"{row['week']!r} is a {week:%A}: a benefit week starts on a Monday")
        amount = checks.amount(row["amount"], n, layout.columns["amount"])
        if amount is not None and amount <= 0:
            checks.add(n, layout.columns["amount"], f"{row['amount']!r}: a deduction is more than nothing")
        if len(checks.found) > before:
            continue
        assert week is not None and amount is not None
        if (reference, week) in seen:
            checks.add(n, layout.columns["week"], f"{reference} week {week.isoformat()} is also on line {seen[reference, week]}")
            continue
        seen[reference, week] = n
        found.append(DeductionLine(n, reference, week, amount))
    checks.finish()
    identity = content_identity("hb-deductions", ([line.reference, line.week, line.amount] for line in found))
    return DeductionFile(name, identity, tuple(found))
