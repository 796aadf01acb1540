"""Small builders for matcher tests (platform-shaped raw objects through the real adapters)."""

from song_automations.adapters import soundcloud, spotify
from song_automations.models import SourceTrack


def source(title="Café Del Mar (Three 'N One Remix)", artists=("Energy 52",), duration_s=485, **kw):
    return SourceTrack(release_id=1234, position="A1", title=title, artists=artists, duration_s=duration_s, **kw)


def sp(track_id, name, artist="Energy 52", duration_s=485, **extra):
    raw = {"id": track_id, "name": name, "artists": [{"id": "a", "name": artist}],
           "album": {"name": "Café Del Mar"}, "duration_ms": int(duration_s * 1000) if duration_s else None, **extra}
    return spotify.candidate(raw)


def sc(number, title, username="someone", duration_s=485, **extra):
    raw = {"urn": f"soundcloud:tracks:{number}", "title": title, "user": {"username": username},
           "duration": int(duration_s * 1000), **extra}
    return soundcloud.candidate(raw)
