"""HB overpayments in the store: recorded from a benefits decision (a form or the benefits
system's file), classified, and recovered by the route an officer chooses: deduction from
ongoing HB (the weekly rate of HB Regs 2006 reg 102, an export for the benefits system and an
import of what it deducted), a direct earnings attachment (SI 2013/384 Part 6, regs 17-30), or an invoice
for the balance; the irrecoverable part written off with a second officer above the limits.

Every function checks the officer's permission first and writes in one transaction: a refusal
or a bad line changes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import attrs

from letters.model import Addressee, DeaNotice, DeductionRate, LocalText, NoticeHeader
from letters.render import preview_pdf
from refdata.hb import hb_file_layout, load_dea_schedules, load_deduction_rates
from refdata.sundry import load_sundry_rules
from revcore.approvals import ApprovalKind
from revcore.hb import (DEA_NOTICE_DAYS, Cause, Classification, ClassificationError, DeaDeduction, DeaError, DeaOrder,
                        DecisionError, DeductionError, DeductionPlan, Overpayment, PayFrequency, Payee, WeeklyMaximum,
                        dea_deduction, deduction_source, open_overpayment_ledger, overpayment_from_decision,
                        overpayment_invoice, plan_recovery, post_deduction, weekly_maximum)
from revcore.ledger import Ledger
from revcore.money import ZERO, format_money, to_money
from revcore.periods import DateRange, FinancialYear
from revcore.references import make_reference
from revcore.sundry import Debtor, InvoiceError
from revtui.branding import load_branding
from revtui.imports.hb_files import DecisionFile, DeductionFile
from revtui.imports.problems import ImportProblem, ImportRejected
from revtui.records.hb_files import HbFileImport, hb_file_imports
from revtui.records.payments import RequestRecord
from revtui.records.sundry import HbOverpaymentAccount, hb_overpayments, sundry_debts
from revtui.services.approvals import needs_second_officer, request_write_off
from revtui.services.changes import ActionError, Proposal, parse_day, parse_yes_no
from revtui.services.permissions import require
from revtui.services.session import Session
from revtui.store import Stored
from safefiles import open_private, write_csv

__all__ = ["HbOverpaymentError", "route_of", "record_overpayment", "record_decision", "propose_decision",
           "import_decisions", "DecisionReport", "start_deductions", "propose_deductions", "deductions_due",
           "export_deductions", "import_deductions", "DeductionReport", "attach_earnings", "propose_dea", "dea_for_pay",
           "dea_notice", "dea_notice_pdf", "invoice_balance", "propose_invoice", "request_hb_write_off",
           "propose_write_off"]


class HbOverpaymentError(ActionError):
    """An overpayment action that cannot be taken; the message says why, and nothing changed."""


def _find(session: Session, reference: str) -> Stored[HbOverpaymentAccount]:
    stored = hb_overpayments(session.store).find_one("reference", reference)
    if stored is None:
        raise HbOverpaymentError(f"no HB overpayment {reference}")
    return stored


def _with_ledger(stored: Stored[HbOverpaymentAccount], what: str) -> Ledger:
    if stored.value.ledger is None:
        raise HbOverpaymentError(f"{stored.value.reference} was invoiced as {stored.value.invoice}: "
                                 f"{what} is no longer possible; recover the invoice instead")
    return stored.value.ledger


def route_of(account: HbOverpaymentAccount) -> str:
    """The recovery route chosen, in the officer's words."""
    if account.invoice:
        return f"invoiced as {account.invoice}"
    if account.dea is not None:
        return f"direct earnings attachment with {account.dea.employer}"
    if account.plan is not None:
        return "deduction from ongoing Housing Benefit"
    if not account.overpayment.classification.recoverable:
        return "not recoverable"
    return "no recovery route chosen yet"


def _next_reference(session: Session) -> str:
    repository = hb_overpayments(session.store)
    serial = len(repository) + 1
    while repository.find_one("reference", make_reference("H", serial)) is not None:
        serial += 1
    return make_reference("H", serial)


def _add(session: Session, overpayment: Overpayment) -> Stored[HbOverpaymentAccount]:
    """Store ``overpayment`` under the next H reference (within the caller's transaction)."""
    overpayment = attrs.evolve(overpayment, reference=_next_reference(session))
    ledger = (open_overpayment_ledger(overpayment, officer=session.officer)
              if overpayment.classification.recoverable else Ledger(overpayment.reference))
    return hb_overpayments(session.store).add(HbOverpaymentAccount(overpayment, ledger))


