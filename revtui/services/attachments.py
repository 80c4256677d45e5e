"""Attachments of earnings across a person's accounts (issue 17 item 4): every order in force,
one council tax attachment of earnings order over the person's liability orders on all their
council tax accounts, one direct earnings attachment over all their HB overpayments, and an
employer's remittance for a pay day shared between the orders and the debts they cover.

The rules (priority, the tables on the residue, the two-order limit, the split) are
:mod:`revcore.recovery.attachments`; this module reads the person's accounts, previews and writes.
A council's sundry debt cannot be attached by the council itself: only the county court makes an
attachment of earnings order for it (Attachment of Earnings Act 1971 s.1), after a claim, so sundry
debts are not offered here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs

from refdata.hb import load_dea_schedules
from refdata.ledger import ledger_settings
from revcore.allocation import Direction
from revcore.hb import DEA_NOTICE_DAYS, DeaOrder, DecisionError, PayFrequency
from revcore.money import ZERO, format_money, money_sum
from revcore.periods import FinancialYear
from revcore.recovery import (AttachmentError, AttachmentKind, CoveredDebt, Employment, OrderInForce, StageEvent,
                             check_aeo_limit, pay_day_deductions, share_remittance, split_across_debts)
from revtui.accounts import COUNCIL_TAX, kind_of_reference, locate
from revtui.accounts.hb import HB_OVERPAYMENT
from revtui.records.attachments import (Covered, EarningsAttachment, Remittance, RemittancePart, earnings_attachments,
                                        remittances)
from revtui.records.persons import PersonRecord, persons
from revtui.services.changes import ActionError, Proposal, Write, parse_day
from revtui.services.permissions import require
from revtui.services.recovery import RecoveryFile, YearEvent, recovery_repository, rules
from revtui.services.session import Session
from revtui.store import Store, Stored

__all__ = ["AttachmentsError", "AttachmentLine", "attachments_in_force", "attachments_text", "propose_person_aeo",
           "propose_person_dea", "propose_remittance", "known_employment", "propose_end_attachment"]

AEO_STAGE = "attachment_of_earnings"


class AttachmentsError(ActionError):
    """The officer's entry cannot be accepted; the message says which field and why."""


@attrs.frozen
class AttachmentLine:
    """One attachment in force, as the person screen lists it."""

    number: str
    kind: AttachmentKind
    employer: str
    frequency: str
    made_on: dt.date
    higher: bool
    covers: tuple[CoveredDebt, ...]

    @property
    def outstanding(self) -> Decimal:
        return money_sum(debt.outstanding for debt in self.covers)

    @property
    def table(self) -> str:
        if self.kind is AttachmentKind.COUNCIL_TAX_AEO:
            return {"weekly": "Sch 4 Table A", "monthly": "Sch 4 Table B", "daily": "Sch 4 Table C"}.get(
                self.frequency, "Sch 4")
        letter = {("weekly", False): "A", ("monthly", False): "B", ("weekly", True): "C", ("monthly", True): "D"}
        return f"Sch 2 Table {letter.get((self.frequency, self.higher), '?')}"

    @property
    def first_pay_day(self) -> dt.date:
        """The first pay day the employer deducts on: a DEA 22 days after its notice (SI 2013/384
        reg 19(3)); a council tax order from when it is made (the employer's duty is on service,
        reg 37(3): our reading counts from the order's date)."""
        if self.kind is AttachmentKind.HB_DEA:
            return self.made_on + dt.timedelta(days=DEA_NOTICE_DAYS)
        return self.made_on

    def order(self) -> OrderInForce:
        return OrderInForce(self.number, self.kind, self.made_on, self.outstanding, self.higher)


def _same_employer(a: str, b: str) -> bool:
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


def _person(store: Store, reference: str) -> Stored[PersonRecord]:
    found = persons(store).find_one("account", reference) or persons(store).find_one("reference", reference)
    if found is None:
        raise AttachmentsError(f"{reference} is linked to no person: link the person's accounts first (P)")
    return found


