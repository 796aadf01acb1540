"""The tracker schema, as an ordered list of migrations.

Each migration is ``(version, name, sql)``; :func:`migrate` applies the ones whose version
is not yet in ``_migrations``, each inside its own transaction together with its row in
``_migrations``, so a crash mid-migration leaves the database at the previous version.
Never edit a released migration: append a new one.

Naming: ``release_id`` / ``position`` are the Discogs release id and track position
(``"A1"``), ``destination`` is ``"spotify"`` or ``"soundcloud"``.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime

import sqlite_utils

from ..errors import TrackerError
from .views import VIEWS

log = logging.getLogger(__name__)

SCHEMA_V1 = """
CREATE TABLE folders (
    id INTEGER PRIMARY KEY,            -- Discogs folder id; -1 is the wantlist
    name TEXT NOT NULL,
    present INTEGER NOT NULL DEFAULT 1, -- 0 once the folder disappeared from Discogs
    first_seen_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);
CREATE TABLE folder_releases (
    id INTEGER PRIMARY KEY,
    folder_id INTEGER NOT NULL,
    position INTEGER NOT NULL,          -- Discogs order within the folder
    release_id INTEGER NOT NULL,
    instance_id INTEGER,
    date_added TEXT,
    title TEXT,
    artist TEXT
);
CREATE INDEX idx_folder_releases_folder ON folder_releases(folder_id, position);
CREATE INDEX idx_folder_releases_release ON folder_releases(release_id);
CREATE TABLE releases (
    id INTEGER PRIMARY KEY,             -- Discogs release id
    status TEXT NOT NULL,               -- 'ok' or 'deleted' (404 from Discogs)
    title TEXT,
    payload TEXT,                       -- JSON of GET /releases/{id}
    fetched_at TEXT NOT NULL
);
CREATE TABLE source_tracks (
    release_id INTEGER NOT NULL,
    position TEXT NOT NULL,
    track_index INTEGER NOT NULL,
    title TEXT NOT NULL,
    artist_credit TEXT,
    duration_s INTEGER,
    data TEXT NOT NULL,                 -- JSON of the SourceTrack
    PRIMARY KEY (release_id, position)
);
CREATE TABLE matched_tracks (
    id INTEGER PRIMARY KEY,             -- the review id shown by `review list`
    release_id INTEGER NOT NULL,
    position TEXT NOT NULL,
    destination TEXT NOT NULL,
    uri TEXT,                           -- NULL for a miss
    candidate_id TEXT,
    title TEXT,
    artists TEXT,
    confidence REAL,
    components TEXT,                    -- JSON {component: value|null}
    decision TEXT NOT NULL,             -- accepted | review | low | none
    ambiguous INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL DEFAULT 'auto', -- auto | approved | override
    matched_at TEXT NOT NULL,
    search_count INTEGER NOT NULL DEFAULT 1,
    next_search_at TEXT,                -- misses and rejections: when to search again
    run_id INTEGER
);
CREATE UNIQUE INDEX idx_matched_tracks_key ON matched_tracks(release_id, position, destination);
CREATE TABLE match_candidates (
    id INTEGER PRIMARY KEY,
    run_id INTEGER,
    release_id INTEGER NOT NULL,
    position TEXT NOT NULL,
    destination TEXT NOT NULL,
    query TEXT,
    candidate_uri TEXT NOT NULL,
    candidate_title TEXT,
    candidate_artists TEXT,
    score REAL NOT NULL,
    components TEXT,
    decision TEXT NOT NULL,             -- the track's decision in that search
    chosen INTEGER NOT NULL DEFAULT 0,
    considered_at TEXT NOT NULL
);
CREATE INDEX idx_match_candidates_track ON match_candidates(release_id, position, destination);
CREATE INDEX idx_match_candidates_run ON match_candidates(run_id);
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    match_id INTEGER NOT NULL,
    release_id INTEGER NOT NULL,
    position TEXT NOT NULL,
    destination TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('approve', 'reject', 'override')),
    uri TEXT,
    candidate_id TEXT,                  -- the platform's id of the candidate (matcher exclude)
    created_at TEXT NOT NULL
);
CREATE INDEX idx_reviews_track ON reviews(release_id, position, destination);
CREATE TABLE missing_tracks (
    release_id INTEGER NOT NULL,
    position TEXT NOT NULL,
    destination TEXT NOT NULL,
    reason TEXT NOT NULL,               -- below_threshold | no_candidates | rejected
    best_uri TEXT,
    best_title TEXT,
    best_artists TEXT,
    best_score REAL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (release_id, position, destination)
);
CREATE TABLE playlists (
    destination TEXT NOT NULL,
    id TEXT NOT NULL,                   -- Spotify playlist id / SoundCloud playlist URN
    folder_id INTEGER NOT NULL,
    part INTEGER NOT NULL DEFAULT 1,    -- 2, 3... when a folder exceeds the size limit
    name TEXT NOT NULL,
    snapshot TEXT,                      -- platform version marker when items were last known
    items TEXT,                         -- JSON list of URIs as last known, in order
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (destination, id)
);
CREATE UNIQUE INDEX idx_playlists_folder ON playlists(destination, folder_id, part);
CREATE TABLE managed_items (
    destination TEXT NOT NULL,
    playlist_id TEXT NOT NULL,
    uri TEXT NOT NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (destination, playlist_id, uri)
);
CREATE TABLE sync_runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,               -- running | ok | failed | dry_run
    destinations TEXT NOT NULL,
    options TEXT,
    summary TEXT
);
CREATE TABLE sync_events (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    destination TEXT,
    folder_id INTEGER,
    release_id INTEGER,
    detail TEXT
);
CREATE INDEX idx_sync_events_run ON sync_events(run_id);
"""


def _views_sql() -> str:
    return "\n".join(f"DROP VIEW IF EXISTS {name};\nCREATE VIEW {name} AS {sql};" for name, sql in VIEWS.items())


MIGRATIONS: list[tuple[int, str, str]] = [
    (1, "initial schema", SCHEMA_V1),
    (2, "read-model views", _views_sql()),
]


def applied_versions(db: sqlite_utils.Database) -> set[int]:
    """Versions already recorded in ``_migrations`` (empty for a new database)."""
    if "_migrations" not in db.table_names():
        return set()
    return {row["version"] for row in db.query("SELECT version FROM _migrations")}


def migrate(db: sqlite_utils.Database) -> list[int]:
    """Apply every pending migration in order; return the versions applied now.

    Raises :class:`TrackerError` if the database was written by a newer version of the
    package (it holds a version this code does not know) or a migration fails.
    """
    db.execute(
        "CREATE TABLE IF NOT EXISTS _migrations "
        "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    done = applied_versions(db)
    known = {version for version, _, _ in MIGRATIONS}
    if done - known:
        raise TrackerError(
            f"The tracker database has schema version {max(done)}, newer than this "
            "song_automations understands; upgrade the package."
        )
    applied = []
    for version, name, sql in MIGRATIONS:
        if version in done or not _apply(db, version, name, sql):
            continue
        log.info("tracker: applied migration %d (%s)", version, name)
        applied.append(version)
    return applied


def _apply(db: sqlite_utils.Database, version: int, name: str, sql: str) -> bool:
    """Apply one migration unless another process just did; True when applied here."""
    conn = db.conn
    try:
        # IMMEDIATE takes the write lock first, so two processes opening a new database
        # at once apply each migration once: the second sees the first one's row.
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("SELECT 1 FROM _migrations WHERE version = ?", [version]).fetchone():
                conn.rollback()
                return False
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO _migrations (version, name, applied_at) VALUES (?, ?, ?)",
                [version, name, datetime.now(UTC).isoformat()],
            )
        except BaseException:
            conn.rollback()
            raise
        conn.commit()
    except sqlite3.Error as exc:
        raise TrackerError(f"Tracker migration {version} ({name}) failed: {exc}") from exc
    return True


def _statements(sql: str) -> list[str]:
    # executescript() would COMMIT the surrounding transaction, so run statements one by
    # one. The schema's comments are whole-line or trailing `--` ones without quotes.
    code = "\n".join(line.split("--", 1)[0] for line in sql.splitlines())
    return [part.strip() for part in code.split(";") if part.strip()]
