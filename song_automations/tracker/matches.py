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

Whether a match is in its playlist or flagged is read from the ``match_state`` view,
never recomputed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from ..errors import TrackerError
from ..matching.parse import parse_title
from ..models import Candidate, Decision, MatchResult
from .base import TrackerBase, dumps
from .vocabulary import (
    MANUAL_SOURCES,
    MANUAL_SOURCES_SQL,
    MatchSource,
    MissReason,
    ReviewAction,
    TrackChange,
    TrackStatus,
)

# A fruitless search waits a day before the next, doubling up to the TTL.
MISS_BASE_INTERVAL_DAYS = 1.0

SQL_MATCHES_FOR_RELEASE = "SELECT * FROM match_state WHERE release_id = ? AND destination = ?"
SQL_MATCH = "SELECT * FROM match_state WHERE release_id = ? AND position = ? AND destination = ?"
# A flagged match's ISRC is no evidence yet; with two confident ones, either will do.
SQL_KNOWN_ISRCS = """
    SELECT position, MIN(isrc) AS isrc FROM match_state
    WHERE release_id = ? AND destination != ? AND isrc IS NOT NULL AND in_playlist = 1 AND flagged = 0
    GROUP BY position
"""
# Every Discogs track of a folder in playlist order (releases in Discogs order, tracks in
# tracklist order) with its current match on one destination, if any.
SQL_FOLDER_SLOTS = f"""
    SELECT s.uri, COALESCE(s.in_playlist, 0) AS in_playlist, COALESCE(s.flagged, 0) AS flagged,
           COALESCE(s.source IN {MANUAL_SOURCES_SQL}, 0) AS manual, s.confidence
    FROM folder_releases fr
    JOIN source_tracks st ON st.release_id = fr.release_id
    LEFT JOIN match_state s ON s.release_id = st.release_id AND s.position = st.position AND s.destination = ?
    WHERE fr.folder_id = ?
    ORDER BY fr.position, st.track_index
"""
SQL_REJECTED = (
    "SELECT uri, candidate_id FROM reviews WHERE release_id = ? AND position = ? AND destination = ? "
    f"AND action = '{ReviewAction.REJECT}'"
)


@dataclass(frozen=True, slots=True)
class FolderSlot:
    """One Discogs track of a folder, in playlist order, with what its current match on a
    destination means for the playlist (``uri`` None: no match yet)."""

    uri: str | None
    in_playlist: bool
    flagged: bool
    manual: bool
    confidence: float | None


@dataclass(frozen=True, slots=True)
class StoredMatch:
    """The current match of one track on one destination, as the ``match_state`` view
    holds it: ``in_playlist``, ``flagged`` and ``status`` are the view's columns."""

    id: int
    release_id: int
    position: str
    destination: str
    uri: str | None
    candidate_id: str | None
    title: str | None
    confidence: float | None
    decision: str
    ambiguous: bool
    source: str
    matched_at: str
    search_count: int
    next_search_at: str | None
    in_playlist: bool
    flagged: bool
    status: TrackStatus

    @property
    def manual(self) -> bool:
        """True when a person decided this match (approved or overridden)."""
        return self.source in MANUAL_SOURCES


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
    if match.manual:
        return False
    if match.next_search_at is not None:  # a miss or a rejection
        return force_all or datetime.fromisoformat(match.next_search_at) <= now
    if force or force_all:
        return True
    return now - datetime.fromisoformat(match.matched_at) > timedelta(days=ttl_days)


def version_type(title: str | None) -> str | None:
    """The parsed version type of a platform title (a ``VersionType`` value), or None."""
    return parse_title(title).version.value if title else None


def _described(candidate: Candidate | None) -> dict:
    """The ``version_type`` and ``isrc`` columns of a candidate (both None without one)."""
    return {"version_type": version_type(candidate.title) if candidate else None,
            "isrc": candidate.isrc if candidate else None}


def _miss_interval(search_count: int, ttl_days: float) -> timedelta:
    days = MISS_BASE_INTERVAL_DAYS * 2 ** max(search_count - 1, 0)
    return timedelta(days=min(days, ttl_days))


