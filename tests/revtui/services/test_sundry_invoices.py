"""Sundry invoices from the application and a service area's file, credit notes, cancellations,
statements and the four-weekly social care run, worked by hand."""

import datetime as dt
from decimal import Decimal

import pytest

from revcore.sundry import RecurringCharge, credit_notes
from revtui.accounts.sundry import SUNDRY
from revtui.imports.problems import ImportRejected
from revtui.services.permissions import PermissionRefused
from revtui.services.session import open_session
from revtui.services.sundry_invoices import (
    SundryError, add_debtor, cancel_invoice, credit_invoice, decide_credit, import_invoice_file, raise_from_form,
    recurring_run, set_recurring, statement,
)
from tests.revtui.sample_council import TODAY
from tests.revtui.services.test_permissions import fingerprint

D = dt.date


def invoices(store):
    return len(SUNDRY.repository(store))


@pytest.fixture()
def garage(session):
    return add_debtor(session, "Lee Archer", ["9 Mill Lane", "Brookfield", "DM5 2AB"])


def garage_invoice(session, debtor):
    return raise_from_form(session, debtor.reference, "PROP", "GRGE", "general", "2026-11-20", [
        ("Garage 12 rent, Nov to Jan", "3", "41.67", ""),
        ("Key deposit", "1", "10.00", "O"),
    ])


def test_an_officer_raises_an_invoice_with_vat_line_by_line(session, garage):
    debt = garage_invoice(session, garage)
    # garage (income code GRGE, standard rated): 3 x 41.67 = 125.01 net; VAT 20% = 25.002 -> 25.00
    # (VAT per line, nearest penny half up); key deposit outside the scope: 10.00, no VAT.
    # Total 125.01 + 25.00 + 10.00 = 160.01, due 30 days after 20 November (general terms): 20 December.
    garage_line, key = debt.invoice.lines
    assert (garage_line.net, garage_line.vat, key.net, key.vat) == (
        Decimal("125.01"), Decimal("25.00"), Decimal("10.00"), Decimal("0.00"))
    assert debt.invoice.total == debt.balance == Decimal("160.01")
    assert debt.invoice.due == D(2026, 12, 20)
    assert debt.invoice.service == "PROP" and debt.invoice.debtor.name == "Lee Archer"
    assert "VAT, nearest penny, half up, line by line" in debt.invoice.explain()
    stored = SUNDRY.repository(session.store).find_one("reference", debt.invoice.number)
    assert stored.value == debt


def test_a_credit_note_in_two_parts_clears_the_invoice(session, garage):
    debt = garage_invoice(session, garage)
    number = debt.invoice.number
    first = credit_invoice(session, number, "60.01", "garage 12 let from 1 December, not November")
    assert first.balance == Decimal("100.00")  # 160.01 - 60.01
    second = credit_invoice(session, number, "100.00", "garage handed back")
    assert second.balance == Decimal("0.00") and not second.waiting  # 100.00 is within an officer's 100.00
    with pytest.raises(SundryError, match="£0.01 is more than the £0.00 of the invoice not yet credited"):
        credit_invoice(session, number, "0.01", "one more")
    cleared = SUNDRY.repository(session.store).find_one("reference", number).value
    assert [(n.number, n.amount) for n in credit_notes(cleared)] == [
        (f"{number}-CN1", Decimal("60.01")), (f"{number}-CN2", Decimal("100.00"))]
    text = statement(session, number)
    assert "credit note " + number + "-CN2: garage handed back" in text
    assert text.splitlines()[-1].split()[-1] == "£0.00"


def test_a_credit_above_the_officers_limit_waits_for_a_second_officer(session, garage):
    debt = garage_invoice(session, garage)
    asked = credit_invoice(session, debt.invoice.number, "160.01", "raised in error")  # officer's limit is 100.00
    assert asked.waiting and SUNDRY.repository(session.store).find_one(
        "reference", debt.invoice.number).value.balance == Decimal("160.01")
    senior_self = open_session(session.store, today=TODAY, officer="asmith", roles=["senior officer"])
    with pytest.raises(SundryError, match="cannot also authorise"):
        decide_credit(senior_self, asked.waiting, approve=True)
    from revtui.services.sundry_invoices import pending_credits

    assert [(r.id, r.amount) for r in pending_credits(session)] == [(asked.waiting, Decimal("160.01"))]
    senior = open_session(session.store, today=TODAY, officer="bjones", roles=["senior officer"])
    assert decide_credit(senior, asked.waiting, approve=True).balance == Decimal("0.00")
    assert pending_credits(session) == []


