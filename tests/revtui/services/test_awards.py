"""Awards checked against the account: an exemption class against who lives there, a resident's
Sch 1 status against the person, the s.11 discount that follows, and a discretionary reduction.

C00000019 is band C in England, liable all 2026/27 (365 days), billed £2,280.96 for the year;
today is 23 November 2026.
"""

import datetime as dt
from decimal import Decimal

import attrs
import pytest

from revcore.ctax import Person
from revtui.services.account_file import open_account
from revtui.services.changes import ActionError, commit
from revtui.services.disregards import propose_disregard
from revtui.services.moves import propose_move_in, propose_move_out
from revtui.services.relief_actions import discretionary_limit, propose_ctr, propose_discretionary, propose_exemption

D = dt.date


def account_file(session, reference):
    [stored] = session.records.accounts.find("reference", reference)
    return open_account(session, stored.doc_id)


def two_new_residents(session):
    """C00000019 moves out on 1 Oct; Kit Marlowe and Tom Kyd move in the same day."""
    f = account_file(session, "C00000019")
    commit(session, f.account, propose_move_out(session, f.account.value, f.prop.value, D(2026, 10, 1),
                                                "4 New Road", "OT1 2AB", "phoned in"))
    saved = commit(session, None, propose_move_in(session, f.prop.value, D(2026, 10, 1), "Kit Marlowe & Tom Kyd",
                                                  "tenancy"))
    return open_account(session, saved.doc_id)


def test_class_q_is_refused_on_an_account_two_residents_have_just_moved_into(session):
    f = two_new_residents(session)
    with pytest.raises(ActionError) as refused:
        propose_exemption(session, f.account.value, f.prop.value, "Q", "01/10/2026", "", "trustee in bankruptcy")
    message = str(refused.value)
    assert "class Q (unoccupied, liable only as trustee in bankruptcy) is only for an unoccupied dwelling" in message
    assert "Kit Marlowe & Tom Kyd are resident here from 2026-10-01 onwards" in message
    assert "record the move out or the empty period first" in message


def test_class_n_needs_every_resident_recorded_as_a_student(session):
    f = two_new_residents(session)
    with pytest.raises(ActionError, match="Kit Marlowe is resident on 2026-10-01 and is not recorded as one of: "
                                          "student, student nurse"):
        propose_exemption(session, f.account.value, f.prop.value, "N", "01/10/2026", "", "both students")
    for who in ("1", "2"):
        f = open_account(session, f.account.doc_id)
        commit(session, f.account, propose_disregard(session, f.account.value, f.prop.value, who, "student",
                                                     "01/10/2026", "", "certificate, Otherton College", "certificates"))
    f = open_account(session, f.account.doc_id)
    proposal = propose_exemption(session, f.account.value, f.prop.value, "N", "01/10/2026", "", "both students")
    assert "exempt, class N" in proposal.effect


def test_one_student_of_two_adults_gives_25_percent_and_both_give_50(session):
    """LGFA 1992 s.11(1): one resident counted -> 25%; s.11(2): every resident disregarded (Sch 1
    para 4, students) -> 50%. Band C 2026/27 is £2,280.96 a year; the account runs 1 Oct 2026 to
    31 Mar 2027, 182 days: 2,280.96 x 182/365 = 1,137.36 before any discount.
      Kit a student from 1 Oct: 25% off: 1,137.36 x 75% = 853.02
      Tom a student too from 1 Jan: each line's discounted annual amount is apportioned by day
        (half up to the penny): 1 Oct-31 Dec 92 days 2,280.96 x 75% = 1,710.72 x 92/365 = 431.195
        -> 431.20; 1 Jan-31 Mar 90 days 2,280.96 x 50% = 1,140.48 x 90/365 = 281.214 -> 281.21;
        431.20 + 281.21 = 712.41
    """
    f = two_new_residents(session)
    assert f.account.value.last_bill(2026).explanation.total == Decimal("1137.36")
    proposal = propose_disregard(session, f.account.value, f.prop.value, "Kit Marlowe", "student", "01/10/2026", "",
                                 "certificate", "phoned in")
    assert "one adult counted: single person discount 25% (LGFA 1992 s.11(1))" in proposal.effect
    assert "class N" not in proposal.effect  # Tom is not a student: no exemption yet
    assert proposal.account.last_bill(2026).explanation.total == Decimal("853.02")
    commit(session, f.account, proposal)
    f = open_account(session, f.account.doc_id)
    proposal = propose_disregard(session, f.account.value, f.prop.value, "2", "student", "01/01/2027", "",
                                 "certificate", "phoned in")
    assert "no adult counted: 50% discount, all residents disregarded (LGFA 1992 s.11(2))" in proposal.effect
    # all students: the dwelling is exempt (class N), which the officer is told to award instead
    assert "every resident now qualifies for exemption class N (occupied only by students" in proposal.effect
    assert proposal.account.last_bill(2026).explanation.total == Decimal("712.41")


