"""A partly occupied shop (Demo District, invented figures).

Hollins & Dale Books Ltd occupies 9 Market Place, Brookfield, a bookshop with a first-floor
reading room, on the 2026 list at a rateable value of £24,000. It pays business rates in ten
instalments on the 1st. On 1 July 2026 the company stops using the first floor while it looks for
a use for it; the council thinks it will be empty for a short time only, and on 14 July asks the
Valuation Officer to apportion the rateable value (s.44A). The certificate gives the occupied
ground floor £15,500; the bill is reduced from the day the first floor became empty. On 1 November
the company opens the first floor as a café: the apportionment ends and the full value applies
again.

Run it: ``python examples/partly_occupied_shop.py`` from the repository root.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from _common import D, heading, money, say
from refdata.instalments import instalment_rules
from refdata.nndr import load_rates_rules
from revcore.council import Country
from revcore.ctax import Address
from revcore.instalments import revise_amount
from revcore.nndr import Hereditament, PartOccupation, RateableValue, RatesBill, RatesLiability, charge, rates_bill
from revcore.periods import FinancialYear

YEAR = FinancialYear(2026)
RULES = load_rates_rules("england")
INSTALMENTS = instalment_rules("business_rates", "england", YEAR)


def show(bill: RatesBill, title: str) -> None:
    print(bill.explanation.render(title=f"{title} (bill issued {bill.issued.isoformat()})"))
    print(bill.schedule.explain())


def revised(previous: RatesBill, liability: RatesLiability, shop: Hereditament, issued) -> RatesBill:
    """The year billed again; the instalments already due stand and the rest are re-profiled."""
    explanation = charge(liability, shop, RULES, YEAR)
    say(f"The year's charge was {money(previous.explanation.total)}; it is now {money(explanation.total)}, "
        f"a difference of {money(explanation.total - previous.explanation.total)}.")
    schedule = revise_amount(previous.schedule, explanation.total, issued, INSTALMENTS)
    return RatesBill(YEAR, issued, explanation, schedule)


def main() -> None:
    shop = Hereditament("NDR0000904", "8823104000", Address(("9 Market Place", "Brookfield"), "DM5 3CD"),
                        "SHOP AND PREMISES", Country.ENGLAND, (RateableValue(D(2026, 4, 1), Decimal(24000), 2026),),
                        rhl=True)
    liability = RatesLiability("N00000904", shop.reference, "Hollins & Dale Books Ltd", D(2019, 9, 2))

    heading("1. The annual bill for 2026/27")
    say("The rateable value shown in the list is £24,000. From 2026/27 England has five multipliers; a shop "
        "that qualifies as retail, hospitality or leisure with a value below £51,000 pays the small business "
        "RHL multiplier, 38.2p in the pound. Each day costs RV x multiplier / 365, and only the year's total "
        "is rounded.")
    annual = rates_bill(liability, shop, RULES, YEAR, D(2026, 3, 10), INSTALMENTS, day_of_month=1)
    show(annual, "Hollins & Dale Books Ltd, 9 Market Place")
    say("Each instalment is paid on its day.")

    heading("2. The first floor is empty from 1 July: a s.44A apportionment")
    say("The company still occupies the hereditament, so it is liable for all of it (s.43): occupation of part "
        "is occupation of the whole. But when part is empty for a short time only, the council may ask the "
        "Valuation Officer to apportion the rateable value between the occupied and unoccupied parts "
        "(s.44A(1)). The council asks on 14 July; the value apportioned is the one in the list on that day "
        "(s.44A(2)). The certificate arrives on 4 August: £15,500 for the occupied ground floor. It is "
        "conclusive, and it applies from the day the hereditament became partly unoccupied (s.44A(4)), for as "
        "long as the list value stays £24,000 (s.44A(3)).")
    certificate = PartOccupation(requested=D(2026, 7, 14), partly_unoccupied_from=D(2026, 7, 1),
                                 occupied_value=Decimal(15500))
    liability = attrs.evolve(liability, part_occupations=(certificate,))
    reduced = revised(annual, liability, shop, D(2026, 8, 10))
    show(reduced, "Hollins & Dale Books Ltd, revised for the certificate")

    heading("3. The first floor is used again from 1 November")
    say("The company opens a café upstairs on 1 November: the unoccupied part is reoccupied, so the council "
        "ends the apportionment on 31 October and the full £24,000 applies again from the next day. (When an "
        "apportionment ends other than by a change in the list is not settled in our sources: the council "
        "records the end.)")
    liability = attrs.evolve(liability, part_occupations=(attrs.evolve(certificate, end=D(2026, 10, 31)),))
    final = revised(reduced, liability, shop, D(2026, 11, 5))
    show(final, "Hollins & Dale Books Ltd, revised when the first floor is reoccupied")
    say()
    say(f"Over the year the apportionment saved {money(annual.explanation.total - final.explanation.total)}: "
        f"the {final.explanation.lines[1].days} days from 1 July to 31 October charged on £15,500 instead of "
        "£24,000.")
    say("Ask the trainees: what if the list value had changed on 1 September? Why does the council, not the "
        "company, ask the Valuation Officer? What if the first floor had stayed empty for two years?")


if __name__ == "__main__":
    main()
