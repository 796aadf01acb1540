"""SoundCloud track and user objects (public API shape), written the way uploaders do.

On SoundCloud the uploader decides the title: label channels write
"Artist - Title (X Remix) [CATNO]", artists upload "Title" on their own channel,
blogs post "Premiere: Artist - Title", archive channels add the year, free downloads
shout "[FREE DL]". ``user.username`` is the channel, not necessarily the artist;
``metadata_artist``, ``label_name`` and ``isrc`` are filled only sometimes.
"""

from __future__ import annotations

import random
from dataclasses import replace

from song_automations.emulator.gen import ids
from song_automations.emulator.gen.names import slug
from song_automations.emulator.gen.recordings import Recording, is_dance

API = "https://api.soundcloud.com"
WEB = "https://soundcloud.com"
# Shares of the right recording's uploader kinds.
UPLOADERS = (("label", 45), ("artist", 30), ("premiere", 12), ("archive", 13))
PREVIEW_SHARE = 0.12
TRAP_BLOCKED_SHARE = 0.05


def stamp(r: random.Random, year: int, hour: int | None = None) -> str:
    """SoundCloud's ``"2019/01/15 15:40:49 +0000"`` timestamp in ``year``."""
    hour = r.randint(0, 23) if hour is None else hour
    return (f"{year}/{r.randint(1, 12):02d}/{r.randint(1, 28):02d} "
            f"{hour:02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d} +0000")


def _credit(names: tuple[str, ...]) -> str:
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " & " + names[-1]


def title_with_version(rec: Recording, r: random.Random) -> str:
    """``"Title (feat. Y) (X Remix)"`` as uploaders write it."""
    text = rec.title
    if rec.featured:
        text += f" {r.choice(['ft.', 'feat.', 'Feat.'])} {_credit(rec.featured)}"
    version = rec.version
    if (version is None and rec.kind == "original" and rec.album_type == "single"
            and is_dance(rec) and r.random() < 0.35):
        version = "Original Mix"
    text = f"{text} ({version})" if version else text
    return f"{text} ({rec.mix})" if rec.mix and rec.kind == "original" else text


