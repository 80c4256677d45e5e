"""Builders for the council tax tests."""

from __future__ import annotations

import datetime as dt

from revcore.council import Country
from revcore.ctax import Address, BandEntry, Property

D = dt.date


def dwelling(band: str = "D", area: str = "ASH", country: Country = Country.ENGLAND, reference: str = "P1", bands=None) -> Property:
    return Property(
        reference,
        "100012345678",
        Address(("1 High Street", "Ashby Parva"), "DM1 1AA"),
        country,
        area,
        bands or (BandEntry(D(1993, 4, 1), band),),
    )
