"""View models: the data a notice template renders, and nothing else.

Each notice type is a frozen attrs class registered by name with :func:`notice_type`; its
template is ``templates/<name>.html.j2``. Adding a notice type is that class and that
template: rendering, storage (cattrs), print runs and reprints work from the registry.

View models hold values already decided by the engine (amounts, dates, percentages): a
template formats, it never calculates. Validators check the sums a reader would check
(instalments add up to the amount payable, charge lines to the total), so a notice that
contradicts itself cannot be built. Field names follow revcore where it has them
(``account_reference``, ``financial_year`` as the "2027/28" label, inclusive period ends).

Wording that varies by language comes from the locale catalogues; free text an officer or
the engine supplies in both languages is a :class:`LocalText`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Callable, ClassVar, TypeVar

import attrs

from revcore.money import ZERO, money_sum

__all__ = [
    "ModelError",
    "LocalText",
    "Addressee",
    "NoticeHeader",
    "AuthorityCharge",
    "AUTHORITY_KINDS",
    "NoticeChargeLine",
    "NoticeInstalment",
    "PremiumRate",
    "ClassDiscount",
    "Notice",
    "NoticeType",
    "notice_type",
    "NOTICE_TYPES",
    "AnnualBill",
    "AdjustmentNotice",
    "Reminder",
    "SecondReminder",
    "FinalNotice",
    "Summons",
    "LiabilityOrderNotice",
    "DeductionRate",
    "AttachmentOfEarningsOrder",
    "DeaNotice",
    "EnforcementReferral",
    "RefundLetter",
    "RatesRefundLetter",
    "SundryRefundLetter",
    "CompletionNotice",
    "GeneralLetter",
    "SundryInvoiceLine",
    "SundryInvoiceNotice",
    "StatementRow",
    "SundryStatement",
    "RatesMultiplierRate",
    "RatesValue",
    "RatesDemandNotice",
    "RatesAdjustmentNotice",
]


class ModelError(ValueError):
    """A view model whose figures contradict each other, or a field that cannot be printed."""


# GOV.UK Notify's letter rules: an address of 3 to 7 lines, the postcode last; the envelope
# window (notice.css .window) holds seven at 10.8 pt below two lines of return address.
MAX_ADDRESS_LINES = 7


def _money(instance, attribute, value) -> None:
    if not isinstance(value, Decimal) or value != value.quantize(Decimal("0.01")):
        raise ModelError(f"{type(instance).__name__}.{attribute.name}: {value} is not money in pounds and pence")


def _opt_money(instance, attribute, value) -> None:
    if value is not None:
        _money(instance, attribute, value)


def _non_negative(instance, attribute, value) -> None:
    _money(instance, attribute, value)
    if value < 0:
        raise ModelError(f"{type(instance).__name__}.{attribute.name}: {value} is negative")


def _date(instance, attribute, value) -> None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ModelError(f"{type(instance).__name__}.{attribute.name}: {value!r} is not a date")


def _opt_date(instance, attribute, value) -> None:
    if value is not None:
        _date(instance, attribute, value)


def _text(instance, attribute, value) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ModelError(f"{type(instance).__name__}.{attribute.name}: must be non-empty text")


def _tuple(value) -> tuple:
    return tuple(value)


@attrs.frozen
class LocalText:
    """Text supplied in English and, for councils in Wales, Welsh (``cy``)."""

    en: str = attrs.field(validator=_text)
    cy: str | None = None

    def get(self, lang: str) -> str | None:
        return self.cy if lang == "cy" else self.en


@attrs.frozen
class Addressee:
    """Who the notice goes to and the postal address printed in the envelope window."""

    names: tuple[str, ...] = attrs.field(converter=_tuple)
    address_lines: tuple[str, ...] = attrs.field(converter=_tuple)
    postcode: str = attrs.field(validator=_text)

    def __attrs_post_init__(self) -> None:
        if not self.names or not self.address_lines:
            raise ModelError("Addressee: needs at least one name and one address line")
        if len(self.window_lines) > MAX_ADDRESS_LINES:
            raise ModelError(
                f"the address has {len(self.window_lines)} lines with the names and postcode: at most "
                f"{MAX_ADDRESS_LINES} fit the envelope window (GOV.UK Notify's rule); shorten or join lines"
            )

    @property
    def window_lines(self) -> tuple[str, ...]:
        return (*self.names, *self.address_lines, self.postcode)


@attrs.frozen
class NoticeHeader:
    """What every notice shows at the top: who, which account, which property, when issued."""

    council_id: str = attrs.field(validator=_text)
    account_reference: str = attrs.field(validator=_text)
    issue_date: dt.date = attrs.field(validator=_date)
    addressee: Addressee
    property_address: tuple[str, ...] = attrs.field(converter=_tuple, factory=tuple)
    property_reference: str | None = None


AUTHORITY_KINDS = ("billing", "adult_social_care", "major_precept", "parish")


@attrs.frozen
class AuthorityCharge:
    """One authority's share of the band charge, with last year's figure and the change.

    ``kind`` is one of :data:`AUTHORITY_KINDS`. The adult social care precept (England) is a
    separate line of kind ``adult_social_care`` beside its authority's ``billing`` line, as
    the Demand Notices regs require it shown apart (SI 2011/3038 Sch 1 paras 13-16).
    ``percent_change`` is the engine's figure (rounded as it chose), shown as given.
    """

    name: LocalText
    kind: str = attrs.field(validator=attrs.validators.in_(AUTHORITY_KINDS))
    amount: Decimal = attrs.field(validator=_non_negative)
    previous_amount: Decimal | None = attrs.field(default=None, validator=_opt_money)
    percent_change: Decimal | None = None


@attrs.frozen
class NoticeChargeLine:
    """One line of the charge explained: a band charge, discount, reduction, premium, payment.

    ``code`` names the rule (e.g. ``single_person_discount``) and picks the wording in each
    language from the catalogue; ``text`` is the engine's English text, used when the
    catalogue has no entry for ``code``. ``start``/``end`` are inclusive.
    """

    code: str = attrs.field(validator=_text)
    text: str = attrs.field(validator=_text)
    amount: Decimal = attrs.field(validator=_money)
    start: dt.date | None = attrs.field(default=None, validator=_opt_date)
    end: dt.date | None = attrs.field(default=None, validator=_opt_date)
    percent: Decimal | None = None  # a discount's or premium's percentage, named on the line


@attrs.frozen
class NoticeInstalment:
    due_date: dt.date = attrs.field(validator=_date)
    amount: Decimal = attrs.field(validator=_money)


def _check_instalments(owner: str, instalments: tuple[NoticeInstalment, ...], total: Decimal) -> None:
    scheduled = money_sum(i.amount for i in instalments)
    if instalments and scheduled != total:
        raise ModelError(f"{owner}: instalments add up to {scheduled}, not the {total} payable")
    dates = [i.due_date for i in instalments]
    if dates != sorted(dates):
        raise ModelError(f"{owner}: instalment dates are not in order")


@attrs.frozen
class PremiumRate:
    """A premium the council determined for the year: ``long_term_empty`` from ``after_years``
    complete years empty, or ``second_home``. A Welsh bill states them (SI 1993/255 Sch 2 as
    amended by SI 2017/40 (W. 16): whether a premium is charged, and its percentage)."""

    kind: str = attrs.field(validator=attrs.validators.in_(("long_term_empty", "second_home")))
    percent: Decimal = attrs.field()
    after_years: int | None = None


@attrs.frozen
class ClassDiscount:
    """The discount the council determined for the year for a class of dwellings prescribed under
    LGFA 1992 s.12 (Wales: classes A, B and C; 0 is no discount). A Welsh bill states them
    (SI 1993/255 Sch 2 para 15(c))."""

    dwelling_class: str = attrs.field(validator=attrs.validators.in_(("A", "B", "C")))
    percent: Decimal = attrs.field()


# ---------------------------------------------------------------------------------------------
# The registry


@attrs.frozen
class NoticeType:
    """A registered notice type: its name, view-model class and template version.

    Bump ``version`` whenever the template's output changes, so stored notices say which
    template produced them.
    """

    name: str
    model: type
    version: int

    @property
    def template(self) -> str:
        return f"{self.name}.html.j2"


NOTICE_TYPES: dict[str, NoticeType] = {}

N = TypeVar("N")


def notice_type(name: str, version: int) -> Callable[[type[N]], type[N]]:
    """Class decorator registering a view model as notice type ``name``."""

    def register(cls: type[N]) -> type[N]:
        if name in NOTICE_TYPES:
            raise ModelError(f"notice type {name!r} registered twice")
        NOTICE_TYPES[name] = NoticeType(name, cls, version)
        cls.notice_type = name  # type: ignore[attr-defined]
        return cls

    return register


class Notice:
    """Behaviour every view model shares (attrs classes inherit it; it holds no fields)."""

    notice_type: ClassVar[str]
    header: NoticeHeader

    @property
    def headline_amount(self) -> Decimal:
        """The sum a print run's totals reconcile: what this notice asks for (or repays)."""
        return ZERO


