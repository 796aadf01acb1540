"""Spotify track, album and artist objects, written the way Spotify writes them.

Spotify puts versions after a dash ("Café Del Mar - Hardfloor Remix"), featured
artists in parentheses ("Lucky Star (feat. Dizzee Rascal)"), lists featured artists
and remixers in the ``artists`` array, labels many old recordings "- 2012 Remaster",
and many dance tracks "- Original Mix". Objects are in the extended-quota shape
(``popularity``, ``available_markets``, ``followers``); the emulator strips what
development mode no longer returns.
"""

from __future__ import annotations

from song_automations.emulator.gen import ids
from song_automations.emulator.gen.recordings import Recording, is_dance
from song_automations.errors import ConfigError

API = "https://api.spotify.com/v1"
WEB = "https://open.spotify.com"
# A short market list keeps the catalog small; real lists hold ~180 codes.
MARKETS = ["AT", "BE", "CA", "DE", "DK", "ES", "FR", "GB", "IE", "IT", "JP", "NL", "SE", "US"]


# Popularity ranges (0-100) by kind: the record itself usually outranks its decoys,
# though a sped-up edit can be as popular as the original.
_POPULARITY = {"original": (10, 75), "sped_up": (20, 65), "karaoke": (0, 15), "cover": (0, 25)}


def _images(seed: int, kind: str, key: str) -> list[dict]:
    digest = ids.hexid(seed, "sp-image", kind, key, length=24)
    prefix = {"album": "ab67616d", "artist": "ab676161"}[kind]
    return [{"height": size, "url": f"https://i.scdn.co/image/{prefix}{code}{digest}",
             "width": size}
            for size, code in ((640, "0000b273"), (300, "00001e02"), (64, "00004851"))]


def _ref(kind: str, spotify_id: str) -> dict:
    return {"external_urls": {"spotify": f"{WEB}/{kind}/{spotify_id}"},
            "href": f"{API}/{kind}s/{spotify_id}", "id": spotify_id}


def _joined(names: tuple[str, ...]) -> str:
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " & " + names[-1]


def track_name(rec: Recording, seed: int) -> str:
    """The ``name`` Spotify shows for a recording."""
    r = ids.rng(seed, "sp-name", rec.key)
    name = rec.title
    if rec.featured:
        name += f" (feat. {_joined(rec.featured)})"
    version = rec.version
    if version is None and rec.kind == "original":
        if r.random() < 0.3 and rec.album_type == "single" and is_dance(rec):
            version = "Original Mix"
        elif 0 < rec.year < 2000 and not is_dance(rec) and r.random() < 0.4:
            version = r.choice([f"{r.randint(2009, 2022)} Remaster",
                                f"Remastered {r.randint(2009, 2022)}", "Remastered"])
    if rec.mix and rec.kind == "original":
        version = f"{rec.mix} / {version}" if version else rec.mix  # "Respect - Mono / Remastered"
    if version is None:
        return name
    if rec.kind == "karaoke" and version == "Karaoke Version":
        return f"{name} (Karaoke Version)"
    if "Remix" in version and r.random() < 0.2:
        return f"{name} ({version})"
    return f"{name} - {version}"


