"""Summons batches per hearing in the store: recorded once, moved with the notice period checked,
and the liability order list for the court.

The sample council (23 November 2026) is run to summons: reminders on Monday 23 November (pay by
the 29th), the right to instalments lost on Monday 30 November (balance due 6 December),
summonses on Monday 14 December (the council waits 7 days after the balance fell due), posted
that day and deemed served two working days later, Wednesday 16 December, for the hearing of
Tuesday 12 January 2027.
"""

import csv
import datetime as dt
from decimal import Decimal

import attrs
import pytest

from refdata.ledger import ledger_settings
from revcore.recovery.engine import current_hearing
from revtui.services import summons
from revtui.services.recovery import position, recovery_repository, recovery_run, rules, standing

COURT = "demo-district"
HEARING = dt.date(2027, 1, 12)
SERVED = dt.date(2026, 12, 16)


def on(session, day):
    return attrs.evolve(session, today=day)


@pytest.fixture()
def summonsed(session):
    """The session on 15 December, the day after the run issued summonses for 12 January."""
    for day in (dt.date(2026, 11, 23), dt.date(2026, 11, 30), dt.date(2026, 12, 14)):
        recovery_run(on(session, day), issue=True, hearings=(HEARING,))
    return on(session, dt.date(2026, 12, 15))


def issued_summonses(session):
    return [(f.value.account, item.year, item.event) for f in recovery_repository(session.store)
            for item in f.value.history if item.event.stage == "summons"]


def pay(session, reference, amount, day):
    stored = session.records.accounts.find_one("reference", reference)
    ledger = stored.value.ledger.pay(amount, effective=day, posted=day, reason="paid at the counter",
                                     policy=ledger_settings(day).policy)
    with session.store.change("payment"):
        session.records.accounts.save(stored, attrs.evolve(stored.value, ledger=ledger))


def test_a_batch_records_every_summons_for_the_hearing_with_its_costs_and_who_authorised_it(summonsed):
    issued = issued_summonses(summonsed)
    assert len(issued) > 10 and {event.until for _, _, event in issued} == {HEARING}
    stored = summons.record_batch(summonsed, COURT, HEARING, "J. Bloggs, Revenues Manager")
    batch = stored.value.batch
    assert {(e.account, e.year) for e in batch.entries} == {(a, y) for a, y, _ in issued}
    # Each summons asks for the balance it was issued for, with the council's £70.00 costs beside it.
    assert {e.costs for e in batch.entries} == {Decimal("70.00")}
    assert batch.total == sum(event.amount for _, _, event in issued)
    assert batch.total_costs == Decimal("70.00") * len(issued)
    assert {e.served for e in batch.entries} == {SERVED}
    assert batch.costs_basis == rules().stages.costs_basis and "£70.00 a case" in batch.costs_basis
    assert (batch.authorising_officer, stored.value.recorded_by) == ("J. Bloggs, Revenues Manager", "asmith")
    [audit] = summons.batch_repository(summonsed.store).history(stored.doc_id)
    assert audit.who == "asmith" and "hearing 2027-01-12" in audit.reason


def test_a_second_batch_for_the_hearing_is_refused_until_the_first_is_withdrawn(summonsed):
    summons.record_batch(summonsed, COURT, HEARING, "J. Bloggs")
    with pytest.raises(summons.SummonsError, match="withdraw it first"):
        summons.record_batch(summonsed, COURT, HEARING, "J. Bloggs")
    summons.withdraw_batch(summonsed, COURT, HEARING, "wrong officer named")
    again = summons.record_batch(summonsed, COURT, HEARING, "K. Patel")
    assert again.value.batch.authorising_officer == "K. Patel"
    records = summons.batches(summonsed)
    assert [r.live for r in records] == [False, True] and "wrong officer named (asmith" in records[0].withdrawn


def test_a_batch_needs_summonses_a_known_court_and_an_officer(summonsed):
    with pytest.raises(summons.SummonsError, match="no summons was issued for the hearing of 2027-01-13"):
        summons.record_batch(summonsed, COURT, dt.date(2027, 1, 13), "J. Bloggs")
    with pytest.raises(summons.SummonsError, match="no court for council 'nowhere'"):
        summons.record_batch(summonsed, "nowhere", HEARING, "J. Bloggs")
    with pytest.raises(summons.SummonsError, match="officer"):
        summons.record_batch(summonsed, COURT, HEARING, " ")
    assert summons.batches(summonsed) == []


