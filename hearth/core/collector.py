"""Short garbage-collector passes in a long-running server worker.

CPython's cyclic garbage collector now and then makes a full pass over every object the
process holds, and the worker's thread waits until it ends. A started worker holds about
125,000 such objects (Django, the apps, the content files, the translations); on the
benchmark machine a full pass took 50 to 110 ms and came every few seconds under load, so
every request that arrived during one waited for it (issue 19, the open-loop p99).

Nearly all those objects live as long as the process. ``settle`` collects once and then
moves every survivor into the permanent generation (``gc.freeze``), which later passes
skip: a full pass then looks only at what requests made since, and took about 10 ms. The
first requests a worker serves still load templates, URL patterns and content on demand,
so the worker settles again after its 1st, 10th, 100th and 1,000th request, each time
after the answer has gone out. Reference counting still frees frozen objects that are no
longer used; only a reference cycle that was alive when frozen is never collected, and
collecting before each freeze keeps that to what one request holds at its end.
"""

from __future__ import annotations

import gc
import itertools

from django.core.signals import request_finished

SETTLE_AFTER = frozenset({1, 10, 100, 1000})  # requests this process has served

_served = itertools.count(1)  # next() is atomic under the GIL: safe from any thread


def settle() -> int:
    """Collect, then freeze every surviving object; the number of objects now frozen."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def _after_request(**_: object) -> None:
    if next(_served) in SETTLE_AFTER:
        settle()


def settle_this_worker() -> None:
    """For a server worker, once its app is loaded: settle now, and after the first
    requests (see the module's text). Not for tests or commands: they end soon anyway."""
    settle()
    request_finished.connect(_after_request, weak=False, dispatch_uid="hearth.collector")
