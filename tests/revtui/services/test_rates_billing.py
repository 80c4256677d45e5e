"""Annual billing bills business rates, and their demand and adjustment notices are printed,
recorded on the account and reprinted as issued.

The figures are worked by hand from the 2026/27 English multipliers (refdata/tables/nndr/
multipliers.toml) and the instalment rule of SI 1989/1058 Sch 1 para 1(4)-(5): instalments 2..10
the total / 10 to the nearest pound, the first the rest.
"""

import datetime as dt
from decimal import Decimal

import attrs
import pytest

from letters.render import notice_html
from refdata.nndr import load_rates_rules
from refdata.instalments import instalment_rules
from revcore.council import Country
from revcore.ctax import Address
from revcore.ledger import Ledger
from revcore.nndr import Hereditament, RateableValue, RatesLiability, Relief, ReliefKind, rates_bill
from revcore.periods import FinancialYear
from revtui.branding import load_branding
from revtui.records.notices import open_notice_records
from revtui.records.rates import RatesAccount, rates_accounts
from revtui.services import notices
from revtui.services.batch import bill_all
from revtui.services.session import open_session
from letters import adapters
from letters.model import Addressee, NoticeHeader

from tests.revtui.services.conftest import YEAR, billed_account

D = dt.date
M = Decimal
BILLED = D(2026, 3, 10)


def rates_account(n: int, rv: int, name: str, *, rhl: bool = False, reliefs=()) -> RatesAccount:
    reference = f"N{n:07d}"
    here = Hereditament(f"NDR{n:07d}", f"88231{n:05d}", Address((f"Unit {n}, Demo Park", "Ashby Parva"), "DM7 1GH"),
                        "WORKSHOP AND PREMISES", Country.ENGLAND, (RateableValue(D(2026, 4, 1), M(rv), 2026),), rhl=rhl)
    return RatesAccount(reference, here, RatesLiability(reference, here.reference, name, D(2019, 9, 2),
                                                        reliefs=tuple(reliefs)), Ledger(reference))


@pytest.fixture()
def council(cash):
    billed_account(cash, 1)  # one council tax account, billed already: its run is unchanged
    with cash.store.change("test set-up: two business rates accounts, not billed yet"):
        repo = rates_accounts(cash.store)
        # RV 13,500 RHL shop on small business rate relief: 13,500 x 0.382 = 5,157.00, relief
        # (15,000 - 13,500) / 3,000 = 50% (E = 2): 2,578.50
        repo.add(rates_account(1, 13500, "Corner Shop Ltd", rhl=True,
                               reliefs=(Relief(ReliefKind.SMALL_BUSINESS, D(2026, 4, 1)),)))
        # RV 41,000 workshop: 41,000 x 0.432 (small business multiplier, RV below 51,000) = 17,712.00
        repo.add(rates_account(2, 41000, "Ashby Precision Engineering Ltd"))
    return cash


def rates(cash, reference):
    return rates_accounts(cash.store).find_one("reference", reference).value


def test_annual_billing_bills_every_business_rates_account(council):
    session = open_session(council.store, today=BILLED, officer="batch")
    summary = bill_all(session, YEAR)
    assert (summary.done, summary.unchanged) == (0, 1)
    assert (summary.rates.demands, summary.rates.adjustments, summary.rates.failed) == (2, 0, [])
    assert summary.rates.total == M("2578.50") + M("17712.00")
    assert "business rates: 2 demand notices, 0 adjustments" in summary.render()
    workshop = rates(council, "N0000002")
    assert workshop.ledger.balance == M("17712.00")
    # 17,712.00 / 10 = 1,771.20: nine of 1,771 and a first of 17,712 - 9 x 1,771 = 1,773.00
    assert [i.amount for i in workshop.bills[0].schedule.instalments][:2] == [M("1773.00"), M("1771")]
    # billing again with nothing changed bills nothing
    again = bill_all(session, YEAR)
    assert (again.rates.demands, again.rates.adjustments, again.rates.unchanged) == (0, 0, 2)


