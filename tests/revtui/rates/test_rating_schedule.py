"""VOA change files (schedules of alterations): applied line by line to the council's list and to
the business rates accounts, backdated changes billed again year by year, a reduction credited
with interest on the repayment (SI 1990/1904), safe to import twice, bad lines named."""

import datetime as dt
from decimal import Decimal

import pytest

from revcore.council import Country
from revcore.ctax import Address
from revcore.entries import EntryKind
from revcore.ledger import Ledger
from revcore.nndr import Hereditament, RateableValue, RatesLiability
from revcore.periods import FinancialYear
from refdata.instalments import instalment_rules
from refdata.ledger import ledger_settings
from refdata.nndr import load_rates_rules
from revtui.cli import main as revtui_main
from revtui.imports.nndr_schedule import parse_schedule
from revtui.imports.problems import ImportRejected
from revtui.records.rates import RatesAccount, rates_accounts
from revtui.records.rating_list import rating_list
from revtui.services.rates import bill_rates_year
from revtui.services.rating_schedule import INTEREST_FROM, import_schedule
from revtui.services.session import set_council
from revtui.store import Store

NAME = "uk-englandwales-ndr-2023-listentries-change-epoch-0021-csv.csv"
UARN = "4323101777"


def change(entry: int, code: str, uarn: str, rv: str, effective: str, assessment: str, replaces: str = "") -> str:
    """A change record: the list entry record's 28 fields (formats.md 1.2, invented values), then
    our change code and the UARNs it replaces (refdata/tables/voa/nndr_schedule_layout.toml)."""
    fields = [str(entry), "0998", "", f"BR{uarn[-4:]}", "CS", "SHOP AND PREMISES", uarn,
              "1 MILL LANE, BROOKFIELD", "", "1", "MILL LANE", "BROOKFIELD", "", "", "DM5 3AB", effective, "", rv, "",
              assessment, "03-FEB-2025", "249S", "", "", "", "", "03-FEB-2025", "", code, replaces]
    return "*".join(fields) + "*"


def data(*rows: str) -> bytes:
    return ("\n".join(rows) + "\n").encode("latin-1")


@pytest.fixture()
def store(tmp_path):
    s = Store(tmp_path / "council.db", user="rates.officer")
    set_council(s, "demo-district")
    yield s
    s.close()


def billed_and_paid(rv: int = 40_000) -> RatesAccount:
    """A shop on the 2023 list at ``rv`` from 1 April 2023, billed for 2023/24 and 2024/25 and each
    year paid in full in one payment early in April."""
    hereditament = Hereditament("NDR0000777", UARN, Address(("1 Mill Lane", "Brookfield"), "DM5 3AB"),
                                "SHOP AND PREMISES", Country.ENGLAND,
                                (RateableValue(dt.date(2023, 4, 1), Decimal(rv), 2023),))
    reference = "N00000777"
    account = RatesAccount(reference, hereditament,
                           RatesLiability(reference, hereditament.reference, "Mill Lane Traders Ltd",
                                          dt.date(2023, 4, 1)), Ledger(reference))
    rules = load_rates_rules("england")
    for year, billed, paid in ((2023, dt.date(2023, 3, 15), dt.date(2023, 4, 3)),
                               (2024, dt.date(2024, 3, 15), dt.date(2024, 4, 2))):
        fy = FinancialYear(year)
        account = bill_rates_year(account, rules, fy, billed, instalment_rules("business_rates", "england", fy))
        due = account.last_bill(year).explanation.total
        account = attrs_evolve(account, ledger=account.ledger.pay(
            due, effective=paid, posted=paid, reason="paid in full", policy=ledger_settings(paid).policy))
    return account


def attrs_evolve(value, **changes):
    import attrs

    return attrs.evolve(value, **changes)


