"""The demo council's business rates: a synthetic Valuation Office rating list file, imported
and billed through the live services.

The file is in the VOA's list-entries format (``refdata/tables/voa/nndr_list_layout.toml``,
``formats.md`` 1.2-1.3): 28 asterisk-separated fields and a trailing ``*``, no header, latin-1,
``DD-MON-YYYY`` dates. It holds the hereditaments of the hand-listed accounts
(``demo/businesses.toml``, UARN 88231nnnnn) and :data:`HEREDITAMENTS` invented ones (UARN
88232nnnnn), with what a real file has: one record broken by an embedded newline, one with no
rateable value (a proxy deletion) and a café in latin-1. Everything is invented: names, streets
and values (postcode area DM, which no real postcode uses).

:func:`load_rates` imports it (``revtui.services.rating_list``), opens an account for each
invented hereditament with a value (``revtui.services.rates_from_list``), bills the year
(``revtui.services.rates_billing``) on the annual billing day, as a council would, and posts the
instalments paid since from the bank's payment files (``revtui.services.payments``): most pay
every instalment, one in ten stopped after a few and one in twenty never paid.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from decimal import Decimal

from revcore.nndr import Relief, ReliefKind
from revtui.imports.nndr_list import parse_rating_list
from revtui.services.payments import import_payment_file
from revtui.services.rates_billing import RatesBilling, bill_rates_accounts
from revtui.services.rates_notices import rates_repository
from revtui.services.rates_from_list import RatesOpening, open_rates_accounts
from revtui.services.rating_list import ListImportReport, import_rating_list
from revtui.services.session import Session
from revcore.periods import FinancialYear

__all__ = ["HEREDITAMENTS", "LIST_YEAR", "FILE_NAME", "list_file", "load_rates"]

HEREDITAMENTS = 300
LIST_YEAR = 2026
FILE_NAME = f"uk-englandwales-ndr-{LIST_YEAR}-listentries-compiled-epoch-0001-baseline-csv.csv"
BA_CODE = "0998"
_STARTS = "01-APR-2026"

# (description code, description, SCAT code, retail/hospitality/leisure, qualifying industrial,
#  weight, RV range in whole pounds)
_KINDS = (
    ("CS", "SHOP AND PREMISES", "249G", True, False, 30, (3_000, 40_000)),
    ("CO", "OFFICES AND PREMISES", "203G", False, False, 20, (4_000, 120_000)),
    ("CW", "WAREHOUSE AND PREMISES", "151G", False, True, 12, (8_000, 250_000)),
    ("IF", "WORKSHOP AND PREMISES", "096G", False, True, 12, (5_000, 60_000)),
    ("CR", "CAFÉ AND PREMISES", "226G", True, False, 8, (4_000, 30_000)),
    ("LX", "PUBLIC HOUSE AND PREMISES", "226G", True, False, 6, (8_000, 70_000)),
    ("CG1", "HAIRDRESSING SALON AND PREMISES", "249G", True, False, 6, (3_000, 14_000)),
    ("CS", "SUPERSTORE AND PREMISES", "235G", False, False, 1, (550_000, 900_000)),
)
_STREETS = ("HIGH STREET", "MARKET PLACE", "STATION ROAD", "MILL LANE", "BRIDGE STREET", "CHURCH STREET",
            "PARVA TRADING ESTATE", "KINGS ROAD", "VICTORIA PARADE", "BROOK STREET", "QUEENS WALK", "FORGE LANE")
_TOWNS = (("DEMOTON", "DM1"), ("BROOKFIELD", "DM5"), ("ASHBY PARVA", "DM7"), ("LITTLE DEMO", "DM2"))
_TRADES = ("Trading", "Holdings", "Services", "Retail", "Engineering", "Supplies", "Foods", "Design", "Logistics")
_NAMES = ("Ashdown", "Beck", "Calder", "Dunmore", "Elswick", "Fairfax", "Garside", "Hollis", "Ingram", "Jessop",
          "Kirkby", "Lister", "Marlow", "Norcliffe", "Oakes", "Pennock", "Quarmby", "Rigby", "Stansfield", "Thwaite")


def _fields(n: int, uarn: str, ba_reference: str, code: str, description: str, number: str, street: str, town: str,
            postcode: str, rv: int | None, scat: str, assessment: int) -> list[str]:
    address = ", ".join(part for part in (number, street, town, postcode) if part)
    return [str(n), BA_CODE, "", ba_reference, code, description, uarn, address, "", number, street, town, "", "",
            postcode, "", "", "" if rv is None else str(rv), "", f"{assessment:011d}", "", scat, "", "", "", "",
            _STARTS, ""]


def _record(fields: Sequence[str]) -> str:
    return "*".join(fields) + "*"


def list_file(hand_listed: Sequence[dict], seed: int) -> tuple[bytes, list[tuple[str, bool, bool]]]:
    """The file's bytes, and each invented hereditament's UARN, RHL and qualifying industrial flags
    (what the council decides for the accounts; the list does not say)."""
    rng = random.Random(f"{seed}:rating list")
    records: list[str] = []
    invented: list[tuple[str, bool, bool]] = []
    for n, entry in enumerate(hand_listed, 1):
        lines = list(entry["address"])
        records.append(_record(_fields(len(records) + 1, f"88231{n:05d}", f"NDR{n:07d}", "CS",
                                       entry["description"], "", lines[0].upper(),
                                       lines[-1].upper(), entry["postcode"], int(entry["rv"]), "249G",
                                       27_000_000_000 + n)))
    weights = [kind[5] for kind in _KINDS]
    for i in range(1, HEREDITAMENTS + 1):
        code, description, scat, rhl, industrial, _, (low, high) = rng.choices(_KINDS, weights)[0]
        town, district = rng.choice(_TOWNS)
        postcode = f"{district} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        # small values are the most common: a skewed draw between the kind's bounds, to the £25
        rv = int(low + (high - low) * rng.random() ** 2.5) // 25 * 25
        uarn = f"88232{i:05d}"
        records.append(_record(_fields(len(records) + 1, uarn, f"NDR{100 + i:07d}", code, description,
                                       f"UNIT {rng.randint(1, 80)}" if industrial else str(rng.randint(1, 120)),
                                       rng.choice(_STREETS), town, postcode,
                                       None if i == 7 else rv,  # the VOA's proxy deletion: no value
                                       scat, 27_100_000_000 + i)))
        invented.append((uarn, rhl, industrial))
    # a record broken by an embedded newline in its address, as real files have them
    broken = records[12].split("*")
    broken[7] = broken[7].replace(", ", ",\n", 1)
    records[12] = "*".join(broken)
    return ("\r\n".join(records) + "\r\n").encode("latin-1"), invented


def _openings(invented: list[tuple[str, bool, bool]], values: dict[str, int], seed: int,
              annual_billing: dt.date, year: FinancialYear) -> list[RatesOpening]:
    """Who is liable for each invented hereditament: a business in occupation (some with small
    business rate relief, a charity now and then), or the owner of an empty one."""
    rng = random.Random(f"{seed}:ratepayers")
    openings = []
    used: set[str] = set()

    def unique(name: str) -> str:  # one ratepayer a name, as Find shows them
        found, n = name, 1
        while found in used:
            n += 1
            found = name.replace(" Ltd", f" ({n}) Ltd") if name.endswith(" Ltd") else f"{name} ({n})"
        used.add(found)
        return found

    for uarn, rhl, industrial in invented:
        if uarn not in values:
            continue  # no rateable value: nothing to bill
        rv = values[uarn]
        since = annual_billing - dt.timedelta(days=rng.randrange(30, 4000))
        name = f"{rng.choice(_NAMES)} {rng.choice(_TRADES)} Ltd"
        draw = rng.random()
        if draw < 0.06:
            empty = annual_billing - dt.timedelta(days=rng.randrange(1, 400))  # the owner's since it emptied
            openings.append(RatesOpening(uarn, LIST_YEAR, unique(f"{rng.choice(_NAMES)} Property Holdings Ltd"), empty,
                                         occupied=False, empty_since=empty, rhl=rhl, qualifying_industrial=industrial))
            continue
        reliefs: tuple[Relief, ...] = ()
        if draw < 0.10:
            name = f"{rng.choice(_NAMES)} Community Trust"
            reliefs = (Relief(ReliefKind.CHARITY, since),)
        elif rv <= 15_000 and rng.random() < 0.8:
            reliefs = (Relief(ReliefKind.SMALL_BUSINESS, year.start),)
        elif draw < 0.13:
            reliefs = (Relief(ReliefKind.DISCRETIONARY, year.start, percent=Decimal(rng.choice((10, 25, 50)))),)
        openings.append(RatesOpening(uarn, LIST_YEAR, unique(name), since, reliefs=reliefs, rhl=rhl,
                                     qualifying_industrial=industrial))
    return openings


def _payment_files(session: Session, opened: Sequence[str], seed: int, as_at: dt.date) -> dict[dt.date, bytes]:
    """The bank's file of business rates payments for each instalment day to ``as_at``: most
    ratepayers pay each instalment on its day, some stopped after a few, a few never paid."""
    rng = random.Random(f"{seed}:rates payments")
    repo = rates_repository(session.store)
    files: dict[dt.date, list[str]] = {}
    for reference in opened:
        account = repo.find_one("reference", reference).value
        draw = rng.random()
        paid = None if draw < 0.85 else (0 if draw < 0.90 else rng.randrange(1, 6))
        for n, instalment in enumerate(account.bills[-1].schedule.instalments):
            if instalment.due > as_at or instalment.amount <= 0 or (paid is not None and n >= paid):
                continue
            files.setdefault(instalment.due, []).append(
                f"P,{reference},{instalment.amount:.2f},{instalment.due.isoformat()},BANK,rates instalment")
    result = {}
    for day, rows in sorted(files.items()):
        total = sum(Decimal(row.split(",")[2]) for row in rows)
        result[day] = "\r\n".join(["type,reference,amount,date,channel,narrative", *rows,
                                    f"T,{len(rows)},{total:.2f}", ""]).encode("ascii")
    return result


def load_rates(session: Session, hand_listed: Sequence[dict], seed: int, year: FinancialYear,
               as_at: dt.date) -> tuple[ListImportReport, list[str], RatesBilling]:
    """Import the synthetic list, open the accounts and bill ``year``, each through its service,
    then post the payments made to ``as_at`` through the payment import; ``session.today`` is the
    annual billing day."""
    annual_billing = session.today
    data, invented = list_file(hand_listed, seed)
    listfile = parse_rating_list(FILE_NAME, data)
    report = import_rating_list(session.store, listfile, officer=session.officer, today=session.today)
    values = {r.uarn: r.rateable_value for r in listfile.records if r.rateable_value is not None}
    opened = open_rates_accounts(session, _openings(invented, values, seed, annual_billing, year))
    billed = bill_rates_accounts(session, year)
    for day, data in _payment_files(session, opened, seed, as_at).items():
        name = f"rates-bank-{day.isoformat()}.csv"
        import_payment_file(session.cash, name, data, "csv", today=day, officer=session.officer,
                            run_id=f"demo:{name}")
    return report, opened, billed