def _stored(row: dict) -> StoredMatch:
    return StoredMatch(
        id=row["review_id"], release_id=row["release_id"], position=row["position"],
        destination=row["destination"], uri=row["uri"], candidate_id=row["candidate_id"],
        title=row["match_title"], confidence=row["confidence"], decision=row["decision"],
        ambiguous=bool(row["ambiguous"]), source=row["source"], matched_at=row["matched_at"],
        search_count=row["search_count"], next_search_at=row["next_search_at"],
        in_playlist=bool(row["in_playlist"]), flagged=bool(row["flagged"]), status=TrackStatus(row["status"]),
    )


class MatchStore(TrackerBase):
    """The current match per (release, position, destination), history and reviews."""

    def matches_for_release(self, release_id: int, destination: str) -> dict[str, StoredMatch]:
        """Current matches of a release on a destination, keyed by track position."""
        rows = self._rows(SQL_MATCHES_FOR_RELEASE, [release_id, destination])
        return {r["position"]: _stored(r) for r in rows}

    def get_match(self, release_id: int, position: str, destination: str) -> StoredMatch | None:
        row = self._one(SQL_MATCH, [release_id, position, destination])
        return _stored(row) if row else None

    def match_by_review_id(self, review_id: int) -> StoredMatch:
        """The match ``review list`` shows as ``review_id``. Raises :class:`TrackerError`
        when there is none."""
        row = self._one("SELECT * FROM match_state WHERE review_id = ?", [review_id])
        if row is None:
            raise TrackerError(f"There is no match with review id {review_id}; see `review list`.")
        return _stored(row)

    def rejected_ids(self, release_id: int, position: str, destination: str) -> set[str]:
        """Candidates rejected by hand for this track (their ids and URIs): the matcher's
        ``exclude``, so they are never picked again."""
        found = set()
        for r in self._rows(SQL_REJECTED, [release_id, position, destination]):
            found.update(v for v in (r["uri"], r["candidate_id"]) if v)
        return found

    def folder_slots(self, folder_id: int, destination: str) -> list[FolderSlot]:
        """Every track of the folder in playlist order with its current match on
        ``destination``, in one query (nothing of other folders is read or kept)."""
        with self._lock:
            rows = self.db.execute(SQL_FOLDER_SLOTS, [destination, folder_id]).fetchall()
        return [FolderSlot(uri, bool(in_playlist), bool(flagged), bool(manual), confidence)
                for uri, in_playlist, flagged, manual, confidence in rows]

    def known_isrcs(self, release_id: int, destination: str) -> dict[str, str]:
        """ISRCs other destinations' confident matches give this release's tracks, keyed
        by position: a match decided by hand, or one in a playlist that awaits no review.
        What a search on ``destination`` can take as the recording's ISRC."""
        return {r["position"]: r["isrc"] for r in self._rows(SQL_KNOWN_ISRCS, [release_id, destination])}

    def record_match(self, result: MatchResult, ttl_days: float, run_id: int | None = None) -> TrackChange | None:
        """Store a search's outcome: the current match, every candidate, the miss if any.

        A track decided by hand keeps its decision (the history is still written).
        Returns how the track's status changed, when it became flagged or missing (also
        recorded as an event of run ``run_id``), else ``None``.
        """
        track, dest = result.track, result.platform
        previous = self.get_match(track.release_id, track.position, dest)
        count = (previous.search_count + 1) if previous else 1
        now = self.clock()
        chosen = result.chosen if result.decision.adds else None
        next_at = None if chosen else (now + _miss_interval(count, ttl_days)).isoformat()
        described = _described(chosen.candidate if chosen else None)
        with self.write() as db:
            self._write_history(db, result, run_id)
            db.execute(
                f"""INSERT INTO matched_tracks (release_id, position, destination, uri, candidate_id,
                    title, artists, uploader, confidence, components, decision, ambiguous, source, matched_at,
                    search_count, next_search_at, run_id, version_type, isrc, stage, evidence)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{MatchSource.AUTO}', ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(release_id, position, destination) DO UPDATE SET
                    uri = excluded.uri, candidate_id = excluded.candidate_id, title = excluded.title,
                    artists = excluded.artists, uploader = excluded.uploader, confidence = excluded.confidence,
                    components = excluded.components, decision = excluded.decision,
                    ambiguous = excluded.ambiguous, matched_at = excluded.matched_at,
                    search_count = excluded.search_count, next_search_at = excluded.next_search_at,
                    run_id = excluded.run_id, version_type = excluded.version_type, isrc = excluded.isrc,
                    stage = excluded.stage, evidence = excluded.evidence
                WHERE matched_tracks.source NOT IN {MANUAL_SOURCES_SQL}""",
                [
                    track.release_id, track.position, dest,
                    chosen.candidate.uri if chosen else None,
                    chosen.candidate.id if chosen else None,
                    chosen.candidate.title if chosen else None,
                    dumps(list(chosen.candidate.artists)) if chosen else None,
                    chosen.candidate.uploader if chosen else None,
                    result.chosen.score if result.chosen else None,
                    dumps(result.chosen.components) if result.chosen else None,
                    result.decision.value, int(result.ambiguous), now.isoformat(), count, next_at, run_id,
                    described["version_type"], described["isrc"],
                    result.stage.value, dumps(result.evidence) if result.evidence else None,
                ],
            )
            if previous is None or not previous.manual:
                self._write_missing(db, result, reason=None if chosen else _miss_reason(result))
            current = self.get_match(track.release_id, track.position, dest)
            change = _change(previous, current)
            if change is not None and run_id is not None:
                self._insert_event(db, run_id, change, destination=dest, release_id=track.release_id,
                                   position=track.position, uri=current.uri, title=current.title,
                                   confidence=current.confidence)
        return change

    def _write_history(self, db, result: MatchResult, run_id: int | None) -> None:
        now = self.now()
        chosen_uri = result.chosen.candidate.uri if result.chosen else None
        db["match_candidates"].insert_all(
            {
                "run_id": run_id, "release_id": result.track.release_id, "position": result.track.position,
                "destination": result.platform, "query": sc.query, "candidate_uri": sc.candidate.uri,
                "candidate_title": sc.candidate.title, "candidate_artists": dumps(list(sc.candidate.artists)),
                "candidate_uploader": sc.candidate.uploader,
                "score": sc.score, "components": dumps(sc.components), "decision": result.decision.value,
                "chosen": int(sc.candidate.uri == chosen_uri), "considered_at": now, **_described(sc.candidate),
                "stage": result.stage.value,
            }
            for sc in result.considered
        )

    def _write_missing(self, db, result: MatchResult, reason: MissReason | None) -> None:
        key = {"release_id": result.track.release_id, "position": result.track.position,
               "destination": result.platform}
        if reason is None:
            db["missing_tracks"].delete_where("release_id = ? AND position = ? AND destination = ?",
                                              list(key.values()))
            return
        best = result.chosen or (result.considered[0] if result.considered else None)
        db["missing_tracks"].upsert(
            {**key, "reason": str(reason),
             "best_uri": best.candidate.uri if best else None,
             "best_title": best.candidate.title if best else None,
             "best_artists": dumps(list(best.candidate.artists)) if best else None,
             "best_uploader": best.candidate.uploader if best else None,
             "best_score": best.score if best else None,
             "recorded_at": self.now()},
            pk=("release_id", "position", "destination"),
        )

    # -- reviews -------------------------------------------------------------------

    def _raw_match(self, review_id: int) -> dict:
        row = self._one("SELECT * FROM matched_tracks WHERE id = ?", [review_id])
        if row is None:
            raise TrackerError(f"There is no match with review id {review_id}; see `review list`.")
        return row

    def _log_review(self, db, row: dict, action: ReviewAction, uri: str | None,
                    candidate_id: str | None = None) -> None:
        db["reviews"].insert({
            "match_id": row["id"], "release_id": row["release_id"], "position": row["position"],
            "destination": row["destination"], "action": str(action), "uri": uri,
            "candidate_id": candidate_id, "created_at": self.now(),
        })

    def approve(self, review_id: int) -> None:
        """Keep the current match for good (it never expires, no search replaces it).

        Raises :class:`TrackerError` for an unknown id or a track with no match to approve.
        """
        row = self._raw_match(review_id)
        if row["uri"] is None:
            raise TrackerError(f"Review {review_id} has no match to approve; use override with a track.")
        with self.write() as db:
            self._log_review(db, row, ReviewAction.APPROVE, row["uri"])
            db["matched_tracks"].update(review_id, {"source": str(MatchSource.APPROVED), "next_search_at": None})

    def reject(self, review_id: int) -> None:
        """Refuse the current match: it leaves the playlist at the next sync, the track is
        searched again then, and this candidate is never picked again for it."""
        row = self._raw_match(review_id)
        with self.write() as db:
            self._log_review(db, row, ReviewAction.REJECT, row["uri"], row["candidate_id"])
            db["matched_tracks"].update(review_id, {
                "uri": None, "candidate_id": None, "title": None, "artists": None, "uploader": None,
                **_described(None),
                "decision": Decision.NONE.value, "ambiguous": 0, "source": str(MatchSource.AUTO),
                "next_search_at": self.now(),
            })
            db["missing_tracks"].upsert({
                "release_id": row["release_id"], "position": row["position"], "destination": row["destination"],
                "reason": str(MissReason.REJECTED), "best_uri": row["uri"], "best_title": row["title"],
                "best_artists": row["artists"], "best_uploader": row["uploader"], "best_score": row["confidence"],
                "recorded_at": self.now(),
            }, pk=("release_id", "position", "destination"))

    def override(self, review_id: int, uri: str, title: str | None = None, artists: tuple[str, ...] = (),
                 uploader: str | None = None, isrc: str | None = None) -> None:
        """Set the track's match by hand to ``uri`` (a track URI/URN); permanent."""
        row = self._raw_match(review_id)
        with self.write() as db:
            self._log_review(db, row, ReviewAction.OVERRIDE, uri)
            db["matched_tracks"].update(review_id, {
                "uri": uri, "candidate_id": None, "title": title, "artists": dumps(list(artists)),
                "uploader": uploader, "version_type": version_type(title), "isrc": isrc,
                "confidence": 1.0, "decision": Decision.ACCEPTED.value, "ambiguous": 0,
                "source": str(MatchSource.OVERRIDE), "next_search_at": None,
                "stage": None, "evidence": None,  # no stage of the matcher decided it
            })
            db["missing_tracks"].delete_where("release_id = ? AND position = ? AND destination = ?",
                                              [row["release_id"], row["position"], row["destination"]])


