"""The installation's commands under one `revtui`: --version, the log file, --json summaries,
`demo build`, `training`, and `council check` against a council's published band table."""

import json
import os
import stat
from decimal import Decimal

import pytest

from revtui import cli

COUNCILS = ["--councils", "revtui/demo/councils"]


def test_version_names_the_installed_release(capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out.strip().startswith("revtui 0.")


def test_demo_build_and_training_run_under_revtui_and_log_to_a_private_file(tmp_path, capsys):
    store, log = tmp_path / "t.db", tmp_path / "logs" / "revtui.log"
    assert cli.main(["--store", str(store), "--log", str(log), "training", "reset", "--scenario", "demo-autumn"],
                    officer="trainer") == 0
    assert "reset to demo-autumn: today is 2026-10-01" in capsys.readouterr().out
    assert cli.main(["--store", str(store), "--log", str(log), "--json", "training", "step", "--day"],
                    officer="trainer") == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["command"] == "revtui training step" and summary["exit_status"] == 0 and summary["ok"]
    assert summary["summary"][-1] == "today is now 2026-10-02" and summary["officer"] == "trainer"
    # a failure is logged with its status: a training step backwards is refused
    assert cli.main(["--store", str(store), "--log", str(log), "training", "step", "--to", "2026-09-01"],
                    officer="trainer") == 1
    lines = log.read_text().splitlines()
    assert [line.split(" ", 2)[1:] for line in lines][0][0] == "INFO"
    assert any("start revtui training step (officer trainer" in line for line in lines)
    assert any("WARNING end revtui training step: exit status 1" in line for line in lines)
    assert stat.S_IMODE(os.stat(log).st_mode) & 0o077 == 0  # officers' names and accounts: not world-readable


def test_demo_build_makes_a_store_the_application_opens(tmp_path, capsys):
    store = tmp_path / "demo.db"
    assert cli.main(["--store", str(store), "demo", "build", "--size", "40", "--quiet"]) == 0
    assert store.is_file() and "40" in capsys.readouterr().out
    assert cli.main(["--store", str(store), "demo", "build", "--keep"]) == 0
    assert "keeping the demo council" in capsys.readouterr().out


def test_council_check_prints_the_band_table_and_finds_a_wrong_published_figure(tmp_path, capsys):
    base = ["--store", str(tmp_path / "none.db"), *COUNCILS, "--council", "demo-district", "council", "check",
            "--year", "2026"]
    assert cli.main(base) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.strip().startswith("ASH "))
    # band D in Ashby Parva: each authority's Band D, rounded, added (the county's with its ASC part, the
    # district, police, fire and the parish): the Band D lines printed above it must add up to it
    band_d = [Decimal(line.rsplit("£", 1)[1].replace(",", "")) for line in out.splitlines() if "Band D 2026/27" in line
              and not any(parish in line for parish in ("Brookfield", "Coldale"))]
    assert Decimal(row.split()[6].replace(",", "")) == sum(band_d)
    published = tmp_path / "published.csv"
    amounts = {("ASH", "D"): row.split()[6].replace(",", "")}
    lines = ["area,band,amount"] + [f"{a},{b},{v}" for (a, b), v in amounts.items()]
    published.write_text("\n".join(lines + ["ASH,E,1.00", "XXX,A,5.00", "ASH,F,abc"]) + "\n")
    assert cli.main(base + ["--against", str(published)]) == 2
    err = capsys.readouterr().err
    assert "published.csv line 2" not in err  # the matching figure
    assert "published.csv line 3: area ASH band E: published 1.00" in err
    assert "published.csv line 4: area XXX band A is not in the council's settings" in err
    assert "published.csv line 5 amount: 'abc' is not an amount of money" in err
    assert "area UNP band A is missing from the published table" in err


def test_council_check_names_a_council_the_folder_does_not_have(tmp_path, capsys):
    assert cli.main(["--store", str(tmp_path / "none.db"), *COUNCILS, "--council", "nowhere", "council", "check"]) == 2
    assert "council nowhere" in capsys.readouterr().err