class SpotifyBuilder:
    """Accumulates tracks, albums and artists; ``add`` returns the new track's id."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._track_ids = ids.UniqueStrings(seed, "sp-track")
        self._album_ids = ids.UniqueStrings(seed, "sp-album")
        self._artist_ids = ids.UniqueStrings(seed, "sp-artist")
        self.artists: dict[str, dict] = {}
        self._artist_refs: dict[str, dict] = {}
        self._albums: dict[str, dict] = {}
        # album id -> the recording that created the album (its label and year feed
        # the album-level fields: copyrights, label, UPC)
        self.album_sources: dict[str, Recording] = {}
        self.tracks: list[dict] = []
        # tracks that exist only on an album (bonus mixes, compilation and decoy album
        # cuts): served by /tracks/{id} and the album routes, never by track search
        self.album_tracks: list[dict] = []
        self._frozen = False

    def artist_ref(self, name: str, styles: tuple[str, ...] = ()) -> dict:
        """The simplified artist object (created with its full object on first use)."""
        if name in self._artist_refs:
            return self._artist_refs[name]
        if self._frozen:
            # a new artist would change the artist list and its figure
            raise ConfigError(f"album-only tracks may not add the Spotify artist {name!r}")
        artist_id = self._artist_ids.get(name)
        ref = {**_ref("artist", artist_id), "name": name, "type": "artist",
               "uri": f"spotify:artist:{artist_id}"}
        r = ids.rng(self.seed, "sp-artist", name)
        self.artists[name] = {
            **ref, "followers": {"href": None, "total": int(10 ** r.uniform(2, 6.3))},
            "genres": sorted({s.lower() for s in styles}),
            "images": _images(self.seed, "artist", name),
            "popularity": r.randint(5, 75),
        }
        self._artist_refs[name] = ref
        return ref

    def _album(self, rec: Recording) -> dict:
        key = f"{rec.album_key}|{rec.album}|{'/'.join(rec.album_artists)}"
        if key in self._albums:
            return self._albums[key]
        album_id = self._album_ids.get(key)
        r = ids.rng(self.seed, "sp-album", key)
        year = rec.year or r.randint(1990, 2005)
        precision = r.choice(["day", "day", "year"])
        date = str(year)
        if precision == "day":
            date += f"-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
        album = {
            "album_type": rec.album_type, "total_tracks": 0, "available_markets": MARKETS,
            **_ref("album", album_id), "images": _images(self.seed, "album", key),
            "name": rec.album or rec.title, "release_date": date,
            "release_date_precision": precision, "type": "album",
            "uri": f"spotify:album:{album_id}",
            "artists": [self.artist_ref(a, rec.styles) for a in rec.album_artists],
        }
        self._albums[key] = album
        self.album_sources[album_id] = rec
        return album

    def add(self, rec: Recording) -> str:
        """Render ``rec`` as a track object and keep it; returns its id."""
        track = self._track(rec, disc_number=1)
        self.tracks.append(track)
        return track["id"]

    def add_album_only(self, rec: Recording, disc_number: int = 1) -> str:
        """Render ``rec`` as a track that only its album lists (see ``album_tracks``)."""
        track = self._track(rec, disc_number)
        self.album_tracks.append(track)
        return track["id"]

    def album_objects(self) -> dict[str, dict]:
        """Every album object made so far (shared with the tracks that embed it), by id."""
        return {album["id"]: album for album in self._albums.values()}

    def has_artist(self, name: str) -> bool:
        return name in self._artist_refs

    def freeze_artists(self) -> None:
        """From now on ``artist_ref`` refuses new names (ConfigError)."""
        self._frozen = True

    def _track(self, rec: Recording, disc_number: int) -> dict:
        """The extended-shape track object of ``rec``; counts it on its album."""
        track_id = self._track_ids.get(rec.key)
        r = ids.rng(self.seed, "sp-track", rec.key)
        album = self._album(rec)
        album["total_tracks"] += 1
        jitter = r.randint(-4000, 4000) if rec.kind == "original" else r.randint(-1500, 1500)
        names = rec.artists + rec.featured + tuple(n for n in rec.remixers if n not in rec.artists)
        low, high = _POPULARITY.get(rec.kind, (0, 45))
        popularity = r.randint(low, high)
        return {
            "album": album,
            "artists": [self.artist_ref(n, rec.styles) for n in dict.fromkeys(names)],
            "available_markets": MARKETS, "disc_number": disc_number,
            "duration_ms": max(30_000, rec.duration_s * 1000 + jitter),
            "explicit": "Hip Hop" in rec.styles and r.random() < 0.4,
            "external_ids": {"isrc": rec.isrc},
            **_ref("track", track_id), "is_local": False,
            "name": track_name(rec, self.seed), "popularity": popularity,
            "preview_url": None, "track_number": rec.track_number,
            "type": "track", "uri": f"spotify:track:{track_id}",
        }

    def section(self) -> dict:
        """The catalog's ``spotify`` section, tracks and artists ordered by id."""
        return {"tracks": sorted(self.tracks, key=lambda t: t["id"]),
                "artists": sorted(self.artists.values(), key=lambda a: a["id"])}
