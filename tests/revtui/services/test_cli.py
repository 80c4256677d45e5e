"""The batch commands as cron runs them: a summary on stdout and the exit status."""

import subprocess
import sys
from pathlib import Path

from revtui.demo.settings import DEMO_COUNCILS

ROOT = Path(__file__).resolve().parents[3]


def revtui(*args):
    """The command as cron runs it, with the demo councils' folder as the installation's council folder."""
    return subprocess.run([sys.executable, "-m", "revtui.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "REVTUI_COUNCILS": str(DEMO_COUNCILS)},
                          timeout=300)


def test_sample_then_billing_then_recovery_run(tmp_path):
    from revtui.identity import os_user

    store = tmp_path / "council.db"
    created = revtui("--store", str(store), "store", "init", "--council", "demo-district")
    assert created.returncode == 0 and store.is_file(), created.stderr
    refused = revtui("--store", str(store), "sample", "--accounts", "20")
    assert refused.returncode == 77 and "needs the administrator role" in refused.stderr
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


def test_a_batch_command_refuses_a_mistyped_store_and_creates_nothing(tmp_path):
    """A scheduled job with a typo in the path fails loudly, not with '0 billed' on a new empty store."""
    typo = tmp_path / "typo.db"
    for command in (["billing", "--year", "2027"], ["recovery-run"], ["import-payments", "x.csv", "--layout", "csv"],
                    ["import-voa-schedule", "x.csv"], ["sample"]):
        done = revtui("--store", str(typo), *command)
        assert done.returncode == 2 and f"no store at {typo}" in done.stderr and "Traceback" not in done.stderr
        assert not typo.exists()


def test_store_init_creates_a_store_once_and_a_store_of_another_council_is_refused(tmp_path):
    store = tmp_path / "council.db"
    assert revtui("--store", str(store), "store", "init", "--council", "no-such-council").returncode == 2
    assert not store.exists()  # an unknown council creates nothing
    assert revtui("--store", str(store), "store", "init", "--council", "demo-welsh").returncode == 0
    again = revtui("--store", str(store), "store", "init", "--council", "demo-welsh")
    assert again.returncode == 2 and "already exists" in again.stderr
    other = revtui("--store", str(store), "--council", "demo-district", "billing", "--year", "2027")
    assert other.returncode == 2 and "store of council demo-welsh, not demo-district" in other.stderr
    from revtui.identity import os_user

    (tmp_path / "roles.toml").write_text(f'[roles.users]\n"{os_user()}" = "administrator"\n')  # billing is theirs
    billed = revtui("--store", str(store), "--council", "demo-welsh", "billing", "--year", "2027")
    assert billed.returncode == 0 and "0 billed" in billed.stdout
