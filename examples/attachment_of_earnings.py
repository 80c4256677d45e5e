"""An attachment of earnings calculation (Demo District, invented figures).

Dan Cooper owes £1,870.00 under a liability order (see missed_instalment_to_liability_order.py).
He answers the council's request for information: he works for Fenwick Lettings Ltd and is paid
monthly. The recovery run proposes an attachment of earnings order; the employer deducts from
each pay day a percentage of his net earnings set by the statutory table, and pays it over.

Run it: ``python examples/attachment_of_earnings.py`` from the repository root.
"""

from __future__ import annotations

from decimal import Decimal

from _common import D, heading, money, say
from refdata.recovery import load_recovery_rules
from revcore.periods import FinancialYear
from revcore.recovery import (
    AccountPosition,
    DebtorMeans,
    Employment,
    Instalment,
    Payment,
    StageEvent,
    YearPosition,
    aeo_deduction,
    run_recovery,
)

YEAR = FinancialYear(2026)
DEBT = Decimal("1870.00")


def main() -> None:
    rules = load_recovery_rules("ctax")
    employment = Employment("Fenwick Lettings Ltd", "monthly", Decimal("1650.00"))

    heading("1. The run proposes an attachment of earnings order")
    say("The liability order was made on 24 June 2026 for £1,800.00 tax and £70.00 costs. Dan has 14 days to "
        "give details of his employment; he names his employer and his net pay of £1,650.00 a month.")
    # his 2026/27 bill: £195.84 on 1 April, then nine of £200.00 on the 1st, May to January
    due_days = [D(2026, month, 1) for month in range(4, 13)] + [D(2027, 1, 1)]
    instalments = [Instalment(n, day, Decimal("195.84") if n == 1 else Decimal("200.00"))
                   for n, day in enumerate(due_days, 1)]
    position = YearPosition(
        YEAR,
        instalments,
        (Payment(D(2026, 4, 1), Decimal("195.84")),),
        (StageEvent("reminder", D(2026, 5, 12), "r", Decimal("200.00"), D(2026, 5, 18)),
         StageEvent("instalments_lost", D(2026, 5, 19), "l", Decimal("1800.00"), D(2026, 5, 25)),
         StageEvent("summons", D(2026, 6, 2), "s", Decimal("1800.00"), D(2026, 6, 24)),
         StageEvent("costs", D(2026, 6, 2), "c", Decimal("70.00")),
         StageEvent("liability_order", D(2026, 6, 24), "o", DEBT, D(2026, 6, 24))),
    )
    account = AccountPosition("C00000418", (position,), debtor=DebtorMeans(employment=employment))
    plan = run_recovery([account], D(2026, 7, 14), rules)
    for action in plan.actions:
        say(f"{action.day:%a %d %b}: {action.stage.replace('_', ' ')} {money(action.amount)} [{action.rule}]")
        for reason in action.reasons:
            say(f"- {reason}")

    heading("2. What the employer deducts each pay day")
    say("The employer uses the table for the pay period (monthly: Table B of SI 1992/613 Sch 4) on the net "
        "earnings of each pay day, using the table in force that day. Net earnings: pay after income tax, "
        "National Insurance and pension contributions.")
    owed = DEBT
    pay_days = [D(2026, 7, 31), D(2026, 8, 28), D(2026, 9, 30), D(2026, 10, 30), D(2026, 11, 27)]
    earnings = [Decimal("1650.00"), Decimal("1650.00"), Decimal("1890.00"), Decimal("1000.00"), Decimal("1650.00")]
    for pay_day, net in zip(pay_days, earnings):
        deduction = aeo_deduction(rules.aeo, "monthly", net, pay_day)
        taken = min(deduction.amount, owed)
        owed -= taken
        say(f"{pay_day:%d %b %Y}: {deduction.explanation}; deducted {money(taken)}, {money(owed)} left.")
    say(f"Source of the table: {aeo_deduction(rules.aeo, 'monthly', earnings[0], pay_days[0]).source}.")

    heading("3. Weekly pay, for comparison")
    for net in (Decimal("95.00"), Decimal("300.00"), Decimal("600.00")):
        deduction = aeo_deduction(rules.aeo, "weekly", net, D(2026, 7, 31))
        say(f"- {deduction.explanation}")
    say("The employer may add £1.00 a pay day for their own costs (from the debtor's pay, not the debt). "
        "The order stays until the debt is paid, he leaves the job, or the council ends it.")


if __name__ == "__main__":
    main()
