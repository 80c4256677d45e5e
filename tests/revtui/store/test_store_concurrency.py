"""Several processes writing the same store at once: no update is lost, conflicts are told."""

import multiprocessing

import attrs
import pytest

from revtui.store import ConflictError, Repository, Store, StoreBusyError

WRITERS = 4
ROUNDS = 40


@attrs.frozen
class Counter:
    name: str
    total: int
    contributions: tuple[str, ...] = ()


def _optimistic_increments(path, writer):
    """An officer's loop: read, think, save; on a conflict, reload and redo the change."""
    conflicts = 0
    with Store(path, user=f"officer{writer}") as store:
        counters = Repository(store, "counters", Counter)
        for i in range(ROUNDS):
            while True:
                current = counters.get(1)
                new = attrs.evolve(
                    current.value,
                    total=current.value.total + 1,
                    contributions=(*current.value.contributions, f"{writer}:{i}"),
                )
                try:
                    counters.save(current, new, reason=f"increment {i}")
                    break
                except ConflictError:
                    conflicts += 1
    return conflicts


def _atomic_increments(path, writer):
    with Store(path, user=f"batch{writer}") as store:
        table = store.table("counters")
        for _ in range(ROUNDS):
            table.update(lambda doc: doc.__setitem__("total", doc["total"] + 1), doc_ids=[1], reason="increment")


def _inserts(path, writer):
    with Store(path, user=f"import{writer}") as store:
        table = store.table("imports")
        return [table.insert({"writer": writer, "i": i}, reason="import") for i in range(ROUNDS)]


def _run(target, path):
    with multiprocessing.get_context("fork").Pool(WRITERS) as pool:
        return pool.starmap(target, [(path, w) for w in range(WRITERS)])


def test_optimistic_writers_in_four_processes_lose_no_update(store_path):
    with Store(store_path, user="setup") as store:
        Repository(store, "counters", Counter).add(Counter("shared", 0), reason="set up")
    _run(_optimistic_increments, store_path)
    with Store(store_path, user="check") as store:
        counters = Repository(store, "counters", Counter)
        final = counters.get(1)
        # 4 writers x 40 increments, each landed exactly once.
        assert final.value.total == WRITERS * ROUNDS
        assert sorted(final.value.contributions) == sorted(f"{w}:{i}" for w in range(WRITERS) for i in range(ROUNDS))
        assert final.version == 1 + WRITERS * ROUNDS
        assert len(counters.history(1)) == 1 + WRITERS * ROUNDS


def test_read_modify_write_updates_in_four_processes_lose_no_update(store_path):
    with Store(store_path, user="setup") as store:
        store.table("counters").insert({"total": 0}, reason="set up")
    _run(_atomic_increments, store_path)
    with Store(store_path, user="check") as store:
        assert store.table("counters").get(doc_id=1)["total"] == WRITERS * ROUNDS


def test_inserts_from_four_processes_get_distinct_ids(store_path):
    Store(store_path).close()
    ids = [i for batch in _run(_inserts, store_path) for i in batch]
    assert sorted(ids) == list(range(1, WRITERS * ROUNDS + 1))
    with Store(store_path, user="check") as store:
        assert len(store.table("imports")) == WRITERS * ROUNDS


def test_a_reader_is_not_blocked_by_a_writer_holding_the_lock(store_path):
    with Store(store_path, user="a") as writer, Store(store_path, user="b", timeout=0.2) as reader:
        writer.table("t").insert({"n": 1}, reason="first")
        with writer.change("long batch"):
            writer.table("t").update({"n": 2}, doc_ids=[1])
            # The reader sees the last committed state at once, not the change in progress...
            assert reader.table("t").get(doc_id=1)["n"] == 1
            # ...and a second writer waits for the lock, giving up after its timeout.
            with pytest.raises(StoreBusyError, match="another process has been writing for over 0.2 s"):
                reader.table("t").insert({"n": 3}, reason="second")
        assert reader.table("t").get(doc_id=1)["n"] == 2
