"""Council tax accounts walked through every recovery stage, day by day, from worked examples.

The year is 2026/27: £1,500 in 10 instalments of £150 on the 1st, April to January. England
bank holidays that matter: Monday 4 May and Monday 25 May 2026. The demo council sends a
reminder 5 working days after a missed instalment and waits 7 days after the balance falls due
before summonsing; summons costs are £70; a summons is deemed served 2 working days after posting.
"""

from __future__ import annotations

import attrs

from tests.revcore.recovery.conftest import D, M, account, stages, walk
from revcore.recovery import DebtorMeans, Employment, StageEvent

HEARINGS = (D(2026, 6, 10), D(2026, 6, 24), D(2026, 10, 14), D(2026, 11, 11))


def _add_event(accounts, event):
    (acct,) = accounts
    (year,) = acct.years
    return [attrs.evolve(acct, years=(attrs.evolve(year, history=year.history + (event,)),))]


def test_unpaid_account_walks_from_reminder_to_enforcement_agents(rules):
    # Pays April's £150, then nothing.
    accounts = [account(payments=[(D(2026, 4, 1), "150.00")], debtor=DebtorMeans(
        employment=Employment("Acme Ltd", "monthly", M("1600.00"))))]
    accounts, log = walk(accounts, D(2026, 4, 1), D(2026, 7, 31), rules, HEARINGS)

    assert stages(log) == [
        # May instalment due Fri 1 May; 5 working days after it, skipping bank holiday Mon 4 May:
        # 5, 6, 7, 8, 11 May -> reminder on Mon 11 May.
        (D(2026, 5, 11), "reminder"),
        # Pay-by: 7 days beginning with 11 May = 17 May. Unpaid, so failure on 18 May.
        (D(2026, 5, 18), "instalments_lost"),
        # Balance payable at the end of 24 May (7 days beginning with 18 May); the council waits
        # 7 days from 25 May: 1 June. Deemed served Wed 3 June; 10 June is only 7 days later,
        # so the first hearing with 14 days' notice is 24 June.
        (D(2026, 6, 1), "summons"),
        (D(2026, 6, 1), "costs"),
        (D(2026, 6, 24), "liability_order"),
        # 14 days for the debtor's information (reg. 36): 8 July. Employed: attachment of earnings.
        (D(2026, 7, 8), "attachment_of_earnings"),
    ]
    reminder, lost, summons, costs, order, aeo = log
    # Arrears £150 (May); the June instalment falls after 17 May so is not asked for.
    assert (reminder.amount, reminder.until) == (M("150.00"), D(2026, 5, 17))
    # Whole balance: £1,500 - £150 paid = £1,350, payable at the end of 24 May.
    assert (lost.amount, lost.until) == (M("1350.00"), D(2026, 5, 24))
    assert summons.until == D(2026, 6, 24) and costs.amount == M("70.00")
    # £1,350 tax + £70 costs.
    assert order.amount == M("1420.00")
    # Monthly net £1,600 is over £1,420 and not over £2,020: 17% = £272.00 a month (Table B).
    assert aeo.amount == M("272.00") and "17%" in aeo.reasons[-1]

    # The debtor leaves the job: the order fails and employment is no longer known.
    accounts = _add_event(accounts, StageEvent("attachment_of_earnings", D(2026, 8, 3), outcome="failed"))
    accounts = [attrs.evolve(accounts[0], debtor=DebtorMeans())]
    accounts, log = walk(accounts, D(2026, 8, 4), D(2026, 8, 31), rules, HEARINGS)
    # Next in the council's order with its conditions met: enforcement agents (no allowances,
    # no benefits). £1,420 is under £1,500, so the enforcement fee has no percentage.
    assert stages(log) == [(D(2026, 8, 4), "enforcement_agent")]
    assert "enforcement fee £235.00 (no percentage" in log[0].reasons[2]

    # The agent returns the case: no goods. Committal needs agents to have failed (reg. 47);
    # charging order needs a property, bankruptcy £5,000 — neither is met.
    accounts = _add_event(accounts, StageEvent("enforcement_agent", D(2026, 9, 1), outcome="failed"))
    accounts, log = walk(accounts, D(2026, 9, 2), D(2026, 9, 30), rules, HEARINGS)
    assert stages(log) == [(D(2026, 9, 2), "committal")]
    assert log[0].kind == "review"

    # Committal refused by the court: nothing is left, so the case goes for write-off review, once.
    accounts = _add_event(accounts, StageEvent("committal", D(2026, 10, 1), outcome="failed"))
    accounts, log = walk(accounts, D(2026, 10, 2), D(2026, 10, 30), rules, HEARINGS)
    assert stages(log) == [(D(2026, 10, 2), "write_off_review")]
    assert log[0].reasons[-1] == (
        "write-off reason irrecoverable: every recovery remedy has been tried or is not available")


def test_resident_who_pays_after_each_reminder_then_defaults_a_third_time(rules):
    accounts = [account(payments=[
        (D(2026, 4, 1), "150.00"),
        (D(2026, 5, 13), "150.00"),   # May, after the first reminder (11 May), within its 7 days
        (D(2026, 6, 1), "150.00"),
        (D(2026, 7, 13), "150.00"),   # July, after the second reminder (8 July), within its 7 days
        (D(2026, 8, 1), "150.00"),
        # September missed: the third default in the year.
    ])]
    accounts, log = walk(accounts, D(2026, 4, 1), D(2026, 10, 27), rules, HEARINGS)
    assert stages(log) == [
        (D(2026, 5, 11), "reminder"),
        # July instalment due Wed 1 July; 5 working days: 2, 3, 6, 7, 8 July -> Wed 8 July.
        (D(2026, 7, 8), "second_reminder"),
        # September due Tue 1 Sept; 5 working days: 2, 3, 4, 7, 8 -> Tue 8 Sept. After a second
        # reminder there is no third: the balance fell due the day after the failure (reg. 23(4))
        # and a final notice goes out.
        (D(2026, 9, 8), "instalments_lost"),
        (D(2026, 9, 8), "final_notice"),
        # Final notice runs 7 days beginning with 8 Sept, to 14 Sept; council waits 7 days from
        # 15 Sept: 22 Sept. Served Thu 24 Sept; hearing 14 Oct is 20 days later.
        (D(2026, 9, 22), "summons"),
        (D(2026, 9, 22), "costs"),
        (D(2026, 10, 14), "liability_order"),
    ]
    first, second, lost, final = log[:4]
    # Each reminder runs 7 days beginning with its day of issue; both were paid in time.
    assert (first.until, second.until) == (D(2026, 5, 17), D(2026, 7, 14))
    # Balance after £750 paid: £1,500 - £750 = £750, payable from 2 Sept (the day after 1 Sept).
    assert (lost.amount, lost.until) == (M("750.00"), D(2026, 9, 2))
    assert (final.amount, final.until) == (M("750.00"), D(2026, 9, 14))


def test_what_an_officer_reads_for_each_action(rules, snapshot):
    # The explanation of every action in the first walk, as the preview screen would list it.
    accounts = [account(payments=[(D(2026, 4, 1), "150.00")], debtor=DebtorMeans(
        employment=Employment("Acme Ltd", "monthly", M("1600.00"))))]
    _, log = walk(accounts, D(2026, 4, 1), D(2026, 7, 31), rules, HEARINGS)
    lines = []
    for action in log:
        lines.append(f"{action.day} {action.stage} ({action.kind}) {action.amount} until {action.until} — {action.rule}")
        lines.extend(f"    {reason}" for reason in action.reasons)
    assert "\n".join(lines) == snapshot
