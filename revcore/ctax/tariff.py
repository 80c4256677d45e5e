"""A council's amounts ready for charging: band amounts precomputed per area, year and band
(with and without the disabled band reduction) and the statutory rules of its country.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Iterable

from revcore.council import BandAmount, Council, CouncilError, PremiumStep, band_part
from revcore.ctax.errors import ChargeError
from revcore.ctax.rules import CountryRules, CtaxRules

__all__ = ["Tariff"]


class Tariff:
    """``council`` with its country's ``rules``; build once and reuse (band amounts are cached).

    Construction checks the council's premium percentages against the statutory maxima.
    """

    def __init__(self, council: Council, rules: CtaxRules) -> None:
        self.council = council
        self.rules: CountryRules = rules.for_country(council.country)
        self._amounts: dict[tuple[str, int, str, bool], tuple[BandAmount, str]] = {}
        self._check_premiums()
        policy_days = {p.effective_from for p in council.premium_policies}
        policy_days |= {p.effective_from for p in council.local_discount_policies}
        self.change_days: tuple[dt.date, ...] = tuple(sorted(policy_days | set(self.rules.change_days())))
        self.premium_years: tuple[int, ...] = tuple(
            sorted(
                {s.after_years for p in council.premium_policies for s in p.long_term_empty}
                | {s.after_years for p in self.rules.premium_limits for s in p.long_term_empty}
            )
        )

    @property
    def exception_months(self) -> tuple[int, ...]:
        """Every time limit (months) of a premium exception class: a charge may change there."""
        return tuple(
            sorted({c.limit_months for s in self.rules.premium_exceptions for c in s.classes if c.limit_months is not None})
        )

    def _check_premiums(self) -> None:
        for policy in self.council.premium_policies:
            limits = self.rules.limits_on(policy.effective_from)
            for step in policy.long_term_empty:
                allowed = max_percent(limits.long_term_empty if limits else (), step.after_years)
                if step.percent > allowed:
                    raise ChargeError(
                        f"{self.council.name}: long-term empty premium {step.percent}% after {step.after_years}"
                        f" years from {policy.effective_from.isoformat()} exceeds the statutory maximum {allowed}%"
                    )
            allowed_2nd = (limits.second_home_max if limits else None) or Decimal(0)
            if policy.second_home_percent > allowed_2nd:
                raise ChargeError(
                    f"{self.council.name}: second-home premium {policy.second_home_percent}% from"
                    f" {policy.effective_from.isoformat()} exceeds the statutory maximum {allowed_2nd}%"
                )

    def band_amount(self, area: str, year: int, band: str, disabled: bool = False) -> tuple[BandAmount, str]:
        """The annual amount for ``band`` (or, with ``disabled``, for the reduced band) and a label
        of what was charged ("C", or "5/9 of D" for band A)."""
        key = (area, year, band, disabled)
        found = self._amounts.get(key)
        if found is None:
            found = self._amounts[key] = self._compute(area, year, band, disabled)
        return found

    def annual(self, area: str, year: int, band: str) -> Decimal:
        """The band's annual amount (total of the rounded parts) in ``area`` for ``year``."""
        found = self._amounts.get((area, year, band, False))
        if found is None:
            found = self.band_amount(area, year, band)
        return found[0].total

    def _compute(self, area: str, year: int, band: str, disabled: bool) -> tuple[BandAmount, str]:
        day = dt.date(year, 4, 1)
        scale = self.rules.scale_on(day)
        try:
            if not disabled:
                return self.council.band_amount(scale, area, year, band), band
            below = scale.band_below(band)
            if below is not None:
                return self.council.band_amount(scale, area, year, below), below
            numerator = self.rules.disabled_on(day).band_a_numerator
            parts = tuple((code, band_part(d, numerator)) for code, d in self.council.band_d_amounts(area, year))
            label = f"{numerator}/9 of band D"
            return BandAmount(label, parts, sum((a for _, a in parts), Decimal("0.00"))), label
        except CouncilError as error:
            raise ChargeError(str(error)) from None


def max_percent(steps: Iterable[PremiumStep], years: int) -> Decimal:
    """The percentage of the last step reached after ``years`` complete years (0 if none)."""
    best = Decimal(0)
    reached = -1
    for step in steps:
        if step.after_years <= years and step.after_years > reached:
            best, reached = step.percent, step.after_years
    return best
