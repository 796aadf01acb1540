"""The sync plan: desired playlists against actual ones, as pure data (no network, no DB).

For each folder the desired playlist is its matched tracks in Discogs order, without
duplicates. Diffing it against what the platform holds gives, per playlist, the tracks
to add (appended, in Discogs order) and to remove. Rules that keep users' trust:

* only tracks we added (``managed``) are ever removed for leaving the folder; tracks a
  user put in a managed playlist by hand stay;
* a track appearing twice is removed and added back once;
* a folder longer than the platform's playlist limit is split into "Name", "Name (2)"...;
  a track stays in the part it already is in, new tracks fill the first part with room;
* an empty folder keeps (or gets) an empty playlist;
* playlists are deleted only for folders that disappeared from Discogs (the engine
  decides which; the plan only carries them);
* :func:`hold_back` takes the risky parts out of a plan until a person confirms them
  (``--yes``): removals that would empty more than half of a playlist, and deleting a
  playlist that still holds tracks. Everything else still goes ahead, so an unattended
  run keeps making progress and says what it held back.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

# A playlist losing more than this share of its tracks at once waits for a person.
SAFETY_FRACTION = 0.5


@dataclass(frozen=True, slots=True)
class ActualPlaylist:
    """One existing part of a folder's playlist: its items in order and which are ours."""

    id: str
    part: int
    name: str
    items: tuple[str, ...]
    managed: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class PlaylistChange:
    """What to do to one playlist. ``playlist_id`` is ``None`` when it must be created."""

    destination: str
    folder_id: int
    folder_name: str
    part: int
    name: str
    playlist_id: str | None
    add: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    unchanged: int = 0
    # The playlist's items, in order, as this change was planned against (empty for a new one).
    before: tuple[str, ...] = ()
    # Desired tracks already present but not known as ours (e.g. added just before a
    # crash): recorded as ours, not added again.
    adopt: tuple[str, ...] = ()

    @property
    def create(self) -> bool:
        return self.playlist_id is None

    @property
    def net_removed(self) -> int:
        """Tracks that leave the playlist for good (a duplicate removed and re-added is not)."""
        added = set(self.add)
        return sum(1 for uri in self.remove if uri not in added)

    @property
    def is_noop(self) -> bool:
        """True when the platform needs no call (adopting is a tracker-only change)."""
        return not (self.create or self.add or self.remove)


@dataclass(frozen=True, slots=True)
class PlaylistDeletion:
    """A managed playlist whose folder disappeared from Discogs."""

    destination: str
    folder_id: int
    name: str
    playlist_id: str
    tracks: int


