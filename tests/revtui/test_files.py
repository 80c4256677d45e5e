"""Private files and CSV that a spreadsheet cannot run: the helpers every writer goes through."""

import csv
import io
import os
import stat
from decimal import Decimal

import pytest

from safefiles import GROUP_SHARED_ENV, csv_text, make_private, open_private, write_private
from revtui.store import Store
from revtui.store.maintenance import backup, restore


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(autouse=True)
def usual_umask(monkeypatch):
    monkeypatch.delenv(GROUP_SHARED_ENV, raising=False)
    old = os.umask(0o022)  # the common default, under which files are made 0644
    yield
    os.umask(old)


def test_a_private_file_is_for_its_owner_only_or_the_officers_group_when_shared(tmp_path, monkeypatch):
    assert mode(write_private(tmp_path / "a.pdf", b"%PDF")) == 0o600
    monkeypatch.setenv(GROUP_SHARED_ENV, "1")
    assert mode(write_private(tmp_path / "b.pdf", b"%PDF")) == 0o660


def test_an_existing_world_readable_file_is_narrowed_when_rewritten_and_exclusive_refuses_it(tmp_path):
    path = tmp_path / "old.csv"
    path.write_text("x")
    os.chmod(path, 0o644)
    write_private(path, "new")
    assert (mode(path), path.read_text()) == (0o600, "new")
    with pytest.raises(FileExistsError):
        open_private(path, "w", exclusive=True)
    assert path.read_text() == "new"


def test_the_store_its_wal_and_shm_backups_and_the_copy_kept_by_a_restore_are_private(tmp_path):
    path = tmp_path / "store.db"
    with Store(path, user="a") as store:
        store.table("t").insert({"sort_code": "402020"}, reason="r")
        assert {mode(path), mode(f"{path}-wal"), mode(f"{path}-shm")} == {0o600}
        copy = backup(path, tmp_path / "b.db")
        assert mode(copy) == 0o600
        kept = restore(copy, path)
        assert mode(kept) == 0o600 and mode(path) == 0o600


def test_a_store_made_world_readable_loses_that_when_opened(tmp_path, monkeypatch):
    path = tmp_path / "store.db"
    monkeypatch.setenv(GROUP_SHARED_ENV, "1")
    with Store(path) as store:
        store.table("t").insert({"n": 1}, reason="r")
        assert {mode(path), mode(f"{path}-wal"), mode(f"{path}-shm")} == {0o660}
    os.chmod(path, 0o664)
    monkeypatch.delenv(GROUP_SHARED_ENV)
    Store(path).close()
    assert mode(path) == 0o660  # others lose access; the group that shares it keeps it


def test_make_private_never_widens(tmp_path):
    path = tmp_path / "f"
    path.write_text("x")
    os.chmod(path, 0o400)
    make_private(path)
    assert mode(path) == 0o400


@pytest.mark.parametrize("hostile", ["=HYPERLINK(\"http://evil\",\"x\")", "+1+cmd|' /C calc'!A0", "-2+3",
                                     "@SUM(A1)", "\t=1", "\r=1"])
def test_a_cell_a_spreadsheet_would_run_is_written_as_text(hostile):
    [row] = list(csv.reader(io.StringIO(csv_text([[hostile, Decimal("-12.50"), -3, "plain"]]), newline="")))
    assert row == ["'" + hostile.replace("\r", "\n"), "-12.50", "-3", "plain"]
