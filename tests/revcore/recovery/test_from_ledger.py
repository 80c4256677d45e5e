"""The recovery position built from a real ledger and instalment schedule."""

from __future__ import annotations

from refdata.instalments import instalment_rules
from revcore.allocation import AllocationPolicy
from revcore.instalments import build_schedule
from revcore.ledger import Ledger
from revcore.recovery import StageEvent, run_recovery
from revcore.recovery.from_ledger import position_from_ledger

from tests.revcore.recovery.conftest import D, M, YEAR


def _ledger_and_schedule():
    # £1,500 billed on 10 March 2026 for 2026/27: 10 instalments of £150 from 1 April.
    schedule = build_schedule(M("1500.00"), YEAR, D(2026, 3, 10), instalment_rules("council_tax", "england", YEAR))
    ledger = Ledger("C00012343").charge(YEAR, M("1500.00"), effective=D(2026, 3, 10), posted=D(2026, 3, 10),
                                        reason="annual bill")
    policy = AllocationPolicy()
    ledger = ledger.pay(M("150.00"), effective=D(2026, 4, 1), posted=D(2026, 4, 1), reason="DD", policy=policy)
    ledger = ledger.pay(M("150.00"), effective=D(2026, 5, 1), posted=D(2026, 5, 1), reason="DD", policy=policy)
    return schedule, ledger


def test_payments_and_a_returned_direct_debit_come_from_the_ledger(rules):
    schedule, ledger = _ledger_and_schedule()
    assert [i.amount for i in schedule.instalments] == [M("150.00")] * 10
    # May's direct debit is returned unpaid on 6 May.
    ledger = ledger.reverse(ledger.last.id, effective=D(2026, 5, 6), posted=D(2026, 5, 6), reason="DD returned")
    position = position_from_ledger(ledger, {YEAR: schedule})
    (year,) = position.years
    # Paid by 11 May: £150 + £150 - £150 returned = £150; May's £150 is in arrears.
    assert year.paid_by(D(2026, 5, 11)) == M("150.00")
    assert year.arrears(D(2026, 5, 11)) == M("150.00")
    plan = run_recovery([position], D(2026, 5, 11), rules)
    assert [(a.stage, a.amount) for a in plan.actions] == [("reminder", M("150.00"))]


def test_costs_come_from_the_ledger_not_twice_from_the_history(rules):
    schedule, ledger = _ledger_and_schedule()
    ledger = ledger.add_costs(YEAR, M("70.00"), effective=D(2026, 6, 1), posted=D(2026, 6, 1),
                              reason="summons costs", source="C00012343/2026/27/summons_costs/1")
    stored = {YEAR: (StageEvent("summons", D(2026, 6, 1), "C00012343/2026/27/summons/1", M("1200.00"), D(2026, 6, 24)),
                     StageEvent("costs", D(2026, 6, 1), "C00012343/2026/27/summons_costs/1", M("70.00")))}
    (year,) = position_from_ledger(ledger, {YEAR: schedule}, history=stored).years
    assert year.costs == M("70.00")
    # £1,500 + £70 costs - £300 paid.
    assert year.balance(D(2026, 6, 1)) == M("1270.00")
    assert [e.stage for e in year.history] == ["summons", "costs"]


def test_costs_recorded_only_in_the_history_still_count(rules):
    # The application's run records summons costs in the recovery history, not on the ledger:
    # they count once, so a summonsed year owes £1,500 + £70 - £300 paid = £1,270.
    schedule, ledger = _ledger_and_schedule()
    stored = {YEAR: (StageEvent("summons", D(2026, 6, 1), "C00012343/2026/27/summons/1", M("1200.00"), D(2026, 6, 24)),
                     StageEvent("costs", D(2026, 6, 1), "C00012343/2026/27/summons_costs/1", M("70.00")))}
    (year,) = position_from_ledger(ledger, {YEAR: schedule}, history=stored).years
    assert year.costs == M("70.00")
    assert year.balance(D(2026, 6, 1)) == M("1270.00")
