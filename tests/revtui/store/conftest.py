import pytest

from revtui.store import Repository, Store
from store_models import ACCOUNT_INDEXES, Account


@pytest.fixture
def store_path(tmp_path):
    return tmp_path / "store.db"


@pytest.fixture
def store(store_path):
    with Store(store_path, user="alice") as store:
        yield store


@pytest.fixture
def accounts(store):
    return Repository(store, "accounts", Account, indexes=ACCOUNT_INDEXES)
