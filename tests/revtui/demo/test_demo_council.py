"""The demo council: deterministic from its seed, realistic in its mix, and every balance one the
system itself worked out (bills through billing, payments through the ledger)."""

import datetime as dt
from decimal import Decimal

import pytest

from revcore.entries import Category, EntryKind
from revcore.periods import FinancialYear
from revtui.clock import is_training, today
from revtui.demo import DemoError, build_demo, load_settings
from revtui.records.ctax import PaymentMethod, open_records
from revtui.services.recovery import history_of, recovery_repository
from revtui.store import Store


def _accounts(path):
    store = Store(path)
    try:
        records = open_records(store)
        return [records.accounts.from_document(doc, doc.doc_id) for doc in records.accounts.table], \
               [records.properties.from_document(doc, doc.doc_id) for doc in records.properties.table]
    finally:
        store.close()


def _bodies(path):
    store = Store(path)
    try:
        rows = store.storage.connection.execute("SELECT tbl, doc_id, body FROM documents ORDER BY tbl, doc_id")
        return [tuple(row) for row in rows]
    finally:
        store.close()


def test_same_seed_same_council_other_seed_another(tmp_path):
    build_demo(tmp_path / "a.db", size=120, seed=11)
    build_demo(tmp_path / "b.db", size=120, seed=11)
    build_demo(tmp_path / "c.db", size=120, seed=12)
    assert _bodies(tmp_path / "a.db") == _bodies(tmp_path / "b.db")
    assert _bodies(tmp_path / "a.db") != _bodies(tmp_path / "c.db")


def test_the_store_is_a_training_store_whose_today_is_the_demo_day(small_demo):
    path, summary = small_demo
    store = Store(path)
    try:
        assert is_training(store)
        assert today(store) == load_settings().as_at == summary.as_at
    finally:
        store.close()


def test_mix_of_dwellings_and_accounts_looks_like_a_district(small_demo):
    path, summary = small_demo
    accounts, properties = _accounts(path)
    assert len(properties) == 400 == summary.dwellings
    assert len(accounts) == summary.accounts
    assert {p.area for p in properties} == {"UNP", "ASH", "BRK", "CDL"}  # parished and unparished
    bands = {p.bands[0].band for p in properties}
    assert set("ABCDEFG") <= bands
    open_now = [a for a in accounts if a.liability.end is None]
    single = sum(1 for a in open_now if any(d.reason.name == "SINGLE_PERSON" for d in a.liability.discounts))
    assert 0.28 <= single / 400 <= 0.45  # about 35% of dwellings
    dd = sum(1 for a in accounts if a.payment_method is PaymentMethod.DIRECT_DEBIT)
    assert 0.5 <= dd / len(accounts) <= 0.8
    assert any(e.exemption_class == "N" for a in accounts for e in a.liability.exemptions)  # students
    assert any(a.liability.empty_periods for a in accounts)
    assert any(a.liability.reductions for a in accounts)  # council tax reduction
    moved_out = [a for a in accounts if a.liability.end is not None]
    assert moved_out and all(a.correspondence is not None for a in moved_out)  # forwarding address
    # every moved-out dwelling has its new occupier from the next day
    by_property = {}
    for account in accounts:
        by_property.setdefault(account.property_reference, []).append(account)
    for account in moved_out:
        successors = [a for a in by_property[account.property_reference] if a.liability.start > account.liability.start]
        assert [a.liability.start for a in successors] == [account.liability.end + dt.timedelta(days=1)]


def test_ledgers_agree_with_the_bills_and_payments_come_from_their_channel(small_demo):
    path, summary = small_demo
    accounts, _ = _accounts(path)
    year = FinancialYear.containing(summary.as_at)
    kinds = set()
    for account in accounts:
        ledger = account.ledger
        ledger.check()
        charged = sum((p.amount for e in ledger.entries if e.kind in (EntryKind.CHARGE, EntryKind.ADJUSTMENT)
                       for p in e.postings if p.year == year), Decimal("0.00"))
        # what the ledger charged for the year is what the last bill says
        assert charged == account.last_bill(year.start_year).explanation.total
        for entry in ledger.entries:
            kinds.add(entry.kind)
            assert entry.posted <= summary.as_at
            if entry.kind is EntryKind.PAYMENT:
                # a collection under the account's mandate, or a line of a channel's payment file
                if entry.source.startswith("dd:"):
                    assert account.payment_method is PaymentMethod.DIRECT_DEBIT
                    assert entry.source.startswith(f"dd:{account.reference}:")
                elif entry.source.startswith("aeo:"):  # an employer's deduction under an order on this account
                    assert entry.source.startswith(f"aeo:{account.reference}/")
                    assert "attachment of earnings" in entry.reason
                else:
                    channel, _, line = entry.source.partition(" line ")
                    assert channel.endswith(".csv") and line.isdigit()
    assert {EntryKind.CHARGE, EntryKind.ADJUSTMENT, EntryKind.PAYMENT, EntryKind.REVERSAL, EntryKind.REFUND} <= kinds
    assert sum(len(a.ledger.entries) for a in accounts) == summary.entries