def _fy(instance, attribute, value) -> None:
    if not (isinstance(value, str) and len(value) == 7 and value[4] == "/"):
        raise ModelError(f"{type(instance).__name__}.{attribute.name}: {value!r} is not a year label like 2027/28")


# ---------------------------------------------------------------------------------------------
# Council tax billing


@notice_type("annual_bill", version=4)
@attrs.frozen
class AnnualBill(Notice):
    """The demand notice for a financial year (SI 2011/3038 Sch 1 Part 2 in England).

    ``authorities`` are the band's annual amounts per authority; ``charge_lines`` explain
    this account's charge and add up to ``total_charge``; ``paid`` is what was paid or
    credited before this notice; the instalments add up to ``amount_payable``.
    """

    header: NoticeHeader
    financial_year: str = attrs.field(validator=_fy)
    period_start: dt.date = attrs.field(validator=_date)
    period_end: dt.date = attrs.field(validator=_date)
    band: str = attrs.field(validator=_text)
    authorities: tuple[AuthorityCharge, ...] = attrs.field(converter=_tuple)
    charge_lines: tuple[NoticeChargeLine, ...] = attrs.field(converter=_tuple)
    total_charge: Decimal = attrs.field(validator=_non_negative)
    paid: Decimal = attrs.field(validator=_money)
    amount_payable: Decimal = attrs.field(validator=_money)
    instalments: tuple[NoticeInstalment, ...] = attrs.field(converter=_tuple)
    direct_debit: bool = False
    previous_band: str | None = None
    excessive_increase: bool = False
    # the band's charge last year and the change, when every authority's is known
    previous_band_charge: Decimal | None = attrs.field(default=None, validator=_opt_money)
    band_percent_change: Decimal | None = None
    # None: the bill states nothing of premiums (England); () : the council charges none
    premium_rates: tuple[PremiumRate, ...] | None = attrs.field(default=None, converter=attrs.converters.optional(_tuple))
    # None: the bill states nothing of s.12 classes (England); () : the council determined none
    class_discounts: tuple[ClassDiscount, ...] | None = attrs.field(default=None,
                                                                   converter=attrs.converters.optional(_tuple))
    # the penalty for failing to notify, stated beside the duty (Wales: SI 1993/255 Sch 1 paras
    # 8(c), 9B(c); England: SI 2011/3038 Sch 1 para 19 and SI 2012/3087 reg 2(4)); None: not stated
    notify_penalty: Decimal | None = attrs.field(default=None, validator=_opt_money)

    def __attrs_post_init__(self) -> None:
        ref = self.header.account_reference
        if self.period_end < self.period_start:
            raise ModelError(f"bill {ref}: period ends before it starts")
        lines = money_sum(line.amount for line in self.charge_lines)
        if lines != self.total_charge:
            raise ModelError(f"bill {ref}: charge lines add up to {lines}, not the total {self.total_charge}")
        if self.total_charge - self.paid != self.amount_payable:
            raise ModelError(
                f"bill {ref}: total {self.total_charge} less paid {self.paid} is not the amount payable {self.amount_payable}"
            )
        _check_instalments(f"bill {ref}", self.instalments, self.amount_payable)

    @property
    def band_charge(self) -> Decimal:
        """The year's charge for the band: the authorities' amounts together."""
        return money_sum(a.amount for a in self.authorities)

    @property
    def headline_amount(self) -> Decimal:
        return self.amount_payable


