"""HB overpayments from the benefits decision to recovery: worked examples with the arithmetic
done by hand and the rule cited, and bad input refused with the line named and nothing changed."""

import datetime as dt
from decimal import Decimal

import pytest

from revcore.hb import Cause, Payee, PayFrequency
from revcore.periods import DateRange, FinancialYear
from revtui.accounts import locate
from revtui.imports.hb_files import parse_decisions, parse_deductions
from revtui.imports.problems import ImportRejected
from revtui.records.hb_files import hb_file_imports
from revtui.records.sundry import hb_overpayments, sundry_debts
from revtui.services import hb_deductions, hb_recovery
from revtui.services import hb_overpayments as hb
from revtui.services.approvals import ApprovalError, decide_request
from revtui.services.session import open_session

D = dt.date
TODAY = D(2026, 11, 23)
CLAIM = DateRange(D(2024, 4, 1), D(2026, 10, 31))


@pytest.fixture()
def officer(cash):
    return open_session(cash.store, council="demo-district", today=TODAY, officer="olive", roles=["officer"])


@pytest.fixture()
def senior(cash):
    return open_session(cash.store, council="demo-district", today=TODAY, officer="sam", roles=["senior officer"])


def decide(session, **changes):
    fields = dict(claimant="Kerry Jones", claim=CLAIM, period=DateRange(D(2026, 1, 5), D(2026, 5, 3)),
                  amount="1190.00", cause=Cause.CLAIMANT_ERROR, decided_on=D(2026, 11, 2), notified_on=D(2026, 11, 4))
    return hb.record_decision(session, **{**fields, **changes}).value


def count(cash):
    return len(hb_overpayments(cash.store))


# --- creation from a decision -------------------------------------------------------------------

def test_an_overpayment_spanning_the_financial_year_end_is_split_by_year(officer):
    """£1,190.00 overpaid from Mon 5 Jan 2026 to Sun 3 May 2026: 119 days, so £10.00 a day.
    2025/26 holds 5 Jan-31 Mar = 27 + 28 + 31 = 86 days: £1,190.00 x 86/119 = £860.00;
    2026/27 holds 1 Apr-3 May = 30 + 3 = 33 days: the rest, £330.00 (= 33 x £10.00)."""
    account = decide(officer)
    lines = account.overpayment.calculation.lines
    assert [(line.days.start, line.days.end, line.amount) for line in lines] == [
        (D(2026, 1, 5), D(2026, 3, 31), Decimal("860.00")),
        (D(2026, 4, 1), D(2026, 5, 3), Decimal("330.00"))]
    assert [FinancialYear.containing(line.days.start) for line in lines] == [FinancialYear(2025), FinancialYear(2026)]
    assert "£1,190.00 x 86/119 days" in account.overpayment.calculation.render()
    # recoverable (claimant error is not official error, HB Regs 2006 reg 100(1)): charged in full
    assert account.ledger.balance == Decimal("1190.00")
    assert account.reference.startswith("H") and hb.route_of(account) == "no recovery route chosen yet"


def test_official_error_the_claimant_could_not_have_realised_is_not_recoverable(officer):
    """Reg 100(2): official error the claimant could not reasonably have realised: nothing charged."""
    account = decide(officer, cause=Cause.LA_OFFICIAL_ERROR, could_have_realised=False)
    assert account.ledger.balance == Decimal("0")
    assert "not recoverable" in account.overpayment.classification.rule
    assert hb.route_of(account) == "not recoverable"


@pytest.mark.parametrize("changes, message", [
    ({"period": DateRange(D(2026, 9, 1), D(2026, 11, 15))}, "outside the claim 2024-04-01 to 2026-10-31"),
    ({"amount": "-50.00"}, "more than nothing"),
    ({"amount": "12.345"}, "amount"),
    ({"cause": Cause.LA_OFFICIAL_ERROR}, "could reasonably have realised"),
    ({"notified_on": D(2026, 10, 1)}, "before it was decided"),
])
def test_a_bad_decision_is_refused_with_a_clear_message_and_nothing_stored(officer, cash, changes, message):
    with pytest.raises(hb.HbOverpaymentError, match=message):
        decide(officer, **changes)
    assert count(cash) == 0