def test_a_rebill_after_a_change_is_an_adjustment_with_its_notice(council, tmp_path):
    bill_all(open_session(council.store, today=BILLED, officer="batch"), YEAR)
    repo = rates_accounts(council.store)
    stored = repo.find_one("reference", "N0000002")
    relief = Relief(ReliefKind.DISCRETIONARY, D(2026, 10, 1), percent=M(10))
    with council.store.change("test: the council awards 10% discretionary relief from 1 October"):
        repo.save(stored, attrs.evolve(stored.value, liability=attrs.evolve(stored.value.liability, reliefs=(relief,))))
    day = D(2026, 10, 5)
    session = open_session(council.store, today=day, officer="batch")
    summary = bill_all(session, YEAR)
    assert (summary.rates.demands, summary.rates.adjustments, summary.rates.unchanged) == (0, 1, 1)
    # 1 October to 31 March is 182 of 365 days: 17,712 x 182/365 = 3,223,584/365 = 8,831.7370 (365 x
    # 8,831 = 3,223,315, 269 over), 10% of it 883.1737...; the year 17,712 - 883.1737... =
    # 16,828.8263... = 16,828.83 (rounded once)
    assert rates(council, "N0000002").ledger.balance == M("16828.83")
    run, problems = notices.draft_print_run(session, "rates_adjustment_notice", tmp_path, day=day, workers=1)
    assert problems == [] and run.count == 1 and run.total == M("16828.83")
    issued = open_notice_records(council.store).issued.find_one("number", "N0000002/2026/adjustment/2").value
    assert issued.record.notice_type == "rates_adjustment_notice"


def test_the_annual_print_run_issues_rates_demand_notices_and_records_them_for_reprint(council, tmp_path):
    session = open_session(council.store, today=BILLED, officer="batch")
    bill_all(session, YEAR)
    # council tax bills and business rates demand notices are printed in runs of their own
    run, problems = notices.draft_print_run(session, "annual_bill", tmp_path / "ctax", year=2026, workers=1)
    assert problems == [] and run.count == 1 and run.total == M("2537.21")  # band D
    run, problems = notices.draft_print_run(session, "rates_demand_notice", tmp_path / "rates", year=2026, workers=1)
    assert problems == [] and run.count == 2 and run.total == M("2578.50") + M("17712.00")
    shop = rates(council, "N0000001")
    assert [(n.number, n.kind, n.year) for n in shop.notices] == [
        ("N0000001/2026/annual/1", "rates_demand_notice", 2026)]
    from revtui.accounts.rates import BUSINESS_RATES
    view = "\n".join(BUSINESS_RATES.describe(shop, BILLED).parts)
    assert "rates demand notice N0000001/2026/annual/1" in view
    pdf = notices.reprint_notice(session, "N0000001/2026/annual/1")
    assert pdf.startswith(b"%PDF")
    preview = notices.preview_bill(session, "N0000002")
    assert preview.startswith(b"%PDF")


@pytest.fixture()
def shop_notice(council):
    session = open_session(council.store, today=BILLED, officer="batch")
    bill_all(session, YEAR)
    stored = rates_accounts(council.store).find_one("reference", "N0000001").value
    notice = notices._rates_notice(session, stored, stored.bills[0])
    return notice, str(notice_html(notice, load_branding("demo-district")))


def test_a_demand_notice_shows_rv_multipliers_the_relief_and_the_instalments(shop_notice):
    notice, html = shop_notice
    # SI 2003/2613 Sch 2 Part 1 para 1: address and description; para 2: RV; para 3: every
    # multiplier of the year; para 6: the relief, its days and how the charge was worked out
    expected = ["Unit 1, Demo Park, Ashby Parva, DM7 1GH", "WORKSHOP AND PREMISES", "£13,500",
                "38.2p", "43.2p", "43p", "48p", "50.8p", "small business RHL multiplier", "your property&#39;s",
                "RV £13,500 x 0.382 small business", "£5,157.00",
                "Small business rate relief 50%", "-£2,578.50", "1 April 2026 to 31 March 2027",
                "£2,578.50", "£256.50", "£258.00", "1 January 2027"]
    for text in expected:
        assert text in html, text
    assert [line.code for line in notice.reliefs] == ["rates_small_business"]
    assert notice.gross_charge == M("5157.00")


