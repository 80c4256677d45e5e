"""An issued notice is stored with what produced it and reprints exactly, or says why not."""

import io

import attrs
import pypdf
import pytest

from letters.issued import ReprintError, issue, reprint, restore
from letters.model import NOTICE_TYPES
from letters.samples import ENGLISH, WELSH, sample_notices


@pytest.mark.parametrize("council", [ENGLISH, WELSH])
def test_every_notice_type_round_trips_through_its_document(council, brandings):
    for name, notice in sample_notices(council).items():
        record = issue(notice, brandings[council])
        assert record.notice_type == name and record.template_version == NOTICE_TYPES[name].version
        assert restore(record) == (notice, brandings[council])


def test_reprint_shows_what_was_issued(brandings):
    bill = sample_notices(ENGLISH)["annual_bill"]
    text = pypdf.PdfReader(io.BytesIO(reprint(issue(bill, brandings[ENGLISH])))).pages[0].extract_text()
    assert "C00012343" in text and "£1,882.50" in text


def test_altered_record_is_refused(brandings):
    record = issue(sample_notices(ENGLISH)["reminder"], brandings[ENGLISH])
    document = {**record.document, "amount_due": "1.00"}
    with pytest.raises(ReprintError, match="reminder C00012343: stored record does not match its hash"):
        reprint(attrs.evolve(record, document=document))


def test_reprint_refuses_when_the_version_issued_with_is_not_at_hand(brandings, monkeypatch):
    # The sources have changed (another digest) and no kept version is given: nothing to
    # render the notice as issued with (tests/letters/test_reprint_versions.py: with one kept).
    record = attrs.evolve(issue(sample_notices(ENGLISH)["reminder"], brandings[ENGLISH]), template_digest="0" * 64)
    record = attrs.evolve(record, content_hash=record.computed_hash())
    with pytest.raises(ReprintError, match=r"reminder C00012343 issued \S+: version \d+ of reminder.html.j2, its "
                                           "wording and formats, as issued, was not kept"):
        reprint(record)
