"""The tracker schema: sqlite-utils ``Migrations``, plus the derived views.

Migrations are registered in order on :data:`MIGRATIONS` (sqlite-utils records each by
name in ``_sqlite_migrations``). A released migration never changes: append a new one.
Views are not migrations: they are derived data, recreated by :func:`migrate` whenever
``views.py`` defines them differently (see :func:`.views.sync_views`).

Naming: ``release_id`` / ``position`` are the Discogs release id and track position
(``"A1"``), ``destination`` is a platform name from :mod:`song_automations.platforms`.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import sqlite_utils
from sqlite_utils.migrations import Migrations

from ..errors import TrackerError
from ..models import Stage
from .views import stale_views, sync_views
from .vocabulary import RELEASE_OK

log = logging.getLogger(__name__)

MIGRATION_SET = "song_automations"
MIGRATIONS = Migrations(MIGRATION_SET)
# The first release kept its own ledger; a database it made is adopted, not re-migrated.
LEGACY_LEDGER = "_migrations"
LEGACY_VERSIONS = {1: "0001_initial_schema"}

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


@MIGRATIONS(name="0001_initial_schema")
def _initial_schema(db: sqlite_utils.Database) -> None:
    for statement in _statements(SCHEMA_V1):
        db.execute(statement)


# What a candidate is, beside what was matched: its parsed version type (a
# ``VersionType`` value) and its ISRC. Rows written before this migration keep NULL.
_VERSION_AND_ISRC = {"version_type": str, "isrc": str}


@MIGRATIONS(name="0002_version_type_and_isrc")
def _version_type_and_isrc(db: sqlite_utils.Database) -> None:
    for table in ("matched_tracks", "match_candidates"):
        for column, kind in _VERSION_AND_ISRC.items():
            db[table].add_column(column, kind)


# Full-text search (FTS5) over what people search by: a Discogs track's artist and
# title, and a candidate's. Triggers keep each index current on every write.
FTS_COLUMNS = {
    "source_tracks": ("artist_credit", "title"),
    "match_candidates": ("candidate_artists", "candidate_title"),
}


@MIGRATIONS(name="0003_full_text_search")
def _full_text_search(db: sqlite_utils.Database) -> None:
    with _scripts_as_statements(db):
        for table, columns in FTS_COLUMNS.items():
            db[table].enable_fts(list(columns), create_triggers=True)


# Which part of the matcher decided a match (a ``models.Stage`` value) and, for the
# release stage, the album evidence (JSON: album uri and title, barcode agreement, the
# share of the release it covers). Every match before this migration was searched on
# its own, so existing rows are the track stage.
@MIGRATIONS(name="0004_match_stage")
def _match_stage(db: sqlite_utils.Database) -> None:
    for table in ("matched_tracks", "match_candidates"):
        db[table].add_column("stage", str)
        db.execute(f"UPDATE {table} SET stage = ?", [Stage.TRACK.value])
    db["matched_tracks"].add_column("evidence", str)


@MIGRATIONS(name="0005_display_names_and_uploaders")
def _display_names_and_uploaders(db: sqlite_utils.Database) -> None:
    """Names as people read them: each cached track's credit in display form ("The
    Chemical Brothers", no "(3)"), and the SoundCloud uploader beside a candidate's
    artists (a label channel's upload has no artist, and the uploader is what says who
    posted it)."""
    db.execute("ALTER TABLE source_tracks ADD COLUMN artist_display TEXT")
    db.execute("ALTER TABLE matched_tracks ADD COLUMN uploader TEXT")
    db.execute("ALTER TABLE match_candidates ADD COLUMN candidate_uploader TEXT")
    db.execute("ALTER TABLE missing_tracks ADD COLUMN best_uploader TEXT")
    _backfill_display_credits(db)


def _backfill_display_credits(db: sqlite_utils.Database) -> None:
    # Cached releases are rarely fetched again, so derive the display form from the
    # payloads already stored. The adapter is the one place that reads a payload.
    from ..adapters.discogs import source_tracks
    from ..errors import BadResponse

    rows = db.execute(f"SELECT id, payload FROM releases WHERE status = '{RELEASE_OK}' AND payload IS NOT NULL")
    for release_id, payload in rows.fetchall():
        try:
            tracks = source_tracks(json.loads(payload))
        except (ValueError, BadResponse) as exc:
            log.warning("tracker: release %s has an unreadable cached payload (%s); its names stay as "
                        "Discogs writes them", release_id, exc)
            continue
        db.conn.executemany(
            "UPDATE source_tracks SET artist_display = ?, data = json_set(data, '$.artist_display', ?) "
            "WHERE release_id = ? AND position = ?",
            [(t.artist_display, t.artist_display, release_id, t.position) for t in tracks])


@contextmanager
def _scripts_as_statements(db: sqlite_utils.Database) -> Iterator[None]:
    """Run sqlite-utils' ``executescript`` calls statement by statement meanwhile.

    ``executescript`` COMMITs first, which would end the transaction :func:`migrate`
    holds around every migration; ``execute`` stays inside it.
    """
    def run(sql: str) -> None:
        pending = ""
        for line in sql.splitlines(keepends=True):
            pending += line
            if sqlite3.complete_statement(pending):
                db.execute(pending)
                pending = ""
        if pending.strip():
            db.execute(pending)

    db.executescript = run
    try:
        yield
    finally:
        del db.executescript


def _statements(sql: str) -> list[str]:
    # executescript() would COMMIT the surrounding transaction, so run statements one by
    # one. The schema's comments are whole-line or trailing `--` ones without quotes.
    code = "\n".join(line.split("--", 1)[0] for line in sql.splitlines())
    return [part.strip() for part in code.split(";") if part.strip()]


def known_names() -> list[str]:
    """Every migration this code defines, in order (those pending on an empty database)."""
    return [m.name for m in MIGRATIONS.pending(sqlite_utils.Database(memory=True))]


def applied_names(db: sqlite_utils.Database) -> list[str]:
    """Names of the migrations recorded in the database, oldest first."""
    return [m.name for m in MIGRATIONS.applied(db)]


def _needs_work(db: sqlite_utils.Database) -> bool:
    return bool(MIGRATIONS.pending(db)) or LEGACY_LEDGER in db.table_names() or stale_views(db)


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Bring the database to this code's schema and views; return the migrations applied now.

    Raises :class:`TrackerError` if the database was written by a newer version of the
    package (it records a migration this code does not know) or a migration fails.
    """
    known = known_names()
    unknown = [name for name in applied_names(db) if name not in known]
    if unknown:
        raise TrackerError(
            f"The tracker database has schema version {unknown[-1]!r}, newer than this "
            "song_automations understands; upgrade the package."
        )
    if not _needs_work(db):
        return []
    conn = db.conn
    try:
        # sqlite-utils runs each migration in db.atomic(); inside our transaction that is a
        # savepoint. IMMEDIATE takes the write lock before looking at what is pending, so
        # two processes opening a new database at once migrate it once: the second waits,
        # then finds nothing left to do. sqlite-utils alone would let both start.
        conn.execute("BEGIN IMMEDIATE")
        try:
            _adopt_legacy_ledger(db)
            pending = [m.name for m in MIGRATIONS.pending(db)]
            MIGRATIONS.apply(db)
            if stale_views(db):
                sync_views(db)
        except BaseException:
            conn.rollback()
            raise
        conn.commit()
    except sqlite3.Error as exc:
        raise TrackerError(f"Tracker migration failed: {exc}") from exc
    for name in pending:
        log.info("tracker: applied migration %s", name)
    return pending


def _adopt_legacy_ledger(db: sqlite_utils.Database) -> None:
    """Record the first release's applied versions under sqlite-utils' ledger, then drop
    the old one (its versions 1-2 made the initial schema and views)."""
    if LEGACY_LEDGER not in db.table_names():
        return
    versions = dict(db.execute(f"SELECT version, applied_at FROM {LEGACY_LEDGER}").fetchall())
    if set(versions) - {1, 2}:
        raise TrackerError(
            f"The tracker database has schema version {max(versions)}, newer than this "
            "song_automations understands; upgrade the package."
        )
    MIGRATIONS.ensure_migrations_table(db)
    done = set(applied_names(db))
    for version, name in LEGACY_VERSIONS.items():
        if version in versions and name not in done:
            db[Migrations.migrations_table].insert(
                {"migration_set": MIGRATION_SET, "name": name, "applied_at": versions[version]})
    db.execute(f"DROP TABLE {LEGACY_LEDGER}")
