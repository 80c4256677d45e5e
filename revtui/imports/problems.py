"""What importers report when a file cannot be accepted: file, line, field and what was wrong."""

from __future__ import annotations

from typing import Sequence

import attrs

__all__ = ["ImportProblem", "ImportRejected"]


@attrs.frozen
class ImportProblem:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: line {self.line}, {self.field}: {self.message}"


class ImportRejected(ValueError):
    """A file rejected as a whole: nothing from it is posted. ``problems`` lists every fault found."""

    def __init__(self, problems: Sequence[ImportProblem]):
        self.problems = tuple(problems)
        shown = "\n".join(str(p) for p in self.problems[:20])
        more = f"\n... and {len(self.problems) - 20} more" if len(self.problems) > 20 else ""
        super().__init__(f"file rejected, nothing posted ({len(self.problems)} problem(s)):\n{shown}{more}")