@notice_type("adjustment_notice", version=1)
@attrs.frozen
class AdjustmentNotice(Notice):
    """A further demand after the charge changed in the year (A&E Regs Sch 1 Part I).

    ``balance`` = ``revised_charge`` − ``paid``: positive is still to pay over the revised
    ``instalments``; negative is a credit (refunded or carried, §10).
    """

    header: NoticeHeader
    financial_year: str = attrs.field(validator=_fy)
    band: str = attrs.field(validator=_text)
    reason: LocalText
    charge_lines: tuple[NoticeChargeLine, ...] = attrs.field(converter=_tuple)
    previous_charge: Decimal = attrs.field(validator=_money)
    revised_charge: Decimal = attrs.field(validator=_money)
    paid: Decimal = attrs.field(validator=_money)
    balance: Decimal = attrs.field(validator=_money)
    instalments: tuple[NoticeInstalment, ...] = attrs.field(converter=_tuple)

    def __attrs_post_init__(self) -> None:
        ref = self.header.account_reference
        lines = money_sum(line.amount for line in self.charge_lines)
        if lines != self.revised_charge:
            raise ModelError(f"adjustment {ref}: charge lines add up to {lines}, not {self.revised_charge}")
        if self.revised_charge - self.paid != self.balance:
            raise ModelError(f"adjustment {ref}: {self.revised_charge} less paid {self.paid} is not {self.balance}")
        if self.balance <= 0 and self.instalments:
            raise ModelError(f"adjustment {ref}: nothing to pay but instalments listed")
        if self.balance > 0:
            _check_instalments(f"adjustment {ref}", self.instalments, self.balance)

    @property
    def headline_amount(self) -> Decimal:
        return self.balance


