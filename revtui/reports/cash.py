"""Daily cash and Direct Debit reconciliation, suspense, and refunds and write-offs by approver.

Cash: for each posting day, what was posted from each payment channel (the file a payment came
from names it), Direct Debit collections and unpaid returns, refunds paid and payments put in
suspense, so each day's figures can be ticked against the bank statement. Each kind of account
has its own lines (council tax first) and its own total for the period; a day's net received is
every kind's and the suspense's together, as the bank statement has it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from revcore.entries import EntryKind
from revcore.money import ZERO
from revcore.periods import FinancialYear
from revtui.records.payments import open_cash_records
from revtui.reports.ledger_view import account_ledgers, kind_order
from revtui.reports.records import suspense_items
from revtui.reports.report import Report
from revtui.store import Store

__all__ = ["channel_of", "daily_cash", "suspense_held", "refunds_and_write_offs"]

DIRECT_DEBIT = "direct debit"
ALL_KINDS = "all kinds"
NET = "net received"
HB_DEDUCTION = "deducted from HB"


def channel_of(source: str, files: Mapping[str, str] | None = None) -> str:
    """The payment channel a ledger source names: ``dd:...`` is Direct Debit, ``aeo:...`` an
    employer's attachment of earnings deduction, ``hb-deduction:...`` a deduction from ongoing
    Housing Benefit (no money through the bank); a file line
    ``<channel>-<date>.csv line N`` (or ``<channel>_...``) its channel; anything else "other".

    The payment import keys a line by its file's content hash (``<hash>:<place>``); ``files``
    (content hash to file name, :func:`imported_files`) gives the file it came from."""
    file_hash, _, place = source.partition(":")
    if files and file_hash in files:
        source = f"{files[file_hash]} line {place}"
    if source.startswith("dd:"):
        return DIRECT_DEBIT
    if source.startswith("aeo:"):
        return "attachment of earnings"
    if source.startswith("hb-deduction:"):
        return HB_DEDUCTION
    name = source.split(" line ", 1)[0] if " line " in source else ""
    for separator in ("-", "_", "."):
        name = name.split(separator, 1)[0]
    return name.lower() or "other"


def imported_files(store: Store) -> dict[str, str]:
    """The name of each payment file imported, by its content hash."""
    return {stored.value.content_hash: stored.value.name for stored in open_cash_records(store).imports}


def daily_cash(store: Store, as_at: dt.date, *, since: dt.date | None = None) -> Report:
    """One row per posting day, kind and stream from ``since`` (default: the month's first day)
    to ``as_at``, each day's net received, then each kind's total for the period."""
    since = since or as_at.replace(day=1)
    rows: dict[tuple[dt.date, str, str], list] = {}

    def add(day: dt.date, kind: str, stream: str, amount: Decimal) -> None:
        row = rows.setdefault((day, kind, stream), [0, ZERO])
        row[0] += 1
        row[1] += amount

    files = imported_files(store)
    for account in account_ledgers(store):
        ledger = account.ledger
        for entry in ledger.entries:
            if entry.posted > as_at:
                break
            if entry.posted < since:
                continue
            if entry.kind is EntryKind.PAYMENT:
                add(entry.posted, account.kind, channel_of(entry.source, files), -entry.amount)
            elif entry.kind is EntryKind.REVERSAL:
                target = ledger.entry(entry.reverses)
                if target is not None and target.kind is EntryKind.PAYMENT:
                    stream = f"{DIRECT_DEBIT} unpaid" if target.source.startswith("dd:") else "returned payments"
                    add(entry.posted, account.kind, stream, -entry.amount)
            elif entry.kind is EntryKind.REFUND:
                add(entry.posted, account.kind, "refunds paid", -entry.amount)
    for item in suspense_items(store):
        if since <= item.received <= as_at:
            add(item.received, "", "suspense", item.amount)  # not yet on an account of any kind
    table: list[tuple] = []
    for day in sorted({day for day, _, _ in rows}):
        mine = sorted(((kind, stream, *totals) for (d, kind, stream), totals in rows.items() if d == day),
                      key=lambda row: (not row[0], row[0] and kind_order(row[0]), row[1]))
        table += [(day, *row) for row in mine]
        table.append((day, ALL_KINDS, NET, sum(row[2] for row in mine), sum((row[3] for row in mine), ZERO)))
    for kind in sorted({kind for _, kind, _ in rows}, key=lambda k: (not k, k and kind_order(k))):
        mine = [totals for (_, k, _), totals in rows.items() if k == kind]
        table.append(("total", kind, NET if kind else "suspense", sum(t[0] for t in mine), sum((t[1] for t in mine), ZERO)))
    return Report("cash", "Daily cash and Direct Debit reconciliation", as_at,
                  ("day", "kind", "stream", "items", "amount"), tuple(table),
                  ("amounts received are positive; Direct Debit unpaid, returned payments and refunds are negative;",
                   f"'suspense' is money received that is not yet on an account; '{HB_DEDUCTION}' never reaches the bank;",
                   "'total' rows are each kind's"
                   f" net received from {since.isoformat()} (an invoiced HB overpayment's money is its sundry debt's)"))


def suspense_held(store: Store, as_at: dt.date) -> Report:
    """Every payment held in suspense on ``as_at``, oldest first, with its age in days."""
    held = sorted((item for item in suspense_items(store) if item.held_on(as_at)), key=lambda i: (i.received, i.source))
    rows = [(item.received, (as_at - item.received).days, item.source, item.channel, item.reference_given,
             item.reason, item.amount) for item in held]
    rows.append(("total", "", "", "", "", f"{len(held)} items", sum((i.amount for i in held), ZERO)))
    return Report("suspense", "Payments held in suspense", as_at,
                  ("received", "age_days", "source", "channel", "reference_given", "reason", "amount"), tuple(rows))


NOT_RECORDED = "(not recorded)"


def _request_categories(store: Store) -> dict[str, str]:
    """Each request's category as the report groups it: a write-off's category, a refund's method."""
    found = {}
    for stored in open_cash_records(store).requests.find("state", "posted"):
        record = stored.value
        if record.write_off_category is not None:
            found[record.request.id] = record.write_off_category.label
        elif record.payee is not None:
            found[record.request.id] = f"paid by {record.payee.method.value}"
    return found


def refunds_and_write_offs(store: Store, as_at: dt.date, *, since: dt.date | None = None) -> Report:
    """Refunds and write-offs posted from ``since`` (default: the financial year's start) to
    ``as_at``, by kind, category (a write-off's; a refund's method of payment), authorising
    officer and requesting officer."""
    since = since or FinancialYear.containing(as_at).start
    categories = _request_categories(store)
    groups: dict[tuple[str, str, str, str], list] = {}
    for account in account_ledgers(store):
        for entry in account.ledger.entries:
            if entry.posted > as_at:
                break
            if entry.posted < since or entry.kind not in (EntryKind.REFUND, EntryKind.WRITE_OFF):
                continue
            approver = entry.authorised_by or "(within the officer's own limit)"
            category = categories.get(entry.source.removeprefix("approval:"), NOT_RECORDED)
            group = groups.setdefault((entry.kind.value.replace("_", "-"), category, approver, entry.officer),
                                      [0, ZERO])
            group[0] += 1
            group[1] += abs(entry.amount)
    rows = [(*key, count, amount) for key, (count, amount) in sorted(groups.items())]
    for kind in sorted({key[0] for key in groups}):
        mine = {key: g for key, g in groups.items() if key[0] == kind}
        for category in sorted({key[1] for key in mine}):
            these = [g for key, g in mine.items() if key[1] == category]
            rows.append((kind, category, "total", "", sum(g[0] for g in these), sum((g[1] for g in these), ZERO)))
        rows.append((kind, "all", "total", "", sum(g[0] for g in mine.values()),
                     sum((g[1] for g in mine.values()), ZERO)))
    return Report("approvals", "Refunds and write-offs by category and approver", as_at,
                  ("kind", "category", "authorised_by", "requested_by", "count", "amount"), tuple(rows),
                  (f"posted from {since.isoformat()} to {as_at.isoformat()}",
                   f"category: a write-off's category, a refund's method of payment; {NOT_RECORDED} for those "
                   "posted before categories were recorded"))
