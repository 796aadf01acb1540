"""SoundCloud vs Spotify for one Discogs track, and every track where the two disagree.

For one track, :func:`live_diagnosis` re-runs the matcher against each platform's client
(queries in the platform's own syntax, raw candidates, parsed fields, components,
decision); :func:`history_diagnosis` shows the same from the tracker's last search,
without a request. :func:`disagreements` lists the tracks whose platforms disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..errors import TrackerError
from ..matching.matcher import Matcher
from ..matching.parse import parse_title
from ..matching.score import STORED
from ..models import MatchResult, ScoredCandidate, SourceTrack
from ..platforms import PLATFORMS, adapter
from .session import shared_client

# What fits in half a screen: the rest is in :func:`all_candidates` below the two sides.
SIDE_COLUMNS = ["chosen", "score", "raw_title", "parsed_version", "artist", "title", "version", "duration"]
CANDIDATE_COLUMNS = ["platform", "chosen", "score", "raw_title", "artists", "uploader", "parsed_base",
                     "parsed_version", "parsed_version_text", "parsed_remixers", "duration_s", *STORED, "query", "uri"]

@dataclass(frozen=True)
class Diagnosis:
    """One platform's answer for one track: queries sent, candidates, decision."""

    platform: str
    decision: str
    ambiguous: bool
    queries: tuple[str, ...]
    candidates: pd.DataFrame


def track_choices(tracker) -> dict[str, str]:
    """``{label: "release_id:position"}`` of every tracked source track, for a dropdown."""
    return {f"{r['artist_credit'] or '?'} - {r['title']} [{r['release_title'] or r['release_id']}, "
            f"{r['position']}]": f"{r['release_id']}:{r['position']}" for r in tracker.searched_sources()}


def source_track(tracker, key: str) -> SourceTrack:
    """The cached Discogs track ``"release_id:position"``. Raises :class:`TrackerError`."""
    release_id, _, position = key.partition(":")
    for track in tracker.source_tracks(int(release_id)):
        if track.position == position:
            return track
    raise TrackerError(f"No cached Discogs track {key}; run a sync (or dry run) first.")


def _parsed(title: str) -> dict:
    p = parse_title(title or "")
    # "parsed_" keeps them apart from the score components of the same names.
    return {"parsed_base": p.base, "parsed_version": p.version.value, "parsed_version_text": p.version_text or "",
            "parsed_remixers": ", ".join(p.remixers)}


def _candidate_row(platform: str, s: ScoredCandidate, chosen_uri: str | None) -> dict:
    c = s.candidate
    return {"platform": platform, "chosen": c.uri == chosen_uri, "score": round(s.score, 3),
            "raw_title": c.raw_title or c.title, "artists": ", ".join(c.artists), "uploader": c.uploader or "",
            **_parsed(c.title), "duration_s": c.duration_s, **{n: s.components.get(n) for n in STORED},
            "query": s.query or "", "uri": c.uri}


def _numeric(frame: pd.DataFrame) -> pd.DataFrame:
    """Components and durations as floats rounded to 3 places (absent = NaN, not zero)."""
    columns = [*STORED, "duration_s"]
    frame[columns] = frame[columns].astype(float).round(3)
    return frame


def diagnosis_of(result: MatchResult) -> Diagnosis:
    """A :class:`Diagnosis` from a matcher result."""
    # As in match_history: ``chosen`` marks the best candidate, added or not (see ``decision``).
    chosen = result.chosen.candidate.uri if result.chosen else None
    rows = [_candidate_row(result.platform, s, chosen) for s in result.considered]
    return Diagnosis(result.platform, result.decision.value, result.ambiguous, result.queries,
                     _numeric(pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)))


def live_diagnosis(runtime, track: SourceTrack, platforms: tuple[str, ...] = PLATFORMS) -> dict[str, Diagnosis]:
    """Re-run the matcher for ``track`` on each platform through ``runtime``'s clients
    (sends searches; nothing is stored). Raises the clients' errors."""
    settings = runtime.settings
    out = {}
    for platform in platforms:
        client = shared_client(runtime, platform)
        matcher = Matcher(client.search, settings, platform=platform, format_query=adapter(platform).format_query)
        out[platform] = diagnosis_of(matcher.match(track))
    return out


def history_diagnosis(tracker, key: str, platforms: tuple[str, ...] = PLATFORMS) -> dict[str, Diagnosis]:
    """Each platform's last stored search for ``key`` (no request). A platform never
    searched for this track has decision ``"not searched"`` and no candidates."""
    release_id, _, position = key.partition(":")
    out = {}
    for platform in platforms:
        rows = tracker.latest_candidates(int(release_id), position, platform)
        match = tracker.get_match(int(release_id), position, platform)
        candidates = []
        for r in rows:
            comps = r["components"]
            artists = r["candidate_artists"]
            candidates.append({"platform": platform, "chosen": bool(r["chosen"]), "score": round(r["score"], 3),
                               "raw_title": r["candidate_title"] or "", "artists": ", ".join(artists),
                               "uploader": "", **_parsed(r["candidate_title"]), "duration_s": None,
                               **{n: comps.get(n) for n in STORED}, "query": r["query"] or "",
                               "uri": r["candidate_uri"]})
        queries = tuple(dict.fromkeys(c["query"] for c in candidates if c["query"]))
        out[platform] = Diagnosis(platform, match.decision if match else "not searched",
                                  bool(match and match.ambiguous), queries,
                                  _numeric(pd.DataFrame(candidates, columns=CANDIDATE_COLUMNS)))
    return out


def all_candidates(diagnosis: dict[str, Diagnosis]) -> pd.DataFrame:
    """Every platform's candidates in one table, with every column."""
    frames = [d.candidates for d in diagnosis.values() if not d.candidates.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=CANDIDATE_COLUMNS)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


# Per platform: its match, the match's version type and ISRC, and the score.
DISAGREEMENT_COLUMNS = ["kind", "key", "artist", "title", "release",
                        *(f"{p}{suffix}" for p in PLATFORMS for suffix in ("", "_version", "_isrc", "_score"))]


def disagreements(tracker) -> pd.DataFrame:
    """Tracks searched on both platforms whose current matches disagree, as the tracker's
    ``platform_disagreements`` view decides (the rule Datasette's canned query shows too):
    ``kind`` is ``"<platform> only"`` (in the playlist on that platform alone),
    ``"different version"`` (both in, different version types) or ``"different ISRC"``."""
    rows = []
    for r in tracker.platform_disagreements():
        row = {"kind": r["kind"], "key": f"{r['release_id']}:{r['position']}", "artist": r["source_artist"] or "",
               "title": r["source_title"] or "", "release": r["release_title"] or ""}
        for p in PLATFORMS:
            row.update({p: r[f"{p}_title"] or "", f"{p}_version": r[f"{p}_version"] or "",
                        f"{p}_isrc": r[f"{p}_isrc"] or "", f"{p}_score": _rounded(r[f"{p}_score"])})
        rows.append(row)
    return pd.DataFrame(rows, columns=DISAGREEMENT_COLUMNS)


def disagreement_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """``kind, tracks``: how many tracks of each kind of disagreement."""
    return frame.groupby("kind").size().rename("tracks").reset_index()