# ---------------------------------------------------------------------------------------------
# Recovery


@notice_type("reminder", version=1)
@attrs.frozen
class Reminder(Notice):
    """Reminder under A&E Regs reg. 23(1): pay ``amount_due`` by ``pay_by`` (issue + 6 days)
    or lose the right to instalments: ``balance`` then falls due on ``balance_due``."""

    header: NoticeHeader
    financial_year: str = attrs.field(validator=_fy)
    amount_due: Decimal = attrs.field(validator=_non_negative)
    pay_by: dt.date = attrs.field(validator=_date)
    balance: Decimal = attrs.field(validator=_non_negative)
    balance_due: dt.date = attrs.field(validator=_date)

    def __attrs_post_init__(self) -> None:
        ref = self.header.account_reference
        if self.amount_due > self.balance:
            raise ModelError(f"reminder {ref}: amount due {self.amount_due} exceeds the balance {self.balance}")
        if not self.header.issue_date <= self.pay_by <= self.balance_due:
            raise ModelError(f"reminder {ref}: dates must run issue ≤ pay by ≤ balance due")

    @property
    def headline_amount(self) -> Decimal:
        return self.amount_due


@notice_type("second_reminder", version=1)
@attrs.frozen
class SecondReminder(Reminder):
    """The second reminder in a year: a further missed instalment makes the whole balance
    due the next day without another reminder (reg. 23(4))."""


