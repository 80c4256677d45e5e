"""Which council folder a store's settings come from (one rule for every command).

``--councils DIR`` if given, else the ``REVTUI_COUNCILS`` setting, else the ``councils`` folder
beside the store (where ``python -m revtui.demo build`` puts the demo councils' settings). The
folder found is recorded in ``REVTUI_COUNCILS`` for the rest of the run (and the processes it
starts), where :func:`refdata.council_dir` reads it. Nothing falls back to the demo councils.
"""

from __future__ import annotations

import os
from pathlib import Path

from refdata import COUNCILS_ENV, DataError

__all__ = ["BESIDE_STORE", "use_councils"]

BESIDE_STORE = "councils"


def use_councils(store: str | os.PathLike[str], given: str | os.PathLike[str] | None = None) -> Path:
    """The council folder for ``store``; :class:`DataError` naming where it looked if there is none."""
    if given:
        path, how = Path(given), "given by --councils"
    elif os.environ.get(COUNCILS_ENV, "").strip():
        path, how = Path(os.environ[COUNCILS_ENV].strip()), f"named by {COUNCILS_ENV}"
    else:
        path, how = Path(store).expanduser().resolve().parent / BESIDE_STORE, "beside the store"
    path = path.expanduser()
    if not path.is_dir():
        raise DataError(f"no council folder for {store}: {path} ({how}) does not exist; give --councils DIR "
                        f"or set {COUNCILS_ENV} to the folder holding the council's settings")
    os.environ[COUNCILS_ENV] = str(path.resolve())
    return path.resolve()
