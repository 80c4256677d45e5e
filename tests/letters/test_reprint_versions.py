"""Reprints stay exact after the templates, wording or formats change (issue 19 item 4): a
notice reprints with the version it was issued with, checked against the SHA-256 of the PDF
issued, or is refused saying why.

Each test works on a copy of the templates, stylesheet, catalogues and formats, edited after
the notice was issued, as an officer editing the wording would."""

import hashlib
import io
import shutil
from pathlib import Path

import attrs
import pypdf
import pytest

from letters.model import NOTICE_TYPES

from letters import locale, render
from letters.issued import ReprintError, _legacy_digest, issue, reprint, with_pdf
from letters.render import preview_pdf, sources_for, template_digest
from letters.samples import ENGLISH, WELSH, sample_notices

LETTERS = Path(render.__file__).resolve().parent


@pytest.fixture
def files(tmp_path, monkeypatch):
    """The letters' sources copied to ``tmp_path``, and the renderer reading the copy."""
    shutil.copytree(LETTERS / "templates", tmp_path / "templates")
    shutil.copytree(LETTERS / "locales", tmp_path / "locales")
    shutil.copy(LETTERS / "styles" / "notice.css", tmp_path / "notice.css")
    shutil.copy(LETTERS / "formats.toml", tmp_path / "formats.toml")
    monkeypatch.setattr(render, "TEMPLATES_DIR", tmp_path / "templates")
    monkeypatch.setattr(render, "STYLESHEET", tmp_path / "notice.css")
    monkeypatch.setattr(locale, "LOCALES_DIR", tmp_path / "locales")
    monkeypatch.setattr(locale, "FORMATS_FILE", tmp_path / "formats.toml")
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


# Each edit changes what a bill shows: the Welsh title, the page layout, the dates' format.
EDITS = {
    "a Welsh word": ("locales/cy.toml", 'annual_bill = "Bil Treth Gyngor {year}"',
                     'annual_bill = "Bil y Dreth Gyngor {year}"'),
    "the stylesheet": ("notice.css", "h1 { font-size: 13pt;", "h1 { font-size: 15pt;"),
    "the date format": ("formats.toml", 'date = "d MMMM y"', 'date = "dd/MM/y"'),
}


@pytest.mark.parametrize("what", EDITS)
@pytest.mark.parametrize("council", [ENGLISH, WELSH])
def test_a_bill_reprints_byte_for_byte_after_an_edit(files, brandings, council, what):
    bill, branding = sample_notices(council)["annual_bill"], brandings[council]
    issued_pdf = preview_pdf(bill, branding)
    record = issue(bill, branding, issued_pdf)
    kept = sources_for("annual_bill")  # what the store keeps when the bill is issued
    assert record.pdf_sha256 == hashlib.sha256(issued_pdf).hexdigest()

    file, old, new = EDITS[what]
    edit(files / file, old, new)
    assert template_digest("annual_bill") != record.template_digest
    if council == WELSH or what != "a Welsh word":  # the edit shows on a bill issued now
        assert preview_pdf(bill, branding) != issued_pdf

    assert reprint(record, kept) == issued_pdf
    # without the version kept, it is refused, not printed differently
    with pytest.raises(ReprintError, match="was not kept"):
        reprint(record)


def test_the_edit_is_what_a_new_bill_shows_and_the_reprint_what_was_sent(files, brandings):
    bill, branding = sample_notices(WELSH)["annual_bill"], brandings[WELSH]
    record = issue(bill, branding, preview_pdf(bill, branding))
    kept = sources_for("annual_bill")
    edit(files / "formats.toml", 'date = "d MMMM y"', 'date = "dd/MM/y"')
    day = bill.header.issue_date
    assert f"{day:%d/%m/%Y}" in text_of(preview_pdf(bill, branding))
    reprinted = text_of(reprint(record, kept))
    assert f"{day:%d/%m/%Y}" not in reprinted and f"{day.day} " in reprinted


