"""The officer's flows driven with the pilot: find, open, act, confirm, see the result."""

import datetime as dt

import pytest
from textual.widgets import Static

from revtui.services.session import open_session
from revtui.store import Store
from revtui.ui.app import RevenuesApp
from revtui.ui.screens.account import AccountScreen
from revtui.ui.screens.form import ActionForm, ConfirmChange
from revtui.ui.screens.help import HelpScreen
from council_fixtures import app, council_file, session, store  # noqa: F401  (fixtures)

pytestmark = pytest.mark.asyncio


def text_of(app, selector):
    return str(app.screen.query_one(selector, Static).render())


async def open_by_reference(pilot, reference):
    await pilot.press(*reference)
    await pilot.press("enter")
    await pilot.pause()


async def test_header_shows_the_officer_role_and_date(app):
    async with app.run_test(size=(80, 24)) as pilot:
        bar = str(app.screen.query_one("#officer-bar").render())
        assert "asmith (officer)" in bar and "Mon 23 Nov 2026" in bar and "TRAINING" not in bar


async def test_results_follow_each_keystroke_and_enter_opens_the_account(app):
    async with app.run_test(size=(80, 24)) as pilot:
        results = app.screen.query_one("#results")
        await pilot.press("h")
        assert results.hits == []  # one character: nothing yet
        await pilot.press("u", "g")
        refs = [hit.reference for hit in results.hits]
        assert "C00000019" in refs and "C00000019" in str(results.render())
        await pilot.press("down", "down", "enter")  # into the results, the second one, open it
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        assert app.screen.file.account.value.reference == refs[1]


async def test_move_out_shows_the_effect_then_saves_and_shows_the_revised_charge(app, store):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_by_reference(pilot, "C00000019")
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, ActionForm)
        await pilot.press("ctrl+u", *"01/10/2026", "enter", *"4 New Road, Otherton", "enter", *"OT1 2AB", "enter")
        await pilot.press(*"phoned in", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmChange)
        effect = text_of(app, "#effect-text")
        assert "183/365 days" in effect and "Notices to: 4 New Road, Otherton, OT1 2AB" in effect
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        assert "(ended 2026-09-30)" in text_of(app, "#account-heading")
        assert "adjustment 2026-11-23" in text_of(app, "#section-text")
    # saved in the store, with the officer's reason
    [stored] = open_session(Store(store.path, user="x"), today=dt.date(2026, 11, 23)).records.accounts.find(
        "reference", "C00000019")
    assert stored.value.liability.end == dt.date(2026, 9, 30)


async def test_a_bad_date_is_explained_on_the_form_and_nothing_is_saved(app, store):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_by_reference(pilot, "C00000019")
        version = app.screen.file.account.version
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("ctrl+u", *"31/02/2026", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ActionForm)
        assert "'31/02/2026' is not a date" in text_of(app, "#form-error")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.file.account.version == version


async def test_a_conflicting_change_is_refused_the_officer_told_who_made_it_and_what_they_typed_kept(app, store):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_by_reference(pilot, "C00000027")
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Promised to pay Friday", "enter")
        await pilot.pause()
        # meanwhile a colleague moves the same resident out
        other = open_session(Store(store.path, user="bjones"), today=dt.date(2026, 11, 23), officer="bjones",
                             roles=["officer"])
        from revtui.services.account_file import open_account
        from revtui.services.changes import commit
        from revtui.services.moves import propose_move_out
        f = open_account(other, app.screen.file.account.doc_id)
        commit(other, f.account, propose_move_out(other, f.account.value, f.prop.value, dt.date(2026, 10, 1),
                                                  "1 Road", "OT1 1AA", "phoned"))
        await pilot.press("y")
        await pilot.pause()
        # back on the form, with what was typed, told who changed the account and why (in words)
        assert isinstance(app.screen, ActionForm)
        message = text_of(app, "#form-error")
        assert "NOT SAVED" in message and "bjones changed this account" in message and "move out on 2026-10-01" in message
        assert "ctax_accounts" not in message and "document" not in message
        assert app.screen.values() == {"text": "Promised to pay Friday"}
        # the form now works on the account as it is: saving again succeeds
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert "(ended 2026-09-30)" in text_of(app, "#account-heading")


