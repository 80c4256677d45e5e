"""The demo council: an invented district built through the real billing and ledger code.

``python -m revtui.demo build --store demo/demo.db [--size N] [--seed S]`` builds it;
:func:`build_demo` does the same from Python. Settings are in ``data/demo/council.toml``.
"""

from revtui.demo.generator import BuildSummary, DemoError, build_demo
from revtui.demo.settings import DemoSettings, load_settings

__all__ = ["BuildSummary", "DemoError", "DemoSettings", "build_demo", "load_settings"]
