"""The tracker database: what was synced, matched, reviewed and missed (sqlite-utils).

The only package that writes SQL. Screens read its named read models (``reads``);
the sync engine writes through the narrow protocols of ``sync.ports``.
"""

from .catalog import RELEASE_DELETED
from .matches import FolderSlot, ImportedDecision, ImportOutcome, StoredMatch, needs_search
from .playlists import StoredPlaylist
from .store import Tracker, open_tracker
from .vocabulary import MANUAL_SOURCES, MatchSource, MissReason, ReviewAction, RunStatus, TrackChange, TrackStatus

__all__ = ["MANUAL_SOURCES", "FolderSlot", "RELEASE_DELETED", "ImportOutcome", "ImportedDecision", "MatchSource", "MissReason", "ReviewAction", "RunStatus", "StoredMatch",
           "StoredPlaylist", "TrackChange", "TrackStatus", "Tracker", "needs_search", "open_tracker"]
