"""Fuzzing every importer: valid files import, mutated ones import or are refused clearly, never a
traceback, and a refused file leaves the store byte for byte as it was.

Bounded for ``make test`` (a few seconds); ``REVTUI_FUZZ_EXAMPLES=2000`` runs more, and
``scripts/fuzz_imports.py`` runs 2,000 inputs per importer and counts the outcomes. The inputs
that crashed the importers before they were hardened are kept in ``fuzz_corpus/`` (INDEX.txt
says what each did).
"""

import gzip
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.revtui.import_fuzz import IMPORTERS, VALID, mutate, outcome

CORPUS = Path(__file__).parent / "fuzz_corpus"
EXAMPLES = int(os.environ.get("REVTUI_FUZZ_EXAMPLES", "0"))


def examples(default: int) -> int:
    return EXAMPLES or default


def chooser(data: st.DataObject):  # noqa: ANN201
    return lambda n: data.draw(st.integers(0, max(n - 1, 0)))


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*/*.gz")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_input_that_once_crashed_an_importer_is_now_imported_or_refused(path):
    assert outcome(path.parent.name, gzip.decompress(path.read_bytes())) in ("imported", "refused")


def test_a_doctype_in_the_corpus_is_refused_not_expanded():
    assert outcome("arudd", gzip.decompress((CORPUS / "arudd" / "doctype-entities.bin.gz").read_bytes())) == "refused"


@pytest.mark.parametrize("importer", IMPORTERS)
def test_every_valid_file_imports(importer):
    @settings(max_examples=examples(25), deadline=None, database=None)
    @given(st.data())
    def check(data):
        assert outcome(importer, VALID[importer](chooser(data))) == "imported"

    check()


@pytest.mark.parametrize("importer", IMPORTERS)
def test_a_mutated_file_is_imported_or_refused_with_file_line_and_field_never_a_traceback(importer):
    @settings(max_examples=examples(120), deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.data())
    def check(data):
        choose = chooser(data)
        assert outcome(importer, mutate(choose, VALID[importer](choose))) in ("imported", "refused")

    check()


@pytest.mark.parametrize("importer", IMPORTERS)
def test_a_refused_file_leaves_the_store_byte_for_byte_as_it_was(importer, tmp_path_factory):
    from tests.revtui.fuzz_store import StoreUnderFuzz

    store = StoreUnderFuzz(tmp_path_factory.mktemp(f"fuzz-{importer}") / "council.db")
    before = store.fingerprint()  # the comparison sees a change: a valid file's import is one
    assert store.run(importer, VALID[importer](lambda n: n - 1)) == "imported" and store.fingerprint() != before

    @settings(max_examples=examples(8), deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.data())
    def check(data):
        choose = chooser(data)
        store.run(importer, mutate(choose, VALID[importer](choose)))  # asserts the store is unchanged if refused

    check()
