"""The council's roles file: which users and Unix groups hold which roles.

    [roles.users]                 # a user's own roles (one role, or a list)
    asmith = "officer"
    bjones = ["officer", "senior officer"]
    [roles.groups]                # every member of a Unix group holds these
    revenues = "officer"
    revenues-seniors = "senior officer"
    [limits."senior officer"]     # optional: this council's own limits (see refdata/tables/authorisation.toml)
    refund_single = "1000.00"

The older form, a plain ``[roles]`` table of user = role, is read as ``[roles.users]``.
A user holds every role given to them or to any of their groups, and may do what any of those
roles may (the union). User and group names are compared case-insensitively.

A user the file does not name, directly or by a group, has **no role**: they may look (find,
accounts, reports, queues) and change nothing. On a **training store** every user also holds the
trainer role (so ``make demo`` works for whoever runs it); on a live store the trainer role
gives nothing.

Where the file is: ``--roles PATH`` (set by the administrator, e.g. in sshd's ``ForceCommand``),
else ``roles.toml`` beside the store. It is read, never written, by the program.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs

from revtui.identity import officer_key

__all__ = ["ROLES", "NO_ROLE", "TRAINER", "AUTHORISER", "RolesConfig", "RolesError", "load_roles", "roles_path",
           "parse_role", "effective_roles", "describe_roles"]

ROLES = ("officer", "senior officer", "recovery officer", "auditor", "trainer", "administrator")
AUTHORISER = "senior officer"
TRAINER = "trainer"
NO_ROLE = "no role"
"""Held by a user the roles file does not name: may look, changes nothing."""

ROLES_FILE = "roles.toml"


class RolesError(ValueError):
    """The roles file cannot be used; the message names the file and the entry."""


def parse_role(text: Any, where: str) -> str:
    """A role's name as written (any case; ``senior_officer`` or ``senior officer``)."""
    if not isinstance(text, str):
        raise RolesError(f"{where}: {text!r} is not a role name; the roles are: {', '.join(ROLES)}")
    role = " ".join(text.replace("_", " ").replace("-", " ").split()).casefold()
    if role not in ROLES:
        raise RolesError(f"{where}: {text!r} is not a role; the roles are: {', '.join(ROLES)}")
    return role


def _table(value: Any, where: str) -> dict[str, frozenset[str]]:
    if not isinstance(value, dict):
        raise RolesError(f"{where}: should be a table of name = role")
    entries: dict[str, frozenset[str]] = {}
    for name, roles in value.items():
        listed = roles if isinstance(roles, list) else [roles]
        entries[officer_key(name)] = frozenset(parse_role(role, f"{where}.{name}") for role in listed)
    return entries


@attrs.frozen
class RolesConfig:
    users: dict[str, frozenset[str]] = attrs.field(factory=dict)
    groups: dict[str, frozenset[str]] = attrs.field(factory=dict)
    limits: dict[str, dict[str, Any]] = attrs.field(factory=dict)
    """Per role, this council's limits over the defaults (read by :mod:`revtui.services.limits`)."""
    source: str = "(no roles file)"

    @property
    def named_anyone(self) -> bool:
        """The file gives someone a role (no file, or an empty one, names nobody)."""
        return bool(self.users or self.groups)

    def roles_of(self, user: str, groups: Iterable[str] = ()) -> frozenset[str]:
        """Every role the user holds, by name or through a group (the union)."""
        held = set(self.users.get(officer_key(user), ()))
        for group in groups:
            held |= self.groups.get(officer_key(group), set())
        return frozenset(held)


def roles_path(store_path: str | os.PathLike[str], given: str | os.PathLike[str] | None) -> Path:
    return Path(given) if given is not None else Path(store_path).parent / ROLES_FILE


def load_roles(path: str | os.PathLike[str] | None) -> RolesConfig:
    """The roles file at ``path``; no file (or None) names nobody.

    :raises RolesError: not TOML, or an unknown role, or a table of the wrong shape.
    """
    if path is None or not Path(path).exists():
        return RolesConfig()
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise RolesError(f"{path}: not valid TOML: {error}") from None
    except OSError as error:
        raise RolesError(f"{path}: cannot be read: {error.strerror}") from None
    section = data.get("roles", {})
    if not isinstance(section, dict):
        raise RolesError(f"{path}: [roles] should be a table")
    users_table = section.get("users", {})
    plain = {name: value for name, value in section.items() if name not in ("users", "groups")}
    users = _table(plain, f"{path}: roles") | _table(users_table, f"{path}: roles.users")
    groups = _table(section.get("groups", {}), f"{path}: roles.groups")
    limits = data.get("limits", {})
    if not isinstance(limits, dict) or not all(isinstance(v, dict) for v in limits.values()):
        raise RolesError(f"{path}: [limits] should hold one table per role, e.g. [limits.officer]")
    by_role = {parse_role(role, f"{path}: limits.{role}"): values for role, values in limits.items()}
    return RolesConfig(users, groups, by_role, str(path))


def effective_roles(held: frozenset[str], *, training: bool) -> frozenset[str]:
    """The roles that count on this store: trainer only on a training store, where everyone holds it."""
    roles = held | {TRAINER} if training else held - {TRAINER}
    return roles or frozenset({NO_ROLE})


def describe_roles(roles: Iterable[str]) -> str:
    """For the header: the roles in the order of :data:`ROLES`, joined with +."""
    roles = set(roles)
    return " + ".join(role for role in (*ROLES, NO_ROLE) if role in roles)
