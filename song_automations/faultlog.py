"""What went wrong on the wire during a run, so the run can say what it retried.

Every failed attempt the HTTP policy sees (a 5xx, a 429, a timeout, a dropped
connection, an unreadable answer) is one :class:`WireFault`, with what became of it:

- ``retried``: the policy tried the call again;
- ``reconciled``: a change whose outcome was unknown; the caller re-read the remote state
  and sent only what had not landed (``http.send_reconciled``);
- ``gave_up``: the call failed for good, and its caller decided what that costs (one
  release, one track's search, one playlist).

Answers about the request (404, 400, 403, 422) are not faults: they are data. One
:class:`FaultLog` is shared by every client of a sync session (it hangs off the
``HttpPolicy``); the engine takes the faults of its run from it, writes them as the
run's events and sums them up in the run's summary.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import asdict, dataclass

from .errors import ApiError, BadResponse, RateLimited, ServerError, TimedOut, TransportFailure

# The kinds, as the summary and the events name them.
KINDS = {ServerError: "server_error", RateLimited: "rate_limited", TimedOut: "timeout",
         TransportFailure: "connection", BadResponse: "bad_response"}
OUTCOMES = ("retried", "reconciled", "gave_up")


def fault_kind(exc: BaseException) -> str | None:
    """The fault kind of an error from ``errors.py``, or ``None`` when it is not a fault."""
    for cls in type(exc).__mro__:
        if cls in KINDS:
            return KINDS[cls]
    return None


@dataclass(frozen=True, slots=True)
class WireFault:
    """One failed attempt: where, what, and what became of it."""

    service: str
    method: str
    route: str
    kind: str
    status: int | None
    attempt: int
    outcome: str
    message: str

    def as_event(self) -> dict:
        return asdict(self)


class FaultLog:
    """Thread-safe, append-only list of :class:`WireFault` for one session."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[WireFault] = []

    def record(self, service: str, method: str, route: str, exc: ApiError, attempt: int, outcome: str) -> None:
        """Note a failed attempt (ignored when ``exc`` is an answer, not a fault)."""
        kind = fault_kind(exc)
        if kind is None:
            return
        fault = WireFault(service, method, route, kind, exc.status, attempt, outcome, str(exc))
        with self._lock:
            self._faults.append(fault)

    def mark(self) -> int:
        """A position to read :meth:`since` from (the start of a run)."""
        with self._lock:
            return len(self._faults)

    def since(self, mark: int) -> list[WireFault]:
        with self._lock:
            return list(self._faults[mark:])


def summarize(faults: list[WireFault]) -> dict:
    """``{"faults", "retried", "reconciled", "gave_up", "by_kind", "by_service"}`` for a run's summary."""
    outcomes = Counter(f.outcome for f in faults)
    return {
        "faults": len(faults),
        **{outcome: outcomes[outcome] for outcome in OUTCOMES},
        "by_kind": dict(sorted(Counter(f.kind for f in faults).items())),
        "by_service": dict(sorted(Counter(f.service for f in faults).items())),
    }