def test_legacy_arrears_sit_on_earlier_years_with_their_recovery_stage(small_demo):
    path, summary = small_demo
    accounts, _ = _accounts(path)
    store = Store(path)
    try:
        history = {stored.value.account: history_of(stored.value) for stored in recovery_repository(store)}
    finally:
        store.close()
    year = FinancialYear.containing(summary.as_at)
    earlier = [(a, y) for a in accounts for y in {y for y, _ in a.ledger.balances()} if y.start_year < year.start_year]
    assert earlier
    for account, past in earlier:
        # every brought-forward year came with the stage the legacy system had reached
        events = history[account.reference][past]
        assert events and events[0].key.startswith("legacy/")
        # costs sit on a year only once a summons was issued for it
        if account.ledger.balance_of(past, Category.COSTS):
            assert any(e.stage == "summons" for e in events)


def test_accounts_reach_every_main_recovery_stage(small_demo):
    path, summary = small_demo
    store = Store(path)
    try:
        stages = {e.stage for stored in recovery_repository(store) for events in history_of(stored.value).values()
                  for e in events}
    finally:
        store.close()
    assert {"reminder", "final_notice", "instalments_lost", "summons", "liability_order", "attachment_of_earnings",
            "benefit_deductions", "enforcement_agent"} <= stages
    accounts, _ = _accounts(path)
    # the notices issued by the weekly runs are on the accounts, so the account screen lists them
    notices = [n for a in accounts for n in a.notices]
    assert {n.kind for n in notices} >= {"reminder", "summons"}
    assert all(n.issued.weekday() == 1 for n in notices)  # the demo council runs recovery on Tuesdays


def test_a_live_store_is_never_replaced(tmp_path):
    path = tmp_path / "live.db"
    Store(path, user="officer").close()
    with pytest.raises(DemoError, match="live data"):
        build_demo(path, size=5)
    assert path.exists()


def test_command_line_builds_and_rebuilds(tmp_path, capsys):
    from revtui.demo.__main__ import main

    path = tmp_path / "demo" / "demo.db"
    assert main(["build", "--store", str(path), "--size", "30", "--seed", "3", "--quiet"]) == 0
    assert main(["build", "--store", str(path), "--size", "40", "--seed", "3", "--quiet"]) == 0
    assert main(["build", "--store", str(path), "--size", "50", "--keep"]) == 0
    out = capsys.readouterr().out
    assert "30 dwellings" in out and "40 dwellings" in out and "keeping the demo council" in out
    accounts, properties = _accounts(path)
    assert len(properties) == 40


def test_the_council_is_the_same_built_by_one_process_or_two(tmp_path):
    # 1,100 dwellings: two parts (1,000 and 100), built one after the other or at once
    build_demo(tmp_path / "one.db", size=1100, seed=4, workers=1)
    build_demo(tmp_path / "two.db", size=1100, seed=4, workers=2)
    assert _bodies(tmp_path / "one.db") == _bodies(tmp_path / "two.db")
    accounts, properties = _accounts(tmp_path / "two.db")
    # no two dwellings share an address, and references are unique across the parts
    assert len({str(p.address) for p in properties}) == 1100
    assert len({a.reference for a in accounts}) == len(accounts)


def test_a_few_business_rates_accounts_sundry_debts_and_hb_overpayments_each_with_its_story(small_demo):
    from revcore.entries import EntryKind
    from revtui.records.rates import rates_accounts
    from revtui.demo.debts import FIRST_SERIAL
    from revtui.records.sundry import hb_overpayments, sundry_debts

    path, summary = small_demo
    store = Store(path)
    try:
        rates = {s.value.names: s.value for s in rates_accounts(store)}
        debts = {s.value.invoice.number: s.value for s in sundry_debts(store)}
        overpayments = [s.value for s in hb_overpayments(store)]
    finally:
        store.close()
    assert summary.counts["business rates accounts"] == len(rates) >= 6
    assert summary.counts["sundry debts"] == len(debts) and summary.counts["HB overpayments"] == len(overpayments)
    for account in rates.values():
        # the ledger carries exactly what the bills say: the year's charge is the last bill's total
        charged = sum(e.amount for e in account.ledger.entries if e.kind in (EntryKind.CHARGE, EntryKind.ADJUSTMENT))
        assert charged == account.bills[-1].explanation.total, account.reference
    # the bookshop: annual bill, reduced by the s.44A certificate, restored when the floor is reused
    shop = rates["Hollins & Dale Books Ltd"]
    assert [b.issued for b in shop.bills] == [dt.date(2026, 3, 10), dt.date(2026, 8, 4), dt.date(2026, 11, 5)]
    assert shop.bills[1].explanation.total < shop.bills[2].explanation.total < shop.bills[0].explanation.total
    # the warehouse empty from 1 May: six months free (qualifying industrial), then RV 66,500 x 48.0p
    # standard multiplier x 151/365 days (1 November to 31 March) = 13,205.26
    assert rates["Northgate Storage Ltd"].bills[0].explanation.total == Decimal("13205.26")
    # the charity shop: 80% mandatory relief topped up to 100% by the council
    assert rates["Demoton Hospice Trust"].ledger.balance == 0
    for debt in debts.values():  # payments are credits (negative)
        paid = sum(e.amount for e in debt.ledger.entries if e.kind is EntryKind.PAYMENT)
        assert debt.balance == debt.invoice.total + paid >= 0, debt.invoice.number
    assert debts["S00000019"].balance == Decimal("956.80") - Decimal("478.40")  # half the trade waste paid
    # the hand-listed overpayments (demo/businesses.toml), before the volume ones of revtui.demo.debts
    overpayments = [o for o in overpayments if int(o.reference[1:8]) < FIRST_SERIAL]
    invoiced = [o for o in overpayments if o.invoice]
    assert invoiced and all(o.invoice in debts and debts[o.invoice].balance == o.overpayment.recoverable_amount
                            for o in invoiced)
    recovering = [o for o in overpayments if o.ledger is not None]
    assert recovering and all(0 < o.ledger.balance < o.overpayment.recoverable_amount for o in recovering)


