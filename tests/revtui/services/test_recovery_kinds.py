"""The one daily recovery run recovers business rates and sundry debts as it does council tax:
each step once, with its letter stored for reprint, holds honoured."""

import datetime as dt
from decimal import Decimal

import attrs
import pytest

from letters.render import notice_html
from refdata.instalments import instalment_rules
from refdata.ledger import ledger_settings
from refdata.nndr import load_rates_rules
from refdata.sundry import load_sundry_rules
from revcore.council import Country
from revcore.ctax import Address
from revcore.ledger import Ledger
from revcore.nndr import Hereditament, RateableValue, RatesLiability, Relief, ReliefKind
from revcore.periods import FinancialYear
from revcore.instalments import Instalment
from revcore.recovery import Arrangement
from revcore.sundry import Debtor, LineItem, open_debt, raise_invoice
from revtui.accounts.rates import BUSINESS_RATES
from revtui.accounts.sundry import SUNDRY
from revtui.branding import load_branding
from revtui.records.notices import open_notice_records
from revtui.records.rates import RatesAccount
from revtui.services.changes import commit
from revtui.services.notices import reprint_notice
from revtui.services.rates import bill_rates_year
from revtui.services.recovery import RecoveryFile, propose_hold, recovery_repository, recovery_run
from revtui.services.recovery_letters import invoice_letter

D = dt.date
YEAR = FinancialYear(2026)
LEE = Debtor("PER0000040", "Lee Archer", ("9 Mill Lane", "Brookfield", "DM5 2AB"))


def _on(session, day):
    return attrs.evolve(session, today=day)


def _rates_account(session, paid_instalments: int) -> RatesAccount:
    """The corner shop of the rates account tests: 2,578.50 for 2026/27 in ten instalments, the
    first 256.50 and nine of 258.00 (SI 1989/1058 Sch 1 para 1(5)); the first ``paid_instalments`` paid."""
    shop = Hereditament("NDR0000001", "8823104001", Address(("3 Mill Lane", "Brookfield"), "DM5 3AB"),
                        "SHOP AND PREMISES", Country.ENGLAND, (RateableValue(D(2026, 4, 1), Decimal(13500), 2026),),
                        rhl=True)
    liability = RatesLiability("N00000019", shop.reference, "Corner Shop Ltd", D(2019, 9, 2),
                               reliefs=(Relief(ReliefKind.SMALL_BUSINESS, D(2026, 4, 1)),))
    account = bill_rates_year(RatesAccount("N00000019", shop, liability, Ledger("N00000019")),
                              load_rates_rules("england"), YEAR, D(2026, 3, 10),
                              instalment_rules("business_rates", "england", YEAR))
    ledger = account.ledger
    for instalment in account.bills[0].schedule.instalments[:paid_instalments]:
        ledger = ledger.pay(instalment.amount, effective=instalment.due, posted=instalment.due, reason="payment",
                            policy=ledger_settings(instalment.due).policy)
    account = attrs.evolve(account, ledger=ledger)
    with session.store.change("test: a business rates account"):
        BUSINESS_RATES.repository(session.store).add(account)
    return account


def _invoice(session, debtor=LEE, number="S00000019", payments=()):
    # trade waste, 12 x £25.00 = £300.00 (outside the scope of VAT), raised 1 May 2026 on 30 days' terms
    invoice = raise_invoice(load_sundry_rules(), number, D(2026, 5, 1), debtor, "general", "TWST",
                            [LineItem("Trade waste bin, 12 collections", Decimal("12"), Decimal("25.00"))])
    debt = open_debt(invoice, officer="m.shah")
    for day, amount in payments:
        debt = debt.pay(amount, day)
    with session.store.change("test: a sundry invoice"):
        SUNDRY.repository(session.store).add(debt)
    return debt


def _steps(session, reference):
    found = recovery_repository(session.store).find_one("account", reference)
    return [(item.event.stage, item.event.day, item.event.until) for item in found.value.history] if found else []


