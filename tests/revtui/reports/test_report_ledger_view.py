"""How the reports sort a ledger's postings, on a worked example, and the command line."""

import datetime as dt
from decimal import Decimal

import pytest

from revcore.allocation import AllocationPolicy
from revcore.approvals import AuthorisationLimits, request_write_off
from revcore.entries import Category
from revcore.ledger import Ledger
from revcore.periods import FinancialYear
from revtui.reports.cash import channel_of, suspense_held
from revtui.reports.ledger_view import totals_as_at
from revcore.cashposting import PaymentLine
from revtui.records.payments import SuspenseEntry, open_cash_records
from revtui.store import Store

D = dt.date
Y = FinancialYear(2026)
POLICY = AllocationPolicy()
LIMITS = AuthorisationLimits(Decimal("250.00"), Decimal("100.00"))


def test_a_returned_payment_counts_against_collected_and_a_write_off_is_its_own_column():
    ledger = Ledger("C00012343").charge(Y, Decimal("1200.00"), effective=D(2026, 4, 1), posted=D(2026, 3, 10), reason="bill")
    ledger = ledger.pay(Decimal("120.00"), effective=D(2026, 4, 1), posted=D(2026, 4, 1), reason="dd", policy=POLICY)
    ledger = ledger.pay(Decimal("120.00"), effective=D(2026, 5, 1), posted=D(2026, 5, 1), reason="dd", policy=POLICY)
    ledger = ledger.reverse("C00012343/3", effective=D(2026, 5, 6), posted=D(2026, 5, 6), reason="unpaid")
    ledger = ledger.adjust(Y, Decimal("-300.00"), effective=D(2026, 4, 1), posted=D(2026, 6, 2), reason="discount")
    request = request_write_off("W1", "C00012343", Y, Decimal("80.00"), "gone away", "a.patel", D(2026, 7, 1), LIMITS)
    ledger = ledger.write_off(request, effective=D(2026, 7, 1), posted=D(2026, 7, 1))

    [(bucket, totals)] = totals_as_at(ledger, D(2026, 7, 31)).items()
    assert bucket == (Y, Category.CHARGE)
    # charged 1200 - 300 = 900; collected 120 + 120 - 120 (returned) = 120; written off 80
    assert (totals.charged, totals.collected, totals.written_off) == (Decimal("900.00"), Decimal("120.00"), Decimal("80.00"))
    # outstanding 900 - 120 - 80 = 700, the ledger's balance
    assert totals.outstanding == ledger.balance == Decimal("700.00")
    # as at 5 May the return and the adjustment had not been posted: 1200 - 240 = 960
    earlier = totals_as_at(ledger, D(2026, 5, 5))[(Y, Category.CHARGE)]
    assert (earlier.charged, earlier.collected, earlier.outstanding) == (Decimal("1200.00"), Decimal("240.00"), Decimal("960.00"))


def test_channel_is_read_from_the_payment_source():
    assert channel_of("dd:C00012343:2026-05-01") == "direct debit"
    assert channel_of("paypoint-2026-05-01.csv line 7") == "paypoint"
    assert channel_of("ALLPAY_20260501.txt line 3") == "allpay"
    assert channel_of("aeo:C00012343/2026/27/attachment_of_earnings/1:2026-07-28") == "attachment of earnings"
    assert channel_of("hb-deduction:H00000019:2026-11-02") == "deducted from HB"  # never through the bank
    assert channel_of("counter") == "other"


def test_suspense_as_at_shows_an_item_until_the_day_it_was_allocated(tmp_path):
    store = Store(tmp_path / "s.db", user="t")
    repo = open_cash_records(store).suspense
    with store.change("test"):
        repo.add(SuspenseEntry("k1", "bank-2026-05-01.csv line 2",
                               PaymentLine(2, "1234567", Decimal("50.00"), D(2026, 5, 1), channel="bank"),
                               "reference not valid", D(2026, 5, 1), allocated_to="C00012343",
                               allocated_by="a.patel", allocated_on=D(2026, 5, 20)))
        repo.add(SuspenseEntry("k2", "bank-2026-05-09.csv line 1",
                               PaymentLine(1, "", Decimal("20.00"), D(2026, 5, 9), channel="bank"),
                               "reference not valid", D(2026, 5, 9)))
    assert [r[2] for r in suspense_held(store, D(2026, 4, 30)).rows] == [""]  # only the total line
    held = suspense_held(store, D(2026, 5, 19))
    assert [r[6] for r in held.rows] == [Decimal("50.00"), Decimal("20.00"), Decimal("70.00")]
    assert held.rows[0][1] == 18  # days held by 19 May
    assert [r[6] for r in suspense_held(store, D(2026, 5, 20)).rows] == [Decimal("20.00"), Decimal("20.00")]
    store.close()


def test_command_line_writes_csv_as_at_a_day(demo_store_path, tmp_path, capsys):
    from revtui.cli import main

    def report(*args: str) -> int:
        return main(["--store", str(demo_store_path), "report", *args], officer="clerk")

    assert report("collection", "--as-at", "2026-06-30") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == ("kind,period,to,net_debit,collected,written_off,transferred,outstanding,rate_pct,profile_pct,"
                        "difference_pct")
    ctax = [line.split(",")[1] for line in lines[1:] if line.startswith("council tax,")]
    assert ctax == ["Apr 2026", "May 2026", "Jun 2026"]
    out = tmp_path / "arrears.csv"
    assert report("arrears", "--out", str(out)) == 0
    assert out.read_text().startswith("kind,year,stage,accounts,charge,costs,total")
    assert out.stat().st_mode & 0o077 == 0  # it names people: the officer's own file
    capsys.readouterr()
    assert report("arrears", "--chart") == 2
    assert "--chart is for the collection report" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:  # not a day: argparse's usage error, naming it
        report("cash", "--as-at", "2026-02-30")
    assert usage.value.code == 2 and "'2026-02-30' is not a date" in capsys.readouterr().err
    missing = demo_store_path.parent / "nope.db"
    assert main(["--store", str(missing), "report", "cash"], officer="clerk") == 2
    assert not missing.exists()
