"""Reports built from the tracker's read models: what the CLI writes and the app downloads.

``report missing`` and the app's missing-tracks table are the same records in the same
columns; both come from :func:`missing_records`, and :func:`render` turns them into
CSV or JSON text. ``report changes`` comes from :func:`run_changes`: what runs added,
removed, flagged and newly missed, from the runs' events.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from .matching.parse import parse_title
from .names import track_line
from .tracker import TrackChange

# Columns of `report missing`, in order (CSV header and JSON keys).
MISSING_FIELDS = ("destination", "folder", "artist", "title", "version", "release", "release_id",
                  "position", "reason", "best_candidate", "best_uri", "best_score")
FORMATS = ("csv", "json")


def version_text(title: str | None) -> str:
    """The version a title names ("Hardfloor Remix"), or its kind ("original")."""
    if not title:
        return ""
    parsed = parse_title(title)
    return parsed.version_text or parsed.version.value


def missing_records(tracker, destination: str | None = None) -> list[dict]:
    """Every track with no usable match, one dict per track with :data:`MISSING_FIELDS`
    (``folder``: the folders Discogs still lists that hold it; ``best_score`` rounded
    to 3 places)."""
    records = []
    for row in tracker.missing_rows(destination):
        best = " - ".join(x for x in (", ".join(row["best_artists"]), row.get("best_title") or "") if x)
        records.append({
            "destination": row["destination"], "folder": row["folders"] or "",
            "artist": row["source_artist"] or "", "title": row["source_title"] or "",
            "version": version_text(row["source_title"]), "release": row["release_title"] or "",
            "release_id": row["release_id"], "position": row["position"], "reason": row["reason"],
            "best_candidate": best, "best_uri": row["best_uri"] or "",
            "best_score": None if row["best_score"] is None else round(row["best_score"], 3),
        })
    return records


def render(records: Iterable[dict], fmt: str, fields: tuple[str, ...] = MISSING_FIELDS) -> str:
    """``records`` as CSV (header first) or pretty JSON text; ``fmt`` is one of :data:`FORMATS`."""
    records = list(records)
    if fmt == "json":
        return json.dumps(records, indent=2, ensure_ascii=False) + "\n"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue()


@dataclass(frozen=True, slots=True)
class PlaylistChanges:
    """One playlist in one run: tracks added and removed ("Artist - Title" lines)."""

    destination: str
    name: str
    created: bool = False
    deleted: bool = False
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    # How many; runs recorded before the tracks were kept in the events have only these.
    adds: int = 0
    removes: int = 0


@dataclass(slots=True)
class RunChanges:
    """What one run did that a person may want to know: its ``run`` row (``run_summaries``),
    playlist changes, tracks newly flagged or missed (``(destination, line)``), failures."""

    run: dict
    playlists: list[PlaylistChanges] = field(default_factory=list)
    flagged: list[tuple[str, str]] = field(default_factory=list)
    missed: list[tuple[str, str]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.playlists or self.flagged or self.missed or self.failures)


def run_changes(tracker, since: int | None = None) -> list[RunChanges]:
    """Every run from run ``since`` on (default: the latest run only), oldest first."""
    if since is None:
        latest = tracker.runs(limit=1)
        since = latest[0]["run_id"] if latest else 0
    return [_one_run(tracker, run) for run in tracker.runs_since(since)]


def _one_run(tracker, run: dict) -> RunChanges:
    events = tracker.change_events(run["run_id"])
    changes = RunChanges(run)
    tracks = tracker.source_names((e["release_id"], e["detail"].get("position", "")) for e in events
                                  if e["kind"] in set(TrackChange) and e["release_id"] is not None)
    for event in events:
        kind, detail, dest = event["kind"], event["detail"], event["destination"]
        if kind == "playlist_changed":
            changes.playlists.append(_playlist(tracker, dest, detail))
        elif kind == "playlist_deleted":
            changes.playlists.append(PlaylistChanges(dest, detail.get("name", ""), deleted=True))
        elif kind in set(TrackChange):
            known = tracks.get((event["release_id"], detail.get("position", "")), {})
            line = track_line(known.get("artist"), known.get("title")) or f"{event['release_id']}:{detail.get('position')}"
            (changes.flagged if kind == TrackChange.FLAGGED else changes.missed).append((dest, line))
        elif kind in ("search_failed", "release_failed"):
            what = f"release {event['release_id']}" + (f" track {detail['position']}" if "position" in detail else "")
            changes.failures.append(f"{dest or 'discogs'}: {what}: {detail.get('error', 'failed')}")
    return changes


def _playlist(tracker, destination: str, detail: dict) -> PlaylistChanges:
    added, removed = detail.get("added_uris", []), detail.get("removed_uris", [])
    names = tracker.track_names(destination, added + removed)

    def lines(uris: list[str]) -> tuple[str, ...]:
        return tuple(track_line(names[u]["artist"], names[u]["title"]) if u in names else u for u in uris)

    return PlaylistChanges(destination, detail.get("name", ""), bool(detail.get("created")),
                           added=lines(added), removed=lines(removed),
                           adds=int(detail.get("added", len(added))), removes=int(detail.get("removed", len(removed))))
