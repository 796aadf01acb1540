"""Pacing: a fault-free sync at the services' real limits, four workers, draws no 429 at all:
Discogs (60 a minute, learned from its headers) and Spotify (SPOTIFY_RATE_LIMIT per rolling
30 s, default 90) are kept to their budgets before the server has to say no.

Real limits would make the demo catalog take many minutes of waiting, so the emulator and
the client share one clock whose sleeps are skipped: every window is the real one, counted
in the same seconds on both sides, and nobody waits for it.
"""

from __future__ import annotations

import math

import pytest

from song_automations.emulator import discogs as emulated_discogs
from song_automations.emulator import spotify as emulated_spotify
from song_automations.http import HttpPolicy
from song_automations.settings import load_settings
from song_automations.sync.session import sync_session
from sync.conftest import SyncWorld, duplicates

from .conftest import SkipClock, demo_server

# Folders big enough for a window to bind: more releases than Discogs allows a minute.
# (Release-first matching asks Spotify so little that the fault tests' two folders no
# longer reach its window at all.)
PACING_SUBSET = ["House", "Techno"]


@pytest.mark.slow
@pytest.mark.parametrize("scope", [pytest.param("subset"), pytest.param("all", marks=pytest.mark.long)])
def test_real_limits_four_workers_no_429(tmp_path, reliability, scope):
    clock = SkipClock()
    server = demo_server(rate_scale=1.0)
    try:
        server.ctx.now = clock.now  # the emulator's windows and tokens run on the shared clock
        world = SyncWorld(server, tmp_path / "data")
        assert world.settings.spotify_rate_limit == emulated_spotify.RATE_LIMIT[0] == 90
        started = clock.now()
        policy = HttpPolicy(sleep=clock.sleep, clock=clock.now)
        with sync_session(world.settings, policy=policy) as engine:
            report = engine.run("all", folders=PACING_SUBSET if scope == "subset" else None, workers=4)
        elapsed = clock.now() - started
        stats = world.stats()
        assert all("429" not in stats[s]["by_status"] for s in stats), {s: stats[s]["by_status"] for s in stats}
        assert not report.faults.get("faults") and not report.partial
        assert not duplicates(world.playlists())
        # The windows really were binding: the run took at least the floor they allow.
        floor = max((math.ceil(stats[service]["requests"] / limit) - 1) * window
                    for service, (limit, window) in (("discogs", emulated_discogs.RATE_LIMIT),
                                                     ("spotify", emulated_spotify.RATE_LIMIT)))
        assert floor > 0 and elapsed >= floor
        world.http.close()
    finally:
        server.stop()
    requests = sum(stats[s]["requests"] for s in stats)
    where = f"folders {' + '.join(PACING_SUBSET)}" if scope == "subset" else "demo catalog"
    reliability.record(f"fault-free sync at real limits (Discogs 60/min, Spotify 90/30 s), 4 workers, {where}",
                       runs=1, tried=f"{requests} requests, {elapsed / 60:.1f} min of windows", problems="none (0 429s)",
                       reproduce=f"pytest {'-m long ' if scope == 'all' else ''}tests/reliability/test_pacing.py "
                                 f"-k {scope}")


def test_a_scaled_emulator_tells_the_client_its_budget(emulator_factory, tmp_path):
    server = emulator_factory(rate_scale=20)
    env = {**server.settings_env(), "DATA_DIR": str(tmp_path)}
    assert load_settings(environ=env, env_file=tmp_path / "absent.env").spotify_rate_limit == 1800
