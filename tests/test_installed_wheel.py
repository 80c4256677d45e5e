"""An installed wheel works outside the checkout: the statutory tables are inside it, and the demo
councils' settings come with the demo, so a council built from it bills.

The wheel is built from this tree and installed into a fresh venv whose only other path is the
project venv's site-packages (the dependencies; a plain path line, so the checkout's editable
install is not followed). Everything then runs from a temporary folder with no council setting.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(args: list, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done


def test_a_wheel_installed_outside_the_checkout_builds_and_bills_the_demo_council(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "REVTUI_COUNCILS", "REVTUI_STORE")}
    wheels = tmp_path / "wheels"
    # the build backend comes from the configured package index (pyproject's build-system)
    _run([sys.executable, "-m", "pip", "wheel", ROOT, "--no-deps", "-q", "-w", wheels], tmp_path, env)
    (wheel,) = wheels.glob("revenues-*.whl")

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], tmp_path, env)
    python = venv / "bin" / "python"
    site = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                     tmp_path, env).stdout.strip())
    (site / "project_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "-q", wheel],
         tmp_path, env)

    work = tmp_path / "elsewhere"
    work.mkdir()
    where = _run([python, "-c", "import refdata, revtui; print(refdata.TABLES_DIR); print(revtui.__file__)"],
                 work, env).stdout.split()
    assert all(Path(p).is_relative_to(venv) for p in where), f"not the installed copy: {where}"

    _run([python, "-m", "revtui.demo", "build", "--store", "council/demo.db", "--size", "40", "--quiet"], work, env)
    assert (work / "council" / "councils" / "demo-district.toml").is_file()
    billed = _run([venv / "bin" / "revtui", "--store", "council/demo.db", "billing", "--year", "2027"], work, env)
    found = re.search(r"billing 2027/28: (\d+) billed, \d+ unchanged, 0 failed; net charged £([\d,.]+)", billed.stdout)
    assert found, billed.stdout
    assert int(found[1]) >= 40 and found[2] != "0.00"
