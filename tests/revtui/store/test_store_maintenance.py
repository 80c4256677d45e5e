"""Backup while officers write, restore, and an integrity check that reports and never repairs."""

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from revtui.store import Store, StoreError
from revtui.store.__main__ import main
from revtui.store.maintenance import backup, check, restore
from test_store_crash import BATCH, BATCH_WRITER, ROOT, _spawn


def _digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_a_backup_taken_while_a_writer_commits_is_consistent(tmp_path):
    path = tmp_path / "store.db"
    Store(path).close()
    writer = _spawn(BATCH_WRITER, str(path))
    try:
        for _ in range(3):
            writer.stdout.readline()
        copies = [backup(path, tmp_path / f"backup{n}.db") for n in range(3)]
    finally:
        writer.kill()
        writer.communicate()
    for copy in copies:
        assert check(copy).ok
        with Store(copy, user="reader") as store:
            docs = [d for d in store.table("docs") if "batch" in d]
            batches = {d["batch"] for d in docs}
            # Whole batches only, and the counter agrees with them: one snapshot.
            assert len(docs) == BATCH * len(batches) and batches == set(range(len(batches)))
            assert store.table("docs").get(doc_id=BATCH + 1)["batches"] == len(batches)


def test_backup_refuses_to_overwrite_and_reports_a_missing_store(tmp_path, store):
    store.table("t").insert({"n": 1}, reason="r")
    target = tmp_path / "copy.db"
    target.write_text("precious")
    with pytest.raises(StoreError, match="already exists"):
        backup(store.path, target)
    assert target.read_text() == "precious"
    with pytest.raises(StoreError, match="no such store"):
        backup(tmp_path / "nothing.db", tmp_path / "b.db")


def test_restore_brings_back_the_backup_and_keeps_the_store_it_replaced(tmp_path, store):
    table = store.table("accounts")
    table.insert({"balance": "10.00"}, reason="opened")
    copy = backup(store.path, tmp_path / "monday.db")
    table.update({"balance": "999.00"}, doc_ids=[1], reason="bad batch run")
    kept = restore(copy, store.path)
    # The open session sees the restored data at its next read.
    assert table.get(doc_id=1)["balance"] == "10.00"
    with Store(kept, user="auditor") as before:
        assert before.table("accounts").get(doc_id=1)["balance"] == "999.00"
    table.update({"balance": "5.00"}, doc_ids=[1], reason="after restore")
    assert check(store.path).ok


def test_restore_refuses_a_damaged_backup_and_leaves_the_store_alone(tmp_path, store):
    store.table("t").insert({"n": 1}, reason="r")
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 5000)
    with pytest.raises(StoreError, match="refusing to restore from a damaged backup"):
        restore(bad, store.path)
    assert store.table("t").get(doc_id=1) == {"n": 1}


def _damage(path, sql):
    conn = sqlite3.connect(path)
    conn.execute(sql)
    conn.commit()
    conn.close()


def test_check_reports_damage_and_changes_nothing(tmp_path):
    path = tmp_path / "store.db"
    with Store(path, user="a") as store:
        store.table("t").insert_multiple([{"n": i} for i in range(3)], reason="r")
    _damage(path, "UPDATE documents SET body = x'7b6e3a' WHERE doc_id = 2")  # '{n:' : torn JSON
    _damage(path, "DELETE FROM audit WHERE doc_id = 3")
    before = _digest(path)
    report = check(path)
    assert not report.ok
    assert any("t document 2: body is not valid JSON" in p for p in report.problems)
    assert any("t document 3: no audit entry" in p for p in report.problems)
    wal = Path(f"{path}-wal")
    assert _digest(path) == before and (not wal.exists() or wal.stat().st_size == 0)


def test_check_reports_a_corrupted_page(tmp_path):
    path = tmp_path / "store.db"
    with Store(path, user="a") as store:
        store.table("t").insert_multiple([{"n": i, "pad": "p" * 500} for i in range(200)], reason="r")
    size = path.stat().st_size
    with open(path, "r+b") as f:
        f.seek(size // 2)
        f.write(os.urandom(4096))
    report = check(path)
    assert not report.ok
    assert report.problems


def test_the_command_line_backs_up_checks_and_restores(tmp_path, store, capsys):
    store.table("t").insert({"n": 1}, reason="r")
    copy = tmp_path / "b.db"
    assert main(["backup", store.path, str(copy)]) == 0
    assert main(["check", str(copy)]) == 0
    assert "1 documents, 1 audit entries: no problems found" in capsys.readouterr().out
    assert main(["restore", str(copy), store.path]) == 0
    (tmp_path / "junk.db").write_text("junk")
    assert main(["check", str(tmp_path / "junk.db")]) == 1
    assert "cannot be read as a store" in capsys.readouterr().out
    result = subprocess.run([sys.executable, "-m", "revtui.store", "check", store.path], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0 and "no problems found" in result.stdout
