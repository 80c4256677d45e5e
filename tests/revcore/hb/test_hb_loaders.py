"""The HB data loaders name the file and the row of a bad value."""

import shutil
from pathlib import Path

import pytest

from refdata import DATA_DIR, DataError
from refdata.hb import load_dea_schedules, load_deduction_rates, load_overpayment_limits


@pytest.fixture
def data(tmp_path) -> Path:
    shutil.copytree(DATA_DIR / "hb", tmp_path / "hb")
    return tmp_path


def _edit(data: Path, name: str, old: str, new: str) -> None:
    path = data / "hb" / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_shipped_tables_load():
    assert str(load_deduction_rates().rows[-1][1].personal_allowance) == "92.05"
    assert load_overpayment_limits().limitation_years == 6


def test_an_allowance_with_fractions_of_a_penny(data):
    _edit(data, "deductions.toml", 'personal_allowance = "77.00"', 'personal_allowance = "77.005"')
    with pytest.raises(DataError, match=r"hb/deductions.toml rates\[2\].personal_allowance.*fractions of a penny"):
        load_deduction_rates(data)


def test_a_float_percentage(data):
    _edit(data, "deductions.toml", 'percentage = "0.05"', "percentage = 0.05")
    with pytest.raises(DataError, match=r"rates\[0\].percentage: 0.05 is a float"):
        load_deduction_rates(data)


def test_a_missing_effective_date(data):
    _edit(data, "deductions.toml", "effective_from = 2020-04-01\n", "")
    with pytest.raises(DataError, match=r"hb/deductions.toml rates\[1\]: missing effective_from"):
        load_deduction_rates(data)


def test_a_dea_table_without_an_open_top_band(data):
    _edit(data, "dea.toml", '  { rate = "0.20" },\n]\nmonthly = [', ']\nmonthly = [')
    with pytest.raises(DataError, match=r"hb/dea.toml schedules\[0\].weekly: .*open top band"):
        load_dea_schedules(data)


def test_a_dea_rate_above_one(data):
    _edit(data, "dea.toml", '{ upper = "160", rate = "0.03" }', '{ upper = "160", rate = "3" }')
    with pytest.raises(DataError, match=r"schedules\[0\].weekly\[1\]: rate 3 must be"):
        load_dea_schedules(data)


def test_limits_need_whole_numbers(data):
    _edit(data, "overpayments.toml", "years = 6", 'years = "six"')
    with pytest.raises(DataError, match=r"hb/overpayments.toml limitation.years: 'six' is not a whole number"):
        load_overpayment_limits(data)
