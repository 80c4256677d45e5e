"""Account ledgers: immutable entries, allocation, reversals, invariants and balance assertions."""

import datetime as dt
import json
from decimal import Decimal

import cattrs
import pytest
from hypothesis import given, settings, strategies as st

from refdata.instalments import instalment_rules
from refdata.ledger import ledger_settings
from revcore.allocation import AllocationPolicy, CostsOrder, Direction, allocate_payment
from revcore.approvals import AuthorisationLimits, decide, request_refund, request_write_off
from revcore.arrears import arrears
from revcore.entries import Category, Entry, EntryError, EntryKind, Posting
from revcore.instalments import build_schedule, revise_amount
from revcore.ledger import BalanceAssertion, Ledger, LedgerError, transfer_credit
from revcore.periods import FinancialYear

D = dt.date
M = Decimal
Y25, Y26 = FinancialYear(2025), FinancialYear(2026)
COSTS_FIRST = AllocationPolicy(CostsOrder.FIRST)
LIMITS = AuthorisationLimits(refund_above=M("250.00"), write_off_above=M("100.00"))
ACCOUNT = "C00012343"

# As the store converts documents (revtui/store/convert.py): Decimal as text, dates as ISO strings.
STORE = cattrs.Converter(forbid_extra_keys=True)
STORE.register_unstructure_hook(Decimal, str)
STORE.register_structure_hook(Decimal, lambda value, _: Decimal(value))
STORE.register_unstructure_hook(dt.date, dt.date.isoformat)
STORE.register_structure_hook(dt.date, lambda value, _: dt.date.fromisoformat(value))


def with_arrears() -> Ledger:
    """2025/26: £1,200 unpaid with £80 summons costs; 2026/27: £1,834.56 billed."""
    ledger = Ledger(ACCOUNT)
    ledger = ledger.charge(Y25, M("1200.00"), effective=D(2025, 3, 10), posted=D(2025, 3, 10), reason="annual bill")
    ledger = ledger.add_costs(Y25, M("80.00"), effective=D(2026, 2, 1), posted=D(2026, 2, 1), reason="summons")
    return ledger.charge(Y26, M("1834.56"), effective=D(2026, 3, 10), posted=D(2026, 3, 10), reason="annual bill")


def pay(ledger, amount, policy=COSTS_FIRST, direction=None, source="", on=D(2026, 4, 2)):
    return ledger.pay(M(amount), effective=on, posted=on, reason="payment", policy=policy, direction=direction,
                      source=source)


def test_a_payment_goes_to_costs_then_the_oldest_year_and_says_why():
    # £500 with costs first: 2025/26 costs £80, then 2025/26 charge 500 - 80 = £420; 2026/27 untouched.
    ledger = pay(with_arrears(), "500.00")
    entry = ledger.last
    assert [(p.year, p.category, p.amount) for p in entry.postings] == [
        (Y25, Category.COSTS, M("-80.00")), (Y25, Category.CHARGE, M("-420.00"))]
    assert all("oldest year first, costs before charges" in p.rule for p in entry.postings)
    assert ledger.balance_of(Y25) == M("780.00")  # 1200 + 80 - 500
    assert ledger.balance == M("2614.56")  # 1280 + 1834.56 - 500


def test_costs_last_and_costs_with_their_year():
    ledger = with_arrears()
    # Costs last: £1,300 clears 2025/26 charge (1200), then 2026/27 charge (100); costs wait.
    last = pay(ledger, "1300.00", AllocationPolicy(CostsOrder.LAST)).last
    assert [(p.year, p.category, p.amount) for p in last.postings] == [
        (Y25, Category.CHARGE, M("-1200.00")), (Y26, Category.CHARGE, M("-100.00"))]
    # With the year: 2025/26 costs (80), 2025/26 charge (1200), then 2026/27 (1300 - 1280 = 20).
    with_year = pay(ledger, "1300.00", AllocationPolicy(CostsOrder.WITH_YEAR)).last
    assert [(p.year, p.category, p.amount) for p in with_year.postings] == [
        (Y25, Category.COSTS, M("-80.00")), (Y25, Category.CHARGE, M("-1200.00")), (Y26, Category.CHARGE, M("-20.00"))]


