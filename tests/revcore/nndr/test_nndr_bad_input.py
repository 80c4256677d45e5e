"""Bad input is refused with a message that says what and where: impossible facts in the model,
and malformed rows in the nndr tables (the message names the file and the row)."""

import shutil
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from tests.revcore.nndr.builders import ENGLAND, D, hereditament, liability
from refdata import TABLES_DIR, DataError
from refdata.nndr import load_rates_rules
from revcore.nndr import PartOccupation, RateableValue, RatesError, Relief, ReliefKind, charge, empty_since
from revcore.periods import FinancialYear


@pytest.mark.parametrize("make, message", [
    (lambda: liability(occupied=False, reliefs=(Relief(ReliefKind.SMALL_BUSINESS, D(2025, 4, 1)),)),
     "small business rate relief is for occupied hereditaments only"),
    (lambda: liability(occupied=False, part_occupations=(PartOccupation(D(2025, 5, 1), D(2025, 4, 1), Decimal(100)),)),
     "a s.44A certificate needs an occupier"),
    (lambda: liability(D(2025, 4, 1), D(2025, 6, 30), reliefs=(Relief(ReliefKind.CHARITY, D(2025, 7, 1)),)),
     "mandatory charity relief from 2025-07-01 is outside the liability (2025-04-01 to 2025-06-30)"),
    (lambda: liability(reliefs=(Relief(ReliefKind.CHARITY, D(2025, 4, 1)), Relief(ReliefKind.CHARITY, D(2025, 6, 1)))),
     "mandatory charity relief overlap"),
    (lambda: liability(empty_since=D(2025, 1, 1)), "empty_since and empty exclusions are for unoccupied liabilities"),
    (lambda: liability(D(2025, 4, 1), D(2025, 3, 31)), "RatesLiability: ends 2025-03-31 before it starts 2025-04-01"),
    (lambda: Relief(ReliefKind.DISCRETIONARY, D(2025, 4, 1)), "discretionary relief: percent None must be a Decimal"),
    (lambda: Relief(ReliefKind.HARDSHIP, D(2025, 4, 1), percent=Decimal(101)), "hardship relief: percent Decimal('101')"),
    (lambda: Relief(ReliefKind.CHARITY, D(2025, 4, 1), percent=Decimal(80)), "the percentage comes from data"),
    (lambda: PartOccupation(D(2025, 4, 1), D(2025, 5, 1), Decimal(100)), "partly unoccupied from 2025-05-01, after the request"),
    (lambda: RateableValue(D(2023, 4, 1), Decimal("13500.50"), 2023), "is not a whole number of pounds"),
    (lambda: attrs.evolve(hereditament(), values=()), "no rateable value in its history"),
])
def test_impossible_facts_are_refused(make, message):
    with pytest.raises(RatesError, match=None) as error:
        make()
    assert message in str(error.value)


def test_charge_refuses_a_day_before_the_list_entry_and_a_year_without_multipliers():
    with pytest.raises(RatesError, match="not in the list before 2023-04-01 \\(asked for 2023-03-01\\)"):
        charge(liability(D(2023, 3, 1)), hereditament(), ENGLAND, FinancialYear(2022))
    with pytest.raises(RatesError, match="nndr/multipliers.toml england: nothing in force on 2022-04-01"):
        charge(liability(D(2022, 4, 1)), hereditament(since=D(2017, 4, 1), list_year=2017), ENGLAND, FinancialYear(2022))


def test_charge_refuses_another_hereditaments_liability():
    with pytest.raises(RatesError, match="is for hereditament N1, not N2"):
        charge(liability(), attrs.evolve(hereditament(), reference="N2"), ENGLAND)


def test_a_certificate_cannot_apportion_more_than_the_list_value():
    cert = PartOccupation(D(2025, 5, 1), D(2025, 4, 1), Decimal(14000))
    with pytest.raises(RatesError, match="apportions £14,000 to the occupied part of a list value of £13,500"):
        charge(liability(part_occupations=(cert,)), hereditament(13500), ENGLAND, FinancialYear(2025))


def data_copy(tmp_path: Path, relative: str, old: str, new: str) -> Path:
    shutil.copytree(TABLES_DIR / "nndr", tmp_path / "nndr")
    target = tmp_path / relative
    text = target.read_text()
    assert old in text
    target.write_text(text.replace(old, new, 1))
    return tmp_path


