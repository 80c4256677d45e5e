"""Who a refund is paid to and how, and why a debt is written off.

A refund is paid by BACS to a bank account (sort code and account number checked exactly as a
Direct Debit payer's are, :func:`revcore.directdebit.parse_bank_account`) or by cheque to a name
at an address. A write-off names a category from the council's list (data: what the auditors
and the write-off report group by), with the officer's reason beside it.
"""

from __future__ import annotations

import enum

import attrs

from revcore.directdebit import BankAccount, DirectDebitError, ModulusCheck, parse_bank_account
from revcore.validation import AnyField, member_of

__all__ = ["RefundMethod", "Payee", "PayeeError", "bacs_payee", "cheque_payee", "WriteOffCategory"]


class PayeeError(ValueError):
    """Payee details that cannot be paid as given (a bad sort code, no address for a cheque)."""


class RefundMethod(enum.Enum):
    BACS = "BACS"
    CHEQUE = "cheque"


def _text(instance: object, attribute: AnyField, value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise PayeeError(f"{attribute.name}: give the payee's {attribute.name}")


@attrs.frozen
class Payee:
    """Who a refund goes to: ``bank`` for BACS, ``address`` (lines, postcode last) for a cheque."""

    method: RefundMethod = attrs.field(validator=member_of(RefundMethod))
    name: str = attrs.field(validator=_text)
    bank: BankAccount | None = None
    address: tuple[str, ...] = attrs.field(default=(), converter=tuple[str, ...])

    def __attrs_post_init__(self) -> None:
        if self.method is RefundMethod.BACS and self.bank is None:
            raise PayeeError("a BACS refund needs the payee's sort code and account number")
        if self.method is RefundMethod.CHEQUE and not any(line.strip() for line in self.address):
            raise PayeeError("a cheque refund needs the address the cheque is sent to")
        if self.method is RefundMethod.CHEQUE and self.bank is not None:
            raise PayeeError("a cheque refund is not paid to a bank account: choose BACS or leave the bank out")

    def describe(self) -> str:
        """For screens and listings: the account number masked to its last four digits."""
        if self.bank is not None:
            return (f"BACS to {self.name}, sort code {self.bank.sort_code[:2]}-{self.bank.sort_code[2:4]}-"
                    f"{self.bank.sort_code[4:]}, account ****{self.bank.account_number[-4:]}")
        return f"cheque to {self.name}, {', '.join(line for line in self.address if line.strip())}"


def bacs_payee(sort_code: str, account_number: str, name: str, modulus_check: ModulusCheck | None = None) -> Payee:
    """A BACS payee from details as typed (``12-34-56``); a bad one is refused naming the field."""
    if not name.strip():
        raise PayeeError("name: give the name the bank account is held in")
    try:
        bank = parse_bank_account(sort_code, account_number, name, modulus_check)
    except DirectDebitError as error:
        raise PayeeError(f"bank details: {error}") from None
    return Payee(RefundMethod.BACS, bank.name, bank)


def cheque_payee(name: str, address: tuple[str, ...] | list[str]) -> Payee:
    lines = tuple(line.strip() for line in address if line.strip())
    return Payee(RefundMethod.CHEQUE, name.strip(), None, lines)


@attrs.frozen
class WriteOffCategory:
    """A write-off's category: ``code`` from the council's list, ``label`` as printed then (the
    officer's reason, always given, says more: what "other" is)."""

    code: str = attrs.field(validator=_text)
    label: str = attrs.field(validator=_text)

    def describe(self) -> str:
        return self.label