def test_a_payers_instruction_is_honoured_and_any_excess_stays_on_that_year():
    # The payer says "this is for this year's bill": all £2,000 goes to 2026/27, although 2025/26 is older;
    # 2000 - 1834.56 = £165.44 more than the year owes stays a credit on 2026/27.
    ledger = pay(with_arrears(), "2000.00", direction=Direction(Y26, note="for this year's bill"))
    entry = ledger.last
    assert [(p.year, p.amount) for p in entry.postings] == [(Y26, M("-1834.56")), (Y26, M("-165.44"))]
    assert "payer's instruction: 2026/27 (for this year's bill)" in entry.postings[0].rule
    assert ledger.balance_of(Y25) == M("1280.00") and ledger.balance_of(Y26) == M("-165.44")


def test_an_overpayment_is_held_as_a_credit_on_the_payments_year():
    ledger = Ledger(ACCOUNT).charge(Y26, M("100.00"), effective=D(2026, 3, 10), posted=D(2026, 3, 10), reason="bill")
    ledger = pay(ledger, "150.00")
    assert [p.amount for p in ledger.last.postings] == [M("-100.00"), M("-50.00")]
    assert "held as a credit on 2026/27" in ledger.last.postings[1].rule
    assert ledger.balance == M("-50.00")


def test_reversal_of_a_payment_undoes_its_allocation_exactly():
    ledger = pay(with_arrears(), "500.00", source="cash-2026-04-02:1")
    before = with_arrears().balances()
    reversed_ = ledger.reverse(ledger.last.id, effective=D(2026, 4, 9), posted=D(2026, 4, 9), reason="cheque returned")
    assert reversed_.balances() == {bucket: amount for bucket, amount in before.items()}
    assert reversed_.last.kind is EntryKind.REVERSAL and reversed_.last.reverses == ledger.last.id
    assert reversed_.is_reversed(ledger.last.id)
    with pytest.raises(LedgerError, match="has already been reversed"):
        reversed_.reverse(ledger.last.id, effective=D(2026, 4, 9), posted=D(2026, 4, 9), reason="again")
    with pytest.raises(LedgerError, match="is itself a reversal"):
        reversed_.reverse(reversed_.last.id, effective=D(2026, 4, 9), posted=D(2026, 4, 9), reason="undo")


def test_bills_are_never_rewritten_only_adjusted():
    ledger = with_arrears()
    adjusted = ledger.adjust(Y26, M("-458.64"), effective=D(2026, 4, 1), posted=D(2027, 1, 15),
                             reason="single person discount from 1 April")
    assert adjusted.entries[:3] == ledger.entries  # the bill entries are the same objects, unchanged
    assert adjusted.balance_of(Y26) == M("1375.92")  # 1834.56 - 458.64


def test_the_same_payment_line_is_never_posted_twice():
    ledger = pay(with_arrears(), "10.00", source="bankfile-0412.csv:17")
    assert ledger.has_source("bankfile-0412.csv:17")
    assert ledger.entry_for_source("bankfile-0412.csv:17") is ledger.last
    assert ledger.entry_for_source("bankfile-0412.csv:18") is None
    with pytest.raises(LedgerError, match="source 'bankfile-0412.csv:17' is already posted"):
        pay(ledger, "10.00", source="bankfile-0412.csv:17")


def test_an_earlier_ledger_knows_only_its_own_payment_lines_after_later_postings():
    # Ledgers along a line of postings share their index of payment lines: an earlier one must
    # neither see a later one's lines nor lose its own when posted on again (a preview, a retry).
    before = pay(with_arrears(), "10.00", source="file:1")
    after = pay(before, "20.00", source="file:2")
    assert not before.has_source("file:2") and before.entry_for_source("file:2") is None
    retried = pay(before, "30.00", source="file:2")  # the same line posted again on the earlier ledger
    assert retried.entry_for_source("file:2").amount == M("-30.00")
    assert after.entry_for_source("file:2").amount == M("-20.00")
    for ledger in (before, after, retried):
        with pytest.raises(LedgerError, match="source 'file:1' is already posted"):
            pay(ledger, "10.00", source="file:1")
    with pytest.raises(LedgerError, match="source 'file:2' is already posted"):
        pay(after, "10.00", source="file:2")
    assert Ledger(ACCOUNT, after.entries).entry_for_source("file:2") == after.last  # rebuilt from the store


