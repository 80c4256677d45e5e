"""The demo council generator's settings, from ``demo/council.toml`` in the council folder, and
where the demo councils' folder is (:data:`DEMO_COUNCILS`, copied beside a demo store).

Shares are per mille (whole numbers out of 1000); :class:`Shares` draws from them with the
generator's seeded random source, so a build is the same for the same seed.
"""

from __future__ import annotations

import bisect
import datetime as dt
import os
import random
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from refdata import COUNCILS_ENV, DataError, load_council_toml, parse_date
from revcore.money import to_money

__all__ = ["DEMO_COUNCILS", "Shares", "DemoSettings", "demo_councils_beside", "load_settings"]

_FILE = "demo/council.toml"

DEMO_COUNCILS = Path(__file__).resolve().parent / "councils"
"""The invented councils' settings (example data shipped with the package)."""


def demo_councils_beside(store: str | Path) -> Path:
    """Copy the demo councils' folder beside a demo ``store`` (``councils/``, kept if there, with any
    file it lacks added), and use
    it for this run unless ``REVTUI_COUNCILS`` already names a folder."""
    from revtui.councils import BESIDE_STORE, use_councils

    target = Path(store).expanduser().resolve().parent / BESIDE_STORE
    if not target.exists():
        shutil.copytree(DEMO_COUNCILS, target)
    else:  # a folder kept from an earlier build gets the settings files added since (none overwritten)
        for shipped in DEMO_COUNCILS.rglob("*"):
            kept = target / shipped.relative_to(DEMO_COUNCILS)
            if shipped.is_file() and not kept.exists():
                kept.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(shipped, kept)
    return use_councils(store, None if os.environ.get(COUNCILS_ENV, "").strip() else target)


@attrs.frozen
class Shares:
    """Named outcomes with per-mille weights; what is left of 1000 (if anything) is ``rest``."""

    names: tuple[str, ...]
    cumulative: tuple[int, ...]
    rest: str | None = None

    @classmethod
    def of(cls, table: dict[str, Any], where: str, rest: str | None = None) -> "Shares":
        total = 0
        names, cumulative = [], []
        for name, weight in table.items():
            if not isinstance(weight, int) or isinstance(weight, bool) or weight < 0:
                raise DataError(f"{where}.{name}: {weight!r} is not a whole number per mille")
            total += weight
            names.append(str(name))
            cumulative.append(total)
        if total > 1000 or (rest is None and total != 1000):
            raise DataError(f"{where}: shares add up to {total} per mille, " +
                            ("at most 1000" if rest is not None else "not 1000"))
        return cls(tuple(names), tuple(cumulative), rest)

    def draw(self, rng: random.Random) -> str:
        index = bisect.bisect_right(self.cumulative, rng.randrange(1000))
        return self.names[index] if index < len(self.names) else self.rest  # type: ignore[return-value]


def _per_mille(doc: dict[str, Any], key: str, where: str) -> int:
    value = doc.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 1000:
        raise DataError(f"{where}.{key}: {value!r} is not a whole number per mille (0 to 1000)")
    return value


@attrs.frozen
class DemoSettings:
    council: str
    as_at: dt.date
    go_live: dt.date
    annual_billing: dt.date
    size: int
    seed: int
    postcode_area: str
    uprn_base: int
    staff: tuple[str, ...]
    approvers: tuple[str, ...]
    areas: Shares
    bands: Shares
    occupancy: Shares
    """Exclusive states of a dwelling; the rest are occupied by two or more counted adults."""
    rates: dict[str, int]
    """Independent per-mille chances: disabled_reduction, ctr, moved_this_year, joint_liability."""
    ctr_percent: Shares
    payment: dict[str, int]
    cash_behaviour: Shares
    channels: Shares
    legacy_least: Decimal
    legacy_most: Decimal
    legacy: dict[str, int]
    events: dict[str, int]
    recovery_weekday: int
    court_hearings: tuple[dt.date, ...]
    debtor: dict[str, int]
    legacy_stages: Shares

    def __attrs_post_init__(self) -> None:
        if not self.annual_billing < self.as_at:
            raise DataError(f"{_FILE}: the annual billing day must come before the demo's as_at day")
        if not self.go_live <= self.annual_billing:
            raise DataError(f"{_FILE}: go_live must be on or before the annual billing day")