def _ctax(store: Store, person: PersonRecord) -> list[tuple[Stored[Any], Stored[RecoveryFile] | None]]:
    found = []
    for account in person.accounts:
        if kind_of_reference(account) is COUNCIL_TAX:
            stored = COUNCIL_TAX.repository(store).find_one("reference", account)
            if stored is not None:
                found.append((stored, recovery_repository(store).find_one("account", account)))
    return found


def _hb(store: Store, person: PersonRecord) -> list[Stored[Any]]:
    found = []
    for account in person.accounts:
        if kind_of_reference(account) is HB_OVERPAYMENT:
            stored = HB_OVERPAYMENT.repository(store).find_one("reference", account)
            if stored is not None:
                found.append(stored)
    return found


def _year_debt(ledger: Any, file: RecoveryFile, account: str, year: str) -> CoveredDebt:
    orders = [item.event.day for item in file.history if item.year == year and item.event.stage == "liability_order"]
    since = min(orders) if orders else FinancialYear.parse(year).start
    return CoveredDebt(account, year, since, max(ledger.balance_of(FinancialYear.parse(year)), ZERO))


def _hb_debt(store: Store, stored: Stored[Any]) -> CoveredDebt:
    located = locate(store, stored.value.reference)
    owed = located.ledger.balance if located is not None else ZERO
    return CoveredDebt(stored.value.reference, "", stored.value.overpayment.decided_on, max(owed, ZERO))


def _live_aeo_years(file: RecoveryFile) -> dict[str, dict[str, StageEvent]]:
    """Each order key's live attachment steps by year (an order is live from its step until a
    step for the same remedy with an outcome)."""
    live: dict[str, dict[str, StageEvent]] = {}
    by_year: dict[str, StageEvent | None] = {}
    for item in file.history:
        if item.event.stage == AEO_STAGE:
            by_year[item.year] = item.event if item.event.outcome is None else None
    for year, event in by_year.items():
        if event is not None:
            live.setdefault(event.key, {})[year] = event
    return live


def attachments_in_force(store: Store, person: PersonRecord) -> list[AttachmentLine]:
    """Every attachment of earnings in force across the person's accounts: those made here for
    the person, council tax orders the recovery run issued on one account, and DEAs made on one
    HB overpayment; in the employer's priority order."""
    lines: list[AttachmentLine] = []
    made = {stored.value.number: stored.value for stored in earnings_attachments(store).find("person", person.reference)
            if stored.value.ended_on is None}
    ctax = {stored.value.reference: (stored, file) for stored, file in _ctax(store, person)}
    hb = {stored.value.reference: stored for stored in _hb(store, person)}
    for order in made.values():
        covers = []
        for debt in order.covers:
            if debt.year and debt.account in ctax:
                stored, file = ctax[debt.account]
                covers.append(_year_debt(stored.value.ledger, file.value if file else RecoveryFile(debt.account),
                                         debt.account, debt.year))
            elif debt.account in hb:
                covers.append(_hb_debt(store, hb[debt.account]))
        lines.append(AttachmentLine(order.number, order.kind, order.employer, order.frequency, order.made_on,
                                    order.higher, tuple(covers)))
    for reference, (stored, file) in ctax.items():
        if file is None:
            continue
        employment = file.value.means.employment if file.value.means else None
        for key, years in _live_aeo_years(file.value).items():
            if key in made:
                continue
            day = min(event.day for event in years.values())
            lines.append(AttachmentLine(key, AttachmentKind.COUNCIL_TAX_AEO,
                                        employment.employer if employment else "(employer not recorded)",
                                        employment.frequency if employment else "monthly", day, False,
                                        tuple(_year_debt(stored.value.ledger, file.value, reference, year)
                                              for year in sorted(years))))
    covered_by_person = {debt.account for order in made.values() for debt in order.covers}
    for reference, stored in hb.items():
        dea = stored.value.dea
        if dea is None or reference in covered_by_person:
            continue
        lines.append(AttachmentLine(f"{reference}/DEA", AttachmentKind.HB_DEA, dea.employer, dea.frequency.value,
                                    dea.starts - dt.timedelta(days=DEA_NOTICE_DAYS), dea.higher,
                                    (_hb_debt(store, stored),)))
    in_force = [line for line in lines if line.outstanding > 0]
    return sorted(in_force, key=lambda line: (line.kind is AttachmentKind.HB_DEA, line.made_on, line.number))


