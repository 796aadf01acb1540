"""Read models of the tracker as data frames: per-folder outcomes, confidences, missing tracks."""

from __future__ import annotations

import json
from datetime import datetime

import pandas as pd

from ..reports import MISSING_FIELDS, missing_records
from ..tracker import TrackStatus

STATUSES = tuple(s.value for s in TrackStatus)


def folder_status(tracker) -> pd.DataFrame:
    """Long frame ``destination, folder, status, tracks``; status is matched (no review
    needed), flagged (in the playlist, awaiting review) or missing (no usable match)."""
    wide = pd.DataFrame(tracker.folder_status(), columns=["destination", "folder", *STATUSES])
    long = wide.melt(id_vars=["destination", "folder"], value_vars=list(STATUSES),
                     var_name="status", value_name="tracks")
    long["tracks"] = long["tracks"].fillna(0).astype(int)
    return long


def confidences(tracker) -> pd.DataFrame:
    """Every current match's score: ``destination, confidence, decision, source, ambiguous``."""
    return pd.DataFrame(tracker.confidences(),
                        columns=["destination", "confidence", "decision", "source", "ambiguous", "status"])


def missing_frame(tracker, destination: str | None = None) -> pd.DataFrame:
    """The CLI's ``report missing`` rows (same columns, same order) as a frame."""
    return pd.DataFrame(missing_records(tracker, destination), columns=list(MISSING_FIELDS))


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
    return tracker.folder_names()


def unattended_text(tracker) -> str:
    """Markdown about the last unattended run (``sync --quiet`` from cron or a timer):
    when, how it ended and what it did, or how to set one up."""
    run = tracker.last_unattended_run()
    if run is None:
        return ("_No unattended run yet: the README shows a cron line and a systemd timer for "
                "`song-automations sync all --quiet`._")
    summary = json.loads(run["summary"]) if run["summary"] else {}
    when = datetime.fromisoformat(run["started_at"]).astimezone().strftime("%Y-%m-%d %H:%M")
    status = str(run["status"]).replace("_", " ")
    did = (f"added {summary.get('added', 0)} and removed {summary.get('removed', 0)} tracks"
           if "added" in summary else summary.get("error", "no summary"))
    needs = []
    if summary.get("held_back"):
        needs.append(f"{_count(len(summary['held_back']), 'risky change')} held back (`sync --dry-run`)")
    if summary.get("newly_flagged"):
        needs.append(f"{_count(summary['newly_flagged'], 'new match', 'new matches')} to review")
    if summary.get("search_failures") or summary.get("failed_releases"):
        needs.append("some searches or releases failed and will be retried")
    tail = f"; it needs you: {', '.join(needs)}" if needs else "; nothing needed you"
    return f"**Last unattended run** #{run['run_id']} ({run['destinations']}), {when}: {status}, {did}{tail}."


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"
