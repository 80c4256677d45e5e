"""View models built from the engine's objects: the explained charge (``revcore.ctax``), the
council's band amounts (its :class:`~revcore.ctax.Tariff`) and the instalment schedule
(``revcore.instalments``).

The annual bill, the adjustment notice (from the previous and revised explanations, compared
with :func:`revcore.ctax.recalculate`), and the reminder and final notice (from the recovery
engine's recorded :class:`~revcore.recovery.StageEvent`) are adapted; the summons needs the
court and hearing, which the store does not hold yet, and is built from its view model.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Mapping

from revcore.council import AuthorityKind
from revcore.ctax import ChargeError, Explanation, Tariff, recalculate
from revcore.ctax.charge import BAND_RULE, DISABLED_RULE
from revcore.instalments import Schedule
from revcore.money import PENNY_DOWN, ZERO, RoundingRule, money_sum
from revcore.nndr import Hereditament, MultiplierSet, RatesExplanation
from revcore.recovery import StageEvent
from revcore.recovery.aeo import AeoTable

from letters.model import (
    AdjustmentNotice,
    Addressee,
    AnnualBill,
    AttachmentOfEarningsOrder,
    AuthorityCharge,
    CompletionNotice,
    DeductionRate,
    EnforcementReferral,
    GeneralLetter,
    LiabilityOrderNotice,
    RatesRefundLetter,
    SundryRefundLetter,
    RefundLetter,
    NoticeChargeLine,
    FinalNotice,
    NoticeInstalment,
    LocalText,
    PremiumRate,
    ClassDiscount,
    ModelError,
    NoticeHeader,
    Reminder,
    SecondReminder,
    Summons,
    RatesAdjustmentNotice,
    RatesDemandNotice,
    RatesMultiplierRate,
    RatesValue,
)

__all__ = [
    "PERCENT_CHANGE_ROUNDING",
    "authority_charges",
    "band_totals",
    "charge_lines",
    "outstanding_instalments",
    "annual_bill",
    "premium_rates",
    "class_discounts",
    "adjustment_notice",
    "reminder",
    "summons",
    "final_notice",
    "rates_charge_lines",
    "rates_demand_notice",
    "liability_order_notice",
    "deduction_rates",
    "attachment_of_earnings_order",
    "enforcement_referral",
    "refund_letter",
    "rates_refund_letter",
    "sundry_refund_letter",
    "completion_notice",
    "general_letter",
    "addressee",
]

PERCENT_CHANGE_ROUNDING = RoundingRule("percentage change to one decimal place, half up", Decimal("0.1"), ROUND_HALF_UP)
"""How a bill shows each authority's change on last year (SI 2011/3038 Sch 1 paras 13-16 ask for
the percentage; one decimal place is the usual presentation, UNVERIFIED as a requirement)."""

_KINDS = {
    AuthorityKind.ADULT_SOCIAL_CARE: "adult_social_care",
    AuthorityKind.POLICE: "major_precept",
    AuthorityKind.FIRE: "major_precept",
    AuthorityKind.PARISH: "parish",
}

# An adult social care precept is part of a county's or unitary council's tax, never these.
_NOT_ASC_OWNER = (AuthorityKind.POLICE, AuthorityKind.FIRE, AuthorityKind.PARISH)

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


def _merge_asc(council, parts: tuple[tuple[str, Decimal], ...], where: str) -> list[tuple[str, Decimal]]:
    """The parts with each adult social care precept added to the authority it is part of: the
    authority listed before it (its county or unitary council), as one line."""
    merged: list[tuple[str, Decimal]] = []
    for code, amount in parts:
        if council.authority(code).kind is AuthorityKind.ADULT_SOCIAL_CARE:
            if not merged or council.authority(merged[-1][0]).kind in _NOT_ASC_OWNER:
                raise ModelError(f"{where}: the adult social care precept {code} follows no council it is part of")
            merged[-1] = (merged[-1][0], merged[-1][1] + amount)
        else:
            merged.append((code, amount))
    return merged


def authority_charges(
    tariff: Tariff, area: str, year: int, band: str, welsh_names: Mapping[str, str] | None = None,
    *, asc_separate: bool = False,
) -> tuple[AuthorityCharge, ...]:
    """Each authority's amount for ``band`` in ``area`` for the year starting 1 April ``year``,
    with last year's amount and the change where last year's amounts are known.

    ``asc_separate``: the adult social care precept is its own line (English bills for 2016/17
    to 2024/25); otherwise it is part of its council's line and that line's change (from
    2025/26, SI 2025/8)."""
    council = tariff.council
    where = f"band {band} in {area} for {year}"
    parts = tariff.band_amount(area, year, band)[0].parts
    current = list(parts) if asc_separate else _merge_asc(council, parts, where)
    try:
        before_parts = tariff.band_amount(area, year - 1, band)[0].parts
        previous = dict(before_parts if asc_separate else _merge_asc(council, before_parts, where))
    except ChargeError:  # no amounts set for last year: the bill shows no comparison
        previous = {}
    names = welsh_names or {}
    result = []
    for code, amount in current:
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


def band_totals(authorities: tuple[AuthorityCharge, ...]) -> tuple[Decimal, Decimal | None, Decimal | None]:
    """The band's amount this year (the authorities' amounts added up), last year's (None unless
    every authority's is known) and the percentage change, as the bill shows them."""
    now = money_sum(a.amount for a in authorities)
    before = None if any(a.previous_amount is None for a in authorities) else money_sum(
        a.previous_amount for a in authorities if a.previous_amount is not None)
    return now, before, PERCENT_CHANGE_ROUNDING((now - before) * 100 / before) if before else None


