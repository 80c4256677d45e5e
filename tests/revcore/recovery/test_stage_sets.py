"""Stage sets are data a council adjusts; settings below the statutory minimums are refused."""

from __future__ import annotations

import shutil

import pytest

from refdata import TABLES_DIR, DataError
from refdata.recovery import load_recovery_rules
from revtui.demo.settings import DEMO_COUNCILS


@pytest.fixture
def data_dir(tmp_path):
    # the council's stage sets beside the statutory tables, in one folder the loaders are given
    shutil.copytree(TABLES_DIR / "recovery", tmp_path / "recovery")
    shutil.copytree(DEMO_COUNCILS / "recovery", tmp_path / "recovery", dirs_exist_ok=True)
    return tmp_path


def _edit(data_dir, name, old, new):
    path = data_dir / "recovery" / name
    text = path.read_text()
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1))


def test_the_shipped_stage_sets_load(rules, nndr_rules):
    assert rules.stages.reminder_period_days == 7 and rules.stages.summons_notice_days == 14
    assert [r.kind for r in nndr_rules.stages.remedies] == ["enforcement_agent", "charging_order", "bankruptcy", "committal"]


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("period_days = 7                      #", "period_days = 6 #",
         r"reminder_period_days is 6, below the statutory minimum of 7 \(SI 1992/613 reg. 23\(1\)"),
        ("notice_days = 14", "notice_days = 13",
         r"summons_notice_days is 13, below the statutory minimum of 14 \(SI 1992/613 reg. 35\(2A\)"),
        ("max_per_year = 2", "max_per_year = 3", r"max_reminders is 3, above the statutory maximum of 2"),
        ("limitation_years = 6", "limitation_years = 7", r"limitation_years is 7, above the statutory maximum of 6"),
        ("debtor_information_days = 14", "debtor_information_days = 10",
         r"debtor_information_days is 10, below the statutory minimum of 14"),
        ('issue_after = { count = 5, unit = "working_days" }', 'issue_after = { count = 0, unit = "working_days" }',
         r"reminder_issue_after is 0, below the statutory minimum of 1"),
    ],
)
def test_council_tax_settings_below_the_law_are_refused(data_dir, old, new, message):
    _edit(data_dir, "ctax_stages.toml", old, new)
    with pytest.raises(DataError, match=r"recovery/ctax_stages.toml: Council tax recovery: " + message):
        load_recovery_rules("ctax", data_dir)


def test_a_council_may_give_longer_than_the_minimum(data_dir):
    _edit(data_dir, "ctax_stages.toml", "notice_days = 14", "notice_days = 21")
    assert load_recovery_rules("ctax", data_dir).stages.summons_notice_days == 21


def test_costs_need_a_stated_basis(data_dir):
    _edit(data_dir, "ctax_stages.toml", 'basis = "2026/27', 'basis = " "\nold_basis = "2026/27')
    with pytest.raises(DataError, match="costs need a stated basis"):
        load_recovery_rules("ctax", data_dir)


def test_welsh_costs_are_capped(data_dir, tmp_path_factory):
    _edit(data_dir, "ctax_stages.toml", 'country = "england"', 'country = "wales"')
    # £70 summons + £0 liability order: at the cap, allowed.
    assert load_recovery_rules("ctax", data_dir).stages.total_costs == 70
    # Tables are read once per path, so the over-cap council is a fresh copy.
    over = tmp_path_factory.mktemp("wales")
    shutil.copytree(data_dir / "recovery", over / "recovery")
    _edit(over, "ctax_stages.toml", 'costs = "0.00"', 'costs = "10.00"')
    with pytest.raises(DataError, match=r"total_costs is 80.00, above the statutory maximum of 70.00 \(Wales"):
        load_recovery_rules("ctax", over)


def test_business_rates_refuse_attachment_of_earnings(data_dir):
    _edit(data_dir, "nndr_stages.toml", "[[remedies]]\nkind = \"enforcement_agent\"",
          "[[remedies]]\nkind = \"attachment_of_earnings\"\naction = \"order\"\nrequires = \"employment\"\n"
          "rule = \"x\"\n\n[[remedies]]\nkind = \"enforcement_agent\"")
    with pytest.raises(DataError, match="attachment_of_earnings is not available for nndr"):
        load_recovery_rules("nndr", data_dir)


def test_money_with_fractions_of_a_penny_names_the_file_and_field(data_dir):
    _edit(data_dir, "ctax_stages.toml", 'costs = "70.00"', 'costs = "70.005"')
    with pytest.raises(DataError, match="ctax_stages.toml summons.costs: '70.005' has fractions of a penny"):
        load_recovery_rules("ctax", data_dir)


def test_an_unknown_unit_names_the_file_and_field(data_dir):
    _edit(data_dir, "ctax_stages.toml", 'unit = "working_days" }', 'unit = "weeks" }')
    with pytest.raises(DataError, match="ctax_stages.toml reminder.issue_after: 'unit' must be in"):
        load_recovery_rules("ctax", data_dir)


def test_a_remedy_naming_an_unknown_prerequisite_is_refused(data_dir):
    _edit(data_dir, "nndr_stages.toml", 'requires_failed = ["enforcement_agent"]', 'requires_failed = ["attachment_of_earnings"]')
    with pytest.raises(DataError, match="committal requires attachment_of_earnings to fail first"):
        load_recovery_rules("nndr", data_dir)
