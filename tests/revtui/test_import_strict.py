"""Strict parsing: amounts only in the layout's format, under the source's ceiling; dates real and in the window.

Every refusal names the file, the line, the field and the value, and the whole file is refused.
"""

import datetime as dt
from decimal import Decimal

import pytest

from refdata import DataError
from revtui.imports.bacs_reports import parse_addacs, parse_arudd
from revtui.imports.payment_files import parse_allpay_file, parse_csv_file
from revtui.imports.problems import ImportProblem, ImportRejected
from revtui.imports.rules import LayoutRules, date_window, layout_rules
from revtui.imports.voa_schedule import parse_schedule
from revcore.council import Country

TODAY = dt.date(2026, 7, 1)
HEADER = "type,reference,amount,date,channel,narrative"


def csv_file(amount: str = "60.00", date: str = "2026-06-30", total: str | None = None) -> bytes:
    return f'{HEADER}\nP,C00012343,"{amount}",{date},POST,\nT,1,"{total or amount}"\n'.encode()


def allpay_file(amount: str = "60.00", date: str = "30/06/2026") -> bytes:
    line = f" 335610{'C00012343':<16}{amount:>9}T{date}"
    return (f"{line}\n\nTotal Amount{'':22}{amount:>17}\nTotal Transactions{'':22}{1:>17}\n").encode()


def refused(parse, *args, **kwargs) -> ImportProblem:
    with pytest.raises(ImportRejected) as caught:
        parse(*args, **kwargs)
    return caught.value.problems[0]


@pytest.mark.parametrize("amount,why", [
    ("12,34", "a comma is not accepted"),  # once read as £1,234.00
    ("1,234.56", "a comma is not accepted"),
    ("1e3", "is not an amount in pounds and pence"),  # once read as £1,000.00
    ("60", "is not an amount"),
    ("60.5", "is not an amount"),
    ("+60.00", "is not an amount"),
    ("٦٠.٠٠", "is not an amount"),  # Arabic-Indic digits
    ("9" * 30 + ".00", "is not an amount"),  # more than 28 digits once crashed every importer
])
def test_an_amount_not_in_the_layouts_format_is_refused_naming_file_line_field_and_value(amount, why):
    problem = refused(parse_csv_file, "pay.csv", csv_file(amount), today=TODAY)
    assert (problem.file, problem.line, problem.field) == ("pay.csv", 2, "amount")
    assert repr(amount) in problem.message and why in problem.message
    if len(amount) < 9:
        problem = refused(parse_allpay_file, "pay.txt", allpay_file(amount), today=TODAY)
        assert (problem.file, problem.line, problem.field) == ("pay.txt", 1, "amount") and why in problem.message


def test_a_layout_that_declares_thousands_separators_reads_them_and_a_pence_layout_reads_pence():
    commas = LayoutRules("csv", thousands_separator=True, max_amount=Decimal("10000.00"))
    assert parse_csv_file("c.csv", csv_file("1,234.56"), rules=commas).lines[0].amount == Decimal("1234.56")
    assert refused(parse_csv_file, "c.csv", csv_file("12,34"), rules=commas).field == "amount"
    pence = LayoutRules("csv", amounts="pence")
    assert parse_csv_file("p.csv", csv_file("6000"), rules=pence).lines[0].amount == Decimal("60.00")
    assert "whole pence" in refused(parse_csv_file, "p.csv", csv_file("60.00"), rules=pence).message


def test_a_payment_over_the_sources_ceiling_is_refused_and_the_ceiling_is_data():
    ceiling = layout_rules("csv").max_amount
    assert ceiling == Decimal("1000000.00")  # data/imports/rules.toml
    assert parse_csv_file("ok.csv", csv_file(f"{ceiling}"), today=TODAY).lines[0].amount == ceiling
    problem = refused(parse_csv_file, "big.csv", csv_file("99999999999999999999.99"), today=TODAY)
    assert problem.field == "amount" and "not an amount" in problem.message  # more digits than any payment
    problem = refused(parse_csv_file, "big.csv", csv_file("1000000.01"), today=TODAY)
    assert "'1000000.01' is more than the largest payment accepted from this source (£1,000,000.00" in problem.message
    # a lower ceiling set for Allpay's counters
    assert refused(parse_allpay_file, "a.txt", allpay_file("200000.00"), today=TODAY).field == "amount"


@pytest.mark.parametrize("date", ["1900-01-01", "2099-01-01", "9999-12-31", "2025-06-29", "2026-07-09"])
def test_a_date_outside_the_councils_window_is_refused(date):
    problem = refused(parse_csv_file, "pay.csv", csv_file(date=date), today=TODAY)
    assert (problem.line, problem.field) == (2, "date") and repr(date) in problem.message
    assert "outside the dates accepted in a run on 2026-07-01: 2025-06-30 to 2026-07-08" in problem.message


@pytest.mark.parametrize("date", ["2025-06-30", "2026-07-08", "2026-07-01"])
def test_a_date_inside_the_window_is_accepted(date):
    assert parse_csv_file("pay.csv", csv_file(date=date), today=TODAY).lines[0].paid_on == dt.date.fromisoformat(date)