@notice_type("final_notice", version=1)
@attrs.frozen
class FinalNotice(Notice):
    """Final notice (reg. 33): the whole ``amount_due`` by ``pay_by`` or a summons follows."""

    header: NoticeHeader
    financial_years: tuple[str, ...] = attrs.field(converter=_tuple)
    amount_due: Decimal = attrs.field(validator=_non_negative)
    pay_by: dt.date = attrs.field(validator=_date)

    @property
    def headline_amount(self) -> Decimal:
        return self.amount_due


@notice_type("summons", version=1)
@attrs.frozen
class Summons(Notice):
    """Summons to the magistrates' court to show why the sum is unpaid (reg. 34(2))."""

    header: NoticeHeader
    financial_years: tuple[str, ...] = attrs.field(converter=_tuple)
    court_name: LocalText
    court_address: tuple[str, ...] = attrs.field(converter=_tuple)
    hearing_at: dt.datetime
    amount_outstanding: Decimal = attrs.field(validator=_non_negative)
    costs: Decimal = attrs.field(validator=_non_negative)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.hearing_at, dt.datetime):
            raise ModelError(f"summons {self.header.account_reference}: hearing_at needs a date and time")
        if self.hearing_at.date() <= self.header.issue_date:
            raise ModelError(f"summons {self.header.account_reference}: hearing is not after the issue date")

    @property
    def total(self) -> Decimal:
        return self.amount_outstanding + self.costs

    @property
    def headline_amount(self) -> Decimal:
        return self.total


@notice_type("liability_order_notice", version=1)
@attrs.frozen
class LiabilityOrderNotice(Notice):
    """Tells the debtor a liability order was made and asks for the reg. 36 information."""

    header: NoticeHeader
    financial_years: tuple[str, ...] = attrs.field(converter=_tuple)
    court_name: LocalText
    order_date: dt.date = attrs.field(validator=_date)
    order_amount: Decimal = attrs.field(validator=_non_negative)
    paid_since: Decimal = attrs.field(validator=_non_negative)
    reply_by: dt.date = attrs.field(validator=_date)

    @property
    def balance(self) -> Decimal:
        return self.order_amount - self.paid_since

    @property
    def headline_amount(self) -> Decimal:
        return self.balance


@attrs.frozen
class DeductionRate:
    """A row of the attachment of earnings table: net earnings up to ``up_to`` (inclusive;
    None = no upper limit) take ``percent``. From the dated table the recovery engine uses."""

    up_to: Decimal | None = attrs.field(validator=_opt_money)
    percent: Decimal = attrs.field()


@notice_type("attachment_of_earnings_order", version=1)
@attrs.frozen
class AttachmentOfEarningsOrder(Notice):
    """Order to an employer (reg. 37, Sch 4). ``header.addressee`` is the employer."""

    header: NoticeHeader
    debtor_name: str = attrs.field(validator=_text)
    payroll_number: str | None
    order_date: dt.date = attrs.field(validator=_date)
    liability_order_date: dt.date = attrs.field(validator=_date)
    amount: Decimal = attrs.field(validator=_non_negative)
    pay_period: str = attrs.field(validator=attrs.validators.in_(("weekly", "monthly", "daily")))
    rates: tuple[DeductionRate, ...] = attrs.field(converter=_tuple)
    top_rate_note: LocalText
    admin_fee: Decimal = attrs.field(validator=_non_negative)

    @property
    def headline_amount(self) -> Decimal:
        return self.amount


@notice_type("dea_notice", version=1)
@attrs.frozen
class DeaNotice(Notice):
    """Direct earnings attachment notice to the employer, to recover a Housing Benefit
    overpayment (Social Security (Overpayments and Recovery) Regulations 2013, SI 2013/384 reg 14ff;
    no court order). ``header.addressee`` is the employer; ``rates`` are the table in force (Table
    A or B, or C or D after a conviction for the overpayment), as the engine's dated data holds it."""

    header: NoticeHeader
    debtor_name: str = attrs.field(validator=_text)
    payroll_number: str | None
    national_insurance: str | None
    start_date: dt.date = attrs.field(validator=_date)
    """The notice has effect from the first pay day at least 22 days after it is given (reg 19(3))."""
    amount: Decimal = attrs.field(validator=_non_negative)
    pay_period: str = attrs.field(validator=attrs.validators.in_(("weekly", "monthly")))
    table_name: LocalText
    rates: tuple[DeductionRate, ...] = attrs.field(converter=_tuple)
    protected_percent: Decimal = attrs.field()

    def __attrs_post_init__(self) -> None:
        if not self.rates or self.rates[-1].up_to is not None:
            raise ModelError("DeaNotice: the table must end with a band without an upper limit")

    @property
    def headline_amount(self) -> Decimal:
        return self.amount


@notice_type("enforcement_referral", version=1)
@attrs.frozen
class EnforcementReferral(Notice):
    """Tells the debtor the debt is passed to enforcement agents (TCEA 2007 Sch 12)."""

    header: NoticeHeader
    financial_years: tuple[str, ...] = attrs.field(converter=_tuple)
    liability_order_date: dt.date = attrs.field(validator=_date)
    amount: Decimal = attrs.field(validator=_non_negative)
    agent_name: str = attrs.field(validator=_text)
    agent_contact: tuple[str, ...] = attrs.field(converter=_tuple)
    compliance_fee: Decimal = attrs.field(validator=_non_negative)
    referral_date: dt.date = attrs.field(validator=_date)

    @property
    def headline_amount(self) -> Decimal:
        return self.amount


# ---------------------------------------------------------------------------------------------
# Other letters


@notice_type("refund_letter", version=1)
@attrs.frozen
class RefundLetter(Notice):
    """A credit on the account repaid (reg. 31(2)) by ``method``: ``bank`` or ``cheque``."""

    header: NoticeHeader
    financial_year: str = attrs.field(validator=_fy)
    amount: Decimal = attrs.field(validator=_non_negative)
    reason: LocalText
    method: str = attrs.field(validator=attrs.validators.in_(("bank", "cheque")))
    account_ending: str | None = None
    expected_by: dt.date | None = attrs.field(default=None, validator=_opt_date)
    payee: str | None = None
    """Whom the refund is paid to, when the request names them (letters issued before it was kept have none)."""

    @property
    def headline_amount(self) -> Decimal:
        return self.amount


@notice_type("rates_refund_letter", version=1)
@attrs.frozen
class RatesRefundLetter(RefundLetter):
    """A credit on a business rates account repaid to the ratepayer; ``interest`` is the part of
    ``amount`` that is interest on repayments (SI 1990/1904), shown apart."""

    interest: Decimal = attrs.field(default=Decimal("0.00"), validator=_non_negative)

    def __attrs_post_init__(self) -> None:
        if self.interest > self.amount:
            raise ModelError(f"{self.notice_type} {self.header.account_reference}: interest {self.interest} is more "
                             f"than the {self.amount} repaid")

    @property
    def credit(self) -> Decimal:
        """The credit repaid, without the interest."""
        return self.amount - self.interest


@notice_type("sundry_refund_letter", version=1)
@attrs.frozen
class SundryRefundLetter(RefundLetter):
    """An invoice paid more than once or in excess, the overpayment repaid to the debtor; the
    header's account reference is the invoice's number."""


@notice_type("completion_notice", version=1)
@attrs.frozen
class CompletionNotice(Notice):
    """Completion notice for a new dwelling (LGFA 1992 s.17, Sch 4A). Addressed to the owner."""

    header: NoticeHeader
    completion_day: dt.date = attrs.field(validator=_date)
    appeal_by: dt.date = attrs.field(validator=_date)