def attachments_text(store: Store, reference: str, *, width: int = 76) -> str:
    """The person screen's list: each order, its employer, table, date made and what it still secures."""
    person = persons(store).find_one("account", reference)
    if person is None:
        return ""
    lines = attachments_in_force(store, person.value)
    if not lines:
        return "Attachments of earnings in force: none."
    rows = ["Attachments of earnings in force (the employer's order of priority):"]
    for n, line in enumerate(lines, start=1):
        rows.append(f" {n} {line.kind.short} {line.number} made {line.made_on.isoformat()}, "
                    f"{format_money(line.outstanding)} owed"[:width])
        rows.append(f"   {line.employer}, {line.frequency} pay, {line.table}"[:width])
        covered = ", ".join(f"{d.account} {d.year}".strip() + f" {format_money(d.outstanding)}" for d in line.covers)
        rows.append(f"   covers {covered}"[:width])
    return "\n".join(rows)


def _frequency(text: str, *, daily: bool) -> str:
    typed = text.strip().lower()
    found = {"w": "weekly", "weekly": "weekly", "m": "monthly", "monthly": "monthly"}
    if daily:
        found |= {"d": "daily", "daily": "daily"}
    if typed not in found:
        raise AttachmentsError("pay: type w (weekly) or m (monthly)" + (" or d (daily)" if daily else "")
                               + "; other pay periods are not modelled")
    return found[typed]


def _money(text: str, field: str) -> Decimal:
    from revtui.services.account_actions import parse_amount
    try:
        amount: Decimal = parse_amount(text, field)
    except ActionError as error:
        raise AttachmentsError(str(error)) from None
    return amount


def _preview(store: Store, person: PersonRecord, employer: str, frequency: str, net: Decimal, day: dt.date,
             new: OrderInForce) -> str:
    """Each order at this employer in priority order, with what it would take from ``net``."""
    same = [line.order() for line in attachments_in_force(store, person) if _same_employer(line.employer, employer)]
    try:
        deductions = pay_day_deductions([*same, new], frequency, net, day, rules().aeo, load_dea_schedules())
    except AttachmentError as error:
        raise AttachmentsError(str(error)) from None
    rows = [f"At {frequency} net earnings of {format_money(net)} paid {day.isoformat()}, {employer} deducts "
            "(orders in the order the regulations set):"]
    for d in deductions:
        mark = " (this new order)" if d.order.number == new.number else ""
        rows.append(f"  {d.order.kind.short} {d.order.number}{mark}: {format_money(d.amount)}\n    {d.explanation}")
    total = money_sum(d.amount for d in deductions)
    rows.append(f"  total {format_money(total)}; the debtor keeps {format_money(net - total)}")
    return "\n".join(rows)


def _next_number(store: Store, person: str, kind: AttachmentKind) -> str:
    serial = 1 + sum(1 for s in earnings_attachments(store).find("person", person) if s.value.kind is kind)
    return f"{person}/{kind.short}/{serial}"


def _employment(values: dict[str, str], why: str, *, daily: bool) -> tuple[str, str, Decimal]:
    """The employer, pay frequency and net pay typed on an attachment form (``why``: whom the
    employer's name is for)."""
    employer = values.get("employer", "").strip()
    if not employer:
        raise AttachmentsError(f"employer: name who pays the debtor ({why})")
    return employer, _frequency(values.get("frequency", ""), daily=daily), _money(values.get("net", ""), "net earnings")


