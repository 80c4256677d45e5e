"""Figure rows line up in fixed-width columns, wrapping long descriptions, never cutting amounts."""

import pytest

from letters.columns import text_row


def test_left_columns_pad_and_right_columns_align_on_the_right():
    assert text_row(["Band D", "£2,510.00"], [10, -10]) == "Band D      £2,510.00"


def test_long_description_wraps_within_its_row():
    row = text_row(["Demoshire Police and Crime Commissioner", "£280.00"], [20, -8])
    # "Demoshire Police and" is 20 characters, the column's width; one space then the amount.
    assert row.split("\n") == ["Demoshire Police and  £280.00", "Crime Commissioner"]


def test_amount_too_wide_for_its_column_is_refused():
    with pytest.raises(ValueError, match="wider than its 5-character column"):
        text_row(["x", "£1,000.00"], [3, -5])
