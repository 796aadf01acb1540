"""Reports built from the tracker's read models: what the CLI writes and the app downloads.

``report missing`` and the app's missing-tracks table are the same records in the same
columns; both come from :func:`missing_records`, and :func:`render` turns them into
CSV or JSON text.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from .matching.parse import parse_title

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
