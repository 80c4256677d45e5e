"""``python -m revtui.demo build --store demo/demo.db [--size N] [--seed S] [--keep] [--quiet]``

Builds (or rebuilds) the demo council; ``--keep`` leaves a store already at the path alone.
The demo councils' settings are copied beside the store (``councils/``, kept if there), where
``revtui --store`` finds them.
A store that is not a demo or training store (a live council's) is never replaced.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from refdata import DataError
from revtui.demo.generator import DemoError, build_demo
from revtui.demo.settings import demo_councils_beside


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m revtui.demo", description="Build the demo council.")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build (or rebuild) the demo council in a store")
    build.add_argument("--store", default="demo/demo.db", help="path of the store (default demo/demo.db)")
    build.add_argument("--size", type=int, help="number of dwellings (default from demo/council.toml)")
    build.add_argument("--seed", type=int, help="random seed (default from demo/council.toml)")
    build.add_argument("--quiet", action="store_true", help="print only the summary line")
    build.add_argument("--keep", action="store_true", help="keep a demo store already there (build only if none)")
    args = parser.parse_args(argv)
    if args.keep and Path(args.store).exists():
        demo_councils_beside(args.store)  # a store built before the settings were kept beside it
        print(f"keeping the demo council already in {args.store}")
        return 0
    try:
        summary = build_demo(args.store, size=args.size, seed=args.seed)
    except (DemoError, DataError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    text = summary.describe()
    print(text.splitlines()[0] if args.quiet else text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