def test_a_backdated_reduction_across_two_years_is_billed_again_and_credited_with_interest(store):
    """The worked example. A shop on the 2023 list at £40,000 paid 2023/24 in full on 3 April 2023
    and 2024/25 on 2 April 2024. On 3 March 2025 the VOA reduces it to £30,000 from 1 April 2023.

    The charge: RV below £51,000 takes England's small business multiplier, 49.9p in both years
    (LGFA 1988 Sch 7 para 1; refdata/tables/nndr/multipliers.toml), occupied all year:
        before  40,000 x 0.499 = £19,960.00 a year
        after   30,000 x 0.499 = £14,970.00 a year, so each year is reduced by £4,990.00,
    all of it overpaid (each year was paid in full).

    Interest (SI 1990/1904, as amended; the rate for a year is Bank Rate on 15 March before it less
    one point: 2023/24 4.00 - 1 = 3.00% (Torbay Council's published figure), 2024/25 5.25 - 1 =
    4.25% (UNVERIFIED table value)), simple, days / 365, from the day paid to the day before the
    credit, rounded down to the penny (refdata/tables/nndr/repayment_interest.toml):
        2023/24's £4,990 paid 3 Apr 2023:
            3 Apr 2023 - 31 Mar 2024, 364 days: 4,990 x 3.00% x 364/365 = 149.289863
            1 Apr 2024 -  2 Mar 2025, 336 days: 4,990 x 4.25% x 336/365 = 195.225205
            total 344.515068 -> £344.51
        2024/25's £4,990 paid 2 Apr 2024:
            2 Apr 2024 -  2 Mar 2025, 335 days: 4,990 x 4.25% x 335/365 = 194.644178 -> £194.64
    Credit on the account: 4,990 + 4,990 + 344.51 + 194.64 = £10,519.15.
    """
    account = billed_and_paid()
    assert account.ledger.balance == 0
    rates_accounts(store).add(account, reason="test account")
    today = dt.date(2025, 3, 3)
    schedule = parse_schedule(NAME, data(change(1, "A", UARN, "30000", "01-APR-2023", "26641211778")))
    report = import_schedule(store, schedule, officer="rates.officer", today=today)

    after = rates_accounts(store).find_one("reference", "N00000777").value
    assert [(r.year.label, r.before, r.after, r.overpaid) for r in report.rebills] == [
        ("2023/24", Decimal("19960.00"), Decimal("14970.00"), Decimal("4990.00")),
        ("2024/25", Decimal("19960.00"), Decimal("14970.00"), Decimal("4990.00"))]
    interest = [r.interest.total for r in report.rebills]
    assert interest == [Decimal("344.51"), Decimal("194.64")]
    assert [s.days for s in report.rebills[0].interest.spans] == [364, 336]
    assert after.ledger.balance == Decimal("-10519.15")  # a credit, for refund
    credits = [e for e in after.ledger.entries if e.kind is EntryKind.TRANSFER]
    assert [(e.counterpart, -e.amount) for e in credits] == [(INTEREST_FROM, Decimal("344.51")),
                                                               (INTEREST_FROM, Decimal("194.64"))]
    assert after.hereditament.value_on(dt.date(2023, 4, 1)).value == 30_000
    assert rating_list(store).find_one("key", f"{UARN}/2023").value.current.rateable_value == 30_000
    text = "\n".join(report.lines())
    assert "£19,960.00 -> £14,970.00, reduced by £4,990.00" in text
    assert "£4,990.00 x 3.00% x 364/365" in text and "SI 1990/1904" in text


def test_the_same_change_file_imported_twice_or_renamed_applies_once(store):
    rates_accounts(store).add(billed_and_paid(), reason="test account")
    today = dt.date(2025, 3, 3)
    body = data(change(1, "A", UARN, "30000", "01-APR-2023", "26641211778"))
    first = import_schedule(store, parse_schedule(NAME, body), officer="rates.officer", today=today)
    assert len(first.applied) == 1
    balance = rates_accounts(store).find_one("reference", "N00000777").value.ledger.balance
    again = import_schedule(store, parse_schedule(NAME, body), officer="rates.officer", today=today)
    assert again.earlier and "nothing applied" in again.lines()[0]
    # another name, other line endings: the same changes; and a later file repeating the line
    renamed = import_schedule(store, parse_schedule("uk-englandwales-ndr-2023-again.csv", body.replace(b"\n", b"\r\n")),
                              officer="rates.officer", today=today)
    assert renamed.earlier
    repeated = import_schedule(store, parse_schedule(NAME, body + data(change(2, "N", "4323109999", "12000",
                                                                              "01-JUL-2024", "26641219999"))),
                               officer="rates.officer", today=today)
    assert repeated.unchanged == 1 and not repeated.rebills
    assert rates_accounts(store).find_one("reference", "N00000777").value.ledger.balance == balance


