"""The daily run: keyed actions issued once, a preview of tomorrow, a summary by stage, and the
same engine running business rates and Welsh council tax from their own data."""

from __future__ import annotations

import attrs

from tests.revcore.recovery.conftest import D, M, YEAR, account, stages, walk
from revcore.periods import FinancialYear
from revcore.recovery import (
    AccountPosition,
    DebtorMeans,
    Employment,
    Hold,
    Instalment,
    Payment,
    StageEvent,
    YearPosition,
    apply_plan,
    preview_next_run,
    run_recovery,
)

PAID_APRIL = [(D(2026, 4, 1), "150.00")]


def test_running_the_same_day_twice_issues_nothing_twice(rules):
    accounts = [account("C00000011", payments=PAID_APRIL), account("C00000022", payments=PAID_APRIL)]
    first = run_recovery(accounts, D(2026, 5, 11), rules)
    assert [a.key for a in first.actions] == ["C00000011/2026/27/reminder/1", "C00000022/2026/27/reminder/1"]
    # The store recorded nothing yet (a crash after issuing): the keys alone stop a repeat.
    again = run_recovery(accounts, D(2026, 5, 11), rules, issued=frozenset(a.key for a in first.actions))
    assert again.actions == () and set(again.already_issued) == {a.key for a in first.actions}
    # Recorded in the history: nothing to issue either, and next day nothing new.
    recorded = apply_plan(accounts, first)
    assert run_recovery(recorded, D(2026, 5, 11), rules).actions == ()
    assert run_recovery(recorded, D(2026, 5, 12), rules).actions == ()


def test_no_notices_on_a_weekend_or_bank_holiday(rules):
    accounts = [account(payments=PAID_APRIL)]
    for day in (D(2026, 5, 9), D(2026, 5, 10), D(2026, 5, 25)):  # Sat, Sun, Spring bank holiday
        plan = run_recovery(accounts, day, rules)
        assert plan.actions == () and "not a working day" in plan.note


def test_preview_shows_tomorrows_run_after_todays_is_issued(rules):
    # Friday 15 May: nothing due. The preview is for Monday 18 May, the next working day, when
    # the reminder of 11 May has gone unpaid: instalments lost for the first account only.
    accounts = [
        account("C00000011", payments=PAID_APRIL),
        account("C00000022", payments=[*PAID_APRIL, (D(2026, 5, 14), "150.00")]),
    ]
    accounts, _ = walk(accounts, D(2026, 4, 1), D(2026, 5, 14), rules)
    preview = preview_next_run(accounts, D(2026, 5, 15), rules)
    assert preview.day == D(2026, 5, 18)
    assert [(a.account, a.stage) for a in preview.actions] == [("C00000011", "instalments_lost")]
    assert "£150.00 was unpaid" in preview.actions[0].reasons[0]


def test_summary_by_stage(rules):
    accounts = [
        account("C00000011", payments=PAID_APRIL),                                  # reminder today
        account("C00000022", payments=[(D(2026, 4, 1), "150.00"), (D(2026, 5, 1), "150.00")]),  # up to date
        account("C00000033", payments=[(D(2026, 4, 1), "1500.00")]),               # paid in full
    ]
    plan = run_recovery(accounts, D(2026, 5, 11), rules)
    summary = {s.stage: (s.years, s.balance, s.actions) for s in plan.summary()}
    assert summary == {
        # £1,500 - £150 = £1,350 owed, a reminder proposed.
        "reminder": (1, M("1350.00"), 1),
        # £1,500 - £300 = £1,200 owed, nothing missed.
        "up to date": (1, M("1200.00"), 0),
        "paid": (1, M("0.00"), 0),
    }


def test_single_instalment_bill_gets_a_final_notice_not_a_reminder(rules):
    # A bill issued in January: one instalment of £400 due 1 Feb 2027. With every instalment
    # fallen due no reminder is needed (reg. 23(2)); a final notice is (reg. 33).
    year = YearPosition(YEAR, (Instalment(1, D(2027, 2, 1), M("400.00")),))
    _, log = walk([AccountPosition("C00000011", (year,))], D(2027, 2, 1), D(2027, 2, 28), rules, (D(2027, 3, 10),))
    assert stages(log) == [
        # 1 Feb (Mon) + 5 working days = 8 Feb.
        (D(2027, 2, 8), "final_notice"),
        # Runs to 14 Feb; council waits 7 days from 15 Feb: 22 Feb. Served 24 Feb; 10 March is 14 days on.
        (D(2027, 2, 22), "summons"),
        (D(2027, 2, 22), "costs"),
    ]


