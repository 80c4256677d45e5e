"""The cron commands: a payment file imported twice posts once; a bad file exits 2 naming the fault."""

import datetime as dt
import re
from pathlib import Path

from revtui.clock import set_training_date
from revtui.commands.payments import main

from tests.revtui.services.conftest import billed_account

FIXTURE = Path(__file__).parent.parent / "fixtures" / "payments-2026-06-30.csv"


def test_import_payments_twice_then_list_suspense_and_a_bad_file(cash, tmp_path, capsys):
    billed_account(cash, 1234)
    billed_account(cash, 1235)
    set_training_date(cash.store, dt.date(2026, 7, 1), reason="test clock")
    path = cash.store.path
    cash.store.close()
    command = ["--store", path]  # a training store: whoever runs it is a trainer

    assert main([*command, "import-payments", str(FIXTURE), "--layout", "csv"]) == 0
    first = capsys.readouterr()
    assert re.search(r"posted to accounts +3 lines £125.50", first.out) and "reconciles to trailer" in first.out
    assert "5 lines read and checked" in first.err

    assert main([*command, "import-payments", str(FIXTURE), "--layout", "csv"]) == 0
    assert re.search(r"already posted \(skipped\) +5 lines £160.50", capsys.readouterr().out)

    assert main([*command, "suspense"]) == 0
    listing = capsys.readouterr().out
    assert "2 items in suspense, £35.00" in listing and "no account C00000426" in listing

    bad = tmp_path / "bad.csv"
    bad.write_bytes(FIXTURE.read_bytes().replace(b"60.00,2026-06-30,POST", b"6O.00,2026-06-30,POST"))
    assert main([*command, "import-payments", str(bad), "--layout", "csv"]) == 2
    assert "bad.csv: line 2, amount: '6O.00' is not an amount" in capsys.readouterr().err

    assert main([*command, "approvals"]) == 0
    assert "0 requests waiting" in capsys.readouterr().out


def test_dd_run_from_cron_writes_the_files_and_a_rerun_does_nothing(cash, tmp_path, capsys):
    from revtui.services.directdebit import set_up_direct_debit

    billed_account(cash, 1234)
    set_up_direct_debit(cash, "C00012343", "200000", "55512345", "Ms A Payer", today=dt.date(2026, 5, 11), officer="amy")
    set_training_date(cash.store, dt.date(2026, 5, 28), reason="test clock")
    path = cash.store.path
    cash.store.close()
    command = ["--store", path]
    out = tmp_path / "bacs"

    # Thursday 28 May is the input day: by default collect two banking days on, Monday 1 June
    assert main([*command, "dd-run", "--out", str(out)]) == 0
    first = capsys.readouterr().out
    # the 0N is lodged by this run, so the mandate is not yet active for this collection
    assert "Direct Debit run for collection on 2026-06-01" in first and "1 AUDDIS instructions" in first
    assert "held C00012343 254.00: mandate C00012343 is new" in first
    assert main([*command, "dd-run", "--date", "2026-07-01", "--out", str(out)]) == 0
    assert "1 collections, £254.00" in capsys.readouterr().out
    assert main([*command, "dd-run", "--date", "2026-07-01", "--out", str(out)]) == 0
    assert "nothing to collect or lodge" in capsys.readouterr().out
    assert sorted(p.name for p in out.iterdir()) == ["AUDDIS-2026-06-01-A00001.txt", "DD-2026-07-01-000002.txt"]
