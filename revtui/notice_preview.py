"""Preview demonstration notices as a PDF: ``python -m revtui.notice_preview [type|all] [council] [out.pdf]``.

For looking at templates while changing them: the sample notices are the demo councils', branded
from the demo council folder (``revtui/demo/councils/``). An officer's preview of a real notice
is :func:`letters.render.preview_pdf`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from letters.render import render_pdf
from letters.samples import ENGLISH, WELSH, sample_notices
from revtui.branding import load_branding
from safefiles import write_private


def main(argv: list[str]) -> int:
    name = argv[0] if argv else "all"
    council = argv[1] if len(argv) > 1 else ENGLISH
    out = Path(argv[2] if len(argv) > 2 else f"preview-{council}-{name}.pdf")
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
