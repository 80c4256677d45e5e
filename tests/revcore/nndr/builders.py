"""Builders for the business rates tests: an English shop or warehouse in the list, a liability."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from refdata.nndr import load_rates_rules
from revcore.council import Country
from revcore.ctax import Address
from revcore.nndr import Hereditament, RateableValue, RatesLiability

D = dt.date
ENGLAND = load_rates_rules("england")
WALES = load_rates_rules("wales")


def hereditament(rv: int | str = 13500, *, since: dt.date = D(2023, 4, 1), list_year: int = 2023,
                 country: Country = Country.ENGLAND, **facts) -> Hereditament:
    return Hereditament("N1", "4323101000", Address(("1 Market Street", "Brookfield"), "DM5 1AA"),
                        "SHOP AND PREMISES", country, (RateableValue(since, Decimal(rv), list_year),), **facts)


def liability(start: dt.date = D(2025, 4, 1), end: dt.date | None = None, **facts) -> RatesLiability:
    return RatesLiability("N00000014", "N1", "Corner Shop Ltd", start, end, **facts)
