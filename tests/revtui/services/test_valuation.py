"""Valuation Office schedules: a small store (conftest's band D dwellings in Ashby Parva, ASH,
demo-district council) and schedules written in our documented layout (docs/voa-schedules.md)."""

import argparse
import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refdata import TABLES_DIR, DataError
from refdata.instalments import instalment_rules
from refdata.ledger import ledger_settings
from refdata.voa import schedule_layout
from revcore.council import Country
from revcore.ctax import Address, Liability, Person, charge
from revcore.ledger import Ledger
from revcore.periods import FinancialYear
from revcore.references import make_reference
from revtui.commands.valuation import register
from revtui.imports.problems import ImportRejected
from revtui.imports.voa_schedule import parse_schedule
from revtui.records.ctax import CtaxAccount
from revtui.records.payments import open_cash_records
from revtui.records.valuation_list import valuation_list
from revtui.reports.valuation import valuation_by_band, valuation_exceptions
from revtui.services.billing import bill_year
from revtui.services.dwellings import NewDwelling, awaiting_band, dwellings_repository
from revtui.services.session import open_session
from revtui.services.valuation import apply_schedule, propose_waiting_line, waiting_band_changes
from revtui.store import Store
from tests.revtui.services.conftest import account, billed_account, dwelling

TODAY = dt.date(2026, 11, 23)
HEADER = "schedule_date,voa_reference,ba_reference,uprn,change_type,band,effective_date,address_1,address_2,address_3,address_4,postcode"


def schedule_bytes(*rows: str) -> bytes:
    return ("\n".join((HEADER, *rows)) + "\n").encode()


@pytest.fixture()
def session(cash):
    return open_session(cash.store, council="demo-district", today=TODAY, officer=cash.store.user)


def apply(session, name, *rows):
    return apply_schedule(session, parse_schedule(name, schedule_bytes(*rows), session.tariff.council.country))


def paid_two_years(cash, session, serial: int) -> CtaxAccount:
    """C<serial> at band D dwelling P<serial> from 2020, billed for 2025/26 and 2026/27 and paid in full."""
    reference = make_reference("C", serial)
    prop = dwelling(serial)
    account_ = CtaxAccount(reference, prop.reference, (Person(f"PER{serial}", f"Payer {serial}"),),
                           Liability(reference, prop.reference, (f"PER{serial}",), dt.date(2020, 4, 1)), Ledger(reference))
    for year in (2025, 2026):
        fy = FinancialYear(year)
        account_ = bill_year(account_, prop, session.tariff, fy, dt.date(year, 3, 10),
                             instalment_rules("council_tax", "england", fy), officer="billing")
    paid_on = dt.date(2026, 4, 20)
    ledger = account_.ledger.pay(account_.ledger.balance, effective=paid_on, posted=paid_on, reason="paid in full",
                                 policy=ledger_settings(paid_on).policy)
    account_ = attrs.evolve(account_, ledger=ledger)
    with cash.store.change("test set-up"):
        cash.records.properties.add(prop)
        cash.accounts.add(account_)
    return account_


