"""A sundry debtor invoice: lines with VAT, payment terms by invoice type, the total explained.

The catalogue (:class:`SundryRules`: VAT rates by code, invoice types with their payment terms,
income codes) is the council's data (``sundry/*.toml`` in its council folder). Each line's net amount is the
quantity times the unit price rounded to the penny, and its VAT is the net times the rate for
its VAT code rounded by :data:`VAT_ROUNDING`, line by line; the invoice total is the sum of the
lines' net and VAT, so the explanation adds up exactly.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Mapping, Sequence, TypeVar

import attrs

from revcore.dated import DatedTable
from revcore.money import PENNY_HALF_UP, format_money, money_sum, to_money
from revcore.references import parse_reference
from revcore.steps import Step, percent, render_steps
from revcore.validation import no_text_for_tuples

__all__ = [
    "VAT_ROUNDING",
    "InvoiceError",
    "VatRate",
    "InvoiceType",
    "IncomeCode",
    "SundryRules",
    "Debtor",
    "LineItem",
    "InvoiceLine",
    "Invoice",
    "raise_invoice",
]

VAT_ROUNDING = PENNY_HALF_UP
"""VAT per line to the nearest penny, half up (one of the methods HMRC VAT Notice 700 s.17 allows:
UNVERIFIED, notice not read in this pass)."""


class InvoiceError(ValueError):
    """An invoice that cannot be raised: an unknown code, no lines, a negative price."""


@attrs.frozen
class VatRate:
    code: str
    description: str
    rates: DatedTable[Decimal]
    """The rate (0.20 = 20%) by the date of supply (taken as the invoice date)."""


@attrs.frozen
class InvoiceType:
    """A kind of invoice and its payment terms: due ``terms_days`` after the invoice date (0: on
    the invoice date, "in advance")."""

    code: str
    description: str
    terms_days: int

    def due(self, issued: dt.date) -> dt.date:
        return issued + dt.timedelta(days=self.terms_days)

    @property
    def terms(self) -> str:
        return "payable on receipt" if self.terms_days == 0 else f"{self.terms_days} days from the invoice date"


@attrs.frozen
class IncomeCode:
    """The service's income code, and the VAT code its lines take unless a line says otherwise."""

    code: str
    description: str
    vat_code: str


@attrs.frozen
class SundryRules:
    """The council's catalogue of VAT rates, invoice types and income codes, by code."""

    vat: Mapping[str, VatRate]
    invoice_types: Mapping[str, InvoiceType]
    income_codes: Mapping[str, IncomeCode]

    def vat_rate(self, code: str) -> VatRate:
        return _find(self.vat, "VAT code", code)

    def invoice_type(self, code: str) -> InvoiceType:
        return _find(self.invoice_types, "invoice type", code)

    def income_code(self, code: str) -> IncomeCode:
        return _find(self.income_codes, "income code", code)


T = TypeVar("T")


def _find(table: Mapping[str, T], kind: str, code: str) -> T:
    if code not in table:
        raise InvoiceError(f"unknown {kind} {code!r}; known: {', '.join(sorted(table))}")
    return table[code]


@attrs.frozen(field_transformer=no_text_for_tuples)
class Debtor:
    """Who owes: a reference, a name, an address, and whether an individual (or sole trader), to
    whom the Pre-Action Protocol for Debt Claims applies, or a business."""

    reference: str
    name: str
    address: tuple[str, ...] = attrs.field(converter=tuple[str, ...])
    individual: bool = True


@attrs.frozen
class LineItem:
    """What the service asks to be invoiced: a description, quantity and unit price (net of
    VAT), and a VAT code if not the income code's."""

    description: str
    quantity: Decimal
    unit_price: Decimal
    vat_code: str | None = None


