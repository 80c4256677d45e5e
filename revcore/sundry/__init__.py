"""Sundry debt: invoices to debtors for council services, their ledgers, statements, the
Pre-Action Protocol letter of claim, limitation and write-off. Pure: the catalogue of VAT rates,
invoice types and income codes comes from ``refdata.sundry``."""

from revcore.sundry.debt import LetterOfClaim, SundryRecoveryRules, SundryDebt, open_debt, statement_of_account
from revcore.sundry.invoice import (
    VAT_ROUNDING,
    Debtor,
    IncomeCode,
    Invoice,
    InvoiceError,
    InvoiceLine,
    InvoiceType,
    LineItem,
    SundryRules,
    VatRate,
    raise_invoice,
)

__all__ = [
    "LetterOfClaim", "SundryRecoveryRules", "SundryDebt", "open_debt", "statement_of_account",
    "VAT_ROUNDING", "Debtor", "IncomeCode", "Invoice", "InvoiceError", "InvoiceLine", "InvoiceType", "LineItem",
    "SundryRules", "VatRate", "raise_invoice",
]
