"""A business rates bill for one financial year: the explained charge and its instalments under
SI 1989/1058 Sch 1, built by the same schedule code as council tax (:mod:`revcore.instalments`)."""

from __future__ import annotations

import datetime as dt

import attrs

from revcore.instalments import InstalmentRules, Plan, Schedule, build_schedule
from revcore.nndr.charge import charge
from revcore.nndr.explanation import RatesExplanation
from revcore.nndr.hereditament import Hereditament
from revcore.nndr.liability import RatesLiability
from revcore.nndr.rules import RatesRules
from revcore.periods import FinancialYear

__all__ = ["RatesBill", "rates_bill"]


@attrs.frozen
class RatesBill:
    """A demand notice's figures: the year, the day issued, the charge and the instalments."""

    year: FinancialYear
    issued: dt.date
    explanation: RatesExplanation
    schedule: Schedule

    def render(self, title: str | None = None) -> str:
        return self.explanation.render(title) + "\n" + self.schedule.explain()


def rates_bill(
    liability: RatesLiability,
    hereditament: Hereditament,
    rules: RatesRules,
    year: FinancialYear,
    issued: dt.date,
    instalment_rules: InstalmentRules,
    *,
    plan: Plan = Plan.TEN,
    day_of_month: int = 1,
) -> RatesBill:
    """The bill for ``year`` issued on ``issued``; ``instalment_rules`` are the business rates
    scheme (``refdata.instalments.instalment_rules("business_rates", country, year)``)."""
    explanation = charge(liability, hereditament, rules, year)
    schedule = build_schedule(explanation.total, year, issued, instalment_rules, plan=plan, day_of_month=day_of_month)
    return RatesBill(year, issued, explanation, schedule)
