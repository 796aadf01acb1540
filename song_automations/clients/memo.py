"""A platform client whose read-only lookups are remembered for one sync run.

The same query comes up more than once in a run: a track on a single and again on its
album, two pressings of one record with the same title and artist. Search results and
albums do not change in the minutes a run takes, so the second ask is answered from
memory instead of costing a request against the platform's rate limit.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from ..models import Album, AlbumQuery, Candidate, SearchQuery
    from . import PlaylistClient

T = TypeVar("T")

# Lookups kept per platform: about 10 MB of candidates, whatever the collection's size
# (least recently used go first); a demo-sized run's repeats all fit.
MEMO_SIZE = 512


class LookupMemo:
    """``client`` with :meth:`search`, :meth:`search_albums`, :meth:`album_glimpse` and
    :meth:`album` remembered (thread-safe, at most ``size`` answers). A failed lookup is
    not remembered. Everything else, writes included, goes straight to ``client``."""

    def __init__(self, client: PlaylistClient, size: int = MEMO_SIZE) -> None:
        self._client = client
        self._size = size
        self._answers: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)

    def search(self, query: SearchQuery, limit: int | None = None) -> list[Candidate]:
        return self._recall(("search", query, limit), lambda: self._client.search(query, limit))

    def search_albums(self, query: AlbumQuery, limit: int | None = None) -> list[Album]:
        return self._recall(("albums", query, limit), lambda: self._client.search_albums(query, limit))

    def album_glimpse(self, query: AlbumQuery, limit: int | None = None) -> list[Album]:
        return self._recall(("glimpse", query, limit), lambda: self._client.album_glimpse(query, limit))

    def album(self, album_id: str) -> Album:
        return self._recall(("album", album_id), lambda: self._client.album(album_id))

    def _recall(self, key: Hashable, ask: Callable[[], T]) -> T:
        with self._lock:
            if key in self._answers:
                self._answers.move_to_end(key)
                self.hits += 1
                return self._answers[key]
        answer = ask()  # outside the lock: other threads' lookups go on meanwhile
        with self._lock:
            self._answers[key] = answer
            while len(self._answers) > self._size:
                self._answers.popitem(last=False)
        return answer
