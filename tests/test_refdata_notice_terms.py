"""What notices state beyond the engine comes from data, and a missing or malformed entry says where."""

import datetime as dt
from decimal import Decimal

import pytest

from refdata import DataError
from refdata.notice_terms import completion_appeal_days, employer_admin_fee, load_agent


def test_the_demo_councils_agents_and_a_clear_error_for_a_council_without_one(tmp_path):
    assert load_agent("demo-district").name == "Demo Enforcement Services Ltd"
    with pytest.raises(DataError, match=r"no enforcement agent for council 'nowhere'; add a \[nowhere\] table"):
        load_agent("nowhere")
    (tmp_path / "recovery").mkdir()
    (tmp_path / "recovery" / "enforcement_agents.toml").write_text('[x]\nname = "A"\n')
    with pytest.raises(DataError, match=r"enforcement_agents.toml \[x\]: contact is missing"):
        load_agent("x", tmp_path)


def test_the_employers_fee_and_the_completion_appeal_period_are_dated(tmp_path):
    assert employer_admin_fee(dt.date(2026, 7, 1)) == Decimal("1.00")
    assert completion_appeal_days(dt.date(2026, 11, 23)) == 28
    (tmp_path / "ctax").mkdir()
    (tmp_path / "ctax" / "completion_notices.toml").write_text(
        '[[rule]]\neffective_from = 1993-04-01\nappeal_days = "four weeks"\n')
    with pytest.raises(DataError, match=r"completion_notices.toml rule\[0\]: appeal_days 'four weeks' must be"):
        completion_appeal_days(dt.date(2026, 11, 23), tmp_path)