def test_an_altered_kept_version_is_refused(files, brandings):
    bill, branding = sample_notices(ENGLISH)["annual_bill"], brandings[ENGLISH]
    record = issue(bill, branding, preview_pdf(bill, branding))
    kept = sources_for("annual_bill")
    edit(files / "notice.css", "h1 { font-size: 13pt;", "h1 { font-size: 15pt;")
    altered = attrs.evolve(kept, catalogues={**kept.catalogues, "en": kept.catalogues["en"].replace("Council Tax", "Poll Tax")})
    with pytest.raises(ReprintError, match="the kept version of annual_bill.html.j2 it was issued with does not match "
                                           "its digest"):
        reprint(record, altered)


def test_an_altered_record_or_pdf_hash_is_refused(brandings):
    bill, branding = sample_notices(ENGLISH)["annual_bill"], brandings[ENGLISH]
    record = issue(bill, branding, preview_pdf(bill, branding))
    with pytest.raises(ReprintError, match="stored record does not match its hash"):
        reprint(attrs.evolve(record, pdf_sha256="0" * 64))
    # A record whose PDF hash is consistent but is not what renders now (as after the PDF library
    # or the fonts changed): refused, naming the day it was issued.
    other = attrs.evolve(record, pdf_sha256="0" * 64)
    other = attrs.evolve(other, content_hash=other.computed_hash())
    with pytest.raises(ReprintError, match=f"the reprint differs from the PDF issued on {bill.header.issue_date.isoformat()}"):
        reprint(other)
    # a hash removed from the record is an alteration too
    with pytest.raises(ReprintError, match="stored record does not match its hash"):
        reprint(attrs.evolve(record, pdf_sha256="", pdf_made_with=""))


def test_a_notice_issued_before_versions_were_kept(files, brandings):
    bill, branding = sample_notices(ENGLISH)["annual_bill"], brandings[ENGLISH]
    # a record as stored before: the old digest over the files, no PDF hash
    old = attrs.evolve(issue(bill, branding), template_digest=_legacy_digest("annual_bill.html.j2"))
    old = attrs.evolve(old, content_hash=old.computed_hash())
    as_sent = reprint(old)  # nothing has changed since: it reprints
    assert with_pdf(old, as_sent).pdf_sha256 == hashlib.sha256(as_sent).hexdigest()

    edit(files / "locales" / "cy.toml", 'annual_bill = "Bil Treth Gyngor {year}"', 'annual_bill = "Bil y Dreth Gyngor {year}"')
    with pytest.raises(ReprintError) as refused:
        reprint(old)
    assert str(refused.value) == (
        f"annual bill C00012343 issued {bill.header.issue_date.isoformat()}: version {NOTICE_TYPES['annual_bill'].version} "
        "of annual_bill.html.j2, its "
        "wording and formats, as issued, was not kept (notices issued before versions were kept), and they have "
        "changed since; it cannot be reprinted exactly")


def test_a_notice_renders_to_the_same_bytes_in_another_process(brandings):
    # The hash kept at issue is checked by a reprint made later by another process: the PDF must
    # carry nothing of the moment or process that made it (no creation date, a content-derived id).
    import subprocess
    import sys

    bill = sample_notices(WELSH)["annual_bill"]
    here = hashlib.sha256(preview_pdf(bill, brandings[WELSH])).hexdigest()
    script = ("import hashlib; from letters.samples import WELSH, sample_notices; from letters.render import preview_pdf; "
              "from revtui.branding import load_branding; "
              "print(hashlib.sha256(preview_pdf(sample_notices(WELSH)['annual_bill'], load_branding(WELSH))).hexdigest())")
    there = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                           cwd=LETTERS.parent).stdout.strip()
    assert there == here
    assert b"/CreationDate" not in preview_pdf(bill, brandings[WELSH])
