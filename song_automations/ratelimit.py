"""Client-side rate limiters, one per service, shared by every thread that calls it.

Two shapes, one small interface (``acquire``, ``complete``, ``pause``):

- :class:`WindowPacer` keeps a service under a moving-window budget *before* the
  server has to say no: at most ``limit`` requests in any ``window_s`` seconds, with
  its own send times as the record. Which budget, per service:

  * Discogs (:class:`DiscogsPacer`): 60 a minute, and every response reports the
    budget (``X-Discogs-Ratelimit``, ``-Used``, ``-Remaining``), so the pacer takes the
    window size from the headers and counts use it did not make itself (another
    process on the same token) from ``-Used``.
  * Spotify: a rolling 30-second window whose size Spotify does not publish and no
    header reports (only a 429's ``Retry-After``). The budget is the
    ``SPOTIFY_RATE_LIMIT`` setting, default :data:`SPOTIFY_LIMIT`; an emulator started
    with ``--rate-scale`` writes the scaled value into its ``--env-file`` (and the demo
    and the benchmarks set it the same way), because no client can guess it.
  * SoundCloud enforces no general limit (REFERENCE 3.6), so it is not paced unless
    ``SOUNDCLOUD_RATE_LIMIT`` (requests a minute) is set.

- :class:`PauseGate` (the base of both) holds *every* thread of a service while a 429
  pause is in force, so one throttled worker does not leave three others hammering
  the service. With pacing in place a 429 should only come from something else using
  the same budget.

Both take ``clock`` and ``sleep`` so tests never wait for real. :func:`limiter_for` is
the one place that picks a service's limiter.
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

# Discogs: "60 per minute for authenticated requests ... a moving average over a 60
# second window" (REFERENCE 1.2); the headers may say otherwise and win.
DISCOGS_LIMIT, DISCOGS_WINDOW_S = 60, 60.0
# Spotify: "calculated based on the number of calls ... in a rolling 30 second window"
# (REFERENCE 2.4). The size is unpublished; about 180 calls a minute is what developers
# observe before 429s, and what the emulator enforces at --rate-scale 1.
SPOTIFY_LIMIT, SPOTIFY_WINDOW_S = 90, 30.0
# SoundCloud: "No limit is currently enforced on the total number of calls"; a budget
# set by hand (SOUNDCLOUD_RATE_LIMIT) is counted per minute.
SOUNDCLOUD_WINDOW_S = 60.0


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

    def complete(self, headers: Mapping[str, str] | None) -> None:
        """Called once per acquired request when it is over (``headers`` None: no answer).

        Nothing to count here: an unpaced service has no budget to keep.
        """


class WindowPacer(PauseGate):
    """Keeps one service's requests inside a moving window the server enforces.

    ``limit`` requests per ``window_s`` seconds. A request counts from the moment its
    answer arrives (the server counted it at some point before that, so our copy of the
    window never expires an entry earlier than the server does), and requests still in
    flight count too. ``reserve`` slots are left unused as a margin. A 429 still pauses
    everyone (:class:`PauseGate`). Every :meth:`acquire` must be paired with one
    :meth:`complete`.
    """

    def __init__(
        self,
        service: str,
        *,
        limit: int,
        window_s: float,
        reserve: int = 1,
        max_wait_s: float = 60.0,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
    ) -> None:
        super().__init__(service, max_wait_s=max_wait_s, clock=clock, sleep=sleep)
        self.limit = limit
        self.window_s = window_s
        self.reserve = reserve
        self._done: deque[float] = deque()
        self._in_flight = 0

    def _prune(self, now: float) -> None:
        horizon = now - self.window_s
        while self._done and self._done[0] <= horizon:
            self._done.popleft()

    def _budget(self) -> int:
        # Never below one usable slot, or a tiny scaled limit would stall forever.
        return max(1, self.limit - self.reserve)

    def remaining(self) -> int:
        """Requests still allowed in the current window, as far as we know (``doctor``)."""
        with self._lock:
            self._prune(self._clock())
            return max(0, self.limit - len(self._done) - self._in_flight)

    def acquire(self) -> float:
        """Wait until a request fits in the window, then claim its slot; returns seconds waited."""
        waited = super().acquire()
        while True:
            with self._lock:
                now = self._clock()
                self._prune(now)
                if len(self._done) + self._in_flight < self._budget():
                    self._in_flight += 1
                    return waited
                # Either the oldest counted request leaves the window, or an in-flight one
                # completes (and only then starts its own window entry): poll at that pace.
                wait = self._done[0] + self.window_s - now if self._done else self.window_s / self.limit
            wait = max(wait, 0.001)
            # Pacing waits are bounded by the window, so they never need the cap.
            self._sleep(wait)
            waited += wait

    def complete(self, headers: Mapping[str, str] | None) -> None:
        """Count the finished request (and learn from ``headers`` where a service reports its budget)."""
        with self._lock:
            now = self._clock()
            self._in_flight = max(0, self._in_flight - 1)
            self._done.append(now)
            if headers is not None:
                self._learn(headers, now)

    def _learn(self, headers: Mapping[str, str], now: float) -> None:
        """Adjust the budget from a response's headers (called under the lock)."""


class DiscogsPacer(WindowPacer):
    """Discogs' 60-a-minute window, corrected by the ``X-Discogs-Ratelimit*`` headers."""

    def __init__(self, *, limit: int = DISCOGS_LIMIT, window_s: float = DISCOGS_WINDOW_S, **kwargs) -> None:
        super().__init__("discogs", limit=limit, window_s=window_s, **kwargs)

    def _learn(self, headers: Mapping[str, str], now: float) -> None:
        limit = _int_header(headers, "x-discogs-ratelimit")
        used = _int_header(headers, "x-discogs-ratelimit-used")
        remaining = _int_header(headers, "x-discogs-ratelimit-remaining")
        if remaining is not None and (limit or self.limit):
            # Remaining is the budget as the server sees it; Used is its complement.
            used = max(used or 0, (limit or self.limit) - remaining)
        if limit is not None and limit > 0:
            self.limit = limit
        if used is None:
            return
        self._prune(now)
        foreign = used - len(self._done) - self._in_flight
        # Requests we did not send (another process on the same token) fill the
        # window too; count them as made now, the conservative assumption.
        for _ in range(max(0, foreign)):
            self._done.append(now)


def limiter_for(service: str, settings, *, max_wait_s: float, clock: Clock, sleep: Sleep) -> PauseGate:
    """The limiter every thread calling ``service`` shares, with the budget the settings give.

    ``settings`` may lack the rate settings (a bare object in a test): the documented
    defaults apply then.
    """
    timing = {"max_wait_s": max_wait_s, "clock": clock, "sleep": sleep}
    if service == "discogs":
        return DiscogsPacer(**timing)
    if service == "spotify":
        limit = getattr(settings, "spotify_rate_limit", SPOTIFY_LIMIT)
        return WindowPacer(service, limit=limit, window_s=SPOTIFY_WINDOW_S, **timing)
    if service == "soundcloud" and getattr(settings, "soundcloud_rate_limit", 0):
        return WindowPacer(service, limit=settings.soundcloud_rate_limit, window_s=SOUNDCLOUD_WINDOW_S, **timing)
    return PauseGate(service, **timing)


def _int_header(headers: Mapping[str, str], name: str) -> int | None:
    raw = headers.get(name)
    if raw is None:
        return None
    try:
        return int(raw)
    except ValueError:
        log.debug("ignoring non-integer %s header %r", name, raw)
        return None