def test_a_welsh_council_starts_from_an_empty_store_and_bills_in_its_own_country(tmp_path, capsys):
    """`store init`, `sample`, `billing`, `recovery-run` for the Welsh demo council: the sample's
    dwellings are in Wales and in the council's own areas, so billing charges them (it used to fail:
    'property ... is in England, the council in Wales')."""
    from revtui.records.ctax import open_records
    from revtui.store import Store

    store = tmp_path / "welsh.db"
    (tmp_path / "roles.toml").write_text('[roles.users]\nadmin = "administrator"\n')
    base = ["--store", str(store), *COUNCILS]
    assert cli.main(base + ["store", "init", "--council", "demo-welsh"]) == 0
    assert cli.main(base + ["sample", "--accounts", "30"], officer="admin") == 0
    assert cli.main(base + ["billing", "--year", "2027"], officer="admin") == 0
    assert "0 failed" in capsys.readouterr().out
    assert cli.main(base + ["recovery-run"], officer="admin") == 0
    opened = Store(store, user="t")
    try:
        records = open_records(opened)
        countries = {doc["country"] for doc in records.properties.table}
        areas = {doc["area"] for doc in records.properties.table}
        billed = [s.value for s in records.accounts if s.value.last_bill(2027)]
    finally:
        opened.close()
    assert countries == {"wales"} and areas <= {"LLAN", "ABER"} and billed


def test_store_migrate_backs_up_then_upgrades_every_old_record(tmp_path, capsys):
    """After a new release: `store migrate` writes a checked backup, then rewrites the documents an
    older program wrote (here council tax accounts at schema 1, with the bare 12-instalment plan)
    at this release's schema; a second run upgrades nothing; a clerk may not run it."""
    from revtui.records.ctax import open_records
    from revtui.store import Store
    from revtui.store.maintenance import check

    store = tmp_path / "council.db"
    (tmp_path / "roles.toml").write_text('[roles.users]\nadmin = "administrator"\nclerk = "officer"\n')
    base = ["--store", str(store), *COUNCILS]
    assert cli.main(base + ["store", "init", "--council", "demo-district"]) == 0
    assert cli.main(base + ["sample", "--accounts", "12"], officer="admin") == 0
    opened = Store(store, user="previous program")
    try:
        records = open_records(opened)
        old = []
        with opened.change("written by the previous release"):
            for stored in list(records.accounts)[:5]:  # copies, as the previous release wrote them
                document = records.accounts.to_document(stored.value)
                document.pop("preference")
                document.update({"_schema": 1, "plan": "12"})
                old.append(records.accounts.table.insert(document, reason="written by the previous release"))
    finally:
        opened.close()
    capsys.readouterr()
    assert cli.main(base + ["store", "migrate"], officer="clerk") == 77
    backup = tmp_path / "before.db"
    assert cli.main(base + ["store", "migrate", "--backup", str(backup)], officer="admin") == 0
    out = capsys.readouterr().out
    assert "ctax_accounts            schema 2: 5 document(s) upgraded" in out
    assert check(backup).ok
    opened = Store(store, user="t")
    try:
        table = open_records(opened).accounts.table
        upgraded = [table.get(doc_id=doc_id) for doc_id in old]
        kept = Store(backup, user="t")
        try:
            in_backup = [open_records(kept).accounts.table.get(doc_id=doc_id)["_schema"] for doc_id in old]
        finally:
            kept.close()
    finally:
        opened.close()
    assert all(doc["_schema"] == 2 and doc["preference"]["choices"][0]["instalments"] == 12 for doc in upgraded)
    assert in_backup == [1] * 5  # the backup is the store as it was
    assert cli.main(base + ["store", "migrate", "--backup", str(tmp_path / "again.db")], officer="admin") == 0
    assert "0 document(s) upgraded in" in capsys.readouterr().out
    # a backup that cannot be written stops it before anything is upgraded
    assert cli.main(base + ["store", "migrate", "--backup", str(backup)], officer="admin") == 2
    assert "nothing upgraded" in capsys.readouterr().err
