"""Batch and officer commands, each module giving ``register(subparsers)`` for ``revtui.cli``.

Each module also runs on its own (``python -m revtui.commands.payments --store PATH ...``)
through :func:`run_standalone`, for scripts that want only its commands.

:func:`refuse_store` and :func:`run_batch` are what every batch command is run through (here and
in ``revtui.cli``): a store that does not exist is refused, not created empty (a mistyped path in
a scheduled job must fail, not report "0 billed"), and no traceback reaches the operator. A subcommand names the permission it needs (``set_defaults(permission=...)``: an action of
:data:`revtui.services.permissions.PERMISSIONS`, or a function of the parsed arguments giving
one); :func:`open_command_session` opens the officer's session and checks it before the command
runs, which finds it in ``args.session``. The officer is always the operating-system account.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

from revtui.store import Store

__all__ = ["date_argument", "run_standalone", "open_command_session", "refuse_store", "run_batch", "INTERRUPTED", "CONFLICT",
           "INTERNAL", "REFUSED"]

INTERRUPTED = 130  # the shell's status for a command stopped by Ctrl-C
CONFLICT = 3  # officers kept changing the same records: run the command again
INTERNAL = 70  # a fault in the program (sysexits EX_SOFTWARE); the message says what
REFUSED = 77  # the officer's roles do not allow it, or the roles file is unusable (sysexits EX_NOPERM)


def date_argument(text: str) -> "dt.date":
    """An option's day, as YYYY-MM-DD (argparse's type: a wrong one is a usage error, exit 2)."""
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _say(prog: str, message: str) -> None:
    print(f"{prog}: {message}", file=sys.stderr, flush=True)


def refuse_store(prog: str, path: str | Path, council: str | None = None) -> int | None:
    """Exit status 2 with a message if ``path`` holds no store; ``None`` if it does.

    Only ``python -m revtui.demo build`` and ``revtui --store PATH store init --council CODE``
    create a store. ``council`` (the ``--council`` given) must be the store's own, where it says.
    """
    path = Path(path)
    if not path.is_file():
        _say(prog, f"no store at {path} (nothing done). Create one with `revtui --store {path} store init "
                   f"--council CODE`, or check the path")
        return 2
    if council:
        from revtui.services.session import council_code

        store = Store(path)
        try:
            own = council_code(store, default="")
        finally:
            store.close()
        if own and own != council:
            _say(prog, f"{path} is the store of council {own}, not {council} (nothing done)")
            return 2
    return None


def run_batch(prog: str, run: Callable[[], int]) -> int:
    """``run()``'s exit status; an interruption, a lasting conflict or a fault becomes a message and a status."""
    from revtui.imports.problems import ImportRejected
    from revtui.store import ConflictError, StoreBusyError

    try:
        return run()
    except KeyboardInterrupt:
        _say(prog, "interrupted. What was committed before stays (each step is one transaction); the step in "
                   "progress was rolled back. Run the command again to carry on")
        return INTERRUPTED
    except ImportRejected as error:
        print(str(error), file=sys.stderr, flush=True)
        return 2
    except (ConflictError, StoreBusyError) as error:
        _say(prog, f"{error}. Other officers kept changing the same records through every retry; what was "
                   f"committed before stays, the step in progress was rolled back. Run the command again")
        return CONFLICT
    except Exception as error:  # noqa: BLE001 - the operator gets a message, never a traceback
        if os.environ.get("REVTUI_DEBUG"):
            traceback.print_exc()
        _say(prog, f"stopped by an internal fault ({type(error).__name__}: {error}); the step in progress was "
                   f"rolled back. Please report it (REVTUI_DEBUG=1 shows the details)")
        return INTERNAL




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
    from revtui.identity import os_user

    parser = argparse.ArgumentParser(prog=prog)
    parser.add_argument("--store", default=os.environ.get("REVTUI_STORE"), required="REVTUI_STORE" not in os.environ)
    parser.add_argument("--roles", help="the council's roles file (default roles.toml beside the store)")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    refused = refuse_store(prog, args.store)
    if refused is not None:
        return refused

    def run() -> int:
        store = Store(args.store, user=officer or os_user())
        try:
            if open_command_session(args, store, officer=officer) is None:
                return REFUSED
            return args.run(args, store)
        finally:
            store.close()

    return run_batch(f"{prog} {args.command}", run)