def test_a_cancellation_needs_a_reason_and_ends_the_invoice(session, garage):
    debt = raise_from_form(session, garage.reference, "ENV", "LICN", "in_advance", "", [("Street trading licence", "1", "75.00", "")])
    before = fingerprint(session.store.path)
    with pytest.raises(SundryError, match="give the reason"):
        cancel_invoice(session, debt.invoice.number, "  ")
    assert fingerprint(session.store.path) == before
    assert cancel_invoice(session, debt.invoice.number, "licence application withdrawn").balance == Decimal("0.00")
    with pytest.raises(SundryError, match="is cancelled"):
        credit_invoice(session, debt.invoice.number, "1.00", "more")
    assert f"invoice {debt.invoice.number}: cancelled" in statement(session, garage.reference)


def test_a_debtors_statement_lists_every_invoice(session, garage):
    one = garage_invoice(session, garage)
    two = raise_from_form(session, garage.reference, "ENV", "LICN", "in_advance", "", [("Licence", "1", "75.00", "")])
    text = statement(session, garage.reference)
    assert one.invoice.number in text and two.invoice.number in text
    assert text.splitlines()[-1].split()[-1] == "£235.01"  # 160.01 + 75.00


# -- the four-weekly run ---------------------------------------------------------------------------

FOUR_WEEKLY_DATES = [
    D(2026, 4, 6), D(2026, 5, 4), D(2026, 6, 1), D(2026, 6, 29), D(2026, 7, 27), D(2026, 8, 24), D(2026, 9, 21),
    D(2026, 10, 19), D(2026, 11, 16), D(2026, 12, 14), D(2027, 1, 11), D(2027, 2, 8), D(2027, 3, 8),
]


def test_a_four_weekly_care_charge_raises_13_invoices_in_a_year(session):
    debtor = add_debtor(session, "Edna Pryce", ["3 Orchard Close", "Brookfield", "DM5 3CD"])
    set_recurring(session, debtor.reference, RecurringCharge(
        "CARE1", "Contribution to care and support", "CARE", "care", Decimal("87.50"), D(2026, 4, 6)))
    senior = open_session(session.store, today=TODAY, officer="bjones", roles=["senior officer"])
    # every 28 days from 6 April 2026: 13 x 28 = 364 days, so the 14th falls on 5 April 2027
    run = recurring_run(senior, D(2027, 3, 31))
    assert [day for _, _, day, _ in run.raised] == FOUR_WEEKLY_DATES
    assert {total for *_, total in run.raised} == {Decimal("87.50")}  # CARE is outside the scope of VAT
    assert recurring_run(senior, D(2027, 3, 31)).raised == ()  # run again: nothing twice
    assert [day for _, _, day, _ in recurring_run(senior, D(2027, 4, 5)).raised] == [D(2027, 4, 5)]
    first = SUNDRY.repository(session.store).find_one("reference", run.raised[0][1]).value.invoice
    # charged in arrears: the 28 days ending the day before the invoice; care terms: due 28 days later
    assert first.lines[0].description == "Contribution to care and support 2026-03-09 to 2026-04-05"
    assert first.due == D(2026, 5, 4) and first.service == "ASC"


# -- bad input changes nothing ---------------------------------------------------------------------

def test_an_invoice_without_a_debtor_or_with_a_negative_line_is_refused(session, garage):
    before = fingerprint(session.store.path)
    with pytest.raises(SundryError, match="debtor: every invoice needs a debtor"):
        raise_from_form(session, "", "PROP", "GRGE", "general", "", [("Garage", "1", "40.00", "")])
    with pytest.raises(SundryError, match=r"line 2: unit price: -5.00 is negative"):
        raise_from_form(session, garage.reference, "PROP", "GRGE", "general", "",
                        [("Garage", "1", "40.00", ""), ("Discount", "1", "-5.00", "")])
    with pytest.raises(SundryError, match="'LICN' is not one of Property and estates's"):
        raise_from_form(session, garage.reference, "PROP", "LICN", "general", "", [("x", "1", "1.00", "")])
    assert fingerprint(session.store.path) == before


def test_only_officers_raise_invoices(session, garage):
    auditor = open_session(session.store, today=TODAY, officer="cgray", roles=["auditor"])
    with pytest.raises(PermissionRefused):
        raise_from_form(auditor, garage.reference, "PROP", "GRGE", "general", "", [("Garage", "1", "40.00", "")])


HEADER = "Invoice key,Debtor,Service,Income code,Invoice type,Invoice date,Description,Quantity,Unit price,VAT code\n"


def service_file(debtor: str) -> str:
    return (HEADER
            + f"TW-101,{debtor},ENV,TWST,general,2026-11-20,Trade waste bins Nov,4,12.50,\n"
            + f"TW-101,{debtor},ENV,TWST,general,2026-11-20,Extra collection,1,20.00,\n"
            + f"HH-7,{debtor},PROP,HALL,in_advance,20/11/2026,Hall hire 5 Dec,1,45.00,\n")


