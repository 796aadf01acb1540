"""The one HTTP policy every client uses: timeouts, retries, 429 handling, error mapping, logging.

- :class:`HttpPolicy` holds the knobs: 3 attempts, exponential backoff with jitter from
  2 s to 30 s, a 60 s cap on ``Retry-After``, and the ``sleep``/``clock`` that tests
  replace so they never wait.
- :class:`CallRunner` runs one logical call under that policy: the service's limiter
  first, then the attempt, then the retry decision. It knows nothing about the
  transport, so spotipy's requests-based calls (``clients/spotify.py``) and httpx calls
  go through the same code.
- :class:`ServiceHttp` is the httpx side: one persistent ``httpx.Client`` per service
  (timeouts, connection limits, User-Agent, optional ``httpx.Auth``) plus JSON parsing
  and the mapping of statuses onto ``errors.py``.

Requests that change something are run with ``retry_ambiguous=False``: a 429 is still
retried (the service did nothing), but a timeout, reset, 5xx or unreadable answer is
raised at once, because the change may have been applied; the caller re-reads and
sends only what is still needed (see the playlist clients).

A read whose failure would cost the whole run (the folder list, a platform's playlist
listing) is run with ``critical=True`` and gets ``critical_attempts`` instead of
``attempts``. Every failed attempt is noted in the policy's :class:`FaultLog`, so a
run can say what it retried.
"""

from __future__ import annotations

import email.utils
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any, TypeVar

import httpx
from tenacity import Retrying, RetryCallState, retry_if_exception, stop_after_attempt, wait_exponential_jitter

from . import __version__
from .errors import (
    ApiError,
    AuthError,
    AuthExpired,
    AuthRequired,
    BadResponse,
    NotFound,
    RateLimited,
    RequestRejected,
    ServerError,
    TimedOut,
    TransportFailure,
)
from .faultlog import FaultLog
from .ratelimit import PauseGate, limiter_for
from .traffic import RequestTally

log = logging.getLogger(__name__)

T = TypeVar("T")

USER_AGENT = f"song-automations/{__version__} +https://github.com/song-automations"
LIMITS = httpx.Limits(max_connections=16, max_keepalive_connections=8)

# Failures after which a change may or may not have been applied by the service.
AMBIGUOUS = (ServerError, TransportFailure, BadResponse)


@dataclass(frozen=True)
class HttpPolicy:
    """Retry and rate-limit knobs shared by every client.

    ``attempts`` counts the first try; ``critical_attempts`` replaces it for reads the
    whole run depends on. Backoff between attempts is exponential from
    ``backoff_initial_s`` up to ``backoff_max_s`` plus up to ``jitter_s`` of random
    jitter. A 429's ``Retry-After`` (seconds) is waited out, by every thread of the
    service, when it is at most ``retry_after_cap_s``; beyond that the call raises
    :class:`RateLimited`. A 429 without ``Retry-After`` pauses for
    ``default_429_pause_s``. ``timeout_s`` is the longest wait for an answer (read,
    write, pool), ``connect_timeout_s`` for a connection. ``sleep`` and ``clock`` are
    injectable for tests; ``faults`` collects every failed attempt. ``tally``, when set,
    counts every attempt per service (stored with sync runs).
    """

    attempts: int = 3
    critical_attempts: int = 5
    backoff_initial_s: float = 2.0
    backoff_max_s: float = 30.0
    jitter_s: float = 1.0
    retry_after_cap_s: float = 60.0
    default_429_pause_s: float = 2.0
    timeout_s: float = 30.0
    connect_timeout_s: float = 10.0
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)
    clock: Callable[[], float] = field(default=time.monotonic, compare=False)
    faults: FaultLog = field(default_factory=FaultLog, compare=False, repr=False)
    tally: RequestTally | None = field(default=None, compare=False)

    def gate(self, service: str) -> PauseGate:
        """A fresh :class:`PauseGate` (no pacing, 429 pauses only) for ``service``."""
        return PauseGate(service, max_wait_s=self.retry_after_cap_s, clock=self.clock, sleep=self.sleep)

    def limiter(self, service: str, settings) -> PauseGate:
        """The limiter for ``service`` with the budget ``settings`` give (``ratelimit.limiter_for``)."""
        return limiter_for(service, settings, max_wait_s=self.retry_after_cap_s, clock=self.clock,
                           sleep=self.sleep)

    @property
    def timeout(self) -> httpx.Timeout:
        return httpx.Timeout(self.timeout_s, connect=self.connect_timeout_s)


