"""Shared fixtures: the invented demo councils' tariffs and small builders for dwellings."""

from __future__ import annotations

import pytest

from refdata.ctax import load_rules, load_tariff


@pytest.fixture(scope="session")
def rules():
    return load_rules()


@pytest.fixture(scope="session")
def district():
    """Demo District Council (England, invented figures)."""
    return load_tariff("demo-district")


@pytest.fixture(scope="session")
def welsh():
    """Demo County Council (Wales, invented figures)."""
    return load_tariff("demo-welsh")
