import pytest

from revtui.demo import build_demo


@pytest.fixture(scope="session")
def demo_store_path(tmp_path_factory):
    """A 300-dwelling demo council, built once for the report tests."""
    path = tmp_path_factory.mktemp("reports") / "demo.db"
    build_demo(path, size=300, seed=5)
    return path
