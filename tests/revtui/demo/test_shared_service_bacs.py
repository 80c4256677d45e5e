"""A shared service: one council folder for several councils. Each council's Direct Debit files go
out under its own Service User Number (bacs/service_user.toml holds a table per council), and a
council the file does not name is refused, never given another council's number."""

import shutil

import pytest

from refdata import DataError
from refdata.bacs import load_service_user
from revcore.directdebit import bacs_processing_date
from revtui.clock import today
from revtui.demo import build_demo
from revtui.records.payments import open_cash_records
from revtui.services.directdebit import run_direct_debits, upcoming_collections
from revtui.store import Store

SHARED = """
["demo-district"]
sun = "999123"
name = "DEMO DISTRICT COUNCIL"
sort_code = "402020"
account_number = "12345678"
account_name = "DEMO DC COLLECTION"

["demo-welsh"]
sun = "888456"
name = "CYNGOR SIR DEMO"
sort_code = "401010"
account_number = "87654321"
account_name = "CYNGOR DEMO CASGLU"
"""


@pytest.fixture()
def shared_folder(tmp_path):
    folder = tmp_path / "councils"
    shutil.copytree("revtui/demo/councils", folder)
    (folder / "bacs" / "service_user.toml").write_text(SHARED)
    return folder


def test_each_council_has_its_own_service_user_number(shared_folder):
    assert load_service_user("demo-district", shared_folder).sun == "999123"
    assert load_service_user("demo-welsh", shared_folder).sun == "888456"
    with pytest.raises(DataError, match=r"no \[demo-third\] table for council 'demo-third'"):
        load_service_user("demo-third", shared_folder)


def test_a_direct_debit_run_uses_its_own_councils_number(tmp_path, shared_folder, monkeypatch):
    path = tmp_path / "district.db"
    build_demo(path, size=60, seed=3)
    monkeypatch.setenv("REVTUI_COUNCILS", str(shared_folder))  # the installation's one council folder
    store = Store(path, user="cron")
    try:
        day = today(store)
        cash = open_cash_records(store)
        collections = [c for doc in cash.accounts.table if doc.get("direct_debit")
                       for c in upcoming_collections(cash.accounts.from_document(doc, doc.doc_id))]
        next_day = min(c.collection_date for c in collections if bacs_processing_date(c.collection_date) >= day)
        outcome = run_direct_debits(cash, next_day, tmp_path / "bacs", today=day, officer="cron")
    finally:
        store.close()
    written = (tmp_path / "bacs" / outcome.run.value.collection_file).read_text()
    assert "999123" in written and "888456" not in written
