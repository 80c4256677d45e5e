"""Sundry debt: invoices to debtors for council services, their ledgers, statements, the
Pre-Action Protocol letter of claim, limitation and write-off. Pure: the catalogue of VAT rates,
invoice types and income codes comes from ``refdata.sundry``."""

from revcore.sundry.credit import CreditNote, cancel, credit, credit_notes, creditable, credited, is_cancelled
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
from revcore.sundry.recurring import FOUR_WEEKLY, RecurringCharge

__all__ = [
    "LetterOfClaim", "SundryRecoveryRules", "SundryDebt", "open_debt", "statement_of_account",
    "VAT_ROUNDING", "Debtor", "IncomeCode", "Invoice", "InvoiceError", "InvoiceLine", "InvoiceType", "LineItem",
    "SundryRules", "VatRate", "raise_invoice",
    "CreditNote", "cancel", "credit", "credit_notes", "creditable", "credited", "is_cancelled",
    "FOUR_WEEKLY", "RecurringCharge",
]
