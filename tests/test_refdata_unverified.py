"""Values not confirmed against the law are data an officer can list, and tables cite public sources."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from refdata import TABLES_DIR, DataError
from refdata.instalments import instalment_table
from refdata.unverified import unverified, unverified_keys
from revtui.demo.settings import DEMO_COUNCILS


def test_the_listing_gives_each_unconfirmed_value_with_its_table_key_and_source():
    entries = {(e.table, e.key): e for e in unverified()}
    notice = entries[("instalments.toml", "scheme[0].notice_days")]
    assert notice.value == 14 and "reg. 20" in notice.source and "england" in notice.row
    assert entries[("nndr/multipliers.toml", "wales[0].multipliers[0].value")].value == "0.535"
    assert ("voa/schedule_layout.toml", "*") in entries  # the whole layout is ours
    assert unverified_keys("sundry/vat.toml") == {"codes[0].rates": "VATA 1994 s.2 not read"}


def test_the_council_folder_s_marks_are_listed_apart():
    council = [e for e in unverified(DEMO_COUNCILS) if e.table.startswith("council:")]
    assert ("council:ledger.toml", "setting[0].costs_order") in {(e.table, e.key) for e in council}


def _strings_saying_unverified(node, path=""):
    if isinstance(node, list):
        for i, item in enumerate(node):
            yield from _strings_saying_unverified(item, f"{path}[{i}]")
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "unverified":
                continue
            where = f"{path}.{key}" if path else key
            if isinstance(value, str) and "UNVERIFIED" in value:
                yield where
            yield from _strings_saying_unverified(value, where)


@pytest.mark.parametrize("root, prefix", [(TABLES_DIR, ""), (DEMO_COUNCILS, "council:")])
def test_every_value_whose_text_says_unverified_is_in_the_listing(root, prefix):
    import tomllib

    listed = {(e.table, e.key) for e in unverified(DEMO_COUNCILS)}
    missing = [f"{prefix}{path.relative_to(root).as_posix()}: {key}"
               for path in sorted(root.rglob("*.toml"))
               for key in _strings_saying_unverified(tomllib.loads(path.read_text()))
               if (f"{prefix}{path.relative_to(root).as_posix()}", key) not in listed]
    assert not missing


def test_a_mark_naming_a_value_the_row_does_not_have_is_refused(tmp_path):
    (tmp_path / "bad.toml").write_text('[[rows]]\nrate = "1"\nunverified = { rat = "typo" }\n')
    with pytest.raises(DataError, match=r"bad.toml rows\[0\].unverified: marks 'rat', which is not in the row"):
        unverified(tables=tmp_path)


def test_marked_rows_still_load():
    assert instalment_table("business_rates", "england").at(__import__("datetime").date(2027, 4, 1)).notice_days == 14


def test_the_command_prints_the_list():
    done = subprocess.run([sys.executable, "-m", "refdata", "unverified"], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[1], timeout=60)
    assert done.returncode == 0
    assert "instalments.toml: scheme[0].notice_days = 14" in done.stdout
    assert re.search(r"(\d+) unverified value", done.stderr)


@pytest.mark.parametrize("root", [TABLES_DIR, DEMO_COUNCILS])
def test_tables_cite_public_sources_not_a_developer_s_copy(root):
    private = re.compile(r"/work/|/Users/|shared/domain|\b(council-tax|formats|business-rates-hb-sundry)\.md\b")
    found = [f"{p.relative_to(root)}: {line.strip()}" for p in sorted(root.rglob("*.toml"))
             for line in p.read_text().splitlines() if private.search(line)]
    assert not found


def test_loaded_settings_carry_their_unconfirmed_values_for_showing():
    from refdata.bacs import load_standard18_labels
    from refdata.hb import load_overpayment_limits
    from refdata.voa import schedule_layout

    assert "Limitation Act 1980" in load_overpayment_limits().unverified["limitation_years"]
    labels = load_standard18_labels()
    assert labels.work_code == "1 DAILY  " and "UHL1 positions 29-37" in labels.unverified["work_code"]
    assert "not found publicly" in schedule_layout().unverified["*"]


def test_the_rules_in_force_on_a_day_say_which_of_their_values_are_unconfirmed():
    import datetime as dt

    from refdata.hb import deduction_unverified
    from refdata.instalments import instalment_unverified
    from refdata.nndr import rates_unverified
    from revcore.periods import FinancialYear

    # English council tax's 10-instalment rules rest on the law read, except the 14 days' notice
    assert set(instalment_unverified("council_tax", "england", FinancialYear(2027))) == {"notice_days", "twelve"}
    assert "minimum_instalment" in instalment_unverified("business_rates", "wales", FinancialYear(2027))
    # Wales's 2024/25 multiplier was not found; England's 2024/25 one was
    assert "multiplier wales.value" in rates_unverified("wales", dt.date(2024, 6, 1))
    assert not any(k.startswith("multiplier") for k in rates_unverified("england", dt.date(2024, 6, 1)))
    assert "personal_allowance" in deduction_unverified(dt.date(2025, 6, 1))
