"""API clients: Discogs (the source) and the two playlist platforms behind one protocol.

``DiscogsClient`` reads the collection. ``SpotifyClient`` and ``SoundCloudClient``
implement :class:`PlaylistClient`, so the sync engine never asks which platform it is
talking to; platform facts it must respect are attributes (``max_playlist_size``,
``search_limit``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from ..models import Album, AlbumQuery, Candidate, RemotePlaylist, SearchQuery


@runtime_checkable
class PlaylistClient(Protocol):
    """What the sync engine needs from a playlist platform.

    Contracts shared by both implementations:

    - ``max_playlist_size``: 10,000 (Spotify) or 500 (SoundCloud). The *caller* splits
      a longer folder into "Name", "Name (2)", ...; :meth:`replace_items` and
      :meth:`add_items` raise ``errors.PlaylistFull`` rather than truncate.
    - Changes are never blindly re-sent: after an ambiguous failure (timeout, reset,
      5xx, unreadable answer) the client re-reads the playlist and sends only what is
      still missing (or still present, for removals), so no track is added twice.
    - Tracks the platform refuses (SoundCloud's 422 for one un-addable track) are
      isolated: the rest still lands, and :meth:`add_items` and :meth:`replace_items`
      return the refused URIs.
    - Errors come from ``errors.py``: ``NotFound``, ``RateLimited``, ``AuthExpired``...
    """

    platform: str
    max_playlist_size: int | None
    search_limit: int

    def search(self, query: SearchQuery, limit: int | None = None) -> list[Candidate]:
        """Up to ``limit`` (at most ``search_limit``) candidates, best first."""

    def search_albums(self, query: AlbumQuery, limit: int | None = None) -> list[Album]:
        """Albums (Spotify) or sets (SoundCloud) for ``query``, best first; a platform
        whose search returns tracks inline fills ``Album.tracks``, others leave it empty."""

    def album_glimpse(self, query: AlbumQuery, limit: int | None = None) -> list[Album]:
        """Albums or sets for ``query`` with the tracks of them one request shows, best
        first (SoundCloud's set search shows sets whole; Spotify's track search filtered
        by album shows up to ``search_limit`` tracks, and no barcode)."""

    def album(self, album_id: str) -> Album:
        """One album or set with its barcode and every track in order. Raises NotFound."""

    def account(self) -> str:
        """The logged-in user's name on the platform (one request; ``doctor`` uses it)."""

    def track(self, id_or_url: str) -> Candidate:
        """One track by id, URI/URN or platform URL (manual overrides). Raises NotFound."""

    def list_playlists(self) -> list[RemotePlaylist]:
        """The user's playlists without items (``extra["total"]`` holds the size)."""

    def find_playlist(self, playlist_id: str | None, name: str) -> RemotePlaylist | None:
        """The playlist with the stored id if the user still has it, else the first named
        ``name``, with all items; ``None`` when neither exists."""

    def get_playlist(self, playlist_id: str) -> RemotePlaylist:
        """One playlist with every item, in order. Raises NotFound."""

    def create_playlist(self, name: str, description: str = "") -> RemotePlaylist:
        """A new, private, empty playlist (created exactly once, even after a failure)."""

    def add_items(self, playlist_id: str, uris: list[str], present: Sequence[str] | None = None) -> list[str]:
        """Append the URIs not already there; returns the URIs the platform refused.

        ``present``: what the playlist holds, when the caller knows it for certain (one
        it created a moment ago holds nothing); ``None`` reads the playlist first."""

    def remove_items(self, playlist_id: str, uris: list[str]) -> None:
        """Remove every occurrence of ``uris``."""

    def replace_items(self, playlist_id: str, uris: list[str]) -> list[str]:
        """Make the playlist hold ``uris``; returns the URIs the platform refused."""

    def delete_playlist(self, playlist_id: str) -> None:
        """Delete (Spotify: unfollow) the playlist; already gone is fine."""

    def close(self) -> None:
        """Release connections."""
