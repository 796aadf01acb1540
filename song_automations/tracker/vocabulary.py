"""The tracker's words: who decided a match, what a person did, why a track is missing,
and the one status every screen shows.

Each is defined here once. The SQL that stores and reads them (``views.py``,
``matches.py``) is written from these enums, so a renamed value cannot leave a stale
copy behind in a view.
"""

from __future__ import annotations

from enum import StrEnum

from ..models import Decision


class MatchSource(StrEnum):
    """Who decided a track's current match."""

    AUTO = "auto"  # the matcher; re-searched when stale
    APPROVED = "approved"  # a person kept the matcher's pick; never expires
    OVERRIDE = "override"  # a person pinned another track; never expires


# Decisions taken by hand: never replaced by a search, forced or not.
MANUAL_SOURCES: tuple[MatchSource, ...] = (MatchSource.APPROVED, MatchSource.OVERRIDE)


class ReviewAction(StrEnum):
    """What a person can do with a match (``review approve|reject|override``)."""

    APPROVE = "approve"
    REJECT = "reject"
    OVERRIDE = "override"


class MissReason(StrEnum):
    """Why a track has no usable match."""

    BELOW_THRESHOLD = "below_threshold"  # candidates came back, none good enough
    NO_CANDIDATES = "no_candidates"  # the searches returned nothing
    REJECTED = "rejected"  # a person refused the match; searched again later


class TrackStatus(StrEnum):
    """The one status a track has on a destination, as every screen shows it.

    ``matched``: in the playlist, nothing to decide. ``flagged``: in the playlist but
    below HIGH_CONFIDENCE or ambiguous, and nobody has decided yet. ``missing``: not in
    the playlist (no usable match, or rejected). The three never overlap:
    ``matched + flagged`` is what the playlist holds for the folder's tracks.
    """

    MATCHED = "matched"
    FLAGGED = "flagged"
    MISSING = "missing"


def sql_list(values) -> str:
    """``('a', 'b')`` for a SQL ``IN`` clause, from enum members or strings we define."""
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


# The decisions whose chosen candidate goes into a playlist, as SQL.
ADDING_DECISIONS_SQL = sql_list(d.value for d in Decision if d.adds)
MANUAL_SOURCES_SQL = sql_list(s.value for s in MANUAL_SOURCES)


class TrackChange(StrEnum):
    """A track's status moving into ``flagged`` or ``missing`` through a search; each is
    recorded as a run event of that kind (``report changes``, the ATTENTION exit code)."""

    FLAGGED = "track_flagged"
    MISSED = "track_missed"


# releases.status: fetched, or gone from Discogs (404, kept and reported).
RELEASE_OK = "ok"
RELEASE_DELETED = "deleted"


class RunStatus(StrEnum):
    """A sync run's outcome (``sync_runs.status``)."""

    RUNNING = "running"  # started; a crash leaves it so
    OK = "ok"
    PARTIAL = "partial"  # finished, but some playlists or releases failed and wait for the next run
    FAILED = "failed"
    DRY_RUN = "dry_run"