# --- the benefits system's decision file ----------------------------------------------------------

HEADER = ("decision_id,claimant,claim_start,claim_end,overpaid_from,overpaid_to,amount,cause,paid_to,"
          "could_have_realised,found_guilty,decided_on,notified_on")
GOOD = ["D1001,Kerry Jones,2024-04-01,2026-10-31,2026-01-05,2026-05-03,1190.00,CE,C,,,2026-11-02,2026-11-04",
        "D1002,Lee Smith,2025-06-02,,2025-06-02,2025-08-31,455.00,FR,L,,Y,2026-11-09,2026-11-10",
        "D1003,Ann Patel,2023-04-03,2026-03-29,2025-12-01,2026-01-25,320.00,LAE,C,N,,2026-11-16,2026-11-16"]


def decision_file(*rows, newline="\n"):
    return (newline.join((HEADER, *rows)) + newline).encode()


def test_a_decision_file_records_each_decision_and_a_second_delivery_does_nothing(senior, cash):
    report = hb.import_decisions(senior, parse_decisions("op-1.csv", decision_file(*GOOD), today=TODAY))
    assert [(line, decision) for line, decision, _ in report.created] == [(2, "D1001"), (3, "D1002"), (4, "D1003")]
    accounts = {s.value.overpayment.claimant: s.value for s in hb_overpayments(cash.store)}
    assert accounts["Lee Smith"].overpayment.classification.cause is Cause.FRAUD
    assert accounts["Lee Smith"].overpayment.classification.paid_to is Payee.LANDLORD
    assert accounts["Lee Smith"].overpayment.classification.dea_higher_tables  # found guilty: Tables C and D
    assert accounts["Ann Patel"].ledger.balance == 0  # LA error, could not have realised (reg 100(2))
    # the same decisions again, with other line endings and another name: recognised by meaning
    again = hb.import_decisions(senior, parse_decisions("resent.csv", decision_file(*GOOD, newline="\r\n"), today=TODAY))
    assert again.created == () and "already imported (as op-1.csv" in again.lines()[0]
    assert count(cash) == 3
    # one decision repeated in another file is refused by its line
    with pytest.raises(ImportRejected, match=r"line 2.*D1001 was imported before"):
        hb.import_decisions(senior, parse_decisions("more.csv", decision_file(GOOD[0].replace("1190.00", "1190.01")),
                                                    today=TODAY))
    assert count(cash) == 3


@pytest.mark.parametrize("row, line_fault", [
    (GOOD[1].replace("2025-06-02,2025-08-31", "2025-05-05,2025-08-31"), "outside the claim"),  # starts before the claim
    (GOOD[1].replace("455.00", "-455.00"), "'-455.00' is negative"),
    (GOOD[1].replace(",FR,", ",XX,"), "'XX' is not a cause code"),
    (GOOD[1].replace("2025-08-31", "2025-02-30"), "'2025-02-30' is not a date"),
    (GOOD[1].replace(",Y,2026", ",maybe,2026"), "give Y, N or leave it blank"),
    ("D1002,Lee Smith,2025-06-02", "3 fields where the header has 13"),
])
def test_a_malformed_decision_line_is_named_and_nothing_is_recorded(senior, cash, row, line_fault):
    with pytest.raises(ImportRejected) as refused:
        hb.import_decisions(senior, parse_decisions("op-2.csv", decision_file(GOOD[0], row, GOOD[2]), today=TODAY))
    assert "line 3" in str(refused.value) and line_fault in str(refused.value)
    assert count(cash) == 0 and len(hb_file_imports(cash.store)) == 0


def test_the_command_imports_a_decision_file_and_refuses_a_bad_one(cash, tmp_path, capsys):
    from revtui.commands.hb_overpayments import main

    path = cash.store.path
    cash.store.close()
    (tmp_path / "roles.toml").write_text('[roles.users]\nbenefits = ["senior officer"]\n')
    roles = str(tmp_path / "roles.toml")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(decision_file(GOOD[0], GOOD[1].replace("455.00", "4x5")))
    assert main(["--store", str(path), "--roles", roles, "import-hb-decisions", str(bad)], officer="benefits") == 2
    err = capsys.readouterr().err
    assert "line 3" in err and "'4x5' is not an amount" in err and "Nothing was recorded" in err
    good = tmp_path / "good.csv"
    good.write_bytes(decision_file(*GOOD))
    assert main(["--store", str(path), "--roles", roles, "import-hb-decisions", str(good)], officer="benefits") == 0
    assert "3 overpayment decision(s) recorded" in capsys.readouterr().out
    # an officer without the batch role is refused (exit 77), nothing done
    assert main(["--store", str(path), "--roles", roles, "import-hb-decisions", str(good)], officer="olive") == 77