def test_a_hearing_moved_too_soon_after_service_is_refused_and_at_fourteen_days_it_moves_everything(summonsed):
    summons.record_batch(summonsed, COURT, HEARING, "J. Bloggs")
    history_before = {f.value.account: f.value.history for f in recovery_repository(summonsed.store)}
    # Served 16 December: 29 December is 13 days later, one short of the 14 days reg. 35(2A) requires.
    with pytest.raises(summons.SummonsError, match="less than 14 days after service of: C0"):
        summons.move_batch_hearing(summonsed, COURT, HEARING, dt.date(2026, 12, 29), "court closed")
    assert {f.value.account: f.value.history for f in recovery_repository(summonsed.store)} == history_before
    assert summons.batches(summonsed)[0].batch.hearing == HEARING

    # 30 December is exactly 14 days after service: allowed.
    new = dt.date(2026, 12, 30)
    moved = summons.move_batch_hearing(summonsed, COURT, HEARING, new, "court closed")
    assert moved.value.batch.hearing == new and moved.value.moves[0].moved_from == HEARING
    file = recovery_repository(summonsed.store).find_one("account", moved.value.batch.entries[0].account)
    audit = recovery_repository(summonsed.store).history(file.doc_id)[-1]
    assert audit.who == "asmith" and "moved from 2027-01-12 to 2026-12-30: court closed" in audit.reason
    for reference, year, _ in issued_summonses(summonsed):
        account = summonsed.records.accounts.find_one("reference", reference).value
        file = recovery_repository(summonsed.store).find_one("account", reference).value
        [years] = [p for p in position(account, file).years if p.year.label == year]
        assert current_hearing(years) == new
    # On the new hearing day the run seeks the liability orders; the old date is no longer a batch.
    states, actions = standing(account, file, new)
    assert "liability_order" in {a.stage for a in actions}
    with pytest.raises(summons.SummonsError, match="no summons batch stands"):
        summons.lo_list(summonsed, COURT, HEARING)
    assert summons.lo_list(summonsed, COURT, new).hearing == new


def test_a_hearing_cannot_move_to_a_weekend_or_the_past(summonsed):
    summons.record_batch(summonsed, COURT, HEARING, "J. Bloggs")
    with pytest.raises(summons.SummonsError, match="not a working day"):
        summons.move_batch_hearing(summonsed, COURT, HEARING, dt.date(2027, 1, 16), "x")
    with pytest.raises(summons.SummonsError, match="must be after today"):
        summons.move_batch_hearing(summonsed, COURT, HEARING, dt.date(2026, 12, 15), "x")


def test_the_liability_order_list_leaves_out_those_paid_in_full_costs_included(summonsed, tmp_path):
    batch = summons.record_batch(summonsed, COURT, HEARING, "J. Bloggs").value.batch
    paid_all, paid_tax_only = batch.entries[:2]
    # One pays the sum summonsed and the £70.00 costs before the hearing: the summons is withdrawn.
    pay(summonsed, paid_all.account, paid_all.amount + paid_all.costs, dt.date(2027, 1, 5))
    # The other pays only the sum summonsed: the order is still sought, for the £70.00 costs.
    pay(summonsed, paid_tax_only.account, paid_tax_only.amount, dt.date(2027, 1, 11))
    orders = summons.lo_list(summonsed, COURT, HEARING)
    assert orders.withdrawn == ((paid_all.account, paid_all.year),)
    lines = {line.account: line for line in orders.lines}
    assert paid_all.account not in lines and len(lines) == len(batch.entries) - 1
    assert (lines[paid_tax_only.account].outstanding, lines[paid_tax_only.account].costs) == (
        Decimal("70.00"), Decimal("70.00"))
    assert all(lines[e.account].outstanding == e.amount + e.costs for e in batch.entries[2:])  # nothing else was paid

    out = tmp_path / "lo.csv"
    summons.write_lo_csv(summonsed, orders, out)
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == len(orders.lines)
    row = next(r for r in rows if r["account"] == paid_tax_only.account)
    assert (row["hearing"], row["outstanding"], row["of which costs"]) == ("2027-01-12", "70.00", "70.00")
    assert row["liable"]
    stored = summonsed.records.accounts.find_one("reference", paid_tax_only.account).value
    dwelling = summonsed.records.properties.find_one("reference", stored.property_reference).value
    assert row["address"] == str(stored.correspondence or dwelling.address) and dwelling.address.postcode in row["address"]


