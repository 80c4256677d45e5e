"""Direct Debit: bank details, mandates, collections on banking days, advance notice, ADDACS, ARUDD."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from revcore.calendar import is_working_day, working_days_between
from revcore.directdebit import (
    AddacsAdvice,
    AuddisCode,
    DirectDebitError,
    InstalmentPreference,
    MandateStatus,
    TransactionCode,
    UnpaidItem,
    advance_notices,
    apply_addacs,
    auddis_instructions,
    bacs_processing_date,
    cancel_mandate,
    check_bacs_reference,
    collection_run,
    collection_schedule,
    earliest_collection_date,
    latest_notice_date,
    mark_lodged,
    match_unpaid,
    new_mandate,
    parse_bank_account,
    represent,
)

D = dt.date
M = Decimal


def active_mandate(reference="C00012343", collected=False):
    payer = parse_bank_account("20-00-00", "5551 2345", "Ms A Payer")
    mandate = new_mandate(reference, reference, payer, D(2026, 3, 2))
    [instruction] = auddis_instructions([mandate])
    mandate = mark_lodged(instruction, D(2026, 3, 3))
    return mandate if not collected else mandate.moved(D(2026, 4, 1), mandate.status, "collected", collected=True)


# --- bank details and references -------------------------------------------------------------


def test_bank_details_are_six_and_eight_digits():
    account = parse_bank_account("20-00-00", "5551 2345", "Ms A Payer")
    assert (account.sort_code, account.account_number) == ("200000", "55512345")
    with pytest.raises(DirectDebitError, match="sort code '20000': expected 6 digits"):
        parse_bank_account("20-00-0", "55512345", "Ms A Payer")
    with pytest.raises(DirectDebitError, match="account number '5551234': expected 8 digits"):
        parse_bank_account("200000", "5551234", "Ms A Payer")
    with pytest.raises(DirectDebitError, match="account number '5551234X'"):
        parse_bank_account("200000", "5551234X", "Ms A Payer")


def test_modulus_check_hook_is_applied_when_given():
    # A stand-in for a licensed Vocalink modulus checker: refuses one account.
    refuse = lambda sort_code, account: "fails modulus check" if account == "12345678" else None  # noqa: E731
    assert parse_bank_account("200000", "55512345", "A", refuse).account_number == "55512345"
    with pytest.raises(DirectDebitError, match="sort code 200000 account 12345678: fails modulus check"):
        parse_bank_account("200000", "12345678", "A", refuse)


@pytest.mark.parametrize(
    ("reference", "problem"),
    [("C0001", "6 to 18"), ("DDIC123456", "DDIC"), ("AAAAAAAA", "one repeated"), ("C000123_43", "not allowed")],
)
def test_bacs_reference_rules(reference, problem):
    assert check_bacs_reference("C00012343") == "C00012343"
    with pytest.raises(DirectDebitError, match=problem):
        check_bacs_reference(reference)


# --- the 10 or 12 instalment choice ----------------------------------------------------------


def test_instalment_preference_is_a_recorded_choice_with_history():
    preference = InstalmentPreference()
    assert preference.instalments == 10
    preference = preference.choose(12, D(2026, 4, 2), "officer JB", "payer asked by phone for 12 instalments")
    assert preference.instalments == 12
    assert preference.explain() == [
        "12 monthly instalments from 2026-04-02: payer asked by phone for 12 instalments (recorded by officer JB)"
    ]
    with pytest.raises(DirectDebitError, match="who made it and why"):
        preference.choose(10, D(2026, 5, 1), "", "")
    with pytest.raises(DirectDebitError, match="choose 10"):
        preference.choose(11, D(2026, 5, 1), "officer JB", "asked")
    with pytest.raises(DirectDebitError, match="earlier than the last one"):
        preference.choose(10, D(2026, 4, 1), "officer JB", "backdated")


# --- collections on banking days ---------------------------------------------------------------


def test_collections_fall_on_banking_days_with_first_and_regular_codes():
    mandate = active_mandate()
    instalments = [(D(2026, 11, 1), M("183.56")), (D(2026, 12, 25), M("183.00")), (D(2027, 1, 25), M("183.00"))]
    collections = collection_schedule(mandate, instalments)
    # 1 Nov 2026 is a Sunday -> Monday 2 Nov; 25 Dec is Christmas, 26-27 the weekend, Monday 28
    # the Boxing Day substitute -> Tuesday 29 Dec; 25 Jan 2027 is a Monday.
    assert [(c.collection_date, c.code) for c in collections] == [
        (D(2026, 11, 2), TransactionCode.FIRST),
        (D(2026, 12, 29), TransactionCode.REGULAR),
        (D(2027, 1, 25), TransactionCode.REGULAR),
    ]
    later = collection_schedule(active_mandate(collected=True), instalments, final=True)
    assert [c.code for c in later] == [TransactionCode.REGULAR, TransactionCode.REGULAR, TransactionCode.FINAL]


def test_zero_instalments_after_a_reprofile_are_not_collected():
    collections = collection_schedule(active_mandate(), [(D(2026, 5, 1), M("100.00")), (D(2026, 6, 1), M("0.00"))])
    assert [c.due_date for c in collections] == [D(2026, 5, 1)]


def test_processing_date_is_the_banking_day_before_the_collection():
    # Collection Tuesday 7 April 2026: Monday 6 is Easter Monday, Friday 3 Good Friday -> Thursday 2 April.
    assert bacs_processing_date(D(2026, 4, 7)) == D(2026, 4, 2)
    assert bacs_processing_date(D(2026, 6, 10)) == D(2026, 6, 9)


# --- advance notice ----------------------------------------------------------------------------


def test_advance_notice_counts_ten_working_days_around_easter():
    # Collection Wednesday 15 April 2026. Counting back ten working days: 14, 13, 10, 9, 8, 7 April
    # (6th Easter Monday and 3rd Good Friday skipped), 2, 1 April, 31, 30 March -> send by 30 March.
    # Without the two bank holidays it would have been 1 April.
    assert latest_notice_date(D(2026, 4, 15)) == D(2026, 3, 30)
    assert working_days_between(D(2026, 3, 30), D(2026, 4, 15)) == 10


def test_advance_notice_around_christmas_and_new_year():
    # Collection Friday 8 January 2027: 7, 6, 5, 4 Jan, (1 Jan holiday), 31, 30, 29 Dec,
    # (28 Dec Boxing Day substitute, 25 Dec Christmas), 24, 23, 22 Dec -> send by 22 December 2026.
    assert latest_notice_date(D(2027, 1, 8)) == D(2026, 12, 22)
    # A notice sent on Christmas Eve allows a first collection on 12 January 2027 at the earliest.
    assert earliest_collection_date(D(2026, 12, 24)) == D(2027, 1, 12)


@given(st.dates(min_value=D(2025, 1, 1), max_value=D(2029, 12, 31)))
def test_notice_and_earliest_collection_agree(sent):
    first = earliest_collection_date(sent)
    assert is_working_day(first) and working_days_between(sent, first) == 10
    # Going back from that collection lands on the day sent, or the working day before it.
    latest = latest_notice_date(first)
    assert latest <= sent and working_days_between(latest, sent) == 0


def test_notice_for_first_collection_and_for_changes_only():
    mandate = active_mandate()
    dates = [D(2026, 5, 1), D(2026, 6, 1), D(2026, 7, 1)]
    first = collection_schedule(mandate, [(d, M("100.00")) for d in dates])
    [notice] = advance_notices([], first)
    # First collection Friday 1 May 2026; ten working days back (4 May is after): 30, 29, 28, 27,
    # 24, 23, 22, 21, 20, 17 April -> 17 April.
    assert (notice.reason, notice.send_by, len(notice.collections)) == ("first collection", D(2026, 4, 17), 3)
    assert advance_notices(first, first) == []

    changed = collection_schedule(mandate, [(dates[0], M("100.00")), (dates[1], M("90.00")), (dates[2], M("90.00"))])
    [notice] = advance_notices(first, changed)
    # The June collection changes amount: notice ten working days before Monday 1 June 2026
    # (25 May is the spring bank holiday) -> 15 May 2026, restating June and July.
    assert (notice.reason, notice.send_by) == ("change of amount", D(2026, 5, 15))
    assert [c.due_date for c in notice.collections] == dates[1:]

    moved = collection_schedule(mandate, [(dates[0], M("100.00")), (D(2026, 6, 15), M("100.00")), (D(2026, 7, 15), M("100.00"))])
    [notice] = advance_notices(first, moved)
    assert notice.reason == "change of date"


# --- mandates and AUDDIS ---------------------------------------------------------------------


def test_mandate_lifecycle_and_auddis_instructions():
    payer = parse_bank_account("200000", "55512345", "Ms A Payer")
    mandate = new_mandate("C00012343", "C00012343", payer, D(2026, 3, 2))
    [instruction] = auddis_instructions([mandate])
    assert instruction.code is AuddisCode.NEW
    mandate = mark_lodged(instruction, D(2026, 3, 3))
    assert mandate.status is MandateStatus.ACTIVE and auddis_instructions([mandate]) == []

    cancelling = cancel_mandate(mandate, D(2026, 9, 1), "moved out of the district")
    [instruction] = auddis_instructions([cancelling])
    assert instruction.code is AuddisCode.CANCEL
    cancelled = mark_lodged(instruction, D(2026, 9, 2))
    assert cancelled.status is MandateStatus.CANCELLED
    assert [e.reason for e in cancelled.history] == [
        "instruction received from payer",
        "instruction lodged with AUDDIS (0N)",
        "moved out of the district",
        "cancellation lodged with AUDDIS (0C)",
    ]
    # A mandate cancelled before its 0N went needs no 0C.
    assert cancel_mandate(new_mandate("C00012351", "C00012351", payer, D(2026, 3, 2)), D(2026, 3, 2), "error").status is MandateStatus.CANCELLED


def test_mandate_needs_a_valid_account_reference():
    payer = parse_bank_account("200000", "55512345", "Ms A Payer")
    with pytest.raises(DirectDebitError, match="check digit"):
        new_mandate("C00012344", "C00012344", payer, D(2026, 3, 2))


# --- ADDACS ----------------------------------------------------------------------------------


def test_addacs_cancellation_by_payer_stops_collection_without_a_0c():
    mandate = active_mandate()
    outcome = apply_addacs(mandate, AddacsAdvice("C00012343", "1", D(2026, 6, 10), source="addacs.xml line 5"))
    assert outcome.mandate.status is MandateStatus.CANCELLED
    assert outcome.task == "agree another way to pay with the payer"
    assert auddis_instructions([outcome.mandate]) == []  # the bank already knows
    collections = collection_schedule(mandate, [(D(2026, 7, 1), M("100.00"))])
    run = collection_run(collections, {"C00012343": outcome.mandate}, D(2026, 7, 1))
    assert run.items == () and run.held[0][1] == "mandate C00012343 is cancelled"


def test_addacs_transfer_with_new_details_relodges_and_branch_transfer_keeps_collecting():
    mandate = active_mandate(collected=True)
    moved = apply_addacs(mandate, AddacsAdvice("C00012343", "3", D(2026, 6, 10), "309999", "87654321"))
    assert moved.mandate.status is MandateStatus.NEW
    assert (moved.mandate.payer.sort_code, moved.mandate.payer.account_number) == ("309999", "87654321")
    assert [i.code for i in auddis_instructions([moved.mandate])] == [AuddisCode.NEW]
    assert moved.mandate.collected is False  # the next collection on the new account is a first (01)

    branch = apply_addacs(mandate, AddacsAdvice("C00012343", "C", D(2026, 6, 10), "200001", None))
    assert branch.mandate.status is MandateStatus.ACTIVE and branch.mandate.payer.sort_code == "200001"
    assert branch.mandate.payer.account_number == "55512345" and branch.task is None

    disputed = apply_addacs(mandate, AddacsAdvice("C00012343", "D", D(2026, 6, 10)))
    assert disputed.mandate.status is MandateStatus.SUSPENDED
    reinstated = apply_addacs(disputed.mandate, AddacsAdvice("C00012343", "R", D(2026, 6, 20)))
    assert reinstated.mandate.status is MandateStatus.ACTIVE


def test_addacs_unknown_reason_code_refused():
    with pytest.raises(DirectDebitError, match="ADDACS reason code 'Z'"):
        AddacsAdvice("C00012343", "Z", D(2026, 6, 10))


# --- ARUDD -----------------------------------------------------------------------------------


def test_arudd_matches_the_unpaid_collection_and_cancels_the_mandate():
    mandate = active_mandate()
    collections = collection_schedule(mandate, [(D(2026, 5, 1), M("100.00")), (D(2026, 6, 1), M("100.00"))])
    # The June collection (Monday 1 June) was processed on Friday 29 May; the bank returns it:
    # instruction cancelled (code 1).
    item = UnpaidItem("C00012343", M("100.00"), D(2026, 5, 29), "1", "INSTRUCTION CANCELLED")
    stray = UnpaidItem("C00012343", M("55.00"), D(2026, 5, 29), "0")
    matched, unmatched = match_unpaid([item, stray], collections, {"C00012343": mandate}, D(2026, 6, 3))
    [unpaid] = matched
    assert unpaid.collection == collections[1]
    assert unpaid.mandate.status is MandateStatus.CANCELLED
    assert unpaid.reason == "ARUDD 1: instruction cancelled"
    assert unmatched == [(stray, "no collection of 55.00 under C00012343 processed 2026-05-29")]


def test_arudd_refer_to_payer_keeps_the_mandate_for_representation():
    mandate = active_mandate()
    collections = collection_schedule(mandate, [(D(2026, 6, 1), M("100.00"))])
    matched, _ = match_unpaid([UnpaidItem("C00012343", M("100.00"), D(2026, 5, 29), "0")], collections, {"C00012343": mandate}, D(2026, 6, 3))
    assert matched[0].mandate.status is MandateStatus.ACTIVE
    assert "re-present (code 18)" in matched[0].task


def test_refer_to_payer_may_be_represented_within_a_month():
    mandate = active_mandate(collected=True)
    collections = collection_schedule(mandate, [(D(2026, 6, 1), M("100.00"))])
    [unpaid], _ = match_unpaid([UnpaidItem("C00012343", M("100.00"), D(2026, 5, 29), "0")], collections, {"C00012343": mandate}, D(2026, 6, 3))
    # Originally processed 29 May: a re-presentation may be processed up to 29 June.
    again = represent(unpaid, D(2026, 6, 15))
    assert (again.code, again.collection_date, again.amount) == (TransactionCode.REPRESENTED, D(2026, 6, 15), M("100.00"))
    assert again.key == "dd:C00012343:2026-06-01:represented" != collections[0].key
    # Collected Tuesday 30 June -> processed Monday 29 June: the last day allowed.
    assert represent(unpaid, D(2026, 6, 30)).collection_date == D(2026, 6, 30)
    with pytest.raises(DirectDebitError, match="more than one month after 2026-05-29"):
        represent(unpaid, D(2026, 7, 1))
    [cancelled], _ = match_unpaid([UnpaidItem("C00012343", M("100.00"), D(2026, 5, 29), "1")], collections, {"C00012343": mandate}, D(2026, 6, 3))
    with pytest.raises(DirectDebitError, match="only an item returned 'refer to payer'"):
        represent(cancelled, D(2026, 6, 15))
