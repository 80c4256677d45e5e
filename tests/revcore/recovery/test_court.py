"""Summons batches for a hearing: officer and costs basis recorded, a hearing moved, the LO list."""

from __future__ import annotations

import attrs
import pytest

from tests.revcore.recovery.conftest import D, M, account, stages, walk
from revcore.recovery import (
    LateService,
    apply_actions,
    batch_for_hearing,
    breathing_space,
    liability_order_list,
    move_hearing,
    run_recovery,
    summons_batch,
)

HEARINGS = (D(2026, 6, 24),)


def _summonsed(rules, extra_payments=()):
    """Two accounts that reach summons on 1 June 2026 (see the walkthrough for the dates)."""
    accounts = [
        account("C00000011", payments=[(D(2026, 4, 1), "150.00"), *extra_payments]),
        account("C00000022", payments=[(D(2026, 4, 1), "150.00")]),
    ]
    accounts, _ = walk(accounts, D(2026, 4, 1), D(2026, 5, 31), rules, HEARINGS)
    plan = run_recovery(accounts, D(2026, 6, 1), rules, HEARINGS)
    return accounts, plan


def test_batch_records_officer_costs_basis_and_gives_the_liability_order_list(rules):
    accounts, plan = _summonsed(rules, extra_payments=[(D(2026, 6, 20), "1420.00")])
    batch = summons_batch(plan, "Northtown Magistrates' Court", "A. Officer (Revenues Manager)", rules)
    assert batch.hearing == D(2026, 6, 24)
    assert batch.authorising_officer == "A. Officer (Revenues Manager)"
    assert batch.costs_basis == rules.stages.costs_basis
    # Two summonses of £1,350 each with £70 costs.
    assert [(e.account, e.amount, e.costs) for e in batch.entries] == [
        ("C00000011", M("1350.00"), M("70.00")),
        ("C00000022", M("1350.00"), M("70.00")),
    ]
    assert (batch.total, batch.total_costs) == (M("2700.00"), M("140.00"))

    accounts = apply_actions(accounts, plan.actions)
    orders = liability_order_list(batch, accounts, rules)
    # C00000011 paid £1,420 (the £1,350 and the £70 costs) on 20 June, before the hearing:
    # the court shall not proceed, so it is withdrawn (reg. 34(5)).
    assert orders.withdrawn == (("C00000011", "2026/27"),)
    assert [(l.account, l.outstanding, l.costs) for l in orders.lines] == [("C00000022", M("1420.00"), M("70.00"))]
    # The run on the hearing day seeks the order only for the unpaid account.
    hearing_day = run_recovery(accounts, D(2026, 6, 24), rules, HEARINGS)
    assert [(a.account, a.stage) for a in hearing_day.actions] == [("C00000022", "liability_order")]


def test_the_batch_read_back_from_the_history_is_the_batch_of_the_run_and_follows_a_moved_hearing(rules):
    accounts, plan = _summonsed(rules)
    from_run = summons_batch(plan, "Northtown Magistrates' Court", "A. Officer", rules)
    accounts = apply_actions(accounts, plan.actions)
    from_history = batch_for_hearing(accounts, D(2026, 6, 24), "Northtown Magistrates' Court", "A. Officer", rules)
    assert from_history == from_run
    moved, actions = move_hearing(from_run, D(2026, 7, 8), D(2026, 6, 5), rules)
    accounts = apply_actions(accounts, actions)
    assert batch_for_hearing(accounts, D(2026, 7, 8), "Northtown Magistrates' Court", "A. Officer", rules) == moved
    with pytest.raises(ValueError, match="no summons was issued for the hearing of 2026-06-24"):
        batch_for_hearing(accounts, D(2026, 6, 24), "Northtown Magistrates' Court", "A. Officer", rules)


def test_batch_needs_an_authorising_officer(rules):
    _, plan = _summonsed(rules)
    with pytest.raises(ValueError, match="officer who authorised"):
        summons_batch(plan, "Northtown Magistrates' Court", " ", rules)


def test_hearing_moved_later_moves_the_liability_order_and_too_early_is_refused(rules):
    accounts, plan = _summonsed(rules)
    batch = summons_batch(plan, "Northtown Magistrates' Court", "A. Officer", rules)
    accounts = apply_actions(accounts, plan.actions)
    # Served Wed 3 June: 16 June is only 13 days later.
    with pytest.raises(LateService, match="less than 14 days after service of: C00000011 2026/27"):
        move_hearing(batch, D(2026, 6, 16), D(2026, 6, 5), rules)
    # The court moves the hearing to 8 July.
    moved, actions = move_hearing(batch, D(2026, 7, 8), D(2026, 6, 5), rules)
    assert moved.hearing == D(2026, 7, 8) and len(actions) == 2
    accounts = apply_actions(accounts, actions)
    _, log = walk(accounts, D(2026, 6, 2), D(2026, 7, 8), rules, HEARINGS)
    # Nothing on the old date (24 June); the orders are sought on the new one.
    assert stages(log) == [(D(2026, 7, 8), "liability_order")] * 2


def test_a_hearing_that_falls_in_a_breathing_space_is_adjourned_and_relisted(rules):
    accounts, plan = _summonsed(rules)
    batch = summons_batch(plan, "Northtown Magistrates' Court", "A. Officer", rules)
    accounts = apply_actions(accounts, plan.actions)
    # C00000022 enters a Breathing Space on 15 June, over the 24 June hearing (to 13 August).
    held = attrs.evolve(accounts[1], holds=(breathing_space(D(2026, 6, 15), rules),))
    accounts = [accounts[0], held]
    orders = liability_order_list(batch, accounts, rules)
    assert [l.account for l in orders.lines] == ["C00000011"] and orders.adjourned == (("C00000022", "2026/27"),)
    accounts, log = walk(accounts, D(2026, 6, 2), D(2026, 8, 31), rules, HEARINGS)
    # The order for the held account is not sought when the hold ends (14 August): an officer is
    # asked to move the hearing instead.
    assert [(a.account, a.day, a.stage) for a in log] == [
        ("C00000011", D(2026, 6, 24), "liability_order"),
        ("C00000011", D(2026, 7, 8), "enforcement_agent"),
        ("C00000022", D(2026, 8, 14), "relist_hearing"),
    ]
    moved, actions = move_hearing(
        attrs.evolve(batch, entries=batch.entries[1:]), D(2026, 9, 9), D(2026, 8, 17), rules
    )
    _, log = walk(apply_actions(accounts, actions), D(2026, 8, 17), D(2026, 9, 9), rules, HEARINGS)
    assert [(a.account, a.day, a.stage) for a in log] == [("C00000022", D(2026, 9, 9), "liability_order")]