@pytest.mark.parametrize("date", ["2026-02-30", "26-06-30", "2026-6-30", "２０２６-06-30"])
def test_an_impossible_date_is_refused(date):
    assert refused(parse_csv_file, "pay.csv", csv_file(date=date), today=TODAY).message.startswith(f"{date!r} is not a date")
    allpay = dt.date.fromisoformat("2026-06-30")
    assert refused(parse_allpay_file, "a.txt", allpay_file(date="31/02/2026"), today=allpay).field == "transaction date"


def test_the_window_and_the_limits_are_read_from_the_data_file(tmp_path):
    (tmp_path / "imports").mkdir()
    (tmp_path / "imports" / "rules.toml").write_text(
        '[dates]\ndays_back = 30\ndays_ahead = 0\n[layouts.csv]\nencoding = "cp1252"\nmax_amount = "500.00"\n')
    window = date_window(tmp_path)
    assert window.bounds(TODAY) == (dt.date(2026, 6, 1), TODAY)
    rules = layout_rules("csv", tmp_path)
    assert rules.encoding == "cp1252" and rules.max_amount == Decimal("500.00")
    # the layout's own encoding: £ in Windows-1252 is one byte
    data = csv_file("60.00").replace(b"POST,", b"POST,\xa3 cash")
    assert parse_csv_file("w.csv", data, rules=rules).lines[0].narrative == "£ cash"
    (tmp_path / "bad" / "imports").mkdir(parents=True)  # (tables are cached per path)
    (tmp_path / "bad" / "imports" / "rules.toml").write_text('[layouts.csv]\nmax_amount = 500\n')
    with pytest.raises(DataError, match="max_amount"):
        layout_rules("csv", tmp_path / "bad")


def test_bytes_that_are_not_the_layouts_encoding_are_refused_naming_the_line():
    data = csv_file().replace(b"POST,", b"POST,\xa3 cash")
    problem = refused(parse_csv_file, "w.csv", data)
    assert (problem.line, problem.field) == (2, "encoding") and "byte 0xa3 is not utf-8 text" in problem.message


def test_a_field_over_the_csv_modules_limit_is_refused_not_a_traceback():
    data = csv_file().replace(b"POST,", b"POST," + b"x" * 200_000)
    problem = refused(parse_csv_file, "huge.csv", data)
    assert problem.field == "CSV" and "field larger than field limit" in problem.message
    schedule = b"schedule_date,voa_reference\n" + b'"' + b"x" * 200_000 + b'"\n'
    assert refused(parse_schedule, "huge.csv", schedule, Country.ENGLAND).field == "CSV"


ARUDD = """<?xml version="1.0" encoding="{encoding}"?>{doctype}
<BACSDocument><Data><ARUDD>
<Header currentProcessingDate="{processed}"/>
<ReturnedDebitItem ref="C00012343" transCode="01" returnCode="0" returnDescription="REFER TO PAYER"
 originalProcessingDate="2026-05-29" valueOf="{amount}" currency="GBP"/>
<Totals numberOf="{count}" valueOf="{amount}" currency="GBP"/>
</ARUDD></Data></BACSDocument>
"""


def arudd(amount="254.00", processed="2026-06-03", count="1", encoding="UTF-8", doctype="") -> bytes:
    return ARUDD.format(amount=amount, processed=processed, count=count, encoding=encoding, doctype=doctype).encode()


def test_an_arudd_report_is_read_as_strictly_as_a_payment_file():
    today = dt.date(2026, 6, 3)
    assert parse_arudd("a.xml", arudd(), today=today).items[0].amount == Decimal("254.00")
    for amount in ("1e3", "1,000.00", "9" * 40, "200000.00"):
        problem = refused(parse_arudd, "a.xml", arudd(amount), today=today)
        assert (problem.line, problem.field) == (4, "valueOf") and repr(amount) in problem.message
    assert refused(parse_arudd, "a.xml", arudd(count="²"), today=today).field == "numberOf"
    problem = refused(parse_arudd, "a.xml", arudd(processed="9999-12-31"), today=today)
    assert problem.field == "currentProcessingDate" and "outside the dates accepted" in problem.message


def test_a_doctype_or_an_unknown_xml_encoding_is_refused():
    bomb = '<!DOCTYPE BACSDocument [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
    problem = refused(parse_arudd, "bomb.xml", arudd(doctype=bomb))
    assert problem.field == "DOCTYPE" and "not accepted" in problem.message
    problem = refused(parse_addacs, "x.xml", arudd(encoding="x-no-such-encoding"))
    assert problem.file == "x.xml" and problem.field in ("encoding", "XML")


def test_a_voa_schedule_date_outside_the_window_or_before_council_tax_is_refused():
    header = "schedule_date,voa_reference,ba_reference,uprn,change_type,band,effective_date,address_1,address_2," \
             "address_3,address_4,postcode\n"
    today = dt.date(2026, 11, 23)

    def schedule(listed: str, effective: str) -> bytes:
        return (header + f"{listed},VOA1,P1,,AMENDED,C,{effective},,,,,\n").encode()

    assert parse_schedule("s.csv", schedule("2026-11-20", "2005-04-01"), Country.ENGLAND, today=today).lines
    problem = refused(parse_schedule, "s.csv", schedule("1900-01-01", "2005-04-01"), Country.ENGLAND, today=today)
    assert (problem.line, problem.field) == (2, "schedule_date")
    problem = refused(parse_schedule, "s.csv", schedule("2026-11-20", "1990-04-01"), Country.ENGLAND, today=today)
    assert problem.field == "effective_date" and "1993-04-01 to 2026-11-30" in problem.message
