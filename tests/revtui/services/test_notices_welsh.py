"""A Welsh council's annual bills printed from its store: Welsh first, every authority named in
both languages, with the statements the Welsh regulations and standards ask for.

Demo County Council (demo-welsh.toml), Llandemo (LLAN), band D 2026/27:
DCC 1767.59 + PCC 384.21 + LLANCC 42.07 = 2193.87; 2025/26: 1683.42 + 365.16 + 40.45 = 2089.03.
"""

import datetime as dt
import io
from decimal import Decimal

import pypdf
import pytest

from refdata.ctax import load_tariff
from refdata.instalments import instalment_rules
from revcore.council import Country
from revcore.ctax import Address, BandEntry, Liability, Person, Property
from revcore.ledger import Ledger
from revcore.references import make_reference
from revtui.records.ctax import CtaxAccount
from revtui.services import notices
from revtui.services.billing import bill_year
from revtui.services.session import open_session

from tests.revtui.services.conftest import YEAR

BILLED = dt.date(2026, 3, 10)


def welsh_account(cash, serial: int, **liability) -> CtaxAccount:
    reference = make_reference("C", serial)
    prop = Property(f"P{serial}", f"2000{serial:08d}", Address((f"{serial} Heol y Bont", "Llandemo"), "SA99 2BB"),
                    Country.WALES, "LLAN", (BandEntry(dt.date(2005, 4, 1), "D"),))
    account = CtaxAccount(reference, prop.reference, (Person(f"PER{serial}", f"Talwr {serial}"),),
                          Liability(reference, prop.reference, (f"PER{serial}",), dt.date(2020, 4, 1), None, **liability),
                          Ledger(reference))
    account = bill_year(account, prop, load_tariff("demo-welsh"), YEAR, BILLED,
                        instalment_rules("council_tax", "wales", YEAR), officer="billing")
    with cash.store.change("test set-up"):
        cash.records.properties.add(prop)
        cash.accounts.add(account)
    return account


@pytest.fixture()
def welsh_session(cash):
    return open_session(cash.store, council="demo-welsh", today=BILLED, officer=cash.store.user)


def test_a_welsh_councils_annual_bill_run_prints_from_its_store(cash, welsh_session, tmp_path):
    first = welsh_account(cash, 21)

    run, problems = notices.draft_print_run(welsh_session, "annual_bill", tmp_path, year=2026, workers=1)

    assert problems == [] and (run.count, run.total) == (1, Decimal("2193.87"))
    pages = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO((tmp_path / run.batches[0].pdf_name).read_bytes())).pages]
    welsh, english = pages[0], pages[2]  # each language's front, then its reverse
    for name in ("Cyngor Sir Demo", "Comisiynydd Heddlu a Throseddu Heddlu Demo", "Cyngor Cymuned Llandemo"):
        assert name in welsh
    for name in ("Heddlu Demo Police and Crime Commissioner", "Llandemo Community Council"):
        assert name in english
    # 1767.59 / 1683.42 - 1 = 5.0% ; 2193.87 is the band's charge, all of it to pay
    assert first.reference in welsh and "£1,767.59" in welsh and "+5.0%" in welsh and "£2,193.87" in welsh
    # the statements Wales asks for, in both languages: Council Tax Reduction (SI 1993/255 Sch 1
    # para 8A, here the scheme's availability), the council's premiums for 2026/27 and their
    # percentages (SI 2017/40 (W. 16); demo-welsh.toml's 2025 policy), and the Welsh Language Standards
    assert "Gostyngiadau'r Dreth Gyngor" in welsh and "Council Tax Reduction Scheme" in english
    assert ("Ar gyfer 2026/27 mae'r cyngor yn codi premiwm: 100% ar gartrefi" in " ".join(welsh.split())
            and "For 2026/27 the council charges a premium: 100% on homes empty" in " ".join(english.split()))
    for percent in ("200%", "300%", "150% on second homes"):
        assert percent in " ".join(english.split())
    assert "Rydym yn croesawu gohebiaeth yn Gymraeg" in welsh
    assert "We welcome correspondence in Welsh" in english


def test_an_authority_without_a_welsh_name_is_named_and_nothing_is_printed(cash, welsh_session, tmp_path, monkeypatch):
    welsh_account(cash, 22)
    monkeypatch.setattr(notices, "welsh_authority_names", lambda code: {"DCC": "Cyngor Sir Demo"})
    with pytest.raises(notices.NoticeError, match="letters/demo-welsh.toml: no Welsh name for "
                                                  "Heddlu Demo Police and Crime Commissioner"):
        notices.draft_print_run(welsh_session, "annual_bill", tmp_path / "out", year=2026, workers=1)
    assert not (tmp_path / "out").exists()


def test_a_welsh_councils_liability_order_notice_and_referral_print_in_welsh_and_english(cash, tmp_path):
    from revtui.services.account_actions import propose_payment
    from revtui.services.changes import commit
    from revtui.services.recovery import recovery_run

    first = welsh_account(cash, 22)

    def on(day):
        return open_session(cash.store, council="demo-welsh", today=day, officer=cash.store.user)

    stored = cash.accounts.find_one("reference", first.reference)
    commit(on(dt.date(2026, 4, 20)), stored, propose_payment(on(dt.date(2026, 4, 20)), stored.value, "300.00", "",
                                                              "cash", "at the desk"))
    hearing = dt.date(2026, 6, 24)
    for day in (dt.date(2026, 5, 11), dt.date(2026, 5, 19), dt.date(2026, 6, 2), hearing, dt.date(2026, 7, 9)):
        recovery_run(on(day), issue=True, hearings=(hearing,))

    order, problems = notices.draft_print_run(on(hearing), "liability_order_notice", tmp_path / "lo", day=hearing,
                                              workers=1)
    referral, more = notices.draft_print_run(on(dt.date(2026, 7, 9)), "enforcement_referral", tmp_path / "ea",
                                             day=dt.date(2026, 7, 9), workers=1)

    # 2193.87 charged - 300.00 paid + 70.00 summons costs = 1963.87, the order and the sum referred
    assert problems == more == [] and order.total == referral.total == Decimal("1963.87")
    lo = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(
        (tmp_path / "lo" / order.batches[0].pdf_name).read_bytes())).pages)
    ea = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(
        (tmp_path / "ea" / referral.batches[0].pdf_name).read_bytes())).pages)
    for expected in ("Llys Ynadon Tref Demo", "Gwnaed gorchymyn atebolrwydd", "Demo Town Magistrates", "£1,963.87"):
        assert expected in lo, expected
    for expected in ("Gwasanaethau Gorfodi Demo Cyf", "£1,963.87", "£75.00"):
        assert expected in ea, expected