def test_the_run_sends_a_business_rates_reminder_on_an_overdue_rates_account(session):
    account = _rates_account(session, paid_instalments=6)
    instalments = account.bills[0].schedule.instalments
    assert [i.due for i in instalments[6:8]] == [D(2026, 10, 1), D(2026, 11, 1)]
    # Monday 23 November 2026: the instalments of 1 October and 1 November (258.00 each) are
    # unpaid; the reminder asks for them and anything due within 7 days beginning with today
    # (to 29 November: nothing more), so 516.00 by 29 November (SI 1989/1058 reg. 8(1)).
    summary = recovery_run(session, issue=True)
    rates = summary.kinds["business rates"]
    [reminder] = [a for a in rates.actions if a.account == "N00000019"]
    assert (reminder.stage, reminder.amount, reminder.until) == ("reminder", Decimal("516.00"), D(2026, 11, 29))
    assert "reg. 8(1)" in reminder.rule
    assert "business rates:" in summary.render() and "council tax:" in summary.render()
    assert _steps(session, "N00000019") == [("reminder", D(2026, 11, 23), D(2026, 11, 29))]

    # Its letter is stored under the action's key and reprints: the year's balance
    # 2,578.50 - (256.50 + 5 x 258.00) = 1,032.00 falls due on 6 December if it is not paid
    # (a further 7 days beginning with the day of the failure, 30 November: reg. 8(2)).
    stored = open_notice_records(session.store).issued.find_one("number", reminder.key)
    assert stored.value.record.notice_type == "rates_reminder"
    assert stored.value.record.document["balance"] == "1032.00"
    assert stored.value.record.document["balance_due"] == "2026-12-06"
    assert reprint_notice(session, reminder.key).startswith(b"%PDF")


def test_an_unpaid_rates_reminder_leads_to_a_summons_letter_with_its_costs(session):
    _rates_account(session, paid_instalments=6)
    recovery_run(session, issue=True)  # Monday 23 November: the reminder, pay by 29 November
    # Monday 30 November: unpaid, so the failure is that day and the unpaid balance of 1,032.00 is
    # payable at the end of a further 7 days beginning with it: 6 December (SI 1989/1058 reg. 8(2)).
    [lost] = recovery_run(_on(session, D(2026, 11, 30)), issue=True).kinds["business rates"].actions
    assert (lost.stage, lost.amount, lost.until) == ("instalments_lost", Decimal("1032.00"), D(2026, 12, 6))
    # The stage set waits 7 days after that (to 14 December); posted Monday 14 December, the summons
    # is served 2 working days later (16 December), 22 days before a hearing on 7 January 2027 (14 at least).
    run = recovery_run(_on(session, D(2026, 12, 14)), issue=True, hearings=(D(2027, 1, 7),))
    summons, costs = run.kinds["business rates"].actions
    assert (summons.stage, summons.amount, summons.until) == ("summons", Decimal("1032.00"), D(2027, 1, 7))
    assert (costs.kind, costs.amount) == ("costs", Decimal("110.00"))
    letter = open_notice_records(session.store).issued.find_one("number", summons.key).value.record
    # the letter asks for the rates and the costs: 1,032.00 + 110.00 = 1,142.00 before the hearing
    assert letter.notice_type == "rates_summons"
    assert (letter.document["amount_outstanding"], letter.document["costs"]) == ("1032.00", "110.00")
    account = BUSINESS_RATES.repository(session.store).find_one("reference", "N00000019").value
    assert account.ledger.balance == Decimal("1142.00")  # the costs are posted to the rates account
    # council tax's summons batch for the same hearing lists its own summonses only
    from revtui.services import summons as batches

    batch = batches.record_batch(_on(session, D(2026, 12, 15)), "demo-district", D(2027, 1, 7), "J. Bloggs").value.batch
    assert batch.entries and all(entry.account.startswith("C") for entry in batch.entries)