@attrs.frozen
class InvoiceLine:
    """A priced line: the net amount, the VAT code and rate, the VAT."""

    description: str
    quantity: Decimal
    unit_price: Decimal
    vat_code: str
    vat_rate: Decimal
    net: Decimal
    vat: Decimal

    @property
    def total(self) -> Decimal:
        return self.net + self.vat

    def steps(self) -> tuple[Step, Step]:
        return (
            Step(self.description if self.quantity == 1
                 else f"{self.description}: {self.quantity.normalize():f} x {format_money(self.unit_price)}",
                 f"net, {PENNY_HALF_UP.name}", self.net),
            Step(f"  VAT code {self.vat_code} at {percent(self.vat_rate)} of {format_money(self.net)}",
                 f"VAT, {VAT_ROUNDING.name}, line by line", self.vat),
        )


@attrs.frozen(field_transformer=no_text_for_tuples)
class Invoice:
    """A raised invoice. ``number`` is its account reference (with check digit): payments quote it
    and its ledger carries it. Build it with :func:`raise_invoice`."""

    number: str = attrs.field(converter=parse_reference)
    issued: dt.date
    debtor: Debtor
    invoice_type: InvoiceType
    income_code: IncomeCode
    lines: tuple[InvoiceLine, ...] = attrs.field(converter=tuple[InvoiceLine, ...])
    service: str = ""
    """The service area that asked for the invoice (its code in the council's ``sundry/services.toml``)."""

    def __attrs_post_init__(self) -> None:
        if not self.lines:
            raise InvoiceError(f"invoice {self.number}: no lines")
        if self.total <= 0:
            raise InvoiceError(f"invoice {self.number}: total {format_money(self.total)} is not above nothing")

    @property
    def due(self) -> dt.date:
        return self.invoice_type.due(self.issued)

    @property
    def net(self) -> Decimal:
        return money_sum(line.net for line in self.lines)

    @property
    def vat(self) -> Decimal:
        return money_sum(line.vat for line in self.lines)

    @property
    def total(self) -> Decimal:
        return self.net + self.vat

    def explain(self) -> str:
        """The invoice as lines with their rules, adding up to the total, and when it is due."""
        rows = [f"Invoice {self.number} dated {self.issued.isoformat()} to {self.debtor.name} ({self.debtor.reference})",
                f"  {self.invoice_type.description}; income code {self.income_code.code} ({self.income_code.description})"
                + (f"; service {self.service}" if self.service else "")]
        steps = [step for line in self.lines for step in line.steps()]
        rows += render_steps(steps, f"TOTAL (net {format_money(self.net)} + VAT {format_money(self.vat)})", self.total)
        rows.append(f"  due {self.due.isoformat()} ({self.invoice_type.terms})")
        return "\n".join(rows)


def _price(item: LineItem, income: IncomeCode, issued: dt.date, rules: SundryRules, where: str) -> InvoiceLine:
    if not item.description.strip():
        raise InvoiceError(f"{where}: give a description")
    if not isinstance(item.quantity, Decimal) or item.quantity <= 0:
        raise InvoiceError(f"{where}: quantity {item.quantity!r} must be a Decimal above nothing")
    price = to_money(item.unit_price, where=f"{where} unit price")
    if price < 0:
        raise InvoiceError(f"{where}: unit price {price} is negative (raise a credit note instead)")
    code = item.vat_code or income.vat_code
    vat_rate = rules.vat_rate(code)
    try:
        rate = vat_rate.rates.at(issued)
    except LookupError as error:
        raise InvoiceError(f"{where}: {error}") from None
    net = PENNY_HALF_UP(item.quantity * price)
    return InvoiceLine(item.description, item.quantity, price, code, rate, net, VAT_ROUNDING(net * rate))


def raise_invoice(rules: SundryRules, number: str, issued: dt.date, debtor: Debtor, invoice_type: str,
                  income_code: str, items: Sequence[LineItem], *, service: str = "") -> Invoice:
    """Price ``items`` and raise the invoice; raises :class:`InvoiceError` naming the bad line."""
    income = rules.income_code(income_code)
    kind = rules.invoice_type(invoice_type)
    lines = [_price(item, income, issued, rules, f"invoice {number} line {n}") for n, item in enumerate(items, 1)]
    return Invoice(number, issued, debtor, kind, income, lines, service)
