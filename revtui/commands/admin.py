"""The installation's own commands under ``revtui``: the demo, training and the council check.

    revtui --store PATH demo build [--size N] [--seed S] [--keep] [--quiet]
    revtui --store PATH training list | reset --scenario NAME | step --day|--month|--to DAY | status
    revtui --store PATH council check [--council CODE] [--year 2027]

``demo build`` and ``training reset`` create their store; the others read the council folder
(``--councils``). ``council check`` loads every setting of a council's folder the way billing does
and prints the band table it gives for a year, to tick against the council's published table
before billing: a wrong precept is then found before 60,000 bills are printed, not after.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path

__all__ = ["register"]


def register(commands: argparse._SubParsersAction) -> None:
    demo = commands.add_parser("demo", help="the demo council: `demo build` makes (or keeps) it in --store")
    demo_commands = demo.add_subparsers(dest="demo_command", required=True)
    build = demo_commands.add_parser("build", help="build (or rebuild) the demo council in --store")
    build.add_argument("--size", type=int, help="number of dwellings (default from the demo council's settings)")
    build.add_argument("--seed", type=int, help="random seed (default from the demo council's settings)")
    build.add_argument("--quiet", action="store_true", help="print only the summary line")
    build.add_argument("--keep", action="store_true", help="keep a demo store already there (build only if none)")
    build.set_defaults(standalone=_demo)

    training = commands.add_parser("training", help="training mode: list, reset, step the clock, status")
    training_commands = training.add_subparsers(dest="training_command", required=True)
    training_commands.add_parser("list", help="the training scenarios").set_defaults(standalone=_training)
    reset = training_commands.add_parser("reset", help="reset --store (a training store) to a scenario's start")
    reset.add_argument("--scenario", required=True, help="the scenario (see `training list`)")
    reset.set_defaults(standalone=_training)
    step = training_commands.add_parser("step", help="move the training clock forward")
    how = step.add_mutually_exclusive_group(required=True)
    how.add_argument("--day", action="store_true", help="one day")
    how.add_argument("--month", action="store_true", help="one month")
    how.add_argument("--to-recovery-run", action="store_true", help="to the next recovery run day")
    how.add_argument("--to", help="to this day (YYYY-MM-DD)")
    step.add_argument("--all-days", action="store_true", help="list quiet days too")
    step.set_defaults(standalone=_training)
    training_commands.add_parser("status", help="the store's scenario and today").set_defaults(standalone=_training)

    council = commands.add_parser("council", help="check a council's settings: `council check --year 2027`")
    council_commands = council.add_subparsers(dest="council_command", required=True)
    check = council_commands.add_parser("check", help="load the council folder's settings and print the band "
                                                      "table they give for a year")
    check.add_argument("--year", type=int, help="start year of the financial year (default: the coming one)")
    check.add_argument("--against", help="the council's published band table as CSV (area,band,amount, a header "
                                          "first): every figure that differs is listed")
    check.set_defaults(standalone=_council_check)


def _demo(args: argparse.Namespace, path: Path) -> int:
    from revtui.demo.__main__ import main as demo_main

    argv = ["build", "--store", str(path)]
    argv += [f"--size={args.size}"] if args.size else []
    argv += [f"--seed={args.seed}"] if args.seed is not None else []
    argv += ["--quiet"] * args.quiet + ["--keep"] * args.keep
    return demo_main(argv)


def _training(args: argparse.Namespace, path: Path) -> int:
    from revtui.training import main as training_main

    what = args.training_command
    if what in ("step", "reset") and path.is_file() and not _may_move_the_clock(args, path):
        return 77
    argv = [what] + ([] if what == "list" else ["--store", str(path)])
    if what == "reset":
        argv += ["--scenario", args.scenario]
    if what == "step":
        argv += (["--day"] * args.day + ["--month"] * args.month + ["--to-recovery-run"] * args.to_recovery_run
                 + (["--to", args.to] if args.to else []) + ["--all-days"] * args.all_days)
    return training_main(argv)


def _may_move_the_clock(args: argparse.Namespace, path: Path) -> bool:
    """Only the trainer role moves (or resets) a training store's clock: every session shares it."""
    from refdata import DataError
    from revtui.commands import open_command_session
    from revtui.councils import use_councils
    from revtui.identity import os_user
    from revtui.services.stores import open_store

    try:
        use_councils(path, args.councils)
    except DataError:
        pass  # the training command itself says what is missing
    store = open_store(path, user=os_user())
    try:
        args.permission = "training.clock"
        return open_command_session(args, store, officer=getattr(args, "officer", None)) is not None
    finally:
        store.close()


