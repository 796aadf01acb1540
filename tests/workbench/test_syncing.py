"""Syncing from a notebook: request options, the progress figure, runs on the emulator."""

from __future__ import annotations

import threading

import httpx
import pytest

from song_automations.errors import ConfigError
from song_automations.sync import ProgressEvent
from song_automations.workbench import syncing
from song_automations.workbench.syncing import ProgressMeter, SyncRequest


def test_no_folder_picked_syncs_everything_and_may_delete_vanished_playlists():
    assert SyncRequest(("spotify",)).engine_kwargs() == {"folders": None, "exclude_wantlist": False}
    assert SyncRequest(("spotify",), include_wantlist=False).engine_kwargs() == {
        "folders": None, "exclude_wantlist": True}


def test_picked_folders_are_passed_with_the_wantlist_when_included():
    assert SyncRequest(("spotify",), ("House",), True).engine_kwargs()["folders"] == ["House", "Wantlist"]
    assert SyncRequest(("spotify",), ("House",), False).engine_kwargs()["folders"] == ["House"]


def test_progress_meter_never_goes_back_and_ends_at_100():
    meter = ProgressMeter()
    shown = []
    events = [ProgressEvent("folders", 0, 2), ProgressEvent("folders", 2, 2), ProgressEvent("releases", 3, 4),
              ProgressEvent("matching", 5, 10), ProgressEvent("matching", 5, 40),  # total grew
              ProgressEvent("releases", 4, 4), ProgressEvent("matching", 40, 40), ProgressEvent("applying", 3, 3)]
    for event in events:
        step, title = meter.advance(event)
        assert step >= 0
        shown.append(meter.shown)
        assert title == f"{event.stage} {event.done}/{event.total}"
    assert shown == sorted(shown)
    assert shown[-1] == syncing.BAR_UNITS


def test_events_reach_the_calling_thread_in_order_and_errors_are_re_raised():
    seen = []

    def work(callback):
        for i in range(50):
            callback(ProgressEvent("matching", i + 1, 50))
        return "done"

    caller = threading.get_ident()
    assert syncing.run_in_worker(work, lambda e: seen.append((e.done, threading.get_ident()))) == "done"
    assert [d for d, _ in seen] == list(range(1, 51))
    assert {t for _, t in seen} == {caller}

    def failing(callback):
        callback(ProgressEvent("folders", 0, 1))
        raise ConfigError("No Discogs folder named 'Nope'.")

    with pytest.raises(ConfigError, match="Nope"):
        syncing.run_in_worker(failing, seen.append)


def _playlists(server) -> dict[str, list[str]]:
    raw = httpx.get(f"{server.url}/_emulator/playlists").json()
    return {**{p["name"]: p["items"] for p in raw["spotify"]}, **{p["title"]: p["items"] for p in raw["soundcloud"]}}


def test_dry_run_plans_without_touching_playlists_then_sync_fills_them(emulator_factory, tmp_path):
    from song_automations.runtime import Runtime

    from .world import emulator_settings

    server = emulator_factory(rate_scale=1000.0)
    runtime = Runtime(settings=emulator_settings(server, tmp_path / "data"))
    request = SyncRequest(("spotify",), ("House",), include_wantlist=False)
    events: list[ProgressEvent] = []
    try:
        plan = syncing.run_sync(runtime, request, dry_run=True, on_event=events.append)
        frame = syncing.plan_frame(plan)
        assert list(frame["playlist"]) == ["Discogs - House"]
        assert list(frame["action"]) == ["create"] and frame["add"].iloc[0] > 0
        assert _playlists(server) == {}
        assert {e.stage for e in events} >= {"folders", "releases", "matching"}

        report = syncing.run_sync(runtime, request, dry_run=False, on_event=events.append)
    finally:
        runtime.close()
    results = syncing.results_frame(report)
    held = _playlists(server)
    assert list(held) == ["Discogs - House"]
    assert results.loc[0, "added"] == len(held["Discogs - House"]) == frame["add"].iloc[0]
    assert syncing.summary_text(report).startswith(f"Added {results.loc[0, 'added']} and removed 0")
    assert syncing.summary_text(plan).startswith("Dry run, nothing changed: would add")


def test_unknown_folder_fails_with_the_engine_sentence(emulator_factory, tmp_path):
    from song_automations.runtime import Runtime

    from .world import emulator_settings

    server = emulator_factory(rate_scale=1000.0)
    runtime = Runtime(settings=emulator_settings(server, tmp_path / "data"))
    try:
        with pytest.raises(ConfigError, match="No Discogs folder named 'Nope'"):
            syncing.run_sync(runtime, SyncRequest(("spotify",), ("Nope",)), dry_run=True, on_event=lambda e: None)
        assert syncing.discogs_folder_names(runtime.settings) == ["Uncategorized", "House", "Disco"]
    finally:
        runtime.close()
