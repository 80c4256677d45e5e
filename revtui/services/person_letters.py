"""The all-debts statement of a person as a letter (:mod:`letters.person_statement`): the
person screen's figures (:func:`revtui.services.persons.person_debts`) addressed to the person,
issued (stored exactly as issued, so it reprints by its number) and written as a PDF, a private
file: it names the person and their debts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from letters.issued import issue
from letters.model import Addressee, ModelError, NoticeHeader
from letters.person_statement import PersonDebtRow, PersonStatement
from letters.render import preview_pdf
from revtui.accounts import COUNCIL_TAX, kind_named, kind_of_reference, locate
from revtui.records.notices import StoredNotice, open_notice_records
from revtui.records.persons import PersonRecord
from revtui.services.notices import branding_for
from revtui.services.permissions import require
from revtui.services.persons import PersonsError, person_debts, person_of
from revtui.services.session import Session
from safefiles import write_private

__all__ = ["statement_letter", "letter_pdf", "store_statement_letter", "issue_statement_letter"]


def _address(session: Session, account: str) -> tuple[tuple[str, ...], str] | None:
    """(address lines, postcode) an account posts to, or None when it keeps no address."""
    located = locate(session.store, account)
    if located is None:
        return None
    value = located.stored.value
    if located.kind is COUNCIL_TAX:
        if value.correspondence is not None:
            return tuple(value.correspondence.lines), value.correspondence.postcode
        found = session.records.properties.find_one("reference", value.property_reference)
        return (tuple(found.value.address.lines), found.value.address.postcode) if found else None
    if located.kind is kind_named("business rates"):
        return tuple(value.hereditament.address.lines), value.hereditament.address.postcode
    if located.kind is kind_named("sundry debt"):  # an invoiced HB overpayment is located at its invoice
        lines = [line for line in value.invoice.debtor.address if line.strip()]
        return (tuple(lines[:-1]), lines[-1]) if len(lines) > 1 else None
    return None


def _post_to(session: Session, person: PersonRecord, reference: str) -> tuple[tuple[str, ...], str, str]:
    """Where the letter goes, and from which account: a council tax account's (the one whose
    liability began last, as the person most likely lives there or gave a forwarding address),
    else the account the officer opened the person from, else any linked account's."""
    ctax = [link.account for link in person.links if kind_of_reference(link.account) is COUNCIL_TAX]
    ctax.sort(key=lambda account: _liability_start(session, account), reverse=True)
    others = [reference] + [link.account for link in person.links if link.account not in ctax]
    for account in ctax + others:
        address = _address(session, account)
        if address is not None and address[0]:
            return address[0], address[1], account
    raise PersonsError(f"{person.reference}: none of the person's accounts keeps a postal address to write to")


def _liability_start(session: Session, account: str) -> dt.date:
    located = locate(session.store, account)
    return located.stored.value.liability.start if located is not None else dt.date.min


def statement_letter(session: Session, reference: str) -> PersonStatement:
    """The all-debts letter of the person ``reference`` (an account of theirs) is linked to."""
    require(session, "view")
    person = person_of(session.store, reference)
    if person is None:
        raise PersonsError(f"{reference} is not linked to a person: link the person's accounts first")
    debts = person_debts(session.store, person.value, session.today)
    if not debts.debts:
        raise PersonsError(f"{person.value.reference} has no accounts linked: there is nothing to state")
    lines, postcode, source = _post_to(session, person.value, reference)
    try:
        addressee = Addressee((person.value.name,), lines, postcode)
    except ModelError as error:
        raise PersonsError(f"{person.value.reference}: the address of {source} cannot be printed: {error}") from None
    header = NoticeHeader(session.tariff.council.code, person.value.reference, session.today, addressee)
    try:
        rows = tuple(PersonDebtRow(d.kind.lower().replace(" ", "_"), d.account, d.balance, d.arrears)
                     for d in debts.debts)
        return PersonStatement(header, session.today, rows, debts.balance, debts.arrears)
    except (ModelError, ValueError) as error:  # a kind the letter has no words for
        raise PersonsError(f"{person.value.reference}: the statement letter cannot be made: {error}") from None


def letter_pdf(session: Session, notice: PersonStatement) -> bytes:
    """The letter as a PDF (rendering takes a second or so: a screen runs it in a worker; it reads
    no store)."""
    return preview_pdf(notice, branding_for(session))


def store_statement_letter(session: Session, notice: PersonStatement, pdf: bytes, folder: Path) -> tuple[str, Path]:
    """Issue the letter: stored exactly as issued under a number ``DBT0000001-S001`` (the person's
    statements counted), so it reprints by that number, and ``pdf`` written in ``folder``.
    Gives (number, PDF path)."""
    require(session, "notice.issue")
    person = notice.header.account_reference
    issued = open_notice_records(session.store).issued
    with session.store.change(f"all-debts statement of {person} issued", user=session.officer):
        number = f"{person}-S{len(issued.ids('account', person)) + 1:03d}"
        issued.add(StoredNotice(number, issue(notice, branding_for(session), pdf)))  # pdf: hashed as issued
    folder.mkdir(parents=True, exist_ok=True)
    return number, write_private(folder / f"{number}.pdf", pdf)


def issue_statement_letter(session: Session, reference: str, folder: Path) -> tuple[str, Path]:
    """Build, render and issue the all-debts letter of ``reference``'s person (see
    :func:`store_statement_letter`); a letter that cannot print is not issued."""
    require(session, "notice.issue")
    notice = statement_letter(session, reference)
    return store_statement_letter(session, notice, letter_pdf(session, notice), folder)