@dataclass(frozen=True, slots=True)
class SyncPlan:
    """Every change a sync would make, in the order apply performs them."""

    changes: tuple[PlaylistChange, ...] = ()
    deletions: tuple[PlaylistDeletion, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def creates(self) -> list[PlaylistChange]:
        return [c for c in self.changes if c.create]

    @property
    def additions(self) -> int:
        return sum(len(c.add) for c in self.changes)

    @property
    def removals(self) -> int:
        return sum(len(c.remove) for c in self.changes)

    @property
    def is_empty(self) -> bool:
        return not self.deletions and all(c.is_noop for c in self.changes)

    def as_dict(self) -> dict:
        """A JSON-ready view (for ``--dry-run`` output and the run summary)."""
        return {
            "creates": [c.name for c in self.creates],
            "changes": [
                {"destination": c.destination, "playlist": c.name, "id": c.playlist_id,
                 "add": list(c.add), "remove": list(c.remove), "unchanged": c.unchanged}
                for c in self.changes if not c.is_noop
            ],
            "deletes": [{"destination": d.destination, "playlist": d.name, "id": d.playlist_id}
                        for d in self.deletions],
        }


def part_name(base: str, part: int) -> str:
    """``"Name"`` for part 1, ``"Name (2)"`` for part 2..."""
    return base if part == 1 else f"{base} ({part})"


def dedupe(uris: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """``uris`` without repeats, first occurrence kept."""
    return tuple(dict.fromkeys(uris))


def plan_folder(
    destination: str,
    folder_id: int,
    folder_name: str,
    playlist_name: str,
    desired: list[str] | tuple[str, ...],
    actual: list[ActualPlaylist],
    max_size: int | None = None,
) -> list[PlaylistChange]:
    """The changes that make a folder's playlist(s) hold ``desired`` (Discogs order).

    ``actual`` are the existing parts (any order; none yet: the first is created).
    ``max_size`` is the platform's playlist limit (``None``: unlimited).
    """
    wanted = dedupe(desired)
    wanted_set = set(wanted)
    parts = sorted(actual, key=lambda p: p.part)
    placed: set[str] = set()
    kept: dict[int, list[str]] = {}
    removes: dict[int, list[str]] = {}
    for p in parts:
        kept[p.part], removes[p.part] = _sort_existing(p, wanted_set, placed)
    adds: dict[int, list[str]] = {p.part: [] for p in parts}
    sizes = {p.part: len(p.items) - len(removes[p.part]) for p in parts}
    next_part = (parts[-1].part + 1) if parts else 1
    if not parts:  # the first part always exists, even for an empty folder
        sizes[1], adds[1], kept[1], removes[1] = 0, [], [], []
        next_part = 2
    # Parts only fill up, so the first one with room never moves back: one pass over the
    # parts in all, not one per track (a folder of 20,000 tracks has 40 SoundCloud parts).
    order, room = sorted(sizes), 0
    for uri in wanted:
        if uri in placed:
            continue
        while room < len(order) and max_size is not None and sizes[order[room]] >= max_size:
            room += 1
        if room == len(order):
            order.append(next_part)
            sizes[next_part], adds[next_part], kept[next_part], removes[next_part] = 0, [], [], []
            next_part += 1
        target = order[room]
        adds[target].append(uri)
        sizes[target] += 1
        placed.add(uri)
    by_part = {p.part: p for p in parts}
    return [
        PlaylistChange(
            destination=destination, folder_id=folder_id, folder_name=folder_name, part=n,
            name=by_part[n].name if n in by_part else part_name(playlist_name, n),
            playlist_id=by_part[n].id if n in by_part else None,
            add=tuple(adds[n]), remove=tuple(removes[n]), unchanged=len(kept[n]),
            before=by_part[n].items if n in by_part else (),
            adopt=tuple(u for u in kept[n] if n in by_part and u not in by_part[n].managed),
        )
        for n in sorted(sizes)
    ]


def _sort_existing(p: ActualPlaylist, wanted: set[str], placed: set[str]) -> tuple[list[str], list[str]]:
    """Split a part's items into kept desired tracks and removals; fills ``placed``.

    A desired track already placed in an earlier part, or repeated here, is removed (all
    occurrences go at once on the platforms) and, when it is desired here, added back
    once. Tracks neither desired nor ours are the user's and stay untouched.
    """
    counts = Counter(p.items)
    kept: list[str] = []
    removes: list[str] = []
    for uri in dedupe(p.items):
        desired = uri in wanted
        if desired and uri not in placed and counts[uri] == 1:
            kept.append(uri)
            placed.add(uri)
        elif desired or uri in p.managed:
            removes.append(uri)
    return kept, removes


@dataclass(frozen=True, slots=True)
class HeldBack:
    """A risky part of a plan left undone until a person confirms it with ``--yes``:
    ``removals`` of the playlist's ``tracks`` would have left it (``deleted``: the whole
    playlist, whose folder is gone from Discogs, would have been deleted)."""

    destination: str
    name: str
    removals: int
    tracks: int
    deleted: bool = False

    def describe(self) -> str:
        """``"spotify 'Discogs - House': removing 30 of 40 tracks"`` (or ``"deleting it (4 tracks)"``)."""
        what = (f"deleting it ({self.tracks} tracks)" if self.deleted
                else f"removing {self.removals} of {self.tracks} tracks")
        return f"{self.destination} '{self.name}': {what}"


def _risky(change: PlaylistChange) -> bool:
    return bool(change.before) and change.net_removed > len(change.before) * SAFETY_FRACTION


def hold_back(plan: SyncPlan) -> tuple[SyncPlan, tuple[HeldBack, ...]]:
    """``plan`` without its risky parts, and what was taken out.

    A playlist that would lose more than :data:`SAFETY_FRACTION` of its tracks keeps
    them all (its additions still go ahead, except re-adding a duplicate it would have
    removed first); a playlist whose folder vanished from Discogs is not deleted while
    it holds tracks. An empty playlist of a vanished folder is deleted as planned.
    """
    held: list[HeldBack] = []
    changes: list[PlaylistChange] = []
    for change in plan.changes:
        if not _risky(change):
            changes.append(change)
            continue
        held.append(HeldBack(change.destination, change.name, change.net_removed, len(change.before)))
        removed = set(change.remove)
        changes.append(replace(change, remove=(), add=tuple(u for u in change.add if u not in removed),
                               unchanged=change.unchanged + len(removed & set(change.before))))
    deletions = []
    for deletion in plan.deletions:
        if deletion.tracks:
            held.append(HeldBack(deletion.destination, deletion.name, deletion.tracks, deletion.tracks, True))
        else:
            deletions.append(deletion)
    return replace(plan, changes=tuple(changes), deletions=tuple(deletions)), tuple(held)