def test_a_backdated_band_reduction_rebills_both_years_with_adjustment_bills_and_leaves_a_credit(cash, session):
    before = paid_two_years(cash, session, 1)
    # demo-district, Ashby Parva: band D 2025/26 2,423.66 and 2026/27 2,537.21, paid in full: 4,960.87
    assert before.ledger.balance == Decimal("0.00")

    report = apply(session, "SCH-2026-11-20.csv",
                   "2026-11-20,VOA1,P1,100000000001,AMENDED,C,2025-04-01,1 High Street,Ashby Parva,,,DM1 1AA")

    assert [outcome.line for outcome in report.applied] == [2] and not report.for_officer
    after = account(cash, "C00000019")
    # band C from 1 April 2025, both whole years: 2025/26 2,154.37 (-269.29), 2026/27 2,255.30 (-281.91)
    adjustments = {bill.year: bill.explanation.total for bill in after.bills if bill.kind == "adjustment"}
    assert adjustments == {2025: Decimal("2154.37"), 2026: Decimal("2255.30")}
    # the annual bills stand as issued
    assert [(b.year, b.kind) for b in after.bills[:2]] == [(2025, "annual"), (2026, "annual")]
    # paid 4,960.87 against 2,154.37 + 2,255.30 = 4,409.67: a credit of 551.20
    assert after.ledger.balance == Decimal("-551.20")
    prop = cash.records.properties.find_one("reference", "P1")
    assert prop.value.band_on(dt.date(2025, 3, 31)) == "D" and prop.value.band_on(dt.date(2025, 4, 1)) == "C"
    reasons = [entry.reason for entry in cash.records.properties.history(prop.doc_id)]
    assert "VOA schedule SCH-2026-11-20.csv (2026-11-20) line 2, VOA reference VOA1: amended" in reasons[-1]
    assert "2025/26: was" in report.applied[0].text and "2026/27: was" in report.applied[0].text
    listed = valuation_list(cash.store).find("uprn", "100000000001")
    assert [(e.value.band, e.value.effective_from) for e in listed] == [("C", dt.date(2025, 4, 1))]


def test_a_dwelling_awaiting_its_band_is_listed_and_an_unrecorded_one_takes_its_neighbours_area(cash, session):
    billed_account(cash, 1)  # a neighbour in DM1 1AA, Ashby Parva
    waiting = NewDwelling("P0000900", "200000000009", Address(("Plot 9", "Brook Lane"), "DM9 9ZZ"), "BRK",
                          "BC/2026/0042", dt.date(2026, 9, 1), dt.date(2026, 8, 1), dt.date(2026, 8, 1))
    with cash.store.change("test set-up"):
        dwellings_repository(cash.store).add(waiting)

    report = apply(session, "SCH-new.csv",
                   "2026-11-20,VOA2,P0000900,200000000009,NEW,B,2026-09-01,Plot 9,Brook Lane,,,DM9 9ZZ",
                   "2026-11-20,VOA3,P0000901,200000000010,HISTORIC NEW,E,2026-06-01,2A High Street,Ashby Parva,,,DM1 1AA")

    assert len(report.applied) == 2 and not report.for_officer
    listed = cash.records.properties.find_one("reference", "P0000900").value
    assert (listed.area, listed.band_on(dt.date(2026, 9, 1))) == ("BRK", "B")
    assert awaiting_band(session) == []
    unrecorded = cash.records.properties.find_one("uprn", "200000000010").value
    assert (unrecorded.reference, unrecorded.area, unrecorded.band_on(dt.date(2026, 6, 1))) == ("P0000901", "ASH", "E")


def test_a_deletion_ends_liability_the_day_before_with_a_final_bill(cash, session):
    billed_account(cash, 1)  # band D from 2020, billed 2,537.21 for 2026/27

    report = apply(session, "SCH-del.csv",
                   "2026-11-20,VOA4,P1,,DELETED,,2026-10-01,,,,,")

    assert not report.for_officer
    after = account(cash, "C00000019")
    assert after.liability.end == dt.date(2026, 9, 30)
    # 1 April to 30 September 2026 is 183 of 365 days: 2,537.21 x 183 / 365 = 1,272.08
    assert after.bills[-1].kind == "adjustment" and after.bills[-1].explanation.total == Decimal("1272.08")
    assert after.ledger.balance == Decimal("1272.08")
    entry = valuation_list(cash.store).find_one("uprn", "100000000001").value
    assert entry.deleted_from == dt.date(2026, 10, 1) and not entry.listed_on(dt.date(2026, 10, 1))
    # the reconciliation counts the dwelling on both sides up to 30 September, on neither after
    def total(day):
        return valuation_by_band(cash.store, day).rows[-1]
    assert total(dt.date(2026, 9, 30))[1:] == (total(dt.date(2026, 10, 1))[1] + 1,
                                                total(dt.date(2026, 10, 1))[2] + 1, 0)
    assert total(dt.date(2026, 10, 1))[3] == 0
    assert not [row for row in valuation_exceptions(cash.store, dt.date(2026, 10, 1)).rows
                if row[0] == "100000000001"]