def load_settings(data_dir: Path | None = None) -> DemoSettings:
    """The generator's settings; a wrong entry raises :class:`DataError` naming it."""
    doc = load_council_toml(_FILE, data_dir)
    try:
        occupancy_doc = dict(doc["occupancy"])
        rates = {key: _per_mille(occupancy_doc, key, f"{_FILE} occupancy")
                 for key in ("disabled_reduction", "ctr", "moved_this_year", "joint_liability")}
        exclusive = {k: v for k, v in occupancy_doc.items() if k not in rates}
        payment_doc = dict(doc["payment"])
        payment = {key: _per_mille(payment_doc, key, f"{_FILE} payment")
                   for key in ("direct_debit", "twelve_instalments", "dd_unpaid")}
        cash = {key: _per_mille(payment_doc, key, f"{_FILE} payment") for key in ("cash_on_time", "cash_late", "cash_stopped")}
        legacy = doc["legacy_arrears"]
        events = doc["events"]
        recovery = doc["recovery"]
        first = parse_date(recovery["court_first_hearing"], f"{_FILE} recovery.court_first_hearing")
        last = parse_date(recovery["court_last_hearing"], f"{_FILE} recovery.court_last_hearing")
        every = int(recovery["court_every_days"])
        if every < 1 or last < first:
            raise DataError(f"{_FILE} recovery: court hearings need every_days >= 1 and the last on or after the first")
        hearings = tuple(first + dt.timedelta(days=n) for n in range(0, (last - first).days + 1, every))
        return DemoSettings(
            council=str(doc["council"]),
            as_at=parse_date(doc["as_at"], f"{_FILE} as_at"),
            go_live=parse_date(doc["go_live"], f"{_FILE} go_live"),
            annual_billing=parse_date(doc["annual_billing"], f"{_FILE} annual_billing"),
            size=int(doc["size"]),
            seed=int(doc["seed"]),
            postcode_area=str(doc["postcode_area"]),
            uprn_base=int(doc["uprn_base"]),
            staff=tuple(doc["staff"]),
            approvers=tuple(doc["approvers"]),
            areas=Shares.of(doc["areas"], f"{_FILE} areas"),
            bands=Shares.of(doc["bands"], f"{_FILE} bands"),
            occupancy=Shares.of(exclusive, f"{_FILE} occupancy", rest="occupied"),
            rates=rates,
            ctr_percent=Shares.of({str(k): v for k, v in doc["ctr_percent"].items()}, f"{_FILE} ctr_percent"),
            payment=payment,
            cash_behaviour=Shares.of({k.removeprefix("cash_"): v for k, v in cash.items()}, f"{_FILE} payment",
                                     rest="none"),
            channels=Shares.of(doc["channels"], f"{_FILE} channels"),
            legacy_least=to_money(legacy["least"], where=f"{_FILE} legacy_arrears.least"),
            legacy_most=to_money(legacy["most"], where=f"{_FILE} legacy_arrears.most"),
            legacy={key: _per_mille(legacy, key, f"{_FILE} legacy_arrears")
                    for key in ("share_last_year", "share_year_before")},
            events={key: int(events[key]) for key in
                    ("refund_on_move", "write_off_small", "suspense_lines", "valuation_differences")},
            recovery_weekday=int(recovery["run_weekday"]),
            court_hearings=hearings,
            debtor={key: _per_mille(recovery, key, f"{_FILE} recovery") for key in ("employed", "on_benefits")},
            legacy_stages=Shares.of(doc["legacy_stages"], f"{_FILE} legacy_stages"),
        )
    except KeyError as missing:
        raise DataError(f"{_FILE}: missing {missing}") from None
