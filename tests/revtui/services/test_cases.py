"""Returned mail traced step by step to an outcome; referrals for inspection or fraud."""

import pytest

from revtui.services.account_file import open_account
from revtui.services.cases import add_step, close_case, open_cases, propose_referral, propose_returned_mail
from revtui.services.changes import ActionError, commit


def account_file(session, reference):
    return open_account(session, session.records.accounts.find_one("reference", reference).doc_id)


def test_returned_mail_is_traced_and_closed_with_its_outcome(session):
    f = account_file(session, "C00000019")
    with pytest.raises(ActionError, match="in the future"):
        propose_returned_mail(session, f.account.value, "annual bill", "24/11/2026")
    commit(session, f.account, propose_returned_mail(session, f.account.value, "reminder 2026/27", "20/11/2026"))
    [case] = open_cases(session, "returned mail")
    assert (case.value.id, case.value.subject) == ("RM-000001", "reminder 2026/27 returned 2026-11-20")
    add_step(session, case, "electoral register checked: not listed")
    [case] = open_cases(session, "returned mail")
    with pytest.raises(ActionError, match="outcome"):
        close_case(session, case, " ")
    close_case(session, case, "traced to 4 New Road, Otherton")
    assert open_cases(session, "returned mail") == []
    [closed] = account_file(session, "C00000019").cases
    assert [s.text for s in closed.steps] == ["returned mail logged: reminder 2026/27",
                                              "electoral register checked: not listed"]
    assert (closed.outcome, closed.closed.isoformat()) == ("traced to 4 New Road, Otherton", "2026-11-23")


def test_referrals_go_to_their_own_queue(session):
    f = account_file(session, "C00000027")
    with pytest.raises(ActionError, match="inspection or fraud"):
        propose_referral(session, f.account.value, "audit", "x")
    commit(session, f.account, propose_referral(session, f.account.value, "Fraud", "single person discount, two cars"))
    [case] = open_cases(session, "inspection", "fraud")
    assert (case.value.id, case.value.kind) == ("FR-000001", "fraud")
    assert open_cases(session, "returned mail") == []
