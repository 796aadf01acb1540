"""Failure isolation: what one failed read or write costs a sync run.

A service that keeps failing after the retry policy gave up costs the run only the
playlist that needed it: that playlist is left as it was (or as far as its change got,
every step recorded), reported, logged as a ``playlist_failed`` event, and tried again
by the next run, whose exit code says so (``ExitCode.PARTIAL``). Every other folder's
work goes on. What costs more is named here too:

- the Discogs folder list or identity: nothing can be planned, the run fails;
- a folder's contents: that folder's playlists on every destination;
- a platform's playlist listing: every playlist of that destination;
- a lost login (``AuthError``): the run stops, with the ``auth`` command to run.

Only :class:`~song_automations.errors.ApiError` is isolated: a tracker, login or
programming error still stops the run.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from ..errors import ApiError
from .ports import EventLog

log = logging.getLogger(__name__)

# Where in the run a playlist's work failed.
STAGES = {
    "folder": "its Discogs folder could not be read",
    "listing": "the platform's playlist list could not be read",
    "read": "the playlist could not be read",
    "apply": "the change could not be made",
    "delete": "the playlist could not be deleted",
}


@dataclass(frozen=True, slots=True)
class FailedPlaylist:
    """One playlist this run could not bring up to date; the next run tries again."""

    destination: str
    folder: str
    name: str
    stage: str
    error: str

    @property
    def sentence(self) -> str:
        return f"{self.destination} {self.name!r}: {STAGES[self.stage]} ({self.error})"


class Failures:
    """The playlists a run gave up on, each logged and recorded as a run event once."""

    def __init__(self, events: EventLog, run_id: int | None) -> None:
        self.events = events
        self.run_id = run_id
        self.items: list[FailedPlaylist] = []
        self._keys: set[tuple[str, int]] = set()

    def add(self, destination: str, folder_id: int, folder: str, name: str, stage: str, exc: ApiError) -> None:
        """Give up on ``destination``'s playlist of ``folder`` for this run."""
        failed = FailedPlaylist(destination, folder, name, stage, str(exc))
        log.warning("%s; it is left as it was and tried again next run", failed.sentence)
        self.items.append(failed)
        self._keys.add((destination, folder_id))
        self.events.log_event(self.run_id, "playlist_failed", destination=destination, folder_id=folder_id,
                              name=name, stage=stage, error=str(exc))

    def has(self, destination: str, folder_id: int) -> bool:
        """Whether this folder's playlist on ``destination`` already failed this run."""
        return (destination, folder_id) in self._keys
