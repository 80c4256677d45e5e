"""Billing a year, then a backdated move out: an adjustment bill, never a rewritten one."""

import datetime as dt
from decimal import Decimal

from refdata.ctax import load_tariff
from refdata.instalments import instalment_rules
from revcore.council import Country
from revcore.ctax import Address, BandEntry, Liability, Person, Property, recalculate
from revcore.ledger import Ledger
from revcore.periods import FinancialYear
from revtui.records.ctax import CtaxAccount
from revtui.services.billing import bill_year

D = dt.date
YEAR = FinancialYear(2027)
HOME = Property("P1", "100012345678", Address(("1 High Street", "Ashby Parva"), "DM1 1AA"),
                Country.ENGLAND, "ASH", (BandEntry(D(1993, 4, 1), "D"),))


def test_move_out_after_the_annual_bill_gives_an_adjustment_with_a_credit_to_the_ledger():
    tariff = load_tariff("demo-district")
    rules = instalment_rules("council_tax", "england", YEAR)
    account = CtaxAccount("C00012343", "P1", (Person("PER1", "Ann Smith"),),
                          Liability("C00012343", "P1", ("PER1",), D(2027, 4, 1)), Ledger("C00012343"))

    billed = bill_year(account, HOME, tariff, YEAR, D(2027, 3, 10), rules)
    # Band D at Ashby Parva 2027/28: 2655.94 for all 366 days.
    assert billed.ledger.balance == Decimal("2655.94")
    assert [b.kind for b in billed.bills] == ["annual"]
    assert billed.bills[0].schedule.amount == Decimal("2655.94")
    assert bill_year(billed, HOME, tariff, YEAR, D(2027, 3, 11), rules) is billed  # nothing changed

    # Moves out on 1 October 2027: liable to 30 September, 183 days: 2655.94 x 183/366 = 1327.97.
    moved = attrs_evolve_liability(billed, end=D(2027, 9, 30))
    adjusted = bill_year(moved, HOME, tariff, YEAR, D(2027, 10, 5), rules)
    assert [b.kind for b in adjusted.bills] == ["annual", "adjustment"]
    assert adjusted.bills[0] == billed.bills[0]  # the first bill stands as issued
    assert adjusted.ledger.balance == Decimal("1327.97")
    assert adjusted.bills[1].schedule.amount == Decimal("1327.97")
    diff = recalculate(adjusted.bills[0].explanation, adjusted.bills[1].explanation)
    assert diff.difference == Decimal("1327.97") - Decimal("2655.94")


def attrs_evolve_liability(account, **changes):
    import attrs

    return attrs.evolve(account, liability=attrs.evolve(account.liability, **changes))