# The engine writes a discount's or premium's percentage into its description ("... 25%").
_PERCENT = re.compile(r"(?:discount|premium) (\d+(?:\.\d+)?)%")
# Discounts: one of nothing (a council's 0%, or its discount used up) is no discount, and the
# bill shows no "£0.00" line for it.
_DISCOUNT_CODES = {"resident_discount", "single_person_discount", "disregard_discount", "empty_discount", "local_discount"}
_PERCENT_CODES = {*_DISCOUNT_CODES, "long_term_empty_premium", "second_home_premium"}


def charge_lines(explanation: Explanation) -> tuple[NoticeChargeLine, ...]:
    """One bill line per step of each span of the explained charge, dated with its span; a
    discount or premium names its percentage."""
    lines = []
    for span in explanation.lines:
        for step in span.steps:
            percent = None
            if step.rule == BAND_RULE:
                code = "band_charge" if span.days == span.days_in_year else "part_year"
                text = f"Band {span.band}: {span.days} of {span.days_in_year} days"
            else:
                code = _CODES.get(step.rule, "exemption" if "exempt" in step.description else "local_discount")
                if code == "resident_discount":
                    code = "single_person_discount" if step.description.startswith("single person") else "disregard_discount"
                text = step.description[:1].upper() + step.description[1:]
                if code in _DISCOUNT_CODES and not step.amount:
                    continue
                if code in _PERCENT_CODES:
                    found = _PERCENT.search(step.description)
                    percent = Decimal(found.group(1)) if found else None
            lines.append(NoticeChargeLine(code, text, step.amount, span.start, span.end, percent))
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
    asc_separate: bool = False,
    premiums: tuple[PremiumRate, ...] | None = None,
    class_discounts: tuple[ClassDiscount, ...] | None = None,
    notify_penalty: Decimal | None = None,
) -> AnnualBill:
    """The demand notice for one financial year: ``explanation`` is the charge for that year
    (``Explanation.for_year``), ``schedule`` the instalments for what remains after ``paid``.
    ``asc_separate`` is the year's rule for the adult social care precept (:func:`authority_charges`)."""
    year = _one_year(header, explanation, "bill")
    band = explanation.lines[-1].band
    authorities = authority_charges(tariff, area, year, band, welsh_names, asc_separate=asc_separate)
    now, before, change = band_totals(authorities)
    return AnnualBill(
        header=header,
        financial_year=explanation.lines[0].financial_year.label,
        period_start=explanation.start,
        period_end=explanation.end,
        band=band,
        authorities=authorities,
        previous_band_charge=before,
        band_percent_change=change,
        charge_lines=charge_lines(explanation),
        total_charge=explanation.total,
        paid=paid,
        amount_payable=explanation.total - paid,
        instalments=outstanding_instalments(schedule, paid),
        direct_debit=direct_debit,
        previous_band=previous_band,
        premium_rates=premiums,
        class_discounts=class_discounts,
        notify_penalty=notify_penalty,
    )


