"""Issued notices as records that reprint exactly: the view model and branding as documents
(cattrs), the template's name, version and digest, a hash over all of it, and the SHA-256 of
the notice's PDF.

The digest names the version of everything else the notice was printed with (the templates,
stylesheet, wording and formats: :class:`letters.render.Sources`); the store keeps each
version once, by digest. A reprint rebuilds the view model and branding from the documents and
renders them with the current sources when they are that version, else with the version kept,
and checks the PDF against the hash stored. It refuses, saying why, when the record was
altered, when the version it was issued with was not kept (issued before versions were kept,
and the sources have changed since), when the kept version was altered, or when the PDF now
differs from the one issued (the PDF library or the fonts changed). Nothing here touches
the store.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Any

import attrs
import cattrs
import jinja2
import orjson

from letters import locale as _locale
from letters import render as _render
from letters.branding import Branding
from letters.locale import Formats, WordingError, parse_formats
from letters.model import NOTICE_TYPES, Notice
from letters.render import RenderError, Sources, preview_pdf, registered, sources_for, template_digest

__all__ = ["IssuedNotice", "ReprintError", "CONVERTER", "issue", "restore", "reprint", "with_pdf", "pdf_sha256",
           "made_with", "sources_to_reprint"]


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
    other field, so any change to the stored record is detected.

    ``pdf_sha256`` is the SHA-256 of the notice's PDF rendered alone (as a reprint renders it),
    ``pdf_made_with`` the PDF library and formatter that made it; both empty until known (a
    notice printed in a print run is hashed the first time it is reprinted: rendering each of a
    run's notices alone as well would halve the run's speed)."""

    notice_type: str
    template_version: int
    template_digest: str
    council_id: str
    account_reference: str
    issue_date: dt.date
    document: dict[str, Any]
    branding: dict[str, Any]
    content_hash: str
    pdf_sha256: str = ""
    pdf_made_with: str = ""

    def computed_hash(self) -> str:
        fields = CONVERTER.unstructure(attrs.evolve(self, content_hash=""))
        # Records stored before PDFs were hashed keep the hash they were stored with.
        for name in ("pdf_sha256", "pdf_made_with"):
            if not fields[name]:
                del fields[name]
        return hashlib.sha256(_canonical(fields)).hexdigest()


def pdf_sha256(pdf: bytes) -> str:
    return hashlib.sha256(pdf).hexdigest()


def made_with() -> str:
    """The libraries whose versions a notice's PDF bytes depend on besides our sources."""
    import babel
    import pydyf
    import weasyprint

    return f"WeasyPrint {weasyprint.__version__}, pydyf {pydyf.__version__}, Babel {babel.__version__}"


def with_pdf(record: IssuedNotice, pdf: bytes) -> IssuedNotice:
    """``record`` with the hash of ``pdf``, the notice rendered alone as issued."""
    if record.pdf_sha256:
        raise ReprintError(f"{record.notice_type} {record.account_reference}: the PDF issued is already hashed")
    hashed = attrs.evolve(record, pdf_sha256=pdf_sha256(pdf), pdf_made_with=made_with())
    return attrs.evolve(hashed, content_hash=hashed.computed_hash())


def issue(notice: Notice, branding: Branding, pdf: bytes | None = None) -> IssuedNotice:
    """The record to store when ``notice`` is issued with ``branding``; ``pdf``, when given, is
    the notice as issued (:func:`letters.render.preview_pdf`, current sources), and is hashed."""
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
    record = attrs.evolve(record, content_hash=record.computed_hash())
    return with_pdf(record, pdf) if pdf is not None else record


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


def _name(record: IssuedNotice) -> str:
    return f"{record.notice_type.replace('_', ' ')} {record.account_reference} issued {record.issue_date.isoformat()}"


def sources_to_reprint(record: IssuedNotice, kept: Sources | None) -> Sources:
    """The sources ``record`` was issued with: the current files' when they are that version,
    else ``kept`` (the version the store kept under the record's digest), checked against the
    digest. :raises ReprintError: neither is that version."""
    kind = NOTICE_TYPES[record.notice_type]
    current = sources_for(kind.name)
    if current.digest() == record.template_digest:
        return current
    if kept is not None:
        if kept.digest() != record.template_digest:
            raise ReprintError(f"{_name(record)}: the kept version of {kind.template} it was issued with "
                               "does not match its digest (the kept copy was altered); not reprinted")
        return kept
    if _legacy_digest(kind.template) == record.template_digest and _legacy_formats():
        return current  # issued before versions were kept; nothing has changed since
    raise ReprintError(
        f"{_name(record)}: version {record.template_version} of {kind.template}, its wording and formats, "
        f"as issued, was not kept (notices issued before versions were kept), and they have changed since; "
        "it cannot be reprinted exactly"
    )


def reprint(record: IssuedNotice, kept: Sources | None = None) -> bytes:
    """The notice as a PDF, exactly as issued, or :class:`ReprintError` saying why not.

    ``kept`` is the version of the sources stored under the record's digest, if any. The PDF
    is checked against ``record.pdf_sha256`` when that is known; else the caller keeps its hash
    (:func:`with_pdf`)."""
    notice, branding = restore(record)
    sources = sources_to_reprint(record, kept)
    try:
        pdf = preview_pdf(notice, branding, sources)
    except (RenderError, WordingError, jinja2.TemplateError) as error:
        raise ReprintError(f"{_name(record)}: the version it was issued with no longer renders: {error}") from None
    if record.pdf_sha256 and pdf_sha256(pdf) != record.pdf_sha256:
        now = made_with()
        cause = "" if now == record.pdf_made_with else f" (made with {record.pdf_made_with}; now {now})"
        raise ReprintError(f"{_name(record)}: the reprint differs from the PDF issued on "
                           f"{record.issue_date.isoformat()}{cause}; not reprinted")
    return pdf


# Notices issued before versions were kept carry a digest made this way, over the current files
# only; they reprint while those files and the formats (then fixed in code) are unchanged.
_LEGACY_FORMATS = {code: Formats(locale, "¤#,##0.00", "d MMMM y", "h:mm a", "0.0", "#,##0.##")
                   for code, locale in (("en", "en_GB"), ("cy", "cy"))}


def _legacy_formats() -> bool:
    return parse_formats(_locale.FORMATS_FILE.read_text(encoding="utf-8")) == (1, _LEGACY_FORMATS)


def _legacy_digest(template: str) -> str:
    templates = _render.current_sources().templates
    digest = hashlib.sha256()
    for file in sorted({template, "_letterhead.html.j2", *_render._dependencies(template, templates)}):
        digest.update(file.encode() + b"\0" + (_render.TEMPLATES_DIR / file).read_bytes())
    digest.update(_render.STYLESHEET.read_bytes())
    for catalogue in sorted(_locale.LOCALES_DIR.glob("*.toml")):
        digest.update(catalogue.read_bytes())
    return digest.hexdigest()
