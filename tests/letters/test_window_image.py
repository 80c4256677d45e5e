"""The longest address GOV.UK Notify allows (7 lines, postcode last) shows through the envelope
window in full, English and Welsh: found on the page image, not only in the PDF's text.

DL left window: 20 mm from the left edge, 45 mm from the top, 90 x 35 mm (notice.css .window).
"""

import re
import subprocess

import pytest
from PIL import Image

from letters.model import MAX_ADDRESS_LINES
from letters.render import render_pdf
from letters.samples import ENGLISH, WELSH, sample_bill

DPI = 150
PT_PER_MM = 72 / 25.4
WINDOW = (20.0, 45.0, 110.0, 80.0)  # left, top, right, bottom in mm
LONGEST = {
    ENGLISH: (("Mr Jonathan Smith-Example", "Mrs Katherine Smith-Example"),
              ("Flat 12, Example House", "34 Acacia Avenue", "Little Demo", "Demoton"), "DT12 3AB"),
    WELSH: (("Ms Ffion Jones",), ("Fflat 2, Tŷ Enghraifft", "3 Heol y Bryn", "Llan-demo", "Trefddemo", "Sir Demo"),
            "SA99 2CD"),
}


def _words(pdf_path):
    """(word, left, top, right, bottom in mm) of each word on page 1, from pdftotext -bbox."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf_path), "-"],
                          check=True, capture_output=True, text=True).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [(w, *(float(v) / PT_PER_MM for v in box)) for *box, w in re.findall(pattern, html)]


def _dark_pixels(image, box):
    left, top, right, bottom = (round(v * DPI / 25.4) for v in box)
    crop = image.crop((left, top, right, bottom)).convert("L")
    return sum(crop.histogram()[:128])


@pytest.fixture(scope="module", params=[ENGLISH, WELSH])
def page(request, brandings, tmp_path_factory):
    council = request.param
    names, lines, postcode = LONGEST[council]
    bill = sample_bill(council, names=names, lines=lines, postcode=postcode)
    assert len(bill.header.addressee.window_lines) == MAX_ADDRESS_LINES
    folder = tmp_path_factory.mktemp(council)
    pdf = folder / "bill.pdf"
    pdf.write_bytes(render_pdf([bill], brandings).pdf)
    subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", "1", "-l", "1", str(pdf), str(folder / "page")], check=True)
    image = Image.open(next(folder.glob("page*.png")))
    return council, postcode, _words(pdf), image


def _inside_window(box):
    left, top, right, bottom = box
    return WINDOW[0] <= left and right <= WINDOW[2] and WINDOW[1] <= top and bottom <= WINDOW[3]


def test_the_postcode_of_a_seven_line_address_shows_in_the_window(page):
    council, postcode, words, image = page
    outward, inward = postcode.split()
    # the postcode's last word in the window's area (the letterhead carries the council's own)
    boxes = [tuple(w[1:]) for w in words if w[0] == inward and _inside_window(w[1:])]
    assert boxes, f"{council}: postcode {postcode} not inside the window area"
    # and drawn there, not clipped away by the window's overflow
    assert _dark_pixels(image, boxes[-1]) > 20, f"{council}: postcode {postcode} is not visible in the window"


def test_the_return_address_is_not_cut_off(page):
    council, _, words, image = page
    town = "Trefddemo," if council == WELSH else "Demoton,"
    boxes = [tuple(w[1:]) for w in words if w[0] == town and _inside_window(w[1:])]
    assert boxes and _dark_pixels(image, boxes[0]) > 5, f"{council}: the return address's town is cut off"
    # its postcode follows it, also visible inside the window
    last = [tuple(w[1:]) for w in words if w[0] == "1AA" and _inside_window(w[1:])]
    assert last and _dark_pixels(image, last[0]) > 5, f"{council}: the return address's postcode is cut off"