class SoundCloudBuilder:
    """Accumulates tracks and users; ``add_*`` return the new track's URN."""

    def __init__(self, seed: int, pools: dict) -> None:
        self.seed, self.pools = seed, pools
        self._track_ids = ids.IdPool(seed, "sc-track", 100_000_000, 2_100_000_000)
        self._user_ids = ids.IdPool(seed, "sc-user", 1_000_000, 900_000_000)
        self.users: dict[str, dict] = {}
        self.tracks: list[dict] = []

    def user(self, username: str) -> dict:
        """The embedded user object for a channel (created on first use)."""
        if username in self.users:
            return self.users[username]
        uid = self._user_ids.get(username)
        r = ids.rng(self.seed, "sc-user", username)
        permalink = slug(username, limit=40)
        first, _, last = username.partition(" ")
        avatar = ids.hexid(self.seed, "av", uid, length=16)
        self.users[username] = {
            "id": uid, "urn": f"soundcloud:users:{uid}", "kind": "user", "username": username,
            "permalink": permalink, "permalink_url": f"{WEB}/{permalink}",
            "avatar_url": f"https://i1.sndcdn.com/avatars-{avatar}-large.jpg",
            "uri": f"{API}/users/soundcloud:users:{uid}",
            "full_name": username if r.random() < 0.6 else "",
            "first_name": first, "last_name": last,
            "city": r.choice(["London", "Berlin", "Detroit", "Chicago", "Amsterdam", "", "Paris"]),
            "country": r.choice(["United Kingdom", "Germany", "United States", "Netherlands", ""]),
            "description": None, "followers_count": int(10 ** r.uniform(1.5, 6)),
            "followings_count": r.randint(0, 900), "playlist_count": r.randint(0, 60),
            "public_favorites_count": r.randint(0, 4000), "reposts_count": r.randint(0, 500),
            "track_count": 0, "plan": r.choice(["Free", "Pro Unlimited", "Next Pro"]),
            "created_at": stamp(r, r.randint(2008, 2020)),
            "last_modified": stamp(r, r.randint(2021, 2025)),
            "website": None, "website_title": None, "discogs_name": None,
        }
        return self.users[username]

    def add_original(self, rec: Recording) -> str:
        """Upload the right recording as one uploader would; returns its URN."""
        r = ids.rng(self.seed, "sc-original", rec.key)
        kind = r.choices([k for k, _ in UPLOADERS], weights=[w for _, w in UPLOADERS])[0]
        if kind == "archive" and not 0 < rec.year < 2005:
            kind = "label"  # archive channels keep old records, not this year's
        who, song = _credit(rec.artists), title_with_version(rec, r)
        meta: dict = {}
        if kind == "label":
            username = rec.label if rec.label != "Not On Label" else who
            title = r.choice([f"{who} - {song} [{rec.catno}]", f"{who} - {song} [{rec.label}]",
                              f"{who} - {song}", song])
            meta = {"label_name": rec.label, "isrc": rec.isrc if r.random() < 0.4 else None,
                    "metadata_artist": who if title == song or r.random() < 0.5 else None}
        elif kind == "artist":
            username = rec.artists[0] if r.random() < 0.7 else f"{rec.artists[0]} Official"
            title = f"[FREE DL] {song}" if r.random() < 0.08 else song
            meta = {"label_name": rec.label if r.random() < 0.3 else None}
        elif kind == "premiere":
            username = r.choice(self.pools["premiere_channels"])
            title = r.choice([f"Premiere: {who} - {song}", f"PREMIERE: {who} - {song}",
                              f"PREMIERE | {who} - {song} [{rec.label}]"])
        else:
            username = r.choice(self.pools["archive_channels"])
            title = f"{who} - {song} ({rec.year})" if rec.year else f"{who} - {song}"
        access = "preview" if r.random() < PREVIEW_SHARE else "playable"
        return self._emit(rec, r, username, title, access, meta)

    def add_trap(self, rec: Recording) -> str:
        """Upload a decoy; its title and channel depend on ``rec.kind``."""
        r = ids.rng(self.seed, "sc-trap", rec.key)
        who, song = _credit(rec.artists), title_with_version(rec, r)
        original = rec.extra.get("original", who)
        username, title = rec.artists[0], f"{who} - {song}"
        if rec.kind == "bootleg":
            username = rec.remixers[0] if rec.remixers else r.choice(self.pools["bootleggers"])
            title = r.choice([f"[FREE DL] {who} - {song}", f"{who} - {song}",
                              f"{who} - {song} **FREE DOWNLOAD**"])
        elif rec.kind == "cover":
            username = r.choice(self.pools["cover_uploaders"])
            title = r.choice([f"{rec.title} ({original} cover)", f"{rec.title} - {original} Cover",
                              f"{rec.title} [cover]"])
        elif rec.kind == "karaoke":
            title = f"{rec.title} (Karaoke Instrumental) - {original}"
        elif rec.kind == "dj_mix":
            return self._dj_set(rec, r, original)
        elif rec.kind == "sped_up":
            username = r.choice(self.pools["sped_up_channels"])
            title = r.choice([f"{who} - {rec.title} (sped up)", f"{rec.title.lower()} (sped up)"])
        elif rec.kind == "other_remix" and rec.remixers and r.random() < 0.5:
            username = rec.remixers[0]
        roll = r.random()
        access = ("blocked" if roll < TRAP_BLOCKED_SHARE
                  else "preview" if roll < TRAP_BLOCKED_SHARE + PREVIEW_SHARE else "playable")
        return self._emit(rec, r, username, title, access, {})

    def _dj_set(self, rec: Recording, r: random.Random, original: str) -> str:
        dj, event = rec.extra["dj"], rec.extra["event"]
        year = r.randint(max(rec.year, 2009), 2025)
        title = r.choice([f"{dj} @ {event} {year} (incl. {rec.title})",
                          f"{rec.title} - {dj} Live @ {event}",
                          f"{dj} - {event} {year} [{original} - {rec.title}]"])
        tracklist = f"Tracklist:\n01. ...\n02. {original} - {rec.title}\n03. ..."
        set_rec = replace(rec, duration_s=int(rec.extra["set_s"]))
        return self._emit(set_rec, r, dj, title, "playable", {"description": tracklist})

    def _emit(self, rec: Recording, r: random.Random, username: str, title: str,
              access: str, meta: dict) -> str:
        """Store one upload by ``username``; ``meta`` holds optional public-API fields."""
        # (Keyed by the title without its mix mark, which came later: every upload keeps
        # the id it had, so the labelled sets and benchmarks name the same uploads.)
        tid = self._track_ids.get(rec.key + "|" + (title.replace(f" ({rec.mix})", "") if rec.mix else title))
        urn = f"soundcloud:tracks:{tid}"
        user = self.user(username)
        user["track_count"] += 1
        art = ids.hexid(self.seed, "sc-art", tid, length=20)
        shout = title.upper()
        free = ("FREE" in shout and "DL" in shout) or "DOWNLOAD" in shout
        plays = int(10 ** r.uniform(2.5, 6.3 if rec.kind == "original" else 5.0))
        released = bool(rec.kind == "original" and meta.get("label_name") and rec.year)
        uploaded = min(max(rec.year, 2009 if rec.kind == "original" else 2012)
                       + r.randint(0, 3), 2025)
        self.tracks.append({
            "kind": "track", "id": tid, "urn": urn, "title": title,
            "duration": max(30_000, rec.duration_s * 1000 + r.randint(-3000, 3000)),
            "access": access, "streamable": access != "blocked", "sharing": "public",
            "downloadable": free, "download_url": f"{API}/tracks/{urn}/download" if free else None,
            "artwork_url": f"https://i1.sndcdn.com/artworks-{art}-t500x500.jpg",
            "permalink_url": f"{user['permalink_url']}/{slug(title)}",
            "uri": f"{API}/tracks/{urn}", "stream_url": f"{API}/tracks/{urn}/stream",
            "waveform_url": f"https://wave.sndcdn.com/{art}_m.png",
            "genre": rec.styles[0] if rec.styles else "",
            "tag_list": " ".join(f'"{s}"' if " " in s else s for s in rec.styles[1:]),
            "label_name": meta.get("label_name"), "isrc": meta.get("isrc"),
            "metadata_artist": meta.get("metadata_artist"), "bpm": None, "key_signature": None,
            "release": None, "release_day": r.randint(1, 28) if released else None,
            "release_month": r.randint(1, 12) if released else None,
            "release_year": rec.year if released else None,
            "playback_count": plays, "favoritings_count": plays // r.randint(15, 80),
            "reposts_count": plays // r.randint(150, 900),
            "comment_count": plays // r.randint(300, 3000),
            "download_count": plays // 20 if free else 0,
            "user_favorite": False, "user_playback_count": 0,
            "commentable": True, "embeddable_by": "all", "license": "all-rights-reserved",
            "created_at": stamp(r, uploaded), "description": meta.get("description"),
            "available_country_codes": None, "secret_uri": None,
            "purchase_title": "Buy" if meta.get("label_name") else None,
            "purchase_url": None, "reveal_stats": True, "reveal_comments": True,
            "user": user,
        })
        return urn

    def section(self) -> dict:
        """The catalog's ``soundcloud`` section, tracks and users ordered by id."""
        return {"tracks": sorted(self.tracks, key=lambda t: t["id"]),
                "users": sorted(self.users.values(), key=lambda u: u["id"])}