def _change(previous: StoredMatch | None, current: StoredMatch | None) -> TrackChange | None:
    """The status change worth telling a person about: newly flagged, newly missing."""
    before = previous.status if previous else None
    if current is None or current.status == before:
        return None
    if current.status is TrackStatus.FLAGGED:
        return TrackChange.FLAGGED
    if current.status is TrackStatus.MISSING:
        return TrackChange.MISSED
    return None


def _miss_reason(result: MatchResult) -> MissReason:
    return MissReason.BELOW_THRESHOLD if result.considered or result.chosen else MissReason.NO_CANDIDATES


class ImportOutcome(StrEnum):
    """What importing one decision did (:meth:`DecisionImport.import_decision`)."""

    ADDED = "added"
    ALREADY = "already"  # the tracker holds this decision already
    CONFLICT = "conflict"  # the tracker holds a different decision: kept, reported


@dataclass(frozen=True, slots=True)
class ImportedDecision:
    """One decision as an export file holds it (``decided_at``: ISO-8601)."""

    release_id: int
    position: str
    destination: str
    action: ReviewAction
    uri: str
    decided_at: str
    candidate_id: str | None = None
    title: str | None = None
    artists: tuple[str, ...] = ()
    uploader: str | None = None
    confidence: float | None = None

    @property
    def key(self) -> list:
        return [self.release_id, self.position, self.destination]


