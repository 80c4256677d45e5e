"""The account view's contact lines: each liable person's phone and email, where notices go,
gone away, and every change with who, when and its source."""

from __future__ import annotations

import textwrap

from revtui.services.account_file import AccountFile

__all__ = ["contact_text"]

WIDTH = 74


def _cut(text: str) -> str:
    return text if len(text) <= WIDTH else text[: WIDTH - 1] + "…"


def contact_text(file: AccountFile) -> str:
    account, record = file.account.value, file.contact
    rows = ["Contact (c phone, email; k notices address; G gone away; O trace outcome):"]
    for person in account.persons:
        known = record.person(person.reference) if record else None
        said = ", ".join(filter(None, (known.phone, known.email))) if known else ""
        rows.append(_cut(f"  {person.name}: {said or 'no phone or email recorded'}"))
    where = str(account.correspondence) if account.correspondence else "the dwelling"
    rows.append(_cut(f"  Notices to: {where}"))
    gone = record.gone_away if record else None
    if gone is not None:
        rows.append(_cut(f"  GONE AWAY since {gone.since.isoformat()} ({gone.by}, {gone.source.value}): {gone.why}"))
        rows.append(_cut(f"    post stopped: print runs and the recovery run hold its letters back"
                         f"{'; case ' + gone.case if gone.case else ''}"))
    for change in reversed(record.changes if record else ()):
        rows += textwrap.wrap(f"{change.day.isoformat()} {change.officer} ({change.source.value}): {change.what}",
                              WIDTH, initial_indent="  ", subsequent_indent="    ")
    return "\n".join(rows)
