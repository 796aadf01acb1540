"""Crash safety: a sync killed with SIGKILL at random moments, then run again, ends in
the same playlists as an uninterrupted sync, with no duplicate, no lost review, no
orphaned playlist, no lost login and a sound database.

Two ways to kill: from outside after a random number of progress lines (fetching,
matching, applying), and from inside the child at moments the parent cannot hit
(``sync_child.py``'s ``KILL_AT``): between a playlist write and the tracker row that
records it, in the middle of a tracker transaction, around a SoundCloud login refresh.
"""

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest


from .conftest import SyncWorld, duplicates, orphans

CHILD = Path(__file__).with_name("sync_child.py")
KILLS_PER_PHASE = 5
# The review and collection change of the second phase.
CHANGE = {"add": [{"folder": "Disco", "release_id": 4242}], "remove": [{"folder": "House", "release_id": 1}]}
OVERRIDE = ((71989, "A1", "spotify"), "spotify:track:6afAcidEiffel000000000")
# Moments inside the child; refreshes happen only in a first sync (the seeded login).
INNER_POINTS = ("after_write", "db_write")
FIRST_SYNC_POINTS = ("refresh_sent", "refresh_saved")


def child_env(world: SyncWorld, kill_at: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SPOTIFY", "SOUNDCLOUD", "DISCOGS", "KILL_AT"))}
    env.update(world.server.settings_env())
    env["DATA_DIR"] = str(world.settings.data_dir)
    env["LOG_LEVEL"] = "ERROR"
    if kill_at:
        env["KILL_AT"] = kill_at
    return env


def run_child(world: SyncWorld, kill_after: int | None = None, kill_at: str | None = None) -> tuple[bool, list[str]]:
    """Run a sync in a child; SIGKILL it after ``kill_after`` progress lines, or let it
    kill itself at ``kill_at``. Returns (killed, its stderr lines)."""
    proc = subprocess.Popen([sys.executable, str(CHILD)], env=child_env(world, kill_at), cwd=world.settings.data_dir,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seen, lines = 0, []
    for line in proc.stderr:
        lines.append(line)
        seen += line.startswith("progress ")
        if kill_after is not None and seen >= kill_after:
            proc.send_signal(signal.SIGKILL)
            break
    proc.stderr.close()
    code = proc.wait(timeout=60)
    if code == -signal.SIGKILL:
        return True, lines
    assert code == 0, f"sync child failed with exit code {code}:\n" + "".join(lines[-20:])
    return False, lines


def crash_then_finish(world: SyncWorld, rng: random.Random, events: int) -> int:
    killed = sum(run_child(world, rng.randint(1, events))[0] for _ in range(KILLS_PER_PHASE))
    run_child(world)
    return killed



def review_and_change(world: SyncWorld) -> None:
    (release_id, position, destination), uri = OVERRIDE
    with world.tracker() as tracker:
        tracker.override(tracker.get_match(release_id, position, destination).id, uri)
    world.edit_collection(CHANGE)


def assert_sound(world: SyncWorld, expected: dict, reviewed: bool) -> None:
    final = world.playlists()
    assert final == expected
    assert not duplicates(final)
    assert not orphans(world)
    with world.tracker() as tracker:
        assert tracker.integrity_check() == "ok"
        if reviewed:
            (release_id, position, destination), uri = OVERRIDE
            assert tracker.get_match(release_id, position, destination).source == "override"
            assert uri.rsplit(":", 1)[-1] in final["spotify"]["Discogs - House"]


@pytest.mark.slow
def test_killed_syncs_end_like_a_clean_one(emulator_factory, tmp_path, reliability):
    reference = SyncWorld(emulator_factory(rate_scale=1000.0), tmp_path / "ref")
    crashed = SyncWorld(emulator_factory(rate_scale=1000.0), tmp_path / "crash")
    (tmp_path / "crash").mkdir(parents=True)
    rng = random.Random(20261127)

    events: list = []
    from song_automations.sync.session import sync_session
    with sync_session(reference.settings, progress=events.append) as engine:
        engine.run("all")
    killed = crash_then_finish(crashed, rng, len(events))
    assert crashed.playlists() == reference.playlists()

    # A review decision and a collection change, then more crashes.
    for world in (reference, crashed):
        review_and_change(world)
    reference.sync()
    killed += crash_then_finish(crashed, rng, len(events) // 2)

    assert_sound(crashed, reference.playlists(), reviewed=True)
    assert killed >= KILLS_PER_PHASE  # most runs really were killed mid-way
    reliability.record("SIGKILL after a random progress line, 5 per phase, then a normal run", runs=12,
                       tried=f"{killed} kills", reproduce="pytest tests/sync/test_crash.py -k clean_one")


# --- one kill at a chosen moment, then a normal run, many times ------------------------------

class Cycles:
    """Reference playlists and the moments a sync passes through, measured once."""

    def __init__(self, emulator_factory, tmp_path) -> None:
        self.emulator_factory = emulator_factory
        self.tmp_path = tmp_path
        self.n = 0
        world = self.fresh("probe")
        _, lines = run_child(world, kill_at="count")
        self.expected_first = world.playlists()
        self.counts_first = _counts(lines)
        self.progress_first = sum(line.startswith("progress ") for line in lines)
        review_and_change(world)
        _, lines = run_child(world, kill_at="count")
        self.expected_second = world.playlists()
        self.counts_second = _counts(lines)
        self.progress_second = sum(line.startswith("progress ") for line in lines)

    def fresh(self, name: str) -> SyncWorld:
        self.n += 1
        data_dir = self.tmp_path / f"{name}-{self.n}"
        data_dir.mkdir(parents=True)
        return SyncWorld(self.emulator_factory(rate_scale=1000.0), data_dir)

    def run(self, phase: str, kill: str | int) -> bool:
        """One cycle: a fresh world (synced and changed for phase "second"), one sync killed
        at ``kill`` (a point or a progress count), one normal sync, every promise checked."""
        world = self.fresh(phase)
        if phase == "second":
            run_child(world)
            review_and_change(world)
        if isinstance(kill, int):
            killed, _ = run_child(world, kill_after=kill)
        else:
            killed, _ = run_child(world, kill_at=kill)
        run_child(world)
        assert_sound(world, self.expected_first if phase == "first" else self.expected_second,
                     reviewed=phase == "second")
        world.http.close()
        world.server.stop()
        return killed


def _counts(lines: list[str]) -> dict[str, int]:
    return {parts[1]: int(parts[2]) for parts in (line.split() for line in lines) if parts[0] == "count"}


def kill_plan(cycles: Cycles, rng: random.Random, per_point: int) -> list[tuple[str, str | int]]:
    """``per_point`` moments of each kind, drawn from the moments a sync really passes through."""
    plan: list[tuple[str, str | int]] = []
    for phase, counts, progress in (("first", cycles.counts_first, cycles.progress_first),
                                    ("second", cycles.counts_second, cycles.progress_second)):
        points = INNER_POINTS + (FIRST_SYNC_POINTS if phase == "first" else ())
        for point in points:
            if counts.get(point):
                plan += [(phase, f"{point}:{rng.randint(1, counts[point])}") for _ in range(per_point)]
        # Not the last line: a kill sent then may arrive after the child has finished.
        plan += [(phase, rng.randint(1, progress - 1)) for _ in range(per_point)]
    return plan


def _describe(plan: list[tuple[str, str | int]]) -> str:
    kinds: dict[str, int] = {}
    for _, kill in plan:
        name = "progress" if isinstance(kill, int) else kill.split(":")[0]
        kinds[name] = kinds.get(name, 0) + 1
    return ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))


@pytest.mark.slow
@pytest.mark.parametrize("per_point", [pytest.param(1, id="one-of-each"),
                                       pytest.param(3, id="many", marks=pytest.mark.long)])
def test_a_kill_at_any_moment_then_a_normal_run(emulator_factory, tmp_path, reliability, per_point):
    cycles = Cycles(emulator_factory, tmp_path)
    assert cycles.counts_first.get("refresh_saved") and cycles.counts_first.get("after_write")
    plan = kill_plan(cycles, random.Random(1611 + per_point), per_point)
    outcomes = [(kill, cycles.run(phase, kill)) for phase, kill in plan]
    killed = sum(done for _, done in outcomes)
    assert all(done for kill, done in outcomes if isinstance(kill, str))  # every chosen moment was reached
    assert killed >= len(plan) - 2  # a kill from outside may rarely come after the child finished
    marker = "-m long " if per_point > 1 else ""
    reliability.record(f"SIGKILL at a chosen moment ({_describe(plan)}), each then a normal run",
                       runs=2 * len(plan), tried=f"{killed} kills",
                       reproduce=f"pytest {marker}tests/sync/test_crash.py -k 'any_moment'")