def test_a_service_area_file_raises_its_invoices_once(session, garage):
    senior = open_session(session.store, today=TODAY, officer="bjones", roles=["senior officer"])
    outcome = import_invoice_file(senior, "env-2026-11-20.csv", service_file(garage.reference).encode())
    assert len(outcome.invoices) == 2
    waste = SUNDRY.repository(session.store).find_one("reference", outcome.invoices[0]).value
    assert waste.balance == Decimal("70.00")  # 4 x 12.50 + 20.00, outside the scope of VAT
    # the same invoices sent again with Windows line endings and a byte-order mark: nothing raised twice
    count = invoices(session.store)
    again = import_invoice_file(senior, "resent.csv", b"\xef\xbb\xbf" + service_file(garage.reference).replace(
        "\n", "\r\n").encode())
    assert again.already and again.invoices == outcome.invoices and invoices(session.store) == count


def test_a_malformed_service_area_file_names_each_bad_line_and_raises_nothing(session, garage):
    senior = open_session(session.store, today=TODAY, officer="bjones", roles=["senior officer"])
    bad = (service_file(garage.reference)
           + "X-1,,ENV,TWST,general,2026-11-20,No debtor,1,5.00,\n"
           + f"X-2,{garage.reference},ENV,TWST,general,2026-11-31,Bad date,1,-5.00,\n"
           + "X-3,SD999999,ENV,TWST,general,2026-11-20,Unknown debtor,1,5.00,\n")
    before = fingerprint(session.store.path)
    with pytest.raises(ImportRejected) as rejected:
        import_invoice_file(senior, "env.csv", bad.encode())
    found = {(p.line, p.field) for p in rejected.value.problems}
    assert {(5, "Debtor"), (6, "Invoice date"), (6, "Unit price")} <= found
    assert "every invoice needs a debtor" in str(rejected.value) and "is negative" in str(rejected.value)
    assert fingerprint(session.store.path) == before
    # with the line faults mended, the unknown debtor is still named by its line, and nothing is raised
    with pytest.raises(ImportRejected, match=r"line 5, debtor: no sundry debtor 'SD999999'"):
        import_invoice_file(senior, "env.csv", (service_file(garage.reference)
                                                + "X-3,SD999999,ENV,TWST,general,2026-11-20,Unknown,1,5.00,\n").encode())
    assert fingerprint(session.store.path) == before


def test_the_sundry_commands_raise_and_credit_and_a_bad_line_exits_2(store, tmp_path, capsys):
    from revtui.cli import main

    roles = tmp_path / "roles.toml"
    roles.write_text('[roles.users]\ntester = ["officer", "senior officer"]\n')
    at = ["--store", str(store.path), "--roles", str(roles), "sundry"]
    assert main([*at, "debtor", "--name", "Lee Archer", "--address", "9 Mill Lane", "--address", "DM5 2AB"],
                officer="tester") == 0
    assert "SD000001 added" in capsys.readouterr().out
    assert main([*at, "raise", "--debtor", "SD000001", "--service", "PROP", "--income", "GRGE", "--type", "general",
                 "--line", "Garage rent|3|41.67", "--line", "Deposit|1|10.00|O"], officer="tester") == 0
    number = capsys.readouterr().out.split()[1]
    assert main([*at, "credit", number, "60.01", "--reason", "let from December"], officer="tester") == 0
    assert "balance now £100.00" in capsys.readouterr().out
    before = fingerprint(store.path)
    assert main([*at, "raise", "--debtor", "SD000001", "--service", "PROP", "--income", "GRGE", "--type", "general",
                 "--line", "Garage rent|1|-4.00"], officer="tester") == 2
    assert "line 1: unit price: -4.00 is negative" in capsys.readouterr().err
    assert fingerprint(store.path) == before


# -- notices ----------------------------------------------------------------------------------------

def test_the_invoice_and_statement_notices_in_english_and_welsh(session, garage):
    from letters.render import notice_html
    from revtui.branding import load_branding
    from revtui.services.sundry_notices import invoice_notice, statement_notice, sundry_pdf

    debt = garage_invoice(session, garage)
    credit_invoice(session, debt.invoice.number, "60.01", "let from December")
    notice = invoice_notice(session, debt)
    assert (notice.net, notice.vat, notice.total) == (Decimal("135.01"), Decimal("25.00"), Decimal("160.01"))
    html = str(notice_html(notice, load_branding("demo-district")))
    assert "Please pay £160.01 by 20 December 2026 (30 days from the date of this invoice)" in html
    assert "Garage 12 rent, Nov to Jan" in html and "Lee Archer" in html
    import attrs

    statement = statement_notice(session, garage.reference)
    in_wales = attrs.evolve(statement, header=attrs.evolve(statement.header, council_id="demo-welsh"))
    welsh = str(notice_html(in_wales, load_branding("demo-welsh")))
    assert "Datganiad cyfrif" in welsh and "Statement of account" in welsh  # both languages
    assert "Talwch y balans o £100.00" in welsh
    assert statement.balance == Decimal("100.00")  # 160.01 - 60.01
    assert sundry_pdf(session, debt.invoice.number, "invoice").startswith(b"%PDF")
