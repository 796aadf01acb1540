"""Discogs artist credits: one joiner for folder listings and release tracks, on real payloads."""

from __future__ import annotations

import json

from conftest import require_shared

from song_automations.adapters import discogs
from song_automations.models import WANTLIST_FOLDER_ID


def _fixture(name: str) -> dict:
    return json.loads(require_shared("api", "fixtures", "discogs", name).read_text(encoding="utf-8"))


def test_folder_items_join_credits_as_discogs_writes_them():
    page = _fixture("joalla_users_example_collection_folders_0_releases_page=1_per_page=50.json")
    items = [discogs.folder_item(raw, 0, "/releases") for raw in page["releases"]]
    assert items[1].artist == "Suburbass / MRMNK"
    # anv wins over the name; every join stands between spaces, the last one is dropped.
    assert items[2].artist == "Orion (2) Featuring Royal (4) / Theory (3) & Dr.No"


def test_release_credits_use_the_same_joiner_with_the_comma_attached():
    release = _fixture("TRIMMED_release_1287017_index_subtracks.json")
    tracks = discogs.source_tracks(release)
    assert tracks[0].artist_credit == "Ravel – Charles Munch, Orchestre De Paris"
    assert discogs.join_credit(release["artists"]) == tracks[0].artist_credit


def test_track_credits_with_words_as_joins():
    release = _fixture("joalla_releases_3.json")
    credits = {t.position: t.artist_credit for t in discogs.source_tracks(release)}
    assert "Heiko Laux & Johannes Heil" in credits.values()
    assert "Nerio's Dubwork Meets Kathy Lee" in credits.values()
    assert "Stacey Pullen Presents Black Odyssey" in credits.values()


def test_an_empty_join_still_separates_names_and_a_folder_item_agrees_with_its_release():
    artists = [{"name": "A", "anv": "", "join": ""}, {"name": "B", "anv": "", "join": ","},
               {"name": "C", "anv": "", "join": ""}]
    raw = {"id": 7, "basic_information": {"id": 7, "title": "T", "artists": artists}}
    item = discogs.folder_item(raw, WANTLIST_FOLDER_ID, "/wants")
    _, _, credit = discogs.split_credit(artists)
    assert item.artist == credit == "A B, C"
