"""The tracker database: what was synced, matched, reviewed and missed (sqlite-utils)."""

from .matches import StoredMatch, needs_search
from .playlists import StoredPlaylist
from .store import Tracker, open_tracker

__all__ = ["StoredMatch", "StoredPlaylist", "Tracker", "needs_search", "open_tracker"]
