"""song_automations: Discogs folders and wantlist, kept in sync as Spotify and SoundCloud playlists."""

from .errors import SongAutomationsError
from .settings import Settings, load_settings

__all__ = ["Settings", "SongAutomationsError", "load_settings"]
__version__ = "0.1.0"
