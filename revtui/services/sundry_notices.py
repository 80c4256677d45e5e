"""Sundry invoices and statements as notices (``letters``): the view models built from the
stored debts, and their PDFs in the council's languages (English, and Welsh first for a council
in Wales, as every notice). Previews: printing them in a print run is not built yet."""

from __future__ import annotations

import datetime as dt

from letters.model import (
    Addressee, ModelError, NoticeHeader, StatementRow, SundryInvoiceLine, SundryInvoiceNotice, SundryStatement,
)
from letters.render import preview_pdf
from revcore.money import ZERO
from revcore.steps import percent
from revcore.sundry import Debtor, SundryDebt
from revtui.services.notices import branding_for
from revtui.services.session import Session
from revtui.services.sundry_invoices import SundryError, debts_of, find_debtor, find_invoice

__all__ = ["invoice_notice", "statement_notice", "sundry_pdf"]


def _header(session: Session, debtor: Debtor, reference: str, issued: dt.date) -> NoticeHeader:
    lines = [line for line in debtor.address if line.strip()]
    try:
        addressee = Addressee((debtor.name,), tuple(lines[:-1]), lines[-1] if lines else "")
    except (ModelError, IndexError) as error:
        raise SundryError(f"{debtor.reference}: the address cannot be printed ({error}); give the address lines "
                          "and the postcode last") from None
    return NoticeHeader(session.tariff.council.code, reference, issued, addressee)


def invoice_notice(session: Session, debt: SundryDebt) -> SundryInvoiceNotice:
    invoice = debt.invoice
    lines = tuple(SundryInvoiceLine(line.description, f"{line.quantity.normalize():f}", line.unit_price, line.vat_code,
                                    percent(line.vat_rate), line.net, line.vat) for line in invoice.lines)
    return SundryInvoiceNotice(_header(session, invoice.debtor, invoice.number, invoice.issued),
                               invoice.income_code.description, lines, invoice.net, invoice.vat, invoice.total,
                               invoice.due, invoice.invoice_type.terms_days)


def statement_notice(session: Session, reference: str, as_at: dt.date | None = None) -> SundryStatement:
    """The statement of one invoice, or of all of a debtor's (an SD reference)."""
    as_at = as_at or session.today
    reference = reference.strip().upper()
    if reference.startswith("SD"):
        found = find_debtor(session.store, reference)
        if found is None:
            raise SundryError(f"no sundry debtor {reference!r}")
        debtor, debts = found.value.debtor, debts_of(session.store, reference)
    else:
        debt = find_invoice(session.store, reference).value
        debtor, debts = debt.invoice.debtor, [debt]
    entries = sorted((e for d in debts for e in d.ledger.entries if e.effective <= as_at),
                     key=lambda e: (e.effective, e.id))
    rows, running = [], ZERO
    for entry in entries:
        running += entry.amount
        rows.append(StatementRow(entry.effective, entry.reason, entry.amount, running))
    return SundryStatement(_header(session, debtor, reference, as_at), as_at, tuple(rows), running)


def sundry_pdf(session: Session, reference: str, kind: str) -> bytes:
    """A PDF of an invoice (``invoice``) or a statement (``statement``) of an invoice or debtor."""
    if kind == "invoice":
        notice = invoice_notice(session, find_invoice(session.store, reference).value)
    elif kind == "statement":
        notice = statement_notice(session, reference)
    else:
        raise SundryError(f"kind: {kind!r} is not invoice or statement")
    return preview_pdf(notice, branding_for(session))
