"""Fault injection: parsing ``--faults``, drawing faults, and sending them the way each service would.

Six kinds, each with a probability per service request:

* ``server_error``: a 500, 502 or 503 with the service's own error body;
* ``rate_limit``: a 429 with ``Retry-After: 1`` and the service's own 429 body;
* ``reset``: response headers promising a body, then the connection closes: clients see
  a transport error (httpx ``RemoteProtocolError``), never a status;
* ``truncated``: a 200 whose JSON body is cut in half (valid HTTP framing, invalid JSON);
* ``timeout``: the answer comes only after ``EmulatorConfig.fault_delay_s`` seconds
  (default 35, longer than the product's 30 s read timeout; tests set less), so the
  client gives up waiting first;
* ``lost_answer``: the request is served (a change is applied) and then the connection
  drops before the answer arrives: the client cannot tell it from a ``reset``.

Mutating requests (POST, PUT, PATCH, DELETE) model the real world's ambiguous failure:
behind a 5xx, a reset or a timeout the change was applied about half the time, so a
client must re-read before it retries. A faulted 429 is never applied; a truncated 200
and a lost answer always were.
Every draw comes from ``ctx.rng`` under ``ctx.rng_lock``, so ``--seed`` repeats the
same faults for the same sequence of requests.
"""

from __future__ import annotations

import contextvars
import json
import logging
from dataclasses import dataclass
from typing import Any

# New kinds go at the end: a profile's draws then stay what they were for the old kinds.
FAULT_KINDS = ("server_error", "rate_limit", "reset", "truncated", "timeout", "lost_answer")
PROFILES: dict[str, dict[str, float]] = {
    "none": {},
    "flaky": {"server_error": 0.10, "rate_limit": 0.05, "reset": 0.02, "truncated": 0.01},
}
MUTATING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
SERVER_ERROR_STATUSES = (500, 502, 503)
# Chance that a faulted mutating request (5xx or reset) was applied before it failed.
APPLIED_BEFORE_FAILURE = 0.5
# Headers a service sends on every response, kept on injected faults (REFERENCE 1.2).
KEPT_HEADER_PREFIXES = {"discogs": (b"x-discogs-ratelimit",)}

_REASONS = {429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway",
            503: "Service Unavailable"}
_SOUNDCLOUD_LINKS = {429: "https://developers.soundcloud.com/docs/api/rate-limits#errors"}
_SOUNDCLOUD_DEFAULT_LINK = "https://developers.soundcloud.com/docs/api/explorer/open-api"

# Set in the request's task when we drop a connection on purpose; read by ResetLogFilter.
_RESET_SENT: contextvars.ContextVar[bool] = contextvars.ContextVar("emulator_reset_sent", default=False)


def parse_fault_spec(value: str) -> dict[str, float]:
    """Turn ``--faults`` into ``{kind: probability}``.

    Accepts a profile name (``none``, ``flaky``) or a JSON object whose keys are among
    ``FAULT_KINDS`` and whose values are probabilities in [0, 1] summing to at most 1.
    Raises ``ValueError`` with a message naming what is wrong.
    """
    text = value.strip()
    if text in PROFILES:
        return dict(PROFILES[text])
    try:
        spec = json.loads(text)
    except json.JSONDecodeError:
        raise ValueError(
            f"{value!r} is neither a fault profile ({', '.join(PROFILES)}) nor a JSON object"
        ) from None
    if not isinstance(spec, dict):
        raise ValueError(f"fault spec must be a JSON object of rates, got {type(spec).__name__}")
    unknown = sorted(set(spec) - set(FAULT_KINDS))
    if unknown:
        raise ValueError(f"unknown fault kind(s) {', '.join(unknown)}; known: {', '.join(FAULT_KINDS)}")
    rates: dict[str, float] = {}
    for kind, rate in spec.items():
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 <= rate <= 1:
            raise ValueError(f"fault rate for {kind} must be a number between 0 and 1, got {rate!r}")
        rates[kind] = float(rate)
    if sum(rates.values()) > 1 + 1e-9:
        raise ValueError(f"fault rates add up to {sum(rates.values()):g}; they must total at most 1")
    return rates


