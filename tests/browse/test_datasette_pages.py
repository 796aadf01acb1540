"""What a person meets in Datasette over the demo tracker: described tables and columns,
facets and sorts, the search box, readable JSON, links both ways, charts, and nothing
writable or secret."""

from __future__ import annotations

import json
import re
import sqlite3
from urllib.parse import parse_qs, urlparse

import pytest

from song_automations.browse import DATABASE, TRACK_HISTORY_QUERY, discogs_release_url
from song_automations.emulator.context import DemoCredentials
from song_automations.platforms import web_link
from song_automations.tracker.canned import CANNED_QUERIES, CHARTS
from song_automations.tracker.glossary import TABLES
from song_automations.tracker.metadata import DASHBOARD, datasette_metadata, schema
from song_automations.tracker.views import VIEWS


def test_every_table_view_and_column_is_described_and_every_facet_and_sort_exists():
    tables = datasette_metadata(DATABASE)["databases"][DATABASE]["tables"]
    columns = schema()
    assert set(tables) == set(columns) == set(TABLES)
    for name, entry in tables.items():
        assert entry["description"], name
        assert set(entry["columns"]) == set(columns[name]), f"{name}: undescribed columns"
        used = [*entry.get("facets", []), *filter(None, (entry.get("sort"), entry.get("sort_desc")))]
        assert set(used) <= set(columns[name]), name


def test_canned_queries_are_read_only_selects_over_views_with_their_own_names():
    queries = datasette_metadata(DATABASE)["databases"][DATABASE]["queries"]
    assert TRACK_HISTORY_QUERY in queries
    assert not set(queries) & set(schema()), "a canned query would hide a table or view of the same name"
    for name, query in queries.items():
        assert query["title"] and query["description"] and not query.get("write"), name
        sources = re.findall(r"\bFROM\s+(\w+)", query["sql"], re.I)
        assert sources and set(sources) <= set(VIEWS) | {"source_tracks_fts"}, (name, sources)
        assert set(query["params"]) == set(re.findall(r":(\w+)", query["sql"])), name


def test_datasette_lists_the_queries_and_serves_the_metadata(datasette):
    listing = datasette.get("/tracker.json").json()
    assert {q["name"] for q in listing["queries"]} == {q.name for q in CANNED_QUERIES}
    page = datasette.get("/tracker/missing_by_folder").text
    assert "Missing by folder" in page
    assert "Score of the best candidate seen, 0-1." in page  # column descriptions reach the page


def test_views_have_facets_a_default_sort_and_a_search_box(datasette):
    body = datasette.get("/tracker/track_status.json", _search="daft punk", _shape="objects").json()
    rows = body["rows"]
    assert rows and all("daft punk" in r["source_artist"].casefold() for r in rows)
    facets = datasette.get("/tracker/match_history.json", _size="1").json()["facet_results"]
    assert {"destination", "decision", "version_type"} <= set(facets)
    decisions = {v["value"] for v in facets["decision"]["results"]}
    assert decisions <= {"accepted", "review", "low", "none"} and "accepted" in decisions
    runs = datasette.get("/tracker/sync_runs.json", _shape="objects").json()["rows"]
    assert [r["id"] for r in runs] == sorted((r["id"] for r in runs), reverse=True)
    # The source table itself finds a track by artist or title, accents folded.
    found = datasette.get("/tracker/source_tracks.json", _search="vath", _shape="objects").json()["rows"]
    assert found and all("väth" in r["artist_credit"].casefold() for r in found)


def test_components_are_shown_as_readable_json(datasette):
    page = datasette.get("/tracker/flagged_and_ambiguous").text
    # Indented, one component per line (keys sorted: album, artist, ...).
    assert re.search(r'<pre style="white-space: pre-wrap">\{\n\s+&#34;album&#34;: [^\n]+,\n\s+&#34;artist&#34;: ', page)


def _links(page: str) -> list[str]:
    return [a.replace("&amp;", "&") for a in re.findall(r'<a href="([^"]+)">', page)]


def test_rows_link_to_discogs_the_platform_and_the_tracks_history(datasette):
    [row] = datasette.rows("flagged_and_ambiguous", _size="1")[:1] or [None]
    page = datasette.get("/tracker/flagged_and_ambiguous").text
    links = _links(page)
    assert discogs_release_url(row["release_id"]) in links
    assert web_link(row["uri"]) in links and web_link(row["runner_up_uri"]) in links
    history = [urlparse(link) for link in links if urlparse(link).path == f"/{DATABASE}/{TRACK_HISTORY_QUERY}"]
    assert history
    params = parse_qs(history[0].query)
    assert set(params) == {"release_id", "position", "destination"}
    # The link opens that track's history.
    rows = datasette.rows(TRACK_HISTORY_QUERY, **{k: v[0] for k, v in params.items()})
    assert rows and {(r["release_id"], r["position"], r["destination"]) for r in rows} == {
        (int(params["release_id"][0]), params["position"][0], params["destination"][0])}


@pytest.mark.parametrize("chart", CHARTS, ids=lambda c: c.name)
def test_every_chart_has_rows_and_the_dashboard_renders(datasette, chart):
    sql = re.sub(r"\[\[.*?\]\]", "", chart.sql)  # the dashboard's optional filter, unset
    rows = datasette.get("/tracker.json", sql=sql, _shape="objects").json()["rows"]
    assert rows
    fields = {f for enc in chart.display["encoding"].values() for f in [enc.get("field")] if f}
    folded = set(chart.display.get("transform", [{}])[0].get("as", []))
    assert fields - folded <= set(rows[0])
    page = datasette.get(f"/-/dashboards/{DASHBOARD}/{chart.name}")
    assert page.status_code == 200 and "vega-lite.min.js" in page.text


def test_nothing_writes_through_datasette(datasette, demo_world):
    before = sqlite3.connect(demo_world.tracker_path).execute("SELECT COUNT(*) FROM reviews").fetchone()[0]
    listed = datasette.get("/tracker.json").json()["queries"]
    assert listed and not [q["name"] for q in listed if q.get("write")]
    sql = "INSERT INTO reviews (match_id, release_id, position, destination, action, created_at) " \
          "VALUES (1, 1, 'A1', 'spotify', 'approve', 'x')"
    refused = datasette.get("/tracker.json", sql=sql)
    assert refused.status_code == 400
    after = sqlite3.connect(demo_world.tracker_path).execute("SELECT COUNT(*) FROM reviews").fetchone()[0]
    assert after == before


def _secrets(demo_world) -> set[str]:
    values = {v for k, v in vars(DemoCredentials()).items() if "secret" in k or "token" in k}
    for path in (demo_world.data_dir / "demo" / "tokens").glob("*.json"):
        stored = json.loads(path.read_text())
        values |= {v for k, v in stored.items() if "token" in k and isinstance(v, str)}
    return {v for v in values if len(v) >= 8}


def test_no_table_or_view_holds_a_secret(demo_world):
    secrets = _secrets(demo_world)
    assert len(secrets) > 4  # the demo's client secrets and the tokens it stored
    conn = sqlite3.connect(demo_world.tracker_path)
    for name in schema():
        for row in conn.execute(f"SELECT * FROM [{name}]"):
            text = " ".join(str(v) for v in row)
            assert not [s for s in secrets if s in text], name
