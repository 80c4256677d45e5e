"""The all-debts statement as a letter: the person's accounts with balance and arrears, the
totals, addressed to the person at their council tax address, issued and reprinted by number."""

import io
import re

import pytest
from pypdf import PdfReader

from revcore.references import make_reference
from revtui.records.notices import open_notice_records
from revtui.services.notices import reprint_notice
from revtui.services.permissions import PermissionRefused
from revtui.services.person_letters import issue_statement_letter, statement_letter
from revtui.services.persons import PersonsError, link
from revtui.services.session import open_session
from tests.revtui.sample_council import TODAY, council_file, session, store  # noqa: F401  (fixtures)
from tests.revtui.services.test_persons import ELERI, with_invoices  # noqa: F401  (fixture)

S901 = make_reference("S", 901)


def _words(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages).split())


def test_the_letter_lists_each_account_and_the_totals_to_the_person(with_invoices, tmp_path):
    link(with_invoices, ELERI, S901, "name_and_address")
    letter = statement_letter(with_invoices, S901)  # opened from the invoice: still posted to the council tax address
    assert letter.header.account_reference == "DBT0000001"
    assert letter.header.addressee.window_lines == ("Eleri Hughes", "2 High Street", "Brookfield", "DM2 2BA")

    number, path = issue_statement_letter(with_invoices, ELERI, tmp_path)
    assert number == "DBT0000001-S001" and oct(path.stat().st_mode & 0o777) == "0o600"
    text = _words(path.read_bytes())
    # council tax: £2,280.96 charged for 2026/27, £1,140.96 paid: owes £1,140.00, and by 23 November
    # 8 of 10 instalments (£1,824.96) have fallen due: £1,824.96 - £1,140.96 = £684.00 overdue.
    # The garage invoice: 3 x £40.00 + 20% VAT £24.00 = £144.00, due 1 October: all overdue.
    assert re.search(rf"Council Tax {ELERI} £1,140.00 £684.00", text)
    assert re.search(rf"Invoice {S901} £144.00 £144.00", text)
    # totals: £1,140.00 + £144.00 = £1,284.00 owed; £684.00 + £144.00 = £828.00 overdue
    assert re.search(r"Total £1,284.00 £828.00", text)
    assert "In all you owe £1,284.00" in text and "23 November 2026" in text

    # stored as issued: it reprints by its number, and the next statement has the next number
    assert open_notice_records(with_invoices.store).issued.find_one("number", number) is not None
    assert "£1,284.00" in _words(reprint_notice(with_invoices, number))
    assert issue_statement_letter(with_invoices, ELERI, tmp_path)[0] == "DBT0000001-S002"


def test_no_letter_for_an_account_linked_to_no_one_or_an_officer_who_may_not_issue(with_invoices, tmp_path):
    with pytest.raises(PersonsError, match="not linked to a person"):
        statement_letter(with_invoices, ELERI)
    link(with_invoices, ELERI, S901, "name_and_address")
    looker = open_session(with_invoices.store, today=TODAY, officer="visitor", roles=[])
    with pytest.raises(PermissionRefused):
        issue_statement_letter(looker, ELERI, tmp_path / "letters")
    assert not (tmp_path / "letters").exists() and not open_notice_records(with_invoices.store).issued.ids("account", "DBT0000001")
