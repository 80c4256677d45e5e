"""Batch and officer commands, each module giving ``register(subparsers)`` for ``revtui.cli``.

Each module also runs on its own (``python -m revtui.commands.payments --store PATH ...``)
through :func:`run_standalone`, for scripts that want only its commands.

A subcommand names the permission it needs (``set_defaults(permission=...)``: an action of
:data:`revtui.services.permissions.PERMISSIONS`, or a function of the parsed arguments giving
one); :func:`open_command_session` opens the officer's session and checks it before the command
runs, which finds it in ``args.session``. The officer is always the operating-system account.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from revtui.store import Store

__all__ = ["run_standalone", "open_command_session"]


def open_command_session(args: argparse.Namespace, store: Store, *, officer: str | None = None,
                         council: str | None = None):
    """The session for ``args``'s command, checked against the roles it needs; None (with the
    reason on stderr) when the roles file is unusable or the officer's roles do not allow it."""
    from revtui.services.permissions import PermissionRefused, require
    from revtui.services.roles import RolesError
    from revtui.services.session import open_session

    try:
        session = open_session(store, roles_file=args.roles, council=council, officer=officer)
    except RolesError as error:
        print(f"revtui: {error}", file=sys.stderr)
        return None
    needed = getattr(args, "permission", "view")
    try:
        require(session, needed(args) if callable(needed) else needed)
    except PermissionRefused as refused:
        print(f"{' '.join(['revtui', *([args.command] if args.command else [])])}: not allowed: {refused}",
              file=sys.stderr)
        return None
    args.session = session
    return session


def run_standalone(prog: str, register: Callable[[argparse._SubParsersAction], None],
                   argv: list[str] | None = None, *, officer: str | None = None) -> int:
    """Parse ``--store``/``--roles`` and one of ``register``'s subcommands, open the store, run it.

    ``officer`` is for tests and embedding only (it stands in for the operating-system account).
    """
    from revtui.services.identity import os_user

    parser = argparse.ArgumentParser(prog=prog)
    parser.add_argument("--store", default=os.environ.get("REVTUI_STORE"), required="REVTUI_STORE" not in os.environ)
    parser.add_argument("--roles", help="the council's roles file (default roles.toml beside the store)")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    store = Store(args.store, user=officer or os_user())
    try:
        if open_command_session(args, store, officer=officer) is None:
            return 3
        return args.run(args, store)
    finally:
        store.close()
