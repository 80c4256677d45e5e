"""The TinyDB programming model over SQL rows: documents, tables, queries, versions, audit."""

from datetime import datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tinydb import Query, where

from revtui.store import (
    ConflictError,
    DocumentError,
    Index,
    IndexMismatchError,
    MissingReasonError,
    NotFoundError,
    Store,
    StoreError,
)


def test_tinydb_operations_keep_their_meaning(store):
    table = store.table("people")
    ann = table.insert({"name": "Ann", "age": 40}, reason="new")
    bob = table.insert({"name": "Bob", "age": 30}, reason="new")
    assert table.get(doc_id=ann) == {"name": "Ann", "age": 40}
    assert [d["name"] for d in table.search(Query().age > 35)] == ["Ann"]
    assert table.get(where("name") == "Bob").doc_id == bob
    assert table.contains(doc_id=bob) and not table.contains(doc_id=99)
    assert table.update({"age": 31}, where("name") == "Bob", reason="birthday") == [bob]
    assert table.get(doc_id=bob)["age"] == 31
    table.update(lambda doc: doc.__setitem__("age", doc["age"] + 1), doc_ids=[ann], reason="birthday")
    assert table.get(doc_id=ann)["age"] == 41
    assert table.upsert({"name": "Cat", "age": 5}, where("name") == "Cat", reason="new") == [3]
    assert table.remove(where("age") < 10, reason="left") == [3]
    assert len(table) == 2 and table.count(where("age").exists()) == 2
    assert {d.doc_id for d in table} == {ann, bob}
    assert store.tables() == {"people"}


def test_every_write_needs_a_reason_and_nothing_is_written_without_one(store):
    table = store.table("people")
    with pytest.raises(MissingReasonError):
        table.insert({"name": "Ann"})
    with pytest.raises(MissingReasonError):
        table.insert({"name": "Ann"}, reason="   ")
    assert len(table) == 0


def test_a_change_block_is_one_atomic_transaction(store):
    table = store.table("people")
    with store.change("import of two people"):
        table.insert({"name": "Ann"})
        table.insert({"name": "Bob"})
    assert len(table) == 2
    with pytest.raises(RuntimeError):
        with store.change("half an import"):
            table.insert({"name": "Cat"})
            raise RuntimeError("the import file is truncated")
    # The first insert of the failed block was rolled back with it.
    assert sorted(d["name"] for d in table) == ["Ann", "Bob"]
    assert [e.reason for e in table.history(1)] == ["import of two people"]


def test_a_failed_step_inside_a_change_leaves_nothing_of_itself(store):
    table = store.table("people")
    with store.change("batch"):
        table.insert({"name": "Ann"})
        with pytest.raises(DocumentError):
            table.insert_multiple([{"name": "Bob"}, {"name": "Cat", "when": datetime.now(timezone.utc)}])
    # Bob was written before Cat failed; the failed call was undone as a whole.
    assert [d["name"] for d in table] == ["Ann"]


def test_a_document_that_is_not_json_is_refused_clearly(store):
    table = store.table("people")
    with pytest.raises(DocumentError, match=r"people document 1 cannot be stored"):
        table.insert({"name": "Ann", "seen": {1, 2}}, reason="new")
    with pytest.raises(DocumentError):
        table.insert({"name": "Ann", 5: "numeric key"}, reason="new")
    assert len(table) == 0


def test_each_write_raises_the_version_and_saving_a_stale_copy_is_a_conflict(store_path):
    times = iter(datetime(2026, 11, 23, 10, m, tzinfo=timezone.utc) for m in range(10))
    alice = Store(store_path, user="alice", clock=lambda: next(times))
    bob = Store(store_path, user="bob", clock=lambda: next(times))
    doc_id = alice.table("accounts").insert({"balance": "10.00"}, reason="opened")
    mine = alice.table("accounts").get(doc_id=doc_id)
    theirs = bob.table("accounts").get(doc_id=doc_id)
    assert mine.version == theirs.version == 1
    theirs["balance"] = "5.00"
    saved = bob.table("accounts").save(theirs, reason="payment of 5.00")
    assert saved.version == 2 and saved.changed_by == "bob"
    mine["balance"] = "0.00"
    with pytest.raises(ConflictError) as raised:
        alice.table("accounts").save(mine, reason="write off")
    message = str(raised.value)
    assert "accounts document 1" in message
    assert "bob" in message and "2026-11-23 10:01:00" in message and "payment of 5.00" in message
    assert raised.value.current_version == 2 and raised.value.expected_version == 1
    # Bob's change stands; Alice's was not written.
    assert alice.table("accounts").get(doc_id=doc_id)["balance"] == "5.00"
    alice.close()
    bob.close()


