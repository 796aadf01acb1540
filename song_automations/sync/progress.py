"""Progress of a sync, reported through a callback (the engine never prints).

Stages, in order: ``folders`` (Discogs folders listed), ``releases`` (releases fetched
or read from the cache), ``matching`` (track searches finished; ``total`` grows as
releases reveal which tracks need one), ``applying`` (playlists changed).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

log = logging.getLogger(__name__)

STAGES = ("folders", "releases", "matching", "applying")


@dataclass(frozen=True, slots=True)
class ProgressEvent:
    """``done`` of ``total`` units of ``stage`` finished; ``detail`` names the latest."""

    stage: str
    done: int
    total: int
    detail: str = ""


ProgressCallback = Callable[[ProgressEvent], None]


class Progress:
    """Thread-safe counters per stage that forward each step to the callback."""

    def __init__(self, callback: ProgressCallback | None = None) -> None:
        self._callback = callback
        self._lock = threading.Lock()
        self._done = dict.fromkeys(STAGES, 0)
        self._total = dict.fromkeys(STAGES, 0)

    def expect(self, stage: str, units: int) -> None:
        """Announce ``units`` more units of work in ``stage``."""
        with self._lock:
            self._total[stage] += units
            event = ProgressEvent(stage, self._done[stage], self._total[stage])
        self._emit(event)

    def step(self, stage: str, detail: str = "", units: int = 1) -> None:
        """Record ``units`` finished units of ``stage``."""
        with self._lock:
            self._done[stage] += units
            event = ProgressEvent(stage, self._done[stage], self._total[stage], detail)
        self._emit(event)

    def _emit(self, event: ProgressEvent) -> None:
        log.debug("progress %s %d/%d %s", event.stage, event.done, event.total, event.detail)
        if self._callback is not None:
            self._callback(event)


class PhaseClock:
    """Wall time of a run's phases: ``with clock("planning"): ...``; ``seconds`` maps each
    phase to its duration (s, 3 decimals), in the order they ran."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, phase: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[phase] = round(self.seconds.get(phase, 0.0) + time.perf_counter() - start, 3)
