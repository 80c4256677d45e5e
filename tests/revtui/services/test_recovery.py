"""Recovery on stored accounts: stage today, holds pausing the run, the run recorded once."""

import datetime as dt

import attrs
import pytest

from revtui.services.account_file import open_account
from revtui.services.changes import ActionError, commit
from revtui.services.recovery import propose_hold, propose_lift_hold, propose_means, recovery_repository, recovery_run


def account_file(session, reference):
    return open_account(session, session.records.accounts.find_one("reference", reference).doc_id)


def test_a_missed_instalment_gives_a_reminder_which_a_hold_stops_and_lifting_restores(session):
    f = account_file(session, "C00000019")
    assert [a.stage for a in f.proposed] == ["reminder"]  # an instalment due 1 September is unpaid
    with pytest.raises(ActionError, match="not one of"):
        propose_hold(session, f.account.value, None, "holiday", "", "", "x")
    proposal = propose_hold(session, f.account.value, None, "dispute", "", "", "says the band is wrong")
    commit(session, f.account, proposal)
    f = account_file(session, "C00000019")
    assert f.proposed == () and f.account.version == 1  # the account itself is untouched
    assert f.recovery.value.holds[0].reason == "dispute"

    session_tomorrow = attrs.evolve(session, today=session.today + dt.timedelta(days=1))
    proposal = propose_lift_hold(session_tomorrow, f.account.value, f.recovery, "band confirmed by the VOA")
    commit(session_tomorrow, f.account, proposal)
    f = account_file(session_tomorrow, "C00000019")
    assert f.recovery.value.holds[0].end == session.today
    assert [a.stage for a in f.proposed] == ["reminder"]


def test_breathing_space_runs_sixty_days_by_default(session):
    f = account_file(session, "C00000019")
    proposal = propose_hold(session, f.account.value, None, "Breathing Space", "23/11/2026", "", "moratorium notice")
    [write] = proposal.writes
    [hold] = write.value.holds
    assert (hold.start, hold.end) == (dt.date(2026, 11, 23), dt.date(2027, 1, 21))  # 60 days, the first included


def test_the_recovery_run_records_each_action_once(session):
    plan_only = recovery_run(session, issue=False)
    assert plan_only.recorded == 0 and len(recovery_repository(session.store)) == 0
    first = recovery_run(session, issue=True)
    assert first.recorded == len(plan_only.plan.actions) > 0
    second = recovery_run(session, issue=True)
    assert second.recorded == 0
    f = account_file(session, "C00000019")
    assert [e.event.stage for e in f.recovery.value.history] == ["reminder"]
    assert f.proposed == ()


def test_an_arrangement_clears_the_arrears_exactly_and_pauses_recovery(session):
    from decimal import Decimal

    from revtui.services.recovery import propose_arrangement

    f = account_file(session, "C00000019")
    [state] = f.standing
    # Eleri Hughes owes £1,140.00 for 2026/27: at £400 a month that is 400 + 400 + 340.
    proposal = propose_arrangement(session, f.account.value, f.recovery, "400", "01/12/2026", "phone call")
    [write] = proposal.writes
    payments = write.value.arrangement.payments
    assert state.balance == Decimal("1140.00")
    assert [(p.due.isoformat(), p.amount) for p in payments] == [
        ("2026-12-01", Decimal("400.00")), ("2027-01-01", Decimal("400.00")), ("2027-02-01", Decimal("340.00"))]
    commit(session, f.account, proposal)
    f = account_file(session, "C00000019")
    assert f.proposed == ()  # the reminder no longer goes out while the arrangement is kept
    with pytest.raises(ActionError, match="in the past"):
        propose_arrangement(session, f.account.value, f.recovery, "400", "01/11/2026", "x")


