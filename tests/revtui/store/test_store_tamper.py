"""The sealed audit trail: edits made to the file behind the program's back are found and named.

Each test edits the store with the sqlite3 module directly, as someone with the file and a
SQLite shell could, and checks that ``check`` reports it in words naming what and where.
"""

import sqlite3

import pytest

from revtui.store import ConflictError, Index, Store, StoreError
from revtui.store import chain
from revtui.store.__main__ import main
from revtui.store.changes_report import changes_to, describe_changes
from revtui.store.integrity import export_head
from revtui.store.maintenance import backup, check, restore

REF = [Index.field("reference")]


@pytest.fixture
def trail(tmp_path):
    """Three accounts, then changes by three officers: audit entries 1-7.

    1-3 insert accounts 1-3 (alice); 4 bob changes account 1's balance; 5 bob account 2's
    name; 6 carol account 3's balance; 7 carol account 1's balance again.
    """
    path = tmp_path / "store.db"
    with Store(path, user="alice") as store:
        t = store.table("accounts", indexes=REF)
        for ref, name in (("A1", "Ann Smith"), ("A2", "Bob Jones"), ("A3", "Cy Evans")):
            t.insert({"reference": ref, "name": name, "balance": "100.00"}, reason="opened")
        with store.change("payment received", user="bob"):
            t.update({"balance": "40.00"}, doc_ids=[1])
        with store.change("name corrected", user="bob"):
            t.update({"name": "Robert Jones"}, doc_ids=[2])
        with store.change("refund", user="carol"):
            t.update({"balance": "90.00"}, doc_ids=[3])
        with store.change("payment received", user="carol"):
            t.update({"balance": "10.00"}, doc_ids=[1])
    assert check(path).ok
    return path


def _edit(path, *statements):
    conn = sqlite3.connect(path)
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


def _problems(path, **kwargs):
    report = check(path, **kwargs)
    assert not report.ok
    return report, "\n".join(report.problems)


def test_a_changed_amount_in_a_document_is_found(trail):
    _edit(trail, "UPDATE documents SET body = json_set(body, '$.balance', '0.00') WHERE doc_id = 1")
    _, text = _problems(trail)
    assert "accounts document 1: its contents differ from what audit entry 7" in text
    assert "by carol" in text and "changed outside the application" in text


def test_a_changed_name_in_a_document_is_found(trail):
    _edit(trail, "UPDATE documents SET body = json_set(body, '$.name', 'Mallory') WHERE doc_id = 2")
    _, text = _problems(trail)
    assert "accounts document 2: its contents differ from what audit entry 5" in text


def test_a_rewritten_who_in_the_audit_is_found_at_its_entry(trail):
    _edit(trail, "UPDATE audit SET who = 'mallory' WHERE seq = 4")
    report, text = _problems(trail)
    assert report.first_break == 4
    assert "entry 4" in text and "by mallory" in text and "altered or forged" in text
    assert "broken from entry 4 on" in report.describe()


def test_a_deleted_middle_audit_entry_is_found(trail):
    _edit(trail, "DELETE FROM audit WHERE seq = 5")
    report, text = _problems(trail)
    assert report.first_break == 5
    assert "audit entry 5 is missing: the trail jumps from entry 4 to entry 6" in text


def test_a_forged_audit_row_is_found(trail):
    _edit(trail, "INSERT INTO audit (seq, tbl, doc_id, version, action, who, at, reason, changes, body_hash, "
                 "chain_hash) VALUES (8, 'accounts', 1, 4, 'update', 'manager', '2026-12-01T09:00:00+00:00', "
                 "'write-off approved', '[]', '', '" + "ab" * 32 + "')")
    report, text = _problems(trail)
    assert report.first_break == 8
    assert "entry 8" in text and "write-off approved" in text and "altered or forged" in text


