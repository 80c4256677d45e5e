"""Notices from the store: issue one (stored exactly as issued, and noted on the account),
reprint it, preview an account's bill, and bulk print runs over the store's bills and
recovery notices: drafted and checked against the store, approved by a second officer,
released to print.

A notice's number is the key of what produced it, so the same bill or recovery step is never
issued twice: ``C00012343/2027/annual/1`` (the account, the year, the bill's kind and its place
among the account's bills) or the recovery action's key. A print run issues the notices it
prints that were not issued yet, and prints those that were from their stored records, so a
run drafted again prints the same notices.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path

import attrs

from letters import adapters
from letters.branding import Branding
from letters.issued import ReprintError, issue, reprint, restore, with_pdf
from letters.model import MAX_ADDRESS_LINES, Addressee, LocalText, ModelError, Notice, NoticeHeader
from letters.printrun import (DEFAULT_BATCH_SIZE, PrintRun, ProducingRun, approve, check, discrepancies, draft,
                              produce_batches, release)
from letters.render import preview_pdf
from refdata import DataError
from refdata.courts import load_court
from refdata.notice_terms import employer_admin_fee, load_agent, notify_penalty
from revtui.branding import asc_shown_separately, load_branding, welsh_authority_names
from revcore.council import Country
from revcore.money import money_sum
from revcore.periods import FinancialYear
from revcore.recovery import StageEvent
from revcore.recovery.fees import ea_fee
from safefiles import write_private
from revtui.accounts import locate
from revtui.accounts.ctax import COUNCIL_TAX
from revtui.accounts.facts import charged_by, owed_by
from revtui.records.ctax import Bill, CtaxAccount, NoticeRecord, PaymentMethod
from revtui.records.notices import NoticeRecords, StoredNotice, open_notice_records
from revtui.records.payments import RequestRecord
from revtui.records.rates import RatesAccount
from revcore.sundry import SundryDebt
from revtui.services import rates_notices, refund_letters
from revtui.services.recovery_letters import LetterError, invoice_header
from revtui.services.contacts import gone_away_accounts
from revtui.services.recovery import recovery_repository, rules
from revtui.services.refund_payments import posted_on
from revtui.services.session import Session
from revtui.store import DocumentError, Stored

__all__ = [
    "NoticeError",
    "RUN_KINDS",
    "RECOVERY_STAGES",
    "Pending",
    "branding_for",
    "header_for",
    "bill_number",
    "bill_notice",
    "issue_notice",
    "issue_bill",
    "reprint_notice",
    "preview_bill",
    "account_pdfs",
    "bill_notices",
    "recovery_notices",
    "after_order_notice",
    "RefundAccount",
    "refund_account",
    "refund_notice",
    "refund_notices",
    "producing_run",
    "draft_print_run",
    "approve_print_run",
    "release_print_run",
]

RECOVERY_STAGES = ("reminder", "second_reminder", "final_notice", "summons")
AFTER_ORDER = {"liability_order_notice": "liability_order", "attachment_of_earnings_order": "attachment_of_earnings",
               "enforcement_referral": "enforcement_agent"}
"""The letters after a liability order, each printed in a run of its own, and the recovery step
(:data:`revtui.services.recovery.LETTER_STEPS`) each is printed from."""
RATES_KINDS = {"rates_demand_notice": "annual_bill", "rates_adjustment_notice": "adjustment_notice"}
"""Business rates runs, each printed apart from council tax's (one notice type a run), and the
council tax run each matches."""
REFUND_LETTERS = tuple(refund_letters.KINDS)
"""The letters of the refunds posted on the run's day, council tax's and business rates' each in a
run of its own (:mod:`revtui.services.refund_letters`)."""
RUN_KINDS = ("annual_bill", "adjustment_notice", *RATES_KINDS, *RECOVERY_STAGES, *AFTER_ORDER, *REFUND_LETTERS)
YEAR_KINDS = ("annual_bill", "rates_demand_notice")
ADJUSTMENT_REASON = LocalText(
    "The charge for the year was recalculated after a change; the lines below show it as it now stands.",
    "Ailgyfrifwyd tâl y flwyddyn ar ôl newid; mae'r llinellau isod yn ei ddangos fel y mae yn awr.",
)


class NoticeError(ValueError):
    """A notice that cannot be issued, reprinted or run: named, with the reason."""


@attrs.frozen
class Pending:
    """A notice to print: its number, the account it goes on, and the notice itself.
    ``stored`` is its record when it was issued before (it is then printed from that)."""

    number: str
    account: Stored[CtaxAccount] | Stored[RatesAccount] | Stored[SundryDebt]
    notice: Notice
    stored: Stored[StoredNotice] | None = None

    @property
    def reference(self) -> str:
        """The account's reference (an overpaid invoice's number for its refund letter)."""
        return self.notice.header.account_reference


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def branding_for(session: Session) -> Branding:
    """The branding of the council whose tariff the session charges with."""
    return load_branding(session.tariff.council.code)


def header_for(session: Session, account: CtaxAccount, issued: dt.date) -> NoticeHeader:
    """The notice header: the liable people, at the correspondence address if there is one,
    else the dwelling."""
    found = session.records.properties.find_one("reference", account.property_reference)
    if found is None:
        raise NoticeError(f"{account.reference}: dwelling {account.property_reference} is not in the store")
    dwelling = found.value.address
    post_to = account.correspondence or dwelling
    try:
        addressee = Addressee(tuple(p.name for p in account.persons), post_to.lines, post_to.postcode)
    except ModelError as error:
        which = "correspondence address" if account.correspondence else "dwelling's address"
        raise NoticeError(f"{account.reference}: the {which} cannot be printed: {error}") from None
    return NoticeHeader(
        council_id=session.tariff.council.code,
        account_reference=account.reference,
        issue_date=issued,
        addressee=addressee,
        property_address=(*dwelling.lines, dwelling.postcode),
        property_reference=account.property_reference,
    )


def bill_number(account: CtaxAccount, bill: Bill) -> str:
    position = next(n for n, b in enumerate(account.bills, start=1) if b is bill)
    return f"{account.reference}/{bill.year}/{bill.kind}/{position}"


def _owed_on(account: CtaxAccount, year: FinancialYear, day: dt.date) -> Decimal:
    return charged_by(account.ledger, year, day)


def _owed_when_billed(account: CtaxAccount, bill: Bill) -> Decimal:
    """What the year's charge stood at once ``bill`` was posted."""
    return _owed_on(account, FinancialYear(bill.year), bill.issued)