def test_tomorrows_run_is_previewed_with_its_rules_and_records_nothing(session):
    # Today's run sends C00000019 a reminder; tomorrow's preview assumes today's went out, so that
    # reminder is not proposed again, and nothing is written by either preview.
    today = recovery_run(session, issue=False)
    preview = recovery_run(session, issue=False, tomorrow=True)
    assert preview.day > session.today and preview.recorded == 0
    assert len(recovery_repository(session.store)) == 0
    today_keys = {a.key for a in today.plan.actions}
    assert "C00000019" in {a.account for a in today.plan.actions}
    assert not today_keys & {a.key for a in preview.plan.actions}
    text = preview.render()
    assert "preview: nothing is issued" in text
    assert all(f"{a.account} " in text and a.rule in text for a in preview.plan.actions)
    with pytest.raises(ValueError, match="only be previewed"):
        recovery_run(session, issue=True, tomorrow=True)


def test_a_second_standard_breathing_space_within_12_months_of_the_last_ending_is_placed_with_a_warning(session):
    # The first runs 23 November 2026 to 21 January 2027 (60 days); another may start only
    # more than 12 months after that end: from 22 January 2028 (reg. 24(3)(g)). One notified
    # earlier binds the council all the same: it is placed, and the officer told to ask for a review.
    f = account_file(session, "C00000019")
    commit(session, f.account, propose_hold(session, f.account.value, None, "breathing_space", "", "", "IS notice 1"))
    f = account_file(session, "C00000019")
    later = attrs.evolve(session, today=dt.date(2028, 1, 21))
    early = propose_hold(later, f.account.value, f.recovery, "breathing_space", "", "", "IS notice 2")
    assert "WARNING" in early.effect and "earliest a new one may start is 2028-01-22" in early.effect
    assert "review asked of the debt adviser" in early.reason
    assert [h.start for h in early.writes[0].value.holds] == [dt.date(2026, 11, 23), dt.date(2028, 1, 21)]
    # A mental health crisis moratorium is not limited.
    crisis = propose_hold(later, f.account.value, f.recovery, "mental_health_crisis", "", "", "AMHP evidence")
    assert "WARNING" not in crisis.effect
    day_after = attrs.evolve(session, today=dt.date(2028, 1, 22))
    proposal = propose_hold(day_after, f.account.value, f.recovery, "breathing_space", "", "", "IS notice 2")
    assert "WARNING" not in proposal.effect
    assert [h.start for h in proposal.writes[0].value.holds] == [dt.date(2026, 11, 23), dt.date(2028, 1, 22)]


def test_one_debtor_on_three_accounts_has_at_most_two_attachments_of_earnings_across_them(session):
    from decimal import Decimal

    from revcore.ctax import Person
    from revcore.recovery import Employment, StageEvent, run_recovery
    from revtui.services.recovery import RecoveryFile, YearEvent, debtor_identity, position, rules

    # The same person, Ann Smith born 1 February 1980, liable on three accounts (the store has no
    # person id shared between accounts: she is matched on her name and date of birth). Each
    # year went to a liability order on 24 June; the first two accounts have a live attachment.
    refs = ["C00000019", "C00000027", "C00000035"]
    accounts = [session.records.accounts.find_one("reference", ref).value for ref in refs]
    names = ["Ann Smith", "ANN  smith", "Ann Smith"]
    accounts = [attrs.evolve(a, persons=(Person(f"{a.reference}-1", name, dt.date(1980, 2, 1)),))
                for a, name in zip(accounts, names)]
    assert len({debtor_identity(a) for a in accounts}) == 1
    order = StageEvent("liability_order", dt.date(2026, 6, 24), "lo")

    def live(account):  # each order keyed as the run keys it (one order over several years shares a key)
        return StageEvent("attachment_of_earnings", dt.date(2026, 7, 8), f"{account}/2026/27/attachment_of_earnings/1")
    files = [RecoveryFile(a.reference, (YearEvent("2026/27", order),)
                          + ((YearEvent("2026/27", live(a.reference)),) if n < 2 else ()))
             for n, a in enumerate(accounts)]

    def employed(account, file):  # the application does not record employment yet: the engine is given it
        found = position(account, file)
        return attrs.evolve(found, debtor=attrs.evolve(found.debtor, employment=Employment(
            "Acme Ltd", "monthly", Decimal("1600.00"))))

    positions = [employed(a, f) for a, f in zip(accounts, files)]
    plan = run_recovery(positions, session.today, rules())
    assert [(a.account, a.stage) for a in plan.actions] == [("C00000035", "enforcement_agent")]

    # Born on another day, the third account's Ann Smith is someone else: she gets the attachment.
    other = attrs.evolve(accounts[2], persons=(Person("C00000035-1", "Ann Smith", dt.date(1991, 9, 30)),))
    positions[2] = employed(other, files[2])
    assert [(a.account, a.stage) for a in run_recovery(positions, session.today, rules()).actions] == [
        ("C00000035", "attachment_of_earnings")]


