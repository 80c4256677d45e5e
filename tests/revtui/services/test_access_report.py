"""Who viewed or changed an account: an auditor's question, answered from the sealed store."""

import attrs

from revtui.cli import main
from revtui.services.access import access_report, record_view
from revtui.services.account_file import open_account
from revtui.services.changes import commit
from revtui.services.recovery import propose_hold


def test_views_and_changes_of_an_account_are_listed_with_who_and_why(session):
    stored = session.records.accounts.find_one("reference", "C00000019")
    record_view(session, "council tax", "C00000019")
    other = attrs.evolve(session, officer="bjones")
    record_view(other, "council tax", "C00000019")
    f = open_account(other, stored.doc_id)
    commit(other, f.account, propose_hold(other, f.account.value, None, "dispute", "", "", "says the band is wrong"))
    lines = access_report(session, "C00000019")
    said = [(line.officer, line.what) for line in lines]
    assert (session.officer, "viewed") in said and ("bjones", "viewed") in said
    assert any(who == "bjones" and what.startswith("recovery file created: recovery hold (dispute)") for who, what in said)
    assert any(what.startswith("account created") for _, what in said)
    assert [line.at for line in lines] == sorted(line.at for line in lines)
    assert access_report(session, "C00000027") == [line for line in access_report(session, "C00000027")
                                                    if line.what != "viewed"]  # nobody opened that one


def test_only_an_auditor_or_a_senior_officer_may_ask(store, tmp_path, capsys):
    roles = tmp_path / "roles.toml"
    roles.write_text('[roles.users]\nclerk = "officer"\naudit = "auditor"\n')
    at = ["--store", str(store.path), "--roles", str(roles)]
    assert main([*at, "access", "C00000019"], officer="clerk") == 77
    assert "needs the" in capsys.readouterr().err
    assert main([*at, "access", "C00000019"], officer="audit") == 0
    assert "view(s) and change(s)" in capsys.readouterr().out
