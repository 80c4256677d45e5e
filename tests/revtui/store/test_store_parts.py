"""A field read and saved alone (a payment posts to an account's ledger, not its people): the
same guarantees as a whole save (versions, no lost update, nothing stored that would not read
back, the audit trail), and the rest of the document kept exactly as it was."""

from datetime import date
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revtui.store import ConflictError, DocumentError, Repository, Store
from store_models import ACCOUNT_INDEXES, Account, Entry, EntryKind, account

PAYMENT = Entry(date(2026, 5, 1), Decimal("-100.00"), EntryKind.PAYMENT)


def test_a_part_saved_alone_reads_back_with_the_rest_of_the_account_unchanged(accounts):
    stored = accounts.add(account(1), reason="new")
    part = accounts.find_part("reference", "C00000001", "entries")
    assert part.value == stored.value.entries and part.whole is None  # read without the rest
    (version,) = accounts.save_parts([(part, (*part.value, PAYMENT))], reason="payment")
    again = accounts.get(stored.doc_id)
    assert version == again.version == 2
    assert again.value == attrs.evolve(stored.value, entries=(*stored.value.entries, PAYMENT))
    last = accounts.history(stored.doc_id)[-1]
    # the audit trail records the one entry added, nothing else
    assert last.reason == "payment" and last.changes == (
        {"op": "append", "path": ["entries"], "items": [{"posted": "2026-05-01", "amount": "-100.00",
                                                          "kind": "payment"}]},)


def test_a_part_saved_after_an_officer_changed_the_account_is_refused(store_path):
    with Store(store_path, user="batch") as batch, Store(store_path, user="bob") as desk:
        ours = Repository(batch, "accounts", Account, indexes=ACCOUNT_INDEXES)
        theirs = Repository(desk, "accounts", Account, indexes=ACCOUNT_INDEXES)
        ours.add(account(1), reason="new")
        part = ours.find_part("reference", "C00000001", "entries")
        officer = theirs.find_one("reference", "C00000001")
        theirs.save(officer, attrs.evolve(officer.value, postcode="SW1A 2AA"), reason="moved")
        with pytest.raises(ConflictError) as refused:
            ours.save_parts([(part, (*part.value, PAYMENT))], reason="payment")
        assert "bob" in str(refused.value)
        now = ours.find_one("reference", "C00000001")
        assert now.version == 2 and now.value.postcode == "SW1A 2AA" and now.value.entries == part.value


def test_a_part_that_would_not_read_back_is_refused_and_nothing_is_written(accounts):
    accounts.add(account(1), reason="new")
    accounts.add(account(2), reason="new")
    good = accounts.find_part("reference", "C00000001", "entries")
    bad = accounts.find_part("reference", "C00000002", "entries")
    float_amount = attrs.evolve(PAYMENT, amount=-100.1)  # a float: reads back as Decimal("-100.1"), not it
    with pytest.raises(DocumentError, match="entries"):
        accounts.save_parts([(good, (*good.value, PAYMENT)), (bad, (*bad.value, float_amount))], reason="payment")
    assert [accounts.get(i).version for i in (1, 2)] == [1, 1]  # all or none


@attrs.frozen
class Checked:
    """A class that checks its fields together: it is read and saved whole, never a field alone."""

    reference: str
    entries: tuple[Entry, ...] = ()

    def __attrs_post_init__(self) -> None:
        if sum((e.amount for e in self.entries), Decimal(0)) < -1000:
            raise ValueError("overpaid beyond the limit")


def test_a_class_that_checks_its_fields_together_is_saved_whole(store):
    from revtui.store import Index

    repo = Repository(store, "checked", Checked, indexes=[Index.field("reference")])
    repo.add(Checked("C1"), reason="new")
    part = repo.find_part("reference", "C1", "entries")
    assert part.whole is not None
    repo.save_parts([(part, (PAYMENT,))], reason="payment")
    part = repo.find_part("reference", "C1", "entries")
    with pytest.raises(ValueError, match="overpaid"):
        repo.save_parts([(part, (*part.value, attrs.evolve(PAYMENT, amount=Decimal("-5000.00"))))], reason="x")
    assert repo.find_one("reference", "C1").value == Checked("C1", (PAYMENT,))


amounts = st.decimals(places=2, allow_nan=False, allow_infinity=False) | st.floats(-1e6, 1e6)


@settings(max_examples=60, deadline=None)
@given(added=st.lists(amounts, min_size=1, max_size=3), first=st.none() | amounts)
def test_a_part_save_refuses_exactly_what_a_whole_check_refuses(tmp_path_factory, added, first):
    with Store(tmp_path_factory.mktemp("parts") / "s.db", user="t") as store:
        repo = Repository(store, "accounts", Account, indexes=ACCOUNT_INDEXES)
        stored = repo.add(account(1), reason="new")
        part = repo.find_part("reference", "C00000001", "entries")
        entries = part.value
        if first is not None:
            entries = (attrs.evolve(entries[0], amount=first), *entries[1:])
        entries = (*entries, *(attrs.evolve(PAYMENT, amount=a) for a in added))
        value = attrs.evolve(stored.value, entries=entries)
        try:
            repo.to_document(value)  # the whole check
        except DocumentError:
            with pytest.raises(DocumentError):
                repo.save_parts([(part, entries)], reason="change")
            assert repo.get(stored.doc_id).version == 1
        else:
            repo.save_parts([(part, entries)], reason="change")
            assert repo.get(stored.doc_id).value == value
