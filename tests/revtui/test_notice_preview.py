"""The notice preview command the README names answers --help with its usage and refuses a
notice type it does not know, writing nothing."""

import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def _run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "revtui.notice_preview", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_the_readme_names_the_preview_module_and_its_help_shows_the_usage(tmp_path):
    [module] = re.findall(r"python -m (\S*preview\S*)", README.read_text())
    assert module == "revtui.notice_preview"
    done = _run("--help", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: python -m revtui.notice_preview")
    assert "demo-welsh" in done.stdout
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_notice_type_is_refused_by_name_and_nothing_is_written(tmp_path):
    done = _run("no_such_notice", cwd=tmp_path)
    assert done.returncode == 2
    assert "unknown notice type 'no_such_notice'; one of: all," in done.stderr
    assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []
