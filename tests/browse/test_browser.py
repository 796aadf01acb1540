"""`song-automations --demo browse` in a real browser (Playwright driving Debian's chromium):
two canned queries run with parameters, a chart drawn, a track's history opened from a
row's link. Screenshots go to ``test-artifacts/``."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from notebooks.test_browser import VIEWPORT, browser  # noqa: F401  (the fixture)
from ports import free_port

from song_automations.browse import TRACK_HISTORY_QUERY
from song_automations.tracker.metadata import DASHBOARD

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ROWS = "table.rows-and-columns tbody tr"


@contextmanager
def browse_server(env: dict[str, str], workdir: Path) -> Iterator[str]:
    """``song-automations --demo browse`` on a free port; yields its URL."""
    port = free_port()
    log = workdir / "browse.log"
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "-m", "song_automations.cli", "--demo", "browse", "--port",
                                    str(port)], env=env, cwd=workdir, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log.read_text()
            try:
                if httpx.get(f"{url}/tracker.json", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)  # still starting: nothing to wait on but the port
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _column(page, name: str) -> list[str]:
    return page.locator(f"{ROWS} td.col-{name}").all_inner_texts()


def test_browse_canned_queries_a_chart_and_a_tracks_history(browser, demo_world, tmp_path):  # noqa: F811
    page = browser.new_page(viewport=VIEWPORT)
    with browse_server(demo_world.env(), tmp_path) as url:
        page.goto(f"{url}/tracker")
        page.get_by_role("link", name="Missing tracks by folder").click()
        # Parameters typed into the query's form, as a person would.
        page.locator("input[name=folder]").fill("House")
        page.locator("input[name=destination]").fill("spotify")
        page.locator("input[type=submit]").first.click()
        page.locator(ROWS).first.wait_for(timeout=30_000)
        assert set(_column(page, "folder")) == {"House"} and set(_column(page, "destination")) == {"spotify"}
        _shot(page, "browse-1-missing-house")

        page.goto(f"{url}/tracker/platforms_disagree?kind=different+version")
        page.locator(ROWS).first.wait_for(timeout=30_000)
        assert set(_column(page, "kind")) == {"different version"}
        _shot(page, "browse-2-disagreements")

        # A row's position opens that track's history.
        page.locator(f"{ROWS} td.col-position a").first.click()
        page.wait_for_url(f"**/tracker/{TRACK_HISTORY_QUERY}?**")
        params = parse_qs(urlparse(page.url).query)
        page.locator(ROWS).first.wait_for(timeout=30_000)
        assert set(_column(page, "release_id")) == set(params["release_id"])
        assert set(_column(page, "position")) == set(params["position"])
        assert page.locator(f"{ROWS} td.col-candidate_uri a[href^='https://']").count() > 0
        _shot(page, "browse-3-track-history")

        page.goto(f"{url}/-/dashboards/{DASHBOARD}")
        charts = page.locator(".vega-embed svg, .vega-embed canvas")
        charts.first.wait_for(timeout=30_000)
        page.wait_for_function("document.querySelectorAll('.vega-embed canvas, .vega-embed svg').length >= 3",
                               timeout=30_000)
        page.wait_for_timeout(500)  # let vega finish its layout before capturing
        _shot(page, "browse-4-dashboard")