def _council_check(args: argparse.Namespace, path: Path) -> int:
    """Every setting the council folder gives for the council, loaded as billing loads it; the band table."""
    from refdata import DataError
    from refdata.ctax import load_tariff
    from revcore.money import format_money
    from revtui.councils import use_councils

    try:
        use_councils(path, args.councils)
    except DataError as error:
        print(f"revtui council check: {error}", file=sys.stderr)
        return 2
    code = args.council or _store_council(path)
    if not code:
        print("revtui council check: give the council (--council CODE): the store does not name one", file=sys.stderr)
        return 2
    problems: list[str] = []
    try:
        tariff = load_tariff(code)
    except (DataError, OSError) as error:
        print(f"revtui council check: council {code}: {error}", file=sys.stderr)
        return 2
    council = tariff.council
    today = dt.date.today()
    year = args.year or (today.year if today.month < 4 else today.year + 1)
    for name, load in _settings_loaders(code):
        try:
            load()
        except (DataError, OSError, KeyError, ValueError) as error:
            problems.append(f"{name}: {error}")
    print(f"{council.name} ({council.code}), {council.country.title}: {len(council.authorities)} authorities, "
          f"{len(council.areas)} charging areas")
    band_d = [b for b in council.band_d if b.year == year]
    for entry in band_d:
        print(f"  Band D {year}/{(year + 1) % 100:02d} {council.authority(entry.authority).name[:48]:<48} "
              f"{format_money(entry.amount):>11}")
    scale = tariff.rules.scale_on(dt.date(year, 4, 1))
    print(f"Band amounts {year}/{(year + 1) % 100:02d} (annual, each authority's part rounded, then added):")
    print(f"  {'area':<18}" + "".join(f"{band:>10}" for band in scale.bands))
    ours: dict[tuple[str, str], Decimal] = {}
    for area in council.areas:
        cells = []
        for band in scale.bands:
            try:
                ours[area.code, band] = tariff.annual(area.code, year, band)
                cells.append(f"{ours[area.code, band]:>10,.2f}")
            except Exception as error:  # noqa: BLE001 - each missing figure is reported, not a traceback
                cells.append(f"{'?':>10}")
                problems.append(f"area {area.code} band {band} in {year}: {error}")
        print(f"  {(area.code + ' ' + area.name)[:18]:<18}" + "".join(cells))
    if args.against:
        problems += _against_published(Path(args.against), ours)
    if problems:
        print(f"{len(problems)} problem(s): billing for {year} would fail or be wrong", file=sys.stderr)
        for problem in dict.fromkeys(problems):
            print(f"  {problem}", file=sys.stderr)
        return 2
    print(f"council {code}: settings load; tick the table above against the council's published table")
    return 0


def _against_published(path: Path, ours: dict[tuple[str, str], Decimal]) -> list[str]:
    """Each difference between the published table (CSV: area,band,amount) and ours, by line."""
    import csv

    from revcore.money import MoneyError, to_money

    problems: list[str] = []
    seen: set[tuple[str, str]] = set()
    try:
        rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        return [f"{path}: cannot be read ({error})"]
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 3:
            problems.append(f"{path.name} line {number}: expected area,band,amount, found {len(row)} column(s)")
            continue
        area, band, text = (cell.strip() for cell in row)
        try:
            published = to_money(text.lstrip("£"), where=f"{path.name} line {number} amount")
        except MoneyError as error:
            problems.append(str(error))
            continue
        key = (area.upper(), band.upper())
        seen.add(key)
        if key not in ours:
            problems.append(f"{path.name} line {number}: area {area} band {band} is not in the council's settings")
        elif ours[key] != published:
            problems.append(f"{path.name} line {number}: area {area} band {band}: published {published}, "
                            f"the settings give {ours[key]} (difference {ours[key] - published})")
    problems += [f"{path.name}: area {a} band {b} is missing from the published table" for a, b in sorted(ours.keys() - seen)]
    return problems


def _settings_loaders(code: str):  # noqa: ANN202
    """(what, loader) for each of the council folder's settings the batch jobs read."""
    from refdata.bacs import load_service_user
    from refdata.courts import load_court
    from refdata.ledger import ledger_settings
    from refdata.notice_terms import load_agent
    from refdata.recovery import load_recovery_rules
    from revtui.branding import load_branding

    return [
        ("Bacs service user (bacs/service_user.toml)", lambda: load_service_user(code)),
        ("court (recovery/courts.toml)", lambda: load_court(code)),
        ("enforcement agent (recovery/enforcement_agents.toml)", lambda: load_agent(code)),
        ("council tax recovery timetable (recovery/ctax_stages.toml)", lambda: load_recovery_rules("ctax")),
        ("ledger settings (ledger.toml)", lambda: ledger_settings(dt.date.today())),
        (f"letters (letters/{code}.toml)", lambda: load_branding(code)),
    ]


def _store_council(path: Path) -> str:
    if not path.is_file():
        return ""
    from revtui.services.session import council_code
    from revtui.services.stores import open_store

    store = open_store(path)
    try:
        return council_code(store, default="")
    finally:
        store.close()
