"""Loading a council from its incumbent system (issue 18 item 3; docs/migration-format.md).

An officer cares that a defective extract loads nothing and says where every defect is, that a
clean one loads once and reconciles to the penny with the extract's own control totals, and that
the council can then bill and run recovery on what was loaded.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import sqlite3
import stat
from decimal import Decimal

import pytest

from revcore.directdebit import MandateStatus
from revcore.entries import Category
from revcore.instalments import Plan
from revcore.periods import FinancialYear
from revtui.cli import main
from revtui.clock import set_training_date
from revtui.demo.settings import DEMO_COUNCILS
from revtui.records.ctax import open_records
from revtui.services.recovery import recovery_repository
from revtui.store import Store
from tests.revtui.migration_extract import GO_LIVE, write_extract

OFFICER = "migrator"


def empty_store(tmp_path, monkeypatch, code):
    """An empty store for demo council ``code``, its clock on go-live day, and an administrator."""
    monkeypatch.setenv("REVTUI_COUNCILS", str(DEMO_COUNCILS))
    path = tmp_path / "council.db"
    (tmp_path / "roles.toml").write_text(f'[roles.users]\n"{OFFICER}" = "administrator"\n')
    assert main(["--store", str(path), "store", "init", "--council", code], officer=OFFICER) == 0
    store = Store(path, user="test")
    set_training_date(store, GO_LIVE, reason="test: the council's clock on go-live day")
    store.close()
    return path


@pytest.fixture()
def council(tmp_path, monkeypatch):
    return empty_store(tmp_path, monkeypatch, "demo-district")


def revtui(path, *args):
    return main(["--store", str(path), *args], officer=OFFICER)


def held(path):
    store = Store(path, user="test")
    try:
        records = open_records(store)
        return len(records.properties), [stored.value for stored in records.accounts]
    finally:
        store.close()


def dump(path):
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def _write(folder, name, text):
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.csv").write_text(text.lstrip())


def small_extract(folder):
    """Two dwellings, three accounts (one closed), worked by hand below."""
    _write(folder, "properties", """
property_reference,uprn,address_1,address_2,postcode,band,band_from,charging_area
P1,100000000001,1 Mill Lane,Demo Town,DM1 1AA,D,1993-04-01,UNP
P2,,2 Mill Lane,Demo Town,DM1 1AA,B,1993-04-01,ASH
""")
    _write(folder, "accounts", """
account_reference,property_reference,liability_start,liability_end,basis
C00000019,P1,2010-05-01,2024-06-30,resident
C00000027,P1,2024-07-01,,resident
C00000035,P2,2001-01-15,,owner
""")
    _write(folder, "persons", """
account_reference,person_reference,name,date_of_birth
C00000019,R1,Ann Old,1950-02-03
C00000027,R2,Bob New,
C00000027,R3,Cath New,1988-08-08
C00000035,R4,Dee Owner,
""")
    _write(folder, "discounts", """
account_reference,kind,code,start,end,disregarded
C00000019,discount,single-person,2010-05-01,2024-06-30,
""")
    _write(folder, "payment_methods", """
account_reference,method,instalment_day
C00000027,direct_debit,15
C00000035,cash,1
""")
    _write(folder, "mandates", """
account_reference,mandate_reference,sort_code,account_number,account_name,signed_on,lodged_on,collected
C00000027,DDREF000027,123456,12345678,B New,2024-07-10,2024-07-13,yes
""")
    _write(folder, "instalment_plans", """
account_reference,instalments,chosen_on
C00000027,12,2024-07-10
""")
    _write(folder, "balances", """
account_reference,year,charge_balance,costs_balance
C00000019,2024/25,123.45,70.00
C00000027,2025/26,0.55,
C00000027,2026/27,-10.00,
C00000035,2025/26,200.00,
""")
    _write(folder, "recovery_stages", """
account_reference,year,stage,stage_date,amount,until
C00000019,2024/25,reminder,2024-09-02,123.45,2024-09-09
C00000019,2024/25,summons,2024-10-07,123.45,2024-11-04
C00000019,2024/25,liability_order,2024-11-04,193.45,
""")
    # By hand: 2024/25 charge 123.45; 2025/26 charge 0.55 + 200.00 = 200.55; 2026/27 a credit of
    # 10.00; costs 70.00 in 2024/25. Total 123.45 + 200.55 - 10.00 + 70.00 = 384.00.
    _write(folder, "control_totals", """
