"""Direct Debit for business rates accounts and sundry debtors through the council tax machinery:
one daily run writes one Standard 18 file with every kind's collections, one ARUDD or ADDACS
report finds mandates of any kind.

Worked by hand:
- business rates: RV 41,000 workshop, 2026/27 English small business multiplier 0.432 (RV below
  51,000): 41,000 x 0.432 = 17,712.00; instalments (SI 1989/1058 Sch 1 para 1(4)-(5)) 17,712 / 10
  = 1,771.20, so nine of 1,771.00 and a first (1 April) of 17,712 - 9 x 1,771 = 1,773.00.
- Set up on Monday 11 May 2026: 10 working days on (over the bank holiday of 25 May) is 26 May,
  so the first collection is the 1 June instalment, 1,771.00, beside council tax's 254.00.
- Sundry: a four-weekly care contribution of 87.50 (outside the scope of VAT) invoiced 6 April 2026,
  care terms 28 days: due Monday 4 May 2026, the Early May bank holiday, so collected on Tuesday
  5 May; the invoice (10 working days before it, from 6 April: 20 April) is the advance notice.
"""

import datetime as dt
from decimal import Decimal

import pytest

from refdata.instalments import instalment_rules
from refdata.nndr import load_rates_rules
from revcore.council import Country
from revcore.ctax import Address
from revcore.directdebit import MandateStatus, parse_bank_account
from revcore.entries import EntryKind
from revcore.ledger import Ledger
from revcore.nndr import Hereditament, RateableValue, RatesLiability
from revcore.references import make_reference
from revcore.sundry import RecurringCharge
from revtui.accounts.sundry import SUNDRY
from revtui.formats.standard18 import ServiceUser
from revtui.records.rates import RatesAccount, rates_accounts
from revtui.records.sundry_debtors import sundry_debtors
from revtui.services.directdebit import cancel_direct_debit, import_addacs, import_arudd, run_direct_debits, \
    set_up_direct_debit
from revtui.services.rates import bill_rates_year
from revtui.services.session import open_session
from revtui.services.sundry_invoices import add_debtor, recurring_run, set_recurring

from tests.revtui.services.conftest import BILLED, YEAR, billed_account

D = dt.date
M = Decimal
COUNCIL = ServiceUser("999123", "DEMO DISTRICT", parse_bank_account("40-20-20", "12345678", "DEMO DC COLLECTION"))
SET_UP = D(2026, 5, 11)
WORKSHOP = make_reference("N", 2)


def run(cash, tmp_path, collection_date, today):
    return run_direct_debits(cash, collection_date, tmp_path / "bacs", today=today, officer="cron", user=COUNCIL)


def debits(path):
    """The Standard 18 debit records (100 characters, not the contra) of a file."""
    lines = path.read_bytes().decode("ascii").split("\r\n")
    return [line for line in lines if len(line) == 100 and line[15:17] != "99"]


def rates(cash, reference=WORKSHOP) -> RatesAccount:
    return rates_accounts(cash.store).find_one("reference", reference).value


@pytest.fixture()
def on_dd(cash):
    """A council tax account and a business rates account, both billed for 2026/27, both on DD."""
    billed_account(cash, 1234)  # C00012343, band D 2,537.21
    here = Hereditament("NDR0000002", "8823100002", Address(("Unit 2, Demo Park", "Ashby Parva"), "DM7 1GH"),
                        "WORKSHOP AND PREMISES", Country.ENGLAND, (RateableValue(D(2026, 4, 1), M(41000), 2026),))
    account = RatesAccount(WORKSHOP, here, RatesLiability(WORKSHOP, here.reference, "Ashby Precision Engineering Ltd",
                                                         D(2019, 9, 2)), Ledger(WORKSHOP))
    account = bill_rates_year(account, load_rates_rules("england"), YEAR, BILLED,
                              instalment_rules("business_rates", "england", YEAR), officer="billing")
    with cash.store.change("test set-up: a business rates account"):
        rates_accounts(cash.store).add(account)
    set_up_direct_debit(cash, "C00012343", "20-00-00", "5551 2345", "Ms A Payer", today=SET_UP, officer="amy")
    set_up_direct_debit(cash, WORKSHOP, "30-00-00", "1234 5678", "Ashby Precision Eng", today=SET_UP, officer="amy")
    return cash


