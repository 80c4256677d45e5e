"""The recovery run reads most accounts' years from their stored figures, without converting the
account or building its position (issue 21: a whole council's run in seconds). Those years must
stand exactly where the whole assessment puts them, and any account with something missed, or
anything only the whole position can weigh, must get the whole assessment."""

import datetime as dt

import attrs

from revcore.recovery.engine import RunContext, assess_account
from revtui.records.ctax import open_records
from revtui.services.recovery import _quiet_years, position, recovery_repository, rules
from revtui.store import Store


def test_years_read_from_the_figures_stand_where_the_whole_assessment_puts_them(small_demo):
    path, summary = small_demo
    store = Store(path)
    try:
        records = open_records(store)
        files = {doc["account"] for doc in recovery_repository(store).table}
        documents = [doc for doc in records.accounts.table if doc["reference"] not in files]
        # the demo day, a day before some payments were made, and a day after the store's last payment
        for day in (summary.as_at, summary.as_at - dt.timedelta(days=20), summary.as_at + dt.timedelta(days=35)):
            context = RunContext.build(day, rules())
            quick = whole = 0
            for document in documents:
                years = _quiet_years(document, [(day, context.default_cutoff)])
                found = position(records.accounts.from_document(document, document.doc_id), None)
                actions, states = assess_account(found, context)
                if years is None:
                    whole += 1
                    continue
                quick += 1
                assert (actions, years) == ([], states), document["reference"]
            assert quick and whole, (day, quick, whole)  # both paths are exercised
            if day == summary.as_at:  # on the store's own day most accounts are quiet
                assert quick > len(documents) / 2, (quick, whole)
    finally:
        store.close()


def test_an_account_in_arrears_or_with_costs_is_not_read_from_its_figures(small_demo):
    path, summary = small_demo
    store = Store(path)
    try:
        records = open_records(store)
        context = RunContext.build(summary.as_at, rules())
        cutoffs = [(summary.as_at, context.default_cutoff)]
        seen_missed = seen_costs = False
        for document in records.accounts.table:
            found = position(records.accounts.from_document(document, document.doc_id), None)
            missed = any(year.due_by(context.default_cutoff) > year.paid_by(summary.as_at) for year in found.years)
            costs = any(entry["kind"] == "costs" for entry in document["ledger"]["entries"])
            if missed or costs:
                assert _quiet_years(document, cutoffs) is None, document["reference"]
            seen_missed |= missed
            seen_costs |= costs
        assert seen_missed and seen_costs
    finally:
        store.close()


def test_the_run_read_in_two_processes_plans_exactly_what_one_process_plans(small_demo):
    """The command line's run reads the accounts in two processes side by side (issue 21)."""
    from revtui.services.recovery import recovery_run
    from revtui.services.session import open_session

    path, _ = small_demo
    store = Store(path)
    try:
        session = open_session(store, officer="demo", roles=["recovery officer"])
        one = recovery_run(session, issue=False, batch=40)
        two = recovery_run(session, issue=False, batch=40, workers=2)
        assert one.plan.actions and len(session.records.accounts) > 40 * 2  # several parts, something to do
        key = attrs.astuple
        assert (two.plan.actions, sorted(two.plan.states, key=key), two.render()) == \
               (one.plan.actions, sorted(one.plan.states, key=key), one.render())
    finally:
        store.close()
