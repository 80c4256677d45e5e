"""A Housing Benefit overpayment (Demo District, invented figures).

Kerry Walsh rents Flat 3, 22 Station Road, Brookfield from Brookfield Homes and gets Housing
Benefit, paid to her. She works part-time. Her pay went up in May 2026 and she did not tell the
council; HMRC's earnings feed shows it in September. The council revises her HB, works out what
was overpaid and recovers it from her ongoing HB until her claim ends in December; then it sends
an invoice, and when that is not paid it asks her new employer for a direct earnings attachment.

Run it: ``python examples/housing_benefit_overpayment.py`` from the repository root.
"""

from __future__ import annotations

from decimal import Decimal

from _common import D, heading, money, say
from refdata.hb import load_dea_schedules, load_deduction_rates, load_overpayment_limits
from refdata.sundry import load_recovery_rules, load_sundry_rules
from revcore.hb import (
    Cause,
    Classification,
    Overpayment,
    calculate_overpayment,
    change_takes_effect,
    dea_deduction,
    deduct_from_benefit,
    open_overpayment_ledger,
    overpayment_invoice,
    plan_recovery,
    weekly_amounts,
    weekly_maximum,
)
from revcore.periods import DateRange
from revcore.references import make_reference
from revcore.sundry import Debtor, statement_of_account

PAY_RISE = D(2026, 5, 14)  # a Thursday: her first pay at the new rate


def main() -> None:
    kerry = Debtor("PER0000031", "Kerry Walsh", ("Flat 3, 22 Station Road", "Brookfield", "DM5 3QT"))
    reference = make_reference("H", 1)

    heading("1. What was paid and what she was entitled to")
    start = change_takes_effect(PAY_RISE)
    say(f"Her pay rise first came on Thursday {PAY_RISE:%d %B %Y}. A change of circumstances takes effect from the "
        f"first day of the next benefit week (Monday to Sunday): Monday {start:%d %B %Y} (HB Regs 2006 reg 79(1)).")
    say("HB went on being paid at the old rate until the council revised her award from Monday 5 October. "
        "Brookfield Homes put her rent up from Monday 6 July, so both what was paid and her revised "
        "entitlement rose by £4.70 a week from that day.")
    paid = weekly_amounts("HB paid", [(D(2026, 4, 6), "96.50"), (D(2026, 7, 6), "101.20")])
    entitled = weekly_amounts("HB as revised", [(D(2026, 4, 6), "96.50"), (start, "51.35"), (D(2026, 7, 6), "56.05")])
    calculation = calculate_overpayment(DateRange(start, D(2026, 10, 4)), paid, entitled)
    print(calculation.render("Housing Benefit overpaid to Kerry Walsh"))
    say("There is no underlying entitlement to deduct (reg 104): she was entitled only to the revised amounts.")

    heading("2. Why it happened, and whether it can be recovered")
    overpayment = Overpayment(reference, kerry.name, calculation, Classification(Cause.CLAIMANT_ERROR),
                              decided_on=D(2026, 10, 1), notified_on=D(2026, 10, 2))
    limits = load_overpayment_limits()
    say(overpayment.summary() + ".")
    say(f"Notified the day after the decision: within {limits.notice_days} days "
        f"({'late' if overpayment.notified_late(limits.notice_days) else 'in time'}). The notice gives the amount, "
        "the period, the reason, how it will be recovered and her right of appeal.")
    say(f"Statute-barred after {overpayment.statute_barred_after(limits.limitation_years).isoformat()} "
        f"({limits.limitation_years} years from the decision: when time starts is UNVERIFIED, see the docs).")

    heading("3. Recovery from her ongoing HB")
    rates = load_deduction_rates()
    maximum = weekly_maximum(rates, D(2026, 10, 12), earned_income_disregard=Decimal("5.00"))
    say("The most the council may take from a week's HB: 5% of the personal allowance for a single person "
        "aged 25 or over, rounded up to the next 5p, three times over, plus half her £5.00 earned income "
        "disregard (reg 102).")
    print(maximum.render())
    plan = plan_recovery(overpayment.recoverable_amount, maximum, Decimal("56.05"), D(2026, 10, 12))
    say(f"Plan: {plan.describe()}.")
    ledger = open_overpayment_ledger(overpayment, officer="j.okafor")
    claim_ends = D(2026, 12, 13)
    ledger = deduct_from_benefit(ledger, plan, until=claim_ends)
    taken = overpayment.recoverable_amount - ledger.balance
    weeks = len(plan.deductions(claim_ends))
    say(f"Her claim ends on Sunday {claim_ends:%d %B %Y} (she moves out of the district for a full-time job): "
        f"{weeks} weeks were deducted, {weeks} x {money(plan.weekly)} = {money(taken)}; "
        f"{money(ledger.balance)} is left.")

    heading("4. The invoice for the rest")
    debt = overpayment_invoice(load_sundry_rules(), overpayment, ledger, D(2026, 12, 15), kerry)
    print(debt.invoice.explain())
    recovery = load_recovery_rules()
    say(f"Statute-barred after {debt.statute_barred_after(recovery.limitation_years).isoformat()} unless she pays "
        "something or acknowledges the debt in writing, which starts the six years again.")

    heading("5. A direct earnings attachment")
    say("She does not pay by the due date and gives no reason. Her new employer, Coldale Foods Ltd (more than "
        "ten staff), pays her monthly; her net pay is £1,720.00. The council sends the employer a DEA notice "
        "(SI 2013/384 Part 6): no court order is needed.")
    schedules = load_dea_schedules()
    for pay_day in (D(2027, 1, 29), D(2027, 2, 26), D(2027, 3, 31), D(2027, 4, 30)):
        if debt.balance <= 0:
            break
        deduction = dea_deduction(schedules, "monthly", Decimal("1720.00"), pay_day)
        amount = min(deduction.amount, debt.balance)
        debt = debt.pay(amount, pay_day, source=f"dea:{reference}:{pay_day.isoformat()}",
                        reason=f"direct earnings attachment, pay day {pay_day.isoformat()}")
        say(f"{pay_day:%d %b %Y}: {deduction.explanation}; deducted {money(amount)}, {money(debt.balance)} left.")
    say(f"(Tables: {deduction.source}.)")
    say("Had she been paid weekly (£397.00 net), Table A would apply: "
        + dea_deduction(schedules, "weekly", Decimal("397.00"), D(2027, 1, 29)).explanation + ".")
    say("After fraud (found guilty of an offence), the higher Table D would take "
        + dea_deduction(schedules, "monthly", Decimal("1720.00"), D(2027, 1, 29), higher=True).explanation + ".")

    heading("6. The account")
    print(statement_of_account([debt], D(2027, 4, 30)))
    say(f"Overpaid {money(overpayment.amount)} = {money(taken)} from her HB + "
        f"{money(overpayment.amount - taken)} under the attachment; the account stands at {money(debt.balance)}.")


if __name__ == "__main__":
    main()
