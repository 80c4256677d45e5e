"""The demo council's business rates: a few hundred accounts from a rating list file in the VOA's
format, imported, opened and billed through the services, with payments from bank files."""

import datetime as dt

from revcore.entries import EntryKind
from revtui.demo.businesses import hand_listed_rates
from revtui.demo.rating_list import FILE_NAME, HEREDITAMENTS, list_file
from revtui.imports.nndr_list import parse_rating_list
from revtui.records.rates import rates_accounts
from revtui.records.rating_list import rating_list
from revtui.reports import REPORTS
from revtui.store import Store


def test_the_synthetic_list_is_in_the_voa_format_with_a_broken_line_and_a_proxy_deletion():
    data, invented = list_file(hand_listed_rates(), 2026)
    lines = data.decode("latin-1").split("\r\n")
    # 28 fields and a trailing '*' on a record line (29 pieces when split), DD-MON-YYYY dates
    assert lines[0].count("*") == 28 and lines[0].endswith("*01-APR-2026**")
    listfile = parse_rating_list(FILE_NAME, data)
    assert len(listfile.records) == len(hand_listed_rates()) + HEREDITAMENTS
    assert listfile.rejoined == ((13, 14),)  # the address broken by a newline is read as one record
    assert [r.uarn for r in listfile.records if r.rateable_value is None] == ["8823200007"]
    assert len(invented) == HEREDITAMENTS


def test_the_demo_has_hundreds_of_billed_rates_accounts_that_reconcile_to_the_list(small_demo):
    path, summary = small_demo
    store = Store(path)
    try:
        accounts = [s.value for s in rates_accounts(store)]
        listed = [s.value for s in rating_list(store)]
        [reconciled] = REPORTS["nndr-valuation"](store, dt.date(2026, 11, 20)).rows
    finally:
        store.close()
    # every invented hereditament with a value (all but the proxy deletion) and the hand-listed ones
    assert len(accounts) == summary.counts["business rates accounts"] == HEREDITAMENTS - 1 + len(hand_listed_rates())
    assert len(listed) == HEREDITAMENTS + len(hand_listed_rates())
    # our count and rateable value total agree with the Valuation Office's list
    assert reconciled[2] == reconciled[3] and reconciled[-1] == 0
    invented = [a for a in accounts if a.hereditament.uarn.startswith("88232")]
    for account in invented:
        assert [b.issued for b in account.bills] == [dt.date(2026, 3, 10)]  # the annual billing day
        charged = sum(e.amount for e in account.ledger.entries if e.kind is EntryKind.CHARGE)
        assert charged == account.bills[0].explanation.total
    paying = [a for a in invented if any(e.kind is EntryKind.PAYMENT for e in a.ledger.entries)]
    assert len(paying) > 0.8 * len([a for a in invented if a.bills[0].explanation.total > 0])
    reliefs = {step.description.split(" ")[0] for a in invented for line in a.bills[0].explanation.lines
               for step in line.steps[1:]}
    assert {"small", "mandatory", "empty,"} <= reliefs or {"small", "mandatory"} <= reliefs
