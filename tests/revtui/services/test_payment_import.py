"""A payment file posted once however often it is imported; unmatched lines to suspense, then placed."""

from decimal import Decimal

import pytest

from revcore.references import make_reference
from revtui.imports.problems import ImportRejected
from revtui.services.changes import ActionError
from revtui.services.payment_import import import_payments, place_suspense, suspense_waiting

FILE = """type,reference,amount,date,channel,narrative
P,C00000019,60.00,2026-11-20,POST,
P,00000027,125.50,2026-11-20,PAYPOINT,prefix dropped
P,C00000020,20.00,2026-11-20,POST,check digit mistyped
T,3,205.50
"""


def balance(session, reference):
    return session.records.accounts.find_one("reference", reference).value.ledger.balance


def test_import_posts_matched_lines_once_and_suspense_is_placed_by_an_officer(session, tmp_path):
    path = tmp_path / "pay-2026-11-20.csv"
    path.write_text(FILE)
    before = {ref: balance(session, ref) for ref in ("C00000019", "C00000027")}
    report = import_payments(session, path)
    assert report.reconciles and (report.posted_count, report.suspense_count) == (2, 1)
    assert balance(session, "C00000019") == before["C00000019"] - Decimal("60.00")
    assert balance(session, "C00000027") == before["C00000027"] - Decimal("125.50")

    (tmp_path / "renamed.csv").write_text(FILE)
    again = import_payments(session, tmp_path / "renamed.csv")  # the same bytes under another name
    assert (again.posted_count, again.skipped_count) == (0, 3)
    assert balance(session, "C00000019") == before["C00000019"] - Decimal("60.00")

    [item] = suspense_waiting(session)
    assert "not valid" in item.value.reason
    with pytest.raises(ActionError, match="no account"):
        place_suspense(session, item, make_reference("C", 9999))  # well formed, but no such account
    assert "posted to C00000035" in place_suspense(session, item, "C00000035")
    assert suspense_waiting(session) == []


def test_a_malformed_file_is_rejected_and_nothing_posted(session, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(FILE.replace("60.00", "sixty"))
    before = balance(session, "C00000027")
    with pytest.raises(ImportRejected, match="line 2"):
        import_payments(session, path)
    assert balance(session, "C00000027") == before
