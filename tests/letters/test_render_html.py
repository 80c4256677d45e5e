"""Each notice's HTML, in English and bilingual Welsh/English, checked by eye and snapshotted."""

import attrs
import pytest

from letters.model import NOTICE_TYPES, LocalText
from letters.render import RenderError, letterhead_html, notice_html, reverse_html
from letters.samples import ENGLISH, WELSH, sample_notices


@pytest.mark.parametrize("council", [ENGLISH, WELSH])
@pytest.mark.parametrize("name", sorted(NOTICE_TYPES))
def test_notice_html_snapshot(name, council, brandings, snapshot):
    html = notice_html(sample_notices(council)[name], brandings[council])
    assert html == snapshot


def test_welsh_council_prints_welsh_first_then_english(brandings):
    html = str(notice_html(sample_notices(WELSH)["reminder"], brandings[WELSH]))
    welsh = html.index('lang="cy"')
    english = html.index('lang="en"')
    assert welsh < english
    assert "Hysbysiad atgoffa Treth Gyngor" in html[welsh:english]
    assert "Council Tax reminder notice" in html[english:]
    # The window page's labels are bilingual; the address appears once (one envelope).
    assert "Cyfeirnod y cyfrif\nAccount reference" in html
    assert html.count("SA99 2CD") == 3  # window, property line in each language


def test_english_council_prints_english_only(brandings):
    html = str(notice_html(sample_notices(ENGLISH)["reminder"], brandings[ENGLISH]))
    assert 'lang="cy"' not in html and "Treth" not in html


def test_welsh_notice_without_welsh_text_is_refused(brandings):
    refund = sample_notices(WELSH)["refund_letter"]
    english_only = attrs.evolve(refund, reason=LocalText("You moved out."))
    with pytest.raises(RenderError, match="refund_letter C00012343: no Welsh text given for 'You moved out.'"):
        notice_html(english_only, brandings[WELSH])


def test_notice_for_another_council_is_refused(brandings):
    with pytest.raises(RenderError, match="is for council 'demo-district', branding is 'demo-welsh'"):
        notice_html(sample_notices(ENGLISH)["reminder"], brandings[WELSH])


def test_council_wording_overrides_the_catalogue(brandings):
    # demo-welsh overrides the English appeals note to name the Valuation Tribunal for Wales.
    assert "Valuation Tribunal for Wales" in reverse_html("annual_bill", brandings[WELSH], "en")
    assert "Valuation Tribunal for Wales" not in reverse_html("annual_bill", brandings[ENGLISH], "en")


@pytest.mark.parametrize(("council", "lang"), [(ENGLISH, "en"), (WELSH, "cy"), (WELSH, "en")])
def test_bill_reverse_html_snapshot(council, lang, brandings, snapshot):
    # How to pay and the explanatory notes: the same on every bill, so no account data.
    html = reverse_html("annual_bill", brandings[council], lang)
    assert "C0" not in html
    assert html == snapshot


def test_bill_leaves_a_page_for_its_reverse_in_each_language(brandings):
    html = str(notice_html(sample_notices(WELSH)["annual_bill"], brandings[WELSH], sequence=7))
    assert 'id="r7-cy"' in html and 'id="r7-en"' in html
    assert "Explanatory notes" not in html


@pytest.mark.parametrize("council", [ENGLISH, WELSH])
def test_letterhead_html_snapshot(council, brandings, snapshot):
    # Drawn once per batch onto the first page of each notice: the council, never the account.
    html = letterhead_html(brandings[council])
    assert brandings[council].logo_uri in html and "C0" not in html
    assert html == snapshot