def test_a_malformed_schedule_is_rejected_naming_each_fault_and_nothing_is_applied(cash, session, tmp_path, capsys):
    billed_account(cash, 1)
    path = tmp_path / "SCH-bad.csv"
    path.write_bytes(schedule_bytes(
        "2026-11-20,VOA5,P1,,AMENDED,C,2026-04-01,,,,,",  # good, but the file is rejected as a whole
        "2026-11-20,VOA6,P1,,REVALUED,C,2026-04-01,,,,,",
        "2026-11-20,VOA7,P1,,AMENDED,C,2026-02-30,,,,,",
        "2026-11-20,VOA8,P1,,AMENDED,I,2026-04-01,,,,,",
        "2026-11-20,VOA9,,,AMENDED,C,2026-04-01,,,,,",
    ))
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["import-voa-schedule", str(path)])
    args.session = open_session(cash.store, officer="ann", roles=["administrator"])

    assert args.run(args, cash.store) == 2

    err = capsys.readouterr().err
    assert "SCH-bad.csv: line 3, change_type: 'REVALUED' is not a change type" in err
    assert "SCH-bad.csv: line 4, effective_date: '2026-02-30' is not a date" in err
    assert "SCH-bad.csv: line 5, band: 'I' is not a band in England (A to H)" in err
    assert "SCH-bad.csv: line 6, ba_reference: missing, and no UPRN either" in err
    assert account(cash, "C00000019").bills[-1].kind == "annual"
    assert cash.records.properties.find_one("reference", "P1").value.band_on(TODAY) == "D"


def test_the_same_schedule_twice_is_applied_once_and_a_line_for_an_officer_is_tried_again(cash, session):
    billed_account(cash, 1)
    rows = ("2026-11-20,VOA10,P1,,AMENDED,E,2026-04-01,,,,,",
            "2026-11-20,VOA11,P77,,MINOR ADDRESS CHANGE,,2026-04-01,77 High St,Ashby Parva,,,DM1 1AA")

    first = apply(session, "SCH-A.csv", *rows)
    bills = account(cash, "C00000019").bills
    again = apply(session, "SCH-A-copy.csv", *rows)  # the same file under another name

    assert [o.line for o in first.applied] == [2] and [o.line for o in first.for_officer] == [3]
    assert "no property with reference P77" in first.for_officer[0].text
    assert again.applied == () and again.already_applied == 1 and [o.line for o in again.for_officer] == [3]
    assert account(cash, "C00000019").bills == bills  # band E billed once, no second adjustment
    assert [b.kind for b in bills] == ["annual", "adjustment"]


def test_a_minor_address_change_updates_the_property_address(cash, session):
    billed_account(cash, 1)
    apply(session, "SCH-addr.csv", "2026-11-20,VOA12,P1,,MINOR ADDRESS CHANGE,,2026-11-01,1A High Street,Ashby Parva,,,DM1 1AB")
    assert str(cash.records.properties.find_one("reference", "P1").value.address) == "1A High Street, Ashby Parva, DM1 1AB"


def test_a_deletion_is_left_for_an_officer_when_someone_became_liable_after_it_and_nothing_of_it_is_written(cash, session):
    billed_account(cash, 1, start=dt.date(2026, 10, 5))  # moved in after the day the VOA says it left the list

    report = apply(session, "SCH-del2.csv", "2026-11-20,VOA13,P1,,DELETED,,2026-10-01,,,,,")

    assert report.applied == () and "C00000019 is liable from 2026-10-05" in report.for_officer[0].text
    assert valuation_list(cash.store).find("uprn", "100000000001") == []
    assert account(cash, "C00000019").liability.end is None