class Slot:
    """One request's place in its service's limiter, given back exactly once.

    The attempt hands back the answer's headers as soon as it has them (a pacer learns
    the budget from them); whatever happens, :class:`CallRunner` gives the place back
    when the attempt is over, so a pacer never counts a finished request as in flight.
    """

    def __init__(self, limiter) -> None:
        self._limiter = limiter
        self._open = True

    def release(self, headers=None) -> None:
        if self._open:
            self._open = False
            self._limiter.complete(headers)


@dataclass(frozen=True)
class Outcome:
    """What one successful attempt produced: the value, and the HTTP status for the log."""

    value: Any
    status: int | None = None


class CallRunner:
    """Runs calls to one service under an :class:`HttpPolicy` and that service's limiter."""

    def __init__(self, service: str, policy: HttpPolicy, limiter) -> None:
        self.service = service
        self.policy = policy
        self.limiter = limiter

    def run(
        self, attempt: Callable[[], Outcome], *, method: str, route: str, retry_ambiguous: bool = True,
        critical: bool = False,
    ) -> Any:
        """Call ``attempt`` until it succeeds or the policy gives up; returns its value.

        ``attempt(slot)`` sends one request, calls ``slot.release(headers)`` when the answer
        arrives (optional) and raises errors from ``errors.py``. Raises the last error when every
        attempt failed, :class:`RateLimited` at once for a ``Retry-After`` above the cap,
        and ambiguous failures at once when ``retry_ambiguous`` is false. ``critical``:
        ``policy.critical_attempts`` instead of ``policy.attempts``.
        """
        attempts = self.policy.critical_attempts if critical else self.policy.attempts
        retrying = Retrying(
            stop=stop_after_attempt(attempts),
            wait=self._wait,
            retry=retry_if_exception(lambda exc: self._should_retry(exc, retry_ambiguous)),
            sleep=self._sleep,
            reraise=True,
        )
        for try_ in retrying:
            with try_:
                number = try_.retry_state.attempt_number
                value = self._one(attempt, method, route, number, self._outcome(number, attempts, retry_ambiguous))
        return value

    def _outcome(self, number: int, attempts: int, retry_ambiguous: bool) -> Callable[[ApiError], str | None]:
        """What becomes of a failed attempt: retried, gave_up, or ``None`` when the caller
        reconciles (an ambiguous failure of a change) and notes it itself."""

        def outcome(exc: ApiError) -> str | None:
            if not retry_ambiguous and isinstance(exc, AMBIGUOUS):
                return None
            return "retried" if self._should_retry(exc, retry_ambiguous) and number < attempts else "gave_up"

        return outcome

    def _sleep(self, seconds: float) -> None:
        if seconds > 0:  # a 429 retry waits 0 here: the limiter already held it
            self.policy.sleep(seconds)

    def _should_retry(self, exc: BaseException, retry_ambiguous: bool) -> bool:
        if isinstance(exc, RateLimited):
            return exc.retry_after <= self.policy.retry_after_cap_s
        return retry_ambiguous and isinstance(exc, AMBIGUOUS)

    def _wait(self, state: RetryCallState) -> float:
        if isinstance(state.outcome.exception(), RateLimited):
            return 0.0  # the limiter holds every thread for the Retry-After instead
        backoff = wait_exponential_jitter(
            multiplier=self.policy.backoff_initial_s, max=self.policy.backoff_max_s, jitter=self.policy.jitter_s
        )
        return backoff(state)

    def _one(self, attempt: Callable[[Slot], Outcome], method: str, route: str, number: int,
             outcome: Callable[[ApiError], str | None]) -> Any:
        waited = self.limiter.acquire()
        slot = Slot(self.limiter)
        started = self.policy.clock()
        fields = {"service": self.service, "method": method, "route": route, "attempt": number,
                  "wait_s": round(waited, 3)}
        try:
            answer = attempt(slot)
        except ApiError as exc:
            self._count(waited, throttled=isinstance(exc, RateLimited))
            fields.update(status=exc.status, duration_ms=self._ms(started))
            mapped = self._failed(exc, fields, outcome)
            if mapped is not exc:
                raise mapped from None
            raise
        finally:
            slot.release()
        self._count(waited, throttled=False)
        fields.update(status=answer.status, duration_ms=self._ms(started))
        log.debug("%s %s %s -> %s in %d ms (attempt %d, waited %.2f s)", self.service, method, route,
                  answer.status, fields["duration_ms"], number, waited, extra=fields)
        return answer.value

    def _count(self, waited: float, throttled: bool) -> None:
        if self.policy.tally is not None:
            self.policy.tally.record(self.service, waited, throttled)

    def _failed(self, exc: ApiError, fields: dict, outcome: Callable[[ApiError], str | None]) -> ApiError:
        """Log a failed attempt, note it in the fault log; returns the error to raise."""
        method, route, number = fields["method"], fields["route"], fields["attempt"]
        # A 4xx is an answer about the request (often expected, e.g. a deleted release),
        # not trouble with the service.
        level = logging.INFO if isinstance(exc, (NotFound, RequestRejected)) else logging.WARNING
        log.log(level, "%s %s %s failed (attempt %d): %s", self.service, method, route, number, exc, extra=fields)
        mapped = self._throttled(exc) if isinstance(exc, RateLimited) else exc
        fate = outcome(mapped)
        if fate is not None:
            self.policy.faults.record(self.service, method, route, mapped, number, fate)
        return mapped

    def _throttled(self, exc: RateLimited) -> RateLimited:
        wait = exc.retry_after if exc.retry_after > 0 else self.policy.default_429_pause_s
        if wait > self.policy.retry_after_cap_s:
            return RateLimited(
                f"{self.service} is rate limiting us and asked to wait {wait:.0f} s, longer than the "
                f"{self.policy.retry_after_cap_s:.0f} s we wait automatically; try again in about "
                f"{_human_duration(wait)}.",
                retry_after=wait, service=exc.service, status=429, method=exc.method, url=exc.url,
            )
        self.limiter.pause(wait)
        exc.retry_after = wait
        return exc

    def _ms(self, started: float) -> int:
        return int((self.policy.clock() - started) * 1000)


