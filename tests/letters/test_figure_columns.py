"""On the printed bill the figures are in DejaVu Sans, not a monospaced font, and the amounts of
a column end at one right edge: read from the PDF's word boxes, as a resident sees the page."""

import re
import subprocess

import pytest

from letters.render import render_pdf
from letters.samples import ENGLISH, WELSH, sample_notices

# The sample bill's "this year" column of the authority table, and its charge table's amounts
# (English: band D 2,510.00 less the 25% single person discount 627.50 = 1,882.50).
COLUMNS = {
    ENGLISH: {
        "annual_bill": [["£1,860.00", "£220.00", "£280.00", "£90.00", "£60.00", "£2,510.00"],
                        ["-£627.50", "£1,882.50"]],
        "adjustment_notice": [["-£313.75", "£2,196.25"], ["£1,882.50", "-£1,130.50", "£1,065.75"]],
        "rates_demand_notice": [["£9,980.00", "-£998.00", "£8,982.00"]],
    },
    WELSH: {
        "annual_bill": [["£1,500.00", "£320.00", "£1,865.00"]],  # £45.00 is in both years' columns
    },
}


def _words(pdf: bytes, tmp_path):
    path = tmp_path / "notice.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
                          check=True, capture_output=True, text=True).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [(w, float(x1), float(x2)) for x0, _, x2, _, w in re.findall(pattern, html) for x1 in [x0]]


@pytest.mark.parametrize("council, kind", [(c, k) for c, kinds in COLUMNS.items() for k in kinds])
def test_the_amounts_of_a_column_end_at_one_right_edge(council, kind, brandings, tmp_path):
    words = _words(render_pdf([sample_notices(council)[kind]], brandings).pdf, tmp_path)
    for column in COLUMNS[council][kind]:
        edges = {}
        for amount in column:
            found = [right for word, _, right in words if word == amount]
            assert found, f"{amount} not on the first page"
            edges[amount] = found[0]
        # A tenth of a point (0.035 mm): what the spaces between cells may leave over.
        assert max(edges.values()) - min(edges.values()) < 0.1, edges


def test_the_bill_uses_no_monospaced_font(brandings, tmp_path):
    path = tmp_path / "bill.pdf"
    path.write_bytes(render_pdf([sample_notices(ENGLISH)["annual_bill"]], brandings).pdf)
    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    names = [line.split()[0] for line in fonts.splitlines()[2:]]
    assert any("DejaVu-Sans-Bold" in name for name in names), names
    assert not any("Mono" in name for name in names), names
