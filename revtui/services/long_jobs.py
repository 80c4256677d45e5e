"""What a long job over the store (a payment file, the recovery run, annual billing) does about
Python's cycle collector.

Such a job keeps what it has read or built (positions, postings for its report) for the whole
run. The collector's full passes walk every one of those objects again and again as they grow:
a third of the recovery run's time on 100,000 accounts, a quarter of a payment import's.
Freezing what has survived each part leaves new objects collected as before and releases the
frozen ones at the end. Within, the youngest generation is also collected after 20 times as
many new objects (a part of a payment file builds hundreds of thousands of small ones, each
document's dicts and lists, and the collector walked them every 700): about 8% of a payment
import's CPU. Cycles among new objects are still found, a little later.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator

__all__ = ["collector_spared"]


@contextlib.contextmanager
def collector_spared() -> Iterator[Callable[[], None]]:
    """Within, the objects alive now are left out of collections; call the function given after
    each part of the job (a page of accounts, a committed part) to leave out what it kept too."""
    thresholds = gc.get_threshold()
    gc.set_threshold(max(thresholds[0], _YOUNG), *thresholds[1:])
    gc.freeze()
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)


#: New objects the youngest generation takes before a collection, within (Python's default: 700).
_YOUNG = 14_000