def test_a_breathing_space_on_the_debtors_other_account_counts_too(session):
    from revcore.ctax import Person

    # Ann Smith moved: her old account has a standard Breathing Space from 23 November 2026
    # (to 21 January 2027); a second one notified on her new account in June 2027 is refused.
    old, new = (session.records.accounts.find_one("reference", ref) for ref in ("C00000019", "C00000027"))
    with session.store.change("test: the same person on both accounts"):
        for stored in (old, new):
            session.records.accounts.save(stored, attrs.evolve(stored.value, persons=(
                Person(f"{stored.value.reference}-1", "Ann Smith", dt.date(1980, 2, 1)),)))
    f = account_file(session, "C00000019")
    commit(session, f.account, propose_hold(session, f.account.value, None, "breathing_space", "", "", "IS notice"))
    g = account_file(session, "C00000027")
    june = attrs.evolve(session, today=dt.date(2027, 6, 1))
    assert "the one from 2026-11-23 to 2027-01-21 is too close" in propose_hold(
        june, g.account.value, g.recovery, "breathing_space", "", "", "IS notice").effect


def test_recording_the_debtors_employer_lets_the_run_propose_an_attachment_of_earnings(session):
    from decimal import Decimal

    from revcore.recovery import StageEvent
    from revtui.services.recovery import RecoveryFile, YearEvent

    # 2026/27 went to a liability order on 24 June; without an employer the run can only refer the
    # debt to enforcement agents.
    f = account_file(session, "C00000019")
    order = RecoveryFile("C00000019", (YearEvent("2026/27", StageEvent("liability_order", dt.date(2026, 6, 24),
                                                                       "lo")),))
    with session.store.change("test: a liability order"):
        recovery_repository(session.store).add(order)
    f = account_file(session, "C00000019")
    assert [a.stage for a in f.proposed] == ["enforcement_agent"]

    with pytest.raises(ActionError, match="pay period: 'fortnightly' is not weekly, monthly or daily"):
        propose_means(session, f.account.value, f.recovery, "Acme Ltd", "fortnightly", "800.00", "n", "n", "form")
    with pytest.raises(ActionError, match="employer: name the employer"):
        propose_means(session, f.account.value, f.recovery, "", "monthly", "1600.00", "n", "n", "form")
    with pytest.raises(ActionError, match="source"):
        propose_means(session, f.account.value, f.recovery, "Acme Ltd", "monthly", "1600.00", "n", "n", "")

    proposal = propose_means(session, f.account.value, f.recovery, "Acme Ltd", "monthly", "1600.00", "n", "n",
                             "reg. 36 form returned")
    assert "employed by Acme Ltd, £1,600.00 net monthly" in proposal.effect
    # Sch 4 Table B: £1,600.00 a month lies in the band £1,420.00 to £2,020.00, deducted at 17%:
    # 1,600.00 x 17% = £272.00 each pay day
    assert "Today's run would then propose: attachment of earnings 2026/27 £272.00" in proposal.effect
    assert "17% = £272.00" in proposal.effect
    commit(session, f.account, proposal)
    f = account_file(session, "C00000019")
    assert f.recovery.value.means.employment.net_earnings == Decimal("1600.00")
    assert [a.stage for a in f.proposed] == ["attachment_of_earnings"]
    assert f.recovery.value.history == order.history  # nothing else in the file changed
