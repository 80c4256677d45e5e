"""Each billed year's band amount split by authority, with last year's amounts and the
percentage change: the same figures the annual bill prints (``letters.adapters``), for the
account view's Charges section."""

from __future__ import annotations

from decimal import Decimal

import attrs

from letters.adapters import authority_charges, band_totals
from letters.model import AuthorityCharge, ModelError
from refdata import DataError
from revcore.ctax import ChargeError, Property
from revtui.branding import asc_shown_separately
from revtui.records.ctax import CtaxAccount
from revtui.services.session import Session

__all__ = ["YearSplit", "year_splits"]


@attrs.frozen
class YearSplit:
    year: int
    band: str
    authorities: tuple[AuthorityCharge, ...] = ()
    total: Decimal | None = None
    previous_total: Decimal | None = None
    percent_change: Decimal | None = None
    problem: str | None = None
    """Why the split cannot be shown (the council's amounts or rules are incomplete)."""


def year_splits(session: Session, account: CtaxAccount, prop: Property) -> tuple[YearSplit, ...]:
    """One split per year billed, for the band of that year's latest bill (as its annual bill)."""
    tariff, country = session.tariff, session.tariff.council.country.value
    splits = []
    for year in sorted({bill.year for bill in account.bills}):
        band = [bill for bill in account.bills if bill.year == year][-1].explanation.lines[-1].band
        try:
            authorities = authority_charges(tariff, prop.area, year, band,
                                            asc_separate=asc_shown_separately(country, year))
        except (ChargeError, ModelError, DataError) as problem:
            splits.append(YearSplit(year, band, problem=str(problem)))
            continue
        splits.append(YearSplit(year, band, authorities, *band_totals(authorities)))
    return tuple(splits)
