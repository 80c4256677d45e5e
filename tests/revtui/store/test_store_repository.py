"""Repositories: attrs objects in and out, look-ups, optimistic saves, migrations, bad input."""

from datetime import date
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revtui.store import ConflictError, DocumentError, Index, NotFoundError, Repository, SchemaError, Store
from store_models import ACCOUNT_INDEXES, Account, Band, Entry, EntryKind, Person, account


def test_an_account_reads_back_equal_and_its_document_is_plain_json(accounts):
    value = account(1)
    stored = accounts.add(value, reason="new account")
    assert accounts.get(stored.doc_id).value == value
    document = accounts.table.get(doc_id=stored.doc_id)
    assert document["entries"] == [{"posted": "2026-04-01", "amount": "1234.56", "kind": "charge"}]
    assert document["band"] == "D" and document["closed"] is None and document["_schema"] == 1
    assert document["liable"] == [{"name": "Ann Smith", "born": "1970-01-02"}]


money = st.decimals(min_value=-10**7, max_value=10**7, places=2, allow_nan=False, allow_infinity=False)
entries = st.builds(Entry, st.dates(), money, st.sampled_from(EntryKind))
people = st.builds(Person, st.text(min_size=1), st.none() | st.dates())
accounts_strategy = st.builds(
    Account,
    reference=st.text(min_size=1, max_size=12),
    property_ref=st.text(max_size=12),
    uprn=st.from_regex(r"[0-9]{1,12}", fullmatch=True),
    postcode=st.text(max_size=8),
    band=st.sampled_from(Band),
    liable=st.lists(people, max_size=3).map(tuple),
    entries=st.lists(entries, max_size=5).map(tuple),
    closed=st.none() | st.dates(),
)


@settings(max_examples=60, deadline=None)
@given(value=accounts_strategy)
def test_any_account_survives_the_round_trip_through_the_store(tmp_path_factory, value):
    with Store(tmp_path_factory.mktemp("rt") / "s.db", user="t") as store:
        repo = Repository(store, "accounts", Account, indexes=ACCOUNT_INDEXES)
        stored = repo.add(value, reason="property test")
        assert repo.get(stored.doc_id).value == value


# A change as a careless caller might make it: some values of the wrong type for their field.
amounts = st.decimals(places=2, allow_nan=False, allow_infinity=False) | st.floats(-1e6, 1e6)
changes = st.lists(st.one_of(
    st.builds(lambda a: ("append", Entry(date(2026, 5, 1), a, EntryKind.PAYMENT)), amounts),
    st.builds(lambda a: ("first entry", a), amounts),
    st.builds(lambda v: ("postcode", v), st.text(max_size=8) | st.integers()),
    st.builds(lambda v: ("closed", v), st.none() | st.dates() | st.datetimes()),
), min_size=1, max_size=4)


def _changed(value, change):
    what, new = change
    if what == "append":
        return attrs.evolve(value, entries=(*value.entries, new))
    if what == "first entry":
        return attrs.evolve(value, entries=(attrs.evolve(value.entries[0], amount=new), *value.entries[1:]))
    return attrs.evolve(value, **{what: new})


@settings(max_examples=80, deadline=None)
@given(steps=changes, read=st.booleans())
def test_a_save_refuses_exactly_what_a_whole_check_refuses(tmp_path_factory, steps, read):
    # A save converts back only what changed since the value was read; that must refuse
    # exactly the values that the whole object's conversion would (and store the others).
    # ``read``: saved after a read, whose document the repository keeps and patches.
    with Store(tmp_path_factory.mktemp("rt") / "s.db", user="t") as store:
        repo = Repository(store, "accounts", Account, indexes=ACCOUNT_INDEXES)
        stored = repo.add(account(1), reason="new")
        if read:
            stored = repo.get(stored.doc_id)
        value = stored.value
        for step in steps:
            value = _changed(value, step)
        try:
            repo.to_document(value)  # the whole check
        except DocumentError:
            with pytest.raises(DocumentError):
                repo.save(stored, value, reason="change")
            assert repo.get(stored.doc_id).version == 1
        else:
            assert repo.get(repo.save(stored, value, reason="change").doc_id).value == value


def test_lookups_by_reference_property_uprn_name_and_postcode(accounts):
    accounts.add(account(1, "Ann Smith", "SW1A 1AA"), reason="new")
    accounts.add(account(2, "Bob Smythe", "sw1a 2bb"), reason="new")
    accounts.add(account(3, "Ann Jones", "CF10 1AA"), reason="new")
    assert accounts.find_one("reference", "c00000002").value.liable[0].name == "Bob Smythe"
    assert accounts.find_one("property_ref", "P000003").value.reference == "C00000003"
    assert accounts.find_one("uprn", "100000001").value.reference == "C00000001"
    assert accounts.find_one("reference", "C99999999") is None
    # Prefix on any word of a name, whatever the case.
    assert [s.value.reference for s in accounts.find_prefix("name", "SM")] == ["C00000001", "C00000002"]
    assert [s.value.reference for s in accounts.find_prefix("name", "ann")] == ["C00000003", "C00000001"]
    assert [s.value.reference for s in accounts.find_prefix("postcode", "SW1A")] == ["C00000001", "C00000002"]
    assert [s.value.reference for s in accounts.find("postcode", "sw1a1aa")] == ["C00000001"]
    assert len(accounts.find_prefix("name", "a", limit=1)) == 1
    with pytest.raises(KeyError, match="no index 'surname'"):
        accounts.find("surname", "x")


