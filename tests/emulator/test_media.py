"""The stand-ins for the sites the app shows: covers per release and working player pages."""

from __future__ import annotations

import httpx
import pytest

from song_automations.emulator.context import site_url

pytestmark = pytest.mark.demo_catalog


def _release_with_images(emulator) -> dict:
    catalog = emulator.ctx.catalog.discogs["releases"]
    return next(r for r in catalog.values() if r.get("images"))


def test_every_image_of_a_release_is_a_cover_drawn_from_it(emulator):
    release = _release_with_images(emulator)
    image = release["images"][0]
    for url in (image["uri"], image["uri150"], release["thumb"]):
        answer = httpx.get(site_url(url, emulator.url))
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("image/svg+xml")
        assert release["title"][:20].replace("&", "&amp;") in answer.text
    assert httpx.get(f"{emulator.url}/discogs-images/no/such/image.jpeg").status_code == 404


def test_players_stand_in_for_spotifys_embed_and_soundclouds_widget(emulator):
    track = emulator.ctx.catalog.spotify["tracks"][0]
    page = httpx.get(site_url(f"https://open.spotify.com/embed/track/{track['id']}", emulator.url))
    assert page.status_code == 200 and track["name"] in page.text and 'data-state="paused"' in page.text
    upload = emulator.ctx.catalog.soundcloud["tracks"][0]
    number = upload["urn"].rsplit(":", 1)[-1]
    widget = site_url(f"https://w.soundcloud.com/player/?url=https://api.soundcloud.com/tracks/{number}", emulator.url)
    page = httpx.get(widget)
    assert page.status_code == 200 and upload["user"]["username"] in page.text
    assert httpx.get(site_url("https://open.spotify.com/embed/track/nope", emulator.url)).status_code == 404


def test_stand_ins_are_not_counted_as_api_requests(emulator):
    release = _release_with_images(emulator)
    httpx.get(site_url(release["thumb"], emulator.url))
    stats = httpx.get(f"{emulator.url}/_emulator/stats").json()["services"]
    assert all(service["requests"] == 0 for service in stats.values())


def test_other_addresses_are_left_alone_and_nothing_changes_without_an_emulator():
    assert site_url("https://www.discogs.com/release/1", "http://127.0.0.1:9") == "https://www.discogs.com/release/1"
    assert site_url("https://i.discogs.com/a.jpeg", None) == "https://i.discogs.com/a.jpeg"
    assert site_url("https://i.discogs.com/a.jpeg", "http://127.0.0.1:9/") == "http://127.0.0.1:9/discogs-images/a.jpeg"