def _paid(account: CtaxAccount, bill: Bill) -> Decimal:
    """What was paid or credited to the year's charge by the bill: the charge less what was still owed."""
    return bill.explanation.total - _owed_when_billed(account, bill)


def bill_notice(session: Session, account: CtaxAccount, bill: Bill) -> Notice:
    """The demand notice for ``bill``: an adjustment notice for an adjustment (against the
    bill before it for the year), else the annual bill (also for a revised instalment notice)."""
    header = header_for(session, account, bill.issued)
    paid = _paid(account, bill)
    if bill.kind == "adjustment":
        earlier = [b for b in account.bills[: account.bills.index(bill)] if b.year == bill.year]
        if not earlier:
            raise NoticeError(f"{bill_number(account, bill)}: an adjustment with no earlier bill for the year")
        return adapters.adjustment_notice(header, earlier[-1].explanation, bill.explanation, bill.schedule,
                                          ADJUSTMENT_REASON, paid=paid)
    prop = session.records.properties.find_one("reference", account.property_reference).value
    council = session.tariff.council
    return adapters.annual_bill(header, bill.explanation, session.tariff, prop.area, bill.schedule, paid=paid,
                                direct_debit=account.payment_method is PaymentMethod.DIRECT_DEBIT,
                                welsh_names=_welsh_names(session),
                                asc_separate=asc_shown_separately(council.country.value, bill.year),
                                premiums=adapters.premium_rates(session.tariff, bill.year)
                                if council.country is Country.WALES else None,
                                class_discounts=adapters.class_discounts(session.tariff, bill.year)
                                if council.country is Country.WALES else None,
                                notify_penalty=notify_penalty(council.country.value, bill.issued))


def _welsh_names(session: Session) -> dict[str, str]:
    """The Welsh names of the council's authorities for a council in Wales (its notices are in
    Welsh and English); every one must be given (``[authority_names]`` in the council folder's
    ``letters/<code>.toml``). Read per bill from the cached table, not the branding and its logo."""
    code = session.tariff.council.code
    if session.tariff.council.country is not Country.WALES:
        return {}
    names = welsh_authority_names(code)
    missing = [a.name for a in session.tariff.council.authorities if a.code not in names]
    if missing:
        raise NoticeError(f"letters/{code}.toml: no Welsh name for {', '.join(missing)} "
                          f"(give [authority_names] CODE = {{ cy = \"...\" }})")
    return names


def _account(session: Session, reference: str) -> Stored[CtaxAccount]:
    found = session.records.accounts.find_one("reference", reference)
    if found is None:
        raise NoticeError(f"no account {reference!r}")
    return found