def test_a_sundry_invoice_goes_reminder_final_reminder_then_letter_of_claim(session):
    debt = _invoice(session)
    assert debt.invoice.due == D(2026, 5, 31)  # 1 May + 30 days' terms
    # The council's stage set (recovery/sundry_stages.toml): a reminder once 14 days have passed
    # since the due date; 14 days to pay from each reminder's issue (the day of issue counted).
    assert "S00000019" not in {a.account for a in recovery_run(_on(session, D(2026, 6, 12)), issue=True).plan.actions}
    # Monday 15 June (the 14th day after the due date was Sunday 14 June): a reminder, pay by 15 + 13 = 28 June
    recovery_run(_on(session, D(2026, 6, 15)), issue=True)
    # Friday 26 June: the reminder's time has not run out, nothing more
    assert recovery_run(_on(session, D(2026, 6, 26)), issue=True).kinds["sundry debt"].actions == ()
    # Monday 29 June: unpaid, a final reminder, pay by 29 June + 13 = 12 July
    recovery_run(_on(session, D(2026, 6, 29)), issue=True)
    # Monday 13 July: unpaid, the Pre-Action Protocol letter of claim; 30 days from its date to
    # reply: 13 July + 30 days = 12 August, and no claim before then
    recovery_run(_on(session, D(2026, 7, 13)), issue=True)
    assert recovery_run(_on(session, D(2026, 8, 12)), issue=True).kinds["sundry debt"].actions == ()
    # Thursday 13 August: no reply and £300.00 unpaid: a referral is proposed for an officer
    last = recovery_run(_on(session, D(2026, 8, 13)), issue=True)
    [referral] = last.kinds["sundry debt"].actions
    assert (referral.stage, referral.kind, referral.amount) == ("referral", "review", Decimal("300.00"))
    assert "county court" in referral.reasons[-1] and "collection agent" in referral.reasons[-1]
    assert _steps(session, "S00000019") == [
        ("reminder", D(2026, 6, 15), D(2026, 6, 28)),
        ("final_reminder", D(2026, 6, 29), D(2026, 7, 12)),
        ("letter_of_claim", D(2026, 7, 13), D(2026, 8, 12)),
        ("referral", D(2026, 8, 13), None),
    ]
    issued = open_notice_records(session.store).issued
    letters = {s.value.record.notice_type: s.value.record for s in issued.find("account", "S00000019")}
    assert set(letters) == {"sundry_reminder", "sundry_final_reminder", "letter_of_claim"}
    claim = letters["letter_of_claim"].document
    assert (claim["amount"], claim["reply_by"]) == ("300.00", "2026-08-12")


def test_a_small_balance_left_after_the_letter_of_claim_is_proposed_for_write_off_not_court(session):
    # £300.00 less £280.00 paid on 1 June leaves £20.00: at least the £10.00 minimum for letters,
    # no more than the £25.00 small balance (recovery/sundry_stages.toml), so after the reply
    # period a write-off review is proposed (it needs approval), not a referral.
    _invoice(session, payments=[(D(2026, 6, 1), Decimal("280.00"))])
    for day in (D(2026, 6, 15), D(2026, 6, 29), D(2026, 7, 13)):
        recovery_run(_on(session, day), issue=True)
    assert [stage for stage, _, _ in _steps(session, "S00000019")] == ["reminder", "final_reminder", "letter_of_claim"]
    [review] = recovery_run(_on(session, D(2026, 8, 13)), issue=True).kinds["sundry debt"].actions
    assert (review.stage, review.kind, review.amount) == ("write_off_review", "review", Decimal("20.00"))
    assert "needs approval" in review.reasons[-1]


def test_a_business_debtor_gets_no_letter_of_claim_the_protocol_does_not_apply(session):
    _invoice(session, debtor=attrs.evolve(LEE, name="Archer Haulage Ltd", individual=False))
    for day in (D(2026, 6, 15), D(2026, 6, 29)):
        recovery_run(_on(session, day), issue=True)
    [referral] = recovery_run(_on(session, D(2026, 7, 13)), issue=True).kinds["sundry debt"].actions
    assert referral.stage == "referral" and "does not apply" in referral.reasons[0]


