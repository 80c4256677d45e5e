"""What the notices keep in the store: each issued notice exactly as issued, and the print runs.

- :class:`StoredNotice`: one issued notice, its number and the :class:`letters.issued.IssuedNotice`
  record (view model, branding, template digest, hash), so it reprints exactly as issued
  whatever later happens to the account. Table ``issued_notices``, looked up by notice number
  and by account reference.
- :class:`letters.printrun.PrintRun`: a bulk print run with its batches and who drafted,
  checked, approved and released it. Table ``print_runs``, looked up by run id.

Storing an issued notice also keeps, once, the version of the templates, wording and formats
it was issued with (:mod:`revtui.records.notice_versions`), whichever service issues it.
"""

from __future__ import annotations

import attrs

from letters.issued import IssuedNotice
from letters.printrun import PrintRun
from letters.model import NOTICE_TYPES
from letters.render import sources_for
from revtui.records.notice_versions import NoticeVersion, versions_repository
from revtui.store import Index, Repository, Store, Stored

__all__ = ["StoredNotice", "NoticeRecords", "IssuedNotices", "VersionChangedError", "open_notice_records"]


class VersionChangedError(ValueError):
    """The templates, wording or formats changed while a notice was being issued."""


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


class IssuedNotices(Repository[StoredNotice]):
    """``issued_notices``. Adding a notice (inside ``store.change``) first keeps the version it
    was issued with in ``notice_templates`` unless kept already, in the same transaction, so no
    way of issuing a notice can leave it without the version it reprints from."""

    def __init__(self, store: Store) -> None:
        super().__init__(store, "issued_notices", StoredNotice,
                         indexes=[Index.field("number"),
                                  Index("account", lambda doc: [doc["record"]["account_reference"]], reads=["record"]),
                                  Index.field("run", "run_id")])
        self.versions = versions_repository(store)

    def add(self, value: StoredNotice, *, reason: str | None = None) -> Stored[StoredNotice]:
        self._keep_version(value)
        return super().add(value, reason=reason)

    def _keep_version(self, value: StoredNotice) -> None:
        record = value.record
        if self.versions.ids("digest", record.template_digest):  # an index read: cheap per notice
            return
        sources = sources_for(record.notice_type)
        if sources.digest() != record.template_digest:
            raise VersionChangedError(
                f"notice {value.number}: the templates, wording or formats of {record.notice_type.replace('_', ' ')} "
                "changed while it was being issued; issue it again")
        self.versions.add(NoticeVersion(record.template_digest, record.notice_type,
                                        NOTICE_TYPES[record.notice_type].version, record.issue_date, sources))


@attrs.frozen
class NoticeRecords:
    """The issued notice, print run and kept version repositories of one open store."""

    store: Store
    issued: IssuedNotices
    runs: Repository[PrintRun]

    @property
    def versions(self) -> Repository[NoticeVersion]:
        return self.issued.versions


def open_notice_records(store: Store) -> NoticeRecords:
    return NoticeRecords(
        store,
        IssuedNotices(store),
        Repository(store, "print_runs", PrintRun, indexes=[Index.field("run", "run_id")]),
    )