def test_a_rates_account_on_dd_is_collected_on_its_instalment_day_in_the_same_file(on_dd, tmp_path):
    cash = on_dd
    assert [i.amount for i in rates(cash).bills[0].schedule.instalments][:2] == [M("1773.00"), M("1771")]
    [notice] = rates(cash).direct_debit.notices
    assert notice.notice.collections[0].collection_date == D(2026, 6, 1)  # April and May fall before 26 May

    lodged = run(cash, tmp_path, D(2026, 5, 14), today=D(2026, 5, 12))
    assert sorted(lodged.auddis) == ["0N C00012343", f"0N {WORKSHOP}"]  # one AUDDIS file, both kinds
    assert rates(cash).direct_debit.mandate.status is MandateStatus.ACTIVE

    outcome = run(cash, tmp_path, D(2026, 6, 1), today=D(2026, 5, 28))
    assert (outcome.collected, outcome.total_pence, outcome.held) == (2, 25400 + 177100, ())
    [file] = (tmp_path / "bacs").glob("DD-2026-06-01-*.txt")
    lines = {line[64:82].rstrip(): line for line in debits(file)}
    workshop = lines[WORKSHOP]
    assert workshop[0:6] == "300000" and workshop[6:14] == "12345678" and workshop[15:17] == "01"
    assert workshop[35:46] == "00000177100"
    assert lines["C00012343"][35:46] == "00000025400"

    ledger = rates(cash).ledger
    assert ledger.last.kind is EntryKind.PAYMENT and ledger.last.effective == D(2026, 6, 1)
    assert ledger.balance == M("17712.00") - M("1771.00")
    # run again: nothing collected twice
    assert run(cash, tmp_path, D(2026, 6, 1), today=D(2026, 5, 28)).run is None
    assert rates(cash).ledger.balance == M("15941.00")


def arudd(reference: str, amount: str, processed: str, code: str = "0") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<BACSDocument><Data><ARUDD>
<Header currentProcessingDate="2026-06-03"/>
<ReturnedDebitItem ref="{reference}" transCode="01" returnCode="{code}" returnDescription="REFER TO PAYER"
 originalProcessingDate="{processed}" valueOf="{amount}" currency="GBP"/>
<Totals numberOf="1" valueOf="{amount}" currency="GBP"/>
</ARUDD></Data></BACSDocument>
""".encode()


def test_arudd_unpaid_on_a_rates_collection_reverses_it_and_leaves_council_tax_alone(on_dd, tmp_path):
    cash = on_dd
    run(cash, tmp_path, D(2026, 5, 14), today=D(2026, 5, 12))
    run(cash, tmp_path, D(2026, 6, 1), today=D(2026, 5, 28))  # processed Friday 29 May
    outcome = import_arudd(cash, "arudd.xml", arudd(WORKSHOP, "1771.00", "2026-05-29"), today=D(2026, 6, 3),
                           officer="cron")
    assert len(outcome.applied) == 1 and outcome.problems == ()
    after = rates(cash)
    assert after.ledger.last.kind is EntryKind.REVERSAL and after.ledger.balance == M("17712.00")
    assert "re-present" in after.notes[-1].text
    ctax = cash.accounts.find_one("reference", "C00012343").value
    assert ctax.ledger.balance == M("2537.21") - M("254.00")  # its collection stands


def test_addacs_and_council_cancellation_end_a_rates_mandate(on_dd, tmp_path):
    cash = on_dd
    run(cash, tmp_path, D(2026, 5, 14), today=D(2026, 5, 12))
    report = f"""<BACSDocument><Data><MessagingAdvices>
