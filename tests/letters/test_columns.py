"""Figure rows in a proportional font: cells start where their column starts, amounts end where
theirs ends, long descriptions wrap within their row, and amounts are never cut."""

import pytest

from letters.columns import text_row, text_width

CH = 1303  # DejaVu Sans: a figure is 1303/2048 of an em, the unit of column widths


def test_a_figure_is_the_unit_of_width_and_every_figure_is_as_wide():
    # DejaVu Sans' hmtx: figures and £ 1303 units, comma and full stop 651 (of 2048 per em).
    assert {text_width(d) for d in "0123456789£"} == {CH}
    # £2,510.00: seven characters of 1303 and two of 651 = 9121 + 1302 = 10423.
    assert text_width("£2,510.00") == 7 * CH + 2 * 651 == 10423


def test_an_amount_ends_at_its_columns_right_edge():
    row = text_row(["Band D", "£2,510.00"], [10, -10])
    assert row.startswith("Band D") and row.endswith("£2,510.00")
    # 10 + 1 + 10 figures wide: the amount's last figure ends 21 x 1303 = 27363 units in, so it
    # starts 27363 - 10423 = 16940 units in; the spaces before it make that up exactly.
    assert text_width(row) == 21 * CH
    assert text_width(row[: -len("£2,510.00")]) == 16940


def test_amounts_of_different_widths_share_their_right_edge():
    rows = [text_row([label, amount], [30, -12]) for label, amount in
            [("Demo District Council", "£214.00"), ("Little Demo Parish Council", "£55.00"), ("Discount", "-£627.50")]]
    assert {text_width(row) for row in rows} == {43 * CH}


def test_left_columns_start_at_the_same_place_whatever_came_before():
    for first in ("Annual charge for the band", "Single person discount (25%)", "W", "i"):
        row = text_row([first, "1 April 2027 to 31 March 2028", "£1.00"], [38, 40, -12])
        assert text_width(row[: row.index("1 April")]) == 39 * CH


def test_bold_rows_are_measured_in_the_bold_face():
    # Bold figures are 1425 units wide; the row still ends on the column's edge.
    row = text_row(["Annual charge for band D", "£2,510.00"], [50, -13], bold=True)
    assert text_width("0", bold=True) == 1425
    assert text_width(row, bold=True) == 64 * CH


def test_long_description_wraps_within_its_row():
    text = "Demoshire Police and Crime Commissioner"
    lines = text_row([text, "£280.00"], [20, -8]).split("\n")
    assert len(lines) == 2
    assert lines[0].endswith("£280.00") and text_width(lines[0]) == 29 * CH
    description = [lines[0][: -len("£280.00")].rstrip(" \u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"), lines[1]]
    assert " ".join(description) == text
    assert all(text_width(part) <= 20 * CH for part in description)


def test_amount_too_wide_for_its_column_is_refused():
    with pytest.raises(ValueError, match="wider than its 5-character column"):
        text_row(["x", "£1,000.00"], [3, -5])