def _any_account(session: Session, reference: str) -> Stored[CtaxAccount] | Stored[RatesAccount]:
    """A council tax or business rates account by reference."""
    found = session.records.accounts.find_one("reference", reference) or \
        rates_notices.rates_repository(session.store).find_one("reference", reference)
    if found is None:
        raise NoticeError(f"no account {reference!r}")
    return found


def _rates_notice(session: Session, account: RatesAccount, bill) -> Notice:
    try:
        return rates_notices.rates_bill_notice(session.tariff.council.code, account, bill)
    except ModelError as error:
        raise NoticeError(f"{rates_notices.rates_bill_number(account, bill)}: {error}") from None


def _record_on_account(account: CtaxAccount, number: str, notice: Notice, year: int | None) -> CtaxAccount:
    """The account noting the notice; a note the recovery run already made under the same number
    (its action key) is completed with where the notice is kept, not repeated."""
    record = NoticeRecord(number, notice.notice_type, notice.header.issue_date, year, document=f"issued_notices:{number}")
    if any(n.number == number for n in account.notices):
        return attrs.evolve(account, notices=tuple(record if n.number == number else n for n in account.notices))
    return attrs.evolve(account, notices=(*account.notices, record))


def _year_of(notice: Notice) -> int | None:
    label = getattr(notice, "financial_year", None) or next(iter(getattr(notice, "financial_years", ())), None)
    return FinancialYear.parse(label).start_year if label else None


def _issue_all(session: Session, notes: NoticeRecords, pending: Sequence[Pending], branding: Branding,
               run_id: str = "", pdf: bytes | None = None) -> list[Stored[StoredNotice]]:
    """Store each not-yet-issued notice and note it on its account (call inside ``store.change``).

    Accounts are read again here, under the write lock: an officer's change made while a long
    run was rendering is kept, not refused as a conflict."""
    saved = []
    by_account: dict[tuple[bool, int], tuple[Stored, object]] = {}
    for item in pending:
        if item.stored is not None:
            continue
        if notes.issued.ids("number", item.number):
            raise NoticeError(f"notice {item.number} was already issued")
        saved.append(notes.issued.add(StoredNotice(item.number, issue(item.notice, branding, pdf), run_id)))
        if isinstance(item.account.value, SundryDebt):
            continue  # an invoice keeps no notices: its letters are found by the invoice's number
        key = (isinstance(item.account.value, RatesAccount), item.account.doc_id)
        if key not in by_account:
            current = _repository(session, key[0]).get(key[1])
            by_account[key] = (current, current.value)
        previous, account = by_account[key]
        by_account[key] = (previous, _record_on_account(account, item.number, item.notice, _year_of(item.notice)))
    for rates in (False, True):
        pairs = [pair for key, pair in by_account.items() if key[0] is rates]
        if pairs:
            _repository(session, rates).save_many(pairs)
    return saved


def _repository(session: Session, rates: bool):
    """Where council tax (``rates`` False) or business rates accounts are kept."""
    return rates_notices.rates_repository(session.store) if rates else session.records.accounts


def issue_notice(session: Session, account: RefundAccount, number: str, notice: Notice,
                 branding: Branding | None = None) -> Stored[StoredNotice]:
    """Issue ``notice``: its record stored, with the SHA-256 of its PDF as issued, and a
    :class:`NoticeRecord` on the account, in one transaction.
    :raises NoticeError: a notice with this number was issued already."""
    notes = open_notice_records(session.store)
    branding = branding or branding_for(session)
    pdf = preview_pdf(notice, branding)  # the PDF issued, rendered as a reprint renders it
    with session.store.change(f"notice {number} issued", user=session.officer):
        return _issue_all(session, notes, [Pending(number, account, notice)], branding, pdf=pdf)[0]


def _latest_bill(account: CtaxAccount, year: int | None) -> Bill:
    bills = [b for b in account.bills if year is None or b.year == year]
    if not bills:
        raise NoticeError(f"{account.reference} has no bill" + (f" for {FinancialYear(year).label}" if year else ""))
    return bills[-1]


def issue_bill(session: Session, reference: str, year: int | None = None) -> Stored[StoredNotice]:
    """Issue the notice for the account's latest bill (for ``year``, or any year)."""
    stored = _any_account(session, reference)
    if isinstance(stored.value, RatesAccount):
        account = stored.value
        bills = [b for b in account.bills if year is None or b.year.start_year == year]
        if not bills:
            raise NoticeError(f"{reference} has no bill" + (f" for {FinancialYear(year).label}" if year else ""))
        return issue_notice(session, stored, rates_notices.rates_bill_number(account, bills[-1]),
                            _rates_notice(session, account, bills[-1]))
    bill = _latest_bill(stored.value, year)
    return issue_notice(session, stored, bill_number(stored.value, bill), bill_notice(session, stored.value, bill))


