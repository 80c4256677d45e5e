"""Recovery of an HB overpayment by deduction from ongoing HB (HB Regs 2006 reg 102): the plan at
the prescribed weekly rate, the export of the week's deductions for the benefits system (a
private, formula-safe CSV) and the import of what it deducted, posted to each overpayment's
ledger all or nothing, once per overpayment and benefit week."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import attrs

from refdata.hb import hb_file_layout, load_deduction_rates
from revcore.hb import (DeductionError, DeductionPlan, WeeklyMaximum, deduction_source, plan_recovery, post_deduction,
                        weekly_maximum)
from revcore.ledger import Ledger
from revcore.money import ZERO, format_money, to_money
from revtui.imports.hb_files import DeductionFile
from revtui.imports.problems import ImportProblem, ImportRejected
from revtui.records.hb_files import HbFileImport, hb_file_imports
from revtui.records.sundry import HbOverpaymentAccount, hb_overpayments
from revtui.services.changes import Proposal, parse_day
from revtui.services.hb_overpayments import HbOverpaymentError, find_overpayment, with_ledger
from revtui.services.permissions import require
from revtui.services.session import Session
from revtui.store import Stored
from safefiles import open_private, write_csv

__all__ = ["start_deductions", "propose_deductions", "deductions_due", "export_deductions", "import_deductions",
           "DeductionReport"]


def _plan(session: Session, stored: Stored[HbOverpaymentAccount], first: dt.date, weekly_award: Decimal | str,
          earned_income_disregard: Decimal | str, agreed: Decimal | str | None) -> tuple[DeductionPlan, WeeklyMaximum]:
    reference = stored.value.reference
    ledger = with_ledger(stored, "deduction from ongoing HB")
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
        stored = find_overpayment(session, reference)
        plan, maximum = _plan(session, stored, first, weekly_award, earned_income_disregard, agreed)
        hb_overpayments(session.store).save(stored, attrs.evolve(stored.value, plan=plan))
    return plan, maximum


def propose_deductions(session: Session, reference: str, values: dict[str, str]) -> Proposal:
    """The form: the plan and the weekly maximum's arithmetic shown before it is saved."""
    require(session, "account.change")
    first = parse_day(values["first"], "first benefit week")
    disregard = values.get("disregard", "").strip() or "0.00"
    agreed = values.get("agreed", "").strip() or None
    plan, maximum = _plan(session, find_overpayment(session, reference), first, values["award"].strip(), disregard, agreed)
    return Proposal(f"Deduct from ongoing HB: {reference}", None, maximum.render() + "\n\n" + plan.describe(),
                    f"deduction from ongoing HB started on {reference}",
                    apply=lambda s: start_deductions(s, reference, first, values["award"].strip(),
                                                     earned_income_disregard=disregard, agreed=agreed))


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
        problems: list[ImportProblem] = []
        ledgers: dict[str, Ledger] = {}
        stored_by: dict[str, Stored[HbOverpaymentAccount]] = {}
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
