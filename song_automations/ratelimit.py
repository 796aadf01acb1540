"""Client-side rate limiters, one per service, shared by every thread that calls it.

Two shapes, one small interface (``acquire``, ``observe``, ``pause``):

- :class:`DiscogsPacer` keeps Discogs under its moving-window budget *before* the
  server has to say no. Discogs reports the budget on every response
  (``X-Discogs-Ratelimit``, ``-Used``, ``-Remaining``) but sends no ``Retry-After``,
  so the pacer mirrors the server's 60-second window with its own send times, takes
  the window size from the headers and counts any use it did not make itself (another
  process on the same token) from ``-Used``.
- :class:`PauseGate` is for Spotify and SoundCloud, whose limits are unpublished: it
  lets everything through until a 429 arrives, then holds *every* thread of that
  service until the pause is over, so one throttled worker does not leave three others
  hammering the service.

Both take ``clock`` and ``sleep`` so tests (and the emulator's fake clock) never wait
for real.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping

from .errors import RateLimited

log = logging.getLogger(__name__)

Clock = Callable[[], float]
Sleep = Callable[[float], None]


class PauseGate:
    """Holds every caller of one service while a 429 pause is in force.

    ``max_wait_s`` is the longest a caller will be held; a pause beyond it makes
    :meth:`acquire` raise :class:`RateLimited` instead, so no thread freezes for an
    hour on a huge ``Retry-After``.
    """

    def __init__(
        self,
        service: str,
        *,
        max_wait_s: float = 60.0,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
    ) -> None:
        self.service = service
        self.max_wait_s = max_wait_s
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._paused_until = 0.0

    def acquire(self) -> float:
        """Wait out any pause in force; returns the seconds waited.

        Raises :class:`RateLimited` when the pause left is longer than ``max_wait_s``.
        """
        waited = 0.0
        while True:
            with self._lock:
                left = self._paused_until - self._clock()
            if left <= 0:
                return waited
            if left > self.max_wait_s:
                raise RateLimited(
                    f"{self.service} asked us to wait {left:.0f} s before the next request; "
                    "try again later.",
                    retry_after=left,
                    service=self.service,
                    status=429,
                )
            self._sleep(left)
            waited += left

    def pause(self, seconds: float) -> None:
        """Hold every caller for ``seconds`` from now (a longer pause in force wins)."""
        with self._lock:
            until = self._clock() + max(0.0, seconds)
            if until > self._paused_until:
                self._paused_until = until
                log.warning("%s answered 429: pausing every request for %.1f s", self.service, seconds)

    def observe(self, headers: Mapping[str, str]) -> None:
        """Nothing to learn from ordinary responses: the limit is unpublished."""


class DiscogsPacer(PauseGate):
    """Keeps Discogs requests inside the moving window the server enforces.

    ``limit`` requests per ``window_s`` seconds (60 per 60 s for a token, until the
    first response says otherwise). ``reserve`` slots are left unused to absorb
    requests the server counted but whose responses have not been observed yet, and
    ``slack_s`` is added to the window because our send time is slightly earlier than
    the server's receive time. A 429 still pauses everyone (:class:`PauseGate`).
    """

    def __init__(
        self,
        *,
        limit: int = 60,
        window_s: float = 60.0,
        reserve: int = 1,
        slack_s: float = 1.0,
        max_wait_s: float = 60.0,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
    ) -> None:
        super().__init__("discogs", max_wait_s=max_wait_s, clock=clock, sleep=sleep)
        self.limit = limit
        self.window_s = window_s
        self.reserve = reserve
        self.slack_s = slack_s
        self._sent: deque[float] = deque()

    def _prune(self, now: float) -> None:
        horizon = now - self.window_s - self.slack_s
        while self._sent and self._sent[0] <= horizon:
            self._sent.popleft()

    def _budget(self) -> int:
        # Never below one usable slot, or a tiny scaled limit would stall forever.
        return max(1, self.limit - self.reserve)

    def acquire(self) -> float:
        """Wait until a request fits in the window, then claim its slot; returns seconds waited."""
        waited = super().acquire()
        while True:
            with self._lock:
                now = self._clock()
                self._prune(now)
                if len(self._sent) < self._budget():
                    self._sent.append(now)
                    return waited
                wait = self._sent[0] + self.window_s + self.slack_s - now
            # Pacing waits are bounded by the window, so they never need the cap.
            self._sleep(max(wait, 0.001))
            waited += max(wait, 0.001)

    def observe(self, headers: Mapping[str, str]) -> None:
        """Learn the window size and any foreign use from the ``X-Discogs-Ratelimit*`` headers."""
        limit = _int_header(headers, "x-discogs-ratelimit")
        used = _int_header(headers, "x-discogs-ratelimit-used")
        remaining = _int_header(headers, "x-discogs-ratelimit-remaining")
        if used is None and limit is not None and remaining is not None:
            used = limit - remaining
        with self._lock:
            if limit is not None and limit > 0:
                self.limit = limit
            if used is None:
                return
            now = self._clock()
            self._prune(now)
            foreign = used - len(self._sent)
            # Requests we did not send (another process on the same token) fill the
            # window too; count them as sent now, the conservative assumption.
            for _ in range(max(0, foreign)):
                self._sent.append(now)


def _int_header(headers: Mapping[str, str], name: str) -> int | None:
    raw = headers.get(name)
    if raw is None:
        return None
    try:
        return int(raw)
    except ValueError:
        log.debug("ignoring non-integer %s header %r", name, raw)
        return None
