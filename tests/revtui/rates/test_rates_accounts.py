"""Business rates accounts in the store: billed, paid, adjusted, found, and read back exactly."""

import datetime as dt
from decimal import Decimal

import attrs

from refdata.instalments import instalment_rules
from refdata.ledger import ledger_settings
from refdata.nndr import load_rates_rules
from revcore.council import Country
from revcore.ctax import Address
from revcore.ledger import Ledger
from revcore.nndr import Hereditament, RateableValue, RatesLiability, Relief, ReliefKind
from revcore.periods import FinancialYear
from revtui.records.rates import RatesAccount, rates_accounts
from revtui.services.rates import bill_rates_year
from revtui.store import Store

D = dt.date
YEAR = FinancialYear(2026)
RULES = load_rates_rules("england")
INSTALMENTS = instalment_rules("business_rates", "england", YEAR)


def corner_shop() -> RatesAccount:
    shop = Hereditament("NDR0000001", "8823104001", Address(("3 Mill Lane", "Brookfield"), "DM5 3AB"),
                        "SHOP AND PREMISES", Country.ENGLAND, (RateableValue(D(2026, 4, 1), Decimal(13500), 2026),),
                        rhl=True)
    liability = RatesLiability("N00000019", shop.reference, "Corner Shop Ltd", D(2019, 9, 2),
                               reliefs=(Relief(ReliefKind.SMALL_BUSINESS, D(2026, 4, 1)),))
    return RatesAccount("N00000019", shop, liability, Ledger("N00000019"))


def test_an_annual_bill_posts_the_charge_and_an_adjustment_posts_only_the_difference(tmp_path):
    # RV 13,500 on the small business RHL multiplier (38.2p): 13,500 x 0.382 = 5,157.00 a year;
    # small business rate relief tapers 1% per £30 above 12,000: (15,000 - 13,500) / 3,000 = 50%,
    # so 2,578.50 is due, in ten instalments (2,578.50 / 10 = 257.85: not whole pounds, so nine of
    # 258 and a first of 2,578.50 - 9 x 258 = 256.50).
    billed = bill_rates_year(corner_shop(), RULES, YEAR, D(2026, 3, 10), INSTALMENTS)
    assert billed.bills[0].explanation.total == Decimal("2578.50")
    assert [i.amount for i in billed.bills[0].schedule.instalments][:2] == [Decimal("256.50"), Decimal("258")]
    assert billed.ledger.balance == Decimal("2578.50")
    assert bill_rates_year(billed, RULES, YEAR, D(2026, 5, 1), INSTALMENTS) is billed  # nothing changed

    # The relief ends on 30 September (the ratepayer took a second shop): 1 April to 30 September
    # is 183 days at half relief, so the relief is 2,578.50 x 183/365 = 1,292.778...; the year
    # comes to 5,157 - 1,292.778... = 3,864.22 (rounded once, to the penny).
    ended = attrs.evolve(billed.liability, reliefs=(Relief(ReliefKind.SMALL_BUSINESS, D(2026, 4, 1), D(2026, 9, 30)),))
    adjusted = bill_rates_year(attrs.evolve(billed, liability=ended), RULES, YEAR, D(2026, 10, 5), INSTALMENTS)
    assert adjusted.bills[-1].explanation.total == Decimal("3864.22")
    assert adjusted.ledger.balance == Decimal("3864.22")
    assert adjusted.ledger.last.amount == Decimal("3864.22") - Decimal("2578.50")
    assert sum(i.amount for i in adjusted.bills[-1].schedule.instalments) == Decimal("3864.22")


def test_a_rates_account_is_stored_found_by_ratepayer_and_postcode_and_reads_back_exactly(tmp_path):
    store = Store(tmp_path / "rates.db", user="officer")
    repo = rates_accounts(store)
    billed = bill_rates_year(corner_shop(), RULES, YEAR, D(2026, 3, 10), INSTALMENTS)
    paid = attrs.evolve(billed, ledger=billed.ledger.pay(
        Decimal("256.50"), effective=D(2026, 4, 1), posted=D(2026, 4, 2), reason="online payment",
        policy=ledger_settings(D(2026, 4, 1)).policy))
    with store.change("test: a business rates account"):
        repo.add(paid)
    store.close()

    again = rates_accounts(Store(tmp_path / "rates.db", user="officer"))
    found = again.find_prefix("name", "corner")
    assert [s.value.reference for s in found] == ["N00000019"]
    assert found[0].value == paid  # every line of the explanation, exact fractions included
    assert found[0].value.ledger.balance == Decimal("2578.50") - Decimal("256.50")
    assert [s.value.reference for s in again.find_prefix("postcode", "dm53")] == ["N00000019"]
    assert [s.value.reference for s in again.find_prefix("name", "shop")] == ["N00000019"]