def reprint_notice(session: Session, number: str) -> bytes:
    """The PDF of notice ``number`` exactly as issued, from its stored record and the version of
    the templates, wording and formats it was issued with, checked against the hash of the PDF
    issued. A notice whose PDF was not hashed at issue (a print run's) has the hash of this
    first reprint kept. :raises ReprintError: it cannot be reprinted exactly, and why."""
    notes = open_notice_records(session.store)
    found = notes.issued.find_one("number", number)
    if found is None:
        raise NoticeError(f"no issued notice {number!r}")
    record = found.value.record
    try:
        kept = notes.versions.find_one("digest", record.template_digest)
    except DocumentError as error:
        raise ReprintError(f"notice {number}: the kept version it was issued with does not read ({error})") from None
    pdf = reprint(record, kept.value.sources if kept is not None else None)
    if not record.pdf_sha256:
        with session.store.change(f"notice {number}: hash of its PDF kept at its first reprint", user=session.officer):
            current = notes.issued.get(found.doc_id)
            if not current.value.record.pdf_sha256:
                notes.issued.save(current, attrs.evolve(current.value, record=with_pdf(current.value.record, pdf)))
    return pdf


def preview_bill(session: Session, reference: str, kind: str | None = None) -> bytes:
    """A PDF of the account's latest bill (of ``kind``: ``annual``, ``adjustment``...), not issued."""
    account = _any_account(session, reference).value
    if isinstance(account, RatesAccount):
        bills = [b for b in account.bills if kind is None or account.bill_kind(b) == kind]
    else:
        bills = [b for b in account.bills if kind is None or b.kind == kind]
    if not bills:
        raise NoticeError(f"{reference} has no {kind + ' ' if kind else ''}bill")
    notice = _rates_notice(session, account, bills[-1]) if isinstance(account, RatesAccount) else \
        bill_notice(session, account, bills[-1])
    return preview_pdf(notice, branding_for(session))


def account_pdfs(session: Session, reference: str, out_dir: Path) -> list[Path]:
    """Write the account's notices as PDFs in ``out_dir``: its latest bill as a preview (not
    issued), and each issued notice reprinted exactly as issued. Gives the files written."""
    account = _any_account(session, reference).value
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    if account.bills:
        path = out_dir / f"{reference}-latest-bill-preview.pdf"
        write_private(path, preview_bill(session, reference))
        written.append(path)
    issued = open_notice_records(session.store).issued
    for record in account.notices:
        if issued.find_one("number", record.number) is not None:
            path = out_dir / (record.number.replace("/", "_") + ".pdf")
            write_private(path, reprint_notice(session, record.number))
            written.append(path)
    return written


def _with_stored(notes: NoticeRecords, pending: Pending) -> Pending:
    found = notes.issued.find_one("number", pending.number)
    if found is None:
        return pending
    notice, _ = restore(found.value.record)
    return attrs.evolve(pending, notice=notice, stored=found)


def bill_notices(session: Session, kind: str, *, year: int | None = None, day: dt.date | None = None) -> Iterator[Pending]:
    """The bills to print: ``annual_bill`` — each account's annual bill for ``year``;
    ``adjustment_notice`` — every adjustment bill issued on ``day``; council tax, then business
    rates (:mod:`revtui.services.rates_notices`) for ``rates_demand_notice`` and
    ``rates_adjustment_notice``."""
    if kind in RATES_KINDS:
        for stored, bill in rates_notices.rates_bills(session.store, RATES_KINDS[kind], year=year, day=day):
            yield Pending(rates_notices.rates_bill_number(stored.value, bill), stored,
                          _rates_notice(session, stored.value, bill))
        return
    for stored in session.records.accounts:
        account = stored.value
        for bill in account.bills:
            if kind == "annual_bill" and bill.kind == "annual" and bill.year == year or \
                    kind == "adjustment_notice" and bill.kind == "adjustment" and bill.issued == day:
                yield Pending(bill_number(account, bill), stored, bill_notice(session, account, bill))


