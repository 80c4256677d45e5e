"""Officer actions as services: what each proposes, what saving writes, and what is refused."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest

from revtui.services.account_actions import propose_band_change, propose_note, propose_payment, propose_reversal
from revtui.services.account_file import open_account
from revtui.services.changes import ActionError, commit
from revtui.services.moves import propose_move_in, propose_move_out
from revtui.services.session import open_session
from revtui.store import ConflictError, Store

D = dt.date


def account_file(session, reference):
    [stored] = session.records.accounts.find("reference", reference)
    return open_account(session, stored.doc_id)


def test_move_out_ends_liability_adjusts_the_bill_and_keeps_the_first_bill(session):
    f = account_file(session, "C00000019")  # Eleri Hughes, liable since 2002, billed for 2026/27
    before = f.account.value
    [annual] = before.bills
    line = annual.explanation.lines[0]

    proposal = propose_move_out(session, before, f.prop.value, D(2026, 10, 1), "4 New Road, Otherton", "ot1 2ab",
                                "phoned in")
    saved = commit(session, f.account, proposal)

    after = session.records.accounts.get(saved.doc_id).value
    assert after.liability.end == D(2026, 9, 30)  # moves out on 1 October: liable to the 30th
    assert after.correspondence is not None and after.correspondence.postcode == "OT1 2AB"
    assert after.bills[0] == annual  # bills are never rewritten
    adjustment = after.bills[-1]
    assert adjustment.kind == "adjustment" and adjustment.issued == D(2026, 11, 23)
    # 1 April to 30 September 2026 is 183 of 365 days: annual x 183/365, to the penny.
    expected = (line.annual * 183 / 365).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert adjustment.explanation.total == expected
    assert after.ledger.balance == before.ledger.balance - (annual.explanation.total - expected)
    assert "2026/27: was" in proposal.effect and "183/365 days" in proposal.effect
    [*_, last] = session.records.accounts.history(saved.doc_id)
    assert last.who == "asmith" and last.reason == "move out on 2026-10-01: phoned in"


def test_move_out_refuses_a_second_move_out_and_a_missing_forwarding_address(session):
    f = account_file(session, "C00000108")  # Priya Edwards moved out at the end of March 2026
    with pytest.raises(ActionError, match="already ended on 2026-03-31"):
        propose_move_out(session, f.account.value, f.prop.value, D(2026, 10, 1), "1 Road", "OT1 1AA", "x")
    f = account_file(session, "C00000027")
    with pytest.raises(ActionError, match="forwarding address"):
        propose_move_out(session, f.account.value, f.prop.value, D(2026, 10, 1), "", "OT1 1AA", "x")
    with pytest.raises(ActionError, match="before liability"):
        propose_move_out(session, f.account.value, f.prop.value, D(2010, 1, 1), "1 Road", "OT1 1AA", "x")


def test_a_change_saved_by_another_officer_meanwhile_is_refused_with_their_name(session, store):
    f = account_file(session, "C00000027")
    other_store = Store(store.path, user="bjones")
    other = open_session(other_store, today=session.today, officer=other_store.user)
    g = account_file(other, "C00000027")
    commit(other, g.account, propose_note(other, g.account.value, "Called: moving soon"))

    proposal = propose_move_out(session, f.account.value, f.prop.value, D(2026, 10, 1), "1 Road", "OT1 1AA", "x")
    with pytest.raises(ConflictError, match="bjones"):
        commit(session, f.account, proposal)
    again = account_file(session, "C00000027").account.value
    assert again.liability.end is None and [n.text for n in again.notes] == ["Called: moving soon"]
    other_store.close()


def test_move_in_after_a_move_out_opens_a_billed_account(session):
    f = account_file(session, "C00000019")
    commit(session, f.account, propose_move_out(session, f.account.value, f.prop.value, D(2026, 10, 1),
                                                "4 New Road", "OT1 2AB", "phoned in"))
    with pytest.raises(ActionError, match="still has C00000019"):
        propose_move_in(session, f.prop.value, D(2026, 9, 1), "Kit Marlowe", "tenancy")
    proposal = propose_move_in(session, f.prop.value, D(2026, 10, 1), "Kit Marlowe & Tom Kyd", "tenancy")
    saved = commit(session, None, proposal)
    new = saved.value
    assert [p.name for p in new.persons] == ["Kit Marlowe", "Tom Kyd"]
    assert new.liability.start == D(2026, 10, 1)
    # 1 October 2026 to 31 March 2027 is 182 days of 365.
    line = new.bills[0].explanation.lines[0]
    assert (line.start, line.end, line.days) == (D(2026, 10, 1), D(2027, 3, 31), 182)
    assert new.ledger.balance == new.bills[0].explanation.total
    assert session.records.accounts.find_one("reference", new.reference).doc_id == saved.doc_id


def test_payment_is_allocated_and_can_be_reversed_exactly(session):
    f = account_file(session, "C00000027")
    before = f.account.value.ledger.balance
    with pytest.raises(ActionError, match="not an amount"):
        propose_payment(session, f.account.value, "ten pounds", "", "cash", "counter")
    with pytest.raises(ActionError, match="in the future"):
        propose_payment(session, f.account.value, "10", "24/11/2026", "cash", "counter")
    saved = commit(session, f.account, propose_payment(session, f.account.value, "£1,00.50", "", "cash", "counter"))
    assert saved.value.ledger.balance == before - Decimal("100.50")
    entry = saved.value.ledger.last
    f = account_file(session, "C00000027")
    reversal = propose_reversal(session, f.account.value, entry.id.rpartition("/")[2], "cheque bounced")
    saved = commit(session, f.account, reversal)
    assert saved.value.ledger.balance == before
    assert saved.value.ledger.is_reversed(entry.id)


def test_backdated_band_change_changes_the_property_and_the_charge(session):
    f = account_file(session, "C00000027")
    band = f.prop.value.bands[-1].band
    new_band = "A" if band != "A" else "B"
    proposal = propose_band_change(session, f.account.value, f.prop.value, new_band.lower(), "01/04/2026", "VO schedule")
    saved = commit(session, f.account, proposal, f.prop)
    prop = session.records.properties.find_one("reference", f.prop.value.reference).value
    assert prop.band_on(D(2026, 4, 1)) == new_band
    assert saved.value.bills[-1].explanation.lines[0].band == new_band
    with pytest.raises(ActionError, match="'Z' is not a band"):
        propose_band_change(session, f.account.value, f.prop.value, "z", "01/04/2026", "x")


def test_a_band_change_back_before_the_first_bill_says_which_years_are_not_re_billed(session):
    """The sample accounts were first billed here for 2026/27; a change from 1 June 2023 re-bills
    2026/27 and says 2023/24 to 2025/26 were not billed by this system (issue 20)."""
    f = account_file(session, "C00000027")
    assert min(bill.year for bill in f.account.value.bills) == 2026 and f.account.value.liability.start < D(2023, 4, 1)
    band = f.prop.value.bands[-1].band
    proposal = propose_band_change(session, f.account.value, f.prop.value, "A" if band != "A" else "B",
                                   "01/06/2023", "VO schedule, backdated")
    assert "2026/27: was" in proposal.effect
    assert "2023/24 to 2025/26 not re-billed: this system issued no bill for 2023/24 to 2025/26" in proposal.effect
    later = propose_band_change(session, f.account.value, f.prop.value, "A" if band != "A" else "B", "01/06/2026", "x")
    assert "not re-billed" not in later.effect
