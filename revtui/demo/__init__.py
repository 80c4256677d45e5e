"""The demo council: an invented district built through the real billing and ledger code.

``python -m revtui.demo build --store demo/demo.db [--size N] [--seed S]`` builds it;
:func:`build_demo` does the same from Python. The demo councils' settings ship here
(``revtui/demo/councils/``, example data): a build copies them beside the store (``councils/``),
where ``revtui --store`` finds them. The generator's own settings are ``demo/council.toml`` there.
"""

from revtui.demo.generator import BuildSummary, DemoError, build_demo
from revtui.demo.settings import DEMO_COUNCILS, DemoSettings, load_settings

__all__ = ["DEMO_COUNCILS", "BuildSummary", "DemoError", "DemoSettings", "build_demo", "load_settings"]