# --- deduction from ongoing HB (HB Regs 2006 reg 102) ---------------------------------------------

@pytest.mark.parametrize("monday, allowance, ordinary, fraud", [
    # 5% of the single 25+ personal allowance, rounded UP to the next 5p (reg 102(2)), x3; x5 after fraud (102(3))
    (D(2019, 4, 1), "73.10", "11.10", "18.50"),  # 3.655 -> 3.70; £11.10/£18.50 as Birmingham publishes
    (D(2020, 4, 6), "74.35", "11.25", "18.75"),  # 3.7175 -> 3.75; as Medway publishes
    (D(2022, 4, 4), "77.00", "11.55", "19.25"),  # 3.85 exactly
    (D(2023, 4, 3), "84.80", "12.75", "21.25"),  # 4.24 -> 4.25
    (D(2024, 4, 1), "90.50", "13.65", "22.75"),  # 4.525 -> 4.55
    (D(2025, 4, 7), "92.05", "13.95", "23.25"),  # 4.6025 -> 4.65
])
def test_deductions_at_each_prescribed_weekly_rate(officer, monday, allowance, ordinary, fraud):
    ordinary_account = decide(officer, decided_on=D(2026, 11, 2))
    fraud_account = decide(officer, cause=Cause.FRAUD)
    plan, maximum = hb_deductions.start_deductions(officer, ordinary_account.reference, monday, "150.00")
    assert plan.weekly == Decimal(ordinary) and f"£{allowance}" in maximum.render()
    plan, maximum = hb_deductions.start_deductions(officer, fraud_account.reference, monday, "150.00")
    assert plan.weekly == Decimal(fraud) and "fraud" in maximum.render()


def test_the_weekly_rate_adds_half_the_earned_income_disregard_and_never_exceeds_the_award(officer, cash):
    account = decide(officer)
    # 2026/27 uses the 2025/26 row (£92.05): £13.95, plus half a £10.00 disregard = £18.95
    plan, maximum = hb_deductions.start_deductions(officer, account.reference, D(2026, 11, 30), "150.00",
                                        earned_income_disregard="10.00")
    assert plan.weekly == Decimal("18.95")
    # the award is only £9.50 a week: deduct £9.50
    plan, _ = hb_deductions.start_deductions(officer, account.reference, D(2026, 11, 30), "9.50")
    assert plan.weekly == Decimal("9.50")
    # £1,190.00 at £13.95: 1190 / 13.95 = 85.3 -> 86 weeks, 85 x 13.95 = 1,185.75, the last £4.25
    plan, _ = hb_deductions.start_deductions(officer, account.reference, D(2026, 11, 30), "150.00")
    assert (plan.weeks, plan.last_amount) == (86, Decimal("4.25"))
    with pytest.raises(hb.HbOverpaymentError, match="more than the prescribed maximum of £13.95"):
        hb_deductions.start_deductions(officer, account.reference, D(2026, 11, 30), "150.00", agreed="20.00")
    with pytest.raises(hb.HbOverpaymentError, match="Monday"):
        hb_deductions.start_deductions(officer, account.reference, D(2026, 12, 1), "150.00")
    assert hb_overpayments(cash.store).find_one("reference", account.reference).value.plan == plan


