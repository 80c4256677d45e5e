"""How notices write money, dates and numbers, for each version of ``letters/formats.toml``.

A reprint formats with the patterns kept with the notice; the code applying them is not kept.
So when the code's output changes for the same patterns, ``version`` in formats.toml must go up
(a new entry below, checked by hand), giving the notices formatted the new way a version, and
the digest, of their own; an older notice's reprint then fails its PDF hash rather than
silently differing."""

import datetime as dt
import tomllib
from decimal import Decimal

from letters.locale import FORMATS_FILE, Lang

# version -> language -> what is written for: £1,882.50; -£211.49; 10 March 2026; 14:05;
# a change of +4.96% and -2.04% (one decimal place); no previous figure; 25; 1,234.5.
EXPECTED = {
    1: {
        "en": ["£1,882.50", "-£211.49", "10 March 2026", "2:05 pm", "+5.0%", "-2.0%", "–", "25", "1,234.5"],
        "cy": ["£1,882.50", "-£211.49", "10 Mawrth 2026", "2:05 PM", "+5.0%", "-2.0%", "–", "25", "1,234.5"],
    },
}


def written(lang: Lang) -> list[str]:
    return [lang.money(Decimal("1882.50")), lang.money(Decimal("-211.49")), lang.date(dt.date(2026, 3, 10)),
            lang.time(dt.datetime(2026, 3, 10, 14, 5)), lang.percent(Decimal("4.96")), lang.percent(Decimal("-2.04")),
            lang.percent(None), lang.number(Decimal("25")), lang.number(Decimal("1234.5"))]


def test_the_formats_version_says_how_notices_are_formatted():
    version = tomllib.loads(FORMATS_FILE.read_text(encoding="utf-8"))["version"]
    assert version in EXPECTED, f"formats version {version}: add what it writes, checked by hand"
    for code, expected in EXPECTED[version].items():
        assert written(Lang(code)) == expected, (
            f"{code}: notices are formatted differently from formats version {version}: raise `version` "
            "in letters/formats.toml and add what the new version writes")
