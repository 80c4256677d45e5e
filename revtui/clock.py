"""The council's clock: what "today" is for the application and the batch commands.

revcore never reads the clock; the application decides today here and passes it in. A live
store uses the system date. A training store holds its own date (set when a scenario is reset)
that a trainer moves forward a day, a month, or to the next recovery run, so a year of billing,
payments and recovery plays out in minutes without touching live data.
"""

from __future__ import annotations

import datetime as dt

from revtui.store import Store

__all__ = ["today", "is_training", "set_training_date", "SETTINGS_TABLE"]

SETTINGS_TABLE = "settings"
_CLOCK_ID = "clock"


def _clock_document(store: Store) -> dict | None:
    table = store.table(SETTINGS_TABLE)
    found = table.search(lambda doc: doc.get("name") == _CLOCK_ID)
    return found[0] if found else None


def is_training(store: Store) -> bool:
    """A store whose clock a trainer moves: never a live council's store."""
    return _clock_document(store) is not None


def today(store: Store, system_today: dt.date | None = None) -> dt.date:
    """The training date of a training store, otherwise the system date."""
    document = _clock_document(store)
    if document is not None:
        return dt.date.fromisoformat(document["today"])
    return system_today or dt.date.today()


def set_training_date(store: Store, day: dt.date, *, reason: str) -> None:
    """Make ``store`` a training store whose today is ``day`` (moving it back is refused)."""
    table = store.table(SETTINGS_TABLE)
    with store.change(reason):
        document = _clock_document(store)
        if document is None:
            table.insert({"name": _CLOCK_ID, "today": day.isoformat()})
            return
        current = dt.date.fromisoformat(document["today"])
        if day < current:
            raise ValueError(f"the training clock is at {current.isoformat()}; it does not go back to {day.isoformat()}")
        table.update({"today": day.isoformat()}, doc_ids=[document.doc_id])
