"""Notices from the store reprint exactly after the wording changes (issue 19 item 4,
acceptance: "reprints verified by hash after a wording edit"): issuing keeps the version of the
templates, wording and formats, a reprint uses it and is checked against the PDF's hash."""

import hashlib

import attrs
import pytest

from letters.model import NOTICE_TYPES

from letters.issued import ReprintError, _legacy_digest
from revtui.records.notices import open_notice_records
from revtui.services import notices
from revtui.services.officer_letters import reprint_to_file
from revtui.services.session import open_session

from tests.letters.test_reprint_versions import edit, files  # noqa: F401  (fixture)
from tests.revtui.services.conftest import BILLED, billed_account

WELSH_WORD = ('annual_bill = "Bil Treth Gyngor {year}"', 'annual_bill = "Bil y Dreth Gyngor {year}"')


@pytest.fixture()
def session(cash):
    return open_session(cash.store, today=BILLED, officer=cash.store.user)


def stored(cash, number):
    return open_notice_records(cash.store).issued.find_one("number", number)


def test_an_issued_bill_reprints_verified_by_hash_after_a_welsh_word_is_edited(files, cash, session):  # noqa: F811
    first = billed_account(cash, 1)
    number = notices.issue_bill(session, first.reference).value.number
    record = stored(cash, number).value.record
    assert len(record.pdf_sha256) == 64  # the PDF issued, hashed at issue
    kept = open_notice_records(cash.store).versions.find_one("digest", record.template_digest)
    assert kept is not None and kept.value.notice_type == "annual_bill"

    edit(files / "locales" / "cy.toml", *WELSH_WORD)
    pdf = notices.reprint_notice(session, number)
    assert hashlib.sha256(pdf).hexdigest() == record.pdf_sha256
    # the version is kept once, not once per notice
    second = billed_account(cash, 2)
    edit(files / "locales" / "cy.toml", WELSH_WORD[1], WELSH_WORD[0])  # back as issued
    notices.issue_bill(session, second.reference)
    assert len(open_notice_records(cash.store).versions) == 1


def test_a_print_run_notice_is_hashed_at_its_first_reprint_and_checked_after(files, cash, session, tmp_path):  # noqa: F811
    first = billed_account(cash, 3)
    run, problems = notices.draft_print_run(session, "annual_bill", tmp_path / "out", year=2026, workers=1)
    assert problems == [] and run.count == 1
    number = f"{first.reference}/2026/annual/1"
    assert stored(cash, number).value.record.pdf_sha256 == ""  # a run's notices are not rendered alone

    edit(files / "notice.css", "h1 { font-size: 13pt;", "h1 { font-size: 15pt;")
    pdf = notices.reprint_notice(session, number)
    record = stored(cash, number).value.record
    assert record.pdf_sha256 == hashlib.sha256(pdf).hexdigest() and record.computed_hash() == record.content_hash
    edit(files / "formats.toml", 'date = "d MMMM y"', 'date = "dd/MM/y"')
    assert notices.reprint_notice(session, number) == pdf


def test_an_altered_kept_version_is_refused(files, cash, session):  # noqa: F811
    first = billed_account(cash, 4)
    number = notices.issue_bill(session, first.reference).value.number
    versions = open_notice_records(cash.store).versions
    kept = versions.find_one("digest", stored(cash, number).value.record.template_digest)
    sources = kept.value.sources
    altered = attrs.evolve(sources, stylesheet=sources.stylesheet.replace("13pt", "12pt"))
    with cash.store.change("someone edits the kept version"):
        versions.save(kept, attrs.evolve(kept.value, sources=altered))
    edit(files / "locales" / "cy.toml", *WELSH_WORD)
    with pytest.raises(ReprintError, match="the kept copy was altered"):
        notices.reprint_notice(session, number)


def test_a_notice_stored_before_versions_were_kept_is_refused_with_the_reason(files, cash, session, tmp_path):  # noqa: F811
    first = billed_account(cash, 5)
    number = notices.issue_bill(session, first.reference).value.number
    found = stored(cash, number)
    # as the program before this one stored it: the old digest, no PDF hash
    old = attrs.evolve(found.value.record, template_digest=_legacy_digest("annual_bill.html.j2"), pdf_sha256="",
                       pdf_made_with="")
    old = attrs.evolve(old, content_hash=old.computed_hash())
    with cash.store.change("stored by the earlier program"):
        open_notice_records(cash.store).issued.save(found, attrs.evolve(found.value, record=old))

    edit(files / "locales" / "cy.toml", *WELSH_WORD)
    with pytest.raises(notices.NoticeError, match=f"annual bill {first.reference} issued 2026-03-10: version {NOTICE_TYPES['annual_bill'].version} of "
                                                  "annual_bill.html.j2, its wording and formats, as issued, was not kept"):
        reprint_to_file(session, number, tmp_path / "reprints")
    assert not (tmp_path / "reprints").exists()
