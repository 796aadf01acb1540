"""A big collection on one machine: peak memory, the cost of a re-sync, planning time.

    python benchmarks/scale.py [--scales 10 100] [--out FILE]

For each catalog scale (1 = the demo's 194 releases; 100 = about 20,000 releases and
125,000 tracks) this builds the catalog, serves it from an emulator in a process of its
own (limits raised 1000x: this measures memory and requests, not waiting), and runs the
real CLI in another process, as a user would:

1. ``sync all --yes``: the first sync; the sync process's peak resident memory
   (``ru_maxrss``) and its phase timings (the run summary's ``timings``);
2. the same again with nothing changed: its requests per service, next to what the
   formula below predicts from the collection and the playlists.

A re-sync with nothing changed reads no release and searches nothing. It costs the
folder and wantlist listings and one listing of each platform's playlists, whose
version markers say that no playlist needs reading again::

    discogs    = 1 (identity) + 1 (folders) + sum over folders and the wantlist of ceil(n / 100)
    spotify    = ceil(playlists / 50)      (GET /me/playlists pages)
    soundcloud = ceil(playlists / 200)     (GET /me/playlists pages)

where ``n`` is the number of releases a folder (or the wantlist) lists, 100 Discogs' page
size, and ``playlists`` those the user holds on the platform. The last line of stdout is
one JSON object; ``--out`` also writes it to a file.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from song_automations.platforms import PLATFORMS  # noqa: E402

DISCOGS_PAGE = 100
PLAYLIST_PAGES = {"spotify": 50, "soundcloud": 200}
RATE_SCALE = 1000.0
CLI = [sys.executable, "-m", "song_automations.cli"]


def predicted_resync(catalog: dict, playlists: dict[str, int]) -> dict[str, int]:
    """The requests of a re-sync with nothing changed, by the formula in the module docstring."""
    discogs = catalog["discogs"]
    per_folder = Counter(i["folder_id"] for i in discogs["collection"])
    listings = [per_folder.get(f["id"], 0) for f in discogs["folders"] if f["id"] != 0]
    listings.append(len(discogs["wants"]))
    return {
        "discogs": 2 + sum(max(1, math.ceil(n / DISCOGS_PAGE)) for n in listings),
        **{p: max(1, math.ceil(playlists[p] / PLAYLIST_PAGES[p])) for p in PLATFORMS},
    }


class Emulator:
    """``song-automations emulator`` in a process of its own, serving ``catalog_path``."""

    def __init__(self, catalog_path: Path, workdir: Path) -> None:
        self.env_file = workdir / f"{catalog_path.stem}.env"
        self.env_file.unlink(missing_ok=True)
        self.process = subprocess.Popen(
            [*CLI, "emulator", "--catalog", str(catalog_path), "--rate-scale", str(RATE_SCALE),
             "--env-file", str(self.env_file)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 900  # a 20,000-release catalog takes minutes to index
        while not self._answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the emulator did not start: {self.process.stderr.read().decode()[-2000:]}")
            time.sleep(1)

    def _answers(self) -> bool:
        """True once the env file is written and the emulator answers on its URL."""
        if not self.env_file.exists():
            return False
        self.env = dict(line.split("=", 1) for line in self.env_file.read_text().splitlines()
                        if "=" in line and not line.startswith("#"))
        if "EMULATOR_URL" not in self.env:
            return False
        self.http = httpx.Client(base_url=self.env["EMULATOR_URL"], timeout=300)
        try:
            self.http.get("/_emulator/stats").raise_for_status()
        except httpx.HTTPError:
            self.http.close()
            return False
        return True

    def requests(self) -> dict[str, int]:
        services = self.http.get("/_emulator/stats").json()["services"]
        return {name: stats["requests"] for name, stats in services.items()}

    def playlists(self) -> dict[str, int]:
        held = self.http.get("/_emulator/playlists").json()
        return {p: len(held.get(p, [])) for p in PLATFORMS}

    def reset(self) -> None:
        self.http.post("/_emulator/stats/reset").raise_for_status()

    def stop(self) -> None:
        self.http.close()
        self.process.terminate()
        self.process.wait(timeout=60)


def run_sync(env: dict[str, str]) -> tuple[int, float, float]:
    """``sync all --yes`` in a child process: ``(exit code, wall s, peak RSS MB)``."""
    start = time.perf_counter()
    child = subprocess.Popen([*CLI, "sync", "all", "--yes", "--quiet"], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 3):  # 3: matches await review, which a first sync always has
        raise RuntimeError(f"sync exited {code}: {child.stderr.read().decode()[-2000:]}")
    return code, round(wall, 1), round(usage.ru_maxrss / 1024, 1)


def last_run_timings(data_dir: Path) -> dict:
    """The phase timings the latest run stored in its summary."""
    from song_automations.tracker import Tracker

    with Tracker(data_dir / "tracker.db") as tracker:
        [latest] = tracker.runs(1)
    return json.loads(latest.get("summary") or "{}").get("timings", {})


def measure(scale: int, workdir: Path) -> dict:
    """First sync and an unchanged re-sync of the catalog at ``scale``.

    The catalog is built in a child process and read here only after the syncs: a sync
    process forked from one holding it would start out counting its pages as its own."""
    started = time.perf_counter()
    catalog_path = workdir / f"catalog-{scale}.json"
    subprocess.run([sys.executable, "-m", "song_automations.emulator.generate", "--scale", str(scale),
                    "--out", str(catalog_path)], check=True, stdout=subprocess.DEVNULL)
    built_s = time.perf_counter() - started
    emulator = Emulator(catalog_path, workdir)
    data_dir = workdir / f"data-{scale}"
    env = {**os.environ, **emulator.env, "DATA_DIR": str(data_dir), "LOG_LEVEL": "WARNING"}
    try:
        _, first_wall, first_rss = run_sync(env)
        first_timings = last_run_timings(data_dir)
        emulator.reset()
        _, again_wall, again_rss = run_sync(env)
        resync = emulator.requests()
        again_timings = last_run_timings(data_dir)
        playlists = emulator.playlists()
    finally:
        emulator.stop()
    from song_automations.tracker import Tracker

    with Tracker(data_dir / "tracker.db") as tracker:
        releases, tracks = tracker.catalog_size()
    catalog = json.loads(catalog_path.read_text(encoding="utf-8"))
    return {
        "scale": scale, "releases": releases, "tracks": tracks, "catalog_build_s": round(built_s, 1),
        "first_sync": {"wall_s": first_wall, "peak_rss_mb": first_rss, "timings": first_timings},
        "resync_nochange": {"wall_s": again_wall, "peak_rss_mb": again_rss, "timings": again_timings,
                            "requests": {k: resync.get(k, 0) for k in ("discogs", *PLATFORMS)},
                            "predicted": predicted_resync(catalog, playlists)},
        "playlists": playlists,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[10, 100])
    parser.add_argument("--out", type=Path, help="also write the JSON result to this file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="song-automations-scale-") as tmp:
        results = []
        for scale in args.scales:
            results.append(measure(scale, Path(tmp)))
            print(json.dumps(results[-1]), file=sys.stderr, flush=True)
    planning = [(r["tracks"], r["first_sync"]["timings"].get("planning")) for r in results]
    result = json.dumps({"runs": results, "planning_s_per_1k_tracks": [
        round(1000 * s / n, 4) if s is not None and n else None for n, s in planning]})
    if args.out:
        args.out.write_text(result + "\n", encoding="utf-8")
    sys.stdout.write(result + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
