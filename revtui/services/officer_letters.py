"""Letters an officer issues from account data, and issued notices reprinted from the account view.

- the general letter an officer types on a council tax account (stored as issued, noted on it);
- the refund letter for a refund that was approved and posted (from its request: amount, reason,
  whom and how it is paid), when its print run has not issued it
  (:mod:`revtui.services.refund_letters`);
- the completion notice of a new dwelling (from its record: the completion day, served the day
  it was recorded), addressed to the owner at the dwelling;
- any notice issued on an account (bills, reminders, summonses, the letters above) reprinted
  exactly as issued into a private PDF beside the store, its record's hash checked first.

Each is stored in ``issued_notices`` under its number and reprints with ``notice reprint NUMBER``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs

from letters import adapters
from letters.issued import ReprintError, issue
from letters.model import Addressee, ModelError, Notice, NoticeHeader
from refdata import DataError
from refdata.notice_terms import completion_appeal_days
from revcore.approvals import ApprovalKind
from revtui.records.ctax import CtaxAccount, NoticeRecord
from revtui.records.notices import StoredNotice, open_notice_records
from revtui.services.changes import ActionError, Proposal, Write, parse_day
from revtui.services.contacts import gone_away_accounts
from revtui.services.notices import (NoticeError, RefundAccount, branding_for, header_for, issue_notice,
                                     refund_account, refund_notice, reprint_notice)
from revtui.services.refund_letters import refund_letter_number
from revtui.services.session import Session
from revtui.store import Repository, Store, Stored

__all__ = ["OWNER", "issued_on_account", "reprint_to_file", "propose_general_letter", "general_letter_number",
           "refund_letter", "issue_refund_letter", "completion_notice", "completion_number", "completion_write", "issue_completion_notice"]

OWNER = "The Owner"
"""How a completion notice is addressed when the owner is not named: the record of a new dwelling
keeps no owner (LGA 1972 s.233(7) allows a notice addressed by the description "owner"; read as
enough for Sch 4A service, UNVERIFIED)."""


def _issued(store: Store) -> Repository[StoredNotice]:
    return open_notice_records(store).issued


def issued_on_account(session: Session, reference: str) -> list[StoredNotice]:
    """The notices stored as issued for ``reference``, oldest first."""
    found = _issued(session.store).find("account", reference)
    return sorted((s.value for s in found), key=lambda n: (n.record.issue_date, n.number))


def reprint_to_file(session: Session, number: str, out_dir: Path) -> Path:
    """Reprint notice ``number`` exactly as issued (its record, the version it was issued with and
    its PDF's hash checked: :func:`revtui.services.notices.reprint_notice`) into a
    file only the operating-system user can read, in ``out_dir``; gives the file."""
    from safefiles import write_private

    try:
        pdf = reprint_notice(session, number)
    except ReprintError as error:
        raise NoticeError(str(error)) from None
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / (number.replace("/", "_") + ".pdf")
    write_private(path, pdf)
    return path


def general_letter_number(account: CtaxAccount) -> str:
    count = sum(1 for n in account.notices if n.kind == "general_letter")
    return f"{account.reference}/letter/{count + 1}"


def propose_general_letter(session: Session, account: CtaxAccount, subject: str, body: str,
                           reply_by_text: str = "") -> Proposal:
    """A letter the officer typed (paragraphs separated by `` / ``), to the liable people at their
    correspondence address: stored exactly as issued and noted on the account when saved."""
    if not subject.strip():
        raise ActionError("subject: say what the letter is about")
    if not body.strip():
        raise ActionError("letter: type what it says (separate paragraphs with ' / ')")
    reply_by = parse_day(reply_by_text, "reply by") if reply_by_text.strip() else None
    if reply_by is not None and reply_by <= session.today:
        raise ActionError(f"reply by: {reply_by.isoformat()} is not after today")
    try:
        notice = adapters.general_letter(header_for(session, account, session.today), subject, body, reply_by)
    except ModelError as error:
        raise ActionError(str(error)) from None
    number = general_letter_number(account)
    record = StoredNotice(number, issue(notice, branding_for(session)))
    noted = attrs.evolve(account, notices=(*account.notices, NoticeRecord(
        number, notice.notice_type, session.today, None, f"issued_notices:{number}")))
    to = ", ".join(notice.header.addressee.window_lines)
    effect = "\n".join([f"Letter {number} to {to}", f"Subject: {notice.subject.en}",
                        *(f"  {p.en}" for p in notice.paragraphs),
                        *([f"Reply by {reply_by.isoformat()}"] if reply_by else []),
                        "Stored exactly as issued: reprint it from the notices (6, then N)."])
    return Proposal(f"Letter: {account.reference}", noted, effect, f"letter {number} issued: {subject.strip()}",
                    writes=(Write(_issued, None, record),))


def refund_letter(session: Session, request_id: str) -> tuple[RefundAccount, str, Notice]:
    """The letter for refund ``request_id``, once approved and posted: the account, the number and
    the notice, dated the day it was posted (the day its print run prints it)."""
    record = session.cash.requests.find_one("id", request_id)
    if record is None or record.value.request.kind is not ApprovalKind.REFUND:
        raise NoticeError(f"no refund request {request_id!r}")
    request = record.value.request
    if not record.value.entry:
        raise NoticeError(f"refund {request_id} is {request.status.value} and not yet posted: no letter until it is")
    stored = refund_account(session, request.account)
    if stored is None:
        raise NoticeError(f"refund {request_id}: {request.account} is not an account with a refund letter")
    return stored, refund_letter_number(record.value), refund_notice(session, record.value, stored)


def issue_refund_letter(session: Session, request_id: str) -> Stored[StoredNotice]:
    """Issue now the letter of a posted refund that has none stored: one posted before posting noted
    its letter, or one its print run held back (gone away, traced since; a second letter to the
    account that day). It is sent from its reprint: print runs leave a letter issued by hand out.
    A letter stored already (by its print run, or by hand) is refused: it is reprinted, not issued again."""
    stored, number, notice = refund_letter(session, request_id)
    issued = _issued(session.store).find_one("number", number)
    if issued is not None:
        run = f" by print run {issued.value.run_id}" if issued.value.run_id else ""
        raise NoticeError(f"refund {request_id}: its letter {number} was already issued{run} "
                          f"(dated {issued.value.record.issue_date.isoformat()}); reprint it with "
                          f"'notice reprint {number}' or N on the account")
    reference = notice.header.account_reference
    gone = gone_away_accounts(session.store).get(reference)
    if gone is not None:
        raise NoticeError(f"refund {request_id}: {reference} is gone away since "
                          f"{gone.since.isoformat()}: post is stopped, so the letter waits until the payer is traced")
    return issue_notice(session, stored, number, notice)


def completion_number(reference: str) -> str:
    return f"{reference}/completion_notice/1"


def completion_notice(council: str, reference: str, lines: tuple[str, ...], postcode: str,
                      completion_day: dt.date, served: dt.date) -> Notice:
    """The completion notice of new dwelling ``reference`` served on ``served``, to its owner at it."""
    try:
        header = NoticeHeader(council_id=council, account_reference=reference, issue_date=served,
                              addressee=Addressee((OWNER,), lines, postcode), property_address=(*lines, postcode),
                              property_reference=reference)
        return adapters.completion_notice(header, completion_day, completion_appeal_days(served))
    except (ModelError, DataError) as error:
        raise ActionError(f"completion notice for {reference}: {error}") from None


def issue_completion_notice(session: Session, reference: str, lines: tuple[str, ...], postcode: str,
                            completion_day: dt.date, served: dt.date) -> Stored[StoredNotice]:
    """Store the completion notice of a dwelling recorded before notices were stored with it (as
    served on ``served``), once."""
    try:
        notice = completion_notice(session.tariff.council.code, reference, lines, postcode, completion_day, served)
    except ActionError as error:
        raise NoticeError(str(error)) from None
    number = completion_number(reference)
    issued = _issued(session.store)
    with session.store.change(f"notice {number} issued", user=session.officer):
        if issued.ids("number", number):
            raise NoticeError(f"notice {number} was already issued")
        return issued.add(StoredNotice(number, issue(notice, branding_for(session))))


def completion_write(session: Session, notice: Notice) -> Write:
    """Stores the completion notice as issued with the new dwelling (one transaction)."""
    number = completion_number(notice.header.account_reference)
    return Write(_issued, None, StoredNotice(number, issue(notice, branding_for(session))))
