"""Who is signed in and in what role; which council the store belongs to."""

import pytest

from revtui.identity import os_user
from revtui.services.roles import RolesError, load_roles
from revtui.services.session import council_code, open_session, set_council


def test_roles_come_from_users_and_groups_and_a_user_holds_them_all(tmp_path):
    roles = tmp_path / "roles.toml"
    roles.write_text('[roles.users]\nBJones = ["officer", "senior_officer"]\nasmith = "officer"\n'
                     '[roles.groups]\nrecovery = "recovery officer"\n')
    config = load_roles(roles)
    assert config.roles_of("bjones") == {"officer", "senior officer"}  # names in any case
    assert config.roles_of("asmith", ["staff", "Recovery"]) == {"officer", "recovery officer"}
    assert config.roles_of("cwho", ["staff"]) == frozenset()  # not named: no role
    assert load_roles(tmp_path / "missing.toml").roles_of("asmith") == frozenset()


def test_the_older_plain_roles_table_still_reads(tmp_path):
    roles = tmp_path / "roles.toml"
    roles.write_text('[roles]\nbjones = "senior officer"\n')
    assert load_roles(roles).roles_of("bjones") == {"senior officer"}


@pytest.mark.parametrize("text, message", [
    ('[roles.users]\ncwho = "wizard"\n', "'wizard' is not a role; the roles are: officer, senior officer"),
    ('[roles.users\ncwho = "officer"\n', "not valid TOML"),
    ('[roles]\ngroups = "officer"\n', "roles.groups: should be a table"),
    ('[limits.officer]\nrefund_single = "lots"\n', "refund_single"),
    ('[limits.officer]\nrefund_singel = "10.00"\n', "refund_singel: not a limit"),
])
def test_a_bad_roles_file_is_named_with_what_is_wrong(tmp_path, store, text, message):
    roles = tmp_path / "roles.toml"
    roles.write_text(text)
    with pytest.raises(RolesError, match=message) as raised:
        open_session(store, roles_file=roles)
    assert str(roles) in str(raised.value)


def test_the_session_is_the_operating_system_account_whatever_the_environment_says(store, tmp_path, monkeypatch):
    monkeypatch.setenv("USER", "somebody-else")
    monkeypatch.setenv("LOGNAME", "somebody-else")
    roles = tmp_path / "roles.toml"
    roles.write_text(f'[roles.users]\n"{os_user().upper()}" = "senior officer"\n')
    session = open_session(store, roles_file=roles)
    assert (session.officer, session.role, session.tariff.council.code) == (os_user(), "senior officer",
                                                                             "demo-district")
    assert council_code(store) == "demo-district"
    with pytest.raises(Exception, match="no-such-council"):
        set_council(store, "no-such-council")


def test_a_user_the_roles_file_does_not_name_has_no_role_on_a_live_store(store):
    assert open_session(store, officer="nobody").role == "no role"
    assert open_session(store, officer="nobody", roles=["trainer"]).role == "no role"  # trainer: training only


def test_on_a_training_store_everyone_is_also_a_trainer(store):
    import datetime as dt

    from revtui.clock import set_training_date

    set_training_date(store, dt.date(2026, 11, 23), reason="practice")
    assert open_session(store, officer="nobody").role == "trainer"
    assert open_session(store, officer="ann", roles=["auditor"]).role == "auditor + trainer"


def test_the_roles_file_beside_the_store_is_read_by_default(store):
    from pathlib import Path

    (Path(store.path).parent / "roles.toml").write_text('[roles.users]\nann = "auditor"\n')
    assert open_session(store, officer="ann").role == "auditor"