def test_a_status_is_checked_against_the_person(session):
    f = two_new_residents(session)
    account = f.account.value
    with pytest.raises(ActionError, match="name the evidence seen \\(a student certificate"):
        propose_disregard(session, account, f.prop.value, "1", "student", "01/10/2026", "", "", "phoned in")
    with pytest.raises(ActionError, match="give Kit Marlowe's date of birth"):
        propose_disregard(session, account, f.prop.value, "1", "school-leaver", "01/10/2026", "", "", "phoned in")
    older = attrs.evolve(account, persons=(attrs.evolve(account.persons[0], date_of_birth=D(2000, 5, 1)),
                                           account.persons[1]))
    with pytest.raises(ActionError, match="aged 26 on 2026-10-01, the status is for those under 20"):
        propose_disregard(session, older, f.prop.value, "1", "school-leaver", "01/10/2026", "", "", "phoned in")
    with pytest.raises(ActionError, match="'care-leaver' is not a disregard in England"):
        propose_disregard(session, account, f.prop.value, "1", "care-leaver", "01/10/2026", "", "", "phoned in")


def test_a_single_person_discount_is_refused_with_two_counted_adults(session):
    from revtui.services.account_actions import propose_discount

    f = two_new_residents(session)
    with pytest.raises(ActionError, match="2 adults live here and are counted on 2026-10-01"):
        propose_discount(session, f.account.value, f.prop.value, "01/10/2026", "single occupier")


def test_a_discretionary_reduction_is_its_own_step_and_above_the_limit_waits(session):
    """s.13A(1)(c), 50% from 1 Jan 2027: 1 Apr-31 Dec 275 days 2,280.96 x 275/365 = 1,718.53;
    1 Jan-31 Mar 90 days (2,280.96 x 50% = 1,140.48) x 90/365 = 281.214 -> 281.21; 1,999.74.
    Taken off: 2,280.96 - 1,999.74 = 281.22."""
    f = account_file(session, "C00000019")
    with pytest.raises(ActionError, match="reason: say why"):
        propose_discretionary(session, f.account.value, f.prop.value, "50%", "01/01/2027", "", " ")
    proposal = propose_discretionary(session, f.account.value, f.prop.value, "50%", "01/01/2027", "", "flooded")
    assert "discretionary reduction 50%" in proposal.effect and "LGFA 1992 s.13A(1)(c)" in proposal.effect
    assert proposal.account.last_bill(2026).explanation.total == Decimal("1999.74")
    # £281.22 off is within the officer's £500.00 (authorisation.toml); 100% for the year is not
    assert discretionary_limit(session, f.account.value, proposal.account) == ""
    whole = propose_discretionary(session, f.account.value, f.prop.value, "100%", "01/04/2026", "", "flooded")
    assert "above your limit of £500.00" in discretionary_limit(session, f.account.value, whole.account)


@pytest.mark.parametrize("award", ["£0.00", "0", "-£5.00"])
def test_a_reduction_of_nothing_is_refused_naming_the_award(session, award):
    f = account_file(session, "C00000019")
    for propose in (propose_discretionary, propose_ctr):
        with pytest.raises(ActionError, match=f"award: {award!r}"):
            propose(session, f.account.value, f.prop.value, award, "01/01/2027", "", "flooded")


def moved_out(session):
    f = account_file(session, "C00000019")
    commit(session, f.account, propose_move_out(session, f.account.value, f.prop.value, D(2026, 12, 1),
                                                "4 New Road", "OT1 2AB", "phoned in"))
    return f.prop.value


def test_the_complete_move_in_saves_people_contact_direct_debit_and_12_instalments(session):
    from revcore.directdebit import MandateStatus
    from revcore.instalments import Plan
    from revtui.records.ctax import PaymentMethod

    prop = moved_out(session)
    proposal = propose_move_in(session, prop, D(2026, 12, 1), "Ann Smith 12/03/1980 & Tom Smith 02/05/2012",
                               "tenancy", phone="07700 900123", email="ann@example.org", pay="dd",
                               sort_code="12-34-56", account_number="12345678", instalments="12", single="y")
    assert "Pays by Direct Debit from ANN SMITH, sort code 12-34-56, account ****5678" in proposal.effect
    assert "12345678" not in proposal.effect
    commit(session, None, proposal)
    [new] = [s.value for s in session.records.accounts.find("property", prop.reference)
             if s.value.liability.start == D(2026, 12, 1)]
    assert [p.name for p in new.persons] == ["Ann Smith"] and [p.name for p in new.others] == ["Tom Smith"]
    assert new.liability.liable == (new.persons[0].reference,)
    assert new.liability.discounts[0].start == D(2026, 12, 1)
    assert new.plan is Plan.TWELVE
    # the contact is the account's contact record (what `c` changes and the view shows), with its source
    from revtui.records.contacts import ContactSource
    from revtui.services.contacts import contact_of

    contact = contact_of(session.store, new.reference).value
    assert contact.person(new.persons[0].reference).phone == "07700 900123"
    assert contact.person(new.persons[0].reference).email == "ann@example.org"
    assert [c.source for c in contact.changes] == [ContactSource.MOVE_IN]
    assert new.payment_method is PaymentMethod.DIRECT_DEBIT
    assert new.direct_debit.mandate.status is MandateStatus.NEW


