"""The trainers' household example runs from the command line and tells the year's story."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_household_year_runs_and_explains_each_charge():
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "household_year.py")],
        capture_output=True, text=True, check=True, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    out = result.stdout
    # The joint bill runs 1 May - 14 Sep 2027: 137 of 366 days of band C (2387.06):
    #   2387.06 x 137/366 = 893.5163 -> 893.52
    assert "2027-05-01 to 2027-09-14: 137 of 366 days in 2027/28, band C" in out
    assert "£893.52" in out
    # The backdated single person discount credits 25% of 199 days: 1297.88 -> 973.41.
    assert "2027/28: previously £1,297.88, now £973.41, difference -£324.47" in out
    # Ann's final bill (15 Sep - 31 Jan) and the owner's (free February, then March):
    #   893.52 + 679.92 + 202.18 = 1775.62 for the dwelling's year
    assert "Charged for 14 Acacia Avenue over 2027/28: £1,775.62" in out