def test_deductions_are_exported_and_what_was_deducted_is_posted_once(officer, senior, cash, tmp_path):
    account = decide(officer)
    hb_deductions.start_deductions(officer, account.reference, D(2026, 11, 30), "150.00")
    out = tmp_path / "deductions.csv"
    assert hb_deductions.export_deductions(senior, D(2026, 11, 30), out) == 1
    assert out.read_text().splitlines() == [
        "overpayment_reference,claimant,benefit_week_from,weekly_deduction,balance_outstanding",
        f"{account.reference},Kerry Jones,2026-11-30,13.95,1190.00"]
    assert out.stat().st_mode & 0o077 == 0  # personal data: a private file
    back = (f"overpayment_reference,benefit_week_from,amount_deducted\n{account.reference},2026-11-16,13.95\n"
            f"{account.reference},2026-11-23,13.95\n").encode()
    report = hb_deductions.import_deductions(senior, parse_deductions("deducted.csv", back, today=TODAY))
    assert len(report.posted) == 2
    ledger = hb_overpayments(cash.store).find_one("reference", account.reference).value.ledger
    assert ledger.balance == Decimal("1162.10")  # 1,190.00 - 2 x 13.95
    # the same file again (another name): nothing; a new file repeating a week: that line skipped
    assert hb_deductions.import_deductions(senior, parse_deductions("again.csv", back, today=TODAY)).earlier
    overlap = back + f"{account.reference},2026-11-30,13.95\n".encode()
    report = hb_deductions.import_deductions(senior, parse_deductions("overlap.csv", overlap, today=TODAY))
    assert report.already == (2, 3) and len(report.posted) == 1
    assert hb_overpayments(cash.store).find_one("reference", account.reference).value.ledger.balance == Decimal("1148.15")
    # a week already deducted is not asked for again
    assert hb_deductions.deductions_due(senior, D(2026, 11, 30)) == []


@pytest.mark.parametrize("row, fault", [
    ("{ref},2026-11-17,13.95", "'2026-11-17' is a Tuesday"),
    ("{ref},2026-11-16,-13.95", "is not an amount"),
    ("{ref},2026-11-16,13.9", "is not an amount"),
    ("H00000027,2026-11-16,13.95", "no such HB overpayment"),
    ("H00000028,2026-11-16,13.95", "check digit"),
    ("{ref},2026-11-16,2000.00", "more than the largest"),
])
def test_a_bad_deduction_line_is_named_and_nothing_is_posted(officer, senior, cash, row, fault):
    account = decide(officer)
    data = ("overpayment_reference,benefit_week_from,amount_deducted\n"
            f"{account.reference},2026-11-09,13.95\n" + row.format(ref=account.reference) + "\n").encode()
    with pytest.raises(ImportRejected) as refused:
        hb_deductions.import_deductions(senior, parse_deductions("deducted.csv", data, today=TODAY))
    assert "line 3" in str(refused.value) and fault in str(refused.value)
    assert hb_overpayments(cash.store).find_one("reference", account.reference).value.ledger.balance == Decimal("1190.00")


# --- direct earnings attachment (SI 2013/384 reg 14ff, Schedule 2 tables) --------------------------

WEEKLY_A = [  # Table A (weekly): net earnings -> % of them, rounded down to the penny
    ("100.00", "0.00"),  # not exceeding £100: 0%
    ("100.01", "3.00"),  # exceeding £100, not exceeding £160: 3% -> 3.0003
    ("160.00", "4.80"),
    ("160.01", "8.00"),  # 5% -> 8.0005
    ("220.00", "11.00"),
    ("220.01", "15.40"),  # 7% -> 15.4007
    ("270.00", "18.90"),
    ("270.01", "29.70"),  # 11% -> 29.7011
    ("375.00", "41.25"),
    ("375.01", "56.25"),  # 15% -> 56.2515
    ("520.00", "78.00"),
    ("520.01", "104.00"),  # exceeding £520: 20% -> 104.002
]
MONTHLY_B = [  # Table B (monthly)
    ("430.00", "0.00"), ("430.01", "12.90"),  # 3% -> 12.9003
    ("690.00", "20.70"), ("690.01", "34.50"),  # 5% -> 34.5005
    ("950.00", "47.50"), ("950.01", "66.50"),  # 7% -> 66.5007
    ("1160.00", "81.20"), ("1160.01", "127.60"),  # 11% -> 127.6011
    ("1615.00", "177.65"), ("1615.01", "242.25"),  # 15% -> 242.2515
    ("2240.00", "336.00"), ("2240.01", "448.00"),  # 20% -> 448.002
]