def _recovery_events(session: Session, stage: str, day: dt.date) -> Iterator[tuple[str, str, StageEvent]]:
    """Council tax's steps of ``stage`` on ``day``: the recovery file also keeps the other kinds'
    steps, whose letters the run stores itself (:mod:`revtui.services.recovery_letters`)."""
    for stored in recovery_repository(session.store):
        if not stored.value.account.startswith(COUNCIL_TAX.prefix):
            continue
        for item in stored.value.history:
            if item.event.stage == stage and item.event.day == day:
                yield stored.value.account, item.year, item.event


def _summons_costs(session: Session, reference: str, summons: StageEvent) -> Decimal:
    """The costs the run raised with a summons (keyed ``.../summons_costs/1`` beside it): from
    the ledger, where the run posts them; stores written before that kept them in the history."""
    key = summons.key.replace("/summons/", "/summons_costs/")
    entry = _account(session, reference).value.ledger.entry_for_source(key)
    if entry is not None:
        return entry.amount
    stored = recovery_repository(session.store).find_one("account", reference)
    found = [item.event.amount for item in (stored.value.history if stored else ())
             if item.event.key == key and item.event.amount is not None]
    return found[0] if found else Decimal("0.00")


def recovery_notices(session: Session, stage: str, day: dt.date) -> Iterator[Pending]:
    """The notices of ``stage`` (:data:`RECOVERY_STAGES`) the recovery run recorded on ``day``."""
    if stage in AFTER_ORDER:
        for reference, year, event in _recovery_events(session, AFTER_ORDER[stage], day):
            if event.outcome is None:  # a remedy's end (failed, cleared) sends no letter from here
                stored = _account(session, reference)
                yield Pending(event.key, stored, after_order_notice(session, stored.value, year, event))
        return
    days = rules().stages.balance_due_after_failure_days
    for reference, year, event in _recovery_events(session, stage, day):
        stored = _account(session, reference)
        header = header_for(session, stored.value, day)
        if event.stage == "final_notice":
            notice = adapters.final_notice(header, year, event)
        elif event.stage == "summons":
            court = load_court(session.tariff.council.code)
            notice = adapters.summons(header, year, event, _summons_costs(session, reference, event),
                                      LocalText(court.name, court.name_cy), court.address, court.sits_at)
        else:
            # the balance when the run issued it, not today's (a payment since must not change
            # the notice, nor stop the run); a payment posted later on the run's own day cannot
            # make it less than the amount the run asked for
            balance = max(_owed_on(stored.value, FinancialYear.parse(year), event.day), event.amount or Decimal("0.00"))
            notice = adapters.reminder(header, year, event, balance, days)
        yield Pending(event.key, stored, notice)


RefundAccount = Stored[CtaxAccount] | Stored[RatesAccount] | Stored[SundryDebt]


def refund_account(session: Session, reference: str) -> RefundAccount | None:
    """The account a refund was paid from (an invoiced HB overpayment's is its invoice: the request
    names it), if its kind has a refund letter (:data:`refund_letters.KINDS`)."""
    located = locate(session.store, reference)
    if located is None or refund_letters.letter_kind(located.stored.value) is None:
        return None
    return located.stored


def refund_notice(session: Session, record: RequestRecord, stored: RefundAccount) -> Notice:
    """The letter of posted refund ``record`` on ``stored``, dated the day it was posted."""
    account, day, council = stored.value, posted_on(record), session.tariff.council.code
    try:
        if isinstance(account, SundryDebt):
            header = invoice_header(council, account, day)
        elif isinstance(account, RatesAccount):
            header = rates_notices.rates_header(council, account, day)
        else:
            header = header_for(session, account, day)
        return refund_letters.refund_notice(header, account, record, welsh="cy" in branding_for(session).languages)
    except (ModelError, LetterError, refund_letters.RefundLetterError) as error:
        raise NoticeError(str(error)) from None


def _refund_accounts(session: Session, kind: str, day: dt.date) -> Iterator[tuple[Stored, Stored]]:
    """The refunds posted on ``day`` whose account gets letter ``kind``, each with its account; not
    those whose letter an officer issued by hand (``notice refund-letter``): that one is sent from
    its reprint, and a run drafted again must not post it a second time."""
    issued = open_notice_records(session.store).issued
    for record in refund_letters.refunds_posted(session.cash, day):
        letter = issued.find_one("number", refund_letters.refund_letter_number(record.value))
        if letter is not None and not letter.value.run_id:
            continue
        found = refund_account(session, record.value.request.account)
        if found is not None and refund_letters.letter_kind(found.value) == kind:
            yield record, found


