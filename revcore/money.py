"""Money: ``decimal.Decimal`` pounds, and the named rounding rules the system applies.

Amounts are plain ``Decimal`` values in pounds. Intermediate results (a daily charge, a
band amount times days over days-in-year) keep full precision; they are rounded only at a
step the law or the council's policy names, and that step uses a :class:`RoundingRule`
whose ``name`` is quoted in every explanation line that applies it.

Floats are refused everywhere: ``to_money(0.1)`` raises, because ``0.1`` is already wrong.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Iterable

import attrs

__all__ = [
    "ZERO",
    "PENNY",
    "POUND",
    "RoundingRule",
    "PENNY_HALF_UP",
    "POUND_HALF_UP",
    "PENNY_DOWN",
    "to_money",
    "to_pence",
    "from_pence",
    "format_money",
    "money_sum",
    "MoneyError",
]

ZERO = Decimal("0.00")
PENNY = Decimal("0.01")
POUND = Decimal("1")


class MoneyError(ValueError):
    """An amount that is not a valid sum of money."""


@attrs.frozen
class RoundingRule:
    """A named rounding step: the quantum it rounds to and the direction.

    The ``name`` is what an explanation prints, so it should say what and how, e.g.
    "nearest penny, half up".
    """

    name: str
    quantum: Decimal
    rounding: str

    def __call__(self, amount: Decimal) -> Decimal:
        return amount.quantize(self.quantum, rounding=self.rounding)


PENNY_HALF_UP = RoundingRule("nearest penny, half up", PENNY, ROUND_HALF_UP)
"""The usual rule for a bill: councils' published part-year examples round half up."""

POUND_HALF_UP = RoundingRule("nearest pound, half up", POUND, ROUND_HALF_UP)
"""Instalments "rounded to the nearest pound" (A&E Regs Sch 1 para 2(5)); 50p goes up (DERIVED)."""

PENNY_DOWN = RoundingRule("penny, rounded down", PENNY, ROUND_DOWN)
"""Used where a statutory deduction must not exceed a percentage (e.g. attachment of earnings)."""


def to_money(value: Decimal | int | str, *, where: str = "amount") -> Decimal:
    """Parse ``value`` as an amount in pounds with at most pence precision.

    ``where`` names the field or line in the error, so bad input says what was wrong and where.
    """
    if isinstance(value, bool) or isinstance(value, float):
        raise MoneyError(f"{where}: {value!r} is a float; give money as a string or Decimal")
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise MoneyError(f"{where}: {value!r} is not an amount of money") from None
    if not amount.is_finite():
        raise MoneyError(f"{where}: {value!r} is not an amount of money")
    if amount != amount.quantize(PENNY, rounding=ROUND_DOWN):
        raise MoneyError(f"{where}: {value!r} has fractions of a penny")
    return amount.quantize(PENNY)


def to_pence(amount: Decimal) -> int:
    """Whole pence in a pounds amount that has pence precision (as Bacs files need)."""
    pence = amount * 100
    if pence != pence.to_integral_value():
        raise MoneyError(f"{amount} has fractions of a penny")
    return int(pence)


def from_pence(pence: int) -> Decimal:
    return (Decimal(pence) / 100).quantize(PENNY)


def money_sum(amounts: Iterable[Decimal]) -> Decimal:
    """Sum starting from ``0.00`` so an empty sum still prints as money."""
    total = ZERO
    for amount in amounts:
        total += amount
    return total


def format_money(amount: Decimal) -> str:
    """``£1,234.56`` / ``-£12.00``: a plain English rendering for terminals and logs.

    Letters use Babel for locale-aware formatting; this is for the TUI and examples.
    """
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"