def test_a_bad_change_file_names_each_bad_line_and_applies_nothing(store):
    rates_accounts(store).add(billed_and_paid(), reason="test account")
    rows = [change(1, "A", UARN, "30000", "01-APR-2023", "26641211778"),
            change(2, "X", UARN, "30000", "01-APR-2023", "26641211779"),
            change(3, "A", UARN, "", "01-APR-2023", "26641211780"),
            change(4, "D", "4323101888", "", "", "26641211781"),
            change(5, "M", "4323101999", "50000", "01-APR-2024", "26641211782"),
            change(6, "A", UARN, "30000", "31-FEB-2024", "26641211783"),
            change(7, "A", UARN, "30000", "01-APR-2023", "26641211784")[:-12]]
    with pytest.raises(ImportRejected) as rejected:
        parse_schedule(NAME, data(*rows))
    text = str(rejected.value)
    assert "line 2, change: 'X' is not a change" in text
    assert "line 3, rateable_value: missing" in text
    assert "line 4, effective_date: missing" in text
    assert "line 5, replaces: missing" in text
    assert "line 6, effective_date: '31-FEB-2024' is not a date" in text
    assert "line 7" in text and "line 1," not in text


def test_an_increase_is_a_further_demand_and_earns_no_interest(store):
    rates_accounts(store).add(billed_and_paid(), reason="test account")
    report = import_schedule(store, parse_schedule(NAME, data(change(1, "A", UARN, "45000", "01-OCT-2024",
                                                                     "26641211790"))),
                             officer="rates.officer", today=dt.date(2025, 3, 3))
    [rebill] = report.rebills  # only 2024/25: the change is from 1 October 2024
    # 1 Oct 2024 - 31 Mar 2025 is 182 of 365 days: 5,000 x 0.499 x 182/365 = 1,244.0821... -> £1,244.08
    assert rebill.year.label == "2024/25" and rebill.difference == Decimal("1244.08")
    assert rebill.interest is None and not rebill.overpaid
    assert rates_accounts(store).find_one("reference", "N00000777").value.ledger.balance == Decimal("1244.08")


def test_a_split_ends_the_old_hereditament_and_enters_the_parts(store):
    rates_accounts(store).add(billed_and_paid(), reason="test account")
    # the list entry as held: the account already says it, so only the list changes
    held = import_schedule(store, parse_schedule(NAME, data(change(1, "N", UARN, "40000", "01-APR-2023",
                                                                   "26641211777"))),
                           officer="rates.officer", today=dt.date(2025, 3, 1))
    assert held.applied[0].endswith("0 account(s) changed") and not held.rebills
    rows = [change(1, "S", "4323101801", "18000", "01-APR-2024", "26641211801", UARN),
            change(2, "S", "4323101802", "12000", "01-APR-2024", "26641211802", UARN)]
    report = import_schedule(store, parse_schedule(NAME, data(*rows)), officer="rates.officer",
                             today=dt.date(2025, 3, 3))
    listing = rating_list(store)
    assert listing.find_one("key", "4323101801/2023").value.current.rateable_value == 18_000
    ended = listing.find_one("key", f"{UARN}/2023").value
    assert ended.value_on(dt.date(2024, 3, 31)).rateable_value == 40_000 and ended.current.rateable_value is None
    # our copy of the list on 3 March 2025: one hereditament at £40,000 before; the two parts after
    assert report.totals == ((1, 40_000), (2, 30_000))
    assert "1 hereditament(s), RV £40,000 before; 2, £30,000 after" in "\n".join(report.lines())
    account = rates_accounts(store).find_one("reference", "N00000777").value
    assert account.hereditament.value_on(dt.date(2024, 4, 1)).value == 0
    assert account.last_bill(2024).explanation.total == 0
    assert any("end its account's liability" in note for note in report.notes)
    assert any("no business rates account at UARN 4323101801" in note for note in report.notes)


