"""Attachments of earnings across a person's accounts: one council tax attachment of earnings order
over liability orders on two council tax accounts, one direct earnings attachment over an HB
overpayment, an employer's remittance shared between them, the two-at-once limit and bad input.
Worked by hand from the tables (SI 1992/613 Sch 4 as substituted by SI 2006/3395; SI 2013/384
Sch 2 as held in refdata/tables/hb/dea.toml, UNVERIFIED there) and the priority rules."""

import datetime as dt
from decimal import Decimal

import pytest

from revcore.hb import Cause
from revcore.periods import DateRange
from revcore.recovery import StageEvent
from revtui.accounts import locate
from revtui.records.attachments import earnings_attachments, remittances
from revtui.services import attachments as att
from revtui.services import hb_overpayments as hb
from revtui.services.changes import ActionError, commit
from revtui.services.permissions import PermissionRefused
from revtui.services.persons import OFFICER_RULE, link, person_of
from revtui.services.recovery import RecoveryFile, YearEvent, recovery_repository
from revtui.services.session import open_session
from tests.revtui.sample_council import TODAY, council_file, session, store  # noqa: F401  (fixtures)

D = dt.date
ELERI, SECOND, THIRD = "C00000019", "C00000027", "C00000035"  # 2026/27 owed: £1,140.00, £1,764.00, £1,691.47
EMPLOYER = "Brookfield Foods Ltd"
ADDRESS = "Unit 4 Mill Lane, Brookfield, DM1 4XY"


def liability_order(session, account, day, *extra):
    with session.store.change("test: a liability order", user="test"):
        recovery_repository(session.store).add(RecoveryFile(account, (
            YearEvent("2026/27", StageEvent("liability_order", day, key=f"{account}/2026/27/liability_order/1")),
            *extra)))


@pytest.fixture()
def person(session):
    """Eleri Hughes on two council tax accounts, each with a 2026/27 liability order, and an HB
    overpayment of £1,190.00 (claimant error: recoverable, HB Regs 2006 reg 100(1)) in her name."""
    liability_order(session, ELERI, D(2026, 10, 20))
    liability_order(session, SECOND, D(2026, 10, 27))
    overpayment = hb.record_decision(
        session, claimant="Eleri Hughes", claim=DateRange(D(2024, 4, 1), D(2026, 10, 31)),
        period=DateRange(D(2026, 1, 5), D(2026, 5, 3)), amount="1190.00", cause=Cause.CLAIMANT_ERROR,
        decided_on=D(2026, 11, 2), notified_on=D(2026, 11, 4)).value.reference
    link(session, ELERI, SECOND, OFFICER_RULE, reason="same person, moved")
    link(session, ELERI, overpayment, OFFICER_RULE, reason="the claimant")
    return overpayment


def aeo(session, net="1500.00"):
    return att.propose_person_aeo(session, ELERI, {"employer": EMPLOYER, "frequency": "m", "net": net,
                                                   "payroll": "E123"})


def dea(session, net="1500.00"):
    return att.propose_person_dea(session, ELERI, {"employer": EMPLOYER, "frequency": "m", "net": net,
                                                   "address": ADDRESS, "payroll": "E123", "ni": "AB123456C"})


def test_one_aeo_covers_both_accounts_and_the_dea_is_previewed_after_it(session, person):
    """AEO first, made 23 Nov 2026, covering both liability orders: £1,140.00 + £1,764.00 = £2,904.00.
    At £1,500.00 a month, Table B: £1,500 exceeds £1,420 and not £2,020, 17% = £255.00 (Sch 4).
    Then the DEA: the council tax order is a priority order (SI 2013/384 reg 29), so the DEA's Table
    B is applied to the residue £1,500.00 - £255.00 = £1,245.00: over £1,160, not over £1,615, 11% =
    £136.95; within the 40% the protected earnings proportion leaves (£600.00 - £255.00 = £345.00)."""
    proposal = aeo(session)
    assert "£2,904.00" in proposal.effect and "order 1 of at most 2" in proposal.effect
    assert "AEO DBT0000001/AEO/1 (this new order): £255.00" in proposal.effect
    commit(session, None, proposal)
    files = {ref: recovery_repository(session.store).find_one("account", ref).value for ref in (ELERI, SECOND)}
    for file in files.values():  # the run sees a live order on each year: it proposes no other
        assert [(e.year, e.event.stage, e.event.key) for e in file.history][-1] == (
            "2026/27", "attachment_of_earnings", "DBT0000001/AEO/1")
    proposal = dea(session)
    assert "AEO DBT0000001/AEO/1: £255.00" in proposal.effect
    assert "DEA DBT0000001/DEA/1 (this new order): £136.95" in proposal.effect
    assert "11% of £1,245.00" in proposal.effect
    commit(session, None, proposal)
    assert locate(session.store, person).stored.value.dea.employer == EMPLOYER
    lines = att.attachments_in_force(session.store, person_of(session.store, ELERI).value)
    assert [(line.number, line.outstanding, line.table) for line in lines] == [
        ("DBT0000001/AEO/1", Decimal("2904.00"), "Sch 4 Table B"),
        ("DBT0000001/DEA/1", Decimal("1190.00"), "Sch 2 Table B")]
    text = att.attachments_text(session.store, ELERI, width=76)
    assert "AEO DBT0000001/AEO/1 made 2026-11-23, £2,904.00 owed" in text
    assert all(len(row) <= 76 for row in text.splitlines())


