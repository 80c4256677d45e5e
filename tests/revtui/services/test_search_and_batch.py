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


def _billed_state(session, year):
    return {stored.value.reference: (stored.value.ledger.balance, stored.value.last_bill(year.start_year))
            for stored in session.records.accounts}


def test_billing_in_two_processes_bills_exactly_what_one_process_bills(session, council_file, tmp_path):
    """The command line bills parts side by side in two processes (issue 21: a council in a minute)."""
    import shutil

    from revtui.services.session import open_session
    from revtui.store import Store
    from tests.revtui.sample_council import TODAY, fixed_clock

    year = FinancialYear(2027)
    shutil.copy(council_file, tmp_path / "other.db")
    other_store = Store(tmp_path / "other.db", user="asmith", clock=fixed_clock)
    other = open_session(other_store, today=TODAY, officer="asmith", roles=["officer"])
    try:
        one = bill_all(session, year, batch=7)
        two = bill_all(other, year, batch=7, workers=2)
        assert (two.done, two.unchanged, two.failed, two.total) == (one.done, one.unchanged, one.failed, one.total)
        assert one.done > 7 * 2  # several parts, so both processes had some
        assert _billed_state(other, year) == _billed_state(session, year)
    finally:
        other_store.close()


def test_an_officers_save_while_a_part_is_being_billed_is_kept(session, monkeypatch):
    """A part is billed from the accounts as read and saved only if none changed meanwhile: an
    officer's note saved in between makes the part be billed again under the lock, note kept."""
    import attrs

    from revtui.records.ctax import Note, open_records
    from revtui.services import batch
    from revtui.store import Store

    year = FinancialYear(2027)
    billed_part = batch._Billing._bill
    interrupted = []

    def officer_saves_meanwhile(self, page):
        result = billed_part(self, page)
        if not interrupted and page:
            officer = Store(session.store.path, user="bjones")  # another officer's session
            accounts = open_records(officer).accounts
            stored = accounts.get(page[0].doc_id)
            note = Note(session.today, "bjones", "rang: paying by card tomorrow")
            accounts.save(stored, attrs.evolve(stored.value, notes=(*stored.value.notes, note)), reason="note")
            officer.close()
            interrupted.append((stored.value.reference, note))
        return result

    monkeypatch.setattr(batch._Billing, "_bill", officer_saves_meanwhile)
    summary = bill_all(session, year, batch=10)
    [(reference, note)] = interrupted
    account = session.records.accounts.find_one("reference", reference).value
    assert note in account.notes  # not lost
    assert account.last_bill(2027) is not None  # and billed all the same
    again = bill_all(session, year, batch=10)
    assert (again.done, again.unchanged) == (0, summary.done + summary.unchanged)