def test_a_batch_part_reads_the_objects_for_many_keys_together(accounts):
    """find_each: what a billing part reads its accounts' dwellings by, in a few queries; keys
    match as find matches them, and a key with nothing stored under it is simply not found."""
    for n in range(1, 1203):  # more keys than one query takes
        accounts.add(account(n, f"Person {n}", "SW1A 1AA"), reason="new")
    wanted = [f"c{n:08d}" for n in range(1, 1203, 2)] + ["C99999999"]
    found = accounts.find_each("reference", wanted)
    assert [s.value.reference for s in found] == [f"C{n:08d}" for n in range(1, 1203, 2)]
    assert [s.value.reference for s in accounts.find_each("postcode", ["sw1a1aa"])][:2] == ["C00000001", "C00000002"]
    assert accounts.find_each("reference", []) == []
    with pytest.raises(KeyError, match="no index 'surname'"):
        accounts.find_each("surname", ["x"])


def test_two_officers_editing_one_account_the_second_is_told_not_overwritten(store_path):
    with Store(store_path, user="alice") as alice, Store(store_path, user="bob") as bob:
        alice_repo = Repository(alice, "accounts", Account, indexes=ACCOUNT_INDEXES)
        bob_repo = Repository(bob, "accounts", Account, indexes=ACCOUNT_INDEXES)
        doc_id = alice_repo.add(account(1), reason="new").doc_id
        alice_copy, bob_copy = alice_repo.get(doc_id), bob_repo.get(doc_id)
        bob_repo.save(bob_copy, attrs.evolve(bob_copy.value, band=Band.A), reason="VOA schedule 2026/11")
        with pytest.raises(ConflictError, match=r"accounts document 1 was changed \(now version 2\) by bob"):
            alice_repo.save(alice_copy, attrs.evolve(alice_copy.value, closed=date(2026, 11, 1)), reason="moved out")
        assert alice_repo.get(doc_id).value.band is Band.A and alice_repo.get(doc_id).value.closed is None
        # Reloading and redoing the change works, and both changes are in the history.
        fresh = alice_repo.get(doc_id)
        alice_repo.save(fresh, attrs.evolve(fresh.value, closed=date(2026, 11, 1)), reason="moved out")
        assert [(e.who, e.reason) for e in alice_repo.history(doc_id)] == [
            ("alice", "new"), ("bob", "VOA schedule 2026/11"), ("alice", "moved out")]
        assert alice_repo.history(doc_id)[1].changes == ({"op": "set", "path": ["band"], "old": "D", "new": "A"},)


def test_modify_reads_changes_and_saves_as_one_step(accounts):
    stored = accounts.add(account(1), reason="new")
    payment = Entry(date(2026, 5, 1), Decimal("-100.00"), EntryKind.PAYMENT)
    after = accounts.modify(stored.doc_id, lambda a: attrs.evolve(a, entries=(*a.entries, payment)), reason="payment")
    assert after.version == 2 and accounts.get(1).value.entries[-1] == payment
    with pytest.raises(ZeroDivisionError):
        accounts.modify(stored.doc_id, lambda a: 1 / 0, reason="broken change")
    assert accounts.get(1).version == 2
    assert [s.value.reference for s in accounts] == ["C00000001"]


def test_an_object_that_cannot_be_converted_is_refused_and_nothing_is_written(accounts):
    stored = accounts.add(account(1), reason="new")
    # A float where the class declares Decimal: it would not read back as the same amount.
    bad_entry = attrs.evolve(stored.value.entries[0], amount=0.1)
    bad = attrs.evolve(stored.value, entries=(bad_entry,))
    with pytest.raises(DocumentError, match=r"accounts: this Account cannot be stored: value.entries\[0\].amount holds 0.1 \(float\)"):
        accounts.save(stored, bad, reason="typo")
    with pytest.raises(DocumentError, match="expected a Account, got dict"):
        accounts.add({"reference": "C1"}, reason="new")  # type: ignore[arg-type]
    assert accounts.get(stored.doc_id).version == 1 and len(accounts) == 1


def test_a_bad_value_in_an_entry_added_to_a_stored_account_is_refused_too(accounts):
    stored = accounts.add(account(1), reason="new")
    # Only the added entry is new: it is still converted back, and the float is caught.
    bad = attrs.evolve(stored.value, entries=(*stored.value.entries, Entry(date(2026, 5, 1), 0.1, EntryKind.PAYMENT)))
    with pytest.raises(DocumentError, match=r"value.entries\[1\].amount holds 0.1 \(float\)"):
        accounts.save(stored, bad, reason="typo")
    good = attrs.evolve(stored.value, entries=(*stored.value.entries, Entry(date(2026, 5, 1), Decimal("-0.10"), EntryKind.PAYMENT)))
    assert accounts.get(accounts.save(stored, good, reason="payment").doc_id).value == good


