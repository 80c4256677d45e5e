"""At 80x24 the Charges section (2) shows each billed year's band amount split by authority,
with last year's amount and the percentage change, as the annual bill prints them."""

import pytest
from textual.widgets import Static

from letters.adapters import authority_charges, band_totals
from refdata.ctax import load_tariff
from revtui.services.authority_split import YearSplit
from revtui.ui.widgets.sections import _split_rows
from council_fixtures import app, council_file, session, store  # noqa: F401  (fixtures)


@pytest.mark.asyncio
async def test_charges_list_each_authority_with_last_year_and_the_change(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"C00000019", "enter")
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        text = str(app.screen.query_one("#section-text", Static).render())
    lines = text.splitlines()
    assert all(len(line) <= 76 for line in lines)  # inside the borders of an 80-column screen
    # Demo council (revtui/demo/councils/demo-district.toml), Brookfield, band C = 8/9 of band D
    # (LGFA 1992 s.5(1)), each part rounded to the penny. From 2026/27 the adult social care
    # precept is part of the county's line (SI 2025/8): 2026 (1635.74 + 254.77) x 8/9 = 1680.45;
    # 2025 (1572.83 + 231.61) x 8/9 = 1603.95; change 76.50 / 1603.95 = 4.77% -> 4.8%.
    split = lines[lines.index("2026/27: £2,280.96  (annual 2026-03-12)") + 1:][:7]
    assert [line.split() for line in split] == [
        "Band C by authority last year this year change".split(),
        "Demo District Council £181.69 £187.14 +3.0%".split(),      # 5.45 / 181.69 = 2.9996%
        "Demoshire County Council £1,603.95 £1,680.45 +4.8%".split(),
        "Demoshire Police and Crime Commissioner £243.72 £256.16 +5.1%".split(),  # 288.18 x 8/9; 12.44 / 243.72
        "Demoshire Fire and Rescue Authority £82.92 £87.37 +5.4%".split(),   # 4.45 / 82.92 = 5.37%
        "Brookfield Town Council £67.16 £69.84 +4.0%".split(),     # 78.57 x 8/9; 2.68 / 67.16 = 3.99%
        # 187.14 + 1,680.45 + 256.16 + 87.37 + 69.84 = 2,280.96, the year's charge above;
        # last year 2,179.44; 101.52 / 2,179.44 = 4.658% -> 4.7%
        "Band C total £2,179.44 £2,280.96 +4.7%".split(),
    ]
    assert "adult social care" not in text  # no line of its own in 2026/27


def test_before_2025_adult_social_care_is_its_own_line_and_a_first_year_has_no_change():
    # England 2016/17 to 2024/25: the precept is shown apart (ctax/demand_notices.toml); the demo
    # council has no amounts for 2023/24, so the bill (and the view) show no comparison.
    authorities = authority_charges(load_tariff("demo-district"), "BRK", 2024, "D", asc_separate=True)
    rows = _split_rows(YearSplit(2024, "D", authorities, *band_totals(authorities)))
    assert rows[2].split() == "Demoshire County Council – £1,512.34 –".split()
    # indented under its council, as on the bill (its long name cut to fit 80 columns)
    assert rows[3].startswith("      Demoshire County Council (adult soci…")
    assert rows[3].split()[-3:] == ["–", "£210.55", "–"]
    assert all(len(row) <= 74 for row in rows)
    # 198.47 + 1,512.34 + 210.55 + 260.18 + 88.29 + 72.64 = 2,342.47 (band D is the amounts set)
    assert rows[-1].split() == "Band D total – £2,342.47 –".split()