<MessagingAdvice effective-date="2026-05-20" reference="{WORKSHOP}" reason-code="B"/>
</MessagingAdvices></Data></BACSDocument>""".encode()
    outcome = import_addacs(cash, "addacs.xml", report, today=D(2026, 5, 20), officer="cron")
    assert len(outcome.applied) == 1 and outcome.problems == ()
    assert rates(cash).direct_debit.mandate.status is MandateStatus.CANCELLED
    assert rates(cash).notes[-1].text == "To do: ask the payer for a new Direct Debit instruction"
    # 1 June: council tax is still collected, the workshop is not
    june = run(cash, tmp_path, D(2026, 6, 1), today=D(2026, 5, 28))
    assert june.collected == 1 and june.total_pence == 25400
    cancel_direct_debit(cash, "C00012343", today=D(2026, 6, 2), officer="amy", reason="moving away")
    assert run(cash, tmp_path, D(2026, 6, 5), today=D(2026, 6, 3)).auddis == ("0C C00012343",)


def test_a_mandate_reference_is_one_payers_only(on_dd):
    from revcore.directdebit import DirectDebitError

    billed_account(on_dd, 77)
    with pytest.raises(DirectDebitError, match="already used by business rates account"):
        set_up_direct_debit(on_dd, make_reference("C", 77), "20-00-00", "55512345", "Mr B", today=SET_UP,
                            officer="amy", mandate_reference=WORKSHOP)


def test_a_sundry_debtors_mandate_collects_each_four_weekly_care_invoice(cash, tmp_path):
    senior = open_session(cash.store, today=D(2026, 3, 2), officer="bjones", roles=["senior officer"])
    debtor = add_debtor(senior, "Edna Pryce", ["3 Orchard Close", "Brookfield", "DM5 3CD"])
    set_recurring(senior, debtor.reference, RecurringCharge(
        "CARE1", "Contribution to care and support", "CARE", "care", M("87.50"), D(2026, 4, 6)))
    set_up_direct_debit(cash, debtor.reference, "40-11-22", "87654321", "Mrs E Pryce", today=D(2026, 3, 2),
                        officer="amy")
    assert run(cash, tmp_path, D(2026, 3, 4), today=D(2026, 3, 2)).auddis == (f"0N {debtor.reference}",)

    raised = recurring_run(senior, D(2026, 5, 4)).raised  # 6 April and 4 May
    first, second = (number for _, number, _, _ in raised)
    # due Monday 4 May (a bank holiday): collected Tuesday 5 May, processed Friday 1 May
    assert run(cash, tmp_path, D(2026, 5, 4), today=D(2026, 4, 29)).run is None
    outcome = run(cash, tmp_path, D(2026, 5, 5), today=D(2026, 4, 30))
    assert (outcome.collected, outcome.total_pence, outcome.held) == (1, 8750, ())
    [line] = debits(next((tmp_path / "bacs").glob("DD-2026-05-05-*.txt")))
    assert line[0:6] == "401122" and line[15:17] == "01" and line[35:46] == "00000008750"
    assert line[64:82].rstrip() == debtor.reference  # the mandate's reference: one per debtor
    invoice = SUNDRY.repository(cash.store).find_one("reference", first).value
    assert invoice.balance == M("0.00") and invoice.ledger.last.effective == D(2026, 5, 5)
    # the second invoice (4 May, due 1 June) is a regular 17 on its own ledger
    june = run(cash, tmp_path, D(2026, 6, 1), today=D(2026, 5, 28))
    assert june.collected == 1 and june.total_pence == 8750
    assert [line[15:17] for line in debits(next((tmp_path / "bacs").glob("DD-2026-06-01-*.txt")))] == ["17"]
    assert SUNDRY.repository(cash.store).find_one("reference", second).value.balance == M("0.00")

    # the payer's bank returns the 1 June collection (processed Friday 29 May): the invoice owes again
    outcome = import_arudd(cash, "arudd.xml", arudd(debtor.reference, "87.50", "2026-05-29"), today=D(2026, 6, 3),
                           officer="cron")
    assert len(outcome.applied) == 1 and outcome.problems == ()
    assert SUNDRY.repository(cash.store).find_one("reference", second).value.balance == M("87.50")
    debtor_now = sundry_debtors(cash.store).find_one("reference", debtor.reference).value
    assert "re-present" in debtor_now.notes[-1].text


def test_a_sundry_invoice_raised_before_the_mandate_waits_for_a_notice(cash, tmp_path):
    senior = open_session(cash.store, today=D(2026, 4, 6), officer="bjones", roles=["senior officer"])
    debtor = add_debtor(senior, "Edna Pryce", ["3 Orchard Close", "Brookfield", "DM5 3CD"])
    set_recurring(senior, debtor.reference, RecurringCharge(
        "CARE1", "Contribution to care and support", "CARE", "care", M("87.50"), D(2026, 4, 6)))
    recurring_run(senior, D(2026, 4, 6))  # invoiced 6 April, due 4 May, before any Direct Debit
    # set up 24 April: the invoice did not say it would be collected, so a notice is recorded; 10
    # working days from Friday 24 April (over 4 May) run to 11 May: the 5 May collection is too soon
    set_up_direct_debit(cash, debtor.reference, "40-11-22", "87654321", "Mrs E Pryce", today=D(2026, 4, 24),
                        officer="amy")
    stored = sundry_debtors(cash.store).find_one("reference", debtor.reference).value
    assert stored.direct_debit.collect_from == D(2026, 5, 11)
    run(cash, tmp_path, D(2026, 4, 28), today=D(2026, 4, 24))
    assert run(cash, tmp_path, D(2026, 5, 5), today=D(2026, 4, 30)).run is None  # before collect_from


def test_dd_setup_and_cancel_commands_take_a_rates_account_and_refuse_a_bad_reference(on_dd, capsys):
    from revtui.clock import set_training_date
    from revtui.commands.payments import main

    cash = on_dd
    cancel_direct_debit(cash, WORKSHOP, today=SET_UP, officer="amy", reason="ratepayer's request")  # never lodged
    set_training_date(cash.store, D(2026, 5, 12), reason="test clock")
    path = cash.store.path
    cash.store.close()
    command = ["--store", path]
    assert main([*command, "dd-setup", WORKSHOP, "--sort-code", "30-00-00", "--account-number", "12345678",
                 "--name", "Ashby Precision Eng"]) == 0
    assert f"Direct Debit set up on {WORKSHOP}" in capsys.readouterr().out
    assert main([*command, "dd-setup", "X1", "--sort-code", "30-00-00", "--account-number", "12345678",
                 "--name", "Nobody"]) == 2
    assert "sundry debtor (SD...)" in capsys.readouterr().err
    assert main([*command, "dd-cancel", WORKSHOP, "--reason", "closing down"]) == 0
    assert "cancelled: closing down" in capsys.readouterr().out


def test_addacs_cancels_a_sundry_debtors_mandate_and_its_invoices_are_not_collected(cash, tmp_path):
    senior = open_session(cash.store, today=D(2026, 3, 2), officer="bjones", roles=["senior officer"])
    debtor = add_debtor(senior, "Edna Pryce", ["3 Orchard Close", "Brookfield", "DM5 3CD"])
    set_recurring(senior, debtor.reference, RecurringCharge(
        "CARE1", "Contribution to care and support", "CARE", "care", M("87.50"), D(2026, 4, 6)))
    set_up_direct_debit(cash, debtor.reference, "40-11-22", "87654321", "Mrs E Pryce", today=D(2026, 3, 2),
                        officer="amy")
    run(cash, tmp_path, D(2026, 3, 4), today=D(2026, 3, 2))
    recurring_run(senior, D(2026, 4, 6))
    report = f"""<BACSDocument><Data><MessagingAdvices>
<MessagingAdvice effective-date="2026-04-20" reference="{debtor.reference}" reason-code="1"/>
</MessagingAdvices></Data></BACSDocument>""".encode()
    outcome = import_addacs(cash, "addacs.xml", report, today=D(2026, 4, 20), officer="cron")
    assert len(outcome.applied) == 1 and debtor.reference in outcome.applied[0]
    after = sundry_debtors(cash.store).find_one("reference", debtor.reference).value
    assert after.direct_debit.mandate.status is MandateStatus.CANCELLED
    assert after.notes[-1].text == "To do: agree another way to pay with the payer"
    assert run(cash, tmp_path, D(2026, 5, 5), today=D(2026, 4, 30)).run is None  # the care invoice is not taken
