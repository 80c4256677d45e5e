"""Crashes at any moment: kill -9 mid-commit, and power loss tearing the last write of the WAL.

A change is acknowledged when the call that made it returns; the writers below print each
acknowledgement only then. After any crash the store must open, pass its check, hold every
acknowledged change, and hold each transaction whole or not at all.
"""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from revtui.store import Store
from revtui.store.maintenance import check

ROOT = Path(__file__).resolve().parents[3]
BATCH = 20

# Writes batches of BATCH documents, each batch one transaction; prints the batch number once
# the commit has returned (i.e. after fsync).
BATCH_WRITER = f"""
import sys
from revtui.store import Store
store = Store(sys.argv[1], user="writer")
table = store.table("docs")
batch = 0
while True:
    with store.change(f"batch {{batch}}"):
        for i in range({BATCH}):
            table.insert({{"batch": batch, "i": i, "pad": "x" * 3000}})
        table.upsert({{"name": "counter", "batches": batch + 1}}, __import__("tinydb").where("name") == "counter")
    print(batch, flush=True)
    batch += 1
"""


def _spawn(code: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args], cwd=ROOT, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}
    )


def _acknowledged_after_kill(writer: subprocess.Popen, at_least: int, extra_delay: float) -> list[int]:
    acked = []
    while len(acked) < at_least:
        line = writer.stdout.readline()
        assert line, "the writer died before being killed"
        acked.append(int(line))
    time.sleep(extra_delay)
    writer.send_signal(signal.SIGKILL)
    out, _ = writer.communicate()
    return acked + [int(x) for x in out.split()]


@pytest.mark.parametrize("seed", range(4))
def test_kill_9_mid_commit_loses_no_acknowledged_batch_and_no_batch_is_half_written(tmp_path, seed):
    path = tmp_path / "store.db"
    Store(path).close()
    rng = random.Random(seed)
    writer = _spawn(BATCH_WRITER, str(path))
    acked = _acknowledged_after_kill(writer, at_least=rng.randint(2, 6), extra_delay=rng.uniform(0, 0.05))

    assert check(path).ok, check(path).describe()
    with Store(path, user="after") as store:
        table = store.table("docs")
        per_batch = {}
        for doc in table:
            if "batch" in doc:
                per_batch[doc["batch"]] = per_batch.get(doc["batch"], 0) + 1
        # Every acknowledged batch is there; any batch there is whole (the one being written
        # at the kill may or may not have committed, but never in part).
        assert set(acked) <= set(per_batch)
        assert set(per_batch.values()) == {BATCH}
        assert sorted(per_batch) == list(range(len(per_batch)))
        assert table.get(where_name("counter"))["batches"] == len(per_batch)
        # The store goes on working after the crash.
        table.insert({"after": "crash"}, reason="still writable")
        assert table.search(where_name("counter")) and check(path).ok


def where_name(name):
    from tinydb import where

    return where("name") == name


# Commits A then B, printing the WAL's size after each acknowledgement, then waits to be killed
# (so the WAL is neither checkpointed nor removed, as after a power cut).
TWO_COMMITS = """
import os, sys, time
from revtui.store import Store
path = sys.argv[1]
store = Store(path, user="writer")
table = store.table("docs")
table.insert({"name": "A", "pad": "a" * 5000}, reason="commit A")
print(os.path.getsize(path + "-wal"), flush=True)
table.update({"name": "B", "pad": "b" * 5000}, doc_ids=[1], reason="commit B")
print(os.path.getsize(path + "-wal"), flush=True)
time.sleep(60)
"""


@pytest.mark.parametrize("cut", ["first byte", "middle", "last byte"])
def test_power_loss_tearing_the_last_write_keeps_every_earlier_commit(tmp_path, cut):
    path = tmp_path / "store.db"
    Store(path).close()
    writer = _spawn(TWO_COMMITS, str(path))
    after_a = int(writer.stdout.readline())
    after_b = int(writer.stdout.readline())
    writer.send_signal(signal.SIGKILL)
    writer.communicate()
    assert after_b > after_a
    # Commit B's frames were being written when the power went: keep only part of them.
    keep = {"first byte": after_a + 1, "middle": (after_a + after_b) // 2, "last byte": after_b - 1}[cut]
    with open(f"{path}-wal", "r+b") as wal:
        wal.truncate(keep)

    assert check(path).ok, check(path).describe()
    with Store(path, user="after") as store:
        table = store.table("docs")
        document = table.get(doc_id=1)
        assert document["name"] == "A" and document.version == 1  # A whole, B not at all
        assert [e.reason for e in table.history(1)] == ["commit A"]
        table.update({"name": "C"}, doc_ids=[1], reason="after the power cut")
        assert table.get(doc_id=1).version == 2
