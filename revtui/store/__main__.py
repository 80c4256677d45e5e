"""``python -m revtui.store backup|restore|check|head|history ...``: the store's maintenance commands.

Exit status: 0 done / no problems, 1 failed / problems found, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys

from .changes_report import changes_to, describe_changes
from .errors import StoreError
from .integrity import export_head
from .maintenance import backup, check, restore


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m revtui.store", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("backup", help="copy a store consistently while it is in use")
    p.add_argument("store")
    p.add_argument("destination", help="a new file for the backup")
    p = commands.add_parser("restore", help="replace a store's contents by a checked backup")
    p.add_argument("backup")
    p.add_argument("store")
    p = commands.add_parser("check", help="report problems in a store and its sealed audit trail (repairs nothing)")
    p.add_argument("store")
    p.add_argument("--against", metavar="HEAD_FILE", help="a head written by `head`: the trail must still extend it")
    p = commands.add_parser("head", help="write the audit trail's head (last entry and seal) to a file for the auditor")
    p.add_argument("store")
    p.add_argument("destination", help="a file kept away from the store")
    p = commands.add_parser("history", help="who changed a document, and what: by reference or TABLE:ID")
    p.add_argument("store")
    p.add_argument("document", help="an account or property reference, or TABLE:ID")
    args = parser.parse_args(argv)
    try:
        if args.command == "backup":
            print(f"backed up {args.store} to {backup(args.store, args.destination)}")
        elif args.command == "restore":
            kept = restore(args.backup, args.store)
            print(f"restored {args.store} from {args.backup}" + (f"; the previous store is kept in {kept}" if kept else ""))
        elif args.command == "head":
            head = export_head(args.store, args.destination)
            print(f"audit trail head written to {args.destination}: entry {head.seq}, seal {head.chain_hash}")
        elif args.command == "history":
            print(describe_changes(changes_to(args.store, args.document)))
        else:
            report = check(args.store, against=args.against)
            print(report.describe())
            return 0 if report.ok else 1
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
