"""Re-calculation after a change (often backdated): for each financial year, what was charged,
what is now due, the difference, and a line-by-line diff against the previous bill, ready for
an adjustment notice. Bills are never rewritten: the previous explanation is compared, not changed.
"""

from __future__ import annotations

from decimal import Decimal
from difflib import SequenceMatcher

import attrs

from revcore.ctax.explanation import ChargeLine, Explanation
from revcore.money import ZERO, format_money
from revcore.periods import FinancialYear

__all__ = ["YearDifference", "Recalculation", "recalculate"]


@attrs.frozen
class YearDifference:
    """One financial year's change: the previous and current charge, and the lines that differ."""

    year: int
    previous: Explanation
    current: Explanation
    removed: tuple[ChargeLine, ...]
    added: tuple[ChargeLine, ...]
    diff: tuple[tuple[str, ChargeLine], ...]
    """Every line of both bills in order, marked "-" (only on the previous bill), "+" (only on the
    new one) or " " (unchanged)."""

    @property
    def difference(self) -> Decimal:
        """Positive: more is due; negative: a credit."""
        return self.current.total - self.previous.total

    def render(self) -> str:
        rows = [f"{FinancialYear(self.year).label}: previously {format_money(self.previous.total)},"
                f" now {format_money(self.current.total)}, difference {format_money(self.difference)}"]
        for mark, line in self.diff:
            rendered = line.render()
            rows.append(f"{mark} {rendered[0]}")
            rows.extend(f"{mark} {row}" for row in rendered[1:])
        return "\n".join(rows)


@attrs.frozen
class Recalculation:
    years: tuple[YearDifference, ...]

    @property
    def difference(self) -> Decimal:
        total = ZERO
        for year in self.years:
            total += year.difference
        return total

    def changed_years(self) -> tuple[YearDifference, ...]:
        return tuple(year for year in self.years if year.removed or year.added)

    def render(self) -> str:
        if not self.changed_years():
            return "No change to any year's charge."
        parts = [year.render() for year in self.changed_years()]
        parts.append(f"Net difference over all years: {format_money(self.difference)}")
        return "\n\n".join(parts)


def recalculate(previous: Explanation, current: Explanation) -> Recalculation:
    """Compare the previous charge with the charge now due, year by year."""
    years = sorted(set(previous.years()) | set(current.years()))
    result = []
    for year in years:
        before, after = previous.for_year(year), current.for_year(year)
        diff: list[tuple[str, ChargeLine]] = []
        matcher = SequenceMatcher(a=before.lines, b=after.lines, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                diff.extend((" ", line) for line in before.lines[i1:i2])
            else:
                diff.extend(("-", line) for line in before.lines[i1:i2])
                diff.extend(("+", line) for line in after.lines[j1:j2])
        result.append(
            YearDifference(
                year,
                before,
                after,
                tuple(line for mark, line in diff if mark == "-"),
                tuple(line for mark, line in diff if mark == "+"),
                tuple(diff),
            )
        )
    return Recalculation(tuple(result))
