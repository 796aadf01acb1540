"""A thread-safe sliding-window request limiter shared by every emulated service.

Each service decides its own limit (Discogs: 60 per 60 s; Spotify: a rolling 30 s
window) and multiplies it by ``ctx.config.rate_scale`` before building the limiter.
"""

from __future__ import annotations

import math
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable


class SlidingWindow:
    """Allow at most ``limit`` hits per key within any ``window_s`` seconds.

    ``now`` returns seconds (any monotonic-enough clock; tests pass a fake one).
    Only allowed hits count against the budget, as on the real services: a client
    that is turned away does not push its own recovery further out.
    """

    def __init__(self, limit: int, window_s: float, now: Callable[[], float] = time.monotonic) -> None:
        if limit < 1:
            raise ValueError(f"limit must be at least 1, got {limit}")
        if window_s <= 0:
            raise ValueError(f"window_s must be positive, got {window_s}")
        self.limit = int(limit)
        self.window_s = float(window_s)
        self._now = now
        self._lock = threading.Lock()
        self._hits: defaultdict[str, deque[float]] = defaultdict(deque)

    def hit(self, key: str) -> tuple[bool, int, int, float]:
        """Count one request for ``key``.

        Returns ``(allowed, used, remaining, retry_after_s)``: ``used`` includes this
        request when allowed; ``retry_after_s`` is 0.0 when allowed, otherwise the
        seconds until the oldest counted hit leaves the window.
        """
        with self._lock:
            now = self._now()
            hits = self._hits[key]
            horizon = now - self.window_s
            while hits and hits[0] <= horizon:
                hits.popleft()
            if len(hits) >= self.limit:
                retry = max(0.0, hits[0] + self.window_s - now)
                return False, len(hits), 0, retry
            hits.append(now)
            return True, len(hits), self.limit - len(hits), 0.0

    def reset(self) -> None:
        """Forget every hit (used when the emulator's stats are reset)."""
        with self._lock:
            self._hits.clear()


def scaled_limit(limit: int, rate_scale: float) -> int:
    """``limit`` multiplied by ``rate_scale``, rounded down but never below 1."""
    return max(1, math.floor(limit * rate_scale))
