"""DiscogsClient against the emulator over real sockets: every operation, faults, pacing."""

from __future__ import annotations

import threading

import httpx
import pytest

from song_automations.clients.discogs import DiscogsClient
from song_automations.emulator.faults import parse_fault_spec
from song_automations.errors import AuthRequired, BadResponse, NotFound
from song_automations.http import HttpPolicy
from song_automations.models import WANTLIST_FOLDER_ID, Folder

from .conftest import emulator_settings


def stats(server) -> dict:
    return httpx.get(server.url + "/_emulator/stats").json()["services"]["discogs"]


def read_everything(client: DiscogsClient) -> dict:
    folders = client.folders()
    return {
        "user": client.identity(),
        "folders": folders,
        "items": {f.name: client.folder_items(f.id) for f in folders},
        "wants": client.wantlist(),
        "releases": {r: client.release(r)["title"] for r in (71989, 1287017, 1)},
    }


def test_reads_the_whole_collection(emulator, tmp_path, policy):
    with DiscogsClient(emulator_settings(emulator, tmp_path), policy=policy) as client:
        seen = read_everything(client)
    assert seen["user"] == "demo_digger"
    assert seen["folders"][0] == Folder(1, "Uncategorized", 1)
    assert [f.name for f in seen["folders"]] == ["Uncategorized", "House", "Disco"]  # no "All"
    assert sorted(i.release_id for i in seen["items"]["House"]) == [1, 71989, 9701013]
    assert all(i.instance_id for i in seen["items"]["House"])
    assert [(w.release_id, w.folder_id) for w in seen["wants"]] == [(1867708, WANTLIST_FOLDER_ID)]
    assert seen["wants"][0].title and seen["wants"][0].artist


def test_sends_the_token_and_a_user_agent_and_pages_by_100(emulator, tmp_path, policy):
    extra = [{"folder": "House", "release_id": 71989} for _ in range(120)]
    assert httpx.post(emulator.url + "/_emulator/collection", json={"add": extra}).status_code == 200
    with DiscogsClient(emulator_settings(emulator, tmp_path), policy=policy) as client:
        house = next(f for f in client.folders() if f.name == "House")
        items = client.folder_items(house.id)
    assert len(items) == 123
    assert len({i.instance_id for i in items}) == 123
    by_route = stats(emulator)["by_route"]
    pages = sum(n for route, n in by_route.items() if route.endswith("/releases"))
    assert pages == 2  # 123 items at per_page=100


def test_a_deleted_release_is_not_found(emulator, tmp_path, policy):
    with DiscogsClient(emulator_settings(emulator, tmp_path), policy=policy) as client, \
            pytest.raises(NotFound, match="not found"):
        client.release(999999999)


def test_flaky_service_gives_the_same_results(emulator_factory, tmp_path, clock):
    calm = emulator_factory()
    flaky = emulator_factory(faults=parse_fault_spec("flaky"), seed=1)
    policy = HttpPolicy(sleep=clock.sleep, clock=clock.now)
    with DiscogsClient(emulator_settings(calm, tmp_path), policy=policy) as client:
        expected = read_everything(client)
    with DiscogsClient(emulator_settings(flaky, tmp_path), policy=policy) as client:
        for _ in range(3):  # enough requests that faults of every kind are drawn
            assert read_everything(client) == expected
    statuses = stats(flaky)["by_status"]
    assert set(statuses) - {"200"}, "the flaky profile injected no failure at all"


@pytest.mark.parametrize(("rate_scale", "rounds"), [(1.0, 4), (0.25, 2)])
def test_four_workers_never_hit_the_rate_limit(emulator_factory, tmp_path, clock, rate_scale, rounds):
    # Real limits (60 a minute) and a quarter of them, on a fake clock shared with the
    # emulator: the window binds several times over and nobody waits for real.
    server = emulator_factory(rate_scale=rate_scale)
    server.ctx.now = clock.now
    policy = HttpPolicy(sleep=clock.sleep, clock=clock.now)
    errors: list[BaseException] = []
    releases = (71989, 33986376, 1287017, 9701013, 1, 1867708) * rounds
    with DiscogsClient(emulator_settings(server, tmp_path), policy=policy) as client:
        client.identity()

        def worker() -> None:
            try:
                for release_id in releases:
                    client.release(release_id)
            except BaseException as exc:  # collected and re-raised by the test thread
                errors.append(exc)

        threads = [threading.Thread(target=worker) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert not errors
    total = 1 + 4 * len(releases)
    seen = stats(server)
    assert seen["by_status"] == {"200": total}
    per_minute = int(60 * rate_scale)
    minutes = (total - 1) // per_minute
    assert clock.now() - 1_000_000.0 >= minutes * 60  # the window really was binding


def test_a_malformed_payload_is_a_bad_response(tmp_path, policy):
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"id": 1, "title": "x"})  # no tracklist

    settings = emulator_settings_stub(tmp_path)
    client = DiscogsClient(settings, policy=policy, transport=httpx.MockTransport(handler))
    with pytest.raises(BadResponse, match="tracklist"):
        client.release(1)


def test_a_cut_short_answer_is_retried_then_reported(emulator_factory, tmp_path, policy):
    server = emulator_factory(faults={"truncated": 1.0}, seed=1)
    with DiscogsClient(emulator_settings(server, tmp_path), policy=policy) as client, \
            pytest.raises(BadResponse, match="not valid JSON"):
        client.release(71989)
    assert stats(server)["requests"] == 3


def test_no_token_names_the_setting(tmp_path):
    settings = emulator_settings_stub(tmp_path).with_overrides(discogs_user_token=None)
    with pytest.raises(AuthRequired, match="DISCOGS_USER_TOKEN"):
        DiscogsClient(settings)


def emulator_settings_stub(tmp_path):
    from song_automations.settings import load_settings

    return load_settings(environ={"DISCOGS_USER_TOKEN": "tok-123456", "DATA_DIR": str(tmp_path)},
                         env_file=tmp_path / "absent.env")
