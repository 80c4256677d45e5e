"""Bulk print runs: notices sorted by postcode, rendered in batches across processes, one PDF
and one index CSV per batch, and the run's life as records: drafted, checked against the run
that produced the notices, approved by a named officer, released to print.

Files are written by :func:`produce_batches`; the life-cycle functions (:func:`draft`,
:func:`check`, :func:`approve`, :func:`release`) are pure and return new records, for the
store to keep.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import gc
import hashlib
import multiprocessing
import re
from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

import attrs

from letters.branding import Branding
from letters.model import Notice
from letters.render import notice_html, render_pdf
from revcore.money import money_sum
from safefiles import csv_text, write_private

__all__ = [
    "PrintRunError",
    "ProducingRun",
    "IndexRow",
    "Batch",
    "RunState",
    "PrintRun",
    "postcode_key",
    "sort_for_post",
    "produce_batches",
    "index_csv",
    "INDEX_COLUMNS",
    "DEFAULT_BATCH_SIZE",
    "draft",
    "discrepancies",
    "check",
    "approve",
    "release",
]

ADDRESS_COLUMNS = 7
INDEX_COLUMNS = (
    "sequence",
    "batch",
    "first_page",
    "last_page",
    "pages",
    "account_reference",
    "notice_type",
    *(f"address_{i}" for i in range(1, ADDRESS_COLUMNS + 1)),
    "postcode",
)


# Notices per batch PDF. A worker holds a batch's laid-out document until its PDF is written:
# about 300 MB at 250 bills, well within the 600 MB a worker may use (benchmarks/bulk_bills.py
# prints it), and a batch of 250 is laid out as fast per bill as one of 500.
DEFAULT_BATCH_SIZE = 250


class PrintRunError(ValueError):
    """A print run that does not reconcile, or a step taken out of order."""


@attrs.frozen
class ProducingRun:
    """What the billing or recovery run says it produced: the figures a print run must match."""

    run_id: str
    notice_type: str
    count: int
    total: Decimal


@attrs.frozen
class IndexRow:
    """One notice in a batch PDF, as a mail house's index lists it. Pages are 1-based, inclusive."""

    sequence: int
    batch: int
    first_page: int
    last_page: int
    account_reference: str
    notice_type: str
    address_lines: tuple[str, ...] = attrs.field(converter=tuple)
    postcode: str

    @property
    def pages(self) -> int:
        return self.last_page - self.first_page + 1


@attrs.frozen
class Batch:
    """One PDF file of a run and the notices in it."""

    number: int
    pdf_name: str
    index_name: str
    pdf_sha256: str
    pages: int
    rows: tuple[IndexRow, ...] = attrs.field(converter=tuple)


_POSTCODE = re.compile(r"^([A-Z]{1,2})(\d{1,2})([A-Z]?)(\d[A-Z]{2})$")


def postcode_key(postcode: str) -> tuple:
    """Sort key putting DT2 before DT10 (area, district number, sub-district, sector and unit).
    A postcode that does not parse sorts after every one that does, by its text."""
    compact = postcode.upper().replace(" ", "")
    match = _POSTCODE.match(compact)
    if not match:
        return (1, compact, 0, "", "")
    area, district, sub, inward = match.groups()
    return (0, area, int(district), sub, inward)


def sort_for_post(notices: Sequence[Notice]) -> list[Notice]:
    """Notices in postcode order (then account reference, so the order is repeatable)."""
    return sorted(notices, key=lambda n: (postcode_key(n.header.addressee.postcode), n.header.account_reference))


def index_csv(rows: Sequence[IndexRow]) -> str:
    """The mail house index: one line per notice, address lines padded to fixed columns."""
    table: list[list[object]] = [list(INDEX_COLUMNS)]
    for row in rows:
        lines = list(row.address_lines) + [""] * (ADDRESS_COLUMNS - len(row.address_lines))
        table.append(
            [row.sequence, row.batch, row.first_page, row.last_page, row.pages, row.account_reference, row.notice_type, *lines, row.postcode]
        )
    return csv_text(table, lineterminator="\r\n")


