"""An unpaid sundry invoice through the daily recovery run (Demo District, invented figures).

Lee Archer hires a trade waste bin: invoice S00000019 of 1 May 2026, 12 collections at £25.00,
£300.00 on 30 days' terms. He pays nothing. The run that recovers council tax sends him a
reminder, a final reminder and then the Pre-Action Protocol for Debt Claims letter of claim,
and once its 30 days to reply have passed proposes a referral to the county court or a
collection agent for an officer to decide. Each step says why, with the rule behind it.

Run it: ``python examples/sundry_letter_of_claim.py`` from the repository root.
"""

from __future__ import annotations

from decimal import Decimal

from _common import D, heading, money, say
from refdata.sundry import load_sundry_rules
from refdata.sundry_recovery import load_invoice_rules
from revcore.recovery import InvoicedDebt, apply_actions, position_from_ledger, run_invoiced
from revcore.sundry import Debtor, LineItem, open_debt, raise_invoice
from revtui.accounts.sundry import SUNDRY

RUN_DAYS = (D(2026, 6, 12), D(2026, 6, 15), D(2026, 6, 29), D(2026, 7, 13), D(2026, 8, 12), D(2026, 8, 13))


def main() -> None:
    lee = Debtor("PER0000040", "Lee Archer", ("9 Mill Lane", "Brookfield", "DM5 2AB"))
    invoice = raise_invoice(load_sundry_rules(), "S00000019", D(2026, 5, 1), lee, "general", "TWST",
                            [LineItem("Trade waste bin, 12 collections", Decimal("12"), Decimal("25.00"))])
    debt = open_debt(invoice)
    rules = load_invoice_rules()
    heading(f"Invoice {invoice.number}: {money(invoice.total)}, raised {invoice.issued:%-d %B %Y}, "
            f"due {invoice.due:%-d %B %Y}")
    stages = rules.stages
    say(f"The council's stages: a reminder once the invoice has been unpaid {stages.reminder_after_days} days "
        f"after its due date, {stages.reminder_period_days} days to pay it, a final reminder with "
        f"{stages.final_reminder_period_days} days, then the letter of claim with {rules.sundry.reply_days} "
        "days to reply.")
    position = position_from_ledger(debt.ledger, SUNDRY.schedules(debt))
    issued: frozenset[str] = frozenset()
    for day in RUN_DAYS:
        plan = run_invoiced([InvoicedDebt(position, lee.individual)], day, rules, issued)
        [state] = plan.states
        heading(f"Run of {day:%A %-d %B %Y}: {state.stage}")
        if not plan.actions:
            say("Nothing to do today.")
        for action in plan.actions:
            until = f" (until {action.until:%-d %B %Y})" if action.until else ""
            say(f"{action.stage.replace('_', ' ')}: {money(action.amount or Decimal('0'))}{until}")
            for reason in action.reasons:
                say(f"  {reason}")
            say(f"  [{action.rule}]")
        [position] = apply_actions([position], plan.actions)
        issued |= {action.key for action in plan.actions}


if __name__ == "__main__":
    main()
