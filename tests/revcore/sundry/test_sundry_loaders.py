"""The sundry data loaders name the file and the row of a bad value."""

import shutil
from pathlib import Path

import pytest

from refdata import DATA_DIR, DataError
from refdata.sundry import load_recovery_rules, load_sundry_rules


@pytest.fixture
def data(tmp_path) -> Path:
    shutil.copytree(DATA_DIR / "sundry", tmp_path / "sundry")
    return tmp_path


def _edit(data: Path, name: str, old: str, new: str) -> None:
    path = data / "sundry" / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_shipped_catalogue_loads():
    rules = load_sundry_rules()
    assert rules.income_codes["HBOP"].vat_code == "O" and rules.invoice_types["general"].terms_days == 30
    assert load_recovery_rules().reply_days == 30


def test_an_income_code_with_an_unknown_vat_code(data):
    _edit(data, "income_codes.toml", 'vat_code = "S"', 'vat_code = "X"')
    with pytest.raises(DataError, match=r"sundry/income_codes.toml \(GRGE\): VAT code 'X' is not in sundry/vat.toml"):
        load_sundry_rules(data)


def test_a_vat_rate_given_as_a_percentage(data):
    _edit(data, "vat.toml", 'rate = "0.20"', 'rate = "20"')
    with pytest.raises(DataError, match=r"sundry/vat.toml codes\[0\] \(S\) rates\[0\].rate: 20 is not a fraction"):
        load_sundry_rules(data)


def test_a_code_given_twice(data):
    _edit(data, "invoice_types.toml", 'code = "care"', 'code = "general"')
    with pytest.raises(DataError, match=r"sundry/invoice_types.toml types\[2\]: code 'general' is given twice"):
        load_sundry_rules(data)


def test_negative_terms(data):
    _edit(data, "invoice_types.toml", "terms_days = 28", "terms_days = -28")
    with pytest.raises(DataError, match=r"types\[2\] \(care\).terms_days: -28 is negative"):
        load_sundry_rules(data)


def test_a_missing_description(data):
    _edit(data, "income_codes.toml", 'description = "Garage rent"\n', "")
    with pytest.raises(DataError, match=r"income_codes.toml codes\[1\] \(GRGE\): missing description"):
        load_sundry_rules(data)


def test_write_off_reasons_must_be_a_list(data):
    _edit(data, "recovery.toml", 'reasons = ["uneconomic to pursue"', 'reasons = "uneconomic" #')
    with pytest.raises(DataError, match=r"sundry/recovery.toml write_off.reasons: expected a list"):
        load_recovery_rules(data)
