"""Training moves business rates and sundry accounts (HB overpayments' invoices among them) with
the clock: payments arrive on them as a payment file each day, posted by the live payment import
(:func:`revtui.services.payments.import_payment_file`) exactly as a council's daily file is.

What falls due is each kind's own schedule (:meth:`revtui.accounts.AccountKind.schedules`: a
rates bill's instalments, an invoice's due date); the payer's habit is the council tax one
(:func:`revtui.training.cash_habit` and its channel, given by training): on time, two weeks late, or not at
all. An HB overpayment recovered from ongoing benefit is paid by deductions from HB, not by the
claimant: those wait for the deductions import (not built here).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import attrs

from revcore.calendar import is_working_day, next_working_day
from revcore.money import ZERO, format_money
from revtui.accounts import KINDS
from revtui.records.payments import open_cash_records
from revtui.services.payments import import_payment_file
from revtui.services.stores import Store

__all__ = ["KindPayment", "OtherKinds"]

Habit = Callable[[str], str]


@attrs.frozen
class KindPayment:
    reference: str
    kind: str
    due: dt.date
    amount: Decimal


class OtherKinds:
    """The rates and sundry payments of the days after ``played_from`` up to ``until``, by the day
    they arrive; :meth:`post` imports a day's as that day's file."""

    def __init__(self, store: Store, country: str, played_from: dt.date | None, until: dt.date, *,
                 habit: Habit, channel: Habit) -> None:
        habit_of = habit
        self.channel = channel
        self.by_day: dict[dt.date, list[KindPayment]] = {}
        for kind in KINDS[1:]:
            if kind.name == "HB overpayment":
                continue  # deducted from ongoing HB; once invoiced, its invoice is a sundry debt here
            for stored in kind.repository(store):
                value = stored.value
                ledger = kind.ledger(value)
                if ledger is None or ledger.balance <= 0:
                    continue
                habit = habit_of(kind.reference(value))
                if habit == "none":
                    continue
                for schedule in kind.schedules(value).values():
                    for instalment in schedule.instalments:
                        if played_from is not None and instalment.due <= played_from or instalment.amount <= 0:
                            continue  # the store's own history says how earlier ones were paid
                        day = instalment.due + dt.timedelta(days=14 if habit == "late" else 0)
                        day = day if is_working_day(day, country) else next_working_day(day, country)
                        if day <= until:
                            self.by_day.setdefault(day, []).append(
                                KindPayment(kind.reference(value), kind.name, instalment.due, instalment.amount))

    def post(self, store: Store, day: dt.date) -> tuple[int, Decimal, list[str]]:
        """Import ``day``'s payments as one CSV payment file through the live import (a day
        played again posts nothing twice: the import knows the file's lines): how many were
        posted, their total, and a line for the day's report."""
        due = self.by_day.get(day, [])
        if not due:
            return 0, ZERO, []
        name = f"training-rates-sundry-{day.isoformat()}.csv"
        rows = ["type,reference,amount,date,channel,narrative"]
        rows += [f"P,{p.reference},{p.amount},{day.isoformat()},{self.channel(p.reference)},"
                 f"{p.kind} due {p.due.isoformat()} (training: payer's habit)" for p in due]
        total = sum((p.amount for p in due), ZERO)
        rows.append(f"T,{len(due)},{total}")
        outcome = import_payment_file(open_cash_records(store), name, ("\n".join(rows) + "\n").encode(), "csv",
                                      today=day, officer="training")
        report = outcome.report
        if not report.posted_count:
            return 0, ZERO, []
        kinds = sorted({p.kind for p in due})
        return report.posted_count, report.posted_total, [
            f"{report.posted_count} payments on {' and '.join(kinds)} accounts posted from {name} "
            f"({format_money(report.posted_total)})"]
