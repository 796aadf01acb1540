"""The :class:`Tracker`: the one object the engine, CLI and notebooks open.

Its operations live in one module per concern (``catalog``, ``matches``, ``playlists``,
``runs``, and the screens' ``reads``); this class only puts them together on one
connection. Code that needs only part of it (the sync engine) is typed against the
narrow protocols in :mod:`song_automations.sync.ports`.
"""

from __future__ import annotations

from pathlib import Path

from .base import Clock, utc_now
from .catalog import CatalogStore
from .matches import DecisionImport
from .playlists import PlaylistStore
from .reads import ReadModels
from .runs import RunStore


class Tracker(CatalogStore, DecisionImport, PlaylistStore, RunStore, ReadModels):
    """The tracker database at ``path`` (created and migrated on open).

    Thread-safe: every method takes the one writer lock. Raises
    :class:`~song_automations.errors.TrackerError` when the file cannot be opened or
    migrated. ``clock`` returns an aware UTC ``datetime`` (tests move time with it).
    """

    def __init__(self, path: str | Path, clock: Clock = utc_now) -> None:
        super().__init__(path, clock)


def open_tracker(settings) -> Tracker:
    """The tracker at ``settings.tracker_path``."""
    return Tracker(settings.tracker_path)