def _human_duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} seconds"
    if seconds < 7200:
        return f"{seconds / 60:.0f} minutes"
    return f"{seconds / 3600:.1f} hours"


def parse_retry_after(value: str | None, now: Callable[[], float] = time.time) -> float:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date); 0.0 if absent."""
    if not value:
        return 0.0
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        # Not delta-seconds; the other form RFC 9110 allows is an HTTP date.
        return _seconds_until(value, now)


def _seconds_until(http_date: str, now: Callable[[], float]) -> float:
    try:
        when = email.utils.parsedate_to_datetime(http_date)
    except (TypeError, ValueError):
        log.warning("ignoring unreadable Retry-After header %r", http_date)
        return 0.0
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - now())


def error_for_status(
    service: str, method: str, url: str, status: int, headers, message: str
) -> ApiError | AuthError:
    """The ``errors.py`` exception for a non-2xx answer; ``message`` is the service's own words."""
    where = f"{service} {method} {_path_of(url)}"
    common = {"service": service, "status": status, "method": method, "url": url}
    if status == 401 and service == "discogs":
        return AuthRequired(
            f"Discogs refused our token ({message or 'unauthorized'}); set DISCOGS_USER_TOKEN to a valid "
            "personal access token (Discogs > Settings > Developers).",
            service=service,
        )
    if status == 401:
        return AuthExpired(
            f"{service} rejected our credentials ({message or 'unauthorized'}); "
            f"run `song-automations auth {service}` or check the token settings.",
            service=service,
        )
    if status == 404:
        return NotFound(f"{where}: not found ({message or '404'}).", **common)
    if status == 429:
        return RateLimited(f"{where}: rate limited (429).", retry_after=parse_retry_after(
            headers.get("retry-after")), **common)
    if status >= 500:
        return ServerError(f"{where}: the service failed with {status} ({message or 'server error'}).",
                           **common)
    return RequestRejected(f"{where}: refused with {status}: {message or 'no reason given'}.", **common)


def _path_of(url: str) -> str:
    return httpx.URL(url).path if url else ""


def error_message(body: str) -> str:
    """The human message inside an error body of any of the three services, or ``""``."""
    try:
        payload = json.loads(body)
    except ValueError:
        return body.strip()[:200]
    if isinstance(payload, dict):
        inner = payload.get("error")
        if isinstance(inner, dict):  # Spotify: {"error": {"status", "message"}}
            return str(inner.get("message", ""))
        for key in ("message", "error_description", "error"):
            if payload.get(key):  # Discogs/SoundCloud: {"message"}; OAuth: {"error"}
                return str(payload[key])
    return ""


def make_client(
    base_url: str,
    *,
    headers: dict[str, str] | None = None,
    auth: httpx.Auth | None = None,
    transport: httpx.BaseTransport | None = None,
    timeout: httpx.Timeout | None = None,
) -> httpx.Client:
    """The persistent httpx client for one service: timeouts (default: ``HttpPolicy``'s),
    limits, User-Agent."""
    return httpx.Client(
        base_url=base_url,
        headers={"User-Agent": USER_AGENT, "Accept": "application/json", **(headers or {})},
        auth=auth,
        timeout=timeout or HttpPolicy().timeout,
        limits=LIMITS,
        transport=transport,
        # Environment proxies would send emulator traffic on 127.0.0.1 elsewhere.
        trust_env=False,
    )


