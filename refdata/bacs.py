"""Bacs settings: label values and report codes (UNVERIFIED) from the table ``bacs/standard18.toml``,
and the council as an originator from ``bacs/service_user.toml`` in its council folder."""

from __future__ import annotations

from pathlib import Path

import attrs

from refdata import DataError, load_council_toml, load_toml
from refdata.unverified import marks

__all__ = ["Standard18Labels", "load_standard18_labels", "load_arudd_xml_codes", "ServiceUserSettings", "load_service_user",
           "load_collection_days"]


def _width(width: int):
    def check(instance: object, attribute: attrs.Attribute, value: str) -> None:
        if not isinstance(value, str) or len(value) != width:
            raise DataError(f"bacs/standard18.toml {attribute.name}: {value!r} must be exactly {width} characters")

    return check


@attrs.frozen
class Standard18Labels:
    """Label field values the writer uses where the published layout is UNVERIFIED."""

    record_format: str = attrs.field(validator=_width(1))
    block_length: str = attrs.field(validator=_width(5))
    record_length: str = attrs.field(validator=_width(5))
    buffer_offset: str = attrs.field(validator=_width(2))
    receiving_party: str = attrs.field(validator=_width(10))
    work_code: str = attrs.field(validator=_width(9))
    file_number: str = attrs.field(validator=_width(3))
    unverified: dict[str, str] = attrs.field(factory=dict, eq=False)
    """Field name -> what is not confirmed and its source (:mod:`refdata.unverified`)."""


def _values(section: dict) -> dict:
    """A section's values without its ``unverified`` marks (:mod:`refdata.unverified`)."""
    return {key: value for key, value in section.items() if key != "unverified"}


def load_standard18_labels(data_dir: Path | None = None) -> Standard18Labels:
    table = load_toml("bacs/standard18.toml", data_dir)
    try:
        return Standard18Labels(**_values(table["hdr2"]), **_values(table["uhl1"]),
                                unverified={**marks(table["hdr2"]), **marks(table["uhl1"])})
    except (KeyError, TypeError) as error:
        raise DataError(f"bacs/standard18.toml: {error}") from None


def load_arudd_xml_codes(data_dir: Path | None = None) -> dict[str, str]:
    """4-digit ARUDD XML return codes mapped to the one-character reason codes (UNVERIFIED)."""
    try:
        return dict(load_toml("bacs/standard18.toml", data_dir)["arudd"]["xml_return_codes"])
    except KeyError as error:
        raise DataError(f"bacs/standard18.toml: missing {error}") from None


@attrs.frozen
class ServiceUserSettings:
    """The council as a Bacs originator (``bacs/service_user.toml`` in the council folder)."""

    sun: str
    name: str
    sort_code: str
    account_number: str
    account_name: str


def load_service_user(council: str | None = None, data_dir: Path | None = None) -> ServiceUserSettings:
    """The council as a Bacs originator. A council folder shared by several councils (a shared
    service) holds one table per council code (``[demo-welsh]``), each with its own Service User
    Number; a folder of one council may give the fields at the top level."""
    table = load_council_toml("bacs/service_user.toml", data_dir)
    councils = {key: value for key, value in table.items() if isinstance(value, dict)}
    if councils:
        if council not in councils:
            raise DataError(f"bacs/service_user.toml: no [{council}] table for council {council!r} (it has "
                            f"{', '.join(sorted(councils))}): a council's Direct Debits go out only under its own "
                            f"Service User Number")
        table = councils[council]
    try:
        return ServiceUserSettings(**{field: str(table[field]) for field in
                                      ("sun", "name", "sort_code", "account_number", "account_name")})
    except KeyError as missing:
        raise DataError(f"bacs/service_user.toml: missing {missing}") from None


def load_collection_days(council: str | None = None, data_dir: Path | None = None) -> tuple[int, ...]:
    """The days of the month the council offers for Direct Debit collections
    (``bacs/collection_days.toml`` in the council folder; a table per council code where the
    folder serves several), each 1 to 28 so every month has it."""
    table = load_council_toml("bacs/collection_days.toml", data_dir)
    section = table.get(council, table) if council else table
    days = section.get("days") if isinstance(section, dict) else None
    if not isinstance(days, list) or not days or not all(isinstance(d, int) and 1 <= d <= 28 for d in days):
        raise DataError(f"bacs/collection_days.toml: days = {days!r}: give the days offered, each 1 to 28")
    return tuple(sorted(set(days)))