def attached(officer, frequency, **changes):
    account = decide(officer, **{"amount": "5000.00", **changes})
    hb_recovery.attach_earnings(officer, account.reference, employer="Ashby Foods Ltd", employer_address=("Unit 4", "DM2 2BB"),
                       payroll_number="AF1234", frequency=frequency, national_insurance="qq123456c")
    return hb_overpayments(officer.store).find_one("reference", account.reference).value


def test_a_dea_at_the_edges_of_each_band_of_tables_a_and_b(officer):
    weekly = attached(officer, PayFrequency.WEEKLY)
    monthly = attached(officer, PayFrequency.MONTHLY)
    assert hb.route_of(weekly) == "direct earnings attachment with Ashby Foods Ltd"
    for account, table, rows in ((weekly, "Table A", WEEKLY_A), (monthly, "Table B", MONTHLY_B)):
        for net, deduction in rows:
            result = hb_recovery.dea_for_pay(account, Decimal(net), D(2026, 12, 4))
            assert result.amount == Decimal(deduction), (table, net, result.explanation)
            assert table in result.explanation and "SI 2013/384" in result.source


def test_a_dea_after_a_conviction_uses_the_higher_table_and_never_takes_more_than_is_owed(officer):
    """Found guilty (SI 2013/384 reg 20(3A)): Table C. £520.01 a week exceeds £520: 40% = £208.00
    (208.004 rounded down), within the 60% of net earnings protected (reg 17)."""
    convicted = attached(officer, PayFrequency.WEEKLY, cause=Cause.FRAUD, found_guilty=True)
    result = hb_recovery.dea_for_pay(convicted, Decimal("520.01"), D(2026, 12, 4))
    assert result.amount == Decimal("208.00") and "Table C" in result.explanation
    # 20% of £520.01 would be £104.00, but only £50.00 is owed: the employer deducts £50.00
    nearly_paid = attached(officer, PayFrequency.WEEKLY, amount="50.00")
    result = hb_recovery.dea_for_pay(nearly_paid, Decimal("520.01"), D(2026, 12, 4))
    assert result.amount == Decimal("50.00") and "limited to the £50.00 still owed" in result.explanation


def test_the_dea_notice_tells_the_employer_the_table_the_start_and_the_protected_earnings(officer):
    """SI 2013/384 reg 19: the notice names the person, the payroll and NI numbers, the rate (the
    table) and the protected earnings proportion; it has effect from the first pay day at least
    22 days after it is given (reg 19(3)): 23 November 2026 + 22 days = 15 December 2026."""
    account = attached(officer, PayFrequency.MONTHLY)
    notice = hb_recovery.dea_notice(officer, account.reference)
    assert notice.start_date == D(2026, 12, 15) and notice.amount == Decimal("5000.00")
    assert notice.national_insurance == "QQ123456C" and notice.header.addressee.postcode == "DM2 2BB"
    assert notice.table_name.en == "Table B" and notice.table_name.cy == "Tabl B"
    assert [(r.up_to, r.percent) for r in notice.rates][:2] == [(Decimal("430.00"), Decimal("0")),
                                                                (Decimal("690.00"), Decimal("3.00"))]
    assert notice.rates[-1].up_to is None and notice.protected_percent == Decimal("60.00")
    convicted = attached(officer, PayFrequency.WEEKLY, cause=Cause.FRAUD, found_guilty=True)
    assert hb_recovery.dea_notice(officer, convicted.reference).table_name.en == "Table C"
    assert hb_recovery.dea_notice_pdf(officer, account.reference).startswith(b"%PDF")


def test_a_dea_needs_an_employer_and_an_address(officer, cash):
    account = decide(officer)
    with pytest.raises(hb.HbOverpaymentError, match="employer's address"):
        hb_recovery.attach_earnings(officer, account.reference, employer="Ashby Foods Ltd", employer_address=("", ""),
                           payroll_number="", frequency=PayFrequency.WEEKLY)
    assert hb_overpayments(cash.store).find_one("reference", account.reference).value.dea is None


# --- invoice, and write-off with a second officer -------------------------------------------------