def _render_batch(job: tuple[int, int, list[Notice], Mapping[str, Branding], Path, str]) -> Batch:
    number, first_sequence, notices, brandings, out_dir, run_id = job
    rendered = render_pdf(notices, brandings)
    rows = []
    for offset, (notice, (first, last)) in enumerate(zip(notices, rendered.page_ranges)):
        addressee = notice.header.addressee
        rows.append(
            IndexRow(
                sequence=first_sequence + offset,
                batch=number,
                first_page=first,
                last_page=last,
                account_reference=notice.header.account_reference,
                notice_type=notice.notice_type,
                address_lines=(*addressee.names, *addressee.address_lines),
                postcode=addressee.postcode,
            )
        )
    pdf_name = f"{run_id}-{number:03d}.pdf"
    index_name = f"{run_id}-{number:03d}.csv"
    write_private(out_dir / pdf_name, rendered.pdf)
    write_private(out_dir / index_name, index_csv(rows))
    return Batch(number, pdf_name, index_name, hashlib.sha256(rendered.pdf).hexdigest(), rendered.pages, rows)


# WeasyPrint builds millions of short-lived objects per batch; with the default thresholds the
# cyclic collector ran full collections over the growing heap and took a fifth of the time.
_BULK_GC_THRESHOLDS = (50_000, 20, 100)


def _worker_init() -> None:
    # The fonts, templates and stylesheet came from the parent: leave them out of collections,
    # which would otherwise touch (and so copy) every inherited page.
    gc.freeze()
    gc.set_threshold(*_BULK_GC_THRESHOLDS)


