"""The review view: flagged and ambiguous matches, their candidates, and decisions on them.

Decisions are :mod:`song_automations.reviewing`'s, the same the CLI makes; an override
resolves the user's URL/URI/ID with the destination's client first, exactly as the CLI.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import browse, platforms, reviewing
from ..reviewing import breakdown
from ..matching.score import STORED
from .session import shared_client

ACTIONS = reviewing.ACTIONS
REVIEW_COLUMNS = ["review_id", "destination", "source", "release", "match", "confidence", "ambiguous",
                  "why", "link"]


def platform_link(uri: str | None) -> str:
    """A web link to a track URI/URN ("" when it has none)."""
    return platforms.web_link(uri)


def review_frame(tracker, destination: str | None = None, data_dir: Path | None = None) -> pd.DataFrame:
    """Matches awaiting review (the ``flagged_for_review`` view), least confident first.

    With ``data_dir`` and a ``song-automations browse`` serving it, a ``history`` column
    links each match to its track's history page in Datasette.
    """
    base = browse.running_url(data_dir) if data_dir else None
    rows = [{
        "review_id": r["review_id"], "destination": r["destination"],
        "source": f"{r['source_artist'] or ''} - {r['source_title'] or ''}",
        "release": r["release_title"] or "",
        "match": f"{', '.join(r['match_artists'])} - {r['match_title'] or ''}",
        "confidence": round(r["confidence"], 3) if r["confidence"] is not None else None,
        "ambiguous": bool(r["ambiguous"]), "why": breakdown(r["components"]), "link": platform_link(r["uri"]),
        **({"history": browse.track_history_url(base, r["release_id"], r["position"], r["destination"])}
           if base else {}),
    } for r in tracker.review_rows(destination)]
    return pd.DataFrame(rows, columns=[*REVIEW_COLUMNS, *(["history"] if base else [])])


def candidate_frame(tracker, review_id: int) -> pd.DataFrame:
    """The chosen and alternative candidates of the track behind ``review_id`` (its latest
    search in match_history), one column per score component. Raises
    :class:`TrackerError` for an unknown review id."""
    match = tracker.match_by_review_id(review_id)
    rows = []
    for r in tracker.latest_candidates(match.release_id, match.position, match.destination):
        components = r["components"]
        rows.append({"chosen": bool(r["chosen"]), "candidate": f"{', '.join(r['candidate_artists'])} - "
                     f"{r['candidate_title'] or ''}", "score": round(r["score"], 3),
                     **{name: components.get(name) for name in STORED},
                     "query": r["query"], "uri": r["candidate_uri"], "link": platform_link(r["candidate_uri"])})
    frame = pd.DataFrame(rows, columns=["chosen", "candidate", "score", *STORED, "query", "uri", "link"])
    components = list(STORED)
    frame[components] = frame[components].astype(float).round(3)  # None -> NaN: absent, not zero
    return frame


def apply_review(runtime, tracker, review_id: int, action: str, track: str = "") -> str:
    """Approve, reject or override ``review_id`` as the CLI does; returns the CLI's sentence.

    ``track`` (override only) is a platform URL, URI, id or URN, resolved with the
    destination's client (network). Raises what :func:`reviewing.decide` raises.
    """
    def resolve(destination: str, reference: str):
        return shared_client(runtime, destination).track(reference)

    return reviewing.decide(tracker, review_id, action, track, resolve)