def test_a_council_built_as_at_an_earlier_day_holds_only_what_had_happened_by_then(tmp_path):
    from revtui.demo.businesses import build_businesses
    from revtui.records.rates import rates_accounts
    from revtui.records.sundry import hb_overpayments, sundry_debts

    store = Store(tmp_path / "early.db", user="demo")
    try:
        from revtui.services.loading import add_records

        add_records(store, "test: the demo businesses", build_businesses(dt.date(2026, 3, 10), dt.date(2026, 7, 25)))
        rates = {s.value.names: s.value for s in rates_accounts(store)}
        debts = [s.value for s in sundry_debts(store)]
        overpayments = [s.value for s in hb_overpayments(store)]
    finally:
        store.close()
    # the warehouse's owner is liable from 1 May: billed by then; the bookshop's certificate (asked
    # for on 14 July) arrives on 4 August, after this day: one bill only
    assert "Northgate Storage Ltd" in rates and len(rates["Hollins & Dale Books Ltd"].bills) == 1
    assert all(d.invoice.issued <= dt.date(2026, 7, 25) for d in debts)
    # Mr Foster's overpayment was decided on 20 July and invoiced on 3 August: decided, not invoiced yet;
    # Kerry Walsh's (decided 1 October) is not there at all
    assert [(o.overpayment.claimant, o.invoice, o.ledger.balance) for o in overpayments] == [
        ("Mr Dean Foster", "", Decimal("1848.00"))]
    assert len(overpayments) == 1
    for account in rates.values():
        assert all(e.posted <= dt.date(2026, 7, 25) for e in account.ledger.entries)


def test_hundreds_of_sundry_invoices_and_hb_overpayments_some_linked_to_council_tax_payers(small_demo):
    from revtui.records.persons import persons
    from revtui.records.sundry import hb_overpayments, sundry_debts
    from revtui.services.persons import person_debts

    path, summary = small_demo
    store = Store(path)
    try:
        debts = [s.value for s in sundry_debts(store)]
        overpayments = [s.value for s in hb_overpayments(store)]
        people = [s.value for s in persons(store)]
        kinds_of = [{link.account[0] for link in p.links} for p in people]
        both = next(p for p in people if {"C", "S"} <= {link.account[0] for link in p.links})
        shown = person_debts(store, both, dt.date(2026, 11, 20))
    finally:
        store.close()
    assert len(debts) >= 250 and len(overpayments) >= 250
    assert {d.invoice.income_code.code for d in debts} >= {"GRGE", "TWST", "LICN", "HALL", "CARE", "HBOP"}
    assert 5 <= sum(d.invoice.total for d in debts) / len(debts) <= 2000  # pounds, not pennies or millions
    # every person is a council tax payer with a sundry debt or an HB overpayment beside their account
    assert len(people) >= 50 and all("C" in kinds and len(kinds) >= 2 for kinds in kinds_of)
    assert summary.counts["persons linked"] >= len(people)
    assert {d.kind for d in shown.debts} >= {"council tax", "sundry debt"}
    assert shown.balance == sum(d.balance for d in shown.debts)


def test_a_council_folder_kept_from_an_earlier_build_gets_new_settings_files_and_keeps_its_own(tmp_path):
    from revtui.councils import BESIDE_STORE
    from revtui.demo.settings import demo_councils_beside

    folder = tmp_path / BESIDE_STORE
    (folder / "demo").mkdir(parents=True)
    (folder / "demo" / "council.toml").write_text("# the trainer's own settings\n")
    demo_councils_beside(tmp_path / "demo.db")
    assert (folder / "persons" / "matching.toml").read_text().count("[[rules]]") == 4  # added
    assert (folder / "demo" / "council.toml").read_text() == "# the trainer's own settings\n"  # kept