def propose_person_aeo(session: Session, reference: str, values: dict[str, str]) -> Proposal:
    """One council tax attachment of earnings order over every liability order of the person's with
    money owed and no order yet (reading: one order may secure sums under several liability orders,
    Interpretation Act 1978 s.6(c) on reg 37(1)), refused past two in force (reg 37(4))."""
    require(session, "recovery.act")
    store, today = session.store, session.today
    person = _person(store, reference).value
    employer, frequency, net = _employment(values, "the order is directed to them, reg 37(2)", daily=True)
    in_force = attachments_in_force(store, person)
    aeos = [line for line in in_force if line.kind is AttachmentKind.COUNCIL_TAX_AEO]
    try:
        check_aeo_limit(len(aeos))
    except AttachmentError as error:
        raise AttachmentsError(str(error)) from None
    attached = {(d.account, d.year) for line in aeos for d in line.covers}
    covers: list[CoveredDebt] = []
    paused: list[str] = []
    files: dict[str, tuple[Stored[RecoveryFile], RecoveryFile]] = {}
    for stored, file in _ctax(store, person):
        if file is None:
            continue
        years = sorted({item.year for item in file.value.history if item.event.stage == "liability_order"})
        for year in years:
            debt = _year_debt(stored.value.ledger, file.value, stored.value.reference, year)
            if debt.outstanding <= 0 or (debt.account, year) in attached:
                continue
            hold = _hold_on(file.value, year, today)
            if hold:  # a hold (Breathing Space, insolvency, a death...) pauses enforcement: no new order
                paused.append(f"{debt.account} {year} ({hold})")
                continue
            covers.append(debt)
            files[stored.value.reference] = (file, file.value)
    if not covers:
        raise AttachmentsError(f"{person.name} has no liability order with money owed that is not already under an "
                               "attachment: an order secures sums under a liability order (reg 37(1))"
                               + (f"; on hold: {', '.join(paused)}" if paused else ""))
    number = _next_number(store, person.reference, AttachmentKind.COUNCIL_TAX_AEO)
    total = money_sum(d.outstanding for d in covers)
    new = OrderInForce(number, AttachmentKind.COUNCIL_TAX_AEO, today, total)
    preview = _preview(store, person, employer, frequency, net, today, new)
    order = EarningsAttachment(number, person.reference, AttachmentKind.COUNCIL_TAX_AEO, employer, frequency, today,
                               session.officer, tuple(Covered(d.account, d.year) for d in covers),
                               values.get("payroll", "").strip())
    writes = [Write(earnings_attachments, None, order)]
    for account, (stored_file, file) in files.items():
        events = [YearEvent(d.year, StageEvent(AEO_STAGE, today, key=number, amount=d.outstanding))
                  for d in covers if d.account == account]
        writes.append(Write(recovery_repository, stored_file, attrs.evolve(file, history=(*file.history, *events))))
    listed = "\n".join(f"  {d.account} {d.year}: {format_money(d.outstanding)} under the liability order of "
                       f"{d.since.isoformat()}" for d in covers)
    if paused:
        listed += f"\nLeft out, recovery paused by a hold: {', '.join(paused)}"
    arranged = [account for account, (_, file) in files.items() if file.arrangement is not None]
    if arranged:  # lawful, but an order beside a kept arrangement is for the officer to weigh
        listed += f"\nNote: an arrangement is recorded on {', '.join(arranged)}: is it broken?"
    effect = (f"Attachment of earnings order {number} to {employer}, made {today.isoformat()}, for "
              f"{format_money(total)}:\n{listed}\nIt is order {len(aeos) + 1} of at most 2 in force (reg 37(4)); "
              f"payments under it go to the oldest liability order first.\n\n{preview}")
    return Proposal(f"Attachment of earnings across {person.name}'s council tax", None, effect,
                    f"attachment of earnings order {number} on {len(files)} council tax account(s)",
                    writes=tuple(writes))


