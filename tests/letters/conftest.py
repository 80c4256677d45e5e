import pytest

from letters.samples import ENGLISH, WELSH
from revtui.branding import load_branding


@pytest.fixture(scope="session")
def brandings():
    return {council: load_branding(council) for council in (ENGLISH, WELSH)}