def test_posting_dates_never_go_backwards_and_a_refused_posting_changes_nothing():
    ledger = pay(with_arrears(), "10.00", on=D(2026, 5, 1))
    with pytest.raises(LedgerError, match="posting dates never go backwards"):
        pay(ledger, "10.00", on=D(2026, 4, 1))
    assert len(ledger.entries) == 4  # the ledger the caller holds is untouched


def test_write_offs_need_a_second_officer_above_the_limit_and_never_exceed_the_debt():
    ledger = with_arrears()
    small = request_write_off("W1", ACCOUNT, Y25, M("80.00"), "costs uneconomic to pursue", "asmith", D(2026, 5, 1),
                              LIMITS, category=Category.COSTS)
    assert small.ready  # £80 is within the £100 limit: no second officer needed
    ledger = ledger.write_off(small, effective=D(2026, 5, 1), posted=D(2026, 5, 1))
    assert ledger.balance_of(Y25, Category.COSTS) == M("0.00")
    big = request_write_off("W2", ACCOUNT, Y25, M("1200.00"), "debtor deceased, no estate", "asmith", D(2026, 5, 1), LIMITS)
    with pytest.raises(LedgerError, match="needs a second officer's authorisation"):
        ledger.write_off(big, effective=D(2026, 5, 2), posted=D(2026, 5, 2))
    approved = decide(big, "bjones", D(2026, 5, 3), approve=True)
    ledger = ledger.write_off(approved, effective=D(2026, 5, 3), posted=D(2026, 5, 3))
    assert (ledger.last.officer, ledger.last.authorised_by) == ("asmith", "bjones")
    assert ledger.balance_of(Y25) == M("0.00")
    too_much = request_write_off("W3", ACCOUNT, Y26, M("2000.00"), "error", "asmith", D(2026, 5, 3), LIMITS)
    with pytest.raises(LedgerError, match="owes only £1,834.56"):
        ledger.write_off(decide(too_much, "bjones", D(2026, 5, 3), approve=True), effective=D(2026, 5, 3),
                         posted=D(2026, 5, 3))


def test_reduction_in_january_leaves_a_credit_which_becomes_a_refund_on_closing():
    # The schedule side is in test_instalments.py: £1,834.56 cut to £1,375.92 by a notice of 15 January 2027.
    rules = instalment_rules("council_tax", "england", Y26)
    schedule = build_schedule(M("1834.56"), Y26, D(2026, 3, 10), rules)
    ledger = Ledger(ACCOUNT).charge(Y26, M("1834.56"), effective=D(2026, 3, 10), posted=D(2026, 3, 10),
                                    reason="annual bill")
    for instalment in schedule.instalments[:9]:  # April..December paid on time: 187.56 + 8 x 183 = 1651.56
        ledger = pay(ledger, str(instalment.amount), on=instalment.due, source=f"dd:{instalment.due}")
    ledger = ledger.adjust(Y26, M("-458.64"), effective=D(2026, 4, 1), posted=D(2027, 1, 15),
                           reason="single person discount backdated to 1 April")
    revised = revise_amount(schedule, M("1375.92"), D(2027, 1, 15), rules)
    # balance = 1834.56 - 458.64 - 1651.56 = -275.64: a credit of £275.64 (paid 1651.56 for a year now 1375.92)
    assert ledger.balance == M("-275.64")
    assert arrears(ledger, {Y26: revised}, D(2027, 2, 1)).total == M("0.00")
    closed = ledger.close(D(2027, 1, 31))
    request = closed.refund_request("R1", D(2027, 2, 1), "asmith", LIMITS)
    assert request is not None and request.amount == M("275.64") and request.needs_second_officer  # > £250
    with pytest.raises(LedgerError, match="pending"):
        closed.refund(request, effective=D(2027, 2, 2), posted=D(2027, 2, 2))
    refunded = closed.refund(decide(request, "bjones", D(2027, 2, 2), approve=True), effective=D(2027, 2, 2),
                             posted=D(2027, 2, 2))
    assert refunded.balance == M("0.00") and refunded.last.authorised_by == "bjones"
    assert Ledger(ACCOUNT).close(D(2027, 1, 31)).refund_request("R2", D(2027, 2, 1), "asmith", LIMITS) is None