def test_an_account_deleted_with_its_history_is_found(trail):
    _edit(trail, "DELETE FROM documents WHERE doc_id = 2", "DELETE FROM lookups WHERE doc_id = 2",
          "DELETE FROM audit WHERE doc_id = 2")
    report, text = _problems(trail)
    assert report.first_break == 2
    assert "audit entry 2 is missing" in text and "audit entry 5 is missing" in text


def test_a_rewritten_reason_is_found(trail):
    _edit(trail, "UPDATE audit SET reason = 'approved by the manager' WHERE seq = 6")
    report, text = _problems(trail)
    assert report.first_break == 6 and "approved by the manager" in text


def test_a_rewritten_diff_in_the_audit_is_found(trail):
    # Make the history say the balance was 40.00 before, hiding what it really was.
    _edit(trail, "UPDATE audit SET changes = replace(changes, '\"100.00\"', '\"40.00\"') WHERE seq = 4")
    report, _ = _problems(trail)
    assert report.first_break == 4


def test_a_document_deleted_without_a_removal_entry_is_found(trail):
    _edit(trail, "DELETE FROM documents WHERE doc_id = 3", "DELETE FROM lookups WHERE doc_id = 3")
    _, text = _problems(trail)
    assert "accounts document 3 is missing, but its last audit entry 6 (update v2) does not remove it" in text


def test_a_rewritten_last_changed_by_on_a_document_is_found(trail):
    _edit(trail, "UPDATE documents SET changed_by = 'alice' WHERE doc_id = 3")
    _, text = _problems(trail)
    assert "accounts document 3: it says it was last changed by alice" in text


def test_a_forged_document_is_found(trail):
    _edit(trail, "INSERT INTO documents VALUES ('accounts', 9, 1, 'alice', '2026-01-01T00:00:00+00:00', "
                 "'{\"reference\": \"A9\", \"balance\": \"0.00\"}')")
    _, text = _problems(trail)
    assert "accounts document 9: no audit entry" in text


def _rebuild_seals(path):
    """What a knowledgeable forger does after editing: recompute every seal."""
    conn = sqlite3.connect(path)
    previous = chain.GENESIS
    for row in list(chain.rows(conn)):
        previous = row.seal_after(previous)
        conn.execute("UPDATE audit SET chain_hash=? WHERE seq=?", (previous, row.seq))
    conn.commit()
    conn.close()


def test_an_exported_head_catches_a_rebuilt_trail_and_a_cut_back_end(trail, tmp_path):
    head_file = tmp_path / "elsewhere" / "head.json"
    head_file.parent.mkdir()
    head = export_head(trail, head_file)
    assert head.seq == 7
    assert check(trail, against=head_file).ok
    assert head_file.stat().st_mode & 0o077 == 0

    # Who is rewritten and every seal recomputed: the plain check cannot tell, the head can.
    _edit(trail, "UPDATE audit SET who = 'mallory' WHERE seq = 4")
    _rebuild_seals(trail)
    assert check(trail).ok
    report, text = _problems(trail, against=head_file)
    assert report.first_break == 7 and "audit entry 7 is not the one in the head exported" in text


def test_an_exported_head_catches_entries_cut_from_the_end(trail, tmp_path):
    head_file = tmp_path / "head.json"
    export_head(trail, head_file)
    _edit(trail, "DELETE FROM audit WHERE seq = 7")
    report, text = _problems(trail, against=head_file)
    assert "the trail ends at entry 6 but the head exported" in text and report.first_break == 7


def test_the_command_line_checks_against_a_head_and_reports_history(trail, tmp_path, capsys):
    head_file = tmp_path / "head.json"
    assert main(["head", str(trail), str(head_file)]) == 0
    assert main(["check", str(trail), "--against", str(head_file)]) == 0
    assert main(["history", str(trail), "a1"]) == 0
    out = capsys.readouterr().out
    assert "accounts document 1: 3 change(s)" in out
    assert "carol: 1 change(s)" in out and "bob: 1 change(s)" in out
    assert "balance: '40.00' -> '10.00'" in out
    _edit(trail, "UPDATE audit SET who = 'mallory' WHERE seq = 4")
    assert main(["check", str(trail), "--against", str(head_file)]) == 1
    assert "broken from entry 4 on" in capsys.readouterr().out
    assert main(["history", str(trail), "nobody"]) == 1


