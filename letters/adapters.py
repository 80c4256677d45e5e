"""View models built from the engine's objects: the explained charge (``revcore.ctax``), the
council's band amounts (its :class:`~revcore.ctax.Tariff`) and the instalment schedule
(``revcore.instalments``).

Only the annual bill is adapted so far; recovery notices are built directly from their view
models until the recovery engine's documents settle.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Mapping

from revcore.council import AuthorityKind
from revcore.ctax import ChargeError, Explanation, Tariff
from revcore.ctax.charge import BAND_RULE, DISABLED_RULE
from revcore.instalments import Schedule
from revcore.money import ZERO, RoundingRule

from letters.model import AnnualBill, AuthorityCharge, ChargeLine, Instalment, LocalText, ModelError, NoticeHeader

__all__ = ["PERCENT_CHANGE_ROUNDING", "authority_charges", "charge_lines", "annual_bill"]

PERCENT_CHANGE_ROUNDING = RoundingRule("percentage change to one decimal place, half up", Decimal("0.1"), ROUND_HALF_UP)
"""How a bill shows each authority's change on last year (SI 2011/3038 Sch 1 paras 13-16 ask for
the percentage; one decimal place is the usual presentation, UNVERIFIED as a requirement)."""

_KINDS = {
    AuthorityKind.ADULT_SOCIAL_CARE: "adult_social_care",
    AuthorityKind.POLICE: "major_precept",
    AuthorityKind.FIRE: "major_precept",
    AuthorityKind.PARISH: "parish",
}

# The engine names each step by the provision it applies; the letters pick wording by code.
_CODES = {
    "LGFA 1992 s.11": "resident_discount",
    "LGFA 1992 s.11(2)(a)": "empty_discount",
    "LGFA 1992 s.11B": "long_term_empty_premium",
    "LGFA 1992 s.12A": "long_term_empty_premium",
    "LGFA 1992 s.11C": "second_home_premium",
    "LGFA 1992 s.12B": "second_home_premium",
    "LGFA 1992 s.13A(1)(a)": "council_tax_reduction",
    "LGFA 1992 s.13A(1)(c)": "discretionary_reduction",
    DISABLED_RULE: "disabled_band_reduction",
}


def authority_charges(
    tariff: Tariff, area: str, year: int, band: str, welsh_names: Mapping[str, str] | None = None
) -> tuple[AuthorityCharge, ...]:
    """Each authority's amount for ``band`` in ``area`` for the year starting 1 April ``year``,
    with last year's amount and the change where last year's amounts are known."""
    council = tariff.council
    current = tariff.band_amount(area, year, band)[0]
    try:
        previous = dict(tariff.band_amount(area, year - 1, band)[0].parts)
    except ChargeError:  # no amounts set for last year: the bill shows no comparison
        previous = {}
    names = welsh_names or {}
    result = []
    for code, amount in current.parts:
        authority = council.authority(code)
        before = previous.get(code)
        change = PERCENT_CHANGE_ROUNDING((amount - before) * 100 / before) if before else None
        result.append(
            AuthorityCharge(
                name=LocalText(authority.name, names.get(code)),
                kind=_KINDS.get(authority.kind, "billing"),
                amount=amount,
                previous_amount=before,
                percent_change=change,
            )
        )
    return tuple(result)


def charge_lines(explanation: Explanation) -> tuple[ChargeLine, ...]:
    """One bill line per step of each span of the explained charge, dated with its span."""
    lines = []
    for span in explanation.lines:
        for step in span.steps:
            if step.rule == BAND_RULE:
                code = "band_charge" if span.days == span.days_in_year else "part_year"
                text = f"Band {span.band}: {span.days} of {span.days_in_year} days"
            else:
                code = _CODES.get(step.rule, "exemption" if "exempt" in step.description else "local_discount")
                text = step.description[:1].upper() + step.description[1:]
            lines.append(ChargeLine(code, text, step.amount, span.start, span.end))
    return tuple(lines)


def annual_bill(
    header: NoticeHeader,
    explanation: Explanation,
    tariff: Tariff,
    area: str,
    schedule: Schedule,
    *,
    paid: Decimal = ZERO,
    direct_debit: bool = False,
    previous_band: str | None = None,
    welsh_names: Mapping[str, str] | None = None,
) -> AnnualBill:
    """The demand notice for one financial year: ``explanation`` is the charge for that year
    (``Explanation.for_year``), ``schedule`` the instalments for what remains after ``paid``."""
    if not explanation.lines:
        raise ModelError(f"bill {header.account_reference}: the charge has no days in the year")
    years = explanation.years()
    if len(years) != 1:
        raise ModelError(f"bill {header.account_reference}: the charge spans years {years}; bill one year at a time")
    year = years[0]
    band = explanation.lines[-1].band
    return AnnualBill(
        header=header,
        financial_year=explanation.lines[0].financial_year.label,
        period_start=explanation.start,
        period_end=explanation.end,
        band=band,
        authorities=authority_charges(tariff, area, year, band, welsh_names),
        charge_lines=charge_lines(explanation),
        total_charge=explanation.total,
        paid=paid,
        amount_payable=explanation.total - paid,
        instalments=tuple(Instalment(i.due, i.amount) for i in schedule.instalments),
        direct_debit=direct_debit,
        previous_band=previous_band,
    )