async def test_post_a_payment_and_see_it_on_the_ledger(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_by_reference(pilot, "C00000027")
        balance = app.screen.file.account.value.ledger.balance
        await pilot.press("p")
        await pilot.pause()
        await pilot.press(*"50", "enter", "enter", "enter", *"at the counter", "enter")
        await pilot.pause()
        assert "Payment of £50.00" in text_of(app, "#effect-text")
        await pilot.press("y")
        await pilot.pause()
        assert app.screen.file.account.value.ledger.balance == balance - 50
        await pilot.press("4")
        assert "-£50.00" in text_of(app, "#section-text")


async def test_help_for_each_view_and_the_palette_lists_actions_with_keys(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "Find an account" in str(app.screen.query_one("#help-body Static").render())
        await pilot.press("escape")
        await open_by_reference(pilot, "C00000019")
        await pilot.press("question_mark")
        await pilot.pause()
        body = str(app.screen.query_one("#help-body Static").render())
        assert "  o       Move out" in body and "  n       Add note" in body
        await pilot.press("escape")
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Move out (o)" in titles and "Change band (b)" in titles and "Help (f1 / ?)" in titles


async def test_training_store_shows_the_banner_and_the_training_date(store):
    from revtui.clock import set_training_date

    set_training_date(store, dt.date(2026, 12, 1), reason="training scenario")
    app = RevenuesApp(open_session(store))
    async with app.run_test(size=(80, 24)) as pilot:
        bar = str(app.screen.query_one("#officer-bar").render())
        assert bar.startswith(" TRAINING ") and "Tue 01 Dec 2026" in bar


async def test_write_off_request_then_a_second_officer_authorises_it_from_the_queue(app, store):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_by_reference(pilot, "C00000019")
        balance = app.screen.file.account.value.ledger.balance
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("enter", *"150", "enter", *"long stay in hospital", "enter", *"uneconomic", "enter")
        await pilot.pause()
        assert "it waits for a senior officer" in text_of(app, "#effect-text")
        assert "uneconomical to pursue" in text_of(app, "#effect-text")
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        assert "C00000019 write-off 2026/27" in text_of(app, "#queue-text")
        await pilot.press("a")  # asmith is an officer: not an authoriser
        await pilot.pause()
        assert "needs the senior officer role" in text_of(app, "#queue-message")

    def senior(name):
        return RevenuesApp(open_session(Store(store.path, user=name), today=dt.date(2026, 11, 23), officer=name,
                                        roles=["officer", "senior officer"]))

    own = senior("ASMITH")  # the requester, even as a senior officer and in capitals
    async with own.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("a", "y")
        await pilot.pause()
        assert "cannot also authorise" in text_of(own, "#queue-message")

    second = senior("bjones")
    async with second.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        shown = text_of(second, "#decision-text")  # what is authorised, before y
        assert "£150.00 of 2026/27" in shown and "C00000019" in shown and "asmith" in shown
        assert "long stay in hospital" in shown and "Category:   uneconomical to pursue" in shown
        await pilot.press("y")
        await pilot.pause()
        assert "authorised by bjones" in text_of(second, "#queue-message")
        assert "Nothing waiting." in text_of(second, "#queue-text")
        await pilot.press("escape")
        await open_by_reference(pilot, "C00000019")
        assert second.screen.file.account.value.ledger.balance == balance - 150


async def test_place_a_hold_and_see_recovery_paused(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_by_reference(pilot, "C00000019")
        assert "today's run would issue: reminder" in text_of(app, "#section-text")
        await pilot.press("h")
        await pilot.pause()
        await pilot.press(*"dispute", "enter", "enter", "enter", *"says band is wrong", "enter")
        await pilot.pause()
        assert "paused: Dispute" in text_of(app, "#effect-text")
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("1")
        summary = text_of(app, "#section-text")
        assert "ON HOLD: Dispute 2026-11-23" in summary and "today's run would issue" not in summary


async def test_suspense_payment_placed_from_the_queue(app, session, tmp_path):
    from revtui.services.payments import import_payment_path

    path = tmp_path / "pay.csv"
    path.write_text("type,reference,amount,date,channel,narrative\nP,C00000020,20.00,2026-11-20,POST,\nT,1,20.00\n")
    import_payment_path(session.cash, path, "csv", today=session.today, officer="batch")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        assert "pay.csv line 2: C00000020 £20.00" in text_of(app, "#queue-text")
        await pilot.press("p")
        await pilot.pause()
        await pilot.press(*"C00000035", "enter")
        await pilot.pause()
        assert "£20.00 placed on C00000035" in text_of(app, "#queue-message")
        assert "Nothing waiting." in text_of(app, "#queue-text")


async def test_set_up_a_direct_debit_with_shift_d(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_by_reference(pilot, "C00000019")
        await pilot.press("D")
        await pilot.pause()
        assert isinstance(app.screen, ActionForm) and app.screen.spec.name == "Set up Direct Debit"
        await pilot.press(*"12-34-56", "enter", *"12345678", "enter", "enter", "enter")
        await pilot.pause()
        assert "****5678" in text_of(app, "#effect-text")
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("3")
        assert "Direct Debit C00000019: new" in text_of(app, "#section-text")
        assert "paying by direct debit" in text_of(app, "#section-text")


async def test_a_payers_request_for_12_instalments_with_shift_i(app, store):
    """The payer phones to ask for 12 instalments: shift+i records it and the year's remaining
    instalments are re-profiled by a revised instalment notice (the charge is unchanged)."""
    async with app.run_test(size=(80, 24)) as pilot:
        await open_by_reference(pilot, "C00000019")
        await pilot.press("I")
        await pilot.pause()
        assert isinstance(app.screen, ActionForm) and app.screen.spec.name == "10 or 12 instalments"
        await pilot.press(*"12", "enter", *"asked on the phone", "enter")
        await pilot.pause()
        assert "pays by 12 instalments from now" in text_of(app, "#effect-text")
        await pilot.press("y")
        await pilot.pause()
    account = open_session(store).records.accounts.find_one("reference", "C00000019").value
    assert account.plan.value == "12" and account.bills[-1].kind == "instalments"
    assert account.bills[-1].explanation == account.bills[-2].explanation  # the charge stands
    assert account.bills[-1].schedule.plan.value == "12"


async def test_new_dwelling_reported_listed_by_the_voa_then_a_move_in(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        for value in ("100099998888", "1 New Close, Ashby Parva", "DM1 9ZZ", "XYZ", "BC/2026/0412", "01/12/2026"):
            await pilot.press(*value, "enter")
        await pilot.pause()
        assert "area: 'XYZ' is not one of" in text_of(app, "#form-error")
        app.screen.query_one("#field-area").value = "ash"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Completion notice served 2026-11-23 stating completion on 2026-12-01" in text_of(app, "#effect-text")
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        assert "1 New Close, Ashby Parva, DM1 9ZZ completes 2026-12-01" in text_of(app, "#queue-text")
        await pilot.press("b")
        await pilot.pause()
        await pilot.press(*"C 01/12/2026", "enter")
        await pilot.pause()
        assert "listed: band C from 2026-12-01" in text_of(app, "#queue-message")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press(*"100099998888", "enter")  # found by UPRN, nobody liable: the move-in form
        await pilot.pause()
        assert isinstance(app.screen, ActionForm) and "Move in at" in app.screen.spec.name
        await pilot.press("ctrl+u", *"01/12/2026", "enter", *"Kit Marlowe", "enter", *["enter"] * 6, "n", "enter",
                          *"tenancy signed", "enter")
        await pilot.pause()
        assert "2026/27: £" in text_of(app, "#effect-text")
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        assert "Kit Marlowe  (current)" in text_of(app, "#account-heading")
        await pilot.press("2")
        # 1 December 2026 to 31 March 2027 is 121 of 365 days, in band C from the day it was listed
        assert "2026-12-01 to 2027-03-31  121/365 days  band C" in text_of(app, "#section-text")


async def test_returned_mail_logged_on_the_account_and_traced_from_the_queue(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_by_reference(pilot, "C00000019")
        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*"reminder 2026/27", "enter", "enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert "OPEN returned mail case RM-000001" in text_of(app, "#section-text")  # still on the summary
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("5")
        await pilot.pause()
        assert "RM-000001 C00000019" in text_of(app, "#queue-text")
        await pilot.press("t")
        await pilot.pause()
        await pilot.press(*"electoral register: not listed", "enter")
        await pilot.pause()
        await pilot.press("c")  # closed with the trace outcome, which moves the notices (issue 20 item 2)
        await pilot.pause()
        for entry in ("traced", "4 New Road, Otherton", "OT1 2AB", "", "", "electoral register"):
            await pilot.press(*entry, "enter")
        await pilot.pause()
        assert "Case RM-000001 closed: traced to a new address: 4 New Road, Otherton, OT1 2AB" in \
            text_of(app, "#effect-text")
        await pilot.press("y")
        await pilot.pause()
        assert "Nothing waiting." in text_of(app, "#queue-text")
        await pilot.press("escape", "ctrl+r")  # back to the account, read again
        await pilot.pause()
        assert "Notices to: 4 New Road, Otherton, OT1 2AB" in text_of(app, "#section-text")


async def test_an_unreadable_account_is_reported_and_the_app_goes_on(app, store):
    # a document a newer (or broken) program wrote: the officer is told, the app keeps running
    table = store.table("ctax_accounts")
    doc = table.get(doc_id=1)
    with store.change("damage for the test"):
        table.update({"liability": {**doc["liability"], "basis": "no such basis"}}, doc_ids=[1])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_by_reference(pilot, "C00000019")
        assert not isinstance(app.screen, AccountScreen)
        assert any("Cannot open this account" in str(n.message) for n in app._notifications)
        await pilot.press("escape")
        await open_by_reference(pilot, "C00000027")
        assert isinstance(app.screen, AccountScreen)


async def test_ctrl_o_writes_the_accounts_bill_as_a_pdf_beside_the_store_and_says_where(app, store):
    import io
    from pathlib import Path

    import pypdf

    async with app.run_test(size=(80, 24)) as pilot:
        await open_by_reference(pilot, "C00000019")
        await pilot.press("ctrl+o")
        await pilot.pause()
        out_dir = Path(store.path).parent / "previews" / "C00000019"
        [pdf] = sorted(out_dir.glob("*.pdf"))  # the sample account has a bill and no issued notices yet
        assert pdf.name == "C00000019-latest-bill-preview.pdf"
        text = pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages[0].extract_text()
        assert "C00000019" in text and "£2,280.96" in text  # its 2026/27 charge, as on the charges section
        assert any(str(out_dir) in str(n.message) for n in app._notifications)


async def test_record_the_debtors_means_and_see_the_attachment_of_earnings_the_run_would_make(app, session):
    from revcore.recovery import StageEvent
    from revtui.services.recovery import RecoveryFile, YearEvent, recovery_repository

    with session.store.change("test: a liability order on 24 June"):
        recovery_repository(session.store).add(RecoveryFile("C00000019", (
            YearEvent("2026/27", StageEvent("liability_order", dt.date(2026, 6, 24), "lo")),)))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_by_reference(pilot, "C00000019")
        assert "today's run would issue: enforcement agent" in text_of(app, "#section-text")
        await pilot.press("m")
        await pilot.pause()
        await pilot.press(*"Acme Ltd", "enter", *"monthly", "enter", *"1600.00", "enter",
                          *"Unit 4, Demo Park, DT5 6GH", "enter", "enter", "enter", *"reg. 36 form", "enter")
        await pilot.pause()
        # Sch 4 Table B: £1,600.00 a month is deducted at 17%: £272.00 each pay day
        assert "attachment of earnings 2026/27 £272.00" in text_of(app, "#effect-text")
        assert "(payroll at Unit 4, Demo Park, DT5 6GH)" in text_of(app, "#effect-text")
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("1")
        summary = text_of(app, "#section-text")
        assert "means 2026-11-23: Acme Ltd, £1,600.00 net monthly" in summary
        assert "today's run would issue: attachment of earnings 2026/27 £272.00" in summary


async def test_reversing_another_officer_s_large_posting_is_held_until_a_senior_officer_authorises(app, store):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_by_reference(pilot, "C00000019")
        first = app.screen.file.account.value.ledger.entries[0]
        assert first.officer != "asmith" and abs(first.amount) > 250
        balance = app.screen.file.account.value.ledger.balance
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("1", "enter", *"posted in error", "enter")
        await pilot.pause()
        assert "waits for a senior officer" in text_of(app, "#effect-text")
        await pilot.press("y")
        await pilot.pause()
        assert app.screen.file.account.value.ledger.balance == balance  # held, not reversed

    second = RevenuesApp(open_session(Store(store.path, user="bjones"), today=dt.date(2026, 11, 23), officer="bjones",
                                      roles=["senior officer"]))
    async with second.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        assert "CH-C00000019-1 Reverse C00000019/1 by asmith" in text_of(second, "#queue-text")
        await pilot.press("a")
        await pilot.pause()
        shown = text_of(second, "#decision-text")
        assert "was posted by" in shown and "asmith" in shown and "posted in error" in shown
        await pilot.press("y")
        await pilot.pause()
        assert "authorised by bjones" in text_of(second, "#queue-message")
        await pilot.press("escape")
        await open_by_reference(pilot, "C00000019")
        assert second.screen.file.account.value.ledger.balance == balance - first.amount


async def test_the_complete_move_in_with_a_child_contact_12_instalments_and_one_adult(app):
    """After C00000019 moves out on 1 Dec 2026, Ann Smith and her son (born 2012: under 18, not
    liable nor counted, LGFA 1992 s.6(5)) move in: one adult, so 25% off (s.11(1)). 1 Dec 2026 to
    31 Mar 2027 is 121 of 365 days of band C £2,280.96: x 75% = 1,710.72 x 121/365 = 567.1155 -> 567.12."""
    async with app.run_test(size=(80, 24)) as pilot:
        await open_by_reference(pilot, "C00000019")
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("ctrl+u", *"01/12/2026", "enter", *"4 New Road", "enter", *"OT1 2AB", "enter",
                          *"phoned", "enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, ActionForm)
        assert app.screen.query_one("#field-reason").region.bottom <= 24  # every field on the 80x24 screen
        await pilot.press("ctrl+u", *"01/12/2026", "enter", *"Ann Smith & Tom Smith 02/05/2012", "enter",
                          *"07700 900123", "enter", *"ann@example.org", "enter", "enter", "enter", "enter",
                          "ctrl+u", *"12", "enter", "y", "enter", *"tenancy signed", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmChange), text_of(app, "#form-error")
        effect = text_of(app, "#effect-text")
        assert "Living there, not liable (under 18: LGFA 1992 s.6(5)): Tom Smith born 02/05/2012" in effect
        assert "Single person discount from 2026-12-01: one adult (LGFA 1992 s.11(1))" in effect
        assert "Contact of Ann Smith: phone 07700 900123, email ann@example.org" in effect
        assert "2026/27: £567.12" in effect and "single person discount 25%" in effect
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        assert "Ann Smith" in text_of(app, "#account-heading")
async def test_direct_debit_set_up_asks_the_collection_day_and_the_instalments_move_to_it(app, store):
    """Issue 20 item 5: the payer chooses a collection day from those the council offers
    (bacs/collection_days.toml: 1, 15, 28 for the demo council); the remaining instalments move
    to it by a revised instalment notice, months and amounts unchanged (SI 1992/613 Sch 1 para 2(4))."""
    import datetime as dt

    before = open_session(store).records.accounts.find_one("reference", "C00000019").value
    async with app.run_test(size=(80, 24)) as pilot:
        await open_by_reference(pilot, "C00000019")
        await pilot.press("D")
        await pilot.pause()
        assert "day 15 of each month" in str(app.screen.query_one(".field-choices").render())
        assert app.screen.region.bottom <= 24
        await pilot.press(*"12-34-56", "enter", *"12345678", "enter", "enter", "ctrl+u", "5", "enter")
        await pilot.pause()
        assert "collection day: '5' is not a day the council offers (1, 15, 28)" in text_of(app, "#form-error")
        await pilot.press("ctrl+u", *"15", "enter")
        await pilot.pause()
        assert "Collected on day 15 of each month (was day 1)" in text_of(app, "#effect-text")
        await pilot.press("y")
        await pilot.pause()
    after = open_session(store).records.accounts.find_one("reference", "C00000019").value
    assert after.instalment_day == 15 and after.bills[-1].kind == "instalments"
    old, new = before.bills[-1].schedule.instalments, after.bills[-1].schedule.instalments
    # today is 23 Nov 2026; the notice period is 14 days, so 1 Dec keeps its date and the rest move to the 15th
    assert [(i.due, i.amount) for i in new] == [
        (i.due if i.due <= dt.date(2026, 12, 7) else i.due.replace(day=15), i.amount) for i in old]
    assert new[-1].due.day == 15
