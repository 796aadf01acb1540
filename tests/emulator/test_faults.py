"""Fault injection as an HTTP client experiences it: every kind, per service, repeatable under a seed."""

from __future__ import annotations

import json

import httpx
import pytest

from song_automations.emulator.context import DemoCredentials
from song_automations.emulator.faults import PROFILES, parse_fault_spec

from .conftest import TOKEN, USER_AGENT

AUTH = {"Authorization": f"Discogs token={TOKEN}", "User-Agent": USER_AGENT}
CREDS = DemoCredentials()
# One GET per service whose normal answer needs no token dance.
PROBES = {
    "discogs": "/discogs/releases/1",
    "spotify": "/spotify/v1/me",
    "soundcloud": "/soundcloud/me",
}


# --- --faults parsing --------------------------------------------------------------------

def test_profiles_and_json_specs_parse():
    assert parse_fault_spec("none") == {}
    assert parse_fault_spec("flaky") == PROFILES["flaky"]
    assert parse_fault_spec(' {"reset": 0.5, "truncated": 0.25} ') == {"reset": 0.5, "truncated": 0.25}


@pytest.mark.parametrize("spec, complaint", [
    ("sometimes", "neither a fault profile"),
    ("[0.1]", "JSON object"),
    ('{"slow": 0.1}', "unknown fault kind(s) slow"),
    ('{"reset": "often"}', "between 0 and 1"),
    ('{"reset": 1.5}', "between 0 and 1"),
    ('{"reset": 0.6, "server_error": 0.6}', "at most 1"),
])
def test_bad_specs_are_refused_with_a_reason(spec, complaint):
    with pytest.raises(ValueError, match=complaint.replace("(", r"\(").replace(")", r"\)")):
        parse_fault_spec(spec)


# --- each kind, as httpx sees it ------------------------------------------------------

def _faulty(emulator_factory, kind: str, **kwargs):
    return emulator_factory(faults={kind: 1.0}, seed=1, rate_scale=10, **kwargs)


@pytest.mark.parametrize("service, expected", [
    ("discogs", lambda status: {"message": "Internal server error."}),
    ("spotify", lambda status: {"error": {"status": status, "message": {500: "Internal Server Error",
                                                                        502: "Bad Gateway",
                                                                        503: "Service Unavailable"}[status]}}),
    ("soundcloud", lambda status: {"code": status, "link": "https://developers.soundcloud.com/docs/api/explorer/open-api"}),
])
def test_server_errors_use_each_services_error_body(emulator_factory, service, expected):
    server = _faulty(emulator_factory, "server_error")
    response = httpx.get(server.url + PROBES[service], headers=AUTH)
    assert response.status_code in (500, 502, 503)
    body = response.json()
    assert expected(response.status_code).items() <= body.items()
    if service == "soundcloud":
        assert set(body) == {"code", "message", "link", "status", "errors", "error"}


@pytest.mark.parametrize("service, body", [
    ("discogs", {"message": "You are making requests too quickly."}),
    ("spotify", {"error": {"status": 429, "message": "API rate limit exceeded"}}),
    ("soundcloud", {"code": 429, "message": "Too Many Requests",
                    "link": "https://developers.soundcloud.com/docs/api/rate-limits#errors",
                    "status": "429 - Too Many Requests", "errors": [{"error_message": "Too Many Requests"}],
                    "error": None}),
])
def test_injected_429_has_retry_after_and_the_services_body(emulator_factory, service, body):
    server = _faulty(emulator_factory, "rate_limit")
    response = httpx.get(server.url + PROBES[service], headers=AUTH)
    assert response.status_code == 429
    assert response.headers["retry-after"] == "1"
    assert response.json() == body


def test_discogs_faults_keep_the_rate_limit_headers(emulator_factory):
    server = _faulty(emulator_factory, "server_error")
    response = httpx.get(server.url + PROBES["discogs"], headers=AUTH)
    assert response.headers["x-discogs-ratelimit"] == "600"
    assert response.headers["x-discogs-ratelimit-used"] == "1"


def test_reset_is_a_transport_error(emulator_factory):
    server = _faulty(emulator_factory, "reset")
    with httpx.Client(base_url=server.url, headers=AUTH) as client:
        for _ in range(2):  # the client recovers: the next request opens a new connection
            with pytest.raises(httpx.TransportError):
                client.get(PROBES["discogs"])


def test_truncated_is_a_well_framed_200_with_broken_json(emulator_factory):
    server = emulator_factory(seed=1)
    whole = httpx.get(server.url + PROBES["discogs"], headers=AUTH).content
    server.ctx.config.faults = {"truncated": 1.0}
    response = httpx.get(server.url + PROBES["discogs"], headers=AUTH)
    assert response.status_code == 200
    assert 0 < len(response.content) < len(whole) and whole.startswith(response.content)
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_timeout_answers_only_after_the_clients_patience_ran_out(emulator_factory):
    server = emulator_factory(faults={"timeout": 1.0}, seed=1, rate_scale=10, fault_delay_s=1.0)
    with pytest.raises(httpx.ReadTimeout):
        httpx.get(server.url + PROBES["discogs"], headers=AUTH, timeout=0.2)
    # A patient client gets the real answer, late.
    assert httpx.get(server.url + PROBES["discogs"], headers=AUTH, timeout=5).status_code == 200
    assert _stats(server, "discogs")["by_fault"] == {"timeout": 2}


