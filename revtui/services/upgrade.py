"""Upgrading a council's store to this release: a checked backup first, then every record the
program keeps is rewritten at the schema this release writes.

Documents are upgraded as they are read anyway (:mod:`revtui.store.repository`); ``revtui store
migrate`` does them all at once after a release, so the store no longer holds documents only the
new program can read and an older program is refused by every table, not some. If it stops part
way, the backup is whole and running it again carries on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs

from revtui.accounts import KINDS
from revtui.records.ctax import open_records
from revtui.records.payments import open_cash_records
from revtui.services.recovery import recovery_repository
from revtui.store import Repository, Store
from revtui.store.maintenance import backup

__all__ = ["UpgradeOutcome", "upgrade_store", "default_backup"]


@attrs.frozen
class UpgradeOutcome:
    backup: Path
    tables: tuple[tuple[str, int, int], ...]
    """(table, schema this release writes, documents rewritten)."""

    def lines(self) -> list[str]:
        rows = [f"backup (checked) written to {self.backup}"]
        rows += [f"  {name:<24} schema {schema}: {count} document(s) upgraded" for name, schema, count in self.tables]
        rows.append(f"{sum(count for _, _, count in self.tables)} document(s) upgraded in {len(self.tables)} table(s)")
        return rows


def default_backup(store_path: str | Path, today: dt.date) -> Path:
    """``<store>.before-upgrade-<day>.db`` beside the store (a number added if one is there)."""
    path = Path(store_path)
    candidate = path.with_name(f"{path.stem}.before-upgrade-{today.isoformat()}.db")
    serial = 1
    while candidate.exists():
        serial += 1
        candidate = path.with_name(f"{path.stem}.before-upgrade-{today.isoformat()}-{serial}.db")
    return candidate


def _repositories(store: Store) -> Iterator[Repository[Any]]:
    records = open_records(store)
    cash = open_cash_records(store, records)
    seen: set[str] = set()
    for repository in (records.properties, records.accounts, *(kind.repository(store) for kind in KINDS),
                       cash.imports, cash.suspense, cash.runs, cash.reports, cash.requests, recovery_repository(store)):
        if repository.name not in seen:
            seen.add(repository.name)
            yield repository


def upgrade_store(store: Store, *, backup_to: Path, release: str,
                  progress: Callable[[str], None] | None = None) -> UpgradeOutcome:
    """Back ``store`` up to ``backup_to`` (checked), then upgrade every table's documents."""
    say = progress or (lambda _message: None)
    copy = backup(store.path, backup_to)
    say(f"backup checked: {copy}")
    done = []
    for repository in _repositories(store):
        count = repository.migrate(reason=f"upgrade to revtui {release}: {repository.name}")
        say(f"{repository.name}: {count} upgraded")
        done.append((repository.name, repository.schema_version, count))
    return UpgradeOutcome(copy, tuple(done))