def test_saving_a_document_someone_removed_is_a_conflict(store):
    table = store.table("people")
    table.insert({"name": "Ann"}, reason="new")
    copy = table.get(doc_id=1)
    table.remove(doc_ids=[1], reason="duplicate")
    with pytest.raises(ConflictError, match="was removed by alice"):
        table.save(copy, reason="edit")


def test_audit_records_who_when_what_and_why_and_rebuilds_each_version(store_path):
    store = Store(store_path, user="alice", clock=lambda: datetime(2026, 4, 1, 9, 0, tzinfo=timezone.utc))
    table = store.table("accounts")
    doc_id = table.insert({"name": "Ann", "entries": [1], "band": "C"}, reason="new account")
    table.update({"band": "D"}, doc_ids=[doc_id], reason="VOA band change")
    with store.change("payment", user="bob"):
        table.update(lambda d: d["entries"].append(2), doc_ids=[doc_id])
    table.update(lambda d: d.pop("band"), doc_ids=[doc_id], reason="banding removed")
    history = table.history(doc_id)
    assert [(e.version, e.action, e.who, e.reason) for e in history] == [
        (1, "insert", "alice", "new account"),
        (2, "update", "alice", "VOA band change"),
        (3, "update", "bob", "payment"),
        (4, "update", "alice", "banding removed"),
    ]
    assert history[0].at == datetime(2026, 4, 1, 9, 0, tzinfo=timezone.utc)
    assert history[1].changes == ({"op": "set", "path": ["band"], "old": "C", "new": "D"},)
    assert history[2].changes == ({"op": "append", "path": ["entries"], "items": [2]},)
    assert history[3].changes == ({"op": "del", "path": ["band"], "old": "D"},)
    assert table.version_at(doc_id, 1) == {"name": "Ann", "entries": [1], "band": "C"}
    assert table.version_at(doc_id, 3) == {"name": "Ann", "entries": [1, 2], "band": "D"}
    table.remove(doc_ids=[doc_id], reason="closed in error")
    assert table.history(doc_id)[-1].changes[0]["old"] == {"name": "Ann", "entries": [1, 2]}
    assert table.version_at(doc_id, 2) == {"name": "Ann", "entries": [1], "band": "D"}
    store.close()


def test_a_removed_document_put_back_continues_its_versions(store):
    table = store.table("people")
    table.insert({"name": "Ann"}, reason="new")
    before_removal = table.get(doc_id=1)
    table.remove(doc_ids=[1], reason="duplicate?")
    table.insert(before_removal, reason="not a duplicate after all")
    assert table.get(doc_id=1).version == 3
    # The copy read before the removal is stale: saving it is a conflict, not an overwrite.
    with pytest.raises(ConflictError):
        table.save(before_removal, reason="edit")
    with pytest.raises(NotFoundError, match="removed at version 2"):
        table.version_at(1, 2)
    assert table.version_at(1, 1) == {"name": "Ann"}


def test_an_update_that_changes_nothing_is_not_a_new_version(store):
    table = store.table("people")
    table.insert({"name": "Ann"}, reason="new")
    table.update({"name": "Ann"}, doc_ids=[1], reason="no-op")
    assert table.get(doc_id=1).version == 1 and len(table.history(1)) == 1


