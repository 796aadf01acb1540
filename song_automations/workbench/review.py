"""The review view: flagged and ambiguous matches, their candidates, and decisions on them.

Decisions go through the same tracker calls as ``song-automations review``; an override
resolves the user's URL/URI/ID with the destination's client first, exactly as the CLI.
"""

from __future__ import annotations

import json

import pandas as pd

from ..errors import ConfigError, TrackerError
from ..matching.score import BONUS, WEIGHTED
from .session import shared_client

ACTIONS = ("approve", "reject", "override")
REVIEW_COLUMNS = ["review_id", "destination", "source", "release", "match", "confidence", "ambiguous",
                  "why", "link"]
# Latest search of one track: every candidate it considered, best first.
LATEST_CANDIDATES_SQL = """
SELECT c.query, c.candidate_uri, c.candidate_title, c.candidate_artists, c.score, c.components, c.chosen
FROM match_candidates c
WHERE c.release_id = ? AND c.position = ? AND c.destination = ?
  AND c.considered_at = (SELECT MAX(considered_at) FROM match_candidates
                         WHERE release_id = ? AND position = ? AND destination = ?)
ORDER BY c.score DESC, c.id
"""


def platform_link(uri: str | None) -> str:
    """A web link to a track URI/URN ("" when it has none).

    Spotify URIs map to open.spotify.com. A SoundCloud URN carries no permalink, so the
    link is SoundCloud's embeddable player for the track's API URL, which opens it.
    """
    if not uri:
        return ""
    if uri.startswith("spotify:track:"):
        return f"https://open.spotify.com/track/{uri.rsplit(':', 1)[-1]}"
    if uri.startswith("soundcloud:tracks:"):
        return f"https://w.soundcloud.com/player/?url=https://api.soundcloud.com/tracks/{uri.rsplit(':', 1)[-1]}"
    return ""


def _artists(raw: str | None) -> str:
    return ", ".join(json.loads(raw)) if raw else ""


def breakdown(components: dict) -> str:
    """``"artist 1.00 title 0.93 ..."``: the components a score was made of (absent ones left out)."""
    return " ".join(f"{name} {value:.2f}" for name, value in components.items() if value is not None)


def review_frame(tracker, destination: str | None = None) -> pd.DataFrame:
    """Matches awaiting review (the ``flagged_for_review`` view), least confident first."""
    rows = [{
        "review_id": r["review_id"], "destination": r["destination"],
        "source": f"{r['source_artist'] or ''} - {r['source_title'] or ''}",
        "release": r["release_title"] or "",
        "match": f"{_artists(r['match_artists'])} - {r['match_title'] or ''}",
        "confidence": round(r["confidence"], 3) if r["confidence"] is not None else None,
        "ambiguous": bool(r["ambiguous"]), "why": breakdown(r["components"]), "link": platform_link(r["uri"]),
    } for r in tracker.review_rows(destination)]
    return pd.DataFrame(rows, columns=REVIEW_COLUMNS)


def candidate_frame(tracker, review_id: int) -> pd.DataFrame:
    """The chosen and alternative candidates of the track behind ``review_id`` (its latest
    search in match_history), one column per score component. Raises
    :class:`TrackerError` for an unknown review id."""
    match = tracker.one("SELECT release_id, position, destination FROM matched_tracks WHERE id = ?", [review_id])
    if match is None:
        raise TrackerError(f"There is no match with review id {review_id}; see `review list`.")
    key = [match["release_id"], match["position"], match["destination"]]
    rows = []
    for r in tracker.rows(LATEST_CANDIDATES_SQL, key + key):
        components = json.loads(r["components"]) if r["components"] else {}
        rows.append({"chosen": bool(r["chosen"]), "candidate": f"{_artists(r['candidate_artists'])} - "
                     f"{r['candidate_title'] or ''}", "score": round(r["score"], 3),
                     **{name: components.get(name) for name in (*WEIGHTED, BONUS)},
                     "query": r["query"], "uri": r["candidate_uri"], "link": platform_link(r["candidate_uri"])})
    frame = pd.DataFrame(rows, columns=["chosen", "candidate", "score", *WEIGHTED, BONUS, "query", "uri", "link"])
    components = [*WEIGHTED, BONUS]
    frame[components] = frame[components].astype(float).round(3)  # None -> NaN: absent, not zero
    return frame


def apply_review(runtime, tracker, review_id: int, action: str, track: str = "") -> str:
    """Approve, reject or override ``review_id`` as the CLI does; returns the CLI's sentence.

    ``track`` (override only) is a platform URL, URI, id or URN, resolved with the
    destination's client (network). Raises :class:`ConfigError` for an unknown action or
    a missing track, :class:`TrackerError` for an unknown review id, and the client's
    errors when the track cannot be resolved.
    """
    if action == "approve":
        tracker.approve(review_id)
        return f"Approved {review_id}."
    if action == "reject":
        tracker.reject(review_id)
        return f"Rejected {review_id}; the next sync removes it and searches again."
    if action != "override":
        raise ConfigError(f"Unknown review action {action!r}; choose from {', '.join(ACTIONS)}.")
    if not track.strip():
        raise ConfigError("Give the track to pin: a platform URL, URI, id or URN.")
    row = tracker.one("SELECT destination FROM matched_tracks WHERE id = ?", [review_id])
    if row is None:
        raise TrackerError(f"There is no match with review id {review_id}; see `review list`.")
    candidate = shared_client(runtime, row["destination"]).track(track.strip())
    tracker.override(review_id, candidate.uri, candidate.title, candidate.artists)
    return f"Pinned {review_id} to {', '.join(candidate.artists)} - {candidate.raw_title or candidate.title}."
