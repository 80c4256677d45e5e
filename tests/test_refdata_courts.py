"""The court printed on a summons comes from data, and a missing or malformed entry says where."""

import datetime as dt

import pytest

from refdata import DataError
from refdata.courts import load_court


def test_the_demo_councils_courts_and_a_clear_error_for_a_council_without_one(tmp_path):
    court = load_court("demo-welsh")
    assert (court.name_cy, court.sits_at) == ("Llys Ynadon Tref Demo", dt.time(10, 0))
    with pytest.raises(DataError, match=r"no court for council 'nowhere'; add a \[nowhere\] table"):
        load_court("nowhere")
    (tmp_path / "recovery").mkdir()
    (tmp_path / "recovery" / "courts.toml").write_text('[x]\nname = "A"\naddress = ["B"]\nsits_at = "ten"\n')
    with pytest.raises(DataError, match=r"\[x\]: sits_at 'ten' is not a time"):
        load_court("x", tmp_path)