def test_a_remittance_is_shared_between_the_aeo_and_the_dea_and_posted_once(session, person):
    """Pay day 28 Dec 2026, net £4,000.00 a month, remittance £1,600.00.
    AEO (Sch 4 Table B): 17% of the first £2,020 = £343.40, plus 50% of the remaining £1,980 =
    £990.00: £1,333.40. Within the order the oldest liability order first: C00000019's (20 Oct)
    takes its whole £1,140.00, C00000027's (27 Oct) the other £193.40.
    DEA (Sch 2 Table B) on the residue £2,666.60: over £2,240, 20% = £533.32; but all deductions may
    take only 40% of £4,000.00 = £1,600.00 (60% protected, reg 17), so £1,600.00 - £1,333.40 =
    £266.60 (reg 29). £1,333.40 + £266.60 = £1,600.00, the remittance."""
    commit(session, None, aeo(session))
    commit(session, None, dea(session))
    later = open_session(session.store, today=D(2026, 12, 31), officer="asmith", roles=["officer"])
    values = {"employer": "brookfield foods LTD", "pay_day": "28/12/2026", "net": "4000.00", "amount": "1600.00"}
    proposal = att.propose_remittance(later, ELERI, values)
    assert "limited to £266.60" in proposal.effect
    commit(later, None, proposal)
    balances = {ref: locate(session.store, ref).ledger.balance for ref in (ELERI, SECOND, person)}
    assert balances == {ELERI: Decimal("0.00"), SECOND: Decimal("1570.60"), person: Decimal("923.40")}
    # £1,764.00 - £193.40 = £1,570.60; £1,190.00 - £266.60 = £923.40
    record = remittances(session.store).find_one("person", "DBT0000001").value
    assert [(p.account, p.amount) for p in record.parts] == [
        (ELERI, Decimal("1140.00")), (SECOND, Decimal("193.40")), (person, Decimal("266.60"))]
    with pytest.raises(att.AttachmentsError, match="was posted on 2026-12-31"):  # the same schedule again
        att.propose_remittance(later, ELERI, values)
    assert locate(session.store, SECOND).ledger.balance == Decimal("1570.60")
    # C00000019 is paid: the order goes on for what C00000027 owes
    lines = att.attachments_in_force(session.store, person_of(session.store, ELERI).value)
    assert lines[0].outstanding == Decimal("1570.60")


def test_no_more_than_two_council_tax_orders_at_once_across_the_persons_accounts(session, person):
    """Reg 37(4): the recovery run already issued an order on C00000027's liability order, and one
    is made here over C00000019's; a third account's liability order cannot have a third order."""
    with session.store.change("test: the run's order", user="test"):
        stored = recovery_repository(session.store).find_one("account", SECOND)
        recovery_repository(session.store).save(stored, RecoveryFile(SECOND, (*stored.value.history, YearEvent(
            "2026/27", StageEvent("attachment_of_earnings", D(2026, 11, 10), key=f"{SECOND}/2026/27/aeo/1",
                                  amount=Decimal("120.00"))))))
    proposal = aeo(session)
    assert "£1,140.00" in proposal.effect and "order 2 of at most 2" in proposal.effect
    commit(session, None, proposal)
    liability_order(session, THIRD, D(2026, 11, 3))
    link(session, ELERI, THIRD, OFFICER_RULE, reason="same person")
    with pytest.raises(att.AttachmentsError, match=r"already has 2 .* no more than 2 at once \(SI 1992/613 reg 37\(4\)\)"):
        aeo(session)
    assert len(earnings_attachments(session.store).find("person", "DBT0000001")) == 1