@pytest.mark.parametrize("relative, old, new, message", [
    ("nndr/multipliers.toml", 'value = "0.499"', "value = 0.499",
     'nndr/multipliers.toml england[0].multipliers[0].value: 0.499 must be a number in quotes'),
    ("nndr/multipliers.toml", 'rv = [["<", "51000"]]', 'rv = [["=<", "51000"]]',
     "nndr/multipliers.toml england[0]: comparison '=<' is not one of <, <=, >, >="),
    ("nndr/multipliers.toml", 'rv = [["<", "51000"]]', 'rv = ["<", "51000"]',
     "nndr/multipliers.toml england[0].multipliers[0].rv[0]: '<' is not a [comparison"),
    ("nndr/multipliers.toml", "effective_from = 2024-04-01", "effective_from = 2023-04-01",
     "nndr/multipliers.toml england: two entries take effect on 2023-04-01"),
    ("nndr/multipliers.toml", "effective_from = 2024-04-01", "effective_from = 2024-04-31",
     "is not valid TOML"),
    ("nndr/multipliers.toml", 'rule_unoccupied = "LGFA 1988 s.45(4): A x B / C"\n', "",
     "nndr/multipliers.toml england[0]: give rule_occupied and rule_unoccupied"),
    ("nndr/reliefs.toml", 'taper_up_to = "15000"', 'taper_up_to = "12000"',
     "nndr/reliefs.toml small_business.england[0]: small business relief: full to £12000 must be below taper to £12000"),
    ("nndr/reliefs.toml", 'e_rounding = "half_down"', 'e_rounding = "up"',
     "nndr/reliefs.toml small_business.england[0].e_rounding: 'up' is not one of ['half_down', 'half_up']"),
    ("nndr/reliefs.toml", 'rule = "LGFA 1988 s.43(4A)(a), s.44(9); SI 2017/102 art 3"\n', "",
     "nndr/reliefs.toml small_business.england[0]: missing rule (text)"),
    ("nndr/multipliers.toml", 'not_with = ["charity"]', 'not_with = ["charities"]',
     "nndr/multipliers.toml england[0]: not_with: 'charities' is not one of charity, small-business"),
    ("nndr/reliefs.toml", 'percent = "80"', 'percent = "180"', "nndr/reliefs.toml charity.england[0].percent: 180 is above 100"),
    ("nndr/reliefs.toml", 'free_months = 3', 'free_months = "3"', "nndr/reliefs.toml empty.england[0].free_months: '3' is not a whole number"),
    ("nndr/reliefs.toml", 'low_value_below = "2200"', 'low_value_below = 2200',
     "nndr/reliefs.toml empty.england[0].low_value_below: 2200 must be a number in quotes"),
])
def test_malformed_data_names_the_file_and_row(tmp_path, relative, old, new, message):
    with pytest.raises(DataError) as error:
        load_rates_rules("england", data_copy(tmp_path, relative, old, new))
    assert message in str(error.value)


def test_missing_table_and_unknown_country(tmp_path):
    with pytest.raises(DataError, match="reference table .*nndr/multipliers.toml is missing"):
        load_rates_rules("england", tmp_path)
    with pytest.raises(DataError, match="no business rates rules for country 'scotland'"):
        load_rates_rules("scotland")


def test_the_rounding_of_e_is_data(tmp_path):
    # RV 13,920: E = 3,000 / (13,920 - 12,000) = 1.5625 exactly, a tie at five ten-thousandths.
    # SI 2012/148 art 3(5)'s rule (kept by the data for SI 2017/102) ignores it: E = 1.562;
    # rounding half up instead gives 1.563. 13,920 x 0.499 = 6,946.08 a year:
    # / 1.562 = 4,446.914... -> 4,446.91; / 1.563 = 4,444.069... -> 4,444.07.
    award = (Relief(ReliefKind.SMALL_BUSINESS, D(2025, 4, 1)),)
    as_data = charge(liability(reliefs=award), hereditament(13920), load_rates_rules("england"), FinancialYear(2025))
    rules = load_rates_rules("england", data_copy(tmp_path, "nndr/reliefs.toml", 'e_rounding = "half_down"\nunverified = { full_e',
                                                   'e_rounding = "half_up"\nunverified = { full_e'))
    half_up = charge(liability(reliefs=award), hereditament(13920), rules, FinancialYear(2025))
    assert (as_data.total, half_up.total) == (Decimal("4446.91"), Decimal("4444.07"))
    assert "E = 3,000 / (RV £13,920 - £12,000) = 1.562 (E to three decimal places, up only above five" \
        in as_data.lines[0].steps[1].description


def test_an_occupation_must_follow_the_empty_spell():
    with pytest.raises(RatesError, match="occupation 2023-05-01 to 2023-06-12 does not follow an empty spell from 2023-06-01"):
        empty_since(D(2023, 6, 1), D(2023, 5, 1), D(2023, 6, 12), ENGLAND)
