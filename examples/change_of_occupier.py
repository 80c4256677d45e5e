"""Change of occupier: Ann moves out, Ben moves in (Demo District, invented figures).

Ann Smith has lived at 14 Mill Lane, Brookfield (band C) since 2019 and pays by Direct Debit on
the 1st. She moves out on 1 October 2026 and tells the council on 5 October. Ben Jones moves in
the same day and lives alone. Her account is closed with a final bill; his is opened with a
first bill carrying the single person discount.

Run it: ``python examples/change_of_occupier.py`` from the repository root.
"""

from __future__ import annotations

import attrs

from _common import LIMITS, D, Person, account, bill, dwelling, heading, money, pay_instalments, say, show_bill
from revcore.ctax import Discount, DiscountReason, MoveOut, recalculate
from revcore.periods import FinancialYear

YEAR = FinancialYear(2026)


def main() -> None:
    home = dwelling(14, "14 Mill Lane", "Brookfield", "DM5 2AB", "BRK", "C")
    ann = Person("PER0000001", "Ann Smith")
    ben = Person("PER0000002", "Ben Jones")

    heading("1. Ann's annual bill")
    ann_account = account(1, home, (ann,), D(2019, 6, 14), dd=True, day=1)
    ann_account = bill(ann_account, home, YEAR, D(2026, 3, 10))
    show_bill(ann_account.bills[-1], "Ann Smith, 14 Mill Lane")
    say("Ann pays by Direct Debit: April to September are collected on the 1st of each month.")
    ann_account = pay_instalments(ann_account, YEAR, D(2026, 9, 30))
    paid = -sum(e.amount for e in ann_account.ledger.entries if e.kind.value == "payment")
    say(f"Paid so far: {money(paid)}; balance {money(ann_account.ledger.balance)}.")

    heading("2. Ann moves out on 1 October")
    say("She is liable up to the end of 30 September: the state of affairs at the end of a day decides that "
        "whole day, so the day she leaves is Ben's, not hers (LGFA 1992 s.2).")
    liability, _ = MoveOut(D(2026, 10, 1)).apply(ann_account.liability, home)
    ann_account = attrs.evolve(ann_account, liability=liability)
    ann_account = bill(ann_account, home, YEAR, D(2026, 10, 5))
    final = ann_account.bills[-1]
    print(recalculate(ann_account.bills[0].explanation, final.explanation).render())
    ann_account = attrs.evolve(ann_account, ledger=ann_account.ledger.close(D(2026, 9, 30)),
                               correspondence=None)
    balance = ann_account.ledger.balance
    say()
    say(f"Her charge is now {money(final.explanation.total)}; she has paid {money(paid)}, so she "
        + (f"owes {money(balance)}. The final bill asks for it in the instalments left (her Direct Debit is "
           "cancelled; the final notice gives the dates)." if balance > 0 else
           f"is {money(-balance)} in credit: a refund is due to her."))
    show_bill(final, "Ann Smith's final bill")
    request = ann_account.ledger.refund_request("R000001", D(2026, 10, 6), "a.patel", LIMITS)
    if request is not None:
        say(f"Refund request {request.id}: {request.explain()}.")
        if request.ready:
            ledger = ann_account.ledger.refund(request, effective=D(2026, 10, 6), posted=D(2026, 10, 6))
            ann_account = attrs.evolve(ann_account, ledger=ledger)
            say(f"Refunded {money(request.amount)} to Ann on 6 October; her account now stands at "
                f"{money(ann_account.ledger.balance)}.")

    heading("3. Ben moves in on 1 October, alone")
    say("Ben is the only adult: the single person discount of 25% applies from his first day (s.11(1)(b)). "
        "His first bill covers 1 October to 31 March; he has not chosen Direct Debit, so he pays in cash.")
    ben_account = account(2, home, (ben,), D(2026, 10, 1),
                          discounts=(Discount(DiscountReason.SINGLE_PERSON, D(2026, 10, 1)),))
    ben_account = bill(ben_account, home, YEAR, D(2026, 10, 8))
    show_bill(ben_account.bills[-1], "Ben Jones, 14 Mill Lane")
    say()
    say(f"Between them the year is charged {money(final.explanation.total)} + "
        f"{money(ben_account.bills[-1].explanation.total)}: each for the days they were liable, Ben's with his "
        "discount.")


if __name__ == "__main__":
    main()