def test_a_demand_notice_carries_the_explanatory_notes_overleaf(shop_notice):
    notice, _ = shop_notice
    from letters.render import reverse_html
    reverse = str(reverse_html("rates_demand_notice", load_branding("demo-district"), "en"))
    for text in ["Explanatory notes", "Schedule 2", "Small business rate relief", "Unoccupied property",
                 "Hardship relief", "Rateable value", "Multipliers"]:
        assert text in reverse, text


def test_a_welsh_demand_notice_is_in_welsh_and_english():
    # Wales 2025/26: RV 9,000 x 0.568 = 5,112.00; small business rate relief E = 6,000 / (9,000 -
    # 6,000) = 2 (SI 2017/1229 art 11): 2,556.00; 2,556.00 / 10 = 255.60: nine of 256, first 252.00
    year = FinancialYear(2025)
    here = Hereditament("NDR0000009", "7712300009", Address(("1 Stryd Fawr", "Llan-demo"), "SA99 3EF"),
                        "SIOP / SHOP AND PREMISES", Country.WALES, (RateableValue(D(2023, 4, 1), M(9000), 2023),))
    liability = RatesLiability("N0000009", here.reference, "Siop y Gornel Cyf", D(2020, 1, 6),
                               reliefs=(Relief(ReliefKind.SMALL_BUSINESS, D(2020, 1, 6)),))
    rules = load_rates_rules("wales")
    bill = rates_bill(liability, here, rules, year, D(2025, 3, 10), instalment_rules("business_rates", "wales", year))
    header = NoticeHeader("demo-welsh", "N0000009", D(2025, 3, 10), Addressee(("Siop y Gornel Cyf",),
                          here.address.lines, here.address.postcode), (*here.address.lines, here.address.postcode))
    notice = adapters.rates_demand_notice(header, liability.ratepayer, here, bill.explanation,
                                          rules.multipliers.at(year.start), bill.schedule)
    html = str(notice_html(notice, load_branding("demo-welsh")))
    assert notice.total_charge == M("2556.00")
    for text in ["Hysbysiad galw am ardrethi busnes 2025/26", "Gwerth ardrethol", "£9,000", "56.8p",
                 "Rhyddhad ardrethi busnesau bach 50%", "£5,112.00", "-£2,556.00", "£252.00", "£256.00",
                 "Business rates demand notice 2025/26"]:
        assert text in html, text
    assert html.index("Hysbysiad galw") < html.index("Business rates demand notice")
    from letters.render import reverse_html
    notes = str(reverse_html("rates_demand_notice", load_branding("demo-welsh"), "cy"))
    assert "Tribiwnlys Prisio Cymru" in notes.replace("Dribiwnlys", "Tribiwnlys") and "(Cymru) 2017" in notes


def test_the_commands_bill_business_rates_and_print_their_demand_notices(council, tmp_path, capsys):
    from revtui.cli import main as revtui
    from revtui.commands.notices import main as notices_command

    roles = tmp_path / "roles.toml"
    roles.write_text('[roles.users]\nasmith = "senior officer"\n')
    at = ["--store", str(council.store.path), "--roles", str(roles)]
    council.store.close()  # the commands open the store themselves
    assert revtui([*at, "billing", "--year", "2026"], officer="asmith") == 0
    assert "business rates: 2 demand notices, 0 adjustments, 0 unchanged, 0 failed" in capsys.readouterr().out
    out = tmp_path / "rates"
    assert notices_command([*at, "print-run", "--kind", "rates_demand_notice", "--year", "2026", "--out", str(out),
                            "--workers", "1"], officer="asmith") == 0
    printed = capsys.readouterr().out
    assert "print run rates_demand_notice-2026-1: checked, 2 notices" in printed
    assert "business rates billing 2026/27" in printed
