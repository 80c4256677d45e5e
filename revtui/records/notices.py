"""What the notices keep in the store: each issued notice exactly as issued, and the print runs.

- :class:`StoredNotice`: one issued notice, its number and the :class:`letters.issued.IssuedNotice`
  record (view model, branding, template digest, hash), so it reprints exactly as issued
  whatever later happens to the account. Table ``issued_notices``, looked up by notice number
  and by account reference.
- :class:`letters.printrun.PrintRun`: a bulk print run with its batches and who drafted,
  checked, approved and released it. Table ``print_runs``, looked up by run id.
"""

from __future__ import annotations

import attrs

from letters.issued import IssuedNotice
from letters.printrun import PrintRun
from revtui.store import Index, Repository, Store

__all__ = ["StoredNotice", "NoticeRecords", "open_notice_records"]


@attrs.frozen
class StoredNotice:
    """An issued notice: its number (as on the account's :class:`~revtui.records.ctax.NoticeRecord`),
    the print run it went out in (empty when issued on its own) and the record it reprints from."""

    number: str
    record: IssuedNotice
    run_id: str = ""

    @property
    def account_reference(self) -> str:
        return self.record.account_reference


@attrs.frozen
class NoticeRecords:
    """The issued notice and print run repositories of one open store."""

    store: Store
    issued: Repository[StoredNotice]
    runs: Repository[PrintRun]


def open_notice_records(store: Store) -> NoticeRecords:
    return NoticeRecords(
        store,
        Repository(store, "issued_notices", StoredNotice,
                   indexes=[Index.field("number"),
                            Index("account", lambda doc: [doc["record"]["account_reference"]], reads=["record"]),
                            Index.field("run", "run_id")]),
        Repository(store, "print_runs", PrintRun, indexes=[Index.field("run", "run_id")]),
    )
