"""Cash posting properties: every line placed exactly once, totals reconcile, re-runs post nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, strategies as st

from revcore.cashposting import PaymentFile, PaymentKind, PaymentLine, post_payments
from revcore.references import make_reference

REFERENCES = [make_reference("C", serial) for serial in range(1, 40)]
ACCOUNTS = frozenset(REFERENCES[:25])  # references 26-39 are valid but have no account

line_parts = st.tuples(
    st.sampled_from(REFERENCES + ["C00012344", "12345", "C0000001X"]),  # plus malformed ones
    st.integers(min_value=1, max_value=500_000).map(lambda pence: Decimal(pence) / 100),
    st.sampled_from(PaymentKind),
)


def make_file(parts) -> PaymentFile:
    lines = [PaymentLine(n, ref, amount.quantize(Decimal("0.01")), dt.date(2026, 6, 30), kind) for n, (ref, amount, kind) in enumerate(parts, start=2)]
    total = sum((line.signed_amount for line in lines), Decimal("0.00"))
    return PaymentFile("f.csv", "abc123", "csv", lines, len(lines), total)


@given(st.lists(line_parts, max_size=40), st.data())
def test_every_line_is_placed_once_and_reruns_post_nothing(parts, data):
    payment_file = make_file(parts)
    done_before = frozenset(data.draw(st.sets(st.sampled_from([payment_file.key(l) for l in payment_file.lines]))) if parts else set())
    result = post_payments(payment_file, ACCOUNTS, done_before)
    placed = [p.line.line for p in result.postings] + [s.line.line for s in result.suspense] + [l.line for l in result.skipped]
    assert sorted(placed) == [line.line for line in payment_file.lines]
    assert result.keys.isdisjoint(done_before)
    assert all(p.account_reference in ACCOUNTS for p in result.postings)
    assert result.report.reconciles
    again = post_payments(payment_file, ACCOUNTS, done_before | result.keys)
    assert again.postings == () and again.suspense == () and len(again.skipped) == len(payment_file.lines)


def test_posting_report_text(snapshot):
    parts = [(REFERENCES[0], Decimal("60.00"), PaymentKind.PAYMENT), ("C00012344", Decimal("20.00"), PaymentKind.PAYMENT),
             (REFERENCES[0], Decimal("60.00"), PaymentKind.RETURN), (REFERENCES[30], Decimal("1250.00"), PaymentKind.PAYMENT)]
    assert "\n".join(post_payments(make_file(parts), ACCOUNTS, frozenset()).report.lines()) == snapshot
