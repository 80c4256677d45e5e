"""HB overpayments in the store, recorded from a benefits decision: the officer's form or the
benefits system's file (idempotent on meaning), classified, the period overpaid within the claim,
the recoverable amount charged. Recovery is :mod:`revtui.services.hb_deductions` (from ongoing HB)
and :mod:`revtui.services.hb_recovery` (direct earnings attachment, invoice, write-off).

Every function checks the officer's permission first and writes in one transaction: a refusal
or a bad line changes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from refdata.hb import hb_file_layout
from revcore.hb import (Cause, Classification, ClassificationError, DecisionError, Overpayment, Payee,
                        open_overpayment_ledger, overpayment_from_decision)
from revcore.ledger import Ledger
from revcore.money import format_money, to_money
from revcore.periods import DateRange
from revcore.references import make_reference
from revtui.imports.hb_files import DecisionFile
from revtui.imports.problems import ImportProblem, ImportRejected
from revtui.records.hb_files import HbFileImport, hb_file_imports
from revtui.records.sundry import HbOverpaymentAccount, hb_overpayments
from revtui.services.changes import ActionError, Proposal, parse_day, parse_yes_no
from revtui.services.permissions import require
from revtui.services.session import Session
from revtui.store import Stored

__all__ = ["HbOverpaymentError", "find_overpayment", "with_ledger", "route_of", "record_overpayment", "record_decision",
           "propose_decision", "import_decisions", "DecisionReport"]


class HbOverpaymentError(ActionError):
    """An overpayment action that cannot be taken; the message says why, and nothing changed."""


def find_overpayment(session: Session, reference: str) -> Stored[HbOverpaymentAccount]:
    stored = hb_overpayments(session.store).find_one("reference", reference)
    if stored is None:
        raise HbOverpaymentError(f"no HB overpayment {reference}")
    return stored


def with_ledger(stored: Stored[HbOverpaymentAccount], what: str) -> Ledger:
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
