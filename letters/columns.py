"""Figure tables as rows of text in a proportional font, cells placed by measured spaces.

WeasyPrint lays out a table cell several times over (minimum and maximum widths, then the
row): bills with their figures in HTML tables, or in a block per column, rendered at half the
speed. So a row stays one line of text, as it was when the tables were padded monospaced
text, and each cell is put where its column starts (or, right-aligned, where it ends) by the
space characters between cells: measured here from the font's advance widths, with kerning
and ligatures off in the tables (notice.css ``.grid``) so the measure is what is drawn.

The font's spaces (space, en and em space, figure, punctuation, thin, hair spaces...) add
up to any gap of a figure's width or more to within a thirtieth of a point at 8 pt, and the
position is kept from the measure, not counted, so errors never build up along a row. DejaVu
Sans draws every figure the same width, so right-aligned amounts line up digit under digit.

Widths count ``ch``, the width of a figure: positive is left-aligned, negative right-aligned;
a cell too long for its column wraps onto further lines of the same row (a figure or any one
word in a right-aligned cell that does not fit is refused).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

import attrs

__all__ = ["FONT_FAMILY", "text_row", "text_width", "wrap"]

FONT_FAMILY = "DejaVu Sans"  # the tables' font (notice.css)

# The space characters a gap is made of; a face lacking one does without it.
_SPACES = "\u0020\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
# Gaps up to this many font units come from a table of the fewest spaces; above it em spaces
# make up the rest, leaving a remainder the table makes exactly.
_TABLE_UNITS = 3 * 2048


@attrs.frozen
class _Face:
    """One face's advances in font units, and for each gap up to ``_TABLE_UNITS`` the widest
    width no greater that its spaces make exactly, and the last space used to make it."""

    advances: dict[int, int]
    unknown: int
    em_space: int
    made: list[int]
    last: list[str]


@lru_cache(maxsize=2)
def _face(bold: bool) -> _Face:
    from fontTools.ttLib import TTFont

    font = TTFont(_font_file(bold), lazy=True)
    metrics = font["hmtx"]
    scale = 2048 / font["head"].unitsPerEm  # units are 2048ths of an em whatever the font's own
    advances = {code: round(metrics[glyph][0] * scale) for code, glyph in font.getBestCmap().items()}
    spaces = {advances[ord(c)]: c for c in reversed(_SPACES) if ord(c) in advances and advances[ord(c)] > 0}
    # made[n]: n itself if some spaces add up to n (the fewest, last[n] the last of them),
    # else made[n - 1].
    fewest = [0] + [_TABLE_UNITS] * _TABLE_UNITS
    last = [""] * (_TABLE_UNITS + 1)
    widest_first = sorted(spaces.items(), reverse=True)
    for n in range(1, _TABLE_UNITS + 1):
        for width, char in widest_first:
            if width <= n and fewest[n - width] + 1 < fewest[n]:
                fewest[n], last[n] = fewest[n - width] + 1, char
    exact = [count < _TABLE_UNITS for count in fewest]
    made = list(range(_TABLE_UNITS + 1))
    for n in range(1, _TABLE_UNITS + 1):
        if not exact[n]:
            made[n] = made[n - 1]
    em = advances.get(ord("\u2003"), max(spaces))
    return _Face(advances, max(advances.values()), em, made, last)


def _font_file(bold: bool) -> str:
    """The file fontconfig gives WeasyPrint for the tables' font, so the measure is of the face drawn."""
    from weasyprint.text.ffi import ffi, fontconfig

    pattern = fontconfig.FcPatternCreate()
    try:
        fontconfig.FcPatternAddString(pattern, b"family", FONT_FAMILY.encode())
        fontconfig.FcPatternAddString(pattern, b"style", b"Bold" if bold else b"Book")
        fontconfig.FcConfigSubstitute(ffi.NULL, pattern, fontconfig.FcMatchPattern)
        fontconfig.FcDefaultSubstitute(pattern)
        result = ffi.new("FcResult *")
        match = fontconfig.FcFontMatch(ffi.NULL, pattern, result)
        if match == ffi.NULL:
            raise RuntimeError(f"fontconfig finds no {FONT_FAMILY}")
        try:
            path = ffi.new("FcChar8 **")
            if fontconfig.FcPatternGetString(match, b"file", 0, path) != 0:
                raise RuntimeError(f"fontconfig gives no file for {FONT_FAMILY}")
            return ffi.string(path[0]).decode()
        finally:
            fontconfig.FcPatternDestroy(match)
    finally:
        fontconfig.FcPatternDestroy(pattern)


def _ch() -> int:
    """A figure's width (CSS ``ch``) in font units: the unit of column widths."""
    return _face(False).advances[ord("0")]


def text_width(text: str, *, bold: bool = False) -> int:
    """``text``'s width in font units (2048ths of an em), kerning and ligatures off."""
    face = _face(bold)
    return sum(face.advances.get(ord(char), face.unknown) for char in text)


def _fill(face: _Face, gap: int) -> tuple[str, int]:
    """Spaces as wide as ``gap`` font units (a shade narrower if no spaces make it exactly),
    and their width."""
    if gap < 0:
        raise ValueError("a cell runs into the next column")
    ems = max(0, -(-(gap - _TABLE_UNITS) // face.em_space))
    rest = gap - ems * face.em_space
    width = face.made[rest]
    chars = []
    while width:
        char = face.last[width]
        chars.append(char)
        width -= face.advances[ord(char)]
    return "\u2003" * ems + "".join(chars), gap - rest + face.made[rest]


def wrap(text: str, width: int, *, bold: bool = False, break_words: bool = True) -> list[str]:
    """``text`` in lines no wider than ``width`` font units, broken at spaces; a word wider
    than a line is broken between letters, or refused if ``break_words`` is false (a figure)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, bold=bold) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word
        while text_width(line, bold=bold) > width:
            if not break_words:
                raise ValueError(f"{text!r} is wider than its {width / _ch():.0f}-character column")
            cut = 1
            while cut < len(line) and text_width(line[: cut + 1], bold=bold) <= width:
                cut += 1
            lines.append(line[:cut])
            line = line[cut:]
    if line or not lines:
        lines.append(line)
    return lines


def text_row(cells: Sequence[str], widths: Sequence[int], bold: bool = False) -> str:
    """One table row as lines of text, e.g. ``text_row(["Band D", "£1.00"], [20, -10])``;
    ``bold`` if it is drawn bold (a heading or a total)."""
    if len(cells) != len(widths):
        raise ValueError(f"{len(cells)} cells for {len(widths)} columns")
    face = _face(bold)
    ch = _ch()
    columns = []
    start = 0
    for cell, width in zip(cells, widths):
        size = abs(width) * ch
        lines = wrap(cell, size, bold=bold, break_words=width > 0) if cell.strip() else []
        columns.append((lines, start, size, width > 0))
        start += size + ch
    out = []
    for index in range(max((len(lines) for lines, *_ in columns), default=0)):
        parts = []
        x = 0
        for lines, start, size, left in columns:
            if index >= len(lines):
                continue
            text = lines[index]
            measured = text_width(text, bold=bold)
            spaces, moved = _fill(face, (start if left else start + size - measured) - x)
            parts += [spaces, text]
            x += moved + measured
        out.append("".join(parts))
    return "\n".join(out)
