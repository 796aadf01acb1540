"""The shared HTTP policy, seen from the requests it sends and the errors it raises."""

from __future__ import annotations

import threading

import httpx
import pytest

from song_automations.errors import BadResponse, NotFound, RateLimited, RequestRejected, ServerError, TransportFailure
from song_automations.http import HttpPolicy, ServiceHttp, parse_retry_after
from song_automations.ratelimit import DiscogsPacer, PauseGate


def service(handler, policy: HttpPolicy, limiter=None) -> ServiceHttp:
    return ServiceHttp("spotify", "https://api.example.test/v1", policy=policy, limiter=limiter,
                       transport=httpx.MockTransport(handler))


def scripted(*responses):
    """A handler answering with ``responses`` in turn (an exception instance is raised)."""
    seen: list[httpx.Request] = []
    queue = list(responses)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        answer = queue.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    return handler, seen


def test_retries_5xx_and_transport_errors_then_succeeds(policy, clock):
    handler, seen = scripted(httpx.Response(503, json={"error": {"status": 503, "message": "down"}}),
                             httpx.ConnectError("reset"), httpx.Response(200, json={"ok": True}))
    assert service(handler, policy).request("GET", "/me", route="/me") == {"ok": True}
    assert len(seen) == 3
    assert all(2.0 <= s <= 30.0 + 1.0 for s in clock.sleeps) and len(clock.sleeps) == 2


def test_gives_up_after_three_attempts_with_the_last_error(policy):
    handler, seen = scripted(*[httpx.Response(500, text="boom")] * 3)
    with pytest.raises(ServerError, match="500"):
        service(handler, policy).request("GET", "/me", route="/me")
    assert len(seen) == 3


def test_timeouts_become_transport_failure(policy):
    handler, _ = scripted(*[httpx.ReadTimeout("slow")] * 3)
    with pytest.raises(TransportFailure, match="timed out"):
        service(handler, policy).request("GET", "/me", route="/me")


def test_retry_after_is_waited_out_by_the_service_gate(policy, clock):
    handler, seen = scripted(httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(200, json={}))
    assert service(handler, policy).request("GET", "/me", route="/me") == {}
    assert clock.sleeps == [7.0]
    assert len(seen) == 2


def test_retry_after_above_the_cap_raises_rate_limited_at_once(policy, clock):
    handler, seen = scripted(httpx.Response(429, headers={"Retry-After": "3600"}))
    with pytest.raises(RateLimited, match="3600 s") as info:
        service(handler, policy).request("GET", "/me", route="/me")
    assert info.value.retry_after == 3600
    assert "60 minutes" in str(info.value)
    assert len(seen) == 1 and clock.sleeps == []


def test_a_429_pauses_every_thread_of_the_service(policy, clock):
    gate = policy.gate("spotify")
    gate.pause(5)
    # A second client of the same service (another worker) waits too.
    handler, _ = scripted(httpx.Response(200, json={}))
    service(handler, policy, limiter=gate).request("GET", "/me", route="/me")
    assert clock.sleeps == [5.0]


def test_a_pause_beyond_the_cap_fails_other_threads_fast(clock):
    gate = PauseGate("soundcloud", max_wait_s=60, clock=clock.now, sleep=clock.sleep)
    gate.pause(600)
    with pytest.raises(RateLimited):
        gate.acquire()


def test_client_errors_are_not_retried_and_keep_the_service_message(policy):
    handler, seen = scripted(httpx.Response(400, json={"error": {"status": 400, "message": "Invalid limit"}}))
    with pytest.raises(RequestRejected, match="Invalid limit"):
        service(handler, policy).request("GET", "/search", route="/search")
    assert len(seen) == 1


def test_404_is_not_found(policy):
    handler, _ = scripted(httpx.Response(404, json={"message": "Release not found."}))
    with pytest.raises(NotFound, match="Release not found"):
        service(handler, policy).request("GET", "/releases/1", route="/releases/{id}")


def test_truncated_json_is_retried_then_reported_as_bad_response(policy):
    handler, seen = scripted(*[httpx.Response(200, text='{"tracks": {"items": [')] * 3)
    with pytest.raises(BadResponse, match="not valid JSON"):
        service(handler, policy).request("GET", "/search", route="/search")
    assert len(seen) == 3


def test_changes_are_not_resent_after_an_ambiguous_failure(policy):
    handler, seen = scripted(httpx.Response(502, text="bad gateway"))
    with pytest.raises(ServerError):
        service(handler, policy).request("POST", "/x", route="/x", retry_ambiguous=False)
    assert len(seen) == 1


def test_changes_are_retried_after_a_429(policy):
    handler, seen = scripted(httpx.Response(429, headers={"Retry-After": "1"}), httpx.Response(201, json={}))
    service(handler, policy).request("POST", "/x", route="/x", retry_ambiguous=False)
    assert len(seen) == 2


def test_every_request_has_timeouts_and_a_user_agent(policy):
    handler, seen = scripted(httpx.Response(200, json={}))
    http = service(handler, policy)
    http.request("GET", "/me", route="/me")
    assert seen[0].headers["User-Agent"].startswith("song-automations/")
    assert http.client.timeout == httpx.Timeout(30.0, connect=10.0)


def test_retry_after_accepts_an_http_date():
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:10 GMT", now=lambda: 1445412480.0) == 10.0
    assert parse_retry_after(None) == 0.0


def test_discogs_pacer_never_exceeds_the_window_with_four_threads(clock):
    pacer = DiscogsPacer(limit=10, window_s=60, clock=clock.now, sleep=clock.sleep)
    sent: list[float] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(10):
            pacer.acquire()
            with lock:
                sent.append(clock.now())
            pacer.complete(httpx.Headers({"X-Discogs-Ratelimit": "10"}))

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    sent.sort()
    assert len(sent) == 40
    for i, start in enumerate(sent):
        in_window = [t for t in sent[i:] if t < start + 60]
        assert len(in_window) <= 10


def test_discogs_pacer_counts_requests_made_by_someone_else(clock):
    pacer = DiscogsPacer(limit=60, window_s=60, clock=clock.now, sleep=clock.sleep)
    pacer.acquire()
    pacer.complete(httpx.Headers({"X-Discogs-Ratelimit": "5", "X-Discogs-Ratelimit-Used": "4",
                                  "X-Discogs-Ratelimit-Remaining": "1"}))
    pacer.acquire()  # budget is 5 - 1 reserve = 4, all used: waits for the window
    assert clock.sleeps and sum(clock.sleeps) >= 59