def record_overpayment(session: Session, overpayment: Overpayment) -> Stored[HbOverpaymentAccount]:
    """Store a decided overpayment (its reference is given here) and charge what is recoverable."""
    require(session, "account.change")
    with session.store.change(f"HB overpayment recorded for {overpayment.claimant}", user=session.officer):
        return _add(session, overpayment)


def record_decision(session: Session, *, claimant: str, claim: DateRange, period: DateRange, amount: Decimal | str,
                    cause: Cause, decided_on: dt.date, notified_on: dt.date, paid_to: Payee = Payee.CLAIMANT,
                    could_have_realised: bool | None = None,
                    found_guilty: bool = False) -> Stored[HbOverpaymentAccount]:
    """The form: a benefits decision entered by an officer. The period overpaid must lie within
    the claim; a bad entry raises :class:`HbOverpaymentError` naming the field, nothing stored."""
    require(session, "account.change")
    try:
        value = to_money(amount, where="amount")
        overpayment = overpayment_from_decision("", claimant, claim, period, value,
                                                Classification(cause, paid_to, could_have_realised, found_guilty),
                                                decided_on, notified_on)
    except (ClassificationError, DecisionError, ValueError) as error:
        raise HbOverpaymentError(str(error).replace("overpayment : ", "")) from None
    return record_overpayment(session, overpayment)


def _choice(text: str, codes: dict[str, str], field: str, default: str | None = None) -> str:
    """A code (``CE``) or the words (``claimant error``) typed for ``field``; blank is ``default``."""
    typed = text.strip()
    if not typed and default is not None:
        return default
    value = codes.get(typed.upper()) or next((v for v in codes.values() if v.lower() == typed.lower()), None)
    if value is None:
        raise HbOverpaymentError(f"{field}: type one of {', '.join(f'{code} ({value})' for code, value in codes.items())}")
    return value


def _days(text: str, field: str) -> tuple[dt.date, dt.date | None]:
    """Two days typed as ``01/04/2024 to 31/10/2026`` (or with ``-`` or a space between); the second may be left off."""
    parts = [part for part in text.replace(" to ", " ").replace(" - ", " ").replace(",", " ").split() if part]
    if not 1 <= len(parts) <= 2:
        raise HbOverpaymentError(f"{field}: type two dates, e.g. 01/04/2024 to 31/10/2026")
    return parse_day(parts[0], field), parse_day(parts[1], field) if len(parts) == 2 else None


def propose_decision(session: Session, values: dict[str, str]) -> Proposal:
    """The form's typed values checked and the overpayment shown (split by year, its rule of
    recoverability) before it is saved; saving records it (:func:`record_overpayment`).

    ``answer`` is y or n to the one question the cause asks: official error, could the claimant
    have realised (reg 100(2)); fraud, were they found guilty (the DEA higher tables)."""
    require(session, "account.change")
    layout = hb_file_layout("decisions")
    decided, notified = _days(values["dates"], "decided and notified")
    notified = notified or decided
    claim_from, claim_to = _days(values["claim"], "claim")
    start, end = _days(values["overpaid"], "overpaid")
    if end is None:
        raise HbOverpaymentError("overpaid: type the first and last day overpaid, e.g. 05/01/2026 to 03/05/2026")
    period = DateRange(start, end)
    claim_to = claim_to or decided  # a claim that continues: to the day of the decision
    cause = Cause(_choice(values["cause"], layout.causes, "cause"))
    paid_to = Payee(_choice(values.get("paid_to", ""), layout.payees, "paid to", Payee.CLAIMANT.value))
    answer = values.get("answer", "")
    realised = parse_yes_no(answer, "could have realised") if cause.official_error else None
    guilty = parse_yes_no(answer, "found guilty", blank=False) if cause is Cause.FRAUD else False
    try:
        if claim_to < claim_from:
            raise HbOverpaymentError(f"claim to: {claim_to.isoformat()} is before the claim began")
        amount = to_money(values["amount"].strip().replace("£", ""), where="amount")
        overpayment = overpayment_from_decision("", values["claimant"], DateRange(claim_from, claim_to), period,
                                                amount, Classification(cause, paid_to, realised, guilty),
                                                decided, notified)
    except (ClassificationError, DecisionError, ValueError) as error:
        if isinstance(error, HbOverpaymentError):
            raise
        raise HbOverpaymentError(str(error).replace("overpayment : ", "")) from None
    c = overpayment.classification
    effect = "\n".join([overpayment.calculation.render(f"Housing Benefit overpaid to {overpayment.claimant}"),
                        f"Claim {overpayment.claim}; cause {c.cause.value}, paid to the {c.paid_to.value}",
                        f"{c.rule[:1].upper()}{c.rule[1:]}; recover from: {', '.join(c.recover_from) or 'nobody'}",
                        f"To be charged: {format_money(overpayment.recoverable_amount)}"])
    return Proposal(f"New HB overpayment: {overpayment.claimant}", None, effect,
                    f"HB overpayment recorded for {overpayment.claimant}",
                    apply=lambda s: record_overpayment(s, overpayment))


