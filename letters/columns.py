"""Figure tables as rows of fixed-width text, printed in a monospaced font.

WeasyPrint lays out a table cell several times over (minimum and maximum widths, then the
row); a row of padded monospaced text is one line box and costs about a quarter as much as
a four-cell table row. Bills carry 20-odd figure rows, so this is most of the speed of a
bulk run. Widths count characters: positive is left-aligned, negative right-aligned; a
left-aligned cell too long for its width wraps onto further lines of the same row.
"""

from __future__ import annotations

import textwrap
from typing import Sequence

__all__ = ["text_row"]


def text_row(cells: Sequence[str], widths: Sequence[int]) -> str:
    """One table row as lines of padded text, e.g. ``text_row(["Band D", "£1.00"], [20, -10])``."""
    if len(cells) != len(widths):
        raise ValueError(f"{len(cells)} cells for {len(widths)} columns")
    columns = []
    for cell, width in zip(cells, widths):
        size = abs(width)
        lines = (textwrap.wrap(cell, size) or [""]) if width > 0 else [cell]
        if width < 0 and len(cell) > size:
            raise ValueError(f"{cell!r} is wider than its {size}-character column")
        columns.append((lines, width))
    height = max(len(lines) for lines, _ in columns)
    out = []
    for index in range(height):
        parts = []
        for lines, width in columns:
            text = lines[index] if index < len(lines) else ""
            parts.append(text.ljust(width) if width > 0 else text.rjust(-width))
        out.append(" ".join(parts).rstrip())
    return "\n".join(out)
