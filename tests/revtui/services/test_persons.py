"""One debtor across accounts: a matching rule proposes, the officer links and unlinks, and the
person's debts (council tax and sundry together) are stated with their balances and arrears."""

import datetime as dt
from decimal import Decimal

import pytest

from refdata.sundry import load_sundry_rules
from revcore.references import make_reference
from revcore.sundry import Debtor, LineItem, open_debt, raise_invoice
from revtui.services.loading import add_records
from revtui.services.permissions import PermissionRefused
from revtui.services.persons import (OFFICER_RULE, PersonsError, link, person_of, proposals, record_ni_number, unlink,
                                     write_statement)
from revtui.services.session import open_session
from tests.revtui.sample_council import TODAY, council_file, session, store  # noqa: F401  (fixtures)

ELERI = "C00000019"  # Eleri Hughes, 2 High Street, Brookfield DM2 2BA: £1,140.00 charged, nothing paid


def garage_invoice(serial, name, address, issued=dt.date(2026, 9, 1)):
    """Garage rent, 3 months at £40.00 (standard rated: 20% VAT = £24.00): £144.00, due in 30 days."""
    invoice = raise_invoice(load_sundry_rules(), make_reference("S", serial), issued,
                            Debtor(f"DEB{serial:07d}", name, address), "general", "GRGE",
                            [LineItem("Garage rent", Decimal("3"), Decimal("40.00"))])
    return open_debt(invoice, posted=issued, officer="test")


@pytest.fixture()
def with_invoices(session):
    add_records(session.store, "test: sundry invoices", {"sundry": [
        garage_invoice(901, "Mrs Eleri Hughes", ("2 High Street", "Brookfield", "DM2 2BA")),  # same person
        garage_invoice(902, "Eleri Hughes", ("14 Quarry Road", "Coldale", "DM3 1ZZ")),  # same name elsewhere
    ]})
    return session


def test_a_rule_proposes_the_invoice_with_the_same_name_and_address_and_says_why(with_invoices):
    found = proposals(with_invoices.store, ELERI)
    assert [(p.account, p.rule.name) for p in found] == [(make_reference("S", 901), "name_and_address")]
    # the title is ignored; the facts that matched are shown to the officer
    assert "2 High Street" in found[0].why and "DM2 2BA" in found[0].why
    assert found[0].kind == "sundry debt" and found[0].names == "Mrs Eleri Hughes"


def test_linking_by_a_rule_then_unlinking_keeps_who_and_why_and_stops_proposing_it(with_invoices):
    s901 = make_reference("S", 901)
    person = link(with_invoices, ELERI, s901, "name_and_address").value
    assert person.name == "Eleri Hughes" and set(person.accounts) == {ELERI, s901}
    assert person.link_of(s901).rule == "name_and_address" and person.link_of(s901).linked_by == "asmith"
    assert person_of(with_invoices.store, s901).value.reference == person.reference
    assert proposals(with_invoices.store, ELERI) == []  # already linked

    with pytest.raises(PersonsError, match="why"):
        unlink(with_invoices, s901, "  ")
    after = unlink(with_invoices, s901, "a different Eleri Hughes: her date of birth differs").value
    assert after.accounts == (ELERI,)
    assert after.unlinked[0].link.account == s901 and after.unlinked[0].unlinked_by == "asmith"
    assert person_of(with_invoices.store, s901) is None
    assert proposals(with_invoices.store, ELERI) == []  # refused once: not proposed to this person again


def test_a_rule_that_does_not_match_links_nothing_and_by_hand_needs_a_reason(with_invoices):
    s902 = make_reference("S", 902)  # same name, another address and postcode
    with pytest.raises(PersonsError, match="does not match"):
        link(with_invoices, ELERI, s902, "name_and_address")
    with pytest.raises(PersonsError, match="reason"):
        link(with_invoices, ELERI, s902, OFFICER_RULE)
    assert person_of(with_invoices.store, ELERI) is None
    person = link(with_invoices, ELERI, s902, OFFICER_RULE, reason="she moved; confirmed by phone").value
    assert person.link_of(s902).rule == OFFICER_RULE and "confirmed by phone" in person.link_of(s902).why


def test_an_officer_without_the_role_cannot_link(with_invoices):
    looker = open_session(with_invoices.store, today=TODAY, officer="visitor", roles=[])
    with pytest.raises(PermissionRefused):
        link(looker, ELERI, make_reference("S", 901), "name_and_address")
    assert person_of(with_invoices.store, ELERI) is None


