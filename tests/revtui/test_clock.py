"""The training clock moves forward only, and only in a training store."""

import datetime as dt

import pytest

from revtui.clock import is_training, set_training_date, today
from revtui.store import Store

D = dt.date


def test_live_store_uses_the_system_date_and_training_store_its_own(tmp_path):
    store = Store(tmp_path / "s.db", user="trainer")
    assert not is_training(store)
    assert today(store, system_today=D(2026, 11, 23)) == D(2026, 11, 23)
    set_training_date(store, D(2027, 3, 1), reason="reset to scenario start")
    set_training_date(store, D(2027, 4, 1), reason="move forward a month")
    assert is_training(store)
    assert today(store, system_today=D(2026, 11, 23)) == D(2027, 4, 1)
    with pytest.raises(ValueError, match="does not go back to 2027-03-31"):
        set_training_date(store, D(2027, 3, 31), reason="oops")
    store.close()
    reopened = Store(tmp_path / "s.db", user="trainer")
    assert today(reopened) == D(2027, 4, 1)
