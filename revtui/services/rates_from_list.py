"""Opening business rates accounts for hereditaments in the council's copy of the rating list.

Each opening names a hereditament by UARN and list year (imported from the Valuation Office's
file by :mod:`revtui.services.rating_list`), the ratepayer, the day liability starts, and whether
occupied (else the day it became empty) with the reliefs awarded. The account takes the list's
address, description and every rateable value the list shows; it is billed by the annual
billing run (:mod:`revtui.services.rates_billing`). Used by the demo to fill a council with
accounts; an entry not in the list, or with no rateable value, is refused by name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

import attrs

from revcore.ctax import Address
from revcore.ledger import Ledger
from revcore.nndr import Hereditament, RateableValue, RatesError, RatesLiability, Relief
from revcore.references import make_reference
from revtui.records.rates import RatesAccount
from revtui.records.rating_list import RatingListEntry, rating_list
from revtui.services.rates_notices import rates_repository
from revtui.services.session import Session

__all__ = ["RatesOpening", "OpeningError", "hereditament_from_list", "open_rates_accounts"]


class OpeningError(ValueError):
    """An account that cannot be opened: which hereditament, and why."""


@attrs.frozen
class RatesOpening:
    uarn: str
    list_year: int
    ratepayer: str
    liable_from: dt.date
    occupied: bool = True
    empty_since: dt.date | None = None
    reliefs: tuple[Relief, ...] = attrs.field(default=(), converter=tuple)
    rhl: bool = False
    qualifying_industrial: bool = False


def hereditament_from_list(entry: RatingListEntry, reference: str, session: Session, *, rhl: bool = False,
                           qualifying_industrial: bool = False) -> Hereditament:
    """The hereditament as the list entry describes it: the address (the list's one line, split at
    its commas, postcode apart), the description, and each rateable value from its day."""
    values = tuple(RateableValue(v.effective_from, Decimal(v.rateable_value), entry.list_year)
                   for v in entry.values if v.rateable_value is not None)
    if not values:
        raise OpeningError(f"UARN {entry.uarn}: the {entry.list_year} list shows no rateable value")
    parts = [part.strip() for part in entry.address.split(",") if part.strip()]
    if parts and parts[-1].replace(" ", "") == entry.postcode.replace(" ", ""):
        parts = parts[:-1]
    lines = tuple(parts[:5]) or (entry.address,)
    return Hereditament(reference, entry.uarn, Address(lines, entry.postcode), entry.description,
                        session.tariff.council.country, values, qualifying_industrial=qualifying_industrial, rhl=rhl)


def open_rates_accounts(session: Session, openings: Sequence[RatesOpening] | Iterable[RatesOpening]) -> list[str]:
    """Open an account for each opening, numbered after the accounts already held, in one change.
    Gives the new references. :raises OpeningError: one cannot be opened; none is."""
    listed = rating_list(session.store)
    repo = rates_repository(session.store)
    serial = max((int(doc["reference"][1:-1]) for doc in repo.table), default=0)
    accounts = []
    for opening in openings:
        found = listed.find_one("key", f"{opening.uarn}/{opening.list_year}")
        if found is None:
            raise OpeningError(f"UARN {opening.uarn} is not in the {opening.list_year} list held")
        serial += 1
        reference = make_reference("N", serial)
        entry = found.value
        try:
            hereditament = hereditament_from_list(entry, entry.ba_reference or f"NDR{serial:07d}", session,
                                                  rhl=opening.rhl, qualifying_industrial=opening.qualifying_industrial)
            liability = RatesLiability(reference, hereditament.reference, opening.ratepayer, opening.liable_from,
                                       occupied=opening.occupied, reliefs=opening.reliefs,
                                       empty_since=opening.empty_since)
        except RatesError as error:
            raise OpeningError(f"UARN {opening.uarn}: {error}") from None
        accounts.append(RatesAccount(reference, hereditament, liability, Ledger(reference)))
    with session.store.change(f"business rates: {len(accounts)} accounts opened from the rating list",
                              user=session.officer):
        repo.table.insert_multiple([repo.to_document(account) for account in accounts])
    return [account.reference for account in accounts]
