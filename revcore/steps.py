"""Explained amounts: steps, each with the rule that gives it, that add up exactly to what they
explain. The one ``Step`` of revcore: council tax and business rates charge lines (which also say
the annual amount left after each step), HB overpayments, deductions and sundry invoices."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from typing import Iterable

import attrs

from revcore.money import format_money

__all__ = ["Step", "render_steps", "percent"]


@attrs.frozen
class Step:
    """One amount, with what it is and the rule behind it (signed: deductions are negative).

    A step of a charge line also carries ``annual``: the annual amount after the step (exact,
    unrounded); its ``amount`` is then the rounded amount after this step minus the rounded amount
    before it, so a line's steps add up to the line exactly.
    """

    description: str
    rule: str
    amount: Decimal
    annual: Decimal | None = None

    @property
    def annual_amount(self) -> Decimal:
        """The annual amount after this step, for a step of a charge line."""
        if self.annual is None:
            raise ValueError(f"the step {self.description!r} is not a step of a charge line: it has no annual amount")
        return self.annual


def render_steps(steps: Iterable[Step], total_label: str, total: Decimal, indent: str = "  ") -> list[str]:
    """Each step with its amount and (below it) its rule, then the total."""
    rows = []
    for step in steps:
        *wrapped, last = textwrap.wrap(step.description, 70, subsequent_indent="  ")
        rows += [f"{indent}{part}" for part in wrapped] + [f"{indent}{last:<70} {format_money(step.amount):>11}"]
        rows += [f"{indent}    {part}" for part in textwrap.wrap(f"({step.rule})", 80, subsequent_indent=" ")]
    rows.append(f"{indent}{total_label:<70} {format_money(total):>11}")
    return rows


def percent(rate: Decimal) -> str:
    """``0.05`` as ``5%``."""
    return f"{(rate * 100).normalize():f}%"
