"""A fresh demo council's Direct Debit payers were sent the advance notice of their collections
with their bill, so the first daily run on the next collection day collects rather than holds."""

from revcore.directdebit import bacs_processing_date
from revtui.clock import today
from revtui.demo import build_demo
from revtui.records.payments import open_cash_records
from revtui.services.directdebit import run_direct_debits, upcoming_collections
from revtui.store import Store


def test_the_first_run_on_a_fresh_demo_collects_without_holding_for_notice(tmp_path):
    path = tmp_path / "demo.db"
    build_demo(path, size=100, seed=7)
    store = Store(path, user="cron")
    try:
        day = today(store)
        cash = open_cash_records(store)
        payers = [doc for doc in cash.accounts.table if doc.get("direct_debit")]
        collections = [c for doc in payers
                       for c in upcoming_collections(cash.accounts.from_document(doc, doc.doc_id))]
        next_day = min(c.collection_date for c in collections
                       if bacs_processing_date(c.collection_date, "england") >= day)
        outcome = run_direct_debits(cash, next_day, tmp_path / "bacs", today=day, officer="cron")
    finally:
        store.close()
    assert outcome.collected > 0
    assert [h.reason for h in outcome.held if "notice" in h.reason] == []
    assert outcome.collected == sum(1 for c in collections if c.collection_date == next_day)
