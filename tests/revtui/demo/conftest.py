import pytest

from revtui.demo import build_demo


@pytest.fixture(scope="session")
def small_demo(tmp_path_factory):
    """A 400-dwelling demo council, built once for these tests."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    summary = build_demo(path, size=400, seed=7)
    return path, summary
