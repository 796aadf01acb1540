"""How many requests each service was sent, how often it answered 429, and how long
the limiters held us: counted by the HTTP layer, stored with each sync run's summary.

One :class:`RequestTally` rides on the :class:`~song_automations.http.HttpPolicy` that
every client of a sync session shares, so it sees every attempt (retries included).
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass


@dataclass(slots=True)
class ServiceTraffic:
    """One service's counts. ``requests`` counts attempts (a retry is a request);
    ``throttled`` the 429 answers; ``waits`` the requests a limiter held back, for
    ``wait_s`` seconds in all (client-side pacing and 429 pauses alike)."""

    requests: int = 0
    throttled: int = 0
    waits: int = 0
    wait_s: float = 0.0


class RequestTally:
    """Thread-safe :class:`ServiceTraffic` per service name."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._services: dict[str, ServiceTraffic] = {}

    def record(self, service: str, waited_s: float, throttled: bool) -> None:
        """Count one attempt sent to ``service`` after waiting ``waited_s`` seconds."""
        with self._lock:
            counts = self._services.setdefault(service, ServiceTraffic())
            counts.requests += 1
            counts.throttled += int(throttled)
            if waited_s > 0:
                counts.waits += 1
                counts.wait_s += waited_s

    def snapshot(self) -> dict[str, dict]:
        """``{service: {"requests", "throttled", "waits", "wait_s"}}`` as of now."""
        with self._lock:
            return {name: asdict(counts) for name, counts in sorted(self._services.items())}

    def since(self, before: dict[str, dict]) -> dict[str, dict]:
        """What was counted after ``before`` (a :meth:`snapshot`), services with none left out;
        ``wait_s`` rounded to milliseconds."""
        out = {}
        for name, now in self.snapshot().items():
            then = before.get(name, {})
            delta = {key: value - then.get(key, 0) for key, value in now.items()}
            if delta["requests"]:
                delta["wait_s"] = round(delta["wait_s"], 3)
                out[name] = delta
        return out
