"""The Valuation Office schedule import, usable from cron.

``register(subparsers)`` adds the subcommand to the application's parser (``revtui.cli``); it
sets ``args.run(args, store) -> int``. The report goes to stdout; a rejected file exits 2 and
lists every fault (file, line, field) on stderr; lines left for an officer exit 1.

    revtui --store PATH import-voa-schedule FILE

Until the lead wires it into ``revtui.cli``, ``python -m revtui.commands.valuation --store PATH
import-voa-schedule FILE`` runs the same command. "Today" is the council's clock.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from revtui.store import Store
from revtui.commands import run_standalone

__all__ = ["register", "main"]


def _import_schedule(args: argparse.Namespace, store: Store) -> int:
    from revtui.imports.problems import ImportRejected
    from revtui.imports.voa_schedule import read_schedule
    from revtui.services.valuation import apply_schedule

    session = args.session  # opened and checked by revtui.commands.open_command_session
    try:
        schedule = read_schedule(Path(args.file), session.tariff.council.country, today=session.today)
    except (ImportRejected, OSError) as error:
        print(str(error), file=sys.stderr, flush=True)
        return 2
    report = apply_schedule(session, schedule)
    print("\n".join(report.lines()))
    return 1 if report.for_officer else 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``import-voa-schedule FILE`` (sets ``args.run``)."""
    command = subparsers.add_parser("import-voa-schedule",
                                    help="apply a Valuation Office schedule of alterations (safe to re-run)")
    command.add_argument("file")
    command.set_defaults(run=_import_schedule, permission="batch.import")


def main(argv: list[str] | None = None, *, officer: str | None = None) -> int:
    """``officer``: for tests and embedding only (stands in for the operating-system account)."""
    return run_standalone("python -m revtui.commands.valuation", register, argv, officer=officer)


if __name__ == "__main__":
    raise SystemExit(main())
