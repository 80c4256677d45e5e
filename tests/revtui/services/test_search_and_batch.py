"""Find by each kind of key, and the annual billing batch."""

from revcore.periods import FinancialYear
from revtui.services.batch import bill_all
from revtui.services.search import find


def test_find_by_reference_name_address_postcode_and_uprn(session):
    records = session.records
    [by_ref] = find(records, "c00000019")
    assert (by_ref.reference, by_ref.names) == ("C00000019", "Eleri Hughes")
    prop = records.properties.find_one("reference", "P0000001").value

    assert "C00000019" in [h.reference for h in find(records, "hug")]  # a surname's start
    assert "C00000019" in [h.reference for h in find(records, "eleri h")]
    assert "C00000019" in [h.reference for h in find(records, prop.address.lines[0][:6])]
    assert "C00000019" in [h.reference for h in find(records, prop.address.postcode.replace(" ", "").lower())]
    assert [h.reference for h in find(records, prop.uprn)] == ["C00000019"]
    assert find(records, "e") == []  # one character is not enough
    assert [h.reference for h in find(records, "c0000006x")] == ["C0000006X"]  # check digit 10 is X


def test_two_characters_of_a_reference_list_accounts_as_the_box_promises(session):
    """The box asks for at least two characters: "c0" is a reference begun, so it lists references
    (a postcode district such as "N1" still finds its dwellings too)."""
    hits = find(session.records, "c0")
    assert hits and all(h.reference.startswith("C0") for h in hits)
    assert "C00000019" in [h.reference for h in find(session.records, "C00")]
    assert find(session.records, "x0") == []  # no kind of account starts with X


def test_a_property_search_lists_the_current_resident_before_the_past_one(session):
    prop = session.records.properties.find_one("reference", "P0000010").value
    hits = find(session.records, prop.uprn)
    assert [(h.reference, h.current) for h in hits] == [("C00000116", True), ("C00000108", False)]


def test_billing_the_next_year_bills_every_current_account_once(session):
    current = [s.value for s in session.records.accounts.search(lambda d: d["liability"].get("end") is None)]
    summary = bill_all(session, FinancialYear(2027))
    assert (summary.done, summary.failed) == (len(current), [])
    assert summary.total == sum(
        session.records.accounts.find_one("reference", a.reference).value.last_bill(2027).explanation.total
        for a in current
    )
    again = bill_all(session, FinancialYear(2027))
    assert (again.done, again.unchanged) == (0, len(current))
