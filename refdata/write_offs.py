"""The categories a write-off must name (``write_off_categories.toml``, the council's write-off policy)."""

from __future__ import annotations

import attrs

from refdata import DataError, load_toml

__all__ = ["WriteOffCategoryRule", "write_off_categories"]

_FILE = "write_off_categories.toml"


@attrs.frozen
class WriteOffCategoryRule:
    code: str
    label: str


def write_off_categories() -> dict[str, WriteOffCategoryRule]:
    """The categories by code, in the file's order."""
    found = {}
    for code, values in load_toml(_FILE).items():
        label = values.get("label")
        if not isinstance(label, str) or not label.strip():
            raise DataError(f"{_FILE} [{code}]: label: give the category's name as printed")
        found[code] = WriteOffCategoryRule(code, label.strip())
    if not found:
        raise DataError(f"{_FILE}: no write-off categories")
    return found
