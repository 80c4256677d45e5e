"""A synthetic incumbent system's extract in the migration format (docs/migration-format.md).

Written from the documented format only: it knows the file and column names and nothing of the
loader. Its control totals are its own sums of what it wrote (as an incumbent's extract program
would count), so a reconciliation that agrees with them proves the load, not the code against
itself. ``defects=True`` spoils chosen lines and says which (file, line, field) must be reported.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections import Counter
from decimal import Decimal
from pathlib import Path

import attrs

from revcore.references import make_reference

D = dt.date
GO_LIVE = D(2027, 3, 15)
YEARS = ("2024/25", "2025/26", "2026/27")
_HEADERS = {
    "properties": ["property_reference", "uprn", "address_1", "address_2", "address_3", "postcode", "band", "band_from",
                   "charging_area"],
    "accounts": ["account_reference", "property_reference", "liability_start", "liability_end", "basis", "owner_class"],
    "persons": ["account_reference", "person_reference", "name", "date_of_birth"],
    "discounts": ["account_reference", "kind", "code", "start", "end", "disregarded"],
    "payment_methods": ["account_reference", "method", "instalment_day"],
    "mandates": ["account_reference", "mandate_reference", "sort_code", "account_number", "account_name", "signed_on",
                 "lodged_on", "collected"],
    "instalment_plans": ["account_reference", "instalments", "chosen_on"],
    "balances": ["account_reference", "year", "charge_balance", "costs_balance"],
    "recovery_stages": ["account_reference", "year", "stage", "stage_date", "amount", "until"],
}
_FIRST = ("Ann", "Bob", "Carys", "Dev", "Eve", "Femi", "Gwen", "Hal", "Iqbal", "Jo", "Kim", "Lee")
_LAST = ("Smith", "Jones", "Patel", "Evans", "Khan", "Brown", "Taylor", "Wilson", "Price", "Hughes")
_STREETS = ("High Street", "Mill Lane", "Church Road", "Station Road", "The Green", "Park Avenue")


@attrs.frozen
class ExtractFacts:
    """What the generator wrote, counted by itself."""

    folder: Path
    dwellings: int
    accounts: int
    open_accounts: int
    balances: dict[str, Decimal]
    """``charge_balance 2025/26`` / ``costs_balance 2025/26`` -> the sum written."""
    total: Decimal
    defects: tuple[tuple[str, int, str], ...] = ()
    """(file, line, field) of each spoilt field."""


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


def write_extract(folder: str | Path, dwellings: int, *, seed: int = 18, council: str = "demo-district",
                  areas: tuple[str, ...] = ("UNP", "ASH", "BRK", "CDL"), bands: str = "AABBBCCCDDEFGH",
                  twelve: bool = True, defects: bool = False) -> ExtractFacts:
    """Write an extract of ``dwellings`` dwellings (about 1.1 accounts each) into ``folder``."""
    rng = random.Random(seed)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rows: dict[str, list[list[str]]] = {name: [] for name in _HEADERS}
    serial = 0
    open_accounts = 0
    for n in range(1, dwellings + 1):
        prop = f"P{n:07d}"
        rows["properties"].append([prop, f"1000{n:08d}", f"{n} {rng.choice(_STREETS)}", "Demo Town", "",
                                   f"DM{n % 9 + 1} {n % 7 + 1}AB", rng.choice(bands), "1993-04-01",
                                   rng.choice(areas)])
        moved_in = _day(rng, D(1995, 4, 1), D(2027, 2, 1))
        tenancies = []
        if rng.random() < 0.12 and moved_in > D(1998, 1, 1):
            tenancies.append((_day(rng, D(1995, 4, 1), moved_in - dt.timedelta(days=400)), moved_in - dt.timedelta(days=1)))
        tenancies.append((moved_in, None))
        for start, end in tenancies:
            serial += 1
            reference = make_reference("C", serial)
            open_accounts += end is None
            owner = rng.random() < 0.04
            rows["accounts"].append([reference, prop, start.isoformat(), end.isoformat() if end else "",
                                     "owner" if owner else "resident", ""])
            people = 2 if rng.random() < 0.3 else 1
            for p in range(people):
                born = _day(rng, D(1940, 1, 1), D(2005, 1, 1)).isoformat() if rng.random() < 0.7 else ""
                rows["persons"].append([reference, f"R{serial:07d}{p}", f"{rng.choice(_FIRST)} {rng.choice(_LAST)}", born])
            if people == 1 and not owner and rng.random() < 0.6:
                rows["discounts"].append([reference, "discount", "single-person", start.isoformat(),
                                          end.isoformat() if end else "", ""])
            elif rng.random() < 0.03:
                rows["discounts"].append([reference, "exemption", "N", start.isoformat(),
                                          (start + dt.timedelta(days=300)).isoformat(), ""])
            if rng.random() < 0.55:
                rows["payment_methods"].append([reference, "direct_debit", str(rng.choice((1, 15, 28)))])
                signed = start + dt.timedelta(days=rng.randrange(1, 30))
                signed = min(signed, GO_LIVE - dt.timedelta(days=10))
                rows["mandates"].append([reference, f"DDR{serial:09d}", f"{rng.randrange(10**5, 10**6):06d}",
                                         f"{rng.randrange(10**7, 10**8)}", rows["persons"][-1][2],
                                         signed.isoformat(), (signed + dt.timedelta(days=3)).isoformat(),
                                         "yes" if rng.random() < 0.9 else "no"])
            else:
                rows["payment_methods"].append([reference, "cash", "1"])
            if rng.random() < 0.15 and twelve:
                rows["instalment_plans"].append([reference, "12", max(start, D(2013, 4, 1)).isoformat()])
            _history(rng, rows, reference, start, end)
    facts_rows = rows
    control = _control(council, facts_rows, open_accounts)
    spoilt: list[tuple[str, int, str]] = []
    if defects:
        spoilt = _spoil(rows, control)
    for name, header in _HEADERS.items():
        _write(folder / f"{name}.csv", header, rows[name])
    _write(folder / "control_totals.csv", ["item", "value"], [[k, v] for k, v in control])
    balances = {item: Decimal(value) for item, value in control if " " in item}
    return ExtractFacts(folder, dwellings, len(rows["accounts"]), open_accounts, balances,
                        Decimal(dict(control)["total_balance"]), tuple(spoilt))


def _history(rng: random.Random, rows: dict[str, list[list[str]]], reference: str, start: dt.date,
             end: dt.date | None) -> None:
    """Balances the account owes for the last three years, with the recovery steps taken for them."""
    for label, share in zip(YEARS, (0.05, 0.10, 0.25)):
        first = D(int(label[:4]), 4, 1)
        last = D(int(label[:4]) + 1, 3, 31)
        if start > last or (end is not None and end < first) or rng.random() >= share:
            continue
        if label == "2026/27" and rng.random() < 0.08:
            rows["balances"].append([reference, label, f"-{rng.randrange(100, 20000) / 100:.2f}", ""])  # a credit
            continue
        amount = Decimal(rng.randrange(5000, 180000)) / 100
        steps = ["reminder"] if label == "2026/27" else ["reminder", "final_notice", "summons", "liability_order"]
        if label == "2026/27" and rng.random() < 0.5:
            steps = []
        costs = "70.00" if "summons" in steps else ""
        rows["balances"].append([reference, label, f"{amount:.2f}", costs])
        day = max(D(int(label[:4]), 6, 1), start)
        for stage in steps:
            until = day + dt.timedelta(days=28 if stage == "summons" else 7)
            rows["recovery_stages"].append([reference, label, stage, day.isoformat(), f"{amount:.2f}",
                                            until.isoformat() if stage != "liability_order" else ""])
            day += dt.timedelta(days=35)


def _control(council: str, rows: dict[str, list[list[str]]], open_accounts: int) -> list[tuple[str, str]]:
    totals: Counter[str] = Counter()
    for reference, year, charge, costs in rows["balances"]:
        totals[f"charge_balance {year}"] += Decimal(charge)
        if costs:
            totals[f"costs_balance {year}"] += Decimal(costs)
    control = [("council", council), ("go_live", GO_LIVE.isoformat())]
    control += [(name, str(len(found))) for name, found in rows.items()]
    control += [("open_liabilities", str(open_accounts))]
    control += [(item, f"{totals[item]:.2f}") for item in sorted(totals)]
    control += [("total_balance", f"{sum(totals.values(), Decimal(0)):.2f}")]
    return control


def _spoil(rows: dict[str, list[list[str]]], control: list[tuple[str, str]]) -> list[tuple[str, int, str]]:
    """Spoil one field in several files; each must be reported where it is (line 1 is the header)."""
    spoilt = []

    def spoil(name: str, index: int, column: str, value: str) -> None:
        rows[name][index][_HEADERS[name].index(column)] = value
        spoilt.append((f"{name}.csv", index + 2, column))

    spoil("properties", 10, "band", "J")
    spoil("accounts", 20, "liability_start", "2019-02-30")
    spoil("accounts", 30, "property_reference", "P9999999")
    spoil("persons", 40, "account_reference", make_reference("C", 9_999_999))
    spoil("balances", 5, "charge_balance", "12.3")
    spoil("mandates", 7, "sort_code", "12-34")
    spoil("recovery_stages", 3, "stage", "bailiff")
    spoil("payment_methods", 50, "instalment_day", "31")
    spoil("properties", 61, "uprn", rows["properties"][60][_HEADERS["properties"].index("uprn")])  # a second dwelling
    index = [item for item, _ in control].index("properties")
    control[index] = ("properties", str(int(control[index][1]) + 1))
    spoilt.append(("control_totals.csv", index + 2, "value"))
    return spoilt


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
