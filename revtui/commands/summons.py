"""Summons commands: batches per court hearing, a moved hearing, the liability order list.

    revtui --store PATH summons batch --court CODE --hearing DATE --officer NAME
    revtui --store PATH summons list
    revtui --store PATH summons withdraw --court CODE --hearing DATE --reason TEXT
    revtui --store PATH summons move-hearing --court CODE --from DATE --to DATE [--reason TEXT]
    revtui --store PATH summons lo-list --court CODE --hearing DATE [--out FILE.csv]

``CODE`` is the council's court in ``recovery/courts.toml`` in the council folder (``demo-district``). The
summonses come from the recovery run (``recovery-run --issue --hearing DATE``). Exit status 2
when the command is refused, with the reason on stderr.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from revtui.commands import run_standalone
from revtui.commands import date_argument
from revtui.store import Store

__all__ = ["register", "main"]


def _run(args: argparse.Namespace, store: Store) -> int:
    from revcore.money import format_money
    from revtui.services import summons
    session = args.session  # opened and checked by revtui.commands.open_command_session
    try:
        if args.action == "list":
            records = summons.batches(session)
            print("\n".join(summons.describe(r) for r in records) or "no summons batches recorded")
            return 0
        if args.action == "batch":
            print("recorded " + summons.describe(summons.record_batch(session, args.court, args.hearing, args.officer).value))
        elif args.action == "withdraw":
            print("withdrew " + summons.describe(summons.withdraw_batch(session, args.court, args.hearing,
                                                                        args.reason).value))
        elif args.action == "move-hearing":
            moved = summons.move_batch_hearing(session, args.court, getattr(args, "from"), args.to, args.reason)
            print(f"moved {len(moved.value.batch.entries)} summons(es): " + summons.describe(moved.value))
        else:
            orders = summons.lo_list(session, args.court, args.hearing)
            print(f"liability order list {orders.court} {orders.hearing.isoformat()}: {len(orders.lines)} order(s) "
                  f"sought for {format_money(orders.total)}; {len(orders.withdrawn)} withdrawn as paid, "
                  f"{len(orders.adjourned)} adjourned on hold")
            print("".join(f"  withdrawn (paid): {a} {y}\n" for a, y in orders.withdrawn), end="")
            print("".join(f"  adjourned (on hold): {a} {y}\n" for a, y in orders.adjourned), end="")
            if args.out:
                summons.write_lo_csv(session, orders, Path(args.out))
                print(f"wrote {args.out}")
            else:
                print("\n".join(f"  {line.account} {line.year} {format_money(line.outstanding)}" for line in orders.lines))
    except summons.SummonsError as error:
        print(f"summons {args.action}: {error}", file=sys.stderr, flush=True)
        return 2
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``summons`` with its actions (sets ``args.run``)."""
    command = subparsers.add_parser("summons", help="summons batches per hearing, moved hearings, the liability "
                                                    "order list for the court")
    actions = command.add_subparsers(dest="action", required=True)
    actions.add_parser("list", help="every batch recorded")
    batch = actions.add_parser("batch", help="record the batch of summonses issued for a hearing")
    withdraw = actions.add_parser("withdraw", help="withdraw a hearing's batch (so it can be recorded again)")
    move = actions.add_parser("move-hearing", help="the court moved a hearing: the batch and every summons follow")
    lo_list = actions.add_parser("lo-list", help="the liability order list for a hearing")
    for parser in (batch, withdraw, move, lo_list):
        parser.add_argument("--court", required=True, help="the council's court in the council folder's recovery/courts.toml")
    for parser in (batch, withdraw, lo_list):
        parser.add_argument("--hearing", type=date_argument, required=True, help="the hearing date (YYYY-MM-DD)")
    batch.add_argument("--officer", required=True, help="the officer who authorised the complaints")
    withdraw.add_argument("--reason", required=True)
    move.add_argument("--from", type=date_argument, required=True, help="the hearing date the summonses were for")
    move.add_argument("--to", type=date_argument, required=True, help="the new hearing date")
    move.add_argument("--reason", default="hearing moved by the court")
    lo_list.add_argument("--out", help="CSV file for the court")
    command.set_defaults(run=_run, permission=lambda a: "view" if a.action in ("list", "lo-list") else "recovery.issue")


def main(argv: list[str] | None = None, *, officer: str | None = None) -> int:
    """``officer``: for tests and embedding only (stands in for the operating-system account)."""
    return run_standalone("python -m revtui.commands.summons", register, argv, officer=officer)


if __name__ == "__main__":
    raise SystemExit(main())