def propose_person_dea(session: Session, reference: str, values: dict[str, str]) -> Proposal:
    """One direct earnings attachment over all the person's recoverable HB overpayments with money
    owed and no DEA yet (SI 2013/384 Part 6): the employer starts 22 days after the notice (reg 19(3))."""
    require(session, "account.change")
    store, today = session.store, session.today
    person = _person(store, reference).value
    employer, frequency, net = _employment(values, "the notice goes to them, reg 19", daily=False)
    address = tuple(part.strip() for part in values.get("address", "").split(",") if part.strip())
    chosen = [stored for stored in _hb(store, person) if stored.value.dea is None
              and stored.value.overpayment.classification.recoverable and _hb_debt(store, stored).outstanding > 0
              and not _hb_hold(store, stored.value.reference, today)]
    if not chosen:
        raise AttachmentsError(f"{person.name} has no recoverable HB overpayment with money owed that is not already "
                               "under a direct earnings attachment")
    tables = {stored.value.overpayment.classification.dea_higher_tables for stored in chosen}
    if len(tables) > 1:
        raise AttachmentsError("the overpayments need different tables (C or D after a conviction, SI 2013/384 "
                               "reg 20(3A)): attach them one by one from each overpayment (e)")
    higher = tables.pop()
    starts = today + dt.timedelta(days=DEA_NOTICE_DAYS)
    try:
        dea = DeaOrder(employer, address, values.get("payroll", "").strip(), PayFrequency(frequency), higher, starts,
                       person.ni_number or values.get("ni", "").strip().upper())
    except DecisionError as error:
        raise AttachmentsError(str(error)) from None
    covers = [_hb_debt(store, stored) for stored in chosen]
    number = _next_number(store, person.reference, AttachmentKind.HB_DEA)
    total = money_sum(d.outstanding for d in covers)
    new = OrderInForce(number, AttachmentKind.HB_DEA, today, total, higher)
    preview = _preview(store, person, employer, frequency, net, starts, new)
    order = EarningsAttachment(number, person.reference, AttachmentKind.HB_DEA, employer, frequency, today,
                               session.officer, tuple(Covered(d.account) for d in covers), dea.payroll_number,
                               higher)
    writes = [Write(earnings_attachments, None, order)]
    writes += [Write(HB_OVERPAYMENT.repository, stored, attrs.evolve(stored.value, dea=dea, plan=None))
               for stored in chosen]
    listed = "\n".join(f"  {d.account} decided {d.since.isoformat()}: {format_money(d.outstanding)}" for d in covers)
    effect = (f"Direct earnings attachment {number} to {employer}, notice {today.isoformat()}, deductions from the "
              f"first pay day on or after {starts.isoformat()} (reg 19(3)), for {format_money(total)}:\n{listed}\n"
              "Any deduction from ongoing HB stops; payments go to the oldest overpayment first. A council tax "
              f"attachment at the same employer comes first (reg 29).\n\n{preview}")
    return Proposal(f"Direct earnings attachment across {person.name}'s HB overpayments", None, effect,
                    f"direct earnings attachment {number} on {len(chosen)} HB overpayment(s)", writes=tuple(writes))


def _hold_on(file: RecoveryFile, year: str, day: dt.date) -> str:
    """The reason of a hold on ``year`` today, '' when none."""
    for hold in file.holds:
        if hold.active_on(day) and hold.covers_year(FinancialYear.parse(year)):
            return hold.reason.replace("_", " ")
    return ""


def _hb_hold(store: Store, reference: str, day: dt.date) -> bool:
    file = recovery_repository(store).find_one("account", reference)
    return file is not None and any(hold.active_on(day) for hold in file.value.holds)


def _remittance_key(person: str, employer: str, pay_day: dt.date) -> str:
    return f"{person}|{' '.join(employer.lower().split())}|{pay_day.isoformat()}"


