"""Direct earnings attachment (DEA): what an employer deducts from a pay day's net earnings to
recover an HB overpayment (Social Security (Overpayments and Recovery) Regulations 2013, SI
2013/384, Part 6; no court order needed).

The deduction is a percentage of the net earnings for the pay period, by band: Table A weekly
and Table B monthly, or the higher Tables C and D where the person was found guilty of an
offence for the overpayment. A band "exceeding X but not exceeding Y" includes Y; the top band
has no upper bound. The deduction never takes net earnings below the protected earnings
proportion (60%, reg 17). Tables are dated data (``refdata/tables/hb/dea.toml``, UNVERIFIED marks there).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from revcore.dated import DatedTable
from revcore.money import PENNY_DOWN, ZERO, format_money
from revcore.steps import percent
from revcore.validation import AnyField, no_text_for_tuples

__all__ = ["DEA_ROUNDING", "DeaBand", "DeaTable", "DeaSchedule", "DeaDeduction", "dea_deduction", "DeaError"]

DEA_ROUNDING = PENNY_DOWN
"""SI 2013/384 names no rounding (UNVERIFIED); rounding down keeps the deduction within the
percentage the table sets."""


class DeaError(ValueError):
    """A DEA table or request that cannot stand."""


def _rate(instance: object, attribute: AnyField, value: Decimal) -> None:
    if not isinstance(value, Decimal) or not ZERO <= value <= 1:
        raise DeaError(f"{attribute.name} {value} must be a Decimal fraction between 0 and 1")


@attrs.frozen
class DeaBand:
    """Net earnings up to and including ``upper`` (``None``: no limit) are deducted at ``rate``."""

    upper: Decimal | None
    rate: Decimal = attrs.field(validator=_rate)


def _bands(instance: "DeaTable", attribute: AnyField, bands: tuple[DeaBand, ...]) -> None:
    uppers = [band.upper for band in bands]
    if not bands or uppers[-1] is not None or None in uppers[:-1]:
        raise DeaError(f"{instance.name}: bands must end with one open top band (no upper bound)")
    bounded = [upper for upper in uppers[:-1] if upper is not None]  # all of them (checked above)
    if bounded != sorted(set(bounded)):
        raise DeaError(f"{instance.name}: band upper bounds must rise strictly, got {bounded}")


@attrs.frozen(field_transformer=no_text_for_tuples)
class DeaTable:
    """One of Tables A-D: bands in rising order, the last without an upper bound."""

    name: str
    bands: tuple[DeaBand, ...] = attrs.field(converter=tuple[DeaBand, ...], validator=_bands)

    def band(self, net: Decimal) -> tuple[Decimal, DeaBand]:
        """The lower bound (exclusive) and the band that ``net`` falls in."""
        lower = ZERO
        for band in self.bands:
            if band.upper is None or net <= band.upper:
                return lower, band
            lower = band.upper
        raise AssertionError("unreachable: the top band is open")


@attrs.frozen
class DeaSchedule:
    """The four tables in force together, the protected earnings proportion and the source."""

    weekly: DeaTable
    monthly: DeaTable
    weekly_higher: DeaTable
    monthly_higher: DeaTable
    protected_proportion: Decimal = attrs.field(validator=_rate)
    source: str

    def table(self, frequency: str, higher: bool) -> DeaTable:
        if frequency not in ("weekly", "monthly"):
            raise DeaError(f"pay frequency {frequency!r}: DEA tables are weekly or monthly (other periods UNVERIFIED)")
        if frequency == "weekly":
            return self.weekly_higher if higher else self.weekly
        return self.monthly_higher if higher else self.monthly


@attrs.frozen
class DeaDeduction:
    """What the employer deducts on one pay day, and the line that explains it."""

    amount: Decimal
    net_earnings: Decimal
    explanation: str
    source: str


def dea_deduction(schedules: DatedTable[DeaSchedule], frequency: str, net_earnings: Decimal, pay_day: dt.date,
                  *, higher: bool = False) -> DeaDeduction:
    """The deduction from ``net_earnings`` paid on ``pay_day``, using the tables in force that day."""
    if net_earnings < 0:
        raise DeaError(f"net earnings {net_earnings} cannot be negative")
    schedule = schedules.at(pay_day)
    table = schedule.table(frequency, higher)
    lower, band = table.band(net_earnings)
    amount = DEA_ROUNDING(net_earnings * band.rate)
    where = (f"exceed {format_money(lower)}" if band.upper is None
             else f"exceed {format_money(lower)} and do not exceed {format_money(band.upper)}"
             if lower else f"do not exceed {format_money(band.upper)}")
    line = (f"{table.name}: net earnings {format_money(net_earnings)} {where}: {percent(band.rate)} = "
            f"{format_money(amount)} ({DEA_ROUNDING.name})")
    ceiling = DEA_ROUNDING(net_earnings * (1 - schedule.protected_proportion))
    if amount > ceiling:
        amount = ceiling
        line += f"; limited to {format_money(ceiling)} to protect {percent(schedule.protected_proportion)} of net earnings"
    return DeaDeduction(amount, net_earnings, line, schedule.source)
