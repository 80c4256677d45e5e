"""Attachment of earnings: the statutory deduction tables (A&E Regs Sch 4) and the deduction.

The tables are dated data (``refdata/tables/recovery/aeo_tables.toml``): the employer deducts a
percentage of the debtor's net earnings for the pay period, by band. A band "exceeding X but
not exceeding Y" includes its upper bound Y. Above the top band the deduction is the top
band's percentage of the top bound plus a higher percentage (50%) of the remainder.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from revcore.dated import DatedTable
from revcore.money import PENNY_DOWN, ZERO, format_money
from revcore.validation import AnyField, no_text_for_tuples

__all__ = ["PAY_FREQUENCIES", "AeoBand", "AeoTable", "AeoSchedule", "AeoDeduction", "aeo_deduction"]

PAY_FREQUENCIES = ("weekly", "monthly", "daily")
"""Sch 4 Table A (weekly), Table B (monthly), Table C (daily)."""


def _rate(instance: object, attribute: AnyField, value: Decimal) -> None:
    if not isinstance(value, Decimal) or not ZERO <= value <= 1:
        raise ValueError(f"{attribute.name} {value!r} must be a Decimal fraction between 0 and 1")


@attrs.frozen
class AeoBand:
    """Net earnings up to and including ``upper`` are deducted at ``rate`` (0.03 = 3%)."""

    upper: Decimal
    rate: Decimal = attrs.field(validator=_rate)


def _ascending(instance: "AeoTable", attribute: AnyField, bands: tuple[AeoBand, ...]) -> None:
    if not bands:
        raise ValueError(f"{instance.name}: a deduction table needs at least one band")
    uppers = [band.upper for band in bands]
    if uppers != sorted(set(uppers)):
        raise ValueError(f"{instance.name}: band upper bounds must rise strictly, got {uppers}")


@attrs.frozen(field_transformer=no_text_for_tuples)
class AeoTable:
    """One of Tables A, B or C: bands in rising order and the rate on earnings above the top."""

    name: str
    bands: tuple[AeoBand, ...] = attrs.field(converter=tuple[AeoBand, ...], validator=_ascending)
    excess_rate: Decimal = attrs.field(validator=_rate)

    def deduction(self, net_earnings: Decimal) -> tuple[Decimal, str]:
        """The deduction for a pay period and the line that explains it."""
        if net_earnings < 0:
            raise ValueError(f"{self.name}: net earnings {net_earnings} cannot be negative")
        lower = ZERO
        for band in self.bands:
            if net_earnings <= band.upper:
                amount = PENNY_DOWN(net_earnings * band.rate)
                return amount, (
                    f"{self.name}: net earnings {format_money(net_earnings)} exceed {format_money(lower)} "
                    f"and do not exceed {format_money(band.upper)}: {_percent(band.rate)} = "
                    f"{format_money(amount)} ({PENNY_DOWN.name})"
                )
            lower = band.upper
        top = self.bands[-1]
        on_top = PENNY_DOWN(top.upper * top.rate)
        on_rest = PENNY_DOWN((net_earnings - top.upper) * self.excess_rate)
        return on_top + on_rest, (
            f"{self.name}: net earnings {format_money(net_earnings)} exceed {format_money(top.upper)}: "
            f"{_percent(top.rate)} of {format_money(top.upper)} = {format_money(on_top)} plus "
            f"{_percent(self.excess_rate)} of the remaining {format_money(net_earnings - top.upper)} = "
            f"{format_money(on_rest)}; total {format_money(on_top + on_rest)} ({PENNY_DOWN.name})"
        )


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


@attrs.frozen
class AeoSchedule:
    """The three tables in force together, and the source they were read from."""

    weekly: AeoTable
    monthly: AeoTable
    daily: AeoTable
    source: str

    def table(self, frequency: str) -> AeoTable:
        if frequency not in PAY_FREQUENCIES:
            raise ValueError(f"pay frequency {frequency!r}: expected one of {', '.join(PAY_FREQUENCIES)}")
        return {"weekly": self.weekly, "monthly": self.monthly, "daily": self.daily}[frequency]


@attrs.frozen
class AeoDeduction:
    """What the employer deducts from one payment of earnings, and why."""

    amount: Decimal
    frequency: str
    net_earnings: Decimal
    explanation: str
    source: str


def aeo_deduction(
    tables: DatedTable[AeoSchedule], frequency: str, net_earnings: Decimal, pay_day: dt.date
) -> AeoDeduction:
    """The deduction from earnings paid on ``pay_day``, using the table in force that day."""
    schedule = tables.at(pay_day)
    amount, line = schedule.table(frequency).deduction(net_earnings)
    return AeoDeduction(amount, frequency, net_earnings, line, schedule.source)