def propose_remittance(session: Session, reference: str, values: dict[str, str]) -> Proposal:
    """An employer's one payment for the person for a pay day: shared between the orders at that
    employer in priority order (each up to what its table takes at the net earnings), and within
    an order between its debts, the oldest first; each part posted to its account's ledger. The
    same person, employer and pay day posts once."""
    require(session, "payment.post")
    store, today = session.store, session.today
    person = _person(store, reference).value
    employer = values.get("employer", "").strip()
    if not employer:
        raise AttachmentsError("employer: who sent the payment")
    pay_day = parse_day(values.get("pay_day", ""), "pay day")
    if pay_day > today:
        raise AttachmentsError(f"pay day: {pay_day.isoformat()} is after today; an employer remits what it deducted")
    net = _money(values.get("net", ""), "net earnings")
    amount = _money(values.get("amount", ""), "amount")
    key = _remittance_key(person.reference, employer, pay_day)
    before = remittances(store).find_one("key", key)
    if before is not None:
        raise AttachmentsError(f"{employer}'s remittance for {person.name} for pay day {pay_day.isoformat()} was posted "
                               f"on {before.value.posted_on.isoformat()} ({format_money(before.value.amount)}): "
                               "nothing posted again")
    lines = [line for line in attachments_in_force(store, person) if _same_employer(line.employer, employer)]
    if not lines:
        raise AttachmentsError(f"employer: {person.name} has no attachment of earnings in force at {employer!r}")
    lines = [line for line in lines if line.first_pay_day <= pay_day]
    if not lines:
        raise AttachmentsError(f"pay day: no order at {employer} was in force on {pay_day.isoformat()} (deductions "
                               "start from the order's date, a DEA's 22 days after its notice)")
    frequencies = {line.frequency for line in lines}
    if len(frequencies) > 1:
        raise AttachmentsError(f"the orders at {employer} name different pay periods ({', '.join(sorted(frequencies))}):"
                               " post this remittance on each account")
    by_number = {line.number: line for line in lines}
    try:
        deductions = pay_day_deductions([line.order() for line in lines], frequencies.pop(), net, pay_day,
                                        rules().aeo, load_dea_schedules())
        shares = share_remittance(amount, deductions)
        parts = [RemittancePart(order.number, debt.account, debt.year, part)
                 for order, share in shares for debt, part in split_across_debts(share, by_number[order.number].covers)]
    except AttachmentError as error:
        raise AttachmentsError(str(error)) from None
    writes, rows = _postings(session, parts, key, employer, pay_day)
    record = Remittance(key, person.reference, employer, pay_day, net, amount, today, session.officer, tuple(parts))
    writes.append(Write(remittances, None, record))
    explained = "\n".join(f"  {d.order.kind.short} {d.order.number}: takes {format_money(d.amount)}\n    "
                          f"{d.explanation}" for d in deductions)
    effect = (f"{format_money(amount)} from {employer} for {person.name}, pay day {pay_day.isoformat()}, net earnings "
              f"{format_money(net)}. The orders in priority order:\n{explained}\nPosted:\n" + "\n".join(rows))
    return Proposal(f"Employer's remittance for {person.name}", None, effect,
                    f"attachment remittance {key}", writes=tuple(writes))