def test_the_command_applies_a_change_file_and_refuses_a_bad_one(tmp_path, capsys):
    path = tmp_path / "council.db"
    s = Store(path, user="batch")
    set_council(s, "demo-district")
    rates_accounts(s).add(billed_and_paid(), reason="test account")
    from revtui.services.session import open_session

    open_session(s, officer="batch")
    s.close()
    from revtui.identity import os_user

    good = tmp_path / NAME
    good.write_bytes(data(change(1, "A", UARN, "30000", "01-APR-2023", "26641211778")))
    assert revtui_main(["--store", str(path), "import-nndr-changes", str(good)]) == 77  # no role: refused
    assert "importing payment, Bacs or Valuation Office files" in capsys.readouterr().err
    (tmp_path / "roles.toml").write_text(f'[roles.users]\n"{os_user()}" = "senior officer"\n')  # batch.import
    bad = tmp_path / "uk-englandwales-ndr-2023-bad.csv"
    bad.write_bytes(data(change(1, "Q", UARN, "30000", "01-APR-2023", "26641211778")))
    assert revtui_main(["--store", str(path), "import-nndr-changes", str(bad)]) == 2
    assert "line 1, change: 'Q' is not a change" in capsys.readouterr().err
    assert revtui_main(["--store", str(path), "import-nndr-changes", str(good)]) == 1  # credits to refund: look
    out = capsys.readouterr().out
    assert "2 year(s) billed again" in out and "reduced by £4,990.00" in out
    assert revtui_main(["--store", str(path), "import-nndr-changes", str(good)]) == 0
    assert "nothing applied" in capsys.readouterr().out


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PIECES = st.sampled_from(["*", "\n", "\r\n", "\x85", "A", "Q", "D", "M", "S", " ", "12x", "01-APR-2023",
                          "31-FEB-2024", "", "1*0998*", "é"])
GOOD = [change(1, "A", UARN, "30000", "01-APR-2023", "26641211778"),
        change(2, "M", "4323101900", "52000", "01-OCT-2024", "26641211900", "4323101901 4323101902"),
        change(3, "D", "4323101950", "", "01-JAN-2025", "26641211950")]


@settings(max_examples=150)
@given(st.integers(0, 900), st.integers(0, 40), st.lists(PIECES, max_size=4))
def test_a_mutated_change_file_is_read_or_refused_with_line_and_field_never_a_traceback(at, cut, pieces):
    text = "\n".join(GOOD) + "\n"
    at = min(at, len(text))
    mutated = (text[:at] + "".join(pieces) + text[at + cut:]).encode("utf-8")
    try:
        schedule = parse_schedule(NAME, mutated)
    except ImportRejected as refused:
        assert refused.problems and all(p.line >= 1 and p.field for p in refused.problems)
    else:
        assert all(r.entry.uarn.isdigit() and r.entry.effective_date for r in schedule.records)


def test_a_change_broken_by_an_embedded_newline_is_rejoined_and_latin_1_text_is_read():
    row = change(1, "A", UARN, "30000", "01-APR-2023", "26641211778").replace("SHOP AND PREMISES", "CAFÉ AND PREMISES")
    cut = row.index("MILL LANE*")
    schedule = parse_schedule(NAME, (row[:cut] + "\n" + row[cut:] + "\n").encode("latin-1"))
    [record] = schedule.records
    assert record.entry.description == "CAFÉ AND PREMISES" and (record.entry.line, record.entry.last_line) == (1, 2)
    assert record.entry.rateable_value == 30_000 and record.change.value == "altered"
