"""The cyclic collector runs on the UI thread only: automatic collection is off in the program's
application, garbage made in a pool thread is collected by the UI thread's timer, and the timer
collects what the automatic collector would (the oldest generation over its threshold)."""
import gc
import threading

from app.ui import worker
from app.ui.ui_thread_gc import UiThreadCollector


class _Cycle:
    def __init__(self):
        self.me = self
        self.finalised_in = None

    def __del__(self):
        self.finalised_in = threading.current_thread().name
        _Cycle.seen.append(self.finalised_in)


_Cycle.seen = []


def test_garbage_of_a_pool_thread_is_collected_on_the_ui_thread(qtbot, qapp):
    collector = UiThreadCollector(qapp)
    try:
        assert not gc.isenabled()
        _Cycle.seen.clear()

        def make_garbage():
            for _ in range(5000):      # cycles enough to fill the young generation many times over
                _Cycle()
            return True
        task = worker.run_in_background(make_garbage)
        qtbot.waitUntil(lambda: task not in worker._running, timeout=10_000)
        assert _Cycle.seen == []                     # nothing collected in the pool thread
        collector.collect()
        qtbot.waitUntil(lambda: len(_Cycle.seen) == 5000, timeout=5000)
        assert set(_Cycle.seen) == {threading.main_thread().name}
    finally:
        collector.timer.stop()
        gc.enable()


def test_the_timer_collects_the_oldest_generation_over_its_threshold(qapp, monkeypatch):
    collector = UiThreadCollector(qapp)
    collector.timer.stop()
    gc.enable()
    asked = []
    monkeypatch.setattr(gc, "collect", lambda generation=2: asked.append(generation))
    for counts, expected in (((5, 11, 0), []), ((701, 3, 0), [0]), ((701, 11, 2), [1]), ((701, 11, 11), [2])):
        monkeypatch.setattr(gc, "get_count", lambda counts=counts: counts)
        asked.clear()
        collector.collect()
        assert asked == expected, counts