def refund_notices(session: Session, kind: str, day: dt.date) -> Iterator[Pending]:
    """The letters (``kind``: :data:`REFUND_LETTERS`) of the refunds posted on ``day``."""
    for record, stored in _refund_accounts(session, kind, day):
        yield Pending(refund_letters.refund_letter_number(record.value), stored,
                      refund_notice(session, record.value, stored))


def _order_of(session: Session, reference: str, year: str, step: StageEvent) -> StageEvent:
    """The year's liability order a remedy follows: the latest recorded on or before ``step``."""
    stored = recovery_repository(session.store).find_one("account", reference)
    orders = [item.event for item in (stored.value.history if stored else ())
              if item.year == year and item.event.stage == "liability_order" and item.event.day <= step.day]
    if not orders:
        raise NoticeError(f"{step.key}: no liability order recorded for {year} before it")
    return orders[-1]


def _after_order_amount(session: Session, account: CtaxAccount, year: str, event: StageEvent) -> Decimal:
    """What a letter after the order asks for, from the history and the ledger on the day it was
    issued: the order less what was paid since (a liability order notice), the year's balance of
    tax and costs (an attachment of earnings order), the balance referred (an enforcement referral)."""
    owed = owed_by(account.ledger, FinancialYear.parse(year), event.day)
    if event.stage == "liability_order":
        return min(event.amount or Decimal("0.00"), owed)
    if event.stage == "attachment_of_earnings":
        return owed
    return event.amount or Decimal("0.00")


def after_order_notice(session: Session, account: CtaxAccount, year: str, event: StageEvent) -> Notice:
    """The letter of a step after a liability order (:data:`AFTER_ORDER`) as the run recorded it:
    to the debtor (the order, the referral) or to their employer (the attachment of earnings)."""
    council = session.tariff.council.code
    stages = rules()
    try:
        if event.stage == "liability_order":
            court = load_court(council)
            return adapters.liability_order_notice(
                header_for(session, account, event.day), year, event,
                owed_by(account.ledger, FinancialYear.parse(year), event.day),
                LocalText(court.name, court.name_cy), stages.stages.debtor_information_days)
        order = _order_of(session, account.reference, year, event)
        if event.stage == "enforcement_agent":
            agent = load_agent(council)
            # the agent's compliance fee on the sum referred (TCGR 2013 as the dated fee table holds it)
            fee = ea_fee(stages.ea_fees, "compliance", _after_order_amount(session, account, year, event), event.day)
            return adapters.enforcement_referral(header_for(session, account, event.day), year, order, event,
                                                 agent.name, agent.contact, fee.amount)
        file = recovery_repository(session.store).find_one("account", account.reference)
        means = file.value.means if file else None
        if means is None or means.employment is None:
            raise NoticeError(f"{event.key}: no employer recorded (m, Record means)")
        if not means.employer_address:
            raise NoticeError(f"{event.key}: record {means.employment.employer}'s payroll address "
                              "(m, Record means) to send the order")
        employment = means.employment
        try:
            to = adapters.addressee(("The Payroll Manager", employment.employer), means.employer_address)
        except ModelError as error:
            raise NoticeError(f"{event.key}: the employer's address cannot be printed: {error}") from None
        header = NoticeHeader(council_id=council, account_reference=account.reference, issue_date=event.day,
                              addressee=to)
        return adapters.attachment_of_earnings_order(
            header, account.persons[0].name if account.persons else account.names, year, order, event,
            _after_order_amount(session, account, year, event), employment.frequency,
            stages.aeo.at(event.day).table(employment.frequency), employer_admin_fee(event.day))
    except (DataError, ModelError) as error:
        raise NoticeError(f"{event.key}: {error}") from None


