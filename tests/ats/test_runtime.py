"""A serving process freezes what start-up left (`ats.runtime`): its garbage collected first,
the rest out of the cyclic collector's walks; gunicorn's entry point and Celery's worker
processes do it."""

import gc
import importlib
import sys
import weakref
from collections.abc import Iterator

import pytest
from celery.signals import worker_init, worker_process_init

from ats.runtime import freeze_startup_objects


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()  # back into the oldest generation: the test process as it was


def cycle() -> weakref.ref[Node]:
    a, b = Node(), Node()
    a.other, b.other = b, a
    return weakref.ref(a)


def tracked(obj: object) -> bool:
    return any(o is obj for o in gc.get_objects())


def test_startup_garbage_is_collected_and_what_lives_is_frozen(unfrozen):
    garbage = cycle()  # unreachable, kept alive only by its own cycle
    kept = Node()
    assert garbage() is not None and tracked(kept)

    frozen = freeze_startup_objects()

    assert garbage() is None  # collected, not frozen for ever
    # Frozen objects freed since (another thread's, this frame's) leave the permanent
    # generation, so the count can only have fallen, and barely, since freezing returned it.
    assert frozen > 0 and 0 <= frozen - gc.get_freeze_count() < frozen // 100
    assert not tracked(kept)  # no collection walks it any more
    made_later = Node()
    assert tracked(made_later)  # what requests make is collected as before


def test_gunicorns_entry_point_freezes_once_the_application_is_loaded(unfrozen):
    sys.modules.pop("ats.wsgi", None)
    module = importlib.import_module("ats.wsgi")

    assert callable(module.application)
    assert gc.get_freeze_count() > 0


@pytest.mark.parametrize("signal", [worker_init, worker_process_init])
def test_a_celery_worker_and_each_of_its_processes_freeze_once_started(unfrozen, signal):
    importlib.import_module("ats.celery")
    signal.send(sender=None)

    assert gc.get_freeze_count() > 0
