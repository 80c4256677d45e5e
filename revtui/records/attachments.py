"""Attachments of earnings made for a person across their accounts, and the employers'
remittances posted under them.

An :class:`EarningsAttachment` is one order at one employer: a council tax attachment of earnings
order covering liability orders on any of the person's council tax accounts, or a direct earnings
attachment covering their HB overpayments. Each covered account also records it the way its kind
always did (a live ``attachment_of_earnings`` step in the council tax recovery file, the DEA on the
overpayment), so the recovery run and the account views see it; this record ties them together
and keeps the order's date, which decides priority at the employer. A :class:`Remittance` is one
employer's payment for the person for one pay day, known by person, employer and pay day, so the
same schedule sent twice posts once.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from revcore.recovery import AttachmentKind
from revcore.validation import no_text_for_tuples
from revtui.store import Index, Repository, Store

__all__ = ["Covered", "EarningsAttachment", "RemittancePart", "Remittance", "earnings_attachments", "remittances"]


@attrs.frozen
class Covered:
    """A debt the order secures: the account and (council tax) the financial year of the liability order."""

    account: str
    year: str = ""


@attrs.frozen(field_transformer=no_text_for_tuples)
class EarningsAttachment:
    number: str
    """``DBT0000001/AEO/1``: the person, the kind and a serial."""
    person: str
    kind: AttachmentKind
    employer: str
    frequency: str
    made_on: dt.date
    made_by: str
    covers: tuple[Covered, ...] = attrs.field(converter=tuple[Covered, ...])
    payroll_number: str = ""
    higher: bool = False
    ended_on: dt.date | None = None
    ended_why: str = ""


@attrs.frozen
class RemittancePart:
    attachment: str
    account: str
    year: str
    amount: Decimal


@attrs.frozen(field_transformer=no_text_for_tuples)
class Remittance:
    key: str
    """``person|employer|pay day``: what makes a remittance the same one sent again."""
    person: str
    employer: str
    pay_day: dt.date
    net_earnings: Decimal
    amount: Decimal
    posted_on: dt.date
    posted_by: str
    parts: tuple[RemittancePart, ...] = attrs.field(converter=tuple[RemittancePart, ...])


def earnings_attachments(store: Store) -> Repository[EarningsAttachment]:
    return Repository(store, "earnings_attachments", EarningsAttachment,
                      indexes=[Index.field("number"), Index.field("person")])


def remittances(store: Store) -> Repository[Remittance]:
    return Repository(store, "attachment_remittances", Remittance, indexes=[Index.field("key"), Index.field("person")])
