"""Matches, their history, reviews and misses; and when a cached match may be reused.

Reuse policy (:func:`needs_search`):

* a decision taken by hand (``approved``, ``override``) never expires and is never
  replaced by a search, forced or not;
* an automatic match is reused for ``CACHE_TTL_DAYS``, then searched again;
  ``--force-rematch`` searches it again now;
* a miss (or a rejected match) is searched again once ``next_search_at`` has passed;
  the wait doubles with each fruitless search (1, 2, 4... days, capped at the TTL), and
  ``--force-rematch-all`` searches it now;
* a candidate rejected by hand is passed to the matcher as ``exclude`` forever.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..errors import TrackerError
from ..models import Decision, MatchResult
from .base import TrackerBase, dumps

MANUAL_SOURCES = ("approved", "override")
MISS_BASE_INTERVAL_DAYS = 1.0

SQL_MATCHES_FOR_RELEASE = (
    "SELECT * FROM matched_tracks WHERE release_id = ? AND destination = ?"
)
SQL_MATCH = "SELECT * FROM matched_tracks WHERE release_id = ? AND position = ? AND destination = ?"
SQL_REJECTED = (
    "SELECT uri, candidate_id FROM reviews WHERE release_id = ? AND position = ? AND destination = ? "
    "AND action = 'reject'"
)


@dataclass(frozen=True, slots=True)
class StoredMatch:
    """The current match of one track on one destination, as the tracker holds it."""

    id: int
    release_id: int
    position: str
    destination: str
    uri: str | None
    confidence: float | None
    decision: str
    ambiguous: bool
    source: str
    matched_at: str
    search_count: int
    next_search_at: str | None

    @property
    def in_playlist(self) -> bool:
        """True when this track belongs in the playlist."""
        if self.uri is None:
            return False
        return self.source in MANUAL_SOURCES or Decision(self.decision).adds

    @property
    def flagged(self) -> bool:
        return self.source == "auto" and self.uri is not None and (
            self.decision == Decision.REVIEW or self.ambiguous
        )


def needs_search(
    match: StoredMatch | None,
    now: datetime,
    ttl_days: float,
    force: bool = False,
    force_all: bool = False,
) -> bool:
    """Whether the track must be searched again instead of reusing ``match``."""
    if match is None:
        return True
    if match.source in MANUAL_SOURCES:
        return False
    if match.next_search_at is not None:  # a miss or a rejection
        return force_all or datetime.fromisoformat(match.next_search_at) <= now
    if force or force_all:
        return True
    return now - datetime.fromisoformat(match.matched_at) > timedelta(days=ttl_days)


def _miss_interval(search_count: int, ttl_days: float) -> timedelta:
    days = MISS_BASE_INTERVAL_DAYS * 2 ** max(search_count - 1, 0)
    return timedelta(days=min(days, ttl_days))


def _row_to_match(row: dict) -> StoredMatch:
    return StoredMatch(
        id=row["id"], release_id=row["release_id"], position=row["position"],
        destination=row["destination"], uri=row["uri"], confidence=row["confidence"],
        decision=row["decision"], ambiguous=bool(row["ambiguous"]), source=row["source"],
        matched_at=row["matched_at"], search_count=row["search_count"],
        next_search_at=row["next_search_at"],
    )


class MatchStore(TrackerBase):
    """The current match per (release, position, destination), history and reviews."""

    def matches_for_release(self, release_id: int, destination: str) -> dict[str, StoredMatch]:
        """Current matches of a release on a destination, keyed by track position."""
        rows = self.rows(SQL_MATCHES_FOR_RELEASE, [release_id, destination])
        return {r["position"]: _row_to_match(r) for r in rows}

    def get_match(self, release_id: int, position: str, destination: str) -> StoredMatch | None:
        row = self.one(SQL_MATCH, [release_id, position, destination])
        return _row_to_match(row) if row else None

    def rejected_ids(self, release_id: int, position: str, destination: str) -> set[str]:
        """Candidates rejected by hand for this track (their ids and URIs): the matcher's
        ``exclude``, so they are never picked again."""
        found = set()
        for r in self.rows(SQL_REJECTED, [release_id, position, destination]):
            found.update(v for v in (r["uri"], r["candidate_id"]) if v)
        return found

    def record_match(self, result: MatchResult, ttl_days: float, run_id: int | None = None) -> None:
        """Store a search's outcome: the current match, every candidate, the miss if any.

        A track decided by hand keeps its decision (the history is still written).
        """
        track, dest = result.track, result.platform
        previous = self.get_match(track.release_id, track.position, dest)
        count = (previous.search_count + 1) if previous else 1
        now = self.clock()
        chosen = result.chosen if result.decision.adds else None
        next_at = None if chosen else (now + _miss_interval(count, ttl_days)).isoformat()
        with self.write() as db:
            self._write_history(db, result, run_id)
            db.execute(
                """INSERT INTO matched_tracks (release_id, position, destination, uri, candidate_id,
                    title, artists, confidence, components, decision, ambiguous, source, matched_at,
                    search_count, next_search_at, run_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'auto', ?, ?, ?, ?)
                ON CONFLICT(release_id, position, destination) DO UPDATE SET
                    uri = excluded.uri, candidate_id = excluded.candidate_id, title = excluded.title,
                    artists = excluded.artists, confidence = excluded.confidence,
                    components = excluded.components, decision = excluded.decision,
                    ambiguous = excluded.ambiguous, matched_at = excluded.matched_at,
                    search_count = excluded.search_count, next_search_at = excluded.next_search_at,
                    run_id = excluded.run_id
                WHERE matched_tracks.source NOT IN ('approved', 'override')""",
                [
                    track.release_id, track.position, dest,
                    chosen.candidate.uri if chosen else None,
                    chosen.candidate.id if chosen else None,
                    chosen.candidate.title if chosen else None,
                    dumps(list(chosen.candidate.artists)) if chosen else None,
                    result.chosen.score if result.chosen else None,
                    dumps(result.chosen.components) if result.chosen else None,
                    result.decision.value, int(result.ambiguous), now.isoformat(), count, next_at, run_id,
                ],
            )
            self._write_missing(db, result, reason=None if chosen else _miss_reason(result))

    def _write_history(self, db, result: MatchResult, run_id: int | None) -> None:
        now = self.now()
        chosen_uri = result.chosen.candidate.uri if result.chosen else None
        db.conn.executemany(
            "INSERT INTO match_candidates (run_id, release_id, position, destination, query, "
            "candidate_uri, candidate_title, candidate_artists, score, components, decision, "
            "chosen, considered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    run_id, result.track.release_id, result.track.position, result.platform,
                    sc.query, sc.candidate.uri, sc.candidate.title, dumps(list(sc.candidate.artists)),
                    sc.score, dumps(sc.components), result.decision.value,
                    int(sc.candidate.uri == chosen_uri), now,
                )
                for sc in result.considered
            ],
        )

    def _write_missing(self, db, result: MatchResult, reason: str | None) -> None:
        key = [result.track.release_id, result.track.position, result.platform]
        if reason is None:
            db.execute("DELETE FROM missing_tracks WHERE release_id = ? AND position = ? AND destination = ?", key)
            return
        best = result.chosen or (result.considered[0] if result.considered else None)
        db.execute(
            "INSERT OR REPLACE INTO missing_tracks (release_id, position, destination, reason, "
            "best_uri, best_title, best_artists, best_score, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            key + [
                reason,
                best.candidate.uri if best else None,
                best.candidate.title if best else None,
                dumps(list(best.candidate.artists)) if best else None,
                best.score if best else None,
                self.now(),
            ],
        )

    # -- reviews -------------------------------------------------------------------

    def _match_by_review_id(self, review_id: int) -> dict:
        row = self.one("SELECT * FROM matched_tracks WHERE id = ?", [review_id])
        if row is None:
            raise TrackerError(f"There is no match with review id {review_id}; see `review list`.")
        return row

    def _log_review(self, db, row: dict, action: str, uri: str | None, candidate_id: str | None = None) -> None:
        db.execute(
            "INSERT INTO reviews (match_id, release_id, position, destination, action, uri, candidate_id, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [row["id"], row["release_id"], row["position"], row["destination"], action, uri, candidate_id,
             self.now()],
        )

    def approve(self, review_id: int) -> None:
        """Keep the current match for good (it never expires, no search replaces it).

        Raises :class:`TrackerError` for an unknown id or a track with no match to approve.
        """
        row = self._match_by_review_id(review_id)
        if row["uri"] is None:
            raise TrackerError(f"Review {review_id} has no match to approve; use override with a track.")
        with self.write() as db:
            self._log_review(db, row, "approve", row["uri"])
            db.execute("UPDATE matched_tracks SET source = 'approved', next_search_at = NULL WHERE id = ?", [review_id])

    def reject(self, review_id: int) -> None:
        """Refuse the current match: it leaves the playlist at the next sync, the track is
        searched again then, and this candidate is never picked again for it."""
        row = self._match_by_review_id(review_id)
        with self.write() as db:
            self._log_review(db, row, "reject", row["uri"], row["candidate_id"])
            db.execute(
                "UPDATE matched_tracks SET uri = NULL, candidate_id = NULL, title = NULL, artists = NULL, "
                "decision = 'none', ambiguous = 0, source = 'auto', next_search_at = ? WHERE id = ?",
                [self.now(), review_id],
            )
            db.execute(
                "INSERT OR REPLACE INTO missing_tracks (release_id, position, destination, reason, "
                "best_uri, best_title, best_artists, best_score, recorded_at) "
                "VALUES (?, ?, ?, 'rejected', ?, ?, ?, ?, ?)",
                [row["release_id"], row["position"], row["destination"], row["uri"], row["title"],
                 row["artists"], row["confidence"], self.now()],
            )

    def override(self, review_id: int, uri: str, title: str | None = None, artists: tuple[str, ...] = ()) -> None:
        """Set the track's match by hand to ``uri`` (a track URI/URN); permanent."""
        row = self._match_by_review_id(review_id)
        with self.write() as db:
            self._log_review(db, row, "override", uri)
            db.execute(
                "UPDATE matched_tracks SET uri = ?, candidate_id = ?, title = ?, artists = ?, "
                "confidence = 1.0, decision = 'accepted', ambiguous = 0, source = 'override', "
                "next_search_at = NULL WHERE id = ?",
                [uri, None, title, dumps(list(artists)), review_id],
            )
            db.execute(
                "DELETE FROM missing_tracks WHERE release_id = ? AND position = ? AND destination = ?",
                [row["release_id"], row["position"], row["destination"]],
            )

    def review_rows(self, destination: str | None = None) -> list[dict]:
        """Rows of the ``flagged_for_review`` view, with ``components`` decoded."""
        sql = "SELECT * FROM flagged_for_review"
        params: list = []
        if destination:
            sql += " WHERE destination = ?"
            params.append(destination)
        rows = self.rows(sql, params)
        for r in rows:
            r["components"] = json.loads(r["components"]) if r["components"] else {}
        return rows

    def missing_rows(self, destination: str | None = None) -> list[dict]:
        """Rows of the ``missing_report`` view (for ``report missing``)."""
        if destination:
            return self.rows("SELECT * FROM missing_report WHERE destination = ?", [destination])
        return self.rows("SELECT * FROM missing_report")

    def status(self) -> list[dict]:
        """One row per destination from the ``destination_status`` view."""
        return self.rows("SELECT * FROM destination_status ORDER BY destination")


def _miss_reason(result: MatchResult) -> str:
    return "below_threshold" if result.considered or result.chosen else "no_candidates"