class DecisionImport(MatchStore):
    """Decisions brought from another tracker (``review import``): each lands as if the
    person had taken it here, even for a track never searched here, so the next sync
    keeps it without a search (a kept track gets a manual match row; a rejected one a
    row that is due for a search, which then skips the rejected candidate)."""

    def import_decision(self, d: ImportedDecision) -> tuple[ImportOutcome, str]:
        """Store ``d`` unless the tracker already holds it or contradicts it; returns the
        outcome and, for a conflict, the sentence saying what the tracker holds."""
        with self.write() as db:
            row = self._one("SELECT * FROM matched_tracks WHERE release_id = ? AND position = ? AND destination = ?",
                            d.key)
            rejected = {r["uri"] for r in self._rows(SQL_REJECTED, d.key)}
            if d.action == ReviewAction.REJECT:
                return self._import_reject(db, d, row, rejected)
            return self._import_keep(db, d, row, rejected)

    def _import_keep(self, db, d: ImportedDecision, row: dict | None, rejected: set[str]):
        manual = row is not None and row["source"] in MANUAL_SOURCES
        if manual and row["uri"] == d.uri:
            return ImportOutcome.ALREADY, ""
        if manual:
            return ImportOutcome.CONFLICT, f"this tracker keeps {row['uri']} ({row['source']}), the file {d.uri}"
        if d.uri in rejected:
            return ImportOutcome.CONFLICT, f"this tracker has {d.uri} rejected, the file keeps it"
        source = MatchSource.OVERRIDE if d.action == ReviewAction.OVERRIDE else MatchSource.APPROVED
        same = row is not None and row["uri"] == d.uri
        values = {
            "uri": d.uri, "candidate_id": row["candidate_id"] if same else d.candidate_id,
            "title": d.title if d.title is not None or not same else row["title"],
            "artists": dumps(list(d.artists)) if d.artists or not same else row["artists"],
            "uploader": d.uploader if d.uploader is not None or not same else row["uploader"],
            "confidence": d.confidence if d.confidence is not None else (row["confidence"] if same else 1.0),
            "components": row["components"] if same else None,
            "decision": Decision.ACCEPTED.value, "ambiguous": 0, "source": str(source), "next_search_at": None,
        }
        match_id = self._ensure_row(db, d, values, row)
        self._log_imported(db, match_id, d)
        db["missing_tracks"].delete_where("release_id = ? AND position = ? AND destination = ?", d.key)
        return ImportOutcome.ADDED, ""

    def _import_reject(self, db, d: ImportedDecision, row: dict | None, rejected: set[str]):
        if d.uri in rejected:
            return ImportOutcome.ALREADY, ""
        if row is not None and row["source"] in MANUAL_SOURCES and row["uri"] == d.uri:
            return ImportOutcome.CONFLICT, f"this tracker keeps {d.uri} ({row['source']}), the file rejects it"
        if row is None or row["uri"] == d.uri:
            # Not searched here yet, or the rejected track is the current match: due for a
            # search, which will pass over the rejected candidate.
            values = {"uri": None, "candidate_id": None, "title": None, "artists": None, "uploader": None,
                      "decision": Decision.NONE.value, "ambiguous": 0, "source": str(MatchSource.AUTO),
                      "next_search_at": d.decided_at}
            match_id = self._ensure_row(db, d, values, row)
        else:
            match_id = row["id"]
        self._log_imported(db, match_id, d)
        return ImportOutcome.ADDED, ""

    def _ensure_row(self, db, d: ImportedDecision, values: dict, row: dict | None) -> int:
        if row is not None:
            db["matched_tracks"].update(row["id"], values)
            return row["id"]
        table = db["matched_tracks"].insert({
            "release_id": d.release_id, "position": d.position, "destination": d.destination,
            "matched_at": d.decided_at, "search_count": 0, **values})
        return table.last_pk

    def _log_imported(self, db, match_id: int, d: ImportedDecision) -> None:
        db["reviews"].insert({
            "match_id": match_id, "release_id": d.release_id, "position": d.position,
            "destination": d.destination, "action": str(d.action), "uri": d.uri,
            "candidate_id": d.candidate_id, "created_at": d.decided_at,
        })
