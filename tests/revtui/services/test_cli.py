"""The batch commands as cron runs them: a summary on stdout and the exit status."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def revtui(*args):
    return subprocess.run([sys.executable, "-m", "revtui.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=300)


def test_sample_then_billing_then_recovery_run(tmp_path):
    from revtui.services.identity import os_user

    store = tmp_path / "council.db"
    refused = revtui("--store", str(store), "sample", "--accounts", "20")
    assert refused.returncode == 3 and "needs the administrator role" in refused.stderr
    (tmp_path / "roles.toml").write_text(f'[roles.users]\n"{os_user()}" = "administrator"\n')  # as who runs it
    made = revtui("--store", str(store), "sample", "--accounts", "20")
    assert made.returncode == 0 and "22 accounts written" in made.stdout  # every tenth dwelling has a past account
    billed = revtui("--store", str(store), "billing", "--year", "2027")
    assert billed.returncode == 0, billed.stderr
    assert billed.stdout.startswith("billing 2027/28: 20 billed, 0 unchanged, 0 failed")
    again = revtui("--store", str(store), "billing", "--year", "2027")
    assert "0 billed, 20 unchanged" in again.stdout
    run = revtui("--store", str(store), "recovery-run")
    assert run.returncode == 0 and "0 recorded" in run.stdout


def test_a_missing_store_is_refused_for_the_app(tmp_path):
    done = revtui("--store", str(tmp_path / "none.db"))
    assert done.returncode == 2 and "no store at" in done.stderr