@notice_type("general_letter", version=1)
@attrs.frozen
class GeneralLetter(Notice):
    """A letter an officer completes from a wording template (``revtui.branding``)."""

    header: NoticeHeader
    subject: LocalText
    paragraphs: tuple[LocalText, ...] = attrs.field(converter=_tuple)
    reply_by: dt.date | None = attrs.field(default=None, validator=_opt_date)

    def __attrs_post_init__(self) -> None:
        if not self.paragraphs:
            raise ModelError(f"general letter {self.header.account_reference}: no paragraphs")



# Sundry debt


@attrs.frozen
class SundryInvoiceLine:
    """One priced line as the engine priced it (VAT per line): the text is the service's own."""

    description: str = attrs.field(validator=_text)
    quantity: str = attrs.field(validator=_text)
    unit_price: Decimal = attrs.field(validator=_non_negative)
    vat_code: str = attrs.field(validator=_text)
    vat_rate: str = attrs.field(validator=_text)
    net: Decimal = attrs.field(validator=_non_negative)
    vat: Decimal = attrs.field(validator=_non_negative)


@notice_type("sundry_invoice", version=1)
@attrs.frozen
class SundryInvoiceNotice(Notice):
    """A sundry invoice: its lines, net, VAT and total, and when it is due (its payment terms)."""

    header: NoticeHeader
    income: str = attrs.field(validator=_text)
    lines: tuple[SundryInvoiceLine, ...] = attrs.field(converter=_tuple)
    net: Decimal = attrs.field(validator=_non_negative)
    vat: Decimal = attrs.field(validator=_non_negative)
    total: Decimal = attrs.field(validator=_non_negative)
    due_date: dt.date = attrs.field(validator=_date)
    terms_days: int = 0

    def __attrs_post_init__(self) -> None:
        where = f"invoice {self.header.account_reference}"
        if not self.lines:
            raise ModelError(f"{where}: no lines")
        if money_sum(line.net for line in self.lines) != self.net or money_sum(line.vat for line in self.lines) != self.vat:
            raise ModelError(f"{where}: the lines do not add up to the net and VAT")
        if self.net + self.vat != self.total:
            raise ModelError(f"{where}: net {self.net} + VAT {self.vat} is not the total {self.total}")

    @property
    def headline_amount(self) -> Decimal:
        return self.total


@attrs.frozen
class StatementRow:
    day: dt.date = attrs.field(validator=_date)
    what: str = attrs.field(validator=_text)
    amount: Decimal = attrs.field(validator=_money)
    balance: Decimal = attrs.field(validator=_money)


@notice_type("sundry_statement", version=1)
@attrs.frozen
class SundryStatement(Notice):
    """A statement of a debtor's sundry account: each entry with the running balance."""

    header: NoticeHeader
    as_at: dt.date = attrs.field(validator=_date)
    rows: tuple[StatementRow, ...] = attrs.field(converter=_tuple)
    balance: Decimal = attrs.field(validator=_money)

    def __attrs_post_init__(self) -> None:
        running = ZERO
        for row in self.rows:
            running += row.amount
            if running != row.balance:
                raise ModelError(f"statement {self.header.account_reference}: the running balance on "
                                 f"{row.day} is {running}, not {row.balance}")
        if running != self.balance:
            raise ModelError(f"statement {self.header.account_reference}: the rows come to {running}, not {self.balance}")

    @property
    def headline_amount(self) -> Decimal:
        return max(self.balance, ZERO)
# ---------------------------------------------------------------------------------------------
# Business rates billing


@attrs.frozen
class RatesMultiplierRate:
    """One of the year's multipliers (pounds per £1 of rateable value, e.g. 0.499); ``charged``
    is the one this hereditament pays (on some day of the period)."""

    name: str = attrs.field(validator=_text)
    value: Decimal
    charged: bool = False


