"""Ending one kind of award leaves the others: EndAwards on a liability's reductions."""

import datetime as dt
from decimal import Decimal

import pytest

from revcore.ctax import CtaxError, Liability, Reduction, ReductionKind
from revcore.ctax import EndAwards

CTR, DISCRETIONARY = ReductionKind.COUNCIL_TAX_REDUCTION, ReductionKind.DISCRETIONARY


def liability(*reductions):
    return Liability("C00000019", "P0000001", ("C00000019-1",), dt.date(2020, 4, 1), reductions=reductions)


def end_ctr(day):
    return EndAwards("reductions", "council tax reduction", day, lambda r: r.kind is CTR)


def test_ending_ctr_ends_the_award_in_force_drops_a_later_one_and_keeps_a_discretionary_reduction():
    in_force = Reduction(CTR, dt.date(2026, 4, 1), None, percent=Decimal("100"))
    later = Reduction(CTR, dt.date(2027, 2, 1), None, percent=Decimal("50"))
    hardship = Reduction(DISCRETIONARY, dt.date(2026, 4, 1), None, annual_amount=Decimal("150.00"))

    ended, _ = end_ctr(dt.date(2027, 1, 1)).apply(liability(in_force, later, hardship), prop=None)

    # none from 1 January: the award in force ends on 31 December, the February award never starts
    assert ended.reductions == (Reduction(CTR, dt.date(2026, 4, 1), dt.date(2026, 12, 31), percent=Decimal("100")),
                                hardship)


def test_nothing_to_end_is_refused():
    hardship = Reduction(DISCRETIONARY, dt.date(2026, 4, 1), None, annual_amount=Decimal("150.00"))
    with pytest.raises(CtaxError, match="no council tax reduction on C00000019 runs on 2027-01-01 or later"):
        end_ctr(dt.date(2027, 1, 1)).apply(liability(hardship), prop=None)