def test_a_lost_answer_was_applied_but_looks_like_a_reset(emulator_factory):
    server = emulator_factory(seed=5)
    token = _spotify_token(server)
    server.ctx.config.faults = {"lost_answer": 1.0}
    for n in range(3):
        with pytest.raises(httpx.TransportError):
            httpx.post(f"{server.url}/spotify/v1/me/playlists", json={"name": f"Discogs - {n}"},
                       headers={"Authorization": f"Bearer {token}"})
    assert len(httpx.get(f"{server.url}/_emulator/playlists").json()["spotify"]) == 3
    assert _stats(server, "spotify")["by_fault"] == {"lost_answer": 3}


def _stats(server, service: str) -> dict:
    return httpx.get(server.url + "/_emulator/stats").json()["services"][service]


def _spotify_token(server) -> str:
    return httpx.post(f"{server.url}/spotify-accounts/api/token",
                      data={"grant_type": "refresh_token", "refresh_token": CREDS.spotify_refresh_token},
                      auth=(CREDS.spotify_client_id, CREDS.spotify_client_secret)).json()["access_token"]


def test_control_routes_are_never_faulted(emulator_factory):
    server = emulator_factory(faults={"server_error": 1.0}, seed=1)
    for path in ("/_emulator/stats", "/_emulator/playlists", "/_emulator/truth"):
        assert httpx.get(server.url + path).status_code == 200
    assert httpx.post(server.url + "/_emulator/stats/reset").status_code == 200


def test_stats_count_faults_by_final_status(emulator_factory):
    server = emulator_factory(faults={"reset": 0.5, "rate_limit": 0.5}, seed=3, rate_scale=10)
    with httpx.Client(base_url=server.url, headers=AUTH) as client:
        for _ in range(10):
            try:
                client.get(PROBES["discogs"])
            except httpx.TransportError:
                pass  # a reset: counted under status "0" below
    stats = httpx.get(server.url + "/_emulator/stats").json()["services"]["discogs"]
    assert stats["requests"] == 10
    assert set(stats["by_status"]) == {"0", "429"}
    assert stats["by_route"] == {"GET /releases/{id}": 10}


# --- repeatable under a seed --------------------------------------------------------

MIXED = {"server_error": 0.25, "rate_limit": 0.15, "reset": 0.1, "truncated": 0.1}


def _outcomes(server, n: int = 40) -> list[str]:
    outcomes = []
    with httpx.Client(base_url=server.url, headers=AUTH) as client:
        for _ in range(n):
            try:
                response = client.get(PROBES["discogs"])
            except httpx.TransportError:
                outcomes.append("reset")
                continue
            try:
                response.json()
                outcomes.append(str(response.status_code))
            except json.JSONDecodeError:
                outcomes.append("truncated")
    return outcomes


def test_same_seed_same_faults(emulator_factory):
    first = _outcomes(emulator_factory(faults=MIXED, seed=42, rate_scale=10))
    second = _outcomes(emulator_factory(faults=MIXED, seed=42, rate_scale=10))
    other = _outcomes(emulator_factory(faults=MIXED, seed=43, rate_scale=10))
    assert first == second
    assert first != other
    assert {"200", "reset", "truncated", "429"} <= set(first)


# --- mutations behind a failure are ambiguous, as in the real world ----------------------

def _created_playlists_behind_failures(emulator_factory, seed: int, attempts: int = 12) -> tuple[int, int]:
    server = emulator_factory(seed=seed)
    token = _spotify_token(server)
    server.ctx.config.faults = {"server_error": 0.5, "reset": 0.5}  # every request now fails
    failures = 0
    with httpx.Client(base_url=f"{server.url}/spotify/v1", headers={"Authorization": f"Bearer {token}"}) as client:
        for n in range(attempts):
            try:
                response = client.post("/me/playlists", json={"name": f"Discogs - {n}"})
                failures += response.status_code >= 500
            except httpx.TransportError:
                failures += 1
    created = len(httpx.get(f"{server.url}/_emulator/playlists").json()["spotify"])
    return failures, created


def test_failed_mutations_were_sometimes_applied_and_the_seed_decides_which(emulator_factory):
    failures, created = _created_playlists_behind_failures(emulator_factory, seed=5)
    assert failures == 12
    assert 0 < created < 12
    assert _created_playlists_behind_failures(emulator_factory, seed=5) == (failures, created)


def test_injected_429_on_a_mutation_is_never_applied(emulator_factory):
    server = emulator_factory(seed=5)
    token = _spotify_token(server)
    server.ctx.config.faults = {"rate_limit": 1.0}
    for n in range(5):
        reply = httpx.post(f"{server.url}/spotify/v1/me/playlists", json={"name": f"Discogs - {n}"},
                           headers={"Authorization": f"Bearer {token}"})
        assert reply.status_code == 429
    assert httpx.get(f"{server.url}/_emulator/playlists").json()["spotify"] == []
