"""Summons batches per court hearing, a hearing moved, and the liability order list for the court.

The recovery run records each summons in the account's recovery history with its hearing date
and the costs raised beside it. A batch gathers, for one court and one hearing, the summonses
already issued for it, with the officer who authorised the complaint, the basis of the costs
(from the stage set) and the operating-system user who recorded it (table ``summons_batches``).
One live batch per court and hearing: a second is refused until the first is withdrawn.

A hearing moved by the court moves the batch and every summonsed year's hearing (a
``hearing_moved`` step in its history), refused if any summons would then have been served less
than the stage set's notice period before the new date (:func:`revcore.recovery.move_hearing`).
The liability order list is :func:`revcore.recovery.liability_order_list` on the hearing day.
Every write goes through one audited ``store.change``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import attrs

from refdata import DataError
from refdata.courts import load_court
from revcore.money import format_money
from revcore.recovery import (
    AccountPosition,
    LateService,
    LiabilityOrderList,
    SummonsBatch,
    batch_for_hearing,
    liability_order_list,
    move_hearing,
)
from revcore.recovery.run import event_for
from safefiles import open_private, write_csv
from revtui.accounts.ctax import COUNCIL_TAX
from revtui.records.ctax import CtaxAccount
from revtui.services.recovery import RecoveryFile, YearEvent, position, recovery_repository, rules
from revtui.services.session import Session
from revtui.store import Index, Repository, Store, Stored, once_per_store

__all__ = [
    "SummonsError",
    "HearingMove",
    "BatchRecord",
    "batch_repository",
    "record_batch",
    "batches",
    "withdraw_batch",
    "move_batch_hearing",
    "lo_list",
    "write_lo_csv",
    "describe",
]


class SummonsError(ValueError):
    """A batch, move or list that cannot be made: the message says which and why."""


@attrs.frozen
class HearingMove:
    """The court moved the hearing: from, to, when it was recorded, by whom and why."""

    moved_from: dt.date
    moved_to: dt.date
    recorded_on: dt.date
    recorded_by: str
    reason: str


@attrs.frozen
class BatchRecord:
    """A summons batch as stored: the batch, who recorded it and when, its moves, a withdrawal."""

    batch: SummonsBatch
    recorded_by: str
    recorded_on: dt.date
    moves: tuple[HearingMove, ...] = attrs.field(default=(), converter=tuple)
    withdrawn: str = ""
    """Why the batch was withdrawn (and by whom); empty while it stands."""

    @property
    def live(self) -> bool:
        return not self.withdrawn


@once_per_store
def batch_repository(store: Store) -> Repository[BatchRecord]:
    """The ``summons_batches`` repository of ``store``, looked up by hearing date."""
    return Repository(store, "summons_batches", BatchRecord, indexes=[Index.field("hearing", "batch", "hearing")])


def _court(code: str) -> str:
    try:
        load_court(code)
    except DataError as error:
        raise SummonsError(str(error)) from None
    return code


def _live_batch(session: Session, court: str, hearing: dt.date) -> Stored[BatchRecord] | None:
    found = [s for s in batch_repository(session.store).find("hearing", hearing.isoformat())
             if s.value.batch.court == court and s.value.live]
    return found[0] if found else None


def _the_batch(session: Session, court: str, hearing: dt.date) -> Stored[BatchRecord]:
    found = _live_batch(session, court, hearing)
    if found is None:
        raise SummonsError(f"no summons batch stands for {court} at the hearing of {hearing.isoformat()}: "
                           "record one with `summons batch`")
    return found


def _summonsed(session: Session, hearing: dt.date) -> Iterator[tuple[Stored[RecoveryFile], AccountPosition]]:
    """Council tax's recovery files with a summons or a moved hearing for ``hearing``, and their
    accounts' positions (business rates summonses are not batched here yet: see docs/notes.md)."""
    accounts = session.records.accounts
    for stored in recovery_repository(session.store):
        if not stored.value.account.startswith(COUNCIL_TAX.prefix):
            continue
        if any(item.event.stage in ("summons", "hearing_moved") and item.event.until == hearing
               for item in stored.value.history):
            account = accounts.find_one("reference", stored.value.account)
            if account is None:
                raise SummonsError(f"recovery file of {stored.value.account}: the account is not in the store")
            yield stored, position(account.value, stored.value)


def _issued_for(session: Session, court: str, hearing: dt.date, officer: str) -> SummonsBatch:
    try:
        return batch_for_hearing([p for _, p in _summonsed(session, hearing)], hearing, court, officer, rules())
    except ValueError as error:
        raise SummonsError(str(error)) from None


def _unchanged(session: Session, stored: Stored[BatchRecord]) -> None:
    """Refuse to act on a batch that no longer lists every summons issued for its hearing."""
    batch = stored.value.batch
    issued = {(e.account, e.year) for e in _issued_for(session, batch.court, batch.hearing, "check").entries}
    missing = sorted(issued - {(e.account, e.year) for e in batch.entries})
    if missing:
        names = ", ".join(f"{account} {year}" for account, year in missing)
        raise SummonsError(f"summonses issued for {batch.hearing.isoformat()} after the batch was recorded: {names}; "
                           "withdraw the batch and record it again")


