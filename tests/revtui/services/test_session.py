"""Who is signed in and in what role; which council the store belongs to."""

import pytest

from revtui.services.session import council_code, open_session, role_of, set_council


def test_roles_come_from_the_roles_file_and_default_to_officer(tmp_path):
    roles = tmp_path / "roles.toml"
    roles.write_text('[roles]\nbjones = "supervisor"\ncwho = "wizard"\n')
    assert role_of("bjones", roles) == "supervisor"
    assert role_of("asmith", roles) == "officer"  # not listed
    assert role_of("asmith", tmp_path / "missing.toml") == "officer"
    with pytest.raises(ValueError, match="'wizard' of 'cwho' is not one of"):
        role_of("cwho", roles)


def test_the_session_names_the_store_user_and_council(store, tmp_path):
    roles = tmp_path / "roles.toml"
    roles.write_text('[roles]\nasmith = "senior officer"\n')
    session = open_session(store, roles_file=roles)
    assert (session.officer, session.role, session.tariff.council.code) == ("asmith", "senior officer", "demo-district")
    assert council_code(store) == "demo-district"
    with pytest.raises(Exception, match="no-such-council"):
        set_council(store, "no-such-council")
