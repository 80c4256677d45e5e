"""In-year collection against the council's monthly profile, with a text chart.

The rate at a month end is what had been collected for the year (net of refunds) over the
year's net collectable debit (charges after discounts, exemptions and reductions, with every
adjustment), both from entries posted by that day. The profile (``demo/collection_profile.toml`` in the council folder)
is the share the council expects to have collected of its council tax by each month end.

Each kind of account has its own section, council tax first, then business rates, sundry debts
and HB overpayments (each shown when it has a charge for the year): council tax and business
rates are separate collection funds, so their rates are never worked out together. Only council
tax is set against the profile.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

from refdata import DataError, load_council_toml
from revcore.entries import Category
from revcore.money import ZERO
from revcore.periods import FinancialYear
from revtui.accounts import COUNCIL_TAX
from revtui.reports.ledger_view import Totals, account_ledgers, kind_order, posting_class
from revtui.reports.report import Report
from revtui.store import Store

__all__ = ["collection_profile", "collection_rate", "collection_chart", "month_ends"]

_PERCENT = Decimal("0.1")
_COLUMNS = ("kind", "period", "to", "net_debit", "collected", "written_off", "transferred", "outstanding", "rate_pct",
            "profile_pct", "difference_pct")


def collection_profile(council: str) -> dict[int, Decimal]:
    """Month number (4 = April ... 3 = March) to the cumulative percent expected by its end."""
    table = load_council_toml("demo/collection_profile.toml").get(council)
    if table is None:
        raise DataError(f"demo/collection_profile.toml: no profile for council {council!r}")
    return {int(month): Decimal(str(percent)) for month, percent in table.items()}


def month_ends(year: FinancialYear, as_at: dt.date) -> list[dt.date]:
    """Each month end of ``year`` up to ``as_at``, then ``as_at`` itself if it is mid-month."""
    days = []
    for offset in range(12):
        month = (3 + offset) % 12 + 1
        calendar_year = year.start_year + (1 if month < 4 else 0)
        end = dt.date(calendar_year, month, calendar.monthrange(calendar_year, month)[1])
        if end > as_at:
            if year.start <= as_at and (not days or days[-1] != as_at):
                days.append(as_at)
            break
        days.append(end)
    return days


def _rate(collected: Decimal, debit: Decimal) -> Decimal:
    return (collected * 100 / debit).quantize(_PERCENT) if debit else ZERO


def collection_rate(store: Store, as_at: dt.date, *, year: FinancialYear | None = None,
                    council: str = "demo-district") -> Report:
    """For each kind, one row per month end (and ``as_at``): debit, collected, rate, and for
    council tax the profile and the difference from it."""
    year = year or FinancialYear.containing(as_at)
    days = month_ends(year, min(as_at, year.end))
    profile = collection_profile(council)
    if not days:
        return Report("collection", f"In-year collection {year}", as_at, _COLUMNS, (),
                      (f"{year} had not begun on {as_at.isoformat()}",))
    at_day: dict[str, list[Totals]] = {COUNCIL_TAX.name: [Totals() for _ in days]}
    for account in account_ledgers(store):
        ledger = account.ledger
        for entry in ledger.entries:
            if entry.posted > days[-1]:
                break
            postings = [p for p in entry.postings if p.year == year and p.category is Category.CHARGE]
            if not postings:
                continue
            klass = posting_class(entry, ledger)
            first = next(i for i, day in enumerate(days) if entry.posted <= day)
            totals = at_day.setdefault(account.kind, [Totals() for _ in days])[first]
            for posting in postings:
                totals.add(klass, posting.amount)
    rows = []
    for kind in sorted(at_day, key=kind_order):
        running = Totals()
        for day, totals in zip(days, at_day[kind]):
            running.merge(totals)
            rate = _rate(running.net_collected, running.charged)
            # mid-month: the profile pro rata between month ends
            expected = None if kind != COUNCIL_TAX.name else (
                profile[day.month] if day == _month_end(day) else _between(profile, day))
            rows.append((kind, day.strftime("%b %Y") if day == _month_end(day) else f"to {day.isoformat()}", day,
                         running.charged, running.net_collected, running.written_off, running.transferred,
                         running.outstanding,
                         rate, expected, None if expected is None else rate - expected))
    return Report(
        "collection", f"In-year collection {year}", as_at,
        _COLUMNS,
        tuple(rows),
        (f"collected is net of refunds; net debit is every charge and adjustment for {year} posted by the day;",
         "outstanding = net debit - collected - written off - transferred (a credit moved to another year or",
         "account counts as transferred; a negative outstanding is money held in credit);",
         "each kind is collected on its own (council tax and business rates are separate funds); the profile",
         "is council tax's; an invoiced HB overpayment is counted as its sundry debt"),
    )


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _between(profile: dict[int, Decimal], day: dt.date) -> Decimal:
    """The profile for a mid-month day, straight-line from the previous month end."""
    before = profile.get(12 if day.month == 1 else day.month - 1, ZERO) if day.month != 4 else ZERO
    after = profile[day.month]
    share = Decimal(day.day) / Decimal(calendar.monthrange(day.year, day.month)[1])
    return (before + (after - before) * share).quantize(_PERCENT)


def collection_chart(report: Report, width: int = 50) -> str:
    """Bars of the collection rate (``#``) with the profile marked ``|``, one line a period,
    under a heading for each kind."""
    lines = [f"{report.title} as at {report.as_at.isoformat()}: collected (#) against profile (|)"]
    kind = None
    for row_kind, period, *_, rate, expected, difference in report.rows:
        if row_kind != kind:
            kind = row_kind
            lines.append(f"{kind}:")
        filled = int(rate * width / 100)
        bar = ["#" if i < filled else " " for i in range(width)]
        if expected is None:
            lines.append(f"{period:>16} {''.join(bar)} {rate:5.1f}%")
            continue
        bar[min(width - 1, int(expected * width / 100))] = "|"
        lines.append(f"{period:>16} {''.join(bar)} {rate:5.1f}% (profile {expected:.1f}%, {difference:+.1f})")
    return "\n".join(lines)
