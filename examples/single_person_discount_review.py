"""Single person discount review: a partner moved in (Demo District, invented figures).

Carol White has had the single person discount at 8 Orchard Close, Coldale (band D) since 2015.
The council's annual review matches its records against other data and finds a second adult
at the address from June. Carol confirms that her partner, Dev Patel, moved in on 1 June 2026.
The discount ends on 31 May; the bill for 2026/27 is adjusted and the remaining instalments
re-profiled. A second scenario shows the review where nothing has changed.

Run it: ``python examples/single_person_discount_review.py`` from the repository root.
"""

from __future__ import annotations

import attrs

from _common import D, Person, account, bill, dwelling, heading, money, pay_instalments, say, show_bill, show_schedule
from revcore.ctax import Discount, DiscountReason, EndDiscount, recalculate
from revcore.periods import FinancialYear

YEAR = FinancialYear(2026)


def main() -> None:
    home = dwelling(8, "8 Orchard Close", "Coldale", "DM8 3HN", "CDL", "D")
    carol = Person("PER0000021", "Carol White")

    heading("1. Carol's bill with the discount")
    say("One adult resident counts, so the charge is reduced by 25% (LGFA 1992 s.11(1)(b)). She pays by "
        "Direct Debit on the 15th.")
    carol_account = account(21, home, (carol,), D(2015, 2, 2), dd=True, day=15,
                            discounts=(Discount(DiscountReason.SINGLE_PERSON, D(2015, 2, 2)),))
    carol_account = bill(carol_account, home, YEAR, D(2026, 3, 10))
    first = carol_account.bills[-1]
    show_bill(first, "Carol White, 8 Orchard Close")
    carol_account = pay_instalments(carol_account, YEAR, D(2026, 9, 30))
    say(f"April to September are collected; balance on 30 September {money(carol_account.ledger.balance)}.")

    heading("2. The review finds a second adult")
    say("The review letter asks Carol to confirm who lives with her. She replies on 2 October: Dev Patel moved "
        "in on 1 June. From that day two adults count, so no discount applies; the person liable must tell the "
        "council within 21 days of a change that ends a discount, and a penalty may be imposed where they did not "
        "(LGFA 1992 Schedules 2 and 3). Here the officer records the change and bills the difference.")
    liability, _ = EndDiscount(D(2026, 6, 1)).apply(carol_account.liability, home)
    carol_account = bill(attrs.evolve(carol_account, liability=liability), home, YEAR, D(2026, 10, 2))
    adjusted = carol_account.bills[-1]
    print(recalculate(first.explanation, adjusted.explanation).render())
    say()
    say(f"The year now costs {money(adjusted.explanation.total)}. What is already due stands; the rest, "
        f"{money(carol_account.ledger.balance)}, is spread over the instalments still to come:")
    show_schedule(adjusted.schedule)
    say("Dev is a resident too, so he can be added as jointly liable from 1 June; the amount is the same.")

    heading("3. A review where nothing has changed")
    say("Had Carol confirmed that she still lives alone, the discount would stand: billing again with the same "
        "facts issues nothing, because the bill already says it all.")
    same = account(22, home, (carol,), D(2015, 2, 2), discounts=(Discount(DiscountReason.SINGLE_PERSON, D(2015, 2, 2)),))
    same = bill(same, home, YEAR, D(2026, 3, 10))
    again = bill(same, home, YEAR, D(2026, 10, 2))
    say(f"Bills before the review: {len(same.bills)}; after: {len(again.bills)}.")


if __name__ == "__main__":
    main()