def test_index_lookups_are_case_and_space_insensitive_and_stay_current(store):
    name = Index("name", lambda d: [d["name"]])
    ref = Index.field("ref")
    table = store.table("accounts", indexes=[name, ref])
    table.insert_multiple(
        [{"ref": "C1", "name": "Ann  Smith"}, {"ref": "C2", "name": "Bob Smythe"}, {"ref": "C3", "name": "ann SMALL"}],
        reason="import",
    )
    assert [d["ref"] for d in table.search(name.prefix("ANN s"))] == ["C3", "C1"]  # in name order
    assert [d["ref"] for d in table.search(name.equals("ann smith"))] == ["C1"]
    assert [d["ref"] for d in table.search(where("ref") == "C2")] == ["C2"]
    # The index narrows; the query still decides (TinyDB equality is exact).
    assert table.search(where("ref") == "c2") == []
    assert table.search(name.prefix("ann") & (where("ref") == "C1"))[0]["ref"] == "C1"
    assert [d["ref"] for d in table.search(name.equals("bob smythe") | ref.equals("c3"))] == ["C2", "C3"]
    table.update({"name": "Bob Jones"}, where("ref") == "C2", reason="marriage")
    assert table.search(name.prefix("bob s")) == []
    assert [d["ref"] for d in table.search(name.prefix("bob j"))] == ["C2"]
    table.remove(where("ref") == "C2", reason="closed")
    assert table.search(name.prefix("bob")) == []
    assert len(table.search(name.prefix("ann"), limit=1)) == 1
    # Like TinyDB's queries, an index query on a table without that index scans, and a
    # document lacking the field simply does not match.
    other = store.table("notes")
    other.insert_multiple([{"name": "Ann Smith"}, {"text": "no name"}], reason="notes")
    assert [d.doc_id for d in other.search(name.prefix("ann"))] == [1]


def test_a_limited_prefix_search_gives_the_first_matches_of_the_whole_search(store):
    # Find reads a page of the index at a time: documents indexed under several values of the
    # prefix, and documents the query refuses, must not make it skip or repeat anyone.
    words = Index("words", lambda d: d["name"].split())
    table = store.table("people", indexes=[words])
    table.insert_multiple(
        [{"name": f"sam{n % 7} sa{n % 3} sm{n}", "live": n % 4 != 0} for n in range(60)], reason="import"
    )
    for query in (words.prefix("s"), words.prefix("sa") & (where("live") == True), words.equals("sa1")):  # noqa: E712
        whole = [d.doc_id for d in table.search(query)]
        assert len(set(whole)) == len(whole)
        for limit in (1, 2, 5, 13, 40, 200):
            assert [d.doc_id for d in table.search(query, limit=limit)] == whole[:limit]
    assert table.get(words.prefix("sa") & (where("live") == False)).doc_id == 1  # noqa: E712


@settings(max_examples=40, deadline=None)
@given(changes=st.lists(st.tuples(st.integers(1, 3), st.sampled_from(["name", "town", "note"]), st.text("ab ", max_size=4)),
                        max_size=12))
def test_look_ups_hold_exactly_the_documents_values_after_any_series_of_changes(tmp_path_factory, changes):
    words = Index("words", lambda d: d["name"].split(), reads=["name"])  # rows kept when "name" is unchanged
    town = Index.field("town")
    both = Index("both", lambda d: [d["name"] + d["town"]])  # reads not declared: extracted on every write
    with Store(tmp_path_factory.mktemp("store") / "store.db", user="alice") as store:
        table = store.table("people", indexes=[words, town, both])
        table.insert_multiple([{"name": "a b", "town": "a", "note": ""} for _ in range(3)], reason="new")
        for doc_id, field, value in changes:
            table.update({field: value}, doc_ids=[doc_id], reason="change")
        rows = set(store.storage.connection.execute("SELECT idx, value, doc_id FROM lookups WHERE tbl='people'"))
        assert rows == {(ix.name, value, doc.doc_id) for doc in table.all() for ix in (words, town, both)
                        for value in ix.values(doc)}


def test_index_lookups_read_only_the_rows_they_name(store):
    name = Index("name", lambda d: [d["name"]])
    table = store.table("accounts", indexes=[name])
    table.insert_multiple([{"name": f"person {i}"} for i in range(200)], reason="import")
    statements = []
    store.storage.connection.set_trace_callback(statements.append)
    assert [d["name"] for d in table.search(name.equals("person 7"))] == ["person 7"]
    store.storage.connection.set_trace_callback(None)
    # one statement: the look-up joined to the one row it names (no scan of the table's rows)
    reads = [s for s in statements if s not in ("BEGIN", "COMMIT")]
    assert len(reads) == 1 and "FROM lookups l JOIN documents d ON" in reads[0]
    assert "l.value='person 7'" in reads[0]
    statements.clear()
    store.storage.connection.set_trace_callback(statements.append)
    assert table.get(doc_id=150)["name"] == "person 149"
    store.storage.connection.set_trace_callback(None)
    assert len(statements) == 1 and "doc_id=150" in statements[0].replace(" ", "")


