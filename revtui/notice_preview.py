"""Preview demonstration notices as a PDF: ``python -m revtui.notice_preview [type|all] [council] [out.pdf]``.

For looking at templates while changing them: the sample notices are the demo councils', branded
from the demo council folder (``revtui/demo/councils/``). An officer's preview of a real notice
is :func:`letters.render.preview_pdf`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from letters.render import render_pdf
from letters.samples import ENGLISH, WELSH, sample_notices
from revtui.branding import load_branding
from safefiles import write_private


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m revtui.notice_preview",
        description="Render the demonstration notices (one of every type, or one type) to a PDF, "
                    "branded from the demo council folder, to look at templates while changing them.")
    parser.add_argument("type", nargs="?", default="all", help="a notice type, or 'all' (the default)")
    parser.add_argument("council", nargs="?", default=ENGLISH, choices=(ENGLISH, WELSH),
                        help=f"the demo council (default {ENGLISH}; {WELSH} is bilingual Welsh)")
    parser.add_argument("out", nargs="?", help="the PDF to write (default preview-COUNCIL-TYPE.pdf)")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    try:
        args = _arguments(argv)
    except SystemExit as stop:  # --help (0) or a usage error (2), already printed
        return int(stop.code or 0)
    name, council = args.type, args.council
    out = Path(args.out or f"preview-{council}-{name}.pdf")
    samples = sample_notices(council)
    if name != "all" and name not in samples:
        print(f"unknown notice type {name!r}; one of: all, {', '.join(sorted(samples))}", file=sys.stderr)
        return 2
    notices = [samples[k] for k in sorted(samples)] if name == "all" else [samples[name]]
    from revtui.demo.settings import DEMO_COUNCILS

    brandings = {c: load_branding(c, DEMO_COUNCILS) for c in (ENGLISH, WELSH)}
    rendered = render_pdf(notices, brandings)
    write_private(out, rendered.pdf)
    for notice, (first, last) in zip(notices, rendered.page_ranges):
        print(f"{notice.notice_type:30s} pages {first}-{last}")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