def producing_run(session: Session, kind: str, *, year: int | None = None, day: dt.date | None = None,
                  skip: frozenset[str] = frozenset()) -> ProducingRun:
    """What the store says the run must hold, counted from the bills and recovery history
    themselves (not from the notices): how many, and the sum they ask for; the accounts in
    ``skip`` (gone away: post stopped) left out."""
    if kind in AFTER_ORDER:
        found = [(reference, year, event) for reference, year, event in _recovery_events(session, AFTER_ORDER[kind], day)
                 if event.outcome is None and reference not in skip]
        total = money_sum(_after_order_amount(session, _account(session, reference).value, year, event)
                          for reference, year, event in found)
        return ProducingRun(f"recovery run {day.isoformat()}", kind, len(found), total)
    if kind in REFUND_LETTERS:
        first = {}  # the run prints one refund letter an account, the first posted that day
        for record, _ in _refund_accounts(session, kind, day):
            if record.value.request.account not in skip:
                first.setdefault(record.value.request.account, record.value.request.amount)
        refunds = list(first.values())
        return ProducingRun(f"refunds posted {day.isoformat()}", kind, len(refunds), money_sum(refunds))
    if kind in RECOVERY_STAGES:
        found = [event for event in _recovery_events(session, kind, day) if event[0] not in skip]
        # a summons asks for the outstanding sum and the costs raised with it
        total = money_sum(event.amount + (_summons_costs(session, reference, event) if kind == "summons" else 0)
                          for reference, _, event in found)
        return ProducingRun(f"recovery run {day.isoformat()}", kind, len(found), total)
    wanted = "annual" if kind in YEAR_KINDS else "adjustment"
    count, amounts = 0, []
    for stored in () if kind in RATES_KINDS else session.records.accounts:
        for bill in () if stored.value.reference in skip else stored.value.bills:
            if bill.kind == wanted and (bill.year == year if wanted == "annual" else bill.issued == day):
                count += 1
                amounts.append(_owed_when_billed(stored.value, bill))
    for stored, bill in rates_notices.rates_bills(session.store, RATES_KINDS[kind], year=year, day=day) \
            if kind in RATES_KINDS else ():
        if stored.value.reference in skip:
            continue
        count += 1
        amounts.append(rates_notices.owed_when_billed(stored.value, bill))
    label = f"billing {FinancialYear(year).label}" if wanted == "annual" else f"adjustments {day.isoformat()}"
    label = f"business rates {label}" if kind in RATES_KINDS else label
    return ProducingRun(label, kind, count, money_sum(amounts))


def _run_id(notes: NoticeRecords, stem: str) -> str:
    taken = {stored.value.run_id for stored in notes.runs.find_prefix("run", stem)}
    number = 1
    while f"{stem}-{number}" in taken:
        number += 1
    return f"{stem}-{number}"


def draft_print_run(session: Session, kind: str, out_dir: Path, *, year: int | None = None,
                    day: dt.date | None = None, batch_size: int = DEFAULT_BATCH_SIZE, workers: int = 2,
                    progress: Callable[[int, int], None] | None = None,
                    held: list[str] | None = None) -> tuple[PrintRun, list[str]]:
    """Draft a print run of ``kind`` (:data:`RUN_KINDS`; an annual bill run for ``year``, the
    others of the notices issued on ``day``): issue the notices not yet issued,
    write the batches (PDF + index CSV, postcode order) into ``out_dir``, check the run against
    the store's bills or recovery history and record it. Gives the run (checked, or drafted if
    it does not reconcile) and the discrepancies found.

    A notice to a gone-away account is not printed nor issued, and is added to ``held`` in words;
    a reminder or final notice the recovery run recorded for it is withdrawn from its recovery
    history (not sent, so not served: the run proposes it again once the payer is traced).
    A second refund letter to one account on one day is not printed either (an account is in a run
    once) and is added to ``held``, to be issued by hand."""
    if kind not in RUN_KINDS:
        raise NoticeError(f"print run kind {kind!r} is not one of {', '.join(RUN_KINDS)}")
    if (kind in YEAR_KINDS) != (year is not None) or (kind not in YEAR_KINDS) != (day is not None):
        raise NoticeError("an annual bill or rates demand notice run needs --year; adjustment and recovery runs "
                          "need --date")
    notes = open_notice_records(session.store)
    branding = branding_for(session)
    if kind in RECOVERY_STAGES or kind in AFTER_ORDER:
        found = recovery_notices(session, kind, day)
    elif kind in REFUND_LETTERS:
        found = refund_notices(session, kind, day)
    else:
        found = bill_notices(session, kind, year=year, day=day)
    gone = gone_away_accounts(session.store)
    pending, stopped, later = [], [], []
    for item in found:
        reference = item.reference
        if reference in gone:
            stopped.append(item)
        elif kind in REFUND_LETTERS and any(p.reference == reference for p in pending):
            later.append(item)  # one envelope an account: the run refuses an account twice
        else:
            pending.append(item)
    pending = [_with_stored(notes, item) for item in pending]
    words = [_held_words(item, gone[item.reference].since) for item in stopped]
    words += [f"{item.reference}: refund letter {item.number} not printed: the account has a refund "
              f"letter in this run already; issue it with 'notice refund-letter {item.number.rsplit('/', 1)[-1]}' "
              "and post its reprint" for item in later]
    if held is not None:
        held.extend(words)
    if not pending:
        raise NoticeError(f"nothing to print for {kind} {year or day}" + "".join(f"; {w}" for w in words))
    source = producing_run(session, kind, year=year, day=day,
                           skip=frozenset(item.reference for item in stopped))
    run_id = _run_id(notes, f"{kind}-{year or day.isoformat()}")
    notices = [item.notice for item in pending]
    batches = produce_batches(run_id, notices, {branding.council_id: branding}, out_dir,
                              batch_size=batch_size, workers=workers, progress=progress)
    at = _now()
    run = draft(run_id, source, notices, batches, drafted_by=session.officer, at=at)
    problems = discrepancies(run)
    if not problems:
        run = check(run, checked_by=session.officer, at=at)
    with session.store.change(f"print run {run_id} drafted ({run.count} notices)", user=session.officer):
        _issue_all(session, notes, pending, branding, run_id)
        _withdraw_unsent(session, [item for item in stopped if kind in WITHDRAWN])
        notes.runs.add(run)
    return run, problems


