"""The demo catalog: deterministic, full of real-world Discogs quirks, with one right answer.

These tests read the catalog the way the emulator serves it and the benchmarks score
it: release payloads, collection rows, platform objects and ``truth``.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from song_automations.emulator.context import DEMO_CATALOG, Catalog
from song_automations.emulator.gen.recordings import playable_tracks
from song_automations.emulator.gen.seeds import parse_tracklist
from song_automations.emulator.generate import build_catalog, main, write_catalog

FIXTURES = Path("/work/shared/api/fixtures")
DISCOGS_FIXTURE = FIXTURES / "discogs" / "TRIMMED_squeezewax_release_33986376.json"
BASE62 = re.compile(r"^[0-9A-Za-z]{22}$")


@pytest.fixture(scope="module")
def catalog() -> dict:
    return build_catalog(scale=1, seed=7)


def _positions(release: dict) -> list[str]:
    out = []
    for row in release["tracklist"]:
        if row["type_"] == "index":
            out.extend(sub["position"] for sub in row["sub_tracks"])
        elif row["type_"] == "track":
            out.append(row["position"])
    return out


def _all_rows(catalog: dict):
    for release in catalog["discogs"]["releases"].values():
        for row in release["tracklist"]:
            yield release, row
            for sub in row.get("sub_tracks", []):
                yield release, sub


def test_same_seed_gives_equal_catalogs_and_byte_identical_files(catalog, tmp_path):
    again = build_catalog(scale=1, seed=7)
    assert again == catalog
    first, second = tmp_path / "a.json.gz", tmp_path / "b.json.gz"
    write_catalog(catalog, first)
    write_catalog(again, second)
    assert first.read_bytes() == second.read_bytes()
    other = build_catalog(scale=1, seed=8)
    assert other["spotify"]["tracks"][0]["id"] != catalog["spotify"]["tracks"][0]["id"]


def test_output_does_not_depend_on_hash_randomisation(tmp_path):
    outputs = []
    for hash_seed in ("1", "2"):
        out = tmp_path / f"demo-{hash_seed}.json.gz"
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        subprocess.run([sys.executable, "-m", "song_automations.emulator.generate",
                        "--out", str(out)], check=True, env=env, capture_output=True)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_committed_demo_catalog_is_what_the_generator_builds(catalog):
    with gzip.open(DEMO_CATALOG, "rt", encoding="utf-8") as fh:
        committed = json.load(fh)
    assert committed == catalog, "regenerate: python -m song_automations.emulator.generate"


def test_demo_has_folders_wantlist_and_enough_music(catalog):
    discogs = catalog["discogs"]
    names = [f["name"] for f in discogs["folders"]]
    assert names[0] == "Uncategorized" and discogs["folders"][0]["id"] == 1
    assert len(names) - 1 >= 6
    assert discogs["wants"]
    assert len(discogs["releases"]) >= 150
    assert len(catalog["truth"]["spotify"]) >= 1200
    folder_ids = {f["id"] for f in discogs["folders"]}
    assert all(item["folder_id"] in folder_ids for item in discogs["collection"])
    assert len({i["instance_id"] for i in discogs["collection"]}) == len(discogs["collection"])


def test_collection_has_a_release_in_two_folders_and_one_owned_twice(catalog):
    by_release: dict[int, list[int]] = {}
    for item in catalog["discogs"]["collection"]:
        by_release.setdefault(item["release_id"], []).append(item["folder_id"])
    repeated = [folders for folders in by_release.values() if len(folders) > 1]
    assert any(len(set(f)) > 1 for f in repeated), "no release filed in two folders"
    assert any(len(set(f)) == 1 for f in repeated), "no release owned twice in one folder"


def test_artist_and_label_name_quirks_are_present(catalog):
    releases = catalog["discogs"]["releases"].values()
    credits = [a for r in releases for a in r["artists"]]
    credits += [a for _, row in _all_rows(catalog) for a in row.get("artists", [])]
    names = {a["name"] for a in credits}
    labels = {label["name"] for r in releases for label in r["labels"]}
    assert any(re.search(r" \(\d+\)$", n) for n in names)
    assert any(re.search(r" \(\d+\)$", n) for n in labels)
    assert "Persuader, The" in names
    assert any(a["anv"] for a in credits)
    joins = {a["join"] for a in credits}
    assert {"Featuring", "vs", "&", "/", ",", "x", "Presents"} <= joins


def test_tracklist_quirks_are_present(catalog):
    rows = list(_all_rows(catalog))
    kinds = Counter(row["type_"] for _, row in rows)
    assert kinds["heading"] and kinds["index"]
    assert all(row["sub_tracks"] for _, row in rows if row["type_"] == "index")
    tracks = [row for _, row in rows if row["type_"] == "track"]
    empty = sum(1 for row in tracks if row["duration"] == "")
    assert empty / len(tracks) > 0.2, "empty durations should be common"
    positions = {row["position"] for row in tracks}
    assert {"A1", "AA", "B2", "1-1", "CD1-2", "1a"} <= positions
    comp_rows = [row for r, row in rows if r["artists"][0]["name"] == "Various"]
    assert comp_rows and all("artists" in row for row in comp_rows if row["type_"] == "track")


def test_remix_credits_live_in_extraartists_at_track_and_release_level(catalog):
    hidden = [
        row for _, row in _all_rows(catalog)
        for credit in row.get("extraartists", [])
        if credit["role"] == "Remix" and credit["name"].split(" (")[0] not in row["title"]
    ]
    assert hidden, "a remix credited only in extraartists"
    scoped = [c for r in catalog["discogs"]["releases"].values() for c in r["extraartists"]
              if c["role"] == "Remix" and c["tracks"]]
    assert any(" to " in c["tracks"] for c in scoped)
    assert any("," in c["tracks"] for c in scoped)


def test_release_level_quirks_are_present(catalog):
    releases = list(catalog["discogs"]["releases"].values())
    assert any(r["year"] == 0 and "released" not in r for r in releases)
    assert any("master_id" not in r for r in releases)
    assert any(label["catno"] == "none" for r in releases for label in r["labels"])
    dup = [r for r in releases if len({la["name"] for la in r["labels"]}) < len(r["labels"])]
    assert dup and any(len({la["catno"] for la in r["labels"]}) > 1 for r in dup)


@pytest.mark.skipif(not DISCOGS_FIXTURE.exists(), reason="/work/shared fixtures are absent")
def test_release_payloads_have_the_real_api_keys_and_types(catalog):
    real = json.loads(DISCOGS_FIXTURE.read_text(encoding="utf-8"))
    real.pop("_note")
    for release in catalog["discogs"]["releases"].values():
        expected = set(real)
        if "master_id" not in release:  # masterless: Discogs omits both keys
            expected -= {"master_id", "master_url"}
        if release["year"] == 0:  # unknown date: Discogs omits both keys
            expected -= {"released", "released_formatted"}
        assert expected <= set(release), release["id"]
        for key in expected:
            if key == "lowest_price" and release[key] is None:
                continue  # null when nothing is for sale
            assert type(release[key]) is type(real[key]), (release["id"], key)
        assert set(release["artists"][0]) == set(real["artists"][0])
        assert set(release["labels"][0]) == set(real["labels"][0])
        assert set(release["formats"][0]) <= set(real["formats"][0])
        for row in release["tracklist"]:
            assert {"position", "type_", "title", "duration"} <= set(row)


def test_every_truth_key_is_a_real_track_and_every_value_a_real_entry(catalog):
    truth = catalog["truth"]
    assert set(truth["spotify"]) == set(truth["soundcloud"])
    listed = {i["release_id"] for i in catalog["discogs"]["collection"]}
    listed |= {w["release_id"] for w in catalog["discogs"]["wants"]}
    expected = {f"{rid}:{pos}" for rid in listed
                for pos in _positions(catalog["discogs"]["releases"][str(rid)])}
    assert set(truth["spotify"]) == expected
    spotify_ids = {t["id"] for t in catalog["spotify"]["tracks"]}
    soundcloud_urns = {t["urn"] for t in catalog["soundcloud"]["tracks"]}
    assert {v for v in truth["spotify"].values() if v} <= spotify_ids
    assert {v for v in truth["soundcloud"].values() if v} <= soundcloud_urns


def test_between_10_and_15_percent_of_tracks_lack_a_platform(catalog):
    truth = catalog["truth"]
    keys = list(truth["spotify"])
    missing = sum(1 for k in keys if not truth["spotify"][k] or not truth["soundcloud"][k])
    assert 0.10 <= missing / len(keys) <= 0.15
    assert catalog["meta"]["figures"]["missing"]["any_platform"] == round(missing / len(keys), 4)
    assert any(not truth["spotify"][k] and not truth["soundcloud"][k] for k in keys)


def test_each_right_answer_is_unique_on_its_platform(catalog):
    tracks = catalog["spotify"]["tracks"]
    assert len({t["id"] for t in tracks}) == len(tracks)
    isrc_count = Counter(t["external_ids"]["isrc"] for t in tracks)
    by_id = {t["id"]: t for t in tracks}
    for spotify_id in set(filter(None, catalog["truth"]["spotify"].values())):
        assert isrc_count[by_id[spotify_id]["external_ids"]["isrc"]] == 1
    sc = catalog["soundcloud"]["tracks"]
    assert len({t["urn"] for t in sc}) == len(sc)


def test_platform_objects_have_the_real_shapes(catalog):
    for track in catalog["spotify"]["tracks"]:
        assert BASE62.match(track["id"]) and track["uri"] == f"spotify:track:{track['id']}"
        assert track["external_ids"]["isrc"] and track["album"]["id"]
        assert all(BASE62.match(a["id"]) for a in track["artists"])
    relinked = FIXTURES / "spotify" / "track_with_market_relinked_example.json"
    if relinked.exists():
        real = json.loads(relinked.read_text(encoding="utf-8"))
        market_only = {"is_playable", "linked_from"}
        assert set(real) - market_only <= set(catalog["spotify"]["tracks"][0])
        assert set(real["album"]) <= set(catalog["spotify"]["tracks"][0]["album"])
    for track in catalog["soundcloud"]["tracks"]:
        assert track["urn"] == f"soundcloud:tracks:{track['id']}"
        assert track["user"]["urn"] == f"soundcloud:users:{track['user']['id']}"
    page = FIXTURES / "soundcloud" / "CONSTRUCTED_tracks_search_page.json"
    if page.exists():
        real = json.loads(page.read_text(encoding="utf-8"))["collection"][0]
        sample = catalog["soundcloud"]["tracks"][0]
        assert set(real) <= set(sample)
        assert set(real["user"]) <= set(sample["user"])


def test_platforms_write_titles_their_own_way(catalog):
    names = [t["name"] for t in catalog["spotify"]["tracks"]]
    assert any(re.search(r" - .+ Remix$", n) for n in names)
    for marker in (" - Radio Edit", " - Original Mix", "Remaster", "(feat. "):
        assert any(marker in n for n in names), marker
    assert any(len(t["artists"]) > 1 for t in catalog["spotify"]["tracks"])
    sc = catalog["soundcloud"]["tracks"]
    titles = [t["title"] for t in sc]
    for marker in ("Premiere: ", "PREMIERE | ", "[FREE DL]"):
        assert any(marker in t for t in titles), marker
    assert any(t["user"]["username"] == t["label_name"] for t in sc)
    assert any(t["metadata_artist"] for t in sc) and any(t["isrc"] for t in sc)
    assert {"playable", "preview", "blocked"} <= {t["access"] for t in sc}


def test_every_trap_kind_is_present_and_counted(catalog):
    traps = catalog["meta"]["figures"]["traps"]
    expected = {"other_remix", "edit", "live", "cover", "karaoke", "dj_mix",
                "same_title", "rerecording", "sped_up"}
    assert expected <= {k for k, n in traps["spotify"].items() if n > 0}
    assert expected | {"bootleg"} <= {k for k, n in traps["soundcloud"].items() if n > 0}
    figures = catalog["meta"]["figures"]
    assert figures["platform_tracks"]["spotify"] == len(catalog["spotify"]["tracks"])


def test_scale_10_holds_ten_times_the_releases_with_the_same_shares(catalog):
    big = build_catalog(scale=10, seed=7)
    assert len(big["discogs"]["releases"]) == 10 * len(catalog["discogs"]["releases"])
    figures = big["meta"]["figures"]
    assert 5 * len(catalog["truth"]["spotify"]) <= figures["tracks"]
    assert 0.10 <= figures["missing"]["any_platform"] <= 0.15
    assert figures["recordings"] > catalog["meta"]["figures"]["recordings"]


def test_command_line_writes_a_catalog_the_emulator_loads(catalog, tmp_path, capsys):
    out = tmp_path / "demo.json.gz"
    assert main(["--scale", "1", "--seed", "7", "--out", str(out)]) == 0
    assert Catalog.load(out).data == catalog
    assert "releases" in capsys.readouterr().out
    assert main(["--scale", "0", "--out", str(out)]) == 1
    assert "scale" in capsys.readouterr().err


def test_seed_tracklists_expand_index_tracks_into_playable_sub_tracks():
    rows = parse_tracklist(
        ["|Side A|;h", "|Suite|21:03;i", ">A1|One|", ">A2|Two|", "B|Three|2:00"]
    )
    assert [t.position for t in playable_tracks(rows)] == ["A1", "A2", "B"]
