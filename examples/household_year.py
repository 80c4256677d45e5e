"""A household's year, as a trainer would walk through it (Demo District, invented figures).

Ann Lee and Ben Shah move into 14 Acacia Avenue, Brookfield (band C) on 1 May 2027. Ben leaves on
15 September; Ann, now alone, claims the single person discount in October, backdated to the day
Ben left. In January she asks what moving out on 1 February would do to her bill, then does so.
The dwelling stands empty and unfurnished, and its owner becomes liable.

Run it: ``make demo`` (or ``python examples/household_year.py`` from the repository root).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# The Demo District's year: its settings are the demo council folder.
os.environ.setdefault("REVTUI_COUNCILS", str(Path(__file__).resolve().parent.parent / "revtui" / "demo" / "councils"))

from refdata.ctax import load_tariff  # noqa: E402
from revcore.council import Country  # noqa: E402
from revcore.ctax import (  # noqa: E402
    Address,
    BandEntry,
    Discount,
    DiscountReason,
    EmptyPeriod,
    Explanation,
    Liability,
    LiabilityBasis,
    MoveOut,
    Person,
    Property,
    charge,
    check_liabilities,
    recalculate,
    what_if,
)
from revcore.money import format_money  # noqa: E402
from revcore.periods import FinancialYear  # noqa: E402
from revcore.references import make_reference  # noqa: E402

D = dt.date
YEAR = FinancialYear(2027)


def say(text: str = "") -> None:
    print(text)


def show(title: str, explained: Explanation) -> None:
    say(explained.render(title=title))
    say()


def main() -> None:
    tariff = load_tariff("demo-district")
    ann = Person("PER-ANN", "Ann Lee", D(1990, 2, 14))
    ben = Person("PER-BEN", "Ben Shah", D(1988, 7, 3))
    owner = Person("PER-DHL", "Demo Homes Ltd")
    home = Property(
        "P-14ACACIA",
        "200004321987",
        Address(("14 Acacia Avenue", "Brookfield"), "DM4 7QT"),
        Country.ENGLAND,
        "BRK",
        (BandEntry(D(1993, 4, 1), "C"),),
    )
    say(f"{tariff.council.name}: {home.address}, band {home.band_on(YEAR.start)}, year {YEAR.label}"
        f" ({YEAR.days} days: it contains 29 February 2028)")
    say(f"Band C here for {YEAR.label} is {format_money(tariff.annual(home.area, YEAR.start_year, 'C'))} a year,"
        " the sum of each authority's rounded share:")
    for code, amount in tariff.band_amount(home.area, YEAR.start_year, "C")[0].parts:
        say(f"  {tariff.council.authority(code).name:<48} {format_money(amount):>10}")
    say()

    say("1. Ann and Ben move in on 1 May 2027: both are jointly and severally liable.")
    joint = Liability(make_reference("C", 1001), home.reference, (ann.reference, ben.reference), D(2027, 5, 1))
    show(f"Annual bill to {ann.name} and {ben.name} ({joint.reference})", charge(joint, home, tariff, YEAR))

    say("2. Ben moves out on 15 September: the joint liability ends the day before;")
    say("   Ann is liable alone from 15 September.")
    joint = joint.ended(D(2027, 9, 14))
    alone = Liability(make_reference("C", 1002), home.reference, (ann.reference,), D(2027, 9, 15))
    check_liabilities([joint, alone])
    show(f"Final bill to {ann.name} and {ben.name} ({joint.reference})", charge(joint, home, tariff))
    first_bill = charge(alone, home, tariff, YEAR)
    show(f"Bill to {ann.name} ({alone.reference})", first_bill)

    say("3. In October Ann claims the single person discount, from the day Ben left.")
    alone = Liability(
        alone.reference, alone.property_reference, alone.liable, alone.start,
        discounts=(Discount(DiscountReason.SINGLE_PERSON, D(2027, 9, 15)),),
    )
    second_bill = charge(alone, home, tariff, YEAR)
    say("   Adjustment against her first bill, line by line:")
    say(recalculate(first_bill, second_bill).render())
    say()

    say("4. In January Ann phones: what if she moves out on 1 February? (nothing is saved)")
    quote = what_if(alone, home, tariff, MoveOut(D(2028, 2, 1)), YEAR)
    say(f"   Her bill would go from {format_money(quote.current.total)} to {format_money(quote.proposed.total)}"
        f" ({format_money(quote.difference)}).")
    say()

    say("5. She moves out on 1 February 2028. The dwelling is empty and unfurnished: the owner,")
    say("   Demo Homes Ltd, is liable. The council gives a 100% class C discount for the first month.")
    alone = alone.ended(D(2028, 1, 31))
    empty = Liability(
        make_reference("C", 1003), home.reference, (owner.reference,), D(2028, 2, 1),
        basis=LiabilityBasis.OWNER,
        empty_periods=(EmptyPeriod(D(2028, 2, 1)),),
    )
    check_liabilities([joint, alone, empty])
    final = charge(alone, home, tariff)
    show(f"Final bill to {ann.name} ({alone.reference})", final)
    owners = charge(empty, home, tariff, YEAR)
    show(f"Bill to {owner.name} ({empty.reference})", owners)

    year_total = charge(joint, home, tariff).total + final.total + owners.total
    say(f"Charged for 14 Acacia Avenue over {YEAR.label}: {format_money(year_total)}")


if __name__ == "__main__":
    main()
