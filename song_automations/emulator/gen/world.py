"""What the track-level build produced, handed to the release-level builders.

The release level (Spotify albums, SoundCloud sets, release truth) is built *after*
the track level and only adds to it, so everything it needs is collected here once:
the planned releases, their recordings, the platform builders and the right answer
per recording.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from song_automations.emulator.gen.recordings import PlannedRelease, Recording, TrackRef
from song_automations.emulator.gen.soundcloud import SoundCloudBuilder
from song_automations.emulator.gen.spotify import SpotifyBuilder


@dataclass
class World:
    """The built track-level catalog plus the generator state behind it.

    ``right[platform][recording_key]`` is the platform entry of a recording (or None);
    ``taken[platform]`` holds every recording key already on that platform (real ones
    and decoys), so new album-only recordings can avoid them.
    """

    seed: int
    pools: dict
    planned: list[PlannedRelease]
    recordings: dict[str, Recording]
    refs: list[TrackRef]
    releases: dict[str, dict]
    spotify: SpotifyBuilder
    soundcloud: SoundCloudBuilder
    right: dict[str, dict[str, str | None]]
    taken: dict[str, set[str]]
    _positions: dict[int, list[TrackRef]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        by_release: defaultdict[int, list[TrackRef]] = defaultdict(list)
        for ref in self.refs:
            by_release[ref.release_id].append(ref)
        self._positions = dict(by_release)

    def positions(self, release_id: int) -> list[TrackRef]:
        """The playable tracks of a release in tracklist order."""
        return self._positions.get(release_id, [])

    def truth(self, platform: str, release_id: int) -> list[str | None]:
        """The right platform entry of each playable track, in tracklist order."""
        answers = self.right[platform]
        return [answers[ref.recording_key] for ref in self.positions(release_id)]

    def home(self, item: PlannedRelease) -> int:
        """The release whose digital edition also serves ``item``.

        A repress carries exactly the recordings of the release it re-presses, so the
        labels publish one digital edition for both; every other release is its own.
        """
        if item.variant_of is None:
            return item.release_id
        own = {ref.recording_key for ref in self.positions(item.release_id)}
        original = {ref.recording_key for ref in self.positions(item.variant_of)}
        return item.variant_of if own and own <= original else item.release_id
