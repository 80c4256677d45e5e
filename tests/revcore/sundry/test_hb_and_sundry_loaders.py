"""The HB and sundry data loaders read the shipped tables, and name the file and the row of a bad
value (each case edits one line of a copy of the shipped file)."""

import datetime as dt
import shutil
from decimal import Decimal

import pytest

from refdata import TABLES_DIR, DataError
from revtui.demo.settings import DEMO_COUNCILS
from refdata.hb import load_dea_schedules, load_deduction_rates, load_overpayment_limits
from refdata.sundry import load_recovery_rules, load_sundry_rules


def test_shipped_tables_load():
    assert load_deduction_rates().at(dt.date(2025, 4, 7)).personal_allowance == Decimal("92.05")
    assert load_overpayment_limits().limitation_years == 6
    assert load_dea_schedules().at(dt.date(2026, 4, 1)).protected_proportion == Decimal("0.60")
    rules = load_sundry_rules()
    assert rules.income_codes["HBOP"].vat_code == "O" and rules.invoice_types["general"].terms_days == 30
    assert load_recovery_rules().reply_days == 30


CASES = [
    ("hb/deductions.toml", 'personal_allowance = "77.00"', 'personal_allowance = "77.005"', load_deduction_rates,
     r"hb/deductions.toml rates\[2\].personal_allowance.*fractions of a penny"),
    ("hb/deductions.toml", 'percentage = "0.05"', "percentage = 0.05", load_deduction_rates,
     r"rates\[0\].percentage: 0.05 is a float"),
    ("hb/deductions.toml", "effective_from = 2020-04-01\n", "", load_deduction_rates,
     r"hb/deductions.toml rates\[1\]: missing effective_from"),
    ("hb/deductions.toml", "fraud_multiplier = 5", "fraud_multiplier = 0", load_deduction_rates,
     r"hb/deductions.toml rates\[0\]: fraud_multiplier 0 must be a whole number of at least 1"),
    ("hb/dea.toml", '  { rate = "0.20" },\n]\nmonthly = [', "]\nmonthly = [", load_dea_schedules,
     r"hb/dea.toml schedules\[0\].weekly: .*open top band"),
    ("hb/dea.toml", '{ upper = "160", rate = "0.03" }', '{ upper = "160", rate = "3" }', load_dea_schedules,
     r"schedules\[0\].weekly\[1\]: rate 3 must be"),
    ("hb/overpayments.toml", "years = 6", 'years = "six"', load_overpayment_limits,
     r"hb/overpayments.toml limitation.years: 'six' is not a whole number"),
    ("sundry/income_codes.toml", 'vat_code = "S"', 'vat_code = "X"', load_sundry_rules,
     r"sundry/income_codes.toml \(GRGE\): VAT code 'X' is not in sundry/vat.toml"),
    ("sundry/vat.toml", 'rate = "0.20"', 'rate = "20"', load_sundry_rules,
     r"sundry/vat.toml codes\[0\] \(S\) rates\[0\].rate: 20 is not a fraction"),
    ("sundry/invoice_types.toml", 'code = "care"', 'code = "general"', load_sundry_rules,
     r"sundry/invoice_types.toml types\[2\]: code 'general' is given twice"),
    ("sundry/invoice_types.toml", "terms_days = 28", "terms_days = -28", load_sundry_rules,
     r"types\[2\] \(care\).terms_days: -28 is negative"),
    ("sundry/income_codes.toml", 'description = "Garage rent"\n', "", load_sundry_rules,
     r"income_codes.toml codes\[1\] \(GRGE\): missing description"),
    ("sundry/recovery.toml", 'reasons = ["uneconomic to pursue"', 'reasons = "uneconomic" #', load_recovery_rules,
     r"sundry/recovery.toml write_off.reasons: expected a list"),
]


@pytest.mark.parametrize("name, old, new, load, message", CASES, ids=[f"{c[0]}:{c[2][:20]}" for c in CASES])
def test_a_bad_value_names_file_and_row(tmp_path, name, old, new, load, message):
    area = name.split("/")[0]
    for root in (TABLES_DIR, DEMO_COUNCILS):  # statutory tables and the council's own, one folder here
        if (root / area).is_dir():
            shutil.copytree(root / area, tmp_path / area, dirs_exist_ok=True)
    path = tmp_path / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(DataError, match=message):
        load(tmp_path)
