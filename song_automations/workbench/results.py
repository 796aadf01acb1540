"""Read models of the tracker as data frames: per-folder outcomes, confidences, missing tracks."""

from __future__ import annotations

import json

import pandas as pd

from ..cli_render import MISSING_FIELDS, missing_report
from ..models import WANTLIST_FOLDER_ID, WANTLIST_NAME

# Per destination and folder, how its tracks fared (same rules as the destination_status view).
FOLDER_STATUS_SQL = """
SELECT m.destination, f.name AS folder,
       SUM(m.uri IS NOT NULL AND NOT (m.source = 'auto' AND (m.decision = 'review' OR m.ambiguous = 1)))
           AS matched,
       SUM(m.uri IS NOT NULL AND m.source = 'auto' AND (m.decision = 'review' OR m.ambiguous = 1)) AS flagged,
       SUM(m.uri IS NULL) AS missing
FROM folders f
JOIN (SELECT DISTINCT folder_id, release_id FROM folder_releases) fr ON fr.folder_id = f.id
JOIN matched_tracks m ON m.release_id = fr.release_id
WHERE f.present = 1
GROUP BY m.destination, f.id
ORDER BY m.destination, f.id = ?, f.name
"""

CONFIDENCE_SQL = """
SELECT destination, confidence, decision, source, ambiguous
FROM matched_tracks WHERE confidence IS NOT NULL
"""

STATUSES = ("matched", "flagged", "missing")


def folder_status(tracker) -> pd.DataFrame:
    """Long frame ``destination, folder, status, tracks``; status is matched (no review
    needed), flagged (in the playlist, awaiting review) or missing (no usable match)."""
    wide = pd.DataFrame(tracker.rows(FOLDER_STATUS_SQL, [WANTLIST_FOLDER_ID]),
                        columns=["destination", "folder", *STATUSES])
    long = wide.melt(id_vars=["destination", "folder"], value_vars=list(STATUSES),
                     var_name="status", value_name="tracks")
    long["tracks"] = long["tracks"].fillna(0).astype(int)
    return long


def confidences(tracker) -> pd.DataFrame:
    """Every current match's score: ``destination, confidence, decision, source, ambiguous``."""
    return pd.DataFrame(tracker.rows(CONFIDENCE_SQL),
                        columns=["destination", "confidence", "decision", "source", "ambiguous"])


def missing_frame(tracker, destination: str | None = None) -> pd.DataFrame:
    """The CLI's ``report missing`` rows (same columns, same order) as a frame."""
    records = json.loads(missing_report(tracker, "json", destination))
    return pd.DataFrame(records, columns=list(MISSING_FIELDS))


def filter_missing(frame: pd.DataFrame, text: str = "", destination: str | None = None,
                   reason: str | None = None, folder: str | None = None) -> pd.DataFrame:
    """Rows whose artist, title, release or best candidate contain ``text`` (any case),
    optionally of one destination, miss reason and folder (a release in several folders
    matches each of them)."""
    keep = pd.Series(True, index=frame.index)
    if text:
        haystack = frame[["artist", "title", "release", "best_candidate"]].fillna("").agg(" ".join, axis=1)
        keep &= haystack.str.contains(text, case=False, regex=False)
    if destination:
        keep &= frame["destination"] == destination
    if reason:
        keep &= frame["reason"] == reason
    if folder:
        keep &= frame["folder"].fillna("").str.split(",").apply(lambda names: folder in names)
    return frame[keep].reset_index(drop=True)


def missing_csv(frame: pd.DataFrame) -> bytes:
    """``frame`` as UTF-8 CSV with the CLI report's header."""
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def folder_names(tracker) -> list[str]:
    """Folders the tracker knows (present on Discogs), wantlist excluded, in Discogs order."""
    rows = tracker.rows("SELECT name FROM folders WHERE present = 1 AND id != ? ORDER BY id",
                        [WANTLIST_FOLDER_ID])
    return [r["name"] for r in rows if r["name"] != WANTLIST_NAME]