@attrs.frozen
class DecisionReport:
    name: str
    created: tuple[tuple[int, str, str], ...]
    """(line, decision number, overpayment reference) for each decision recorded."""
    earlier: str = ""
    """The import this file repeats ('' if new): nothing was done."""

    def lines(self) -> list[str]:
        if self.earlier:
            return [f"{self.name}: already imported ({self.earlier}); nothing done"]
        return [f"{self.name}: {len(self.created)} overpayment decision(s) recorded"] + [
            f"  line {line}: decision {decision} -> {reference}" for line, decision, reference in self.created]


def import_decisions(session: Session, decisions: DecisionFile) -> DecisionReport:
    """Record every decision of a checked file, all in one transaction; a file (or a decision)
    imported before is refused by meaning, and nothing is done."""
    require(session, "batch.import")
    imports = hb_file_imports(session.store)
    with session.store.change(f"HB overpayment decisions imported from {decisions.name}", user=session.officer):
        before = imports.find_one("hash", decisions.content_hash)
        if before is not None:
            return DecisionReport(decisions.name, (), f"as {before.value.name} on {before.value.imported_on.isoformat()}")
        layout = hb_file_layout("decisions")
        repeated = [ImportProblem(decisions.name, line.line, layout.columns["decision_id"],
                                  f"decision {line.decision_id} was imported before, from {found.value.name} on "
                                  f"{found.value.imported_on.isoformat()}")
                    for line in decisions.lines if (found := imports.find_one("decision", line.decision_id))]
        if repeated:
            raise ImportRejected(repeated)
        created = []
        for line in decisions.lines:
            stored = _add(session, line.overpayment)
            created.append((line.line, line.decision_id, stored.value.reference))
        imports.add(HbFileImport(decisions.content_hash, "decisions", decisions.name, session.today, session.officer,
                                 tuple((decision, reference) for _, decision, reference in created),
                                 len(decisions.lines)))
    return DecisionReport(decisions.name, tuple(created))


def _plan(session: Session, stored: Stored[HbOverpaymentAccount], first: dt.date, weekly_award: Decimal | str,
          earned_income_disregard: Decimal | str, agreed: Decimal | str | None) -> tuple[DeductionPlan, WeeklyMaximum]:
    reference = stored.value.reference
    ledger = _with_ledger(stored, "deduction from ongoing HB")
    if stored.value.dea is not None:
        raise HbOverpaymentError(f"{reference} is being recovered by direct earnings attachment with "
                                 f"{stored.value.dea.employer}")
    if ledger.balance <= 0:
        raise HbOverpaymentError(f"{reference} has nothing to recover (balance {format_money(ledger.balance)})")
    try:
        award = to_money(weekly_award, where="weekly HB award")
        disregard = to_money(earned_income_disregard, where="earned income disregard")
        wanted = to_money(agreed, where="agreed weekly deduction") if agreed is not None else None
        maximum = weekly_maximum(load_deduction_rates(), first,
                                 fraud=stored.value.overpayment.classification.fraud_rates,
                                 earned_income_disregard=disregard)
        if wanted is not None and wanted > maximum.amount:
            raise HbOverpaymentError(f"agreed weekly deduction {format_money(wanted)} is more than the prescribed "
                                     f"maximum of {format_money(maximum.amount)} (HB Regs 2006 reg 102)")
        if award <= 0:
            raise HbOverpaymentError("weekly HB award: there is no ongoing HB to deduct from")
        return plan_recovery(ledger.balance, maximum, award, first, agreed=wanted), maximum
    except (DeductionError, ValueError) as error:
        if isinstance(error, HbOverpaymentError):
            raise
        raise HbOverpaymentError(str(error)) from None


