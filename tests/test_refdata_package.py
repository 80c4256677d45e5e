"""The API documentation (pdoc) covers refdata's table readers: a package's ``__all__`` decides
which submodules pdoc documents, so refdata has none or names every submodule. Importing the
package still loads none of them (nor revcore)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import refdata


def test_every_table_reader_is_in_the_api_documentation() -> None:
    submodules = {m.name for m in pkgutil.iter_modules(refdata.__path__) if not m.name.startswith("_")}
    assert {"ctax", "nndr", "instalments", "ledger"} <= submodules
    listed = getattr(refdata, "__all__", None)
    assert listed is None or submodules <= set(listed), f"hidden from pdoc: {sorted(submodules - set(listed))}"


def test_importing_refdata_loads_no_table_reader() -> None:
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, refdata; print(sorted(m for m in sys.modules if m.startswith(('refdata.', 'revcore'))))"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert loaded == "[]"
