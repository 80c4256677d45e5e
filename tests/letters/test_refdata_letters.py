"""Council branding and the officers' letter wording come from the council folder's letters/, checked on load."""

import datetime as dt
import shutil

import pytest

from letters.model import Addressee, LocalText, NoticeHeader
from refdata import DataError
from revtui.branding import complete_general_letter, load_branding
from revtui.demo.settings import DEMO_COUNCILS


def test_branding_is_read_from_configuration():
    welsh = load_branding("demo-welsh")
    assert welsh.languages == ("cy", "en") and welsh.name.cy == "Cyngor Sir Demo"
    assert welsh.logo_svg.startswith("<svg") and welsh.logo_uri.startswith("data:image/svg+xml;base64,")
    assert [m.code for m in load_branding("demo-district").payment_methods] == ["direct_debit", "online", "phone", "bank"]


def _copy(tmp_path, council, edit):
    target = tmp_path / "letters"
    shutil.copytree(DEMO_COUNCILS / "letters", target)
    path = target / f"{council}.toml"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return tmp_path


def test_welsh_council_without_welsh_wording_is_refused(tmp_path):
    data = _copy(tmp_path, "demo-welsh", lambda text: text.replace(', cy = "Pennaeth Refeniw"', ""))
    with pytest.raises(DataError, match="letters/demo-welsh.toml: .*Welsh text missing for signatory"):
        load_branding("demo-welsh", data)


def test_missing_logo_is_named(tmp_path):
    data = _copy(tmp_path, "demo-district", lambda text: text.replace("logos/demo-district.svg", "logos/none.svg"))
    with pytest.raises(DataError, match="letters/demo-district.toml: logo .*none.svg does not exist"):
        load_branding("demo-district", data)


HEADER = NoticeHeader("demo-welsh", "C00012343", dt.date(2027, 7, 1), Addressee(("Ms F Jones",), ("3 Heol y Bryn",), "SA99 2CD"))


def test_officer_completes_a_general_letter_template():
    letter = complete_general_letter(
        "reply_to_enquiry",
        HEADER,
        {"enquiry_date": "20/06/2027", "answer": LocalText("Your discount starts on 1 June.", "Mae eich disgownt yn dechrau ar 1 Mehefin.")},
    )
    assert letter.subject == LocalText("Your Council Tax enquiry", "Eich ymholiad Treth Gyngor")
    assert letter.paragraphs[0].en == "Thank you for your enquiry of 20/06/2027."
    assert letter.paragraphs[1].cy == "Mae eich disgownt yn dechrau ar 1 Mehefin."


def test_general_letter_fields_must_match_the_template():
    with pytest.raises(DataError, match=r"fields missing \['answer'\], not expected \['colour'\]"):
        complete_general_letter("reply_to_enquiry", HEADER, {"enquiry_date": "x", "colour": "red"})
    with pytest.raises(DataError, match="no general letter template 'nope'"):
        complete_general_letter("nope", HEADER, {})