def test_a_refund_never_exceeds_the_credit():
    ledger = pay(Ledger(ACCOUNT), "40.00")  # nothing owed: a £40 credit
    request = request_refund("R1", ACCOUNT, M("40.01"), "overpaid", "asmith", D(2026, 4, 3), LIMITS)
    with pytest.raises(LedgerError, match="holds a credit of only £40.00"):
        ledger.refund(request, effective=D(2026, 4, 3), posted=D(2026, 4, 3))


def test_credits_move_between_years_and_between_accounts():
    ledger = pay(with_arrears(), "2000.00", direction=Direction(Y26))  # £165.44 credit on 2026/27
    moved = ledger.move_credit(Y26, Y25, M("165.44"), effective=D(2026, 4, 5), posted=D(2026, 4, 5),
                               reason="credit applied to arrears")
    assert moved.balance == ledger.balance  # a move within the account changes no total
    assert moved.balance_of(Y26) == M("0.00") and moved.balance_of(Y25) == M("1114.56")  # 1280 - 165.44
    other = Ledger("C00012351").charge(Y26, M("500.00"), effective=D(2026, 3, 10), posted=D(2026, 3, 10), reason="bill")
    source, target = transfer_credit(ledger, other, M("165.44"), effective=D(2026, 4, 5), posted=D(2026, 4, 5),
                                     reason="credit moved with the payer to a new address", policy=COSTS_FIRST)
    assert source.balance + target.balance == ledger.balance + other.balance  # no penny made or lost
    assert target.last.counterpart == ACCOUNT and target.last.source == f"transfer:{source.last.id}"


def test_balance_assertions_stop_on_a_mismatch_with_a_clear_error():
    ledger = pay(with_arrears(), "500.00")
    ledger = ledger.assert_balance(BalanceAssertion(D(2026, 4, 2), M("2614.56"), note="end of day 2 April"))
    ledger = ledger.assert_balance(BalanceAssertion(D(2026, 4, 2), M("780.00"), year=Y25))
    with pytest.raises(LedgerError, match=r"expected account balance of £2,600.00 .* has £2,614.56 \(difference £14.56\)"):
        ledger.assert_balance(BalanceAssertion(D(2026, 4, 2), M("2600.00")))
    # Rebuilt from its stored entries, a ledger missing an entry fails its recorded assertion.
    with pytest.raises(LedgerError, match="balance assertion failed"):
        Ledger(ACCOUNT, ledger.entries[:2], ledger.assertions)


def test_rebuilding_from_stored_entries_checks_every_entry():
    ledger = pay(with_arrears(), "500.00")
    Ledger(ACCOUNT, ledger.entries, ledger.assertions).check()
    with pytest.raises(LedgerError, match="out of sequence"):
        Ledger(ACCOUNT, ledger.entries[1:])
    with pytest.raises(LedgerError, match="belongs to account"):
        Ledger("C00012351", ledger.entries)


def test_entries_cannot_have_the_wrong_sign_or_postings_that_do_not_add_up():
    posting = Posting(Y26, Category.CHARGE, M("-10.00"), "x")
    debit = Posting(Y26, Category.CHARGE, M("10.00"), "x")
    with pytest.raises(EntryError, match="must be a negative amount"):
        Entry("A/1", "A", EntryKind.PAYMENT, M("10.00"), D(2026, 4, 1), D(2026, 4, 1), Y26, "cash", (debit,))
    with pytest.raises(EntryError, match="postings total -10.00, not the entry amount -11.00"):
        Entry("A/1", "A", EntryKind.PAYMENT, M("-11.00"), D(2026, 4, 1), D(2026, 4, 1), Y26, "cash", (posting,))
    with pytest.raises(LedgerError, match="give a reason"):
        Ledger(ACCOUNT).charge(Y26, M("1.00"), effective=D(2026, 4, 1), posted=D(2026, 4, 1), reason=" ")


