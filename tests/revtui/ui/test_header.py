"""The top line always shows who is signed in, their role and today; a long title gives way."""

import pytest
from textual.app import App

from revtui.ui.widgets.header import OfficerBar
from council_fixtures import council_file, session, store  # noqa: F401  (fixtures)

pytestmark = pytest.mark.asyncio


class BarOnly(App[None]):
    def __init__(self, session, title):
        super().__init__()
        self.bar = OfficerBar(session, title)

    def compose(self):
        yield self.bar


@pytest.mark.parametrize("width", [80, 60])
async def test_who_and_when_end_the_line_and_a_long_title_is_cut(session, width):
    app = BarOnly(session, "Account C00000019 Eleri Hughes at 2 High Street, Brookfield")
    async with app.run_test(size=(width, 5)):
        line = "".join(segment.text for segment in app.bar.render_line(0))
        assert len(line) == width and line.endswith("asmith (officer) · Mon 23 Nov 2026")
        assert line.startswith("Demo District Council · ") and "… asmith" in line


async def test_a_short_title_and_who_are_apart_by_the_width(session):
    app = BarOnly(session, "Find")
    async with app.run_test(size=(80, 5)):
        line = "".join(segment.text for segment in app.bar.render_line(0))
        # 28 + 18 spaces + 34 = 80 columns
        assert line == "Demo District Council · Find" + " " * 18 + "asmith (officer) · Mon 23 Nov 2026"
