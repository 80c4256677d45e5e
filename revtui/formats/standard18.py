"""Bacs Standard 18 files: Direct Debit collections and AUDDIS instructions.

Layout from a bank's published "BACS File Specification" (Bank of Ireland) and suppliers' code lists: 80-character labels ``VOL1 HDR1 HDR2 UHL1``,
100-character data records, then ``EOF1 EOF2 UTL1``. Label values not confirmed (UNVERIFIED:
HDR2, parts of UHL1) come from the table ``bacs/standard18.toml`` (:mod:`refdata.bacs`). Each call writes one
single-file submission for one processing day: collections and AUDDIS instructions go in
separate files (suppliers keep DDI records apart from payment records; whether Bacs requires
it is UNVERIFIED, and separate files are accepted either way).

A collection file holds one debit record per collection (codes 01/17/18/19) and one credit
contra (code 99) on the council's own account for their total, so the file balances; UTL1
carries the debit and credit totals in pence and their counts. An AUDDIS file holds 0N/0C/0S
records with zero amounts and no contra.

Records are joined with CRLF; text fields are upper-cased, characters outside Bacs's set
(``A-Z 0-9 . & / -`` and space) become spaces, and long values are cut to the field.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Sequence

import attrs

from refdata.bacs import Standard18Labels, load_standard18_labels
from revcore.calendar import is_working_day
from revcore.directdebit import AuddisInstruction, BankAccount, CollectionRun, DirectDebitError
from revcore.money import to_pence

__all__ = ["ServiceUser", "DataRecord", "collection_records", "auddis_records", "write_standard18", "julian"]

_ALLOWED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.&/- ")
_DEBIT_CODES = frozenset({"01", "17", "18", "19"})
_CREDIT_CODES = frozenset({"99"})
_INSTRUCTION_CODES = frozenset({"0N", "0C", "0S"})


def julian(day: dt.date) -> str:
    """Bacs label date `` YYDDD``: a space, two-digit year, day of the year."""
    return f" {day:%y}{day.timetuple().tm_yday:03d}"


def _text(value: str, width: int) -> str:
    cleaned = "".join(ch if ch in _ALLOWED else " " for ch in value.upper())
    return cleaned[:width].ljust(width)


def _six_digits(instance: object, attribute: attrs.Attribute, value: str) -> None:
    if len(value) != 6 or not value.isdigit():
        raise DirectDebitError(f"{attribute.name} {value!r}: expected 6 digits")


@attrs.frozen
class ServiceUser:
    """The council as a Bacs service user: its Service User Number, name and bank account."""

    sun: str = attrs.field(validator=_six_digits)
    name: str
    account: BankAccount


@attrs.frozen
class DataRecord:
    """One 100-character data record (the Standard 18 specification's data record table)."""

    destination: BankAccount
    code: str
    origin: BankAccount
    pence: int
    user_name: str
    user_reference: str

    def __attrs_post_init__(self) -> None:
        if self.code not in _DEBIT_CODES | _CREDIT_CODES | _INSTRUCTION_CODES:
            raise DirectDebitError(f"transaction code {self.code!r} is not one this system writes")
        if self.code in _INSTRUCTION_CODES and self.pence:
            raise DirectDebitError(f"an AUDDIS {self.code} record carries no amount")
        if not 0 <= self.pence < 10**11:
            raise DirectDebitError(f"amount {self.pence}p does not fit 11 digits")

    def render(self) -> str:
        record = (
            self.destination.sort_code
            + self.destination.account_number
            + "0"
            + self.code
            + self.origin.sort_code
            + self.origin.account_number
            + "    "
            + f"{self.pence:011d}"
            + _text(self.user_name, 18)
            + _text(self.user_reference, 18)
            + _text(self.destination.name, 18)
        )
        assert len(record) == 100, record
        return record


def collection_records(service_user: ServiceUser, run: CollectionRun) -> list[DataRecord]:
    """Debit records for the run's collections and the credit contra that balances them."""
    records = [
        DataRecord(mandate.payer, collection.code.value, service_user.account, to_pence(collection.amount), service_user.name, mandate.reference)
        for collection, mandate in run.items
    ]
    if records:
        total = sum(record.pence for record in records)
        records.append(DataRecord(service_user.account, "99", service_user.account, total, service_user.name, "CONTRA"))
    return records


def auddis_records(service_user: ServiceUser, instructions: Sequence[AuddisInstruction]) -> list[DataRecord]:
    return [
        DataRecord(i.mandate.payer, i.code.value, service_user.account, 0, service_user.name, i.mandate.reference)
        for i in instructions
    ]


def _hdr1(tag: str, service_user: ServiceUser, serial: str, created_on: dt.date, blocks: int) -> str:
    label = (
        tag + "A" + service_user.sun + "S" + "  " + "1" + service_user.sun + serial
        + "0001" + "0001" + "    " + "  " + julian(created_on) + julian(created_on) + " "
        + f"{blocks:06d}" + " " * 13 + " " * 7
    )
    assert len(label) == 80, label
    return label


def _hdr2(tag: str, labels: Standard18Labels) -> str:
    label = tag + labels.record_format + labels.block_length + labels.record_length + " " * 35 + labels.buffer_offset + " " * 28
    assert len(label) == 80, label
    return label


def write_standard18(
    service_user: ServiceUser,
    records: Sequence[DataRecord],
    *,
    serial: str,
    created_on: dt.date,
    processing_date: dt.date,
    labels: Standard18Labels | None = None,
) -> str:
    """A complete single-file Standard 18 submission.

    ``serial`` is the six-character submission serial number (unique that day, not all zeros);
    ``processing_date`` must be a banking day on or after ``created_on``. Raises
    :class:`DirectDebitError` naming what is wrong; nothing is written for a bad run.
    """
    labels = labels or load_standard18_labels()
    if len(serial) != 6 or not serial.strip("0 ") or set(serial) - _ALLOWED:
        raise DirectDebitError(f"submission serial {serial!r}: six characters, not all zeros or blanks")
    if not is_working_day(processing_date):
        raise DirectDebitError(f"processing date {processing_date.isoformat()} ({processing_date:%A}) is not a banking day")
    if processing_date < created_on:
        raise DirectDebitError(f"processing date {processing_date.isoformat()} is before the file is made ({created_on.isoformat()})")
    if not records:
        raise DirectDebitError("a Standard 18 file needs at least one data record")
    debit = [r.pence for r in records if r.code in _DEBIT_CODES]
    credit = [r.pence for r in records if r.code in _CREDIT_CODES]
    if sum(debit) != sum(credit):
        raise DirectDebitError(f"debits {sum(debit)}p and credits {sum(credit)}p do not balance: a contra is missing")
    blocks = math.ceil(len(records) * 100 / int(labels.block_length))
    lines = [
        "VOL1" + serial + " " + " " * 30 + service_user.sun + " " * 32 + "1",
        _hdr1("HDR1", service_user, serial, created_on, 0),
        _hdr2("HDR2", labels),
        "UHL1" + julian(processing_date) + labels.receiving_party + "00000000" + labels.work_code
        + labels.file_number + " " * 7 + " " * 7 + " " * 26,
        *(record.render() for record in records),
        _hdr1("EOF1", service_user, serial, created_on, blocks),
        _hdr2("EOF2", labels),
        "UTL1" + f"{sum(debit):013d}" + f"{sum(credit):013d}" + f"{len(debit):07d}" + f"{len(credit):07d}" + " " * 36,
    ]
    for line in lines[:4] + lines[-3:]:
        assert len(line) == 80, line
    return "\r\n".join(lines) + "\r\n"
