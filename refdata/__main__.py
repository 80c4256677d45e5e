"""``python -m refdata unverified [--councils DIR]``: every value the tables mark unverified.

Prints one line per value: the table, where the value is, the value, and what was not confirmed
with its source. ``--councils`` (or ``REVTUI_COUNCILS``) adds the council folder's settings.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from refdata import COUNCILS_ENV, DataError
from refdata.unverified import unverified


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m refdata", description="The reference tables.")
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("unverified", help="list every value not confirmed against the law, with its source")
    listing.add_argument("--councils", default=os.environ.get(COUNCILS_ENV) or None,
                         help="also the council folder's settings (default: REVTUI_COUNCILS, if set)")
    args = parser.parse_args(argv)
    folder = Path(args.councils) if args.councils else None
    if folder is not None and not folder.is_dir():
        print(f"error: the council folder {folder} does not exist", file=sys.stderr)
        return 1
    try:
        entries = unverified(folder)
    except DataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for entry in entries:
        print(entry.describe())
    print(f"{len(entries)} unverified value(s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
