"""The notebooks in a real browser: Playwright driving Debian's chromium (never a download).

The sync app runs on the demo exactly as ``make demo`` starts it (``marimo run``, no
credentials, ``DATA_DIR`` in a temp dir): a dry run and then a sync are started from the
page, and the results table, the charts and the emulator's playlists are checked; a flagged
match is approved from the review view and found approved in the tracker. Another is
reviewed with the record in front of us (cover, tracklist, a player that plays), searched
again, and pinned to a result, which the next sync puts in the playlist.
Screenshots of every notebook go to ``test-artifacts/``.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from song_automations.tracker import Tracker

from .conftest import ARTIFACTS, MARIMO, NOTEBOOKS, notebook_env
from ports import free_port
from sqlcheck import sql_one, sql_rows

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1400, "height": 1000}
# marimo scrolls inside the page, so a whole-notebook screenshot needs a tall viewport.
TALL = {"width": 1400, "height": 3600}
SYNC_TIMEOUT_MS = 180_000


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"Debian's chromium is not installed at {CHROMIUM}; scripts/install-browser.sh installs it")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _wait_until_serving(url: str, proc: subprocess.Popen, log: Path, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"marimo exited with {proc.returncode}: {log.read_text()[-2000:]}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)  # the server is still starting: nothing to wait on but the port
    pytest.fail(f"marimo did not serve {url} within {timeout_s} s: {log.read_text()[-2000:]}")


@contextmanager
def marimo_app(notebook: str, env: dict[str, str], workdir: Path) -> Iterator[str]:
    """``marimo run notebooks/<notebook>.py --headless`` on a free port; yields its URL."""
    port = free_port()
    log = workdir / f"marimo-{notebook}.log"
    with log.open("w") as out:
        proc = subprocess.Popen([str(MARIMO), "run", str(NOTEBOOKS / f"{notebook}.py"), "--headless",
                                 "--port", str(port), "--no-token"], env=env, cwd=workdir, stdout=out,
                                stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_serving(url, proc, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size(TALL)
    page.wait_for_timeout(500)  # let vega re-layout at the new width before capturing
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    page.set_viewport_size(VIEWPORT)


def _emulator_playlists(data_dir: Path) -> dict[str, list]:
    state = json.loads((data_dir / "demo" / "emulator-state.json").read_text())
    return {p["name"]: p["items"] for p in state.get("spotify", {}).get("playlists", {}).values()}


def _playlist_uris(data_dir: Path, destination: str, name: str) -> list[str]:
    """The items of one playlist as the demo emulator persisted them (either platform)."""
    state = json.loads((data_dir / "demo" / "emulator-state.json").read_text())
    for playlist in state.get(destination, {}).get("playlists", {}).values():
        if name in (playlist.get("name"), playlist.get("title")):
            return [i["uri"] if isinstance(i, dict) else i for i in playlist["items"]]
    return []


def _pick_folder(page, name: str) -> None:
    """Choose one Discogs folder in the folder multiselect (the wantlist stays included)."""
    page.get_by_text("Select...").first.click()
    page.get_by_role("option", name=name, exact=True).click()
    page.keyboard.press("Escape")


def _approve_first_flagged(page) -> int:
    """Pick the first match to review, check its candidates show, approve it; its id."""
    page.get_by_role("checkbox", name="Select row").first.click()
    heading = page.get_by_role("heading", name=re.compile(r"Review #\d+"))
    heading.wait_for(timeout=30_000)
    review_id = int(re.search(r"#(\d+)", heading.inner_text()).group(1))
    heading.scroll_into_view_if_needed()
    _screenshot(page, "sync-4-candidates")
    page.get_by_role("button", name=f"Apply to #{review_id}").click()
    page.get_by_text(f"Approved {review_id}.").wait_for(timeout=30_000)
    return review_id


def test_sync_app_dry_run_then_sync_from_the_page(browser, tmp_path):
    data_dir = tmp_path / "data"
    page = browser.new_page(viewport=VIEWPORT)
    with marimo_app("sync", notebook_env(data_dir), tmp_path) as url:
        page.goto(url)
        preview = page.get_by_role("button", name="Preview plan (dry run)")
        preview.wait_for(timeout=60_000)
        assert page.get_by_text("Demo mode").is_visible()
        _screenshot(page, "sync-1-start")
        _pick_folder(page, "House")

        preview.click()
        page.get_by_role("heading", name="Plan (dry run: nothing changed)").wait_for(timeout=SYNC_TIMEOUT_MS)
        assert page.get_by_text("Plan per playlist").is_visible()
        assert page.get_by_role("cell", name="Discogs - House").first.is_visible()
        assert page.get_by_role("cell", name="Discogs - Techno").count() == 0  # not picked
        if (data_dir / "demo" / "emulator-state.json").exists():
            assert not any(_emulator_playlists(data_dir).values())
        _screenshot(page, "sync-2-plan")

        page.get_by_role("button", name="Sync now").click()
        page.get_by_role("heading", name="Results").wait_for(timeout=SYNC_TIMEOUT_MS)
        assert page.get_by_text("Results per playlist").is_visible()
        assert page.get_by_text(re.compile(r"^Added \d+ and removed 0 tracks in 4 of 4 playlists \(4 new\)\.$")
                                ).is_visible()
        charts = page.locator(".vega-embed")
        charts.first.wait_for(timeout=30_000)
        assert charts.count() >= 2
        assert page.locator(".vega-embed canvas, .vega-embed svg").count() >= 2
        _screenshot(page, "sync-3-results")
        review_id = _approve_first_flagged(page)
        _screenshot(page, "sync-5-approved")
        with Tracker(data_dir / "demo" / "tracker.db") as tracker:
            assert sql_one(tracker, "SELECT source FROM matched_tracks WHERE id = ?",
                           [review_id])["source"] == "approved"
            assert [r["action"] for r in sql_rows(tracker, "SELECT action FROM reviews")] == ["approve"]
        playlists = _emulator_playlists(data_dir)
        assert sorted(playlists) == ["Discogs - House", "Discogs - Wantlist"]
        assert all(playlists.values())

        pinned_id, before = _review_with_the_record_then_pin_a_new_result(page, data_dir)
        page.get_by_role("button", name="Sync now").click()
        with Tracker(data_dir / "demo" / "tracker.db") as tracker:
            pinned = sql_one(tracker, "SELECT uri, destination, source FROM matched_tracks WHERE id = ?", [pinned_id])
        assert pinned["source"] == "override" and pinned["uri"] != before
        # The release may be in House or on the wantlist: either playlist takes the pinned track.
        _wait_for(lambda: any(pinned["uri"] in _playlist_uris(data_dir, pinned["destination"], name)
                              for name in ("Discogs - House", "Discogs - Wantlist")))
        # The second run's sentence (the first one's ended "(4 new).").
        page.get_by_text(re.compile(r"^Added \d+ and removed \d+ tracks? in \d+ of 4 playlists\.$")).wait_for(
            timeout=SYNC_TIMEOUT_MS)
        _screenshot(page, "sync-9-pinned-track-synced")


def _wait_for(condition, timeout_s: float = SYNC_TIMEOUT_MS / 1000) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "the condition did not come true in time"
        time.sleep(0.5)  # the sync runs in the app's process: poll its persisted result


def _review_with_the_record_then_pin_a_new_result(page, data_dir: Path) -> tuple[int, str]:
    """Pick a flagged match, check its release (cover, tracklist with the track marked) and
    that its player plays, search again and pin the second result; the review id and the
    match it had before."""
    page.get_by_role("checkbox", name="Select row").first.click()
    heading = page.get_by_role("heading", name=re.compile(r"Review #\d+"))
    heading.wait_for(timeout=30_000)
    review_id = int(re.search(r"#(\d+)", heading.inner_text()).group(1))
    with Tracker(data_dir / "demo" / "tracker.db") as tracker:
        row = sql_one(tracker, "SELECT uri, title, st.artist_credit FROM match_state "
                               "JOIN source_tracks st USING (release_id, position) WHERE review_id = ?", [review_id])
    cover = page.locator("img.cover")
    cover.wait_for(timeout=30_000)
    page.wait_for_function("() => document.querySelector('img.cover')?.complete", timeout=30_000)
    assert cover.evaluate("img => img.naturalWidth") > 0, "the cover did not load from the emulator"
    assert "/discogs-images/" in cover.get_attribute("src")
    assert row["title"] in page.locator("tr.current").inner_text()
    assert page.locator("table.tracklist tr").count() >= 2
    player = page.frame_locator("iframe.player")
    player.get_by_role("button", name="Play").click()
    player.locator("body[data-state=playing]").wait_for(timeout=15_000)
    clock = player.locator("#clock")
    _wait_for(lambda: not clock.inner_text().startswith("0:00 "), timeout_s=15)
    heading.scroll_into_view_if_needed()
    _screenshot(page, "sync-6-review-with-the-record")

    # Broader words than the prefilled ones (the version in brackets may match one track only).
    page.get_by_label("Search again").fill(f"{row['artist_credit']} {row['title'].split('(')[0]}")
    page.get_by_role("button", name="Search", exact=True).click()
    # The table's own element has no box (it renders in a shadow root): wait for its rows.
    table = page.locator('marimo-table[data-label*="results for"]')
    table.get_by_role("checkbox", name="Select row").first.wait_for(timeout=60_000)
    # Any result but the current match (its row shows the match's URI).
    others = table.get_by_role("row").filter(has=page.get_by_role("checkbox", name="Select row")) \
        .filter(has_not_text=row["uri"])
    others.first.get_by_role("checkbox", name="Select row").click()
    _screenshot(page, "sync-7-search-again")
    page.get_by_role("button", name=f"Pin #{review_id} to the picked result").click()
    page.get_by_text(re.compile(rf"Pinned {review_id} to ")).wait_for(timeout=30_000)
    _screenshot(page, "sync-8-pinned")
    return review_id, row["uri"]


NOTEBOOK_VIEWS = {
    "tuning": "Precision-recall over the pick threshold",
    "benchmark": "Wall time against the rate-limit floor",
    "diagnostics": "Where the platforms disagree",
}


@pytest.mark.parametrize("name", sorted(NOTEBOOK_VIEWS))
def test_notebook_renders_in_the_browser(browser, name, data_root, tmp_path):
    page = browser.new_page(viewport=VIEWPORT)
    with marimo_app(name, notebook_env(data_root), tmp_path) as url:
        page.goto(url)
        page.get_by_role("heading", name=NOTEBOOK_VIEWS[name]).wait_for(timeout=60_000)
        if name != "diagnostics":
            page.locator(".vega-embed canvas, .vega-embed svg").first.wait_for(timeout=30_000)
        _screenshot(page, name)
