"""The import commands as cron runs them: a refused file leaves the store byte for byte as it was;
Ctrl-C, a lasting conflict or a fault gives a message and an exit status, never a traceback."""

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from revtui.clock import set_training_date
from revtui.commands.payments import main
from revtui.store import ConflictError
from tests.revtui.services.conftest import billed_account

FIXTURES = Path(__file__).parent.parent / "fixtures"


def store_bytes(path: str) -> str:
    """The store's bytes (its write-ahead log too, if one was left): the store must be closed."""
    digest = hashlib.sha256(Path(path).read_bytes())
    wal = Path(f"{path}-wal")
    if wal.exists():
        digest.update(wal.read_bytes())
    return digest.hexdigest()


@pytest.fixture()
def closed_store(cash):
    billed_account(cash, 1234)
    set_training_date(cash.store, dt.date(2026, 7, 1), reason="test clock")
    path = cash.store.path
    cash.store.close()
    # one import first, so that every table a run opens exists already
    assert main(["--store", path, "import-payments", str(FIXTURES / "payments-2026-06-30.csv"), "--layout", "csv"]) == 0
    return path


BAD_FILES = {
    "comma.csv": b"type,reference,amount,date,channel,narrative\nP,C00012343,\"12,34\",2026-06-30,POST,\nT,1,\"12,34\"\n",
    "exponent.csv": b"type,reference,amount,date,channel,narrative\nP,C00012343,1e3,2026-06-30,POST,\nT,1,1e3\n",
    "year-9999.csv": b"type,reference,amount,date,channel,narrative\nP,C00012343,1.00,9999-12-31,POST,\nT,1,1.00\n",
    "latin1.csv": b"type,reference,amount,date,channel,narrative\nP,C00012343,1.00,2026-06-30,\xa3,\nT,1,1.00\n",
    "huge-field.csv": b"type,reference,amount,date,channel,narrative\nP,C00012343,1.00,2026-06-30,POST," + b"x" * 200_000
                      + b"\nT,1,1.00\n",
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_refused_payment_file_leaves_the_store_byte_for_byte_as_it_was(closed_store, tmp_path, capsys, name):
    bad = tmp_path / name
    bad.write_bytes(BAD_FILES[name])
    before = store_bytes(closed_store)
    capsys.readouterr()

    assert main(["--store", closed_store, "import-payments", str(bad), "--layout", "csv"]) == 2

    err = capsys.readouterr().err
    assert f"{name}: line 2," in err and "Traceback" not in err
    assert store_bytes(closed_store) == before


@pytest.mark.parametrize("kind,file", [("import-arudd", "arudd.xml"), ("import-addacs", "addacs.xml")])
def test_a_refused_bacs_report_leaves_the_store_as_it_was(closed_store, tmp_path, capsys, kind, file):
    bad = tmp_path / file
    bad.write_bytes(b'<?xml version="1.0"?><!DOCTYPE BACSDocument [<!ENTITY a "a">]><BACSDocument/>')
    before = store_bytes(closed_store)
    assert main(["--store", closed_store, kind, str(bad)]) == 2
    assert "DOCTYPE" in capsys.readouterr().err
    assert store_bytes(closed_store) == before


def test_ctrl_c_during_an_import_exits_130_with_a_message(closed_store, monkeypatch, capsys):
    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("revtui.services.payments.import_payment_path", interrupted)
    code = main(["--store", closed_store, "import-payments", str(FIXTURES / "payments-2026-06-30.csv"),
                 "--layout", "csv"])
    err = capsys.readouterr().err
    assert code == 130 and "interrupted" in err and "Run the command again" in err and "Traceback" not in err


def test_a_conflict_that_outlasts_the_retries_exits_3_and_a_fault_exits_70_without_a_traceback(closed_store,
                                                                                                 monkeypatch, capsys):
    def conflict(*_args, **_kwargs):
        raise ConflictError("accounts", 1, 2, 3, "asmith", None, "moved in")

    monkeypatch.setattr("revtui.services.payments.import_payment_path", conflict)
    args = ["--store", closed_store, "import-payments", str(FIXTURES / "payments-2026-06-30.csv"), "--layout", "csv"]
    assert main(args) == 3
    assert "Run the command again" in capsys.readouterr().err

    def fault(*_args, **_kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("revtui.services.payments.import_payment_path", fault)
    assert main(args) == 70
    err = capsys.readouterr().err
    assert "internal fault (ZeroDivisionError: division by zero)" in err and "Traceback" not in err


def test_a_standalone_command_refuses_a_store_that_does_not_exist(tmp_path, capsys):
    typo = tmp_path / "typo.db"
    assert main(["--store", str(typo), "suspense"]) == 2
    assert f"no store at {typo}" in capsys.readouterr().err and not typo.exists()