WITHDRAWN = ("reminder", "second_reminder", "final_notice")
"""Recovery notices withdrawn when held back from a gone-away account. A summons is not: its costs
are on the ledger and the court's list; an officer withdraws it (the run's summary says so)."""


def _held_words(item: Pending, since: dt.date) -> str:
    reference = item.reference
    if item.notice.notice_type == "summons":
        return (f"{reference}: summons {item.number} NOT PRINTED, gone away since {since.isoformat()}: it is not "
                "served; withdraw it from the court's list and reverse its costs")
    withdrawn = " (the step is withdrawn: not served)" if any(s in item.number for s in WITHDRAWN) else ""
    what = item.notice.notice_type.replace("_", " ")
    return f"{reference}: {what} {item.number} not printed, gone away since {since.isoformat()}{withdrawn}"


def _withdraw_unsent(session: Session, stopped: Sequence[Pending]) -> None:
    """Take the recovery steps of notices not sent off their recovery history and the account's
    notices (call inside ``store.change``)."""
    repo = recovery_repository(session.store)
    for item in stopped:
        reference = item.account.value.reference
        file = repo.find_one("account", reference)
        if file is not None:
            repo.save(file, attrs.evolve(file.value, history=tuple(
                e for e in file.value.history if e.event.key != item.number)))
        account = session.records.accounts.find_one("reference", reference)
        if account is not None and any(n.number == item.number for n in account.value.notices):
            session.records.accounts.save(account, attrs.evolve(account.value, notices=tuple(
                n for n in account.value.notices if n.number != item.number)))


def _stored_run(notes: NoticeRecords, run_id: str) -> Stored[PrintRun]:
    found = notes.runs.find_one("run", run_id)
    if found is None:
        raise NoticeError(f"no print run {run_id!r}")
    return found


def _check_addresses(notes: NoticeRecords, run_id: str) -> None:
    """Every notice of the run can be posted: its address within GOV.UK Notify's rule of at most
    :data:`MAX_ADDRESS_LINES` lines, postcode last (a run drafted under an older rule may not be)."""
    problems = []
    for found in notes.issued.find("run", run_id):
        number = found.value.number
        try:
            notice, _ = restore(found.value.record)
        except (ModelError, ReprintError) as error:
            problems.append(f"{number}: {error}")
            continue
        lines = notice.header.addressee.window_lines
        if len(lines) > MAX_ADDRESS_LINES:
            problems.append(f"{number}: the address has {len(lines)} lines; at most {MAX_ADDRESS_LINES} fit the window")
    if problems:
        raise NoticeError(f"print run {run_id} cannot be approved: " + "; ".join(problems))


def approve_print_run(session: Session, run_id: str, officer: str | None = None) -> PrintRun:
    """A second officer (not the one who drafted it) approves a checked run. ``officer``, when
    given, must be the session's officer: an approval is made by who is signed in, not named."""
    if officer is not None and officer.strip().casefold() != session.officer.casefold():
        raise NoticeError(f"print run {run_id}: {session.officer} is signed in and cannot approve as {officer}")
    notes = open_notice_records(session.store)
    stored = _stored_run(notes, run_id)
    _check_addresses(notes, run_id)
    approved = approve(stored.value, approved_by=session.officer, at=_now())
    with session.store.change(f"print run {run_id} approved by {approved.approved_by}", user=session.officer):
        notes.runs.save(stored, approved)
    return approved


def release_print_run(session: Session, run_id: str) -> PrintRun:
    """Release an approved run to the printer."""
    notes = open_notice_records(session.store)
    stored = _stored_run(notes, run_id)
    released = release(stored.value, at=_now())
    with session.store.change(f"print run {run_id} released to print", user=session.officer):
        notes.runs.save(stored, released)
    return released