def test_summons_is_time_barred_after_six_years(rules):
    # Balance fell due 24 May 2026 and was never summonsed: the last day to apply is 23 May 2032.
    history = (StageEvent("instalments_lost", D(2026, 5, 18), until=D(2026, 5, 24)),)
    acct = account(payments=PAID_APRIL, history=history)
    assert [a.stage for a in run_recovery([acct], D(2032, 5, 21), rules, (D(2032, 6, 23),)).actions] == [
        "summons", "costs"]
    late = run_recovery([acct], D(2032, 5, 24), rules, (D(2032, 6, 23),))
    assert [a.stage for a in late.actions] == ["write_off_review"]
    assert "no liability order may be sought after 2032-05-23" in late.actions[0].reasons[0]
    assert late.actions[0].reasons[1].startswith("write-off reason time_barred:")


def test_a_small_balance_after_the_order_goes_for_write_off_review(rules):
    # £1,500 + £70 costs - £1,562 paid = £8 left, no more than the council's £10.
    history = (StageEvent("costs", D(2026, 6, 1), amount=M("70.00")), StageEvent("liability_order", D(2026, 6, 24)))
    acct = account(payments=[(D(2026, 4, 1), "150.00"), (D(2026, 7, 1), "1412.00")], history=history)
    (action,) = run_recovery([acct], D(2026, 7, 8), rules).actions
    assert (action.stage, action.amount) == ("write_off_review", M("8.00"))
    assert action.reasons[1].startswith("write-off reason uneconomic:")


def test_at_most_two_attachments_of_earnings_at_once(rules):
    # Three years with liability orders; two already have live attachments of earnings.
    def year(start, events):
        fy = FinancialYear(start)
        instalments = (Instalment(1, D(start, 5, 1), M("1000.00")),)
        return YearPosition(fy, instalments, (), (StageEvent("liability_order", D(2026, 6, 24)), *events))
    live = (StageEvent("attachment_of_earnings", D(2026, 7, 8)),)
    acct = AccountPosition(
        "C00000011", (year(2023, live), year(2024, live), year(2025, ())),
        debtor=DebtorMeans(employment=Employment("Acme Ltd", "weekly", M("400.00"))),
    )
    plan = run_recovery([acct], D(2026, 7, 8), rules)
    # The third year goes to enforcement agents instead (after allowances and benefits, not open).
    assert [(a.year, a.stage) for a in plan.actions] == [("2025/26", "enforcement_agent")]


def _ordered_year(start, events=()):
    """A year with a liability order of 24 June 2026 and £1,000 unpaid."""
    instalments = (Instalment(1, D(start, 5, 1), M("1000.00")),)
    return YearPosition(FinancialYear(start), instalments, (), (StageEvent("liability_order", D(2026, 6, 24)), *events))


def test_the_two_attachments_limit_counts_the_debtors_orders_on_all_their_accounts(rules):
    # Ann Smith owes on two accounts: two live attachments of earnings on her old address's
    # account, none yet on her new one. A third would exceed two at once, so her new account
    # goes to the next remedy open to her (enforcement agents).
    employed = Employment("Acme Ltd", "monthly", M("1600.00"))
    live = (StageEvent("attachment_of_earnings", D(2026, 7, 8)),)
    old = AccountPosition("C00000011", (_ordered_year(2023, live), _ordered_year(2024, live)),
                          debtor=DebtorMeans(employment=employed, identity="ann smith|1980-02-01"))
    new = AccountPosition("C00000022", (_ordered_year(2025),),
                          debtor=DebtorMeans(employment=employed, identity="ann smith|1980-02-01"))
    plan = run_recovery([old, new], D(2026, 7, 8), rules)
    assert [(a.account, a.stage) for a in plan.actions] == [("C00000022", "enforcement_agent")]
    # Someone else (another identity) with the same history gets an attachment of earnings.
    other = attrs.evolve(new, debtor=DebtorMeans(employment=employed, identity="ann smith|1991-09-30"))
    [action] = run_recovery([old, other], D(2026, 7, 8), rules).actions
    assert action.stage == "attachment_of_earnings"
    assert action.reasons[1] == "the debtor has 0 live attachment of earnings order(s) across their accounts (at most 2 at once)"