def test_the_all_debts_statement_adds_council_tax_and_sundry(with_invoices, tmp_path):
    s901 = make_reference("S", 901)
    link(with_invoices, ELERI, s901, "name_and_address")
    text_path, csv_path = write_statement(with_invoices, ELERI, tmp_path)
    text = text_path.read_text()
    # council tax £1,140.00 unpaid + the invoice £144.00 (3 x £40.00 + 20% VAT) = £1,284.00
    assert "£1,140.00" in text and "£144.00" in text and "£1,284.00" in text
    # the printed statement gives each year's charge and costs: council tax 2026/27 £2,280.96
    # charged less £1,140.96 paid = £1,140.00; the invoice (1 September 2026) is 2026/27's too
    words = [line.split() for line in text.splitlines()]
    assert words.count(["2026/27", "charge", "£1,140.00", "costs", "£0.00"]) == 1
    assert words.count(["2026/27", "charge", "£144.00", "costs", "£0.00"]) == 1
    rows = csv_path.read_text().splitlines()
    assert rows[0].startswith("person,name,as_at,kind,account")
    assert any(row.startswith(f"DBT0000001,Eleri Hughes,{TODAY.isoformat()},sundry debt,{s901}") for row in rows)
    assert oct(csv_path.stat().st_mode & 0o777) == "0o600"


def test_the_same_ni_number_on_two_persons_proposes_merging_them(with_invoices):
    s901, s902 = make_reference("S", 901), make_reference("S", 902)
    other = "C00000027"  # Brian and Carys Lewis, 3 High Street, Coldale
    link(with_invoices, ELERI, s901, "name_and_address")
    link(with_invoices, other, s902, OFFICER_RULE, reason="test: a second person")
    with pytest.raises(PersonsError, match="not a National Insurance number"):
        record_ni_number(with_invoices, ELERI, "QQ123456C")  # QQ is never allocated (the manuals' example)
    record_ni_number(with_invoices, ELERI, "ab 12 34 56 c")
    assert not [p for p in proposals(with_invoices.store, ELERI) if p.rule.name == "ni_number"]
    record_ni_number(with_invoices, s902, "AB123456C")
    found = [p for p in proposals(with_invoices.store, ELERI) if p.rule.name == "ni_number"]
    assert {p.account for p in found} == {other, s902} and all(p.person == "DBT0000002" for p in found)
    merged = link(with_invoices, ELERI, s902, "ni_number").value
    assert set(merged.accounts) == {ELERI, s901, other, s902} and merged.reference == "DBT0000001"
    assert person_of(with_invoices.store, other).value.reference == "DBT0000001"


def test_the_persons_debts_show_the_arrangement_agreed_on_the_council_tax_account(with_invoices):
    from revtui.services.account_file import open_account
    from revtui.services.changes import commit
    from revtui.services.persons import debts_of_account
    from revtui.services.recovery import propose_arrangement

    link(with_invoices, ELERI, make_reference("S", 901), "name_and_address")
    stored = with_invoices.records.accounts.find_one("reference", ELERI)
    f = open_account(with_invoices, stored.doc_id)
    commit(with_invoices, stored, propose_arrangement(with_invoices, stored.value, f.recovery, "300.00",
                                                      "2026-12-01", "agreed by phone"))
    text = debts_of_account(with_invoices.store, make_reference("S", 901), TODAY).text()
    # £1,140.00 owed at £300.00 a month from 1 December: 3 x £300.00 then £240.00 = 4 payments
    assert "arrangement agreed 2026-11-23: 4 payments, £1,140.00; next £300.00 on 2026-12-01" in " ".join(text.split())
    assert all(len(row) <= 76 for row in text.splitlines())


def test_one_arrangement_across_the_persons_council_tax_and_sundry_debts(with_invoices):
    """£128.40 a month across £1,140.00 of council tax and £144.00 of garage rent (£1,284.00):
    council tax gets 128.40 x 1,140/1,284 = 114.0000... -> £114.00, the invoice 128.40 x 144/1,284 =
    14.4000... -> £14.40 (pennies rounded down, the remainder to the larger debt: none here). Each
    account's arrangement clears its own debt: council tax 1,140/114 = 10 payments; the invoice
    144/14.40 = 10 payments. Saved together; both accounts' recovery pauses."""
    from revtui.services.changes import commit
    from revtui.services.persons import propose_person_arrangement
    from revtui.services.recovery import recovery_repository

    s901 = make_reference("S", 901)
    link(with_invoices, ELERI, s901, "name_and_address")
    proposal = propose_person_arrangement(with_invoices, s901, "128.40", "2026-12-01", "agreed on the phone")
    assert "£1,284.00 owed on 2 accounts" in proposal.effect
    commit(with_invoices, None, proposal)
    files = {ref: recovery_repository(with_invoices.store).find_one("account", ref).value.arrangement
             for ref in (ELERI, s901)}
    assert [p.amount for p in files[ELERI].payments] == [Decimal("114.00")] * 10
    assert [p.amount for p in files[s901].payments] == [Decimal("14.40")] * 10
    assert files[ELERI].payments[0].due == files[s901].payments[0].due == dt.date(2026, 12, 1)
    with pytest.raises(PersonsError, match="linked to no person"):
        propose_person_arrangement(with_invoices, "C00000027", "10.00", "2026-12-01", "x")