def premium_rates(tariff: Tariff, year: int) -> tuple[PremiumRate, ...]:
    """The premiums the council determined for the year starting 1 April ``year`` (none if it
    charges none), as a Welsh bill states them."""
    policy = tariff.council.premium_policy(dt.date(year, 4, 1))
    if policy is None:
        return ()
    rates = [PremiumRate("long_term_empty", step.percent, step.after_years)
             for step in policy.long_term_empty if step.percent > 0]
    if policy.second_home_percent > 0:
        rates.append(PremiumRate("second_home", policy.second_home_percent))
    return tuple(rates)


def class_discounts(tariff: Tariff, year: int) -> tuple[ClassDiscount, ...]:
    """The discounts the council determined under s.12 for the year starting 1 April ``year``
    for the prescribed classes (none if it determined none), as a Welsh bill states them
    (SI 1993/255 Sch 2 para 15(c))."""
    policy = tariff.council.local_discount_policy(dt.date(year, 4, 1))
    if policy is None:
        return ()
    return tuple(ClassDiscount(d.dwelling_class, d.percent) for d in sorted(policy.discounts, key=lambda d: d.dwelling_class))


def outstanding_instalments(schedule: Schedule, paid: Decimal) -> tuple[NoticeInstalment, ...]:
    """The schedule's instalments less ``paid``, taken from the earliest first: what the notice
    still asks for, by due date. They add up to the schedule's amount less ``paid`` (none when
    ``paid`` covers it all)."""
    left = paid
    result = []
    for item in schedule.instalments:
        covered = min(max(left, ZERO), item.amount)
        left -= covered
        if item.amount - covered:
            result.append(NoticeInstalment(item.due, item.amount - covered))
    return tuple(result)


def _one_year(header: NoticeHeader, explanation: Explanation, what: str) -> int:
    if not explanation.lines:
        raise ModelError(f"{what} {header.account_reference}: the charge has no days in the year")
    years = explanation.years()
    if len(years) != 1:
        raise ModelError(f"{what} {header.account_reference}: the charge spans years {years}; one year at a time")
    return years[0]


def adjustment_notice(
    header: NoticeHeader,
    previous: Explanation,
    current: Explanation,
    schedule: Schedule,
    reason: LocalText,
    *,
    paid: Decimal = ZERO,
) -> AdjustmentNotice:
    """The further demand after the year's charge changed from ``previous`` to ``current``
    (both for one year); ``schedule`` is the revised one (``revise_amount``), ``paid`` what
    was paid or credited to the year's charge before this notice."""
    year = _one_year(header, current, "adjustment")
    difference = next((d for d in recalculate(previous, current).years if d.year == year), None)
    if difference is None or not (difference.added or difference.removed):
        raise ModelError(f"adjustment {header.account_reference}: the charge for {year} did not change")
    balance = current.total - paid
    return AdjustmentNotice(
        header=header,
        financial_year=current.lines[0].financial_year.label,
        band=current.lines[-1].band,
        reason=reason,
        charge_lines=charge_lines(current),
        previous_charge=difference.previous.total,
        revised_charge=current.total,
        paid=paid,
        balance=balance,
        instalments=outstanding_instalments(schedule, paid) if balance > 0 else (),
    )


def reminder(
    header: NoticeHeader, year_label: str, event: StageEvent, balance: Decimal, balance_due_after_days: int
) -> Reminder:
    """A (second) reminder from the recovery run's recorded event: it asked for ``event.amount``
    by ``event.until``; failing that, the year's ``balance`` falls due at the end of
    ``balance_due_after_days`` days beginning with the day after (reg. 23(3))."""
    if event.stage not in ("reminder", "second_reminder") or event.amount is None or event.until is None:
        raise ModelError(f"reminder {header.account_reference}: event {event.key or event.stage} is not a reminder with an amount and date")
    cls = SecondReminder if event.stage == "second_reminder" else Reminder
    return cls(
        header=header,
        financial_year=year_label,
        amount_due=event.amount,
        pay_by=event.until,
        balance=balance,
        balance_due=event.until + dt.timedelta(days=balance_due_after_days),
    )


