"""Direct Debit with the instalment engine and the ledger: 12 instalments stay 12; unpaid collections reversed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from refdata.instalments import instalment_rules
from revcore.allocation import AllocationPolicy
from revcore.directdebit import (
    InstalmentPreference,
    MandateStatus,
    TransactionCode,
    UnpaidItem,
    annual_schedule,
    auddis_instructions,
    collection_run,
    collection_schedule,
    mark_lodged,
    match_unpaid,
    new_mandate,
    parse_bank_account,
    post_collections,
    reverse_unpaid,
)
from revcore.entries import EntryKind
from revcore.instalments import Plan, ScheduleError, revise_amount
from revcore.ledger import Ledger
from revcore.periods import FinancialYear

D = dt.date
M = Decimal
Y26, Y27 = FinancialYear(2026), FinancialYear(2027)
RULES = instalment_rules("council_tax", "england", Y26)


def twelve() -> InstalmentPreference:
    return InstalmentPreference().choose(12, D(2026, 2, 20), "officer JB", "payer's written request for 12 instalments")


def test_twelve_instalments_survive_reprofiling_and_the_next_annual_bill():
    preference = twelve()
    schedule = annual_schedule(preference, M("1834.56"), Y26, D(2026, 3, 10), RULES)
    # 1834.56 / 12 = 152.88 -> A = 153 (nearest pound); first B = 1834.56 - 11 x 153 = 151.56.
    assert schedule.plan is Plan.TWELVE and len(schedule.instalments) == 12
    assert [i.amount for i in schedule.instalments[:2]] == [M("151.56"), M("153.00")]
    assert schedule.instalments[-1].due == D(2027, 3, 1)

    # A discount in July reduces the bill to 1500.00: April to July (610.56) stand, the other
    # 889.44 is spread over the 8 remaining months: A = 111, first B = 889.44 - 7 x 111 = 112.44.
    revised = revise_amount(schedule, M("1500.00"), D(2026, 7, 10), RULES)
    assert revised.plan is Plan.TWELVE and len(revised.instalments) == 12
    assert revised.instalments[-1].due == D(2027, 3, 1)  # still to March, not January
    assert [i.amount for i in revised.instalments[4:6]] == [M("112.44"), M("111.00")]

    # Annual billing for 2027/28 reads the recorded choice: 12 again, nothing reset it.
    next_year = annual_schedule(preference, M("1900.00"), Y27, D(2027, 3, 9), instalment_rules("council_tax", "england", Y27))
    assert next_year.plan is Plan.TWELVE and len(next_year.instalments) == 12
    assert preference.instalments == 12


def test_a_late_bill_has_fewer_instalments_but_the_choice_of_12_stands():
    preference = twelve()
    # Billed 12 October 2026: November to March are the whole months left, 5 of them (a
    # 10-instalment payer would get 5 - 1 = 4).
    late = annual_schedule(preference, M("900.00"), Y26, D(2026, 10, 12), RULES)
    assert len(late.instalments) == 5
    assert len(annual_schedule(InstalmentPreference(), M("900.00"), Y26, D(2026, 10, 12), RULES).instalments) == 4
    assert preference.plan is Plan.TWELVE
    assert len(annual_schedule(preference, M("900.00"), Y27, D(2027, 3, 9), RULES).instalments) == 12


def test_collections_posted_and_an_unpaid_one_reversed_through_the_ledger():
    payer = parse_bank_account("200000", "55512345", "Ms A Payer")
    mandate = mark_lodged(auddis_instructions([new_mandate("C00012343", "C00012343", payer, D(2026, 3, 2))])[0], D(2026, 3, 3))
    ledger = Ledger("C00012343").charge(Y26, M("1834.56"), effective=D(2026, 3, 10), posted=D(2026, 3, 10), reason="annual bill")
    schedule = annual_schedule(twelve(), M("1834.56"), Y26, D(2026, 3, 10), RULES)
    collections = collection_schedule(mandate, [(i.due, i.amount) for i in schedule.instalments])
    policy = AllocationPolicy()

    ledgers = {"C00012343": ledger}
    for day in (D(2026, 4, 1), D(2026, 5, 1), D(2026, 6, 1)):
        run = collection_run(collections, {mandate.reference: mandate}, day)
        changed, collected = post_collections(run, ledgers, posted_on=day, policy=policy)
        ledgers |= changed
        mandate = collected.get(mandate.reference, mandate)
    # Paid 151.56 + 153 + 153 = 457.56; 1834.56 - 457.56 = 1377.00 owed.
    assert ledgers["C00012343"].balance == M("1377.00")
    assert [c.code for c in collections[:2]] == [TransactionCode.FIRST, TransactionCode.REGULAR]
    # Posting the same run again changes nothing.
    again, _ = post_collections(collection_run(collections, {mandate.reference: mandate}, D(2026, 6, 1)), ledgers,
                                posted_on=D(2026, 6, 2), policy=policy)
    assert again == {}

    # ARUDD: the June collection (processed Friday 29 May) came back, reason 1.
    item = UnpaidItem("C00012343", M("153.00"), D(2026, 5, 29), "1", source="arudd.xml line 13")
    matched, unmatched = match_unpaid([item], collections, {mandate.reference: mandate}, D(2026, 6, 3))
    assert unmatched == [] and matched[0].mandate.status is MandateStatus.CANCELLED
    changed, problems = reverse_unpaid(matched, ledgers, posted_on=D(2026, 6, 3))
    assert problems == []
    after = changed["C00012343"]
    assert after.last.kind is EntryKind.REVERSAL and after.last.reverses == after.entries[-2].id
    assert after.balance == M("1530.00")  # 1377.00 + 153.00 back on the account
    after.check()
    # The same report imported again reverses nothing twice.
    assert reverse_unpaid(matched, {"C00012343": after}, posted_on=D(2026, 6, 4)) == ({}, [])


def test_a_choice_of_12_where_12_is_not_available_is_refused_not_turned_into_10():
    # Wales has no 12-instalment row in the instalments table until it is verified: a payer's
    # recorded choice of 12 stops the schedule with an error an officer sees.
    wales = instalment_rules("council_tax", "wales", Y26)
    with pytest.raises(ScheduleError, match="12 instalments cannot be requested"):
        annual_schedule(twelve(), M("1834.56"), Y26, D(2026, 3, 10), wales)
