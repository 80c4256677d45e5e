"""A bulk run: postcode order, batch PDFs with a mail-house index, and a run that must
reconcile with what produced it before a named officer can approve it for print."""

import csv
import datetime as dt
import io
from decimal import Decimal

import attrs
import pypdf
import pytest

from letters.printrun import (
    INDEX_COLUMNS,
    PrintRunError,
    ProducingRun,
    RunState,
    approve,
    check,
    draft,
    index_csv,
    postcode_key,
    produce_batches,
    release,
    sort_for_post,
)
from letters.samples import ENGLISH, WELSH, demo_bills
from revcore.money import money_sum

AT = dt.datetime(2027, 3, 9, 17, 0)


def test_postcodes_sort_by_district_number_not_text():
    codes = ["DT10 1AA", "DT2 9ZZ", "dt2 1aa", "AB1 2CD", "not a postcode", "DT1A 1AA"]
    assert sorted(codes, key=postcode_key) == ["AB1 2CD", "DT1A 1AA", "dt2 1aa", "DT2 9ZZ", "DT10 1AA", "not a postcode"]


@pytest.fixture(scope="module")
def bulk(brandings, tmp_path_factory):
    # 7 English and 3 Welsh (bilingual, 4 pages each) bills, batches of 4 on 2 processes.
    notices = list(demo_bills(7)) + list(demo_bills(3, council=WELSH, seed=9))
    notices = [attrs.evolve(n, header=attrs.evolve(n.header, account_reference=f"C{i:08d}")) for i, n in enumerate(notices)]
    out = tmp_path_factory.mktemp("run")
    told = []
    batches = produce_batches("bills-2027", notices, brandings, out, batch_size=4, workers=2,
                              progress=lambda done, total: told.append((done, total)))
    assert told == [(0, 10), (4, 10), (8, 10), (10, 10)]  # a long run says how far it has got, batch by batch
    return notices, batches, out


def test_batches_hold_every_notice_once_in_postcode_order(bulk):
    notices, batches, out = bulk
    assert [len(b.rows) for b in batches] == [4, 4, 2]
    rows = [row for b in batches for row in b.rows]
    assert [r.sequence for r in rows] == list(range(1, 11))
    assert [r.account_reference for r in rows] == [n.header.account_reference for n in sort_for_post(notices)]
    assert [postcode_key(r.postcode) for r in rows] == sorted(postcode_key(r.postcode) for r in rows)


def test_index_page_ranges_match_the_pdf(bulk):
    notices, batches, out = bulk
    by_ref = {n.header.account_reference: n for n in notices}
    for batch in batches:
        reader = pypdf.PdfReader(out / batch.pdf_name)
        assert len(reader.pages) == batch.pages
        for row in batch.rows:
            # English bill: front and reverse; Welsh: front and reverse in each language.
            welsh = by_ref[row.account_reference].header.council_id == WELSH
            assert row.pages == (4 if welsh else 2)
            front = reader.pages[row.first_page - 1].extract_text()
            assert row.account_reference in front and row.postcode in front


def test_index_csv_is_what_a_mail_house_expects(bulk):
    notices, batches, out = bulk
    batch = batches[0]
    with open(out / batch.index_name, newline="", encoding="utf-8") as handle:
        lines = list(csv.DictReader(handle))
    assert tuple(lines[0]) == INDEX_COLUMNS
    assert [int(line["sequence"]) for line in lines] == [r.sequence for r in batch.rows]
    first = lines[0]
    row = batch.rows[0]
    assert (int(first["first_page"]), int(first["last_page"])) == (row.first_page, row.last_page)
    assert first["postcode"] == row.postcode and first["notice_type"] == "annual_bill"
    assert first["address_1"] == row.address_lines[0]


def test_batches_are_private_and_the_index_quotes_an_address_that_is_a_formula(bulk):
    _, batches, out = bulk
    assert all((out / name).stat().st_mode & 0o077 == 0 for b in batches for name in (b.pdf_name, b.index_name))
    row = attrs.evolve(batches[0].rows[0], address_lines=("=1+2", "+44 1234", "@SUM(A1)"))
    [_, line] = list(csv.reader(io.StringIO(index_csv([row]), newline="")))
    assert line[INDEX_COLUMNS.index("address_1"):INDEX_COLUMNS.index("address_4")] == ["'=1+2", "'+44 1234", "'@SUM(A1)"]


def _run(bulk, **source_changes):
    notices, batches, _ = bulk
    total = money_sum(n.amount_payable for n in notices)
    source = attrs.evolve(ProducingRun("annual-billing-2027", "annual_bill", len(notices), total), **source_changes)
    return draft("bills-2027", source, notices, batches, drafted_by="a.clerk", at=AT)


def test_run_is_checked_approved_and_released_in_order(bulk):
    run = _run(bulk)
    with pytest.raises(PrintRunError, match="must be checked before approval"):
        approve(run, approved_by="b.manager", at=AT)
    checked = check(run, checked_by="a.clerk", at=AT)
    with pytest.raises(PrintRunError, match="only an approved run is released"):
        release(checked, at=AT)
    with pytest.raises(PrintRunError, match="a.clerk drafted it and cannot also approve it"):
        approve(checked, approved_by="a.clerk", at=AT)
    approved = approve(checked, approved_by="b.manager", at=AT)
    released = release(approved, at=AT + dt.timedelta(hours=1))
    assert released.state is RunState.RELEASED
    assert (released.checked_by, released.approved_by, released.pages) == ("a.clerk", "b.manager", 7 * 2 + 3 * 4)


def test_run_that_does_not_reconcile_cannot_be_checked(bulk):
    notices, _, _ = bulk
    total = money_sum(n.amount_payable for n in notices)
    short = _run(bulk, count=len(notices) + 1, total=total + Decimal("0.01"))
    with pytest.raises(PrintRunError) as error:
        check(short, checked_by="a.clerk", at=AT)
    assert "10 notices in the print run, 11 produced by run annual-billing-2027" in str(error.value)
    assert f"print run total {total}, producing run annual-billing-2027 total {total + Decimal('0.01')}" in str(error.value)


def test_run_with_a_lost_index_line_cannot_be_checked(bulk):
    run = _run(bulk)
    broken = attrs.evolve(run.batches[0], rows=run.batches[0].rows[1:])
    run = attrs.evolve(run, batches=(broken, *run.batches[1:]))
    with pytest.raises(PrintRunError, match="9 index lines for 10 notices"):
        check(run, checked_by="a.clerk", at=AT)