@contextlib.contextmanager
def _bulk_gc():
    before = gc.get_threshold()
    gc.set_threshold(*_BULK_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def produce_batches(
    run_id: str,
    notices: Sequence[Notice],
    brandings: Mapping[str, Branding],
    out_dir: Path,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int = 2,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Batch, ...]:
    """Sort ``notices`` for the post, render them ``batch_size`` to a PDF on ``workers``
    processes, and write ``<run_id>-NNN.pdf`` and ``<run_id>-NNN.csv`` into ``out_dir``;
    ``progress(done, total)`` is told the notices rendered as each batch is written.

    Each batch is one WeasyPrint document: laying out many letters in one document is several
    times faster per letter than one document each. Sequence numbers run across the run.
    """
    if batch_size < 1 or workers < 1:
        raise PrintRunError("batch_size and workers must be at least 1")
    out_dir.mkdir(parents=True, exist_ok=True)
    ordered = sort_for_post(notices)
    jobs = [
        (number, start + 1, ordered[start : start + batch_size], brandings, out_dir, run_id)
        for number, start in enumerate(range(0, len(ordered), batch_size), start=1)
    ]
    say = progress or (lambda _done, _total: None)
    say(0, len(ordered))

    def counted(batches: Iterable[Batch]) -> tuple[Batch, ...]:
        done: list[Batch] = []
        for batch in batches:
            done.append(batch)
            say(min(len(done) * batch_size, len(ordered)), len(ordered))
        return tuple(done)

    if workers == 1 or len(jobs) == 1:
        with _bulk_gc():
            return counted(_render_batch(job) for job in jobs)
    # fork: workers inherit the loaded fonts, templates and stylesheet instead of reloading them;
    # one notice's HTML here compiles its templates and measures the tables' font before forking.
    # A fresh worker for each batch: a worker's memory grew with every batch it rendered
    # (bills: 300 MB after one batch of 250, 840 MB after four), and forking costs next to nothing.
    first = ordered[0]
    if first.header.council_id in brandings:  # else the worker says which council has none
        notice_html(first, brandings[first.header.council_id])
    with multiprocessing.get_context("fork").Pool(workers, initializer=_worker_init, maxtasksperchild=1) as pool:
        return counted(pool.imap(_render_batch, jobs))


class RunState(enum.Enum):
    DRAFTED = "drafted"
    CHECKED = "checked"
    APPROVED = "approved"
    RELEASED = "released"


@attrs.frozen
class PrintRun:
    """A print run and who did what to it when. ``total`` is the sum of the notices'
    headline amounts (what each bill asks for), the figure checked against the producing run."""

    run_id: str
    source: ProducingRun
    count: int
    total: Decimal
    batches: tuple[Batch, ...] = attrs.field(converter=tuple)
    drafted_by: str
    drafted_at: dt.datetime
    state: RunState = RunState.DRAFTED
    checked_by: str | None = None
    checked_at: dt.datetime | None = None
    approved_by: str | None = None
    approved_at: dt.datetime | None = None
    released_at: dt.datetime | None = None

    @property
    def rows(self) -> tuple[IndexRow, ...]:
        return tuple(row for batch in self.batches for row in batch.rows)

    @property
    def pages(self) -> int:
        return sum(batch.pages for batch in self.batches)


def draft(
    run_id: str,
    source: ProducingRun,
    notices: Sequence[Notice],
    batches: Sequence[Batch],
    *,
    drafted_by: str,
    at: dt.datetime,
) -> PrintRun:
    """The print run as drafted from ``notices`` (the same notices ``batches`` were made from)."""
    return PrintRun(
        run_id=run_id,
        source=source,
        count=len(notices),
        total=money_sum(n.headline_amount for n in notices),
        batches=batches,
        drafted_by=drafted_by,
        drafted_at=at,
    )


def discrepancies(run: PrintRun) -> list[str]:
    """Every way ``run`` fails to reconcile with its producing run and its own batches."""
    problems = []
    source = run.source
    rows = run.rows
    if run.count != source.count:
        problems.append(f"{run.count} notices in the print run, {source.count} produced by run {source.run_id}")
    if run.total != source.total:
        problems.append(f"print run total {run.total}, producing run {source.run_id} total {source.total}")
    if len(rows) != run.count:
        problems.append(f"{len(rows)} index lines for {run.count} notices")
    if [row.sequence for row in rows] != list(range(1, len(rows) + 1)):
        problems.append("sequence numbers are not 1..n without gaps")
    if len({row.account_reference for row in rows}) != len(rows):
        problems.append("an account appears twice in the run")
    wrong_type = sorted({row.notice_type for row in rows} - {source.notice_type})
    if wrong_type:
        problems.append(f"notice types {', '.join(wrong_type)} are not the producing run's {source.notice_type}")
    for batch in run.batches:
        expected_first = 1
        for row in batch.rows:
            if row.first_page != expected_first or row.last_page < row.first_page:
                problems.append(f"batch {batch.number}: page range of sequence {row.sequence} is not contiguous")
                break
            expected_first = row.last_page + 1
        else:
            if expected_first - 1 != batch.pages:
                problems.append(f"batch {batch.number}: index covers {expected_first - 1} pages, PDF has {batch.pages}")
    return problems


def check(run: PrintRun, *, checked_by: str, at: dt.datetime) -> PrintRun:
    """Reconcile the counts and totals; a run that does not reconcile cannot be checked."""
    if run.state is not RunState.DRAFTED:
        raise PrintRunError(f"print run {run.run_id} is {run.state.value}; only a drafted run is checked")
    problems = discrepancies(run)
    if problems:
        raise PrintRunError(f"print run {run.run_id} does not reconcile: " + "; ".join(problems))
    return attrs.evolve(run, state=RunState.CHECKED, checked_by=checked_by, checked_at=at)


def approve(run: PrintRun, *, approved_by: str, at: dt.datetime) -> PrintRun:
    """A named officer approves a checked run; not the officer who drafted it."""
    if run.state is not RunState.CHECKED:
        raise PrintRunError(f"print run {run.run_id} is {run.state.value}; it must be checked before approval")
    if not approved_by.strip():
        raise PrintRunError(f"print run {run.run_id}: approval needs the officer's name")
    if approved_by.strip().casefold() == run.drafted_by.strip().casefold():  # Alice is alice
        raise PrintRunError(f"print run {run.run_id}: {approved_by} drafted it and cannot also approve it")
    return attrs.evolve(run, state=RunState.APPROVED, approved_by=approved_by, approved_at=at)


def release(run: PrintRun, *, at: dt.datetime) -> PrintRun:
    """Release an approved run to the printer."""
    if run.state is not RunState.APPROVED:
        raise PrintRunError(f"print run {run.run_id} is {run.state.value}; only an approved run is released")
    return attrs.evolve(run, state=RunState.RELEASED, released_at=at)