def final_notice(header: NoticeHeader, year_label: str, event: StageEvent) -> FinalNotice:
    """The final notice from the recovery run's recorded event: ``event.amount`` by ``event.until``."""
    if event.stage != "final_notice" or event.amount is None or event.until is None:
        raise ModelError(f"final notice {header.account_reference}: event {event.key or event.stage} is not a final notice")
    return FinalNotice(header=header, financial_years=(year_label,), amount_due=event.amount, pay_by=event.until)


def summons(header: NoticeHeader, year_label: str, event: StageEvent, costs: Decimal, court_name: LocalText,
            court_address: tuple[str, ...], sits_at: dt.time) -> Summons:
    """The summons from the recovery run's recorded event: ``event.amount`` outstanding for the
    year, the ``costs`` raised with it, and the hearing on ``event.until`` at the court's time."""
    if event.stage != "summons" or event.amount is None or event.until is None:
        raise ModelError(f"summons {header.account_reference}: event {event.key or event.stage} is not a summons with an amount and hearing date")
    return Summons(
        header=header,
        financial_years=(year_label,),
        court_name=court_name,
        court_address=court_address,
        hearing_at=dt.datetime.combine(event.until, sits_at),
        amount_outstanding=event.amount,
        costs=costs,
    )


# A rates step is named by what it does; the engine's description starts with the relief's label.
_RATES_CODES = (
    ("empty", "rates_empty"),
    ("part unoccupied", "rates_part_occupied"),
    ("mandatory charity relief", "rates_charity"),
    ("small business rate relief", "rates_small_business"),
    ("discretionary relief", "rates_discretionary"),
    ("hardship relief", "rates_hardship"),
)
_RATES_PERCENT = re.compile(r" (\d+(?:\.\d+)?)%")


def _rates_text(description: str) -> str:
    """The engine's description, short enough for a bill line: without the working (after a
    colon, for small business rate relief's E) and the UNVERIFIED marks (the account view has both)."""
    text = description.split(" (UNVERIFIED", 1)[0]
    if text.startswith(("small business", "part unoccupied")):
        text = text.split(":", 1)[0]
    return text[:1].upper() + text[1:]


def rates_charge_lines(explanation: RatesExplanation) -> tuple[NoticeChargeLine, ...]:
    """The calculation (SI 2003/2613 Sch 2 Part 1 para 6): for each span of days its gross amount
    (RV x multiplier, ``rates_gross``), then each relief or rule that changed it, with its amount."""
    lines = []
    for span in explanation.lines:
        for n, step in enumerate(span.steps):
            if n == 0:
                code = "rates_gross"
                text = f"RV £{span.rateable_value:,} x {span.multiplier.value} {span.multiplier.name}"
                percent = None
            else:
                code = next((c for prefix, c in _RATES_CODES if step.description.startswith(prefix)), "rates_relief")
                text = _rates_text(step.description)
                found = _RATES_PERCENT.search(step.description)
                percent = Decimal(found.group(1)) if found and code not in ("rates_empty", "rates_part_occupied") else None
            lines.append(NoticeChargeLine(code, text, step.amount, span.start, span.end, percent))
    return tuple(lines)