def test_orders_proposed_in_the_same_run_count_towards_the_limit(rules):
    # One live order on the first account; both accounts are ready for an attachment today.
    # Only one more may be made: the first account's second year gets it, the other account
    # goes to enforcement agents.
    employed = Employment("Acme Ltd", "weekly", M("400.00"))
    live = (StageEvent("attachment_of_earnings", D(2026, 7, 8)),)
    debtor = DebtorMeans(employment=employed, identity="joan price|")
    first = AccountPosition("C00000011", (_ordered_year(2023, live), _ordered_year(2024)), debtor=debtor)
    second = AccountPosition("C00000022", (_ordered_year(2025),), debtor=debtor)
    plan = run_recovery([first, second], D(2026, 7, 8), rules)
    assert [(a.account, a.year, a.stage) for a in plan.actions] == [
        ("C00000011", "2024/25", "attachment_of_earnings"), ("C00000022", "2025/26", "enforcement_agent")]
    # Even on one account, three years ready at once get two attachments, not three.
    three = AccountPosition("C00000033", (_ordered_year(2023), _ordered_year(2024), _ordered_year(2025)),
                            debtor=DebtorMeans(employment=employed))
    assert [a.stage for a in run_recovery([three], D(2026, 7, 8), rules).actions] == [
        "attachment_of_earnings", "attachment_of_earnings", "enforcement_agent"]


def test_a_paid_account_with_a_live_remedy_gets_it_ended(rules):
    history = (StageEvent("liability_order", D(2026, 6, 24)), StageEvent("enforcement_agent", D(2026, 7, 8)))
    acct = account(payments=[(D(2026, 4, 1), "150.00"), (D(2026, 8, 3), "1350.00")], history=history)
    plan = run_recovery([acct], D(2026, 8, 4), rules)
    assert [(a.stage, a.kind, a.outcome) for a in plan.actions] == [("enforcement_agent", "recall", "cleared")]
    # Recorded, the remedy has ended: nothing more to do.
    assert run_recovery(apply_plan([acct], plan), D(2026, 8, 5), rules).actions == ()


def test_business_rates_use_the_same_engine_without_attachment_of_earnings(nndr_rules):
    # A ratepayer who is also employed: business rates have no attachment of earnings, so after
    # the liability order the first remedy is enforcement agents. Summons costs are £110.
    accounts = [account("N00000011", payments=PAID_APRIL,
                        debtor=DebtorMeans(employment=Employment("Acme Ltd", "monthly", M("3000.00"))))]
    _, log = walk(accounts, D(2026, 4, 1), D(2026, 7, 31), nndr_rules, (D(2026, 6, 24),))
    assert stages(log) == [
        (D(2026, 5, 11), "reminder"),
        (D(2026, 5, 18), "instalments_lost"),
        (D(2026, 6, 1), "summons"),
        (D(2026, 6, 1), "costs"),
        (D(2026, 6, 24), "liability_order"),
        # The business rates stage set waits 7 days after the order, not 14: 1 July.
        (D(2026, 7, 1), "enforcement_agent"),
    ]
    assert log[3].amount == M("110.00")
    # £1,350 + £110 = £1,460, under £1,500: the enforcement fee has no percentage.
    assert "enforcement fee £235.00 (no percentage" in log[5].reasons[2]


def test_committal_is_not_proposed_in_wales_from_april_2019(rules):
    wales = attrs.evolve(rules, stages=attrs.evolve(rules.stages, country="wales"))
    history = (
        StageEvent("liability_order", D(2026, 6, 24)),
        StageEvent("enforcement_agent", D(2026, 7, 8)),
        StageEvent("enforcement_agent", D(2026, 9, 1), outcome="failed"),
    )
    acct = account(payments=PAID_APRIL, history=history)
    assert [a.stage for a in run_recovery([acct], D(2026, 9, 2), rules).actions] == ["committal"]
    # Wales: committal abolished; nothing is left but write-off review.
    assert [a.stage for a in run_recovery([acct], D(2026, 9, 2), wales).actions] == ["write_off_review"]
    # Before 1 April 2019 it still existed in Wales.
    early = account(payments=[(D(2018, 4, 1), "150.00")], year=FinancialYear(2018),
                    history=tuple(attrs.evolve(e, day=e.day.replace(year=2018)) for e in history))
    assert [a.stage for a in run_recovery([early], D(2018, 9, 3), wales).actions] == ["committal"]