@pytest.mark.parametrize("values, message", [
    ({"net": "lots"}, "net earnings: 'lots' is not an amount of money"),
    ({"frequency": "fortnightly"}, "pay: type w .weekly. or m .monthly. or d .daily."),
    ({"employer": " "}, "employer: name who pays the debtor"),
])
def test_a_bad_aeo_entry_is_refused_with_a_clear_message_and_nothing_saved(session, person, values, message):
    with pytest.raises(att.AttachmentsError, match=message):
        att.propose_person_aeo(session, ELERI, {"employer": EMPLOYER, "frequency": "m", "net": "1500", **values})
    assert earnings_attachments(session.store).find("person", "DBT0000001") == []


def test_a_bad_remittance_is_refused_and_nothing_posted(session, person):
    commit(session, None, aeo(session))
    base = {"employer": EMPLOYER, "pay_day": "23/11/2026", "net": "1500.00", "amount": "255.00"}
    for changes, message in [({"amount": "300.00"}, "£300.00 is more than the £255.00 the orders take"),
                             ({"employer": "Acme"}, "no attachment of earnings in force at 'Acme'"),
                             ({"pay_day": "31/02/2026"}, "pay day: '31/02/2026' is not a date"),
                             ({"pay_day": "01/12/2026"}, "after today"),
                             ({"pay_day": "20/11/2026"}, "no order at Brookfield Foods Ltd was in force on 2026-11-20")]:
        with pytest.raises(ActionError, match=message):
            att.propose_remittance(session, ELERI, {**base, **changes})
    assert locate(session.store, ELERI).ledger.balance == Decimal("1140.00")
    assert remittances(session.store).find("person", "DBT0000001") == []


def test_an_officer_without_the_role_cannot_attach_or_post(store, person):
    auditor = open_session(store, today=TODAY, officer="audrey", roles=["auditor"])
    for propose in (att.propose_person_aeo, att.propose_person_dea, att.propose_remittance):
        with pytest.raises(PermissionRefused):
            propose(auditor, ELERI, {})


def test_a_debt_under_a_breathing_space_hold_is_left_out_of_a_new_order(session, person):
    """A moratorium stops new enforcement (no new attachment): C00000027's year is on hold, so the
    order covers C00000019's £1,140.00 only and says why the other is left out."""
    from revcore.recovery import Hold

    with session.store.change("test: a hold", user="test"):
        stored = recovery_repository(session.store).find_one("account", SECOND)
        recovery_repository(session.store).save(stored, RecoveryFile(
            SECOND, stored.value.history, holds=(Hold("breathing_space", D(2026, 11, 1)),)))
    proposal = aeo(session)
    assert "for £1,140.00" in proposal.effect
    assert "Left out, recovery paused by a hold: C00000027 2026/27 (breathing space)" in proposal.effect


def test_an_order_ended_no_longer_counts_and_a_new_one_may_be_made(session, person):
    """Two orders in force (the run's on C00000027, ours on C00000019); ours is discharged (Sch 3
    para 2: the debtor left the job), so the third account's liability order may have one (reg 37(4))."""
    with session.store.change("test: the run's order", user="test"):
        stored = recovery_repository(session.store).find_one("account", SECOND)
        recovery_repository(session.store).save(stored, RecoveryFile(SECOND, (*stored.value.history, YearEvent(
            "2026/27", StageEvent("attachment_of_earnings", D(2026, 11, 10), key=f"{SECOND}/2026/27/aeo/1")))))
    commit(session, None, aeo(session))
    liability_order(session, THIRD, D(2026, 11, 3))
    link(session, ELERI, THIRD, OFFICER_RULE, reason="same person")
    with pytest.raises(att.AttachmentsError, match="reg 37"):
        aeo(session)
    with pytest.raises(att.AttachmentsError, match="'9' is not one of the 2 in force"):
        att.propose_end_attachment(session, ELERI, "9", "left the job")
    ending = att.propose_end_attachment(session, ELERI, "DBT0000001/AEO/1", "left Brookfield Foods")
    assert "ends 2026-11-23: left Brookfield Foods" in ending.effect
    commit(session, None, ending)
    lines = att.attachments_in_force(session.store, person_of(session.store, ELERI).value)
    assert [line.number for line in lines] == [f"{SECOND}/2026/27/aeo/1"]
    proposal = aeo(session)  # C00000019 and C00000035 now: £1,140.00 + £1,691.47 = £2,831.47
    assert "for £2,831.47" in proposal.effect and "order 2 of at most 2" in proposal.effect
    assert proposal.title.startswith("Attachment of earnings")