def test_invoicing_moves_the_balance_to_a_sundry_invoice(officer, cash):
    account = decide(officer)
    number = hb_recovery.invoice_balance(officer, account.reference, ("1 Mill Lane", "Ashby Parva", "DM1 1AB"))
    stored = hb_overpayments(cash.store).find_one("reference", account.reference).value
    assert stored.ledger is None and stored.invoice == number
    debt = sundry_debts(cash.store).find_one("reference", number).value
    assert debt.balance == Decimal("1190.00")
    assert locate(cash.store, account.reference).kind.name != "HB overpayment"  # payments go to the invoice
    with pytest.raises(hb.HbOverpaymentError, match="invoiced"):
        hb_deductions.start_deductions(officer, account.reference, D(2026, 11, 30), "150.00")


def test_a_write_off_over_the_officers_limit_needs_a_second_officer(officer, senior, cash):
    """authorisation.toml: an officer writes off up to £100.00 alone; £600.00 waits for a second,
    different officer with the authoriser role, whose approval posts it."""
    account = decide(officer)
    waiting = hb_recovery.request_hb_write_off(officer, account.reference, "600.00", "claimant died; no estate", "other")
    assert waiting.value.request.needs_second_officer and not waiting.value.entry
    ledger = lambda: hb_overpayments(cash.store).find_one("reference", account.reference).value.ledger  # noqa: E731
    assert ledger().balance == Decimal("1190.00")
    with pytest.raises(ApprovalError, match="cannot also authorise"):
        decide_request(cash, waiting.value.request.id, today=TODAY, officer="olive", approve=True)
    decide_request(cash, waiting.value.request.id, today=TODAY, officer="sam", approve=True)
    assert ledger().balance == Decimal("590.00")
    # within the limit: posted at once
    small = hb_recovery.request_hb_write_off(officer, account.reference, "40.00", "part not recoverable", "other")
    assert small.value.entry and ledger().balance == Decimal("550.00")
    with pytest.raises(hb.HbOverpaymentError, match="reason"):
        hb_recovery.request_hb_write_off(officer, account.reference, "10.00", " ", "other")
    with pytest.raises(ApprovalError, match="owes only"):
        hb_recovery.request_hb_write_off(officer, account.reference, "551.00", "too much", "other")


def test_the_commands_export_and_import_deductions_and_print_the_dea_notice(officer, cash, tmp_path, capsys):
    from revtui.clock import set_training_date
    from revtui.commands.hb_overpayments import main

    deducted = decide(officer)
    hb_deductions.start_deductions(officer, deducted.reference, D(2026, 11, 30), "150.00")
    attachment = attached(officer, PayFrequency.WEEKLY)
    set_training_date(cash.store, TODAY, reason="test clock")  # the commands' "today" is the store's clock
    path = str(cash.store.path)
    cash.store.close()
    (tmp_path / "roles.toml").write_text('[roles.users]\nbenefits = ["senior officer"]\n')
    run = ["--store", path, "--roles", str(tmp_path / "roles.toml")]
    out = tmp_path / "week.csv"
    assert main([*run, "hb-deductions-export", "--week", "2026-11-30", "--out", str(out)], officer="benefits") == 0
    assert f"{deducted.reference},Kerry Jones,2026-11-30,13.95,1190.00" in out.read_text()  # not the DEA one
    assert attachment.reference not in out.read_text()
    back = tmp_path / "deducted.csv"
    back.write_text(f"overpayment_reference,benefit_week_from,amount_deducted\n{deducted.reference},2026-11-16,13.95\n"
                    f"{deducted.reference},2026-11-23,13.9x\n")
    assert main([*run, "import-hb-deductions", str(back)], officer="benefits") == 2
    assert "line 3" in capsys.readouterr().err
    back.write_text(f"overpayment_reference,benefit_week_from,amount_deducted\n{deducted.reference},2026-11-16,13.95\n")
    assert main([*run, "import-hb-deductions", str(back)], officer="benefits") == 0
    assert "1 deduction(s) posted, £13.95" in capsys.readouterr().out
    assert main([*run, "import-hb-deductions", str(back)], officer="benefits") == 0
    assert "already imported" in capsys.readouterr().out
    pdf = tmp_path / "dea.pdf"
    assert main([*run, "hb-dea-notice", attachment.reference, "--out", str(pdf)], officer="benefits") == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    assert main([*run, "hb-dea-notice", deducted.reference, "--out", str(pdf)], officer="benefits") == 2
    assert "has no direct earnings attachment" in capsys.readouterr().err