def test_indexes_are_rebuilt_when_their_declaration_changes(store_path):
    with Store(store_path, user="alice") as store:
        store.table("accounts").insert({"name": "Ann Smith"}, reason="before indexing")
    v1 = Index("name", lambda d: [d["name"]])
    with Store(store_path, user="alice") as store:
        assert store.table("accounts", indexes=[v1]).search(v1.prefix("ann"))[0]["name"] == "Ann Smith"
    v2 = Index("name", lambda d: d["name"].split()[-1:], version=2)  # surname only
    with Store(store_path, user="alice") as store:
        table = store.table("accounts", indexes=[v2])
        assert table.search(v2.prefix("ann")) == [] and len(table.search(v2.prefix("smi"))) == 1


def test_a_table_opened_without_its_indexes_may_read_but_not_write(store_path):
    with Store(store_path, user="alice") as store:
        store.table("accounts", indexes=[Index.field("ref")]).insert({"ref": "C1"}, reason="new")
    with Store(store_path, user="alice") as store:
        bare = store.table("accounts")
        assert bare.get(doc_id=1) == {"ref": "C1"}
        with pytest.raises(IndexMismatchError, match="nothing was written"):
            bare.insert({"ref": "C2"}, reason="new")
        assert len(bare) == 1


def test_whole_database_writes_are_refused(store):
    store.table("people").insert({"name": "Ann"}, reason="new")
    assert store.storage.read() == {"people": {"1": {"name": "Ann"}}}
    with pytest.raises(StoreError):
        store.storage.write({})
    with pytest.raises(StoreError):
        store.drop_tables()


def test_a_file_that_is_not_a_store_is_reported(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are not the droids " * 100)
    with pytest.raises(StoreError, match="notes.db: cannot open the store"):
        Store(path)


def test_another_programs_sqlite_database_is_left_alone(tmp_path):
    import sqlite3

    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE payroll (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not a store; nothing changed"):
        Store(path)
    conn = sqlite3.connect(path)
    assert [n for (n,) in conn.execute("SELECT name FROM sqlite_schema")] == ["payroll"]
    conn.close()


def test_a_store_written_by_a_newer_program_is_refused(store_path):
    import sqlite3

    Store(store_path).close()
    conn = sqlite3.connect(store_path)
    conn.execute("UPDATE store_meta SET value='9' WHERE key='format'")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="store format 9 was written by a newer program"):
        Store(store_path)


def test_a_batch_jobs_parts_read_each_document_once_even_as_documents_are_added(store):
    """A long job lists its parts first (by id, from the keys alone), then reads them one by one
    while officers carry on: a document added meanwhile is neither read twice nor shifts a part."""
    table = store.table("accounts")
    with store.change("accounts opened"):
        for n in range(23):
            table.insert({"n": n})
    parts = table.parts(5)
    assert len(parts) == 5
    seen = []
    for after, upto in parts:
        seen += [doc["n"] for doc in table.page(after, upto)]
        table.insert({"n": 100 + len(seen)}, reason="an officer opens an account meanwhile")
    assert seen == list(range(23))
    assert table.parts(100) == [(0, 28)] and list(table.page(0, 0)) == []


def test_finding_an_account_by_reference_reads_one_statement_and_never_trusts_a_stale_look_up(store):
    # A payment line's account: the look-up joined to its row, in one statement; a look-up row
    # left behind by an edit outside the program is not believed (the document decides).
    ref = Index.field("ref")
    table = store.table("accounts", indexes=[ref])
    table.insert_multiple([{"ref": f"C{i}"} for i in range(1, 6)], reason="import")
    statements = []
    store.storage.connection.set_trace_callback(statements.append)
    assert [(d.doc_id, d["ref"], d.version) for d in table.find_equal("ref", " c3 ", 2)] == [(3, "C3", 1)]
    store.storage.connection.set_trace_callback(None)
    assert len(statements) == 1 and "FROM lookups l JOIN documents d ON" in statements[0]
    assert table.find_equal("ref", "C9", 2) == []
    store.storage.connection.execute("INSERT INTO lookups VALUES ('accounts', 'ref', 'c4', 2)")  # stale: doc 2 is C2
    assert [d.doc_id for d in table.find_equal("ref", "C4", 2)] == [4] == [d.doc_id for d in table.search(ref.equals("C4"))]