def rates_demand_notice(
    header: NoticeHeader,
    ratepayer: str,
    hereditament: Hereditament,
    explanation: RatesExplanation,
    multipliers: MultiplierSet,
    schedule: Schedule,
    *,
    paid: Decimal = ZERO,
    previous: RatesExplanation | None = None,
) -> RatesDemandNotice:
    """The business rates demand notice for one financial year (``explanation`` is the year's
    charge, ``multipliers`` the year's set), or with ``previous`` (the charge it replaces) the
    adjustment notice; ``paid`` is what was paid or credited to the year's charge before it."""
    if not explanation.lines:
        raise ModelError(f"rates bill {header.account_reference}: the charge has no days in the year")
    if len(explanation.years()) != 1:
        raise ModelError(f"rates bill {header.account_reference}: the charge spans years {explanation.years()}")
    year = explanation.lines[0].year
    first, last = explanation.lines[0].start, explanation.lines[-1].end
    charged = {line.multiplier.code for line in explanation.lines}
    # every RV the list shows for the hereditament on a day of the bill (para 2)
    values = [v for n, v in enumerate(hereditament.values)
              if v.effective_from <= last and (n + 1 == len(hereditament.values)
                                               or hereditament.values[n + 1].effective_from > first)]
    amount = explanation.total - paid
    fields = dict(
        header=header,
        financial_year=f"{year}/{(year + 1) % 100:02d}",
        period_start=first,
        period_end=last,
        ratepayer=ratepayer,
        description=hereditament.description,
        uarn=hereditament.uarn,
        rateable_values=tuple(RatesValue(v.value, v.effective_from, v.list_year) for v in values),
        multipliers=tuple(RatesMultiplierRate(m.name, m.value, m.code in charged) for m in multipliers.multipliers),
        charge_lines=rates_charge_lines(explanation),
        total_charge=explanation.total,
        paid=paid,
        amount_payable=amount,
        instalments=outstanding_instalments(schedule, paid) if amount > 0 else (),
    )
    if previous is None:
        return RatesDemandNotice(**fields)
    return RatesAdjustmentNotice(**fields, previous_charge=previous.total)


# ---------------------------------------------------------------------------------------------
# After a liability order, and the other letters from account data


def _order_date(order: StageEvent) -> dt.date:
    """The day the court made the order: the hearing (the run records it on the day after, or later)."""
    return order.until or order.day


def liability_order_notice(header: NoticeHeader, year_label: str, order: StageEvent, owed_at_issue: Decimal,
                           court_name: LocalText, information_days: int) -> LiabilityOrderNotice:
    """The notice of the liability order the run recorded (``order``: its amount, the sum and costs
    the order was sought for; ``until``, the hearing). ``owed_at_issue`` is what the year owed (tax
    and costs, from the ledger) on the notice's day: anything less was paid since the order. The
    debtor is asked for the reg. 36 information within ``information_days``."""
    if order.stage != "liability_order" or order.amount is None:
        raise ModelError(f"liability order notice {header.account_reference}: event {order.key or order.stage} "
                         "is not a liability order with an amount")
    return LiabilityOrderNotice(
        header=header, financial_years=(year_label,), court_name=court_name, order_date=_order_date(order),
        order_amount=order.amount, paid_since=max(order.amount - owed_at_issue, ZERO),
        reply_by=header.issue_date + dt.timedelta(days=information_days))


def deduction_rates(table: AeoTable) -> tuple[tuple[DeductionRate, ...], str, Decimal]:
    """The deduction table an order prints: each band's upper limit and percentage, and the top
    rate in words (English) with what the top band itself deducts (its percentage of its limit)."""
    rates = tuple(DeductionRate(band.upper.quantize(Decimal("0.01")), (band.rate * 100).normalize())
                  for band in table.bands)
    top = table.bands[-1]
    on_top = PENNY_DOWN(top.upper * top.rate)  # as the engine deducts it (revcore.recovery.aeo)
    return rates, f"{(table.excess_rate * 100).normalize():f}%", on_top


def attachment_of_earnings_order(header: NoticeHeader, debtor_name: str, year_label: str, order: StageEvent,
                                 attachment: StageEvent, amount: Decimal, frequency: str, table: AeoTable,
                                 admin_fee: Decimal, payroll_number: str | None = None) -> AttachmentOfEarningsOrder:
    """The order to the employer (``header.addressee``) the run recorded as ``attachment``: ``amount``
    (what the year owed when it was made) is deducted at ``table``'s rates for the pay ``frequency``."""
    if attachment.stage != "attachment_of_earnings":
        raise ModelError(f"attachment of earnings {header.account_reference}: event {attachment.key} is not one")
    rates, excess, on_top = deduction_rates(table)
    limit = rates[-1].up_to
    note = LocalText(f"Above £{limit:,}: deduct £{on_top:,} plus {excess} of the net earnings above £{limit:,}.",
                     f"Dros £{limit:,}: didynnwch £{on_top:,} a {excess} o'r enillion net dros £{limit:,}.")
    return AttachmentOfEarningsOrder(
        header=header, debtor_name=debtor_name, payroll_number=payroll_number, order_date=attachment.day,
        liability_order_date=_order_date(order), amount=amount, pay_period=frequency, rates=rates,
        top_rate_note=note, admin_fee=admin_fee)


