"""Who the officer is: the operating-system account the process runs as, never what it is told.

``$USER``, ``$LOGNAME`` and command-line options can be set to anything by whoever starts the
program, so none of them names the officer: the process's real user id does (looked up in the
password database), and its groups are the process's own. Names are compared case-insensitively
(``Alice`` and ``alice`` are one officer), so four eyes cannot be dodged by spelling.
"""

from __future__ import annotations

import grp
import os
import pwd

__all__ = ["os_user", "os_groups", "same_officer", "officer_key"]


def os_user() -> str:
    """The name of the account the process runs as (its real uid); the number if it has no name."""
    uid = os.getuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:  # a uid with no passwd entry (some containers): still one fixed identity
        return str(uid)


def os_groups() -> frozenset[str]:
    """The Unix groups of the process (primary and supplementary), by name."""
    names = set()
    for gid in {os.getgid(), *os.getgroups()}:
        try:
            names.add(grp.getgrgid(gid).gr_name)
        except KeyError:
            names.add(str(gid))
    return frozenset(names)


def officer_key(name: str) -> str:
    """The form officer names are compared in."""
    return name.strip().casefold()


def same_officer(first: str, second: str) -> bool:
    return officer_key(first) == officer_key(second)
