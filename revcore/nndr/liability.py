"""Rates liability periods: who is liable for a hereditament, from when to when, occupied or
as the owner of it empty, with the reliefs and certificates that decide the charge."""

from __future__ import annotations

import datetime as dt
from typing import Sequence

import attrs

from revcore.nndr.errors import RatesError, check_date, check_end, check_optional_date
from revcore.nndr.reliefs import EmptyExclusion, PartOccupation, Relief, ReliefKind
from revcore.nndr.rules import RatesRules
from revcore.periods import ONE_DAY, DateRange
from revcore.validation import no_text_for_tuples

__all__ = ["RatesLiability", "empty_since"]


@attrs.frozen(field_transformer=no_text_for_tuples)
class RatesLiability:
    """One ratepayer's liability for one hereditament (``end`` inclusive, ``None`` while it lasts).

    ``occupied``: the ratepayer occupies it (s.43); otherwise the ratepayer is the owner of the
    whole of it unoccupied (s.45). For an unoccupied liability ``empty_since`` is the first day
    it was empty (the free period attaches to the property, so a change of owner does not
    restart it; a short reoccupation under reg 5 does not either: record the earlier day),
    default ``start``; ``empty_exclusions`` are the owner's circumstances that exclude empty rate.
    Reliefs and certificates must start inside the liability; one running past its end is cut.
    """

    reference: str
    hereditament_reference: str
    ratepayer: str
    start: dt.date = attrs.field(validator=check_date)
    end: dt.date | None = attrs.field(default=None, validator=check_end)
    occupied: bool = True
    reliefs: tuple[Relief, ...] = attrs.field(default=(), converter=tuple[Relief, ...])
    part_occupations: tuple[PartOccupation, ...] = attrs.field(default=(), converter=tuple[PartOccupation, ...])
    empty_since: dt.date | None = attrs.field(default=None, validator=check_optional_date)
    empty_exclusions: tuple[EmptyExclusion, ...] = attrs.field(default=(), converter=tuple[EmptyExclusion, ...])

    def __attrs_post_init__(self) -> None:
        where = f"liability {self.reference}"
        if not self.ratepayer.strip():
            raise RatesError(f"{where}: no ratepayer named")
        if self.occupied:
            if self.empty_since is not None or self.empty_exclusions:
                raise RatesError(f"{where}: empty_since and empty exclusions are for unoccupied liabilities")
        else:
            if self.part_occupations:
                raise RatesError(f"{where}: a s.44A certificate needs an occupier; this liability is unoccupied")
            mandatory = [r.label for r in self.reliefs if r.kind.from_data]
            if mandatory:
                raise RatesError(f"{where}: {mandatory[0]} is for occupied hereditaments only")
            if self.empty_since is not None and self.empty_since > self.start:
                raise RatesError(f"{where}: empty since {self.empty_since.isoformat()}, after the liability starts")
        facts: tuple[Relief | PartOccupation, ...] = (*self.reliefs, *self.part_occupations)
        for fact in facts:
            if not (self.start <= fact.start and (self.end is None or fact.start <= self.end)):
                raise RatesError(
                    f"{where}: {fact.label} from {fact.start.isoformat()} is outside the liability"
                    f" ({self.start.isoformat()} to {self.end.isoformat() if self.end else 'open'})"
                )
        for kind in ReliefKind:
            _no_overlap(where, [r for r in self.reliefs if r.kind is kind], kind.label)
        _no_overlap(where, self.part_occupations, "s.44A certificates")

    @property
    def since(self) -> dt.date:
        """The first day of the empty spell (unoccupied liabilities)."""
        return self.empty_since or self.start

    def period(self, until: dt.date | None = None) -> DateRange:
        """The liability as a :class:`DateRange`; an open end needs ``until``."""
        end = self.end if self.end is not None else until
        if end is None:
            raise RatesError(f"liability {self.reference} has no end: say up to which day to charge")
        return DateRange(self.start, end)


def _no_overlap(where: str, facts: Sequence[Relief | PartOccupation], what: str) -> None:
    ordered = sorted(facts, key=lambda fact: fact.start)
    for earlier, later in zip(ordered, ordered[1:]):
        if earlier.end is None or later.start <= earlier.end:
            raise RatesError(f"{where}: {what} overlap ({earlier.start.isoformat()} and {later.start.isoformat()})")


def empty_since(previous: dt.date, occupied_from: dt.date, occupied_to: dt.date, rules: RatesRules) -> dt.date:
    """When the empty spell that follows an occupation from ``occupied_from`` to ``occupied_to``
    (inclusive) counts from, for :attr:`RatesLiability.empty_since`: the day after the occupation
    if it lasted more than the reg 5 weeks in force when it began, else ``previous``, the day the
    spell before it began (SI 2008/386 reg 5: no new free period after a short occupation).
    """
    if occupied_to < occupied_from or previous > occupied_from:
        raise RatesError(f"occupation {occupied_from.isoformat()} to {occupied_to.isoformat()} does not follow"
                         f" an empty spell from {previous.isoformat()}")
    weeks = rules.empty.at(occupied_from).reoccupation_weeks
    if (occupied_to - occupied_from).days + 1 > weeks * 7:
        return occupied_to + ONE_DAY
    return previous