def test_history_names_a_document_by_table_and_id(trail):
    found = changes_to(trail, "accounts:2")
    assert [e.who for e in found[("accounts", 2)]] == ["alice", "bob"]
    assert "name: 'Bob Jones' -> 'Robert Jones'" in describe_changes(found)


def test_a_store_of_the_unsealed_format_is_sealed_when_opened(tmp_path):
    path = tmp_path / "old.db"
    with Store(path, user="alice") as store:
        t = store.table("t")
        t.insert({"n": 1}, reason="r")
        t.update({"n": 2}, doc_ids=[1], reason="r2")
        t.insert({"n": 5}, reason="r3")
        t.remove(doc_ids=[2], reason="r4")
    # Make it what format 1 wrote: no seal columns.
    _edit(path, "ALTER TABLE audit DROP COLUMN chain_hash", "ALTER TABLE audit DROP COLUMN body_hash",
          "UPDATE store_meta SET value = '1' WHERE key = 'format'")
    assert "not sealed" in "\n".join(check(path).problems)
    Store(path).close()
    assert check(path).ok
    # Body hashes of earlier versions were rebuilt from the trail: version 1 of document 1 was {"n": 1}.
    conn = sqlite3.connect(path)
    (digest,) = conn.execute("SELECT body_hash FROM audit WHERE seq = 1").fetchone()
    conn.close()
    assert digest == chain.body_hash(b'{"n":1}')


def test_a_save_from_before_a_restore_is_refused(tmp_path):
    path = tmp_path / "store.db"
    with Store(path, user="alice") as screen:  # an officer's open screen
        t = screen.table("accounts", indexes=REF)
        t.insert({"reference": "A1", "notes": []}, reason="opened")
        t.insert({"reference": "A2", "notes": []}, reason="opened")
        read_before = t.get(doc_id=1)
        copy = backup(path, tmp_path / "monday.db")
        with screen.change("note added", user="bob"):
            t.update({"notes": ["phoned about arrears"]}, doc_ids=[1])
        t.insert({"reference": "A3", "notes": []}, reason="opened after the backup")
        kept = restore(copy, path, user="ops")
        assert kept is not None and t.get(doc_id=1)["notes"] == []
        stale = t.get(doc_id=1)
        assert stale.version > 2 and stale.changed_by == "ops"
        read_before["notes"] = ["an edit from the screen opened before the restore"]
        with pytest.raises(ConflictError, match="changed .* by ops .* restored from backup monday.db"):
            t.save(read_before, reason="edit")
        # A read after the restore saves; ids issued before it are not issued again.
        stale["notes"] = ["after the restore"]
        t.save(stale, reason="edit")
        assert t.insert({"reference": "A4", "notes": []}, reason="new") == 4
    assert check(path).ok and check(kept).ok


def test_a_tampered_store_can_be_restored_over_and_the_copy_kept_shows_the_edit(trail, tmp_path):
    copy = backup(trail, tmp_path / "good.db")
    _edit(trail, "UPDATE audit SET who = 'mallory' WHERE seq = 4")
    kept = restore(copy, trail)
    assert check(trail).ok
    assert check(kept).first_break == 4


def test_check_refuses_a_head_file_that_is_not_one(trail, tmp_path):
    bad = tmp_path / "head.json"
    bad.write_text("nonsense")
    _, text = _problems(trail, against=bad)
    assert "not a chain head" in text
    with pytest.raises(StoreError, match="fails its check"):
        _edit(trail, "UPDATE audit SET who = 'x' WHERE seq = 2")
        export_head(trail, tmp_path / "h2.json")
