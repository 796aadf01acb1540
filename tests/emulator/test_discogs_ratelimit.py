"""Discogs' 60-a-minute sliding window, with the budget headers on every response."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from .conftest import TOKEN

AUTH = {"Authorization": f"Discogs token={TOKEN}"}


@pytest.fixture
def clock(emulator) -> list[float]:
    """A hand-driven clock for the emulator: ``clock[0] += 60`` moves time on."""
    now = [1_800_000_000.0]
    emulator.ctx.now = lambda: now[0]
    return now


def _budget(response) -> tuple[str, str, str]:
    return (response.headers["x-discogs-ratelimit"], response.headers["x-discogs-ratelimit-used"],
            response.headers["x-discogs-ratelimit-remaining"])


def test_the_61st_request_in_a_minute_is_refused(http, clock):
    for n in range(1, 61):
        response = http.get("/discogs/releases/1", headers=AUTH)
        assert response.status_code == 200
        assert _budget(response) == ("60", str(n), str(60 - n))
    refused = http.get("/discogs/releases/1", headers=AUTH)
    assert refused.status_code == 429
    assert refused.json() == {"message": "You are making requests too quickly."}
    assert _budget(refused) == ("60", "60", "0")
    assert "retry-after" not in refused.headers


def test_the_window_slides(http, clock):
    for _ in range(30):
        http.get("/discogs/releases/1", headers=AUTH)
    clock[0] += 30
    for _ in range(30):
        http.get("/discogs/releases/1", headers=AUTH)
    assert http.get("/discogs/releases/1", headers=AUTH).status_code == 429
    clock[0] += 30.5  # the first 30 have left the window, the last 30 have not
    allowed = http.get("/discogs/releases/1", headers=AUTH)
    assert allowed.status_code == 200
    assert _budget(allowed) == ("60", "31", "29")


def test_errors_carry_the_budget_too(http, clock):
    missing = http.get("/discogs/releases/424242424", headers=AUTH)
    assert missing.status_code == 404 and _budget(missing) == ("60", "1", "59")
    unauthorised = http.get("/discogs/oauth/identity", headers={"Authorization": "Discogs token=nope"})
    assert unauthorised.status_code == 401 and "x-discogs-ratelimit-used" in unauthorised.headers


def test_unauthenticated_requests_get_the_low_tier(http, clock):
    response = http.get("/discogs/releases/1")
    assert _budget(response) == ("25", "1", "24")


def test_rate_scale_multiplies_the_budget(emulator_factory):
    fast = emulator_factory(rate_scale=0.05)
    with httpx.Client(base_url=fast.url, headers={"User-Agent": "t/1"}) as client:
        statuses = [client.get("/discogs/releases/1", headers=AUTH).status_code for _ in range(4)]
        assert client.get("/discogs/releases/1", headers=AUTH).headers["x-discogs-ratelimit"] == "3"
    assert statuses == [200, 200, 200, 429]


def test_concurrent_clients_never_exceed_the_budget(emulator_factory):
    server = emulator_factory(rate_scale=0.5)  # 30 a minute

    def burst(_: int) -> list[int]:
        with httpx.Client(base_url=server.url, headers={"User-Agent": "t/1", **AUTH}) as client:
            return [client.get("/discogs/releases/1").status_code for _ in range(10)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = [s for batch in pool.map(burst, range(8)) for s in batch]
    assert statuses.count(200) == 30 and statuses.count(429) == 50
