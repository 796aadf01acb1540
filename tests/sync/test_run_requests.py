"""Each run records the requests it sent per service, the 429s it got and the limiter's
waits, as the emulator saw them (Datasette's run views read these)."""

from __future__ import annotations

from song_automations.platforms import SERVICES
from sqlcheck import sql_rows

from .conftest import SyncWorld


def test_a_run_records_every_request_and_429_the_services_saw(emulator_factory, tmp_path):
    server = emulator_factory(rate_scale=1000.0, faults={"rate_limit": 0.02}, seed=5)
    world = SyncWorld(server, tmp_path / "data")
    world.reset_stats()
    report = world.sync()
    seen = world.stats()
    with world.tracker() as tracker:
        recorded = {r["service"]: r for r in sql_rows(tracker, "SELECT * FROM run_requests WHERE run_id = ?",
                                                      [report.run_id])}
        [overview] = sql_rows(tracker, "SELECT * FROM run_overview WHERE run_id = ?", [report.run_id])
    for service in SERVICES:
        # The accounts host is the same emulator service: logins count there too.
        ours = [r for name, r in recorded.items() if name.split("-")[0] == service]
        assert sum(r["requests"] for r in ours) == seen[service]["requests"] > 0, service
        assert sum(r["throttled"] for r in ours) == seen[service]["by_status"].get("429", 0), service
        assert overview[f"{service}_requests"] == recorded[service]["requests"]
    assert overview["throttled_429"] == sum(s["by_status"].get("429", 0) for s in seen.values()) > 0
    assert overview["requests"] == sum(s["requests"] for s in seen.values())
    # Every 429 made every thread of that service wait it out (Retry-After: 1).
    assert overview["wait_s"] >= 1.0 and overview["waits"] >= 1
    assert overview["duration_s"] > 0 and overview["tracks_searched"] == report.tracks_searched
    assert report.summary()["requests"] == {name: {k: r[k] for k in ("requests", "throttled", "waits", "wait_s")}
                                            for name, r in recorded.items()}
