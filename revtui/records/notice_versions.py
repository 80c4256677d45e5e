"""The versions of the templates, wording and formats notices were issued with, each kept once.

:class:`NoticeVersion`: the :class:`letters.render.Sources` of one notice type as they stood
when a notice of that type was issued (its template and those it builds on, the letterhead,
the stylesheet, the wording catalogues and the formats), under their digest, which each
:class:`letters.issued.IssuedNotice` names. Table ``notice_templates``, looked up by digest.
A reprint renders with the version kept when the files have changed since.

Fonts are the machine's and are not kept; logos travel in each notice's branding.
"""

from __future__ import annotations

import datetime as dt

import attrs

from letters.render import Sources
from revtui.store import Index, Repository, Store

__all__ = ["NoticeVersion", "versions_repository"]


@attrs.frozen
class NoticeVersion:
    """One version of a notice type's sources, kept when the first notice was issued with it."""

    digest: str
    notice_type: str
    template_version: int
    first_issued: dt.date
    sources: Sources


def versions_repository(store: Store) -> Repository[NoticeVersion]:
    return Repository(store, "notice_templates", NoticeVersion, indexes=[Index.field("digest")])