def test_a_deleted_dwelling_is_reinstated_in_the_band_given(cash, session):
    billed_account(cash, 1)
    apply(session, "SCH-del3.csv", "2026-11-20,VOA14,P1,,DELETED,,2026-06-01,,,,,")

    report = apply(session, "SCH-rein.csv", "2026-12-04,VOA15,P1,,REINSTATED,C,2026-09-01,,,,,")

    assert not report.for_officer
    entries = sorted((e.value.effective_from, e.value.band, e.value.deleted_from)
                     for e in valuation_list(cash.store).find("uprn", "100000000001"))
    # off the list from 1 June to 31 August, back in band C from 1 September
    assert entries == [(dt.date(1993, 4, 1), "D", dt.date(2026, 6, 1)), (dt.date(2026, 9, 1), "C", None)]
    assert cash.records.properties.find_one("reference", "P1").value.band_on(dt.date(2026, 9, 1)) == "C"


def test_band_i_is_read_for_a_welsh_council_only():
    row = "2026-11-20,VOA16,P1,,AMENDED,I,2026-04-01,,,,,"
    assert parse_schedule("w.csv", schedule_bytes(row), Country.WALES).lines[0].band == "I"
    with pytest.raises(ImportRejected):
        parse_schedule("e.csv", schedule_bytes(row), Country.ENGLAND)


def test_the_column_headings_and_codes_come_from_the_layout_table(tmp_path):

    text = (TABLES_DIR / "voa" / "schedule_layout.toml").read_text()
    custom = text.replace('change_type = "change_type"', 'change_type = "Alteration"').replace('"AMENDED"', '"AM"')
    (tmp_path / "voa").mkdir()
    (tmp_path / "voa" / "layout.toml").write_text(custom)
    layout = schedule_layout("voa/layout.toml", data_dir=tmp_path)
    data = schedule_bytes("2026-11-20,VOA17,P1,,AM,C,2026-04-01,,,,,").replace(b"change_type", b"Alteration", 1)

    assert parse_schedule("c.csv", data, Country.ENGLAND, layout).lines[0].change == "amended"

    (tmp_path / "voa" / "short.toml").write_text(custom.replace('"HISTORIC NEW" = "historic_new"\n', ""))
    with pytest.raises(DataError, match="no code for historic_new"):
        schedule_layout("voa/short.toml", data_dir=tmp_path)


def test_the_command_prints_the_report_and_exits_1_while_a_line_waits_for_an_officer(cash, tmp_path, capsys):
    billed_account(cash, 1)
    path = tmp_path / "SCH-cmd.csv"
    path.write_bytes(schedule_bytes("2026-11-20,VOA18,P1,,AMENDED,E,2026-04-01,,,,,",
                                    "2026-11-20,VOA19,P404,,DELETED,,2026-04-01,,,,,"))
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["import-voa-schedule", str(path)])
    args.session = open_session(cash.store, officer="ann", roles=["administrator"])

    assert args.run(args, cash.store) == 1
    out = capsys.readouterr().out
    assert "SCH-cmd.csv: 1 line(s) applied, 1 for an officer, 0 applied before" in out
    assert "OFFICER line 3 (VOA19, deleted): no property with reference P404" in out
    assert args.run(args, cash.store) == 1  # the officer's line again; the band change not repeated
    assert "0 line(s) applied, 1 for an officer, 1 applied before" in capsys.readouterr().out


def test_the_report_of_a_backdated_change_explains_each_year(cash, session, snapshot):
    paid_two_years(cash, session, 1)
    report = apply(session, "SCH-2026-11-20.csv", "2026-11-20,VOA1,P1,,HISTORIC AMENDED,C,2025-10-01,,,,,")
    # 2025/26: D 2,423.66 x 183/365 = 1,215.15 (April-September) + C 2,154.37 x 182/365 = 1,074.23
    #   = 2,289.38, 134.28 less; 2026/27: C 2,255.30, 281.91 less; paid in full, so a credit of 416.19
    assert "\n".join(report.lines()) == snapshot


