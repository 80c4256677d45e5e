"""Suite-wide settings.

Hypothesis: no per-example deadline. The CI machine has two cores shared with other work, and the
first look-up of a year's bank holidays or a council's tables is slow, so a deadline would make
correct properties fail at random. Properties still run their full number of examples.
"""

from hypothesis import HealthCheck, settings

settings.register_profile("revenues", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("revenues")

# The tests run on the demo councils' settings: the council folder is a setting of the
# installation (refdata.council_dir), given here as a real installation gives it.
import os  # noqa: E402

from revtui.demo.settings import DEMO_COUNCILS  # noqa: E402

os.environ["REVTUI_COUNCILS"] = str(DEMO_COUNCILS)
