"""The audit diff is complete: undoing it from the new document gives back the old one."""

import copy

import orjson

from hypothesis import given, settings
from hypothesis import strategies as st

from revtui.store.audit import diff_documents, undo_changes

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=4),
    max_leaves=15,
)
documents = st.dictionaries(st.text(max_size=3), json_values, max_size=5)


@settings(max_examples=200)
@given(old=documents, new=documents)
def test_undoing_the_diff_of_two_documents_gives_back_the_first(old, new):
    changes = diff_documents(old, new)
    assert as_json(undo_changes(copy.deepcopy(new), changes)) == as_json(old)
    # No change is recorded exactly when the two are the same JSON (1, 1.0 and true differ).
    assert (changes == []) == (as_json(old) == as_json(new))


def as_json(document):
    return orjson.dumps(document, option=orjson.OPT_SORT_KEYS)


@given(old=documents, extra=st.lists(json_values, min_size=1, max_size=3))
def test_entries_added_to_a_ledger_are_recorded_as_an_append_only(old, extra):
    before = {**old, "ledger": [1, 2]}
    after = {**old, "ledger": [1, 2, *extra]}
    assert diff_documents(before, after) == [{"op": "append", "path": ["ledger"], "items": extra}]