@pytest.mark.parametrize("names, options, message", [
    ("Ann Smith & Kit Marlowe", {"single": "y"}, "only adult living there: 2 adults are named"),
    ("Tom Smith 02/05/2012", {}, "nobody named is 18 or over on the move-in day"),
    ("Ann Smith 31/02/1980", {}, "date of birth of Ann Smith: '31/02/1980' is not a date"),
    ("Ann Smith", {"phone": "call me"}, "phone: 'call me' is not a phone number"),
    ("Ann Smith", {"email": "ann.example.org"}, "email: 'ann.example.org' is not an email address"),
    ("Ann Smith", {"pay": "dd", "sort_code": "12-34"}, "Direct Debit: "),
    ("Ann Smith", {"pay": "cheque"}, "pay by: 'cheque': type cash or dd"),
    ("Ann Smith", {"instalments": "11"}, "instalments: '11': type 10 or 12"),
    ("Ann Smith", {"single": ""}, "only adult living there: type y or n"),
])
def test_a_move_in_with_a_mistake_names_it_and_saves_nothing(session, names, options, message):
    prop = moved_out(session)
    before = len(session.records.accounts)
    with pytest.raises(ActionError, match=message.replace("(", "\\(").replace(")", "\\)")):
        propose_move_in(session, prop, D(2026, 12, 1), names, "tenancy", **options)
    assert len(session.records.accounts) == before


def test_a_status_over_an_empty_period_is_refused_with_the_reason(session):
    from revtui.services.relief_actions import propose_empty_period

    f = account_file(session, "C00000019")
    commit(session, f.account, propose_empty_period(session, f.account.value, f.prop.value, "01/10/2026", "n", "", "",
                                                    "in hospital"))
    f = account_file(session, "C00000019")
    with pytest.raises(ActionError, match="a discount for residents needs someone resident"):
        propose_disregard(session, f.account.value, f.prop.value, "1", "hospital", "01/10/2026", "", "", "ward 3")


def test_a_status_ended_brings_the_discount_back_to_who_counts(session):
    """Kit a student from 1 Oct (25%, s.11(1)); the course ends and from 1 Jan both count again:
    no discount. 1 Oct-31 Dec 92 days at 75%: 1,710.72 x 92/365 = 431.195 -> 431.20; 1 Jan-31 Mar
    90 days in full: 2,280.96 x 90/365 = 562.428 -> 562.43; 993.63."""
    from revtui.services.disregards import propose_end_status

    f = two_new_residents(session)
    commit(session, f.account, propose_disregard(session, f.account.value, f.prop.value, "1", "student", "01/10/2026",
                                                 "", "certificate", "phoned in"))
    f = open_account(session, f.account.doc_id)
    proposal = propose_end_status(session, f.account.value, f.prop.value, "Kit Marlowe", "01/01/2027", "course ended")
    assert "2 adults counted: no discount" in proposal.effect
    assert proposal.account.last_bill(2026).explanation.total == Decimal("993.63")
    assert proposal.account.statuses[0].end == D(2026, 12, 31)
    with pytest.raises(ActionError, match="Tom Kyd has no status running"):
        propose_end_status(session, f.account.value, f.prop.value, "2", "01/01/2027", "course ended")


def test_a_discretionary_reduction_ends(session):
    from revtui.services.relief_actions import propose_end_discretionary

    f = account_file(session, "C00000019")
    commit(session, f.account, propose_discretionary(session, f.account.value, f.prop.value, "50%", "01/01/2027", "",
                                                     "flooded"))
    f = account_file(session, "C00000019")
    proposal = propose_end_discretionary(session, f.account.value, f.prop.value, "01/02/2027", "repaired")
    assert proposal.account.liability.reductions[0].end == D(2027, 1, 31)


def test_a_discretionary_reduction_above_the_limit_is_made_when_a_senior_officer_authorises(store):
    """100% for 2026/27 takes £2,280.96 off: above an officer's £500.00, within a senior officer's
    £5,000.00 (authorisation.toml); held, then made afresh when the senior officer authorises."""
    from revtui.services.change_requests import decide_change, waiting_changes
    from revtui.services.session import open_session
    from revtui.ui.actions import action_for_key, make_held_change, propose
    from tests.revtui.sample_council import TODAY

    values = {"award": "100%", "day": "01/04/2026", "until": "", "reason": "house destroyed by fire"}
    officer = open_session(store, today=TODAY, officer="tester", roles=["officer"])
    held = propose(action_for_key("z"), officer, account_file(officer, "C00000019"), values)
    assert held.title == "Request: Discretionary reduction: C00000019"
    assert "takes £2,280.96 off the charge, above your limit of £500.00" in held.effect
    senior = open_session(store, today=TODAY, officer="sam", roles=["senior officer"])
    assert propose(action_for_key("z"), senior, account_file(senior, "C00000019"), values).apply is None
    held.apply(officer)
    [waiting] = waiting_changes(store)
    decide_change(senior, waiting, approve=True, make=lambda request: make_held_change(senior, request))
    assert account_file(senior, "C00000019").account.value.last_bill(2026).explanation.total == Decimal("0.00")