def test_charging_order_and_bankruptcy_by_their_thresholds(rules):
    # Liability order debt across the account: £1,350 + £70 = £1,420. With a property, and at
    # least £1,000, a charging order is next once agents have failed (the council's order puts
    # agents first).
    history = (
        StageEvent("liability_order", D(2026, 6, 24)),
        StageEvent("costs", D(2026, 6, 1), amount=M("70.00")),
        StageEvent("enforcement_agent", D(2026, 7, 8)),
        StageEvent("enforcement_agent", D(2026, 9, 1), outcome="failed"),
    )
    owner = account(payments=PAID_APRIL, history=history, debtor=DebtorMeans(owns_property=True))
    plan = run_recovery([owner], D(2026, 9, 2), rules)
    assert [(a.stage, a.kind) for a in plan.actions] == [("charging_order", "review")]
    assert "£1,420.00 owed under liability orders is at least £1,000.00" in plan.actions[0].reasons[1]
    # Bankruptcy needs £5,000 (from 1 October 2015): a £6,000 year qualifies once the charging
    # order has failed; committal comes after it in the council's order.
    big = YearPosition(YEAR, (Instalment(1, D(2026, 4, 1), M("6000.00")),), (),
                       (*history, StageEvent("charging_order", D(2026, 9, 2)),
                        StageEvent("charging_order", D(2026, 10, 1), outcome="failed")))
    plan = run_recovery([AccountPosition("C00000022", (big,), debtor=DebtorMeans(owns_property=True))], D(2026, 10, 2), rules)
    assert [a.stage for a in plan.actions] == ["bankruptcy"]


def test_working_days_after_a_due_date_on_a_weekend_count_from_the_next_working_day(rules):
    # Instalments on the 2nd: Saturday 2 May 2026 is missed. Working days after it: Tue 5, 6, 7,
    # 8 and Mon 11 May (Mon 4 May is a bank holiday) -> reminder on 11 May, not before.
    instalments = tuple(Instalment(n, D(2026, m, 2), M("150.00")) for n, m in enumerate(range(4, 13), start=1))
    acct = AccountPosition("C00000011", (YearPosition(YEAR, instalments, (Payment(D(2026, 4, 2), M("150.00")),)),))
    _, log = walk([acct], D(2026, 4, 1), D(2026, 5, 11), rules)
    assert stages(log) == [(D(2026, 5, 11), "reminder")]


def test_no_reminder_for_arrears_below_the_councils_minimum(rules):
    # £147 paid of May's £150: £3 short, under the demo council's £5 minimum for a notice.
    short = account("C00000011", payments=[*PAID_APRIL, (D(2026, 5, 1), "147.00")])
    plan = run_recovery([short], D(2026, 5, 11), rules)
    assert plan.actions == () and plan.states[0].stage == "below notice minimum"
    # £5 short is enough.
    five = account("C00000022", payments=[*PAID_APRIL, (D(2026, 5, 1), "145.00")])
    assert [a.stage for a in run_recovery([five], D(2026, 5, 11), rules).actions] == ["reminder"]


def test_an_account_with_bad_data_is_listed_and_the_run_goes_on(rules):
    bad = account("C00000011", payments=PAID_APRIL, holds=(Hold("holiday", D(2026, 5, 1), D(2026, 5, 20)),))
    good = account("C00000022", payments=PAID_APRIL)
    plan = run_recovery([bad, good], D(2026, 5, 11), rules)
    assert [a.account for a in plan.actions] == ["C00000022"]
    assert plan.errors == (("C00000011", "unknown hold reason 'holiday': expected one of appeal, breathing_space, "
                                         "ctr_claim, death, dispute, insolvency, mental_health_crisis, vulnerable"),)


def test_one_order_over_two_accounts_counts_once_towards_the_limit(rules):
    # A person's attachment of earnings order (one key on a year of each of two accounts) is one
    # order (SI 1992/613 reg 37(4) counts orders), so a third year may still get a second order.
    employed = Employment("Acme Ltd", "monthly", M("1600.00"))
    order = (StageEvent("attachment_of_earnings", D(2026, 7, 1), key="DBT0000001/AEO/1"),)
    debtor = DebtorMeans(employment=employed, identity="ann smith|1980-02-01")
    old = AccountPosition("C00000011", (_ordered_year(2023, order),), debtor=debtor)
    new = AccountPosition("C00000022", (_ordered_year(2024, order), _ordered_year(2025)), debtor=debtor)
    [action] = run_recovery([old, new], D(2026, 7, 8), rules).actions
    assert (action.account, action.year, action.stage) == ("C00000022", "2025/26", "attachment_of_earnings")
    assert "the debtor has 1 live attachment of earnings order(s)" in action.reasons[1]
