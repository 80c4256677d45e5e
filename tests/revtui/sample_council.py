"""A small sample council on a fixed day, by a fixed officer, at a fixed clock, shared by the
service tests and the application's tests (its snapshots depend on the same data every time)."""

import datetime as dt

import pytest

from revtui.services.sample import sample_store
from revtui.services.session import open_session

TODAY = dt.date(2026, 11, 23)


def fixed_clock():
    return dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="session")
def council_file(tmp_path_factory):
    """The sample council built once; each test works on its own copy."""
    path = tmp_path_factory.mktemp("council") / "council.db"
    sample_store(path, 60, user="asmith", clock=fixed_clock).close()
    return path


@pytest.fixture()
def store(council_file, tmp_path):
    from revtui.store import Store

    copy = tmp_path / "council.db"
    copy.write_bytes(council_file.read_bytes())
    s = Store(copy, user="asmith", clock=fixed_clock)
    yield s
    s.close()


@pytest.fixture()
def session(store):
    return open_session(store, today=TODAY, officer="asmith", roles=["officer"])  # as a test stands in