def _postings(session: Session, parts: Iterable[RemittancePart], key: str, employer: str,
              pay_day: dt.date) -> tuple[list[Write], list[str]]:
    """Each part as a payment on its account's ledger (to the liability order's year for council
    tax), keyed by the remittance so it is never posted twice."""
    store, today = session.store, session.today
    policy = ledger_settings(today).policy
    ledgers: dict[str, Any] = {}
    located_by: dict[str, Any] = {}
    rows = []
    for part in parts:
        located = located_by.get(part.account) or locate(store, part.account)
        if located is None:
            raise AttachmentsError(f"{part.account}: no such account")
        located_by[part.account] = located
        ledger = ledgers.get(part.account, located.ledger)
        direction = Direction(FinancialYear.parse(part.year)) if part.year else None
        ledgers[part.account] = ledger.pay(
            part.amount, effective=today, posted=today, policy=policy, direction=direction,
            reason=f"attachment of earnings: {employer}, pay day {pay_day.isoformat()} ({part.attachment})",
            source=f"remittance:{key}:{part.attachment}:{part.account}:{part.year}", officer=session.officer)
        rows.append(f"  {part.account} {part.year}".rstrip() + f": {format_money(part.amount)} ({part.attachment})")
    writes = [Write(located.kind.repository, located.stored, located.with_ledger(ledgers[account]))
              for account, located in located_by.items()]
    return writes, rows


def known_employment(store: Store, reference: str) -> Employment | None:
    """The employment last recorded in the means of any of the person's council tax accounts (the
    reg 36 information), to start the forms with."""
    person = persons(store).find_one("account", reference)
    if person is None:
        return None
    found = [(file.value.means.recorded_on, file.value.means.employment) for _, file in _ctax(store, person.value)
             if file is not None and file.value.means is not None and file.value.means.employment is not None]
    return max(found, key=lambda pair: pair[0])[1] if found else None


def propose_end_attachment(session: Session, reference: str, which: str, why: str) -> Proposal:
    """Discharge an order in force (SI 1992/613 Sch 3 para 2: the authority may discharge it of its
    own motion or on the debtor's or employer's application; a DEA's notice likewise, SI 2013/384
    reg 26): ``which`` is its place in the list (1, 2...) or its number. Each covered year gets the
    order's end in its recovery file (the run then counts it no longer, reg 37(4)); each covered
    overpayment loses its DEA. The employer is to be told (Sch 3 paras 1-2): not printed here."""
    require(session, "recovery.act")
    store, today = session.store, session.today
    person = _person(store, reference).value
    if not why.strip():
        raise AttachmentsError("why: say why the order ends (left the job, paid, discharged on application...)")
    lines = attachments_in_force(store, person)
    typed = which.strip()
    chosen = next((line for n, line in enumerate(lines, start=1) if typed in (str(n), line.number)), None)
    if chosen is None:
        raise AttachmentsError(f"order: {typed!r} is not one of the {len(lines)} in force (type its place in the list)")
    writes: list[Write] = []
    made = earnings_attachments(store).find_one("number", chosen.number)
    if made is not None:
        writes.append(Write(earnings_attachments, made, attrs.evolve(made.value, ended_on=today, ended_why=why.strip())))
    if chosen.kind is AttachmentKind.COUNCIL_TAX_AEO:
        for account in sorted({debt.account for debt in chosen.covers}):
            file = recovery_repository(store).find_one("account", account)
            if file is None:
                continue
            ended = [YearEvent(debt.year, StageEvent(AEO_STAGE, today, key=chosen.number, outcome="ended"))
                     for debt in chosen.covers if debt.account == account]
            writes.append(Write(recovery_repository, file,
                                attrs.evolve(file.value, history=(*file.value.history, *ended))))
    else:
        for debt in chosen.covers:
            stored = HB_OVERPAYMENT.repository(store).find_one("reference", debt.account)
            if stored is not None and stored.value.dea is not None:
                writes.append(Write(HB_OVERPAYMENT.repository, stored, attrs.evolve(stored.value, dea=None)))
    covered = ", ".join(f"{d.account} {d.year}".strip() for d in chosen.covers)
    return Proposal(f"End {chosen.number}", None,
                    f"{chosen.kind.value} {chosen.number} at {chosen.employer} ends {today.isoformat()}: {why.strip()}.\n"
                    f"It covered {covered} ({format_money(chosen.outstanding)} still owed, now recovered otherwise). "
                    "Tell the employer in writing to stop deducting.",
                    f"{chosen.number} ended: {why.strip()}", writes=tuple(writes))