def test_a_held_sundry_account_gets_nothing(session):
    _invoice(session)
    # the officer places a Breathing Space on the invoice on 1 June: 60 days, to 30 July
    officer = _on(session, D(2026, 6, 1))
    stored = SUNDRY.repository(session.store).find_one("reference", "S00000019")
    commit(officer, stored, propose_hold(officer, stored.value, None, "breathing_space", "", "", "moratorium notice"))
    [hold] = recovery_repository(session.store).find_one("account", "S00000019").value.holds
    assert (hold.start, hold.end) == (D(2026, 6, 1), D(2026, 7, 30))
    summary = recovery_run(_on(session, D(2026, 6, 15)), issue=True)
    assert summary.kinds["sundry debt"].actions == ()
    assert [s.stage for s in summary.kinds["sundry debt"].states] == ["on hold: Breathing Space"]
    assert open_notice_records(session.store).issued.find_one("account", "S00000019") is None


def test_a_kept_arrangement_pauses_a_sundry_debt_and_a_missed_payment_resumes_recovery(session):
    # £300.00 by three payments of £100.00 on 20 June, 20 July and 20 August, agreed 10 June;
    # the first is paid, the second is not.
    _invoice(session, payments=[(D(2026, 6, 20), Decimal("100.00"))])
    plan = (Instalment(1, D(2026, 6, 20), Decimal("100.00")), Instalment(2, D(2026, 7, 20), Decimal("100.00")),
            Instalment(3, D(2026, 8, 20), Decimal("100.00")))
    with session.store.change("test: an arrangement"):
        recovery_repository(session.store).add(
            RecoveryFile("S00000019", arrangement=Arrangement(D(2026, 6, 10), ("2026/27",), plan, agreed_by="asmith")))
    kept = recovery_run(_on(session, D(2026, 6, 29)), issue=True).kinds["sundry debt"]
    assert kept.actions == () and [s.stage for s in kept.states] == ["arrangement kept"]
    # Monday 27 July: 20 July's payment is missed (3 days' grace: due by 23 July £200.00, paid
    # £100.00), so recovery resumes where it stood: the first reminder, for the £200.00 unpaid.
    [reminder] = recovery_run(_on(session, D(2026, 7, 27)), issue=True).kinds["sundry debt"].actions
    assert (reminder.stage, reminder.amount) == ("reminder", Decimal("200.00"))


def test_issuing_twice_issues_once(session):
    _invoice(session)
    _rates_account(session, paid_instalments=6)
    first = recovery_run(_on(session, D(2026, 11, 23)), issue=True)
    again = recovery_run(_on(session, D(2026, 11, 23)), issue=True)
    assert first.recorded > 0 and first.letters == 2  # the rates reminder and the sundry reminder
    assert again.recorded == 0 and again.letters == 0
    assert len(list(open_notice_records(session.store).issued.find("account", "S00000019"))) == 1


@pytest.mark.parametrize("council, words", [("demo-district", ["Letter of claim", "Reply Form", "12 August 2026"]),
                                            ("demo-welsh", ["Llythyr hawlio", "Ffurflen Ymateb", "12 Awst 2026"])])
def test_the_letter_of_claim_reads_in_english_and_welsh(session, council, words):
    debt = _invoice(session)
    for day in (D(2026, 6, 15), D(2026, 6, 29)):
        recovery_run(_on(session, day), issue=True)
    [claim] = recovery_run(_on(session, D(2026, 7, 13)), issue=True).kinds["sundry debt"].actions
    html = str(notice_html(invoice_letter(council, debt, claim), load_branding(council)))
    assert all(word in html for word in words)


def test_council_tax_reminder_print_runs_leave_the_other_kinds_letters_alone(session, tmp_path):
    from revtui.services.notices import draft_print_run

    _invoice(session)
    _rates_account(session, paid_instalments=6)
    run = recovery_run(session, issue=True)  # 23 November: council tax, rates and sundry reminders
    council_tax = [a for a in run.kinds["council tax"].actions if a.stage == "reminder"]
    assert council_tax and run.letters == 2
    printed, problems = draft_print_run(session, "reminder", tmp_path, day=session.today, workers=1)
    assert problems == [] and printed.count == len(council_tax)
