"""The VOA rating list entries file: read per formats.md 1.2-1.3, imported into the council's copy
of the list (safe to repeat), and reconciled with the business rates accounts."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from revcore.council import Country
from revcore.ctax import Address
from revcore.ledger import Ledger
from revcore.nndr import Hereditament, RateableValue, RatesLiability
from revtui.cli import main as revtui_main
from revtui.commands.rating_list import main as rating_list_main
from revtui.imports.nndr_list import parse_rating_list, read_rating_list
from revtui.imports.problems import ImportRejected
from revtui.records.rates import RatesAccount, rates_accounts
from revtui.records.rating_list import rating_list
from revtui.reports import REPORTS
from revtui.services.rating_list import import_rating_list
from revtui.services.session import set_council
from revtui.store import Store

FIXTURE = (Path(__file__).parent.parent / "fixtures"
           / "uk-englandwales-ndr-2026-listentries-compiled-epoch-0001-baseline-csv.csv")
TODAY = dt.date(2026, 12, 1)
NAME = FIXTURE.name
# formats.md 1.3: a real 2023 compiled-list record's shape, with invented values.
GOLDEN = ("1*0998**087099*CW*WAREHOUSE AND PREMISES*4323101999*INVENTED TRADING LTD, STEINBECK CRESCENT, "
          "SNELSHALL WEST, BROOKFIELD**INVENTED TRADING LTD*STEINBECK CRESCENT*BROOKFIELD*SNELSHALL WEST**DM4 4AE***"
          "1100000**26641211999**151S****32409301999*01-APR-2023**")


@pytest.fixture()
def store(tmp_path):
    s = Store(tmp_path / "council.db", user="rates.officer")
    set_council(s, "demo-district")
    yield s
    s.close()


def lines() -> list[str]:
    return FIXTURE.read_bytes().decode("latin-1").splitlines()


def as_bytes(rows: list[str], newline: str = "\n", encoding: str = "latin-1", bom: bytes = b"") -> bytes:
    return bom + (newline.join(rows) + newline).encode(encoding)


def with_field(row: str, position: int, value: str) -> str:
    """``row`` with field ``position`` (1-based, as formats.md numbers them) set to ``value``."""
    items = row.split("*")
    items[position - 1] = value
    return "*".join(items)


def imported(store, data: bytes | None = None, name: str = NAME, **options):
    listfile = parse_rating_list(name, FIXTURE.read_bytes() if data is None else data)
    return import_rating_list(store, listfile, officer="rates.officer", today=TODAY, **options)


def entries(store) -> dict[str, object]:
    repo = rating_list(store)
    return {stored.value.uarn: stored for stored in repo}


def test_the_real_record_shape_reads_field_by_field_with_the_trailing_asterisk_and_an_empty_effective_date():
    listfile = parse_rating_list("uk-englandwales-ndr-2023-listentries-compiled-epoch-0019-baseline-csv.csv",
                                 (GOLDEN + "\n").encode("latin-1"))
    [record] = listfile.records
    assert listfile.list_year == 2023
    assert (record.ba_code, record.ba_reference, record.description_code, record.uarn) == \
        ("0998", "087099", "CW", "4323101999")  # the BA code keeps its leading zero
    assert (record.street, record.town, record.postal_district, record.postcode) == \
        ("STEINBECK CRESCENT", "BROOKFIELD", "SNELSHALL WEST", "DM4 4AE")
    assert record.rateable_value == 1100000 and record.effective_date is None and not record.composite
    assert (record.assessment_reference, record.scat_code, record.case_number) == ("26641211999", "151S", "32409301999")
    assert record.current_from == dt.date(2023, 4, 1) and record.current_to is None


def test_every_bad_line_is_reported_by_number_and_nothing_is_applied(store):
    rows = lines()
    rows[2] = rows[2].replace("01-APR-2026", "31-APX-2026")        # line 3: not a date
    rows[4] = rows[4][: rows[4].index("*8823100005*")]              # line 5: short, and line 6 begins a record
    rows[9] = with_field(rows[9], 18, "5,100")                      # line 10: a comma in the RV
    rows[14] = rows[14] + "EXTRA*"                                  # line 15: 29 fields
    rows.insert(20, "AND A STRAY FRAGMENT*")                        # line 21: follows a complete record
    rows[25] = rows[25][:-1]                                        # line 26: no trailing '*'
    with pytest.raises(ImportRejected) as refused:
        imported(store, as_bytes(rows))
    found = {(p.line, p.field) for p in refused.value.problems}
    assert found == {(3, "current_from"), (5, "record"), (10, "rateable_value"), (15, "record"), (21, "record"),
                     (26, "record")}
    messages = "\n".join(map(str, refused.value.problems))
    assert "line 5, record: short: 5 of 28 fields" in messages and "line 21, record: does not begin a record" in messages
    assert len(rating_list(store)) == 0


def test_a_record_broken_by_an_embedded_newline_is_rejoined_and_means_what_the_whole_line_meant(store):
    rows = lines()
    whole = parse_rating_list(NAME, as_bytes(rows))
    at = rows[6].index(", BROOKFIELD,") + 1                         # break inside the address, at its space
    broken = rows[:6] + [rows[6][:at], rows[6][at + 1:]] + rows[7:]
    rejoined = parse_rating_list(NAME, as_bytes(broken, "\r\n"))
    assert rejoined.rejoined == ((7, 8),)
    assert rejoined.content_hash == whole.content_hash
    assert [r.rateable_value for r in rejoined.records] == [r.rateable_value for r in whole.records]


def test_a_list_imports_and_its_redeliveries_in_other_bytes_change_nothing(store):
    first = imported(store)
    assert (first.records, first.added, first.changed, first.missing) == (36, 36, (), ())
    held = entries(store)
    # The café keeps its latin-1 É; line 30 (a proxy deletion) is held with no value from 1 July.
    assert held["8823100003"].value.description == "CAFÉ AND PREMISES"
    deleted = held["8823100030"].value
    assert deleted.current.rateable_value is None and deleted.current.effective_from == dt.date(2026, 7, 1)
    assert held["8823100007"].value.current.effective_from == dt.date(2026, 10, 1)
    assert held["8823100001"].value.current.effective_from == dt.date(2026, 4, 1)  # from the list's first day
    versions = {uarn: stored.version for uarn, stored in held.items()}

    text = FIXTURE.read_bytes().decode("latin-1").splitlines()
    for name, data in (("again.csv", as_bytes(text, "\r\n")),
                       ("utf8-bom.csv", as_bytes(text, encoding="utf-8", bom=b"\xef\xbb\xbf")),
                       ("utf8.csv", as_bytes(text, encoding="utf-8")),
                       ("latin1-blank-lines.csv", as_bytes(["", *text, "", ""]))):
        report = import_rating_list(store, parse_rating_list(name, data, 2026), officer="o", today=TODAY)
        assert report.earlier.startswith(NAME) and report.added == 0
    assert {uarn: stored.version for uarn, stored in entries(store).items()} == versions


def test_an_alteration_is_applied_from_its_effective_date_and_an_entry_left_out_is_reported_not_deleted(store):
    imported(store)
    rows = lines()
    # UARN 8823100002 re-assessed from 1 November (a new assessment reference), and 8823100009 left out.
    rv = rows[1].split("*")[17]
    rows[1] = rows[1].replace(f"**{rv}**27000000014**", "01-NOV-2026**8000**27000000999*20-NOV-2026*")
    del rows[8]
    report = imported(store, as_bytes(rows), name="uk-englandwales-ndr-2026-listentries-compiled-epoch-0002.csv")
    assert report.changed == (f"8823100002 (NDR0000002): £{int(rv):,} -> £8,000 from 2026-11-01 "
                              "(assessment 27000000999)",)
    assert len(report.missing) == 1 and report.missing[0].startswith("8823100009 (NDR0000009")
    altered = entries(store)["8823100002"].value
    assert [(v.effective_from, v.rateable_value) for v in altered.values] == \
        [(dt.date(2026, 4, 1), int(rv)), (dt.date(2026, 11, 1), 8000)]
    assert "8823100009" in entries(store)  # kept

    # The first epoch delivered again after the second is known, and nothing is put back ...
    again = imported(store, as_bytes(lines(), "\r\n"), name="resent.csv".replace("resent", "ndr-2026-resent"))
    assert again.earlier and entries(store)["8823100002"].value.current.rateable_value == 8000
    # ... and a file as old but not the same (one address changed) applies none of its older assessments.
    older = [row.replace("ASHBY PARVA", "ASHBY MAGNA") if row.startswith("3*") else row for row in lines()]
    again = imported(store, as_bytes(older), name="uk-englandwales-ndr-2026-listentries-late.csv")
    assert again.older == ("8823100002 line 2: assessment 27000000014 is older than the 27000000999 held; "
                           "not applied",)
    assert entries(store)["8823100002"].value.current.rateable_value == 8000


def test_an_import_limited_to_one_billing_authority_skips_the_others_and_refuses_one_not_in_the_file(store):
    rows = [with_field(row, 2, "0999") if n % 4 == 0 else row for n, row in enumerate(lines())]  # 9 of the 36
    report = imported(store, as_bytes(rows), ba_code="0998")
    assert (report.records, report.added, report.other_authorities) == (27, 27, 9)
    assert {stored.value.ba_code for stored in entries(store).values()} == {"0998"}
    with pytest.raises(ImportRejected, match=r"no entries of billing authority '0435' \(the file has 0998, 0999\)"):
        imported(store, as_bytes(rows), ba_code="0435")


def rates_account(serial: int, uarn: str, rv: int | None = None, *, start=dt.date(2026, 4, 1),
                  values: tuple[RateableValue, ...] = ()) -> RatesAccount:
    """Account N<serial> liable from ``start`` for a hereditament valued ``rv`` in the 2026 list (or ``values``)."""
    reference = f"N{serial:08d}"
    values = values or (RateableValue(dt.date(2026, 4, 1), Decimal(rv), 2026),)
    hereditament = Hereditament(f"NDR{serial:07d}", uarn, Address((f"{serial} Mill Lane", "Brookfield"), "DM5 3AB"),
                                "SHOP AND PREMISES", Country.ENGLAND, values)
    return RatesAccount(reference, hereditament, RatesLiability(reference, hereditament.reference, f"Trader {serial}",
                                                                start), Ledger(reference))


def test_the_reconciliation_finds_a_different_value_an_unlisted_hereditament_and_one_not_billed(store):
    imported(store)
    listed = {uarn: stored.value for uarn, stored in entries(store).items()}
    accounts = [rates_account(n, f"88231{n:05d}", listed[f"88231{n:05d}"].current.rateable_value)
                for n in range(1, 36) if n != 30]
    accounts[3] = rates_account(4, "8823100004", listed["8823100004"].current.rateable_value + 150)  # a mismatch
    accounts.append(rates_account(99, "8823199999", 4000))                # ours only
    accounts.append(rates_account(30, "8823100030", 6000))                # the list's proxy deletion
    with store.change("test accounts"):
        for account in accounts:
            rates_accounts(store).add(account)
    as_at = dt.date(2026, 12, 1)

    [summary] = REPORTS["nndr-valuation"](store, as_at).rows
    list_total = sum(e.current.rateable_value for e in listed.values() if e.current.rateable_value is not None)
    our_total = list_total - listed["8823100036"].current.rateable_value + 150 + 4000 + 6000
    # 36 on the file less the deletion; ours: 34 matched (1-35 but 30) + 99 + 30; 36 not billed.
    assert summary == (2026, as_at, 36, 35, 1, our_total, list_total, our_total - list_total)

    rows = {row[1]: row for row in REPORTS["nndr-valuation-exceptions"](store, as_at).rows}
    assert set(rows) == {"8823100004", "8823199999", "8823100030", "8823100036"}
    assert rows["8823100004"][5:] == (listed["8823100004"].current.rateable_value + 150,
                                      listed["8823100004"].current.rateable_value, "rateable value differs "
                                      "(list value from 2026-04-01)")
    assert rows["8823199999"][-1].startswith("in our accounts, not on our copy of the list")
    assert "no value on the day" in rows["8823100030"][-1]
    assert rows["8823100036"][4:6] == ("", "") and rows["8823100036"][-1].startswith("on the list, not in our")


from tests.revtui.services.test_import_commands import store_bytes  # noqa: E402 - one definition of "untouched"


def test_the_commands_import_a_list_refuse_a_bad_one_untouched_and_report_the_reconciliation(tmp_path, capsys):
    path = tmp_path / "council.db"
    s = Store(path, user="batch")
    set_council(s, "demo-district")
    import_rating_list(s, read_rating_list(FIXTURE), officer="batch", today=TODAY)
    from revtui.services.session import open_session

    open_session(s, officer="batch")  # every table a command opens exists (opening one records its schema)
    s.close()
    (tmp_path / "roles.toml").write_text('[roles.users]\nbatch = "senior officer"\n')  # imports need the role
    bad = tmp_path / "uk-englandwales-ndr-2026-listentries-bad.csv"
    bad.write_bytes(FIXTURE.read_bytes().replace(b"*27500*", b"*27,500*", 1))
    before = store_bytes(str(path))
    capsys.readouterr()
    assert rating_list_main(["--store", str(path), "import-nndr-list", str(bad)], officer="batch") == 2
    err = capsys.readouterr().err
    assert "line 1, rateable_value: '27,500' is not a rateable value" in err and "Traceback" not in err
    assert store_bytes(str(path)) == before
    assert revtui_main(["--store", str(path), "import-nndr-list", str(bad)], officer="batch") == 2

    changed = tmp_path / "list.csv"
    changed.write_bytes(FIXTURE.read_bytes().replace(b"*27500*", b"*27600*", 1))
    assert revtui_main(["--store", str(path), "import-nndr-list", str(changed), "--list-year", "2026"], officer="batch") == 0
    out = capsys.readouterr().out
    assert "0 new, 1 changed" in out and "£27,500 -> £27,600" in out
    assert revtui_main(["--store", str(path), "import-nndr-list", str(changed), "--list-year", "2023"], officer="batch") == 2

    assert revtui_main(["--store", str(path), "report", "nndr-valuation", "--as-at", "2026-12-01"], officer="batch") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "list_year,taken_on,our_count,list_count,count_difference,our_rv,list_rv,rv_difference"
    assert out[1].startswith("2026,2026-12-01,0,35,-35,0,")


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PIECES = st.sampled_from(["*", "\n", "\r", "\r\n", "\x85", "²", "٣", "01-FEB-2026", "31-FEB-2026", "", " ", "0998*",
                          "1*0998*", "\x00", "é"])


@settings(max_examples=150)
@given(st.integers(0, 4000), st.integers(0, 60), st.lists(PIECES, max_size=4))
def test_a_mutated_list_is_read_or_refused_with_line_and_field_never_a_traceback(at, cut, pieces):
    text = FIXTURE.read_bytes().decode("latin-1")
    at = min(at, len(text))
    mutated = (text[:at] + "".join(pieces) + text[at + cut:]).encode("utf-8")
    try:
        listfile = parse_rating_list(NAME, mutated)
    except ImportRejected as refused:
        assert refused.problems and all(p.line >= 1 and p.field for p in refused.problems)
    else:
        assert all(r.uarn.isdigit() for r in listfile.records)


def test_each_list_is_reconciled_on_its_own_last_day_and_an_account_left_on_the_old_value_is_named(store):
    # Two hereditaments in both lists: the 2023 list as it stood on 31 March 2026, the 2026 list today.
    def record(n: int, rv: int, assessment: int) -> str:
        return with_field(with_field(with_field(GOLDEN, 7, f"43231{n:05d}"), 18, str(rv)), 20, str(assessment))

    for year, rvs in ((2023, (1000, 2000)), (2026, (1500, 2600))):
        data = as_bytes([record(n, rv, 26600000000 + year * 10 + n) for n, rv in enumerate(rvs, 1)])
        import_rating_list(store, parse_rating_list(f"uk-englandwales-ndr-{year}-listentries-x.csv", data),
                           officer="o", today=TODAY)
    since = dt.date(2023, 4, 1)
    moved_on = rates_account(1, "4323100001", start=since, values=(RateableValue(since, Decimal(1000), 2023),
                                                                   RateableValue(dt.date(2026, 4, 1), Decimal(1500), 2026)))
    old_value = rates_account(2, "04323100002", start=since, values=(RateableValue(since, Decimal(2000), 2023),))
    with store.change("test accounts"):
        rates_accounts(store).add(moved_on)
        rates_accounts(store).add(old_value)

    summary = REPORTS["nndr-valuation"](store, dt.date(2026, 12, 1)).rows
    assert summary == ((2023, dt.date(2026, 3, 31), 2, 2, 0, 3000, 3000, 0),
                       (2026, dt.date(2026, 12, 1), 1, 2, -1, 1500, 4100, -2600))
    [row] = REPORTS["nndr-valuation-exceptions"](store, dt.date(2026, 12, 1)).rows
    assert row[:2] == (2026, "4323100002")  # the leading zero of our copy of the UARN does not matter
    assert row[-1] == "on the list; N00000002 holds £2,000 in the 2023 list"


def test_two_accounts_liable_at_one_hereditament_on_different_values_are_named(store):
    imported(store)
    listed = entries(store)["8823100001"].value.current.rateable_value
    ended = rates_account(1, "8823100001", listed + 500)
    ended = RatesAccount(ended.reference, ended.hereditament, RatesLiability(
        ended.reference, ended.hereditament.reference, "Gone Ltd", dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
        ended.ledger)
    with store.change("test accounts"):
        rates_accounts(store).add(ended)  # ended in June: the accounts liable now speak for the hereditament
        rates_accounts(store).add(rates_account(2, "8823100001", listed))
        rates_accounts(store).add(rates_account(3, "8823100001", listed + 100))
    [row] = [r for r in REPORTS["nndr-valuation-exceptions"](store, TODAY).rows if r[1] == "8823100001"]
    assert row[4] == "N00000002 N00000003"
    assert row[-1] == f"our accounts differ: N00000002 £{listed:,}, N00000003 £{listed + 100:,}"
