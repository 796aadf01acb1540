"""Carry out a :class:`~song_automations.sync.plan.SyncPlan` on the platforms.

Playlists are changed in place (never cleared and rebuilt, so "date added" survives):
removals first, then additions appended; the clients split them into the platform's
batch sizes and never send an addition twice. The tracker is updated after each call,
so a sync killed at any moment leaves at worst tracks on the platform that the tracker
does not yet know as ours; the next plan sees them present and adopts them instead of
adding them twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import ApiError
from .plan import PlaylistChange, PlaylistDeletion, SyncPlan
from .ports import PlaylistLedger
from .progress import Progress

if TYPE_CHECKING:  # the clients package imports httpx and friends; only the type is needed
    from ..clients import PlaylistClient

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class AppliedChange:
    """A playlist after its change: its id and items in order as we left them."""

    change: PlaylistChange
    playlist_id: str
    items: tuple[str, ...]
    refused: tuple[str, ...] = ()

    @property
    def added(self) -> tuple[str, ...]:
        """The additions that landed (the platform may refuse some)."""
        refused = set(self.refused)
        return tuple(u for u in self.change.add if u not in refused)


def apply_change(
    change: PlaylistChange,
    client: PlaylistClient,
    tracker: PlaylistLedger,
    description: str = "",
) -> AppliedChange:
    """Create (if needed), then remove, then add; record each step in the tracker.

    Raises the client's :class:`~song_automations.errors.ApiError` on a failed call
    (earlier steps stay recorded).
    """
    before = change.before
    dest = change.destination
    playlist_id = change.playlist_id
    if playlist_id is None:
        created = client.create_playlist(change.name, description)
        playlist_id = created.id
        tracker.save_playlist(dest, playlist_id, change.folder_id, change.part, change.name, items=())
        log.info("%s: created playlist %r (%s)", dest, change.name, playlist_id)
    if change.adopt:
        tracker.add_managed(dest, playlist_id, list(change.adopt))
    if change.add or change.remove:
        # Forget the version marker first: if we die mid-change, the next run reads the
        # playlist instead of trusting items that are no longer true.
        tracker.set_playlist_state(dest, playlist_id, before, snapshot=None)
    if change.remove:
        client.remove_items(playlist_id, list(change.remove))
        tracker.remove_managed(dest, playlist_id, list(change.remove))
    added, refused = change.add, ()
    if added:
        # A track the platform refused (SoundCloud's 422) is not in the playlist.
        # A playlist created just now holds nothing: no need to read it first.
        refused = tuple(client.add_items(playlist_id, list(added), present=() if change.playlist_id is None else None))
        added = tuple(u for u in added if u not in set(refused))
        tracker.add_managed(dest, playlist_id, list(added))
    removed = set(change.remove)
    items = tuple(u for u in before if u not in removed) + added
    # The new version marker is unknown until the platform is asked again (the engine does).
    tracker.set_playlist_state(dest, playlist_id, items, snapshot=None)
    if change.add or change.remove:
        log.info("%s: %r +%d -%d", dest, change.name, len(change.add), len(change.remove))
    return AppliedChange(change, playlist_id, items, refused)


def apply_deletion(deletion: PlaylistDeletion, client: PlaylistClient, tracker: PlaylistLedger) -> None:
    """Delete (unfollow, on Spotify) a playlist whose folder left Discogs, and forget it."""
    client.delete_playlist(deletion.playlist_id)
    tracker.forget_playlist(deletion.destination, deletion.playlist_id)
    log.info("%s: deleted playlist %r (%s)", deletion.destination, deletion.name, deletion.playlist_id)


OnFailure = Callable[["PlaylistChange | PlaylistDeletion", ApiError], None]


def apply_plan(
    plan: SyncPlan,
    clients: dict[str, PlaylistClient],
    tracker: PlaylistLedger,
    progress: Progress | None = None,
    run_id: int | None = None,
    on_failure: OnFailure | None = None,
) -> list[AppliedChange]:
    """Apply every change, then every deletion; return the changed playlists.

    Changes that need no platform call are only recorded (adopted tracks). Each change
    is logged as an event of run ``run_id``. With ``on_failure``, a change or deletion
    that fails with an :class:`ApiError` is handed to it and the rest goes on (the
    other parts of the same folder's playlist on that destination are skipped, so a
    split folder is never half-moved); without it the error is raised.
    """
    work = [c for c in plan.changes if not c.is_noop or c.adopt]
    if progress:
        progress.expect("applying", len(work) + len(plan.deletions))
    applied = []
    failed: set[tuple[str, int]] = set()
    for change in work:
        if (change.destination, change.folder_id) in failed:
            continue
        try:
            done = apply_change(change, clients[change.destination], tracker)
        except ApiError as exc:
            if on_failure is None:
                raise
            failed.add((change.destination, change.folder_id))
            on_failure(change, exc)
            continue
        applied.append(done)
        tracker.log_event(run_id, "playlist_changed", destination=change.destination, folder_id=change.folder_id,
                          playlist_id=done.playlist_id, name=change.name, created=change.create,
                          added=len(change.add), removed=len(change.remove), refused=list(done.refused),
                          added_uris=list(done.added), removed_uris=list(change.remove))
        if progress:
            progress.step("applying", change.name)
    for deletion in plan.deletions:
        try:
            apply_deletion(deletion, clients[deletion.destination], tracker)
        except ApiError as exc:
            if on_failure is None:
                raise
            on_failure(deletion, exc)
            continue
        tracker.log_event(run_id, "playlist_deleted", destination=deletion.destination,
                          folder_id=deletion.folder_id, playlist_id=deletion.playlist_id, name=deletion.name)
        if progress:
            progress.step("applying", deletion.name)
    return applied