def record_batch(session: Session, court: str, hearing: dt.date, officer: str) -> Stored[BatchRecord]:
    """Record the batch of summonses issued for ``court``'s hearing on ``hearing``."""
    court = _court(court)
    if not officer.strip():
        raise SummonsError("officer: name the officer who authorised the complaints")
    with session.store.change(f"summons batch for {court} hearing {hearing.isoformat()}", user=session.officer):
        standing = _live_batch(session, court, hearing)
        if standing is not None:
            raise SummonsError(f"a batch for {court} at the hearing of {hearing.isoformat()} was recorded on "
                               f"{standing.value.recorded_on.isoformat()} by {standing.value.recorded_by}; "
                               "withdraw it first (`summons withdraw`)")
        batch = _issued_for(session, court, hearing, officer.strip())
        return batch_repository(session.store).add(BatchRecord(batch, session.officer, session.today))


def batches(session: Session) -> list[BatchRecord]:
    """Every batch recorded, by hearing date."""
    return sorted((s.value for s in batch_repository(session.store)),
                  key=lambda r: (r.batch.hearing, r.batch.court, r.recorded_on))


def withdraw_batch(session: Session, court: str, hearing: dt.date, reason: str) -> Stored[BatchRecord]:
    """Withdraw the batch standing for the hearing (kept, marked withdrawn), so it can be recorded again."""
    if not reason.strip():
        raise SummonsError("reason: say why the batch is withdrawn")
    with session.store.change(f"summons batch for {court} hearing {hearing.isoformat()} withdrawn: {reason.strip()}",
                              user=session.officer):
        stored = _the_batch(session, court, hearing)
        withdrawn = f"{reason.strip()} ({session.officer}, {session.today.isoformat()})"
        return batch_repository(session.store).save(stored, attrs.evolve(stored.value, withdrawn=withdrawn))


def move_batch_hearing(session: Session, court: str, old: dt.date, new: dt.date, reason: str) -> Stored[BatchRecord]:
    """Move the batch for ``old`` to ``new`` and record the move on every summonsed year.

    Refused if the new date is not after today, if a batch already stands for it, if summonses
    were issued for the old date since the batch was recorded, or if any summons would have been
    served less than the notice period before the new date.
    """
    if not reason.strip():
        raise SummonsError("reason: say why the hearing moved (recorded in the audit trail)")
    if new <= session.today:
        raise SummonsError(f"to: the new hearing {new.isoformat()} must be after today ({session.today.isoformat()})")
    repo = recovery_repository(session.store)
    with session.store.change(f"hearing of {court} moved from {old.isoformat()} to {new.isoformat()}: "
                              f"{reason.strip()}", user=session.officer):
        stored = _the_batch(session, court, old)
        if _live_batch(session, court, new) is not None:
            raise SummonsError(f"a batch already stands for {court} at the hearing of {new.isoformat()}")
        _unchanged(session, stored)
        try:
            moved, actions = move_hearing(stored.value.batch, new, session.today, rules())
        except LateService as error:
            raise SummonsError(f"hearing not moved: {error}") from None
        except ValueError as error:
            raise SummonsError(f"to: {error}") from None
        files = {s.value.account: s for s, _ in _summonsed(session, old)}
        for action in actions:
            file = files[action.account]
            files[action.account] = repo.save(file, attrs.evolve(
                file.value, history=(*file.value.history, YearEvent(action.year, event_for(action)))))
        move = HearingMove(old, new, session.today, session.officer, reason.strip())
        return batch_repository(session.store).save(
            stored, attrs.evolve(stored.value, batch=moved, moves=(*stored.value.moves, move)))


def lo_list(session: Session, court: str, hearing: dt.date) -> LiabilityOrderList:
    """The liability order list for the hearing: years still owing on the day (tax and costs)."""
    stored = _the_batch(session, court, hearing)
    _unchanged(session, stored)
    return liability_order_list(stored.value.batch, [p for _, p in _summonsed(session, hearing)], rules())


def write_lo_csv(session: Session, orders: LiabilityOrderList, path: Path) -> None:
    """The list as the court gets it: one row per order sought, with the liable names and the
    address the summons went to (the forwarding address if one is recorded, else the dwelling)."""
    rows: list[list[object]] = [["court", "hearing", "account", "year", "liable", "address", "outstanding", "of which costs"]]
    for line in orders.lines:
        account = session.records.accounts.find_one("reference", line.account)
        rows.append([orders.court, orders.hearing.isoformat(), line.account, line.year,
                     account.value.names if account else "", _address(session, account),
                     Decimal(f"{line.outstanding:.2f}"), Decimal(f"{line.costs:.2f}")])
    with open_private(path, "w", newline="", encoding="utf-8") as handle:
        write_csv(handle, rows, lineterminator="\r\n")


def _address(session: Session, account: Stored[CtaxAccount] | None) -> str:
    if account is None:
        return ""
    if account.value.correspondence is not None:
        return str(account.value.correspondence)
    prop = session.records.properties.find_one("reference", account.value.property_reference)
    return str(prop.value.address) if prop else ""


def describe(record: BatchRecord) -> str:
    """One batch in a line or two: hearing, court, count, totals, who and the costs basis."""
    batch = record.batch
    state = f"WITHDRAWN: {record.withdrawn}" if record.withdrawn else "standing"
    moved = "".join(f"; moved from {m.moved_from.isoformat()} on {m.recorded_on.isoformat()} by {m.recorded_by} "
                    f"({m.reason})" for m in record.moves)
    return (f"{batch.hearing.isoformat()} {batch.court}: {len(batch.entries)} summons(es), "
            f"{format_money(batch.total)} summonsed, {format_money(batch.total_costs)} costs; "
            f"authorised by {batch.authorising_officer}, recorded {record.recorded_on.isoformat()} by "
            f"{record.recorded_by}; {state}{moved}\n    costs basis: {batch.costs_basis}")