def test_a_line_whose_reference_and_uprn_name_different_dwellings_is_left_for_an_officer(cash, session):
    billed_account(cash, 1)
    billed_account(cash, 2)

    report = apply(session, "SCH-mix.csv", "2026-11-20,VOA20,P1,100000000002,AMENDED,A,2026-04-01,,,,,")

    assert report.applied == () and "P1 has UPRN 100000000001, the schedule says 100000000002" in report.for_officer[0].text
    assert [b.kind for b in account(cash, "C00000019").bills] == ["annual"]



def test_a_line_left_for_an_officer_is_applied_from_the_dwelling_once_and_recorded_as_applied(cash, session):
    billed_account(cash, 1)
    billed_account(cash, 2)
    rows = ("2026-11-20,VOA20,P1,100000000002,AMENDED,A,2026-04-01,,,,,",
            "2026-11-20,VOA21,P2,100000000002,AMENDED,B,2026-04-01,,,,,")
    apply(session, "SCH-mix.csv", *rows)  # VOA21 is applied; VOA20 is left for an officer
    p1 = session.records.properties.find_one("reference", "P1")

    [waiting] = waiting_band_changes(session, p1.value)  # named by our reference P1
    # and by UPRN at P2, where the line applied is not offered again
    [also] = waiting_band_changes(session, session.records.properties.find_one("reference", "P2").value)
    assert also.line == waiting.line and "band A from 01/04/2026: SCH-mix.csv line 2, VOA VOA20" == str(waiting)
    proposal = propose_waiting_line(session, p1, waiting, "P1 confirmed by inspection")
    # band D 2,537.21 to band A 1,691.47 for all of 2026/27 (demo-district, Ashby Parva): 845.74 less
    assert "P1 band A from 2026-04-01 (was band D)" in proposal.effect and "difference -£845.74" in proposal.effect
    assert proposal.reason.endswith("line 2, VOA reference VOA20: amended; P1 confirmed by inspection")
    assert [b.kind for b in account(cash, "C00000019").bills] == ["annual"]  # nothing saved yet

    proposal.apply(session)

    assert account(cash, "C00000019").last_bill(2026).explanation.total == Decimal("1691.47")
    assert waiting_band_changes(session, p1.value) == []
    again = apply(session, "SCH-mix.csv", *rows)
    assert again.applied == () and again.for_officer == () and again.already_applied == 2
    assert [b.kind for b in account(cash, "C00000019").bills] == ["annual", "adjustment"]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(band=st.sampled_from("ABCDEFGH"),
       day=st.dates(min_value=dt.date(2024, 4, 1), max_value=dt.date(2027, 3, 31)))
def test_any_band_change_leaves_each_year_billed_at_its_charge_and_applies_once(tmp_path_factory, band, day):
    store = Store(tmp_path_factory.mktemp("voa") / "council.db", user="batch")
    try:
        cash = open_cash_records(store)
        session = open_session(store, council="demo-district", today=TODAY, officer=store.user)
        before = paid_two_years(cash, session, 1)
        row = f"2026-11-20,VOA21,P1,,AMENDED,{band},{day.isoformat()},,,,,"

        apply(session, "SCH-any.csv", row)
        after = account(cash, "C00000019")
        prop = cash.records.properties.find_one("reference", "P1").value
        again = apply(session, "SCH-any.csv", row)

        for year in (2025, 2026):  # the latest bill of each year says what the year now costs
            assert after.last_bill(year).explanation == charge(after.liability, prop, session.tariff, FinancialYear(year))
        # the balance moves by exactly the change in the years' charges (paid in full before: balance 0)
        change = sum(after.last_bill(y).explanation.total - before.last_bill(y).explanation.total for y in (2025, 2026))
        assert after.ledger.balance == before.ledger.balance + change
        assert again.applied == () and account(cash, "C00000019") == after
    finally:
        store.close()