def enforcement_referral(header: NoticeHeader, year_label: str, order: StageEvent, referral: StageEvent,
                         agent_name: str, agent_contact: tuple[str, ...], compliance_fee: Decimal) -> EnforcementReferral:
    """The letter telling the debtor the run referred the year to enforcement agents (``referral``:
    its amount, the balance then) and the compliance fee the agent will add."""
    if referral.stage != "enforcement_agent" or referral.amount is None:
        raise ModelError(f"enforcement referral {header.account_reference}: event {referral.key} is not a referral")
    return EnforcementReferral(
        header=header, financial_years=(year_label,), liability_order_date=_order_date(order),
        amount=referral.amount, agent_name=agent_name, agent_contact=agent_contact, compliance_fee=compliance_fee,
        referral_date=referral.day)


def _refund_terms(amount: Decimal, reason: str | LocalText, bank_ending: str | None, cheque: bool,
                  payee: str | None) -> dict[str, object]:
    """What every refund letter says: the amount, why, whom it is made out to and how it is paid."""
    return {"amount": amount, "reason": reason if isinstance(reason, LocalText) else LocalText(reason),
            "method": "cheque" if cheque else "bank", "account_ending": None if cheque else bank_ending,
            "payee": payee}


def refund_letter(header: NoticeHeader, year_label: str, amount: Decimal, reason: str | LocalText, *,
                  bank_ending: str | None, cheque: bool, payee: str | None = None) -> RefundLetter:
    """The letter for an approved refund: ``amount`` paid to ``payee`` by cheque or into the account
    ending ``bank_ending``."""
    return RefundLetter(header=header, financial_year=year_label,
                        **_refund_terms(amount, reason, bank_ending, cheque, payee))  # type: ignore[arg-type]


def rates_refund_letter(header: NoticeHeader, year_label: str, amount: Decimal, reason: str | LocalText, *,
                        bank_ending: str | None, cheque: bool, payee: str | None = None,
                        interest: Decimal = ZERO) -> RatesRefundLetter:
    """:func:`refund_letter` for a business rates account, ``interest`` on repayments included in ``amount``."""
    return RatesRefundLetter(header=header, financial_year=year_label, interest=interest,
                             **_refund_terms(amount, reason, bank_ending, cheque, payee))  # type: ignore[arg-type]


def sundry_refund_letter(header: NoticeHeader, year_label: str, amount: Decimal, reason: str | LocalText, *,
                         bank_ending: str | None, cheque: bool, payee: str | None = None) -> SundryRefundLetter:
    """:func:`refund_letter` for an overpaid invoice (``header``'s account reference)."""
    return SundryRefundLetter(header=header, financial_year=year_label,
                              **_refund_terms(amount, reason, bank_ending, cheque, payee))  # type: ignore[arg-type]


def completion_notice(header: NoticeHeader, completion_day: dt.date, appeal_days: int) -> CompletionNotice:
    """The completion notice served on ``header.issue_date``: an appeal within ``appeal_days``
    beginning with the day of service (so the last day is ``appeal_days - 1`` days after it)."""
    return CompletionNotice(header=header, completion_day=completion_day,
                            appeal_by=header.issue_date + dt.timedelta(days=appeal_days - 1))


def general_letter(header: NoticeHeader, subject: str, body: str, reply_by: dt.date | None = None) -> GeneralLetter:
    """A letter an officer typed: ``body``'s paragraphs are separated by blank lines (or `` / ``
    typed on one line)."""
    parts = [" ".join(chunk.split()) for chunk in body.replace(" / ", "\n\n").split("\n\n") if chunk.strip()]
    return GeneralLetter(header=header, subject=LocalText(subject.strip()),
                         paragraphs=tuple(LocalText(p) for p in parts), reply_by=reply_by)


def addressee(names: tuple[str, ...], lines: tuple[str, ...]) -> Addressee:
    """An addressee from address lines with the postcode last."""
    *address, postcode = lines
    return Addressee(names, tuple(address), postcode)