def start_deductions(session: Session, reference: str, first: dt.date, weekly_award: Decimal | str, *,
                     earned_income_disregard: Decimal | str = ZERO,
                     agreed: Decimal | str | None = None) -> tuple[DeductionPlan, WeeklyMaximum]:
    """Recover the balance from ongoing HB from the benefit week starting ``first``, at the
    prescribed weekly maximum (reg 102: the higher rate after fraud) or a lower ``agreed`` rate,
    never more than the week's award. Gives the plan and the arithmetic of the maximum."""
    require(session, "account.change")
    with session.store.change(f"deduction from ongoing HB started on {reference}", user=session.officer):
        stored = _find(session, reference)
        plan, maximum = _plan(session, stored, first, weekly_award, earned_income_disregard, agreed)
        hb_overpayments(session.store).save(stored, attrs.evolve(stored.value, plan=plan))
    return plan, maximum


def propose_deductions(session: Session, reference: str, values: dict[str, str]) -> Proposal:
    """The form: the plan and the weekly maximum's arithmetic shown before it is saved."""
    require(session, "account.change")
    first = parse_day(values["first"], "first benefit week")
    disregard = values.get("disregard", "").strip() or "0.00"
    agreed = values.get("agreed", "").strip() or None
    plan, maximum = _plan(session, _find(session, reference), first, values["award"].strip(), disregard, agreed)
    return Proposal(f"Deduct from ongoing HB: {reference}", None, maximum.render() + "\n\n" + plan.describe(),
                    f"deduction from ongoing HB started on {reference}",
                    apply=lambda s: start_deductions(s, reference, first, values["award"].strip(),
                                                     earned_income_disregard=disregard, agreed=agreed))


def propose_dea(session: Session, reference: str, values: dict[str, str]) -> Proposal:
    """The form: the employer, the table the employer will use and from when, before it is saved."""
    require(session, "account.change")
    stored = _find(session, reference)
    ledger = _with_ledger(stored, "a direct earnings attachment")
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
    ledger = _with_ledger(_find(session, reference), "an invoice")
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
    ledger = _with_ledger(_find(session, reference), "a write-off here")
    try:
        amount = to_money(values["amount"].strip(), where="amount")
    except ValueError as error:
        raise HbOverpaymentError(str(error)) from None
    if not 0 < amount <= ledger.balance:
        raise HbOverpaymentError(f"amount: between £0.01 and the balance of {format_money(ledger.balance)}")
    if not values["reason"].strip():
        raise HbOverpaymentError("reason: say why this part cannot be recovered")
    why = needs_second_officer(session.cash, ApprovalKind.WRITE_OFF, reference, amount, today=session.today,
                               officer=session.officer, limits=session.limits)
    effect = f"Write off {format_money(amount)} of {format_money(ledger.balance)}: " + (
        f"it waits for a second officer ({why})" if why else "posted now, within your limit")
    return Proposal(f"Write off: {reference}", None, effect, f"write-off requested on {reference}",
                    apply=lambda s: request_hb_write_off(s, reference, amount, values["reason"]))


def deductions_due(session: Session, week: dt.date) -> list[tuple[HbOverpaymentAccount, Decimal]]:
    """Each overpayment being recovered from ongoing HB and what to deduct from the benefit week
    starting ``week``: the plan's weekly amount, never more than the balance."""
    due = []
    for stored in hb_overpayments(session.store):
        account = stored.value
        if account.plan is None or account.ledger is None or account.dea is not None or account.plan.first > week:
            continue
        if account.ledger.has_source(deduction_source(account.reference, week)):
            continue  # already deducted for that week
        amount = min(account.plan.weekly, account.ledger.balance)
        if amount > 0:
            due.append((account, amount))
    return due


def export_deductions(session: Session, week: dt.date, path: Path) -> int:
    """Write the deductions the benefits system is to make from the week starting ``week`` (a
    private CSV file, formula-safe cells); gives the number of overpayments."""
    require(session, "batch.import")
    if week.weekday() != 0:
        raise HbOverpaymentError(f"{week:%A %d %B %Y}: a benefit week starts on a Monday")
    columns = hb_file_layout("deductions_export").columns
    rows: list[list[object]] = [[columns[field] for field in ("reference", "claimant", "week", "amount", "balance")]]
    due = deductions_due(session, week)
    rows += [[account.reference, account.overpayment.claimant, week.isoformat(), amount, account.ledger.balance]
             for account, amount in due if account.ledger is not None]
    with open_private(path, "w", encoding="utf-8", newline="") as handle:
        write_csv(handle, rows)
    return len(due)