def test_ledgers_round_trip_through_cattrs_for_the_store():
    ledger = pay(with_arrears(), "500.00", direction=Direction(Y26, Category.CHARGE), source="f:1")
    ledger = ledger.assert_balance(BalanceAssertion(D(2026, 4, 2), ledger.balance)).close(D(2026, 6, 1))
    document = json.loads(json.dumps(STORE.unstructure(ledger)))
    assert set(document) == {"account", "entries", "assertions", "closed_on"}
    restored = STORE.structure(document, Ledger)
    assert restored == ledger and restored.balances() == ledger.balances()
    schedule = build_schedule(M("1834.56"), Y26, D(2026, 3, 10), instalment_rules("council_tax", "england", Y26))
    assert STORE.structure(json.loads(json.dumps(STORE.unstructure(schedule))), type(schedule)) == schedule


def test_council_settings_come_from_dated_data():
    settings_ = ledger_settings(D(2026, 4, 1))
    assert settings_.policy.costs is CostsOrder.FIRST
    assert settings_.limits.refund_above == M("250.00")


# --- properties ----------------------------------------------------------------------------

pounds = st.decimals(min_value=M("0.01"), max_value=M("5000.00"), places=2)
years = st.sampled_from([FinancialYear(y) for y in range(2022, 2027)])
categories = st.sampled_from(list(Category))
policies = st.sampled_from([AllocationPolicy(order) for order in CostsOrder])


@settings(max_examples=300, deadline=None)
@given(amount=pounds, owed=st.dictionaries(st.tuples(years, categories), st.decimals(min_value=-2000, max_value=2000, places=2)),
       policy=policies, direct=st.none() | st.tuples(years, st.none() | categories))
def test_property_allocation_never_creates_or_loses_a_penny(amount, owed, policy, direct):
    direction = Direction(direct[0], direct[1]) if direct else None
    postings = allocate_payment(amount, owed, policy, credit_year=Y26, direction=direction)
    assert sum(p.amount for p in postings) == -amount
    assert all(p.amount < 0 for p in postings)
    # nothing owed is overpaid except by the one credit line at the end
    for p in postings[:-1]:
        assert -p.amount <= owed[p.bucket]


operations = st.lists(
    st.one_of(
        st.tuples(st.just("charge"), years, pounds),
        st.tuples(st.just("costs"), years, pounds),
        st.tuples(st.just("adjust"), years, pounds),
        st.tuples(st.just("pay"), policies, pounds),
        st.tuples(st.just("reverse"), st.integers(min_value=1, max_value=40), st.just(None)),
    ),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(ops=operations)
def test_property_any_postings_and_reversals_leave_the_ledger_balanced(ops):
    ledger = Ledger(ACCOUNT)
    day = D(2026, 4, 1)
    for n, (kind, first, amount) in enumerate(ops):
        when = day + dt.timedelta(days=n)
        common = dict(effective=when, posted=when, reason=f"op {n}")
        try:
            if kind == "charge":
                ledger = ledger.charge(first, amount, **common)
            elif kind == "costs":
                ledger = ledger.add_costs(first, amount, **common)
            elif kind == "adjust":
                ledger = ledger.adjust(first, -amount, **common)
            elif kind == "pay":
                ledger = ledger.pay(amount, policy=first, source=f"line {n}", **common)
            else:
                ledger = ledger.reverse(f"{ACCOUNT}/{first}", **common)
        except LedgerError:
            continue  # a refused posting leaves the ledger as it was; the invariants below still hold
        assert ledger.balance == sum((e.amount for e in ledger.entries), M("0.00"))
    ledger.check()
    # reversing every remaining unreversed entry brings every bucket back to zero
    for entry in list(ledger.entries):
        if entry.kind is not EntryKind.REVERSAL and not ledger.is_reversed(entry.id):
            last = ledger.entries[-1].posted if ledger.entries else day
            ledger = ledger.reverse(entry.id, effective=last, posted=last, reason="undo all")
    assert all(v == 0 for v in ledger.balances().values())
    ledger.check()