@dataclass(frozen=True)
class Fault:
    """One drawn fault: its kind, the 5xx status to use, and whether the request runs first."""

    kind: str
    status: int
    runs_app: bool


def draw_fault(ctx: Any, method: str) -> Fault | None:
    """Decide whether this request fails, and how; ``None`` means it is served normally.

    Always consumes three numbers from ``ctx.rng`` when any fault rate is set, so one
    request's outcome never shifts the draws of the next.
    """
    rates = ctx.config.faults
    if not rates or not any(rates.values()):
        return None
    with ctx.rng_lock:
        pick, applied_draw, status_draw = ctx.rng.random(), ctx.rng.random(), ctx.rng.random()
    kind = _kind_for(pick, rates)
    if kind is None:
        return None
    status = SERVER_ERROR_STATUSES[int(status_draw * len(SERVER_ERROR_STATUSES))]
    if method.upper() not in MUTATING_METHODS:
        # A read has no side effect to lose; serving it first keeps per-response
        # headers (Discogs' rate-limit budget) truthful on the failure too.
        return Fault(kind, status, runs_app=True)
    if kind in ("truncated", "lost_answer"):
        return Fault(kind, status, runs_app=True)
    if kind == "rate_limit":
        return Fault(kind, status, runs_app=False)
    return Fault(kind, status, runs_app=applied_draw < APPLIED_BEFORE_FAILURE)


def _kind_for(pick: float, rates: dict[str, float]) -> str | None:
    edge = 0.0
    for kind in FAULT_KINDS:
        edge += rates.get(kind, 0.0)
        if pick < edge:
            return kind
    return None


def error_body(service: str, status: int) -> bytes:
    """The JSON body ``service`` sends with a 429 or 5xx (REFERENCE 1.2, 2.3, 3.6)."""
    reason = _REASONS.get(status, "Error")
    if service == "discogs":
        message = "You are making requests too quickly." if status == 429 else "Internal server error."
        payload: dict[str, Any] = {"message": message}
    elif service == "spotify":
        message = "API rate limit exceeded" if status == 429 else reason
        payload = {"error": {"status": status, "message": message}}
    elif service == "soundcloud":
        payload = {
            "code": status,
            "message": reason,
            "link": _SOUNDCLOUD_LINKS.get(status, _SOUNDCLOUD_DEFAULT_LINK),
            "status": f"{status} - {reason}",
            "errors": [{"error_message": reason}],
            "error": None,
        }
    else:
        raise ValueError(f"unknown service {service!r}")
    return json.dumps(payload).encode()


async def send_json(send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
    """Send one complete JSON response."""
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                    *headers],
    })
    await send({"type": "http.response.body", "body": body})


async def send_reset(send) -> None:
    """Promise a body, send two bytes of it, and stop: the server then drops the connection.

    uvicorn closes the transport when an app returns mid-body, which clients see as the
    peer closing the connection early (a transport error, no usable status).
    """
    _RESET_SENT.set(True)
    await send({
        "type": "http.response.start",
        "status": 200,
        "headers": [(b"content-type", b"application/json"), (b"content-length", b"4096")],
    })
    await send({"type": "http.response.body", "body": b'{"', "more_body": True})


async def send_truncated(send, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
    """Send ``body`` cut to half its length, correctly framed, so only the JSON is broken."""
    cut = body[: max(1, len(body) // 2)]
    kept = [(k, v) for k, v in headers if k.lower() != b"content-length"]
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": [*kept, (b"content-length", str(len(cut)).encode())],
    })
    await send({"type": "http.response.body", "body": cut})


def kept_headers(service: str, headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """The headers of a served response that must survive when a fault replaces it."""
    prefixes = KEPT_HEADER_PREFIXES.get(service, ())
    return [(k, v) for k, v in headers if k.lower().startswith(prefixes)] if prefixes else []


class ResetLogFilter(logging.Filter):
    """Drops uvicorn's error record for a connection we dropped on purpose (``reset`` faults).

    Any other incomplete response is still logged: the flag is per request task.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not (_RESET_SENT.get() and "without completing response" in record.getMessage())
