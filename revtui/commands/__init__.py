"""Batch and officer commands, each module giving ``register(subparsers)`` for ``revtui.cli``.

Each module also runs on its own (``python -m revtui.commands.payments --store PATH ...``)
through :func:`run_standalone`, for scripts that want only its commands.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable

from revtui.store import Store

__all__ = ["run_standalone"]


def run_standalone(prog: str, register: Callable[[argparse._SubParsersAction], None],
                   argv: list[str] | None = None) -> int:
    """Parse ``--store``/``--user`` and one of ``register``'s subcommands, open the store, run it."""
    parser = argparse.ArgumentParser(prog=prog)
    parser.add_argument("--store", default=os.environ.get("REVTUI_STORE"), required="REVTUI_STORE" not in os.environ)
    parser.add_argument("--user", help="officer recorded in the audit trail (default: the operating-system user)")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    store = Store(args.store, user=args.user)
    try:
        return args.run(args, store)
    finally:
        store.close()
