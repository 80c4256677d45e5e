"""Issued notices as records that reprint exactly: the view model and branding as documents
(cattrs), the template's name, version and digest, and a hash over all of it.

A reprint rebuilds the view model and branding from the documents and renders them with the
same template; it refuses when the record's hash does not match (the record was altered) or
the template digest differs (the layout or wording changed since issue, so the reprint would
not be what was sent). The store keeps these records; nothing here touches it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Any

import attrs
import cattrs
import orjson

from letters.branding import Branding
from letters.model import NOTICE_TYPES, Notice
from letters.render import preview_pdf, registered, template_digest

__all__ = ["IssuedNotice", "ReprintError", "CONVERTER", "issue", "restore", "reprint"]


class ReprintError(ValueError):
    """A stored notice that cannot be reprinted exactly as issued."""


CONVERTER = cattrs.Converter()
CONVERTER.register_unstructure_hook(Decimal, str)
CONVERTER.register_structure_hook(Decimal, lambda value, _: Decimal(value))
CONVERTER.register_unstructure_hook(dt.date, lambda value: value.isoformat())
CONVERTER.register_structure_hook(dt.date, lambda value, _: dt.date.fromisoformat(value))
CONVERTER.register_unstructure_hook(dt.datetime, lambda value: value.isoformat())
CONVERTER.register_structure_hook(dt.datetime, lambda value, _: dt.datetime.fromisoformat(value))


def _canonical(value: Any) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def _plain(value: Any) -> Any:
    # JSON's own types (lists, not tuples): the record then reads back from a document store equal.
    return orjson.loads(orjson.dumps(value))


@attrs.frozen
class IssuedNotice:
    """One notice as issued. ``content_hash`` is SHA-256 over the canonical JSON of every
    other field, so any change to the stored record is detected."""

    notice_type: str
    template_version: int
    template_digest: str
    council_id: str
    account_reference: str
    issue_date: dt.date
    document: dict[str, Any]
    branding: dict[str, Any]
    content_hash: str

    def computed_hash(self) -> str:
        fields = CONVERTER.unstructure(attrs.evolve(self, content_hash=""))
        return hashlib.sha256(_canonical(fields)).hexdigest()


def issue(notice: Notice, branding: Branding) -> IssuedNotice:
    """The record to store when ``notice`` is issued with ``branding``."""
    kind = registered(notice)
    record = IssuedNotice(
        notice_type=kind.name,
        template_version=kind.version,
        template_digest=template_digest(kind.name),
        council_id=notice.header.council_id,
        account_reference=notice.header.account_reference,
        issue_date=notice.header.issue_date,
        document=_plain(CONVERTER.unstructure(notice)),
        branding=_plain(CONVERTER.unstructure(branding)),
        content_hash="",
    )
    return attrs.evolve(record, content_hash=record.computed_hash())


def restore(record: IssuedNotice) -> tuple[Notice, Branding]:
    """The view model and branding a record was issued with (hash checked)."""
    if record.computed_hash() != record.content_hash:
        raise ReprintError(f"{record.notice_type} {record.account_reference}: stored record does not match its hash")
    try:
        kind = NOTICE_TYPES[record.notice_type]
    except KeyError:
        raise ReprintError(f"unknown notice type {record.notice_type!r}") from None
    try:
        notice = CONVERTER.structure(record.document, kind.model)
        branding = CONVERTER.structure(record.branding, Branding)
    except (cattrs.BaseValidationError, ValueError) as error:
        raise ReprintError(f"{record.notice_type} {record.account_reference}: cannot rebuild the notice: {error}") from None
    return notice, branding


def reprint(record: IssuedNotice) -> bytes:
    """The notice as a PDF, exactly as issued, or :class:`ReprintError` saying why not."""
    notice, branding = restore(record)
    kind = NOTICE_TYPES[record.notice_type]
    if kind.version != record.template_version or template_digest(kind.name) != record.template_digest:
        raise ReprintError(
            f"{record.notice_type} {record.account_reference}: template {kind.template} has changed since issue "
            f"(issued with version {record.template_version}, now {kind.version}); restore that version to reprint"
        )
    return preview_pdf(notice, branding)