def test_save_many_saves_all_or_nothing(accounts):
    first, second = accounts.add(account(1), reason="new"), accounts.add(account(2), reason="new")
    closed = [(stored, attrs.evolve(stored.value, closed=date(2027, 3, 31))) for stored in (first, second)]
    accounts.save(second, attrs.evolve(second.value, postcode="CF10 1AA"), reason="moved")  # second now stale
    with pytest.raises(ConflictError):
        accounts.save_many(closed, reason="year end")
    assert accounts.get(first.doc_id).version == 1  # the first was not saved either
    saved = accounts.save_many([closed[0], (accounts.get(second.doc_id), closed[1][1])], reason="year end")
    assert [s.version for s in saved] == [2, 3]
    assert [accounts.get(s.doc_id).value.closed for s in saved] == [date(2027, 3, 31)] * 2


def test_a_stored_document_that_cannot_be_read_names_the_document_and_field(accounts):
    stored = accounts.add(account(1), reason="new")
    accounts.table.update(lambda d: d["entries"][0].__setitem__("amount", 12.5), doc_ids=[1], reason="damage")
    with pytest.raises(DocumentError) as raised:
        accounts.get(stored.doc_id)
    message = str(raised.value)
    assert "accounts document 1: cannot be read as a Account" in message
    assert "document.entries[0].amount" in message


def test_getting_a_missing_document_says_which(accounts):
    with pytest.raises(NotFoundError, match="accounts document 42 does not exist"):
        accounts.get(42)


@attrs.frozen
class AccountV1:
    reference: str
    name: str
    balance: Decimal


@attrs.frozen
class AccountV3:
    reference: str
    surname: str
    forenames: str
    balance: Decimal
    band: Band


def _split_name(doc):  # schema 1 -> 2: "Forenames Surname" becomes two fields
    forenames, _, surname = doc.pop("name").rpartition(" ")
    return {**doc, "forenames": forenames, "surname": surname}


def _add_band(doc):  # schema 2 -> 3: every account so far was band D
    return {**doc, "band": "D"}


V3_MIGRATIONS = {1: _split_name, 2: _add_band}


def test_older_documents_are_migrated_when_read_and_by_a_migration_run(store_path):
    with Store(store_path, user="alice") as store:
        old = Repository(store, "accounts", AccountV1)
        old.add(AccountV1("C1", "Ann Smith", Decimal("10.00")), reason="legacy")
        old.add(AccountV1("C2", "Bob de Vries", Decimal("0.50")), reason="legacy")
    surname = Index("surname", lambda d: [d["surname"]])
    with Store(store_path, user="alice") as store:
        new = Repository(store, "accounts", AccountV3, schema_version=3, migrations=V3_MIGRATIONS, indexes=[surname])
        assert new.get(2).value == AccountV3("C2", "Vries", "Bob de", Decimal("0.50"), Band.D)
        # Not yet rewritten, but found by an index over the new shape.
        assert store.table("accounts").get(doc_id=1)["_schema"] == 1
        assert new.find_one("surname", "smith").value.forenames == "Ann"
        assert new.migrate(reason="schema 3: names split, bands") == 2
        assert store.table("accounts").get(doc_id=1)["_schema"] == 3
        assert new.migrate(reason="again") == 0
        assert new.history(1)[-1].reason == "schema 3: names split, bands"
    # The program that only knows schema 1 may no longer touch the table.
    with Store(store_path, user="alice") as store:
        with pytest.raises(SchemaError, match="written by a newer program"):
            Repository(store, "accounts", AccountV1)


def test_a_missing_migration_step_is_refused_at_once(store):
    with pytest.raises(SchemaError, match=r"missing from \[2\]"):
        Repository(store, "accounts", AccountV3, schema_version=3, migrations={1: _split_name})


def test_a_failing_migration_names_the_document(store_path):
    with Store(store_path, user="alice") as store:
        Repository(store, "accounts", AccountV1).add(AccountV1("C1", "Cher", Decimal("1.00")), reason="legacy")

    def broken(doc):
        raise ValueError("no surname")

    with Store(store_path, user="alice") as store:
        repo = Repository(store, "accounts", AccountV3, schema_version=3, migrations={1: broken, 2: _add_band})
        with pytest.raises(SchemaError, match=r"accounts document 1: migration from schema 1 failed"):
            repo.get(1)


def test_a_repository_opened_once_per_store_is_the_same_object_there_and_a_new_one_elsewhere(tmp_path):
    from revtui.store import once_per_store

    opened = []

    @once_per_store
    def accounts_of(store):
        opened.append(store)
        return Repository(store, "accounts", Account, indexes=ACCOUNT_INDEXES)

    first, second = Store(tmp_path / "a.db", user="t"), Store(tmp_path / "b.db", user="t")
    assert accounts_of(first) is accounts_of(first)  # the schema and indexes are checked once
    assert accounts_of(second) is not accounts_of(first) and accounts_of(second).store is second
    assert opened == [first, second]
