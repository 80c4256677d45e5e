"""What cash posting, Direct Debit and approvals keep in the store, beside the accounts.

- :class:`PaymentImport`: one part of a run of a payment file, with the lines it placed (posted
  or sent to suspense, by their place among the file's detail lines); the run's last part holds
  the whole file's posting report. The lines' keys are the hash of the file's normalised content
  and that place (:meth:`revcore.cashposting.PaymentFile.key`), so a file imported again, under
  any name, in any line endings or encoding, finds its lines here and posts none twice. (Records
  made before files were known by content hold the hash of the bytes and line numbers.) Each part is stored in the same transaction as the ledger
  postings it made, so the two can never disagree, even when a run stops part way.
- :class:`SuspenseEntry`: a line that matched no account, with the reason, until an officer
  allocates it.
- :class:`CollectionRunRecord`: one Direct Debit run, with the files it wrote.
- :class:`BacsReportImport`: an ADDACS or ARUDD report applied (by content hash, so applying the
  same report twice does nothing the second time).
- :class:`RequestRecord`: a refund or write-off request, its decision, and the ledger entry it
  posted.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

import attrs

from revcore.approvals import ApprovalRequest, ApprovalStatus
from revcore.cashposting import PaymentLine, PostingReport
from revcore.directdebit import Collection
from revcore.money import format_money
from revcore.refunds import Payee, WriteOffCategory
from revtui.records.ctax import CtaxAccount, Records, open_records
from revtui.store import Index, Repository, Store

__all__ = [
    "PaymentImport",
    "SuspenseEntry",
    "HeldCollection",
    "CollectionRunRecord",
    "BacsReportKind",
    "BacsReportImport",
    "RequestRecord",
    "CashRecords",
    "open_cash_records",
]


@attrs.frozen
class PaymentImport:
    """One part of an import of a payment file: who ran it, when, the lines it placed.

    A large file is committed in parts, so officers' saves interleave with the import; the
    parts of one run share ``run``. ``report`` (the whole file's posting report) is on the
    run's last part only: a run whose parts have none stopped part way, and a new import of
    the file skips the lines its parts placed. Records written before imports were committed
    in parts are each a whole run (``run`` empty, ``report`` present).
    """

    content_hash: str
    name: str
    layout: str
    imported_on: dt.date
    officer: str
    placed_lines: tuple[int, ...] = attrs.field(converter=tuple)
    report: PostingReport | None = None
    run: str = ""

    def keys(self) -> set[str]:
        return {f"{self.content_hash}:{line}" for line in self.placed_lines}


@attrs.frozen
class SuspenseEntry:
    """A payment file line no account could take, and why; ``allocated_to`` once an officer places it."""

    key: str
    source: str
    line: PaymentLine
    reason: str
    received_on: dt.date
    allocated_to: str = ""
    allocated_by: str = ""
    allocated_on: dt.date | None = None
    entry: str = ""  # the ledger entry the allocation posted
    note: str = ""

    @property
    def is_open(self) -> bool:
        return not self.allocated_to


@attrs.frozen
class HeldCollection:
    """A collection due on the run's date that was not collected, and why (for an officer)."""

    collection: Collection
    reason: str


@attrs.frozen
class CollectionRunRecord:
    """One Direct Debit run: the collection date, the files written, what was collected and held."""

    collection_date: dt.date
    processing_date: dt.date
    run_on: dt.date
    officer: str
    serial: str
    collections: tuple[Collection, ...] = attrs.field(converter=tuple)
    held: tuple[HeldCollection, ...] = attrs.field(converter=tuple)
    collection_file: str = ""
    auddis_file: str = ""
    auddis: tuple[str, ...] = attrs.field(default=(), converter=tuple)  # "0N C00012343", ...


class BacsReportKind(enum.Enum):
    ADDACS = "addacs"
    ARUDD = "arudd"


@attrs.frozen
class BacsReportImport:
    """An ADDACS or ARUDD report applied to the store, and what it did line by line."""

    kind: BacsReportKind
    content_hash: str
    name: str
    imported_on: dt.date
    officer: str
    applied: tuple[str, ...] = attrs.field(converter=tuple)
    problems: tuple[str, ...] = attrs.field(converter=tuple)


@attrs.frozen
class RequestRecord:
    """A refund or write-off request as stored; ``entry`` is the ledger entry it posted, once posted.

    A refund names its ``payee`` (and method) and, once sent to the finance system, the
    ``payment_file`` it went in (so no refund is paid twice); a write-off its ``write_off_category``.
    Requests stored before these were recorded have none.
    """

    request: ApprovalRequest
    entry: str = ""
    payee: Payee | None = None
    write_off_category: WriteOffCategory | None = None
    payment_file: str = ""
    interest: Decimal = Decimal("0.00")
    """Of a refund, the interest on repayments credited to the account since its last refund
    (business rates, SI 1990/1904): paid out with it and shown apart for the finance system."""

    def explain(self) -> str:
        """The request as the approvals queue and ``revtui approvals`` list it."""
        extra = []
        if self.payee is not None:
            extra.append(f"pay {self.payee.describe()}")
        if self.interest:
            extra.append(f"of which {format_money(self.interest)} interest on repayments")
        if self.write_off_category is not None:
            extra.append(f"category: {self.write_off_category.describe()}")
        if self.payment_file:
            extra.append(f"sent for payment in {self.payment_file}")
        return "; ".join([self.request.explain(), *extra])

    @property
    def waiting(self) -> bool:
        return self.request.status is ApprovalStatus.PENDING


def _request_state(doc: dict) -> list[str]:
    request = doc["request"]
    if doc.get("entry"):
        return ["posted"]
    if request.get("decision") is not None:
        return ["approved" if request["decision"]["approved"] else "rejected"]
    return ["pending" if request["needs_second_officer"] else "approved"]


def _suspense_state(doc: dict) -> list[str]:
    return ["allocated" if doc.get("allocated_to") else "open"]


@attrs.frozen
class CashRecords:
    """The accounts and the cash, Direct Debit and approval repositories of one open store."""

    store: Store
    records: Records
    imports: Repository[PaymentImport]
    suspense: Repository[SuspenseEntry]
    runs: Repository[CollectionRunRecord]
    reports: Repository[BacsReportImport]
    requests: Repository[RequestRecord]

    @property
    def accounts(self) -> Repository[CtaxAccount]:
        return self.records.accounts


def open_cash_records(store: Store, records: Records | None = None) -> CashRecords:
    """Open the repositories (and the accounts, unless ``records`` is given)."""
    return CashRecords(
        store,
        records or open_records(store),
        Repository(store, "payment_imports", PaymentImport, indexes=[Index.field("hash", "content_hash")]),
        Repository(store, "suspense", SuspenseEntry,
                   indexes=[Index.field("key"), Index("state", _suspense_state, reads=["allocated_to"])]),
        Repository(store, "dd_runs", CollectionRunRecord,
                   indexes=[Index("date", lambda doc: [doc["collection_date"]], reads=["collection_date"]),
                            Index("processing", lambda doc: [doc["processing_date"]], reads=["processing_date"])]),
        Repository(store, "bacs_reports", BacsReportImport, indexes=[Index.field("hash", "content_hash")]),
        Repository(store, "approval_requests", RequestRecord,
                   indexes=[Index("id", lambda doc: [doc["request"]["id"]], reads=["request"]),
                            Index("account", lambda doc: [doc["request"]["account"]], reads=["request"]),
                            Index("state", _request_state, reads=["request", "entry"])]),
    )