class ServiceHttp:
    """One service's persistent httpx client run under the shared policy.

    ``limiter`` defaults to a :class:`PauseGate`; clients pass ``policy.limiter(service, settings)``.
    Share one instance across worker threads: the limiter is what they coordinate on.
    """

    def __init__(
        self,
        service: str,
        base_url: str,
        *,
        policy: HttpPolicy | None = None,
        limiter=None,
        auth: httpx.Auth | None = None,
        headers: dict[str, str] | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.service = service
        self.policy = policy or HttpPolicy()
        self.limiter = limiter or self.policy.gate(service)
        self.runner = CallRunner(service, self.policy, self.limiter)
        self.client = make_client(base_url, headers=headers, auth=auth, transport=transport,
                                  timeout=self.policy.timeout)

    def request(
        self,
        method: str,
        url: str,
        *,
        route: str,
        params: dict | None = None,
        json_body: Any = None,
        data: dict | None = None,
        headers: dict[str, str] | None = None,
        retry_ambiguous: bool = True,
        critical: bool = False,
    ) -> Any:
        """Send one request under the policy; returns the parsed JSON body (``None`` if empty).

        ``url`` is relative to the base URL or absolute (paging links). ``route`` is
        the route template used in logs, e.g. ``"/releases/{id}"``.
        """

        def attempt(slot: Slot) -> Outcome:
            response = self._send_mapped(slot, method, url, params=params, json=json_body, data=data,
                                         headers=headers)
            return Outcome(self._parse(response, method), response.status_code)

        return self.runner.run(attempt, method=method, route=route, retry_ambiguous=retry_ambiguous,
                               critical=critical)

    def _send(self, slot: Slot, method: str, url: str, **kwargs) -> httpx.Response:
        response = self.client.request(method, url, **kwargs)
        slot.release(response.headers)
        if response.status_code >= 400:
            raise error_for_status(self.service, method, str(response.request.url), response.status_code,
                                   response.headers, error_message(response.text))
        return response

    def _send_mapped(self, slot: Slot, method: str, url: str, **kwargs) -> httpx.Response:
        try:
            return self._send(slot, method, url, **kwargs)
        except httpx.TimeoutException as exc:
            raise TimedOut(f"{self.service} {method} {url}: timed out ({type(exc).__name__}).",
                           service=self.service, method=method, url=str(url)) from exc
        except httpx.TransportError as exc:
            raise TransportFailure(f"{self.service} {method} {url}: connection failed ({exc}).",
                                   service=self.service, method=method, url=str(url)) from exc

    def _parse(self, response: httpx.Response, method: str) -> Any:
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError as exc:
            raise BadResponse(
                f"{self.service} {method} {response.request.url.path}: the answer is not valid JSON "
                f"({len(response.content)} bytes, {exc}).",
                service=self.service, status=response.status_code, method=method, url=str(response.request.url),
            ) from exc

    def close(self) -> None:
        """Close the connection pool."""
        self.client.close()


def send_reconciled(
    send: Callable[[list[str]], T],
    pending: list[str],
    still_needed: Callable[[list[str]], list[str]],
    policy: HttpPolicy,
    what: str,
) -> T | None:
    """Apply a change that must not be applied twice, across ambiguous failures.

    ``send(items)`` makes the change (run with ``retry_ambiguous=False``).
    After an ambiguous failure, ``still_needed(items)`` re-reads the remote state and
    returns the part of the change that has not landed; only that is sent again. Returns
    ``send``'s result, or ``None`` when a re-read showed everything had landed. Raises
    the last ambiguous error after ``policy.attempts`` sends.
    """
    for attempt in range(1, policy.attempts + 1):
        try:
            return send(pending)
        except AMBIGUOUS as exc:
            last = attempt == policy.attempts
            policy.faults.record(exc.service or "?", exc.method or "?", what, exc, attempt,
                                 "gave_up" if last else "reconciled")
            if last:
                raise
            log.warning("%s: ambiguous failure (%s); re-reading before sending again", what, exc)
            policy.sleep(min(policy.backoff_initial_s * 2 ** (attempt - 1), policy.backoff_max_s))
            pending = still_needed(pending)
            if not pending:
                log.info("%s: the change had landed before the failure; nothing to resend", what)
                return None
    return None