@attrs.frozen
class RatesValue:
    """A rateable value shown in the local list for the hereditament, from ``effective_from``."""

    value: Decimal
    effective_from: dt.date = attrs.field(validator=_date)
    list_year: int


@notice_type("rates_demand_notice", version=1)
@attrs.frozen
class RatesDemandNotice(Notice):
    """The business rates demand notice for a financial year: SI 2003/2613 Sch 2 Part 1 (England,
    as substituted by SI 2008/387) and SI 2017/113 Sch 1 (Wales).

    ``charge_lines`` are the calculation (para 6): for each span of days the gross amount (RV x
    multiplier, code ``rates_gross``) then each relief or rule that reduced it, as a negative
    line; they add up to ``total_charge``. ``paid`` is what was paid or credited before this
    notice; the instalments add up to ``amount_payable``.
    """

    header: NoticeHeader
    financial_year: str = attrs.field(validator=_fy)
    period_start: dt.date = attrs.field(validator=_date)
    period_end: dt.date = attrs.field(validator=_date)
    ratepayer: str = attrs.field(validator=_text)
    description: str = attrs.field(validator=_text)
    uarn: str = attrs.field(validator=_text)
    rateable_values: tuple[RatesValue, ...] = attrs.field(converter=_tuple)
    multipliers: tuple[RatesMultiplierRate, ...] = attrs.field(converter=_tuple)
    charge_lines: tuple[NoticeChargeLine, ...] = attrs.field(converter=_tuple)
    total_charge: Decimal = attrs.field(validator=_non_negative)
    paid: Decimal = attrs.field(validator=_money)
    amount_payable: Decimal = attrs.field(validator=_money)
    instalments: tuple[NoticeInstalment, ...] = attrs.field(converter=_tuple)

    def __attrs_post_init__(self) -> None:
        ref = self.header.account_reference
        if self.period_end < self.period_start:
            raise ModelError(f"rates bill {ref}: period ends before it starts")
        if not self.rateable_values or not self.multipliers:
            raise ModelError(f"rates bill {ref}: a demand notice states the rateable value and the multipliers")
        if not any(m.charged for m in self.multipliers):
            raise ModelError(f"rates bill {ref}: none of the multipliers shown is the one charged")
        lines = money_sum(line.amount for line in self.charge_lines)
        if lines != self.total_charge:
            raise ModelError(f"rates bill {ref}: charge lines add up to {lines}, not the total {self.total_charge}")
        if self.total_charge - self.paid != self.amount_payable:
            raise ModelError(f"rates bill {ref}: total {self.total_charge} less paid {self.paid} is not the amount "
                             f"payable {self.amount_payable}")
        if self.amount_payable > 0:
            _check_instalments(f"rates bill {ref}", self.instalments, self.amount_payable)
        elif self.instalments:
            raise ModelError(f"rates bill {ref}: nothing to pay but instalments listed")

    @property
    def gross_charge(self) -> Decimal:
        """The period's charge before any relief: the gross lines together."""
        return money_sum(line.amount for line in self.charge_lines if line.code == "rates_gross")

    @property
    def reliefs(self) -> tuple[NoticeChargeLine, ...]:
        """Each relief or rule that reduced the charge, with its days and amount (para 6)."""
        return tuple(line for line in self.charge_lines if line.code != "rates_gross")

    @property
    def headline_amount(self) -> Decimal:
        return self.amount_payable


@notice_type("rates_adjustment_notice", version=1)
@attrs.frozen
class RatesAdjustmentNotice(RatesDemandNotice):
    """A further demand notice after the year's rates charge changed: the demand notice's
    content (the same Schedule applies to every demand notice) with the charge it replaces
    (SI 1989/1058 reg 9: the adjusted instalments)."""

    previous_charge: Decimal = attrs.field(default=ZERO, validator=_money, kw_only=True)

    @property
    def headline_amount(self) -> Decimal:
        return self.amount_payable
