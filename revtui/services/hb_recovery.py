"""Recovery of an HB overpayment by direct earnings attachment (Social Security (Overpayments and
Recovery) Regulations 2013, SI 2013/384 Part 6, regs 17-30: the order, each pay day's deduction by
the Schedule 2 tables, the notice to the employer) or by invoice (the balance moves to a sundry
debt on the same ledger); and the write-off of the irrecoverable part, with a second officer
above the limits (:mod:`revtui.services.approvals`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from letters.model import Addressee, DeaNotice, DeductionRate, LocalText, NoticeHeader
from letters.render import preview_pdf
from refdata.hb import load_dea_schedules
from refdata.sundry import load_sundry_rules
from revcore.approvals import ApprovalKind
from revcore.hb import DEA_NOTICE_DAYS, DeaDeduction, DeaError, DeaOrder, DecisionError, PayFrequency, dea_deduction
from revcore.hb import overpayment_invoice
from revcore.money import ZERO, format_money, to_money
from revcore.periods import FinancialYear
from revcore.sundry import Debtor, InvoiceError
from revtui.branding import load_branding
from revtui.records.payments import RequestRecord
from revtui.records.sundry import HbOverpaymentAccount, hb_overpayments, sundry_debts
from revtui.services.approvals import ApprovalError, needs_second_officer, request_write_off, write_off_category
from revtui.services.changes import Proposal
from revtui.services.hb_overpayments import HbOverpaymentError, find_overpayment, with_ledger
from revtui.services.permissions import require
from revtui.services.session import Session
from revtui.store import Stored

__all__ = ["attach_earnings", "propose_dea", "dea_for_pay", "dea_notice", "dea_notice_pdf", "invoice_balance",
           "propose_invoice", "request_hb_write_off", "propose_write_off"]


def propose_dea(session: Session, reference: str, values: dict[str, str]) -> Proposal:
    """The form: the employer, the table the employer will use and from when, before it is saved."""
    require(session, "account.change")
    stored = find_overpayment(session, reference)
    ledger = with_ledger(stored, "a direct earnings attachment")
    typed = values["frequency"].strip().lower()
    frequency = {"w": PayFrequency.WEEKLY, "weekly": PayFrequency.WEEKLY, "m": PayFrequency.MONTHLY,
                 "monthly": PayFrequency.MONTHLY}.get(typed)
    if frequency is None:
        raise HbOverpaymentError("pay: type w (weekly) or m (monthly); other pay periods are not modelled")
    address = tuple(part.strip() for part in values["address"].split(",") if part.strip())
    higher = stored.value.overpayment.classification.dea_higher_tables
    try:
        DeaOrder(values["employer"], address, values["payroll"], frequency, higher, session.today)
    except DecisionError as error:
        raise HbOverpaymentError(str(error)) from None
    starts = session.today + dt.timedelta(days=DEA_NOTICE_DAYS)
    effect = (f"{values['employer'].strip()} deducts from {frequency.value} net earnings by Table "
              f"{_TABLES[frequency, higher]} of SI 2013/384 Sch 2 from the first pay day on or after "
              f"{starts.isoformat()} (reg 19(3)) until {format_money(ledger.balance)} is repaid; any deduction "
              "from ongoing HB stops. Print the notice to the employer from the account.")
    return Proposal(f"Direct earnings attachment: {reference}", None, effect,
                    f"direct earnings attachment on {reference}",
                    apply=lambda s: attach_earnings(s, reference, employer=values["employer"].strip(),
                                                    employer_address=address, payroll_number=values["payroll"].strip(),
                                                    frequency=frequency, national_insurance=values.get("ni", "")))


def propose_invoice(session: Session, reference: str, values: dict[str, str]) -> Proposal:
    """The form: the balance that moves to a sundry invoice, before it is raised."""
    require(session, "account.change")
    ledger = with_ledger(find_overpayment(session, reference), "an invoice")
    address = tuple(part.strip() for part in values["address"].split(",") if part.strip())
    if not address:
        raise HbOverpaymentError("address: the invoice needs the debtor's address (lines separated by commas)")
    return Proposal(f"Invoice the balance: {reference}", None,
                    f"The balance of {format_money(ledger.balance)} moves to sundry invoice {reference}, issued "
                    f"{session.today.isoformat()}; payments quoting {reference} go to it.",
                    f"HB overpayment {reference} invoiced", apply=lambda s: invoice_balance(s, reference, address))


def propose_write_off(session: Session, reference: str, values: dict[str, str]) -> Proposal:
    """The form: how much is written off and whether it waits for a second officer."""
    require(session, "write_off.request")
    ledger = with_ledger(find_overpayment(session, reference), "a write-off here")
    try:
        amount = to_money(values["amount"].strip(), where="amount")
    except ValueError as error:
        raise HbOverpaymentError(str(error)) from None
    if not 0 < amount <= ledger.balance:
        raise HbOverpaymentError(f"amount: between £0.01 and the balance of {format_money(ledger.balance)}")
    if not values["reason"].strip():
        raise HbOverpaymentError("reason: say why this part cannot be recovered")
    try:
        grounds = write_off_category(values.get("category", ""))
    except ApprovalError as error:
        raise HbOverpaymentError(str(error)) from None
    why = needs_second_officer(session.cash, ApprovalKind.WRITE_OFF, reference, amount, today=session.today,
                               officer=session.officer, limits=session.limits)
    effect = f"Write off {format_money(amount)} of {format_money(ledger.balance)} ({grounds.label}): " + (
        f"it waits for a second officer ({why})" if why else "posted now, within your limit")
    return Proposal(f"Write off: {reference}", None, effect, f"write-off requested on {reference}",
                    apply=lambda s: request_hb_write_off(s, reference, amount, values["reason"],
                                                                      grounds.code))


def attach_earnings(session: Session, reference: str, *, employer: str, employer_address: tuple[str, ...],
                    payroll_number: str, frequency: PayFrequency, national_insurance: str = "") -> DeaOrder:
    """Recover by direct earnings attachment: the employer deducts by the statutory tables (the
    higher ones after a conviction for the overpayment, SI 2013/384 reg 20(3A)) from the first
    pay day 22 days after today's notice (reg 19(3)); ends any deduction from ongoing HB. The
    notice to the employer is :func:`dea_notice`."""
    require(session, "account.change")
    with session.store.change(f"direct earnings attachment on {reference}", user=session.officer):
        stored = find_overpayment(session, reference)
        ledger = with_ledger(stored, "a direct earnings attachment")
        if ledger.balance <= 0:
            raise HbOverpaymentError(f"{reference} has nothing to recover (balance {format_money(ledger.balance)})")
        try:
            order = DeaOrder(employer, employer_address, payroll_number, frequency,
                             stored.value.overpayment.classification.dea_higher_tables,
                             session.today + dt.timedelta(days=DEA_NOTICE_DAYS), national_insurance.strip().upper())
        except DecisionError as error:
            raise HbOverpaymentError(str(error)) from None
        hb_overpayments(session.store).save(stored, attrs.evolve(stored.value, dea=order, plan=None))
    return order


def dea_for_pay(account: HbOverpaymentAccount, net_earnings: Decimal, pay_day: dt.date) -> DeaDeduction:
    """What the employer deducts from ``net_earnings`` paid on ``pay_day`` under the account's
    DEA, by the table in force that day; never more than is still owed."""
    if account.dea is None:
        raise HbOverpaymentError(f"{account.reference} has no direct earnings attachment")
    try:
        deduction = dea_deduction(load_dea_schedules(), account.dea.frequency.value, net_earnings, pay_day,
                                  higher=account.dea.higher)
    except DeaError as error:
        raise HbOverpaymentError(str(error)) from None
    owed = account.ledger.balance if account.ledger is not None else ZERO
    if deduction.amount > owed:
        deduction = attrs.evolve(deduction, amount=max(owed, ZERO),
                                 explanation=deduction.explanation + f"; limited to the {format_money(owed)} still owed")
    return deduction


_TABLES = {(PayFrequency.WEEKLY, False): "A", (PayFrequency.MONTHLY, False): "B",
           (PayFrequency.WEEKLY, True): "C", (PayFrequency.MONTHLY, True): "D"}
"""SI 2013/384 Sch 2: the table each pay frequency uses, and the higher ones after a conviction."""


def dea_notice(session: Session, reference: str) -> DeaNotice:
    """The notice to the employer (SI 2013/384 reg 19): who, how much, from when, and the table
    in force today, in English and Welsh."""
    account = find_overpayment(session, reference).value
    order = account.dea
    if order is None or account.ledger is None:
        raise HbOverpaymentError(f"{reference} has no direct earnings attachment")
    schedule = load_dea_schedules().at(session.today)
    table = schedule.table(order.frequency.value, order.higher)
    letter = _TABLES[order.frequency, order.higher]
    *lines, postcode = [line for line in order.employer_address if line.strip()]
    header = NoticeHeader(session.tariff.council.code, reference, session.today,
                          Addressee(("The Payroll Manager", order.employer), lines, postcode))
    return DeaNotice(header, account.overpayment.claimant, order.payroll_number or None,
                     order.national_insurance or None, order.starts, account.ledger.balance, order.frequency.value,
                     LocalText(f"Table {letter}", f"Tabl {letter}"),
                     tuple(DeductionRate(band.upper, band.rate * 100) for band in table.bands),
                     schedule.protected_proportion * 100)


def dea_notice_pdf(session: Session, reference: str) -> bytes:
    """The DEA notice as a PDF, to send to the employer (not kept as an issued notice yet)."""
    return preview_pdf(dea_notice(session, reference), load_branding(session.tariff.council.code))


def invoice_balance(session: Session, reference: str, address: tuple[str, ...]) -> str:
    """Recover the balance by invoice: it moves to a sundry invoice (same reference) on the same
    ledger; gives the invoice's number."""
    require(session, "account.change")
    with session.store.change(f"HB overpayment {reference} invoiced", user=session.officer):
        stored = find_overpayment(session, reference)
        ledger = with_ledger(stored, "an invoice")
        overpayment = stored.value.overpayment
        try:
            debtor = Debtor(f"HBC-{reference}", overpayment.claimant, address)
            debt = overpayment_invoice(load_sundry_rules(), overpayment, ledger, session.today, debtor)
        except (InvoiceError, ValueError) as error:
            raise HbOverpaymentError(str(error)) from None
        sundry_debts(session.store).add(debt)
        hb_overpayments(session.store).save(stored, attrs.evolve(stored.value, ledger=None, plan=None, dea=None,
                                                                 invoice=debt.invoice.number))
    return debt.invoice.number


def request_hb_write_off(session: Session, reference: str, amount: Decimal | str,
                         reason: str, category: str) -> Stored[RequestRecord]:
    """Write off the irrecoverable part (of the year charged, oldest first); above the officer's
    limits it waits for a second, different officer (:mod:`revtui.services.approvals`)."""
    require(session, "write_off.request")
    if not reason.strip():
        raise HbOverpaymentError("reason: say why this part cannot be recovered")
    stored = find_overpayment(session, reference)
    ledger = stored.value.ledger
    if ledger is None:
        raise HbOverpaymentError(f"{reference} was invoiced as {stored.value.invoice}: write off on the invoice")
    try:
        value = to_money(amount, where="amount")
    except ValueError as error:
        raise HbOverpaymentError(str(error)) from None
    if value <= 0:
        raise HbOverpaymentError(f"amount: write off more than nothing, not {format_money(value)}")
    years = [balance.year for balance in ledger.by_year() if balance.charge > 0] or [FinancialYear.containing(session.today)]
    return request_write_off(session.cash, reference, years[0], value, reason, today=session.today,
                             officer=session.officer, write_off=category, limits=session.limits)
