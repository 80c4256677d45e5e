"""A missed instalment through to a liability order (Demo District, invented figures).

Dan Cooper (21 Brook Street, Brookfield, band B) pays his April instalment in cash, then pays
nothing more. The demo council's recovery run goes out every Tuesday. Each week this script
runs it and shows what it issues and why: a reminder, the loss of the right to pay by
instalments, a summons with costs, and the liability order at the magistrates' court.

Run it: ``python examples/missed_instalment_to_liability_order.py`` from the repository root.
"""

from __future__ import annotations

import datetime as dt

import attrs

from _common import POLICY, D, Person, account, bill, dwelling, heading, money, say, show_bill
from refdata.recovery import load_recovery_rules
from revcore.periods import FinancialYear
from revcore.recovery.engine import RunContext
from revtui.demo import load_settings
from revtui.services.recovery import run_on_account

YEAR = FinancialYear(2026)


def main() -> None:
    settings = load_settings()
    rules = load_recovery_rules("ctax")
    home = dwelling(21, "21 Brook Street", "Brookfield", "DM5 7RT", "BRK", "B")
    dan = account(41, home, (Person("PER0000041", "Dan Cooper"),), D(2021, 5, 1))

    heading("1. The bill and one payment")
    dan = bill(dan, home, YEAR, D(2026, 3, 10))
    show_bill(dan.bills[-1], "Dan Cooper, 21 Brook Street")
    april = dan.bills[-1].schedule.instalments[0]
    dan = attrs.evolve(dan, ledger=dan.ledger.pay(april.amount, effective=D(2026, 4, 1), posted=D(2026, 4, 2),
                                                  policy=POLICY, source="paypoint-2026-04-02.csv line 4",
                                                  reason="payment (paypoint)"))
    say(f"He pays April's {money(april.amount)} at a PayPoint. Then nothing.")

    heading("2. The weekly recovery runs")
    say(f"Reminders go {rules.stages.reminder_issue_after.count} working days after a missed instalment; a summons "
        f"costs {money(rules.stages.summons_costs)}; the court sits every other Wednesday. Each line is what the run "
        "issued that day, with the rule and the figures behind it.")
    file = None  # his recovery file: what the runs have done
    day = D(2026, 4, 1)
    while day <= D(2026, 8, 31):
        day += dt.timedelta(days=1)
        if day.weekday() != settings.recovery_weekday:
            continue
        context = RunContext.build(day, rules, settings.court_hearings)
        dan, file, actions = run_on_account(dan, file, context)
        for action in actions:
            say()
            if action.stage in ("summons", "liability_order") and action.until:
                until = f", hearing {action.until.isoformat()}"
            else:
                until = f", until {action.until.isoformat()}" if action.until else ""
            amount = f" {money(action.amount)}" if action.amount is not None else ""
            say(f"{day:%a %d %b}: {action.stage.replace('_', ' ')}{amount}{until} [{action.rule}]")
            for reason in action.reasons:
                say(f"- {reason}")
        if any(a.stage == "liability_order" for a in actions):
            say("The court made the order at the hearing; the first run after it records it on the account.")
            break

    heading("3. Where Dan stands")
    say(f"Balance {money(dan.ledger.balance)}: the tax still owed and the summons costs.")
    for line in dan.ledger.by_year():
        say(f"- {line.year}: charge {money(line.charge)}, costs {money(line.costs)}")
    say("Notices on the account: " + ", ".join(f"{n.kind.replace('_', ' ')} ({n.issued.isoformat()})"
                                                for n in dan.notices) + ".")
    say("With the order the council can ask him about his employment and means (14 days to answer), then "
        "choose a remedy: an attachment of earnings, deductions from benefits, or enforcement agents. See "
        "attachment_of_earnings.py.")


if __name__ == "__main__":
    main()
