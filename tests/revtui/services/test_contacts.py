"""Contact details, the correspondence address and gone away: each change recorded with its
source; a trace outcome closes the returned mail case and moves the notices; gone away stops post."""

import pytest

from revtui.records.contacts import ContactSource
from revtui.services.account_file import open_account
from revtui.services.cases import open_cases, propose_returned_mail
from revtui.services.changes import ActionError, commit
from revtui.services.contacts import (contact_of, gone_away_accounts, propose_contact, propose_correspondence,
                                      propose_gone_away, propose_trace_outcome)
from revtui.services.notices import header_for


def account_file(session, reference):
    return open_account(session, session.records.accounts.find_one("reference", reference).doc_id)


def test_a_trace_outcome_moves_the_notices_to_the_new_address_with_its_source(session):
    f = account_file(session, "C00000019")
    commit(session, f.account, propose_returned_mail(session, f.account.value, "reminder 2026/27", "20/11/2026"))
    f = account_file(session, "C00000019")
    commit(session, f.account, propose_gone_away(session, f.account.value, "reminder returned: not known here", "returned"))
    assert "C00000019" in gone_away_accounts(session.store)
    [case] = open_cases(session, "returned mail")  # the case opened for the returned reminder, not a second one

    f = account_file(session, "C00000019")
    proposal = propose_trace_outcome(session, f.account.value, "traced", "9 Elm Road, Otherton", "ot1 9er",
                                     "01632 960123", "", "credit")
    commit(session, f.account, proposal)

    f = account_file(session, "C00000019")
    assert str(f.account.value.correspondence) == "9 Elm Road, Otherton, OT1 9ER"
    assert header_for(session, f.account.value, session.today).addressee.address_lines == ("9 Elm Road", "Otherton")
    record = contact_of(session.store, "C00000019").value
    assert record.gone_away is None and gone_away_accounts(session.store) == {}
    moved = [c for c in record.changes if c.what.startswith("correspondence address")]
    assert [(c.source, c.officer, c.day) for c in moved] == [(ContactSource.CREDIT_REFERENCE, "asmith", session.today)]
    assert record.persons[0].phone == "01632 960123"
    assert open_cases(session, "returned mail") == []
    [closed] = f.cases
    assert closed.id == case.value.id and closed.outcome == ("traced to a new address: 9 Elm Road, Otherton, OT1 9ER "
                                                             "(credit reference agency)")


def test_not_traced_closes_the_case_and_keeps_post_stopped(session):
    f = account_file(session, "C00000027")
    commit(session, f.account, propose_gone_away(session, f.account.value, "bill returned", "returned mail trace"))
    f = account_file(session, "C00000027")
    commit(session, f.account, propose_trace_outcome(session, f.account.value, "not traced", "", "", "", "",
                                                     "electoral register"))
    assert open_cases(session, "returned mail") == []
    assert "C00000027" in gone_away_accounts(session.store)


def test_contact_details_are_recorded_with_who_when_and_source(session):
    f = account_file(session, "C00000019")
    commit(session, f.account, propose_contact(session, f.account.value, "1", "07700 900123", "ann@example.org",
                                               "phone call"))
    record = contact_of(session.store, "C00000019").value
    [change] = record.changes
    assert (change.source, change.officer) == (ContactSource.PHONE_CALL, "asmith")
    assert "phone (none) -> 07700 900123" in change.what and "email (none) -> ann@example.org" in change.what


@pytest.mark.parametrize(("lines", "postcode", "source", "message"), [
    ("1 Flat, 2 House, 3 Street, 4 Area, 5 Town, 6 County", "OT1 9ER", "dwp", r"8 lines .* at most 7"),
    ("9 Elm Road, Otherton", "OT1", "dwp", "not a UK postcode"),
    ("9 Elm Road,, Otherton", "OT1 9ER", "dwp", "a line is blank"),
    ("9 Elm Road, Otherton", "OT1 9ER", "neighbour", r"source: 'neighbour' is not one of: phone call"),
])
def test_a_correspondence_address_that_cannot_be_posted_is_refused(session, lines, postcode, source, message):
    f = account_file(session, "C00000019")
    with pytest.raises(ActionError, match=message):
        propose_correspondence(session, f.account.value, lines, postcode, source)


@pytest.mark.parametrize(("phone", "email", "message"), [
    ("01632 960123", "ann at example.org", "email: 'ann at example.org' is not an email address"),
    ("12345", "", "phone: '12345' is not a phone number"),
])
def test_bad_contact_details_are_refused(session, phone, email, message):
    f = account_file(session, "C00000019")
    with pytest.raises(ActionError, match=message):
        propose_contact(session, f.account.value, "1", phone, email, "phone call")
    assert contact_of(session.store, "C00000019") is None