@attrs.frozen
class DeductionReport:
    name: str
    posted: tuple[tuple[int, str, Decimal], ...]
    already: tuple[int, ...] = ()
    """Lines whose deduction was posted before (from another delivery): skipped."""
    earlier: str = ""

    def lines(self) -> list[str]:
        if self.earlier:
            return [f"{self.name}: already imported ({self.earlier}); nothing done"]
        total = sum((amount for _, _, amount in self.posted), ZERO)
        out = [f"{self.name}: {len(self.posted)} deduction(s) posted, {format_money(total)}"]
        out += [f"  line {line}: {reference} {format_money(amount)}" for line, reference, amount in self.posted]
        out += [f"  line {line}: posted before; skipped" for line in self.already]
        return out


def import_deductions(session: Session, deductions: DeductionFile) -> DeductionReport:
    """Post what the benefits system deducted to each overpayment's ledger, all or nothing: a
    line naming an unknown or invoiced overpayment, or deducting more than is owed, refuses the
    file (every such line named). A week's deduction already posted is not posted again."""
    require(session, "batch.import")
    imports, repository = hb_file_imports(session.store), hb_overpayments(session.store)
    with session.store.change(f"HB deductions imported from {deductions.name}", user=session.officer):
        before = imports.find_one("hash", deductions.content_hash)
        if before is not None:
            return DeductionReport(deductions.name, (), (), f"as {before.value.name} on "
                                                            f"{before.value.imported_on.isoformat()}")
        columns = hb_file_layout("deductions_import").columns
        problems, ledgers, stored_by = [], {}, {}
        posted, already = [], []
        for line in deductions.lines:
            stored = stored_by.get(line.reference) or repository.find_one("reference", line.reference)
            if stored is None or stored.value.ledger is None:
                why = "no such HB overpayment" if stored is None else f"invoiced as {stored.value.invoice}"
                problems.append(ImportProblem(deductions.name, line.line, columns["reference"], f"{line.reference}: {why}"))
                continue
            stored_by[line.reference] = stored
            ledger = ledgers.get(line.reference, stored.value.ledger)
            if ledger.has_source(deduction_source(line.reference, line.week)):
                already.append(line.line)
                continue
            if line.amount > ledger.balance:
                problems.append(ImportProblem(deductions.name, line.line, columns["amount"],
                                              f"{format_money(line.amount)} is more than {line.reference} owes "
                                              f"({format_money(ledger.balance)})"))
                continue
            ledgers[line.reference] = post_deduction(ledger, line.week, line.amount, posted=session.today,
                                                     officer=session.officer)
            posted.append((line.line, line.reference, line.amount))
        if problems:
            raise ImportRejected(problems)
        repository.save_many([(stored_by[reference], attrs.evolve(stored_by[reference].value, ledger=ledger))
                              for reference, ledger in ledgers.items()])
        imports.add(HbFileImport(deductions.content_hash, "deductions", deductions.name, session.today,
                                 session.officer, (), len(deductions.lines)))
    return DeductionReport(deductions.name, tuple(posted), tuple(already))


def attach_earnings(session: Session, reference: str, *, employer: str, employer_address: tuple[str, ...],
                    payroll_number: str, frequency: PayFrequency, national_insurance: str = "") -> DeaOrder:
    """Recover by direct earnings attachment: the employer deducts by the statutory tables (the
    higher ones after a conviction for the overpayment, SI 2013/384 reg 20(3A)) from the first
    pay day 22 days after today's notice (reg 19(3)); ends any deduction from ongoing HB. The
    notice to the employer is :func:`dea_notice`."""
    require(session, "account.change")
    with session.store.change(f"direct earnings attachment on {reference}", user=session.officer):
        stored = _find(session, reference)
        ledger = _with_ledger(stored, "a direct earnings attachment")
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
    account = _find(session, reference).value
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
        stored = _find(session, reference)
        ledger = _with_ledger(stored, "an invoice")
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
                         reason: str) -> Stored[RequestRecord]:
    """Write off the irrecoverable part (of the year charged, oldest first); above the officer's
    limits it waits for a second, different officer (:mod:`revtui.services.approvals`)."""
    require(session, "write_off.request")
    if not reason.strip():
        raise HbOverpaymentError("reason: say why this part cannot be recovered")
    stored = _find(session, reference)
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
                             officer=session.officer, limits=session.limits)
