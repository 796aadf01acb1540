"""Datasette metadata for the tracker, generated from the schema itself.

``song-automations browse`` passes :func:`datasette_metadata` to Datasette when it starts
(no metadata file to drift): a title and description for every table and view, every
column described (units: seconds, 0-1 scores), default sorts, facets, the search box on
views over Discogs tracks, the canned queries and the dashboard of charts.
"""

from __future__ import annotations

import sqlite_utils

from ..platforms import PLATFORMS
from .canned import CANNED_QUERIES, CHARTS
from .glossary import TABLES, column_description
from .migrations import FTS_COLUMNS, MIGRATIONS
from .views import sync_views

DASHBOARD = "tracker-overview"
# Datasette hides these itself: each full-text index and its shadow tables.
_FTS_TABLE = "source_tracks_fts"


def schema() -> dict[str, list[str]]:
    """``{table or view: [columns]}`` of a database this code creates, full-text tables left out."""
    db = sqlite_utils.Database(memory=True)
    MIGRATIONS.apply(db)
    sync_views(db)
    indexes = tuple(f"{table}_fts" for table in FTS_COLUMNS)
    names = [n for n in (*db.table_names(), *db.view_names()) if not n.startswith(indexes)]
    return {name: [row[1] for row in db.execute(f"PRAGMA table_info([{name}])")] for name in names}


def _table(name: str, columns: list[str]) -> dict:
    doc = TABLES[name]
    entry: dict = {"description": doc.description,
                   "columns": {c: text for c in columns if (text := column_description(name, c))}}
    if doc.title:
        entry["title"] = doc.title
    if doc.sort:
        entry["sort"] = doc.sort
    if doc.sort_desc:
        entry["sort_desc"] = doc.sort_desc
    if doc.facets:
        entry["facets"] = list(doc.facets)
    if doc.searchable:
        entry.update(fts_table=_FTS_TABLE, fts_pk="source_rowid")
    return entry


def dashboards(database: str) -> dict:
    """datasette-dashboards' configuration: one dashboard with every chart of :data:`CHARTS`."""
    charts = {c.name: {"title": c.title, "db": database, "query": c.sql, "library": "vega-lite",
                       "display": c.display} for c in CHARTS}
    return {DASHBOARD: {
        "title": "Tracker overview",
        "description": "How confident the matches are, how each folder is doing, and the requests each run sent.",
        "layout": [[c.name] for c in CHARTS],
        "filters": {"destination": {"name": "Destination", "type": "select", "options": list(PLATFORMS)}},
        "charts": charts,
    }}


def datasette_metadata(database: str) -> dict:
    """Datasette's metadata for the tracker served as ``database``."""
    return {
        "title": "song_automations tracker",
        "description": "What was synced, matched, reviewed and missed. Start with the queries below; the "
                       "views are the read models the CLI and the notebooks use. Charts: Dashboards (menu).",
        "databases": {database: {
            "tables": {name: _table(name, columns) for name, columns in schema().items()},
            "queries": {q.name: q.as_metadata() for q in CANNED_QUERIES},
        }},
        "plugins": {"datasette-dashboards": dashboards(database)},
    }