def test_the_liability_order_list_is_private_and_quotes_a_forwarding_address_that_is_a_formula(
        summonsed, tmp_path, monkeypatch):
    summons.record_batch(summonsed, COURT, HEARING, "J. Bloggs")
    orders = summons.lo_list(summonsed, COURT, HEARING)
    monkeypatch.setattr(summons, "_address", lambda session, account: '=HYPERLINK("http://evil")')
    out = tmp_path / "lo.csv"
    summons.write_lo_csv(summonsed, orders, out)
    rows = list(csv.DictReader(out.open(newline="")))
    assert rows and all(r["address"] == "'=HYPERLINK(\"http://evil\")" for r in rows)
    assert out.stat().st_mode & 0o077 == 0


def test_summonses_issued_after_the_batch_stop_the_list_until_it_is_recorded_again(summonsed):
    stored = summons.record_batch(summonsed, COURT, HEARING, "J. Bloggs")
    first, *rest = stored.value.batch.entries
    # As if the first summons had been issued for the hearing after the batch was recorded.
    with summonsed.store.change("test: a batch recorded before the last summons"):
        summons.batch_repository(summonsed.store).save(
            stored, attrs.evolve(stored.value, batch=attrs.evolve(stored.value.batch, entries=rest)))
    with pytest.raises(summons.SummonsError, match=f"after the batch was recorded: {first.account} {first.year}"):
        summons.lo_list(summonsed, COURT, HEARING)
    with pytest.raises(summons.SummonsError, match="withdraw the batch and record it again"):
        summons.move_batch_hearing(summonsed, COURT, HEARING, dt.date(2027, 1, 19), "court closed")


def test_the_summons_commands_batch_move_and_list_for_the_court(session, tmp_path, capsys):
    from revtui.cli import main
    from revtui.clock import set_training_date

    store = ["--store", session.store.storage.path]
    for day in ("2026-11-23", "2026-11-30", "2026-12-14"):  # the council's clock moved on by a trainer
        set_training_date(session.store, dt.date.fromisoformat(day), reason="test: the next recovery run")
        assert main([*store, "recovery-run", "--issue", "--hearing", "2027-01-12"]) == 0
    assert main([*store, "recovery-run", "--hearing", "2027-01-16"]) == 2
    assert "hearing date 2027-01-16 is not a working day" in capsys.readouterr().err
    set_training_date(session.store, dt.date(2026, 12, 15), reason="test: the day after the summonses")
    summonsed = on(session, dt.date(2026, 12, 15))
    command = [*store, "summons"]
    assert main([*command, "list"]) == 0 and "no summons batches recorded" in capsys.readouterr().out
    assert main([*command, "batch", "--court", COURT, "--hearing", "2027-01-12", "--officer", "J. Bloggs"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("recorded 2027-01-12 demo-district: ") and "authorised by J. Bloggs" in out
    assert main([*command, "batch", "--court", COURT, "--hearing", "2027-01-12", "--officer", "J. Bloggs"]) == 2
    assert "withdraw it first" in capsys.readouterr().err
    assert main([*command, "move-hearing", "--court", COURT, "--from", "2027-01-12", "--to", "2026-12-29"]) == 2
    assert "less than 14 days after service" in capsys.readouterr().err
    assert main([*command, "move-hearing", "--court", COURT, "--from", "2027-01-12", "--to", "2027-01-19"]) == 0
    assert "moved from 2027-01-12" in capsys.readouterr().out
    out_csv = tmp_path / "lo-2027-01-19.csv"
    assert main([*command, "lo-list", "--court", COURT, "--hearing", "2027-01-19", "--out", str(out_csv)]) == 0
    out = capsys.readouterr().out
    assert "order(s) sought for" in out and f"wrote {out_csv}" in out
    batch = summons.batches(summonsed)[0].batch
    assert len(list(csv.DictReader(out_csv.open()))) == len(batch.entries)  # nobody has paid
    assert main([*command, "list"]) == 0 and "moved from 2027-01-12" in capsys.readouterr().out
