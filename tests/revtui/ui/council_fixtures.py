"""The application on the sample council. Test modules import these fixtures by name."""

import pytest

from revtui.ui.app import RevenuesApp
from tests.revtui.sample_council import TODAY, council_file, fixed_clock, session, store  # noqa: F401  (fixtures)


@pytest.fixture()
def app(session):
    return RevenuesApp(session)