item,value
council,demo-district
go_live,2027-03-15
properties,2
accounts,3
persons,4
discounts,1
payment_methods,2
mandates,1
instalment_plans,1
balances,4
recovery_stages,3
open_liabilities,2
charge_balance 2024/25,123.45
charge_balance 2025/26,200.55
charge_balance 2026/27,-10.00
costs_balance 2024/25,70.00
total_balance,384.00
""")


def test_a_small_extract_loads_once_and_reconciles_to_the_penny(council, tmp_path, capsys):
    small_extract(tmp_path / "extract")
    report = tmp_path / "reconciliation.csv"
    assert revtui(council, "migrate", "--from", str(tmp_path / "extract"), "--report", str(report)) == 0
    out = capsys.readouterr().out
    assert "loaded 2 dwellings and 3 accounts" in out and "all 15 figures agree to the penny" in out
    assert "charge_balance 2025/26           200.55           200.55           200.55  agrees" in out
    assert stat.S_IMODE(os.stat(report).st_mode) & 0o077 == 0  # names and balances: private
    assert "total_balance,384.00,384.00,384.00,yes" in report.read_text()

    dwellings, accounts = held(council)
    by_ref = {account.reference: account for account in accounts}
    assert dwellings == 2 and set(by_ref) == {"C00000019", "C00000027", "C00000035"}
    old, new, owner = by_ref["C00000019"], by_ref["C00000027"], by_ref["C00000035"]
    assert old.ledger.balance_of(FinancialYear(2024), Category.CHARGE) == Decimal("123.45")
    assert old.ledger.balance_of(FinancialYear(2024), Category.COSTS) == Decimal("70.00")
    assert old.ledger.closed_on == dt.date(2024, 6, 30)  # ended before go-live: a credit would be for refund
    assert old.liability.discounts[0].reason.value == "single-person"
    assert new.ledger.balance == Decimal("-9.45")  # 0.55 owed for 2025/26, 10.00 credit for 2026/27
    assert [p.name for p in new.persons] == ["Bob New", "Cath New"] and new.instalment_day == 15
    assert new.direct_debit.mandate.status is MandateStatus.ACTIVE and new.direct_debit.mandate.collected
    assert new.plan is Plan.TWELVE  # asked for 12 instalments: the next bill has 12
    assert owner.liability.basis.value == "owner" and owner.ledger.balance == Decimal("200.00")
    store = Store(council, user="test")
    try:
        history = recovery_repository(store).find_one("account", "C00000019")
    finally:
        store.close()
    assert [item.event.stage for item in history.value.history] == ["reminder", "summons", "liability_order"]

    assert revtui(council, "migrate", "--from", str(tmp_path / "extract")) == 0
    assert "nothing loaded again" in capsys.readouterr().out
    assert len(held(council)[1]) == 3


def test_a_control_total_that_disagrees_with_the_files_stops_the_load(council, tmp_path, capsys):
    folder = tmp_path / "extract"
    small_extract(folder)
    control = folder / "control_totals.csv"
    control.write_text(control.read_text().replace("charge_balance 2025/26,200.55", "charge_balance 2025/26,200.56"))
    assert revtui(council, "migrate", "--from", str(folder)) == 2
    err = capsys.readouterr().err
    assert ("control_totals.csv: line 15, value: charge_balance 2025/26: the control total says 200.56, "
            "the files hold 200.55") in err
    assert held(council) == (0, [])


def test_a_council_of_2000_dwellings_is_checked_loaded_reconciled_billed_and_recovered(council, tmp_path, capsys):
    spoilt = write_extract(tmp_path / "spoilt", 2000, defects=True)
    assert revtui(council, "migrate", "--from", str(tmp_path / "spoilt")) == 2
    err = capsys.readouterr().err
    for file, line, field in spoilt.defects:
        assert f"{file}: line {line}, {field}: " in err, (file, line, field)
    assert "nothing loaded" in err and held(council) == (0, [])

    facts = write_extract(tmp_path / "extract", 2000)
    before = dump(council)
    assert revtui(council, "migrate", "--from", str(tmp_path / "extract"), "--dry-run") == 0
    out = capsys.readouterr().out
    assert "dry run" in out and f"{facts.accounts:,} accounts" in out
    assert dump(council) == before  # not a row of the store changed, the audit trail included

    assert revtui(council, "migrate", "--from", str(tmp_path / "extract")) == 0
    out = capsys.readouterr().out
    assert "figures agree to the penny" in out and "DOES NOT AGREE" not in out
    dwellings, accounts = held(council)
    assert dwellings == 2000 and len(accounts) == facts.accounts
    # the generator's own sums, against the ledgers as stored
    for item, amount in facts.balances.items():
        kind, label = item.split()
        category = Category.COSTS if kind == "costs_balance" else Category.CHARGE
        year = FinancialYear.parse(label)
        assert sum((a.ledger.balance_of(year, category) for a in accounts), Decimal(0)) == amount, item
    assert sum((a.ledger.balance for a in accounts), Decimal(0)) == facts.total

    assert revtui(council, "migrate", "--from", str(tmp_path / "extract")) == 0
    assert "nothing loaded again" in capsys.readouterr().out and len(held(council)[1]) == facts.accounts

    assert revtui(council, "billing", "--year", "2027") == 0
    assert capsys.readouterr().out.startswith(f"billing 2027/28: {facts.open_accounts} billed, 0 unchanged, 0 failed")
    store = Store(council, user="test")
    set_training_date(store, dt.date(2027, 4, 19), reason="test: the first recovery run after billing")
    store.close()
    assert revtui(council, "recovery-run", "--issue") == 0
    run = capsys.readouterr().out
    recorded = int(run.split(" recorded")[0].rsplit(", ", 1)[1])
    assert recorded > 0, run  # brought-forward years with no recovery step yet get their reminders
    # still true after billing and recovery: the reconciliation reads the migration's own entries
    assert revtui(council, "migrate", "--from", str(tmp_path / "extract"), "--reconcile") == 0
    assert "figures agree to the penny" in capsys.readouterr().out


def test_a_missing_file_and_an_unknown_column_are_reported_and_nothing_is_read(council, tmp_path, capsys):
    folder = tmp_path / "extract"
    small_extract(folder)
    (folder / "persons.csv").unlink()
    balances = folder / "balances.csv"
    balances.write_text(balances.read_text().replace("costs_balance", "costs"))
    defects = tmp_path / "defects.csv"
    assert revtui(council, "migrate", "--from", str(folder), "--dry-run", "--report", str(defects)) == 2
    err = capsys.readouterr().err
    assert "persons.csv: line 0, file: missing: the extract must include the liable persons" in err
    assert "balances.csv: line 1, header: 'costs' is not a column of balances.csv" in err
    rows = list(csv.reader(defects.open()))  # for the mapping team
    assert ["balances.csv", "1", "header"] in [row[:3] for row in rows] and rows[0] == ["file", "line", "field", "problem"]
    assert held(council) == (0, [])


def test_a_welsh_council_with_band_i_is_loaded_reconciled_billed_and_recovered(tmp_path, monkeypatch, capsys):
    council = empty_store(tmp_path, monkeypatch, "demo-welsh")
    welsh = dict(council="demo-welsh", areas=("LLAN", "ABER"), bands="ABBCCDDEFGHI", seed=2027)
    asked = write_extract(tmp_path / "twelve", 400, **welsh)
    # no Welsh 12-instalment rule is verified yet (docs/notes.md): refused at the check, not at billing
    assert revtui(council, "migrate", "--from", str(tmp_path / "twelve"), "--dry-run") == 2
    err = capsys.readouterr().err
    assert "instalment_plans.csv: line 2, instalments: 12 instalments cannot be requested under the Wales" in err
    assert asked.accounts and held(council) == (0, [])
    facts = write_extract(tmp_path / "extract", 400, twelve=False, **welsh)
    assert revtui(council, "migrate", "--from", str(tmp_path / "extract")) == 0
    assert "figures agree to the penny" in capsys.readouterr().out
    store = Store(council, user="test")
    try:
        bands = {stored.value.bands[0].band for stored in open_records(store).properties}
    finally:
        store.close()
    assert "I" in bands  # Wales has a ninth band (LGFA 1992 s.5(1A))
    assert revtui(council, "billing", "--year", "2027") == 0
    assert capsys.readouterr().out.startswith(f"billing 2027/28: {facts.open_accounts} billed, 0 unchanged, 0 failed")
    store = Store(council, user="test")
    set_training_date(store, dt.date(2027, 4, 19), reason="test: the first recovery run after billing")
    store.close()
    assert revtui(council, "recovery-run", "--issue") == 0
    assert int(capsys.readouterr().out.split(" recorded")[0].rsplit(", ", 1)[1]) > 0
