"""Every setting in one place.

Settings come from the process environment, then from ``.env`` in the working directory
(the environment wins), then from the defaults below. ``.env.example`` lists them all.
:func:`load_settings` validates everything up front and raises :class:`ConfigError` with
a sentence naming the offending variable, so a typo never surfaces halfway through a sync.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from dotenv import dotenv_values

from .errors import ConfigError

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


@dataclass(frozen=True, slots=True)
class MatchWeights:
    """Weights of the named score components (see ``matching/score.py``).

    A candidate's total is the weighted mean over the components it actually has, so
    the weights need not sum to 1: a component a platform does not report (Spotify's
    popularity in development mode, SoundCloud's verified flag) drops out and the others
    are renormalised. ``version_match_bonus`` is added when the source names a remix,
    edit or dub and the candidate carries the same one; the total is clipped to [0, 1].
    """

    # Defaults tuned with benchmarks/tune.py on training cases only (the project's
    # labelled tuning half and iTunes-Amazon train+valid); see docs/soundcloud-vs-spotify.md.
    artist: float = 0.45
    title: float = 0.55
    verified: float = 0.05
    popularity: float = 0.05
    version: float = 0.75
    duration: float = 0.45
    label: float = 0.10
    isrc: float = 0.0
    version_match_bonus: float = 0.02

    def as_dict(self) -> dict[str, float]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


# Environment variable for each MatchWeights field.
WEIGHT_ENV = {
    "artist": "ARTIST_WEIGHT",
    "title": "TITLE_WEIGHT",
    "verified": "VERIFIED_WEIGHT",
    "popularity": "POPULARITY_WEIGHT",
    "version": "VERSION_WEIGHT",
    "duration": "DURATION_WEIGHT",
    "label": "LABEL_WEIGHT",
    "isrc": "ISRC_WEIGHT",
    "version_match_bonus": "VERSION_MATCH_BONUS",
}


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Decision thresholds on a total score in [0, 1].

    ``high``: accepted without review. ``medium``: from here up to ``high`` the match is
    used but flagged for review. ``minimum``: below it a candidate is not considered a
    match at all. Invariant: 0 <= minimum <= medium <= high <= 1.
    """

    minimum: float = 0.66
    medium: float = 0.81
    high: float = 0.91


@dataclass(frozen=True, slots=True)
class Settings:
    """The validated configuration of one run. Build it with :func:`load_settings`."""

    discogs_user_token: str | None = None
    spotify_client_id: str | None = None
    spotify_client_secret: str | None = field(default=None, repr=False)
    spotify_redirect_uri: str = "http://127.0.0.1:8888/callback"
    spotify_refresh_token: str | None = field(default=None, repr=False)
    soundcloud_client_id: str | None = None
    soundcloud_client_secret: str | None = field(default=None, repr=False)
    soundcloud_redirect_uri: str = "http://127.0.0.1:8889/callback"
    soundcloud_refresh_token: str | None = field(default=None, repr=False)
    discogs_api_url: str = "https://api.discogs.com"
    spotify_api_url: str = "https://api.spotify.com/v1"
    spotify_accounts_url: str = "https://accounts.spotify.com"
    soundcloud_api_url: str = "https://api.soundcloud.com"
    soundcloud_auth_url: str = "https://secure.soundcloud.com"
    data_dir: Path = Path("~/.song_automations").expanduser()
    playlist_prefix: str = "Discogs -"
    thresholds: Thresholds = Thresholds()
    weights: MatchWeights = MatchWeights()
    max_workers: int = 4
    cache_ttl_days: float = 30.0
    log_level: str = "INFO"

    @property
    def tracker_path(self) -> Path:
        return self.data_dir / "tracker.db"

    @property
    def token_dir(self) -> Path:
        return self.data_dir / "tokens"

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    def playlist_name(self, folder: str) -> str:
        return f"{self.playlist_prefix} {folder}".strip()

    def with_overrides(self, **changes) -> Settings:
        return replace(self, **changes)


def _read_sources(environ: Mapping[str, str] | None, env_file: str | Path | None) -> dict[str, str]:
    values: dict[str, str] = {}
    path = Path(env_file) if env_file is not None else Path.cwd() / ".env"
    if path.is_file():
        values.update({k: v for k, v in dotenv_values(path).items() if v is not None})
    values.update(os.environ if environ is None else environ)
    # An empty assignment (`FOO=`) means "not set", as users of .env files expect.
    return {k: v for k, v in values.items() if v != ""}


def _number(values: Mapping[str, str], name: str, default: float, lo: float, hi: float) -> float:
    raw = values.get(name)
    if raw is None:
        return default
    try:
        number = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {raw!r}.") from None
    if not lo <= number <= hi:
        raise ConfigError(f"{name} must be between {lo:g} and {hi:g}, got {raw}.")
    return number


def _url(values: Mapping[str, str], name: str, default: str) -> str:
    raw = values.get(name, default)
    if not raw.startswith(("http://", "https://")):
        raise ConfigError(f"{name} must be an http(s) URL, got {raw!r}.")
    return raw.rstrip("/")


def load_settings(
    environ: Mapping[str, str] | None = None, env_file: str | Path | None = None
) -> Settings:
    """Read and validate every setting.

    ``environ`` defaults to ``os.environ``; ``env_file`` to ``./.env`` (a missing file
    is fine). Raises :class:`ConfigError` naming the first invalid variable.
    """
    v = _read_sources(environ, env_file)
    defaults = Settings()
    weights = MatchWeights(
        **{
            name: _number(v, env, getattr(MatchWeights(), name), 0.0, 1.0)
            for name, env in WEIGHT_ENV.items()
        }
    )
    if sum(getattr(weights, n) for n in ("artist", "title", "version", "duration", "label", "isrc")) <= 0:
        raise ConfigError("At least one of ARTIST_WEIGHT, TITLE_WEIGHT, ... must be above 0.")
    t = Thresholds(
        minimum=_number(v, "MIN_CONFIDENCE", Thresholds().minimum, 0.0, 1.0),
        medium=_number(v, "MEDIUM_CONFIDENCE", Thresholds().medium, 0.0, 1.0),
        high=_number(v, "HIGH_CONFIDENCE", Thresholds().high, 0.0, 1.0),
    )
    if not t.minimum <= t.medium <= t.high:
        raise ConfigError(
            "Confidence thresholds must satisfy MIN_CONFIDENCE <= MEDIUM_CONFIDENCE <= "
            f"HIGH_CONFIDENCE, got {t.minimum:g} / {t.medium:g} / {t.high:g}."
        )
    log_level = v.get("LOG_LEVEL", "INFO").upper()
    if log_level not in LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, got {log_level!r}.")
    return Settings(
        discogs_user_token=v.get("DISCOGS_USER_TOKEN"),
        spotify_client_id=v.get("SPOTIFY_CLIENT_ID"),
        spotify_client_secret=v.get("SPOTIFY_CLIENT_SECRET"),
        spotify_redirect_uri=v.get("SPOTIFY_REDIRECT_URI", defaults.spotify_redirect_uri),
        spotify_refresh_token=v.get("SPOTIFY_REFRESH_TOKEN"),
        soundcloud_client_id=v.get("SOUNDCLOUD_CLIENT_ID"),
        soundcloud_client_secret=v.get("SOUNDCLOUD_CLIENT_SECRET"),
        soundcloud_redirect_uri=v.get("SOUNDCLOUD_REDIRECT_URI", defaults.soundcloud_redirect_uri),
        soundcloud_refresh_token=v.get("SOUNDCLOUD_REFRESH_TOKEN"),
        discogs_api_url=_url(v, "DISCOGS_API_URL", defaults.discogs_api_url),
        spotify_api_url=_url(v, "SPOTIFY_API_URL", defaults.spotify_api_url),
        spotify_accounts_url=_url(v, "SPOTIFY_ACCOUNTS_URL", defaults.spotify_accounts_url),
        soundcloud_api_url=_url(v, "SOUNDCLOUD_API_URL", defaults.soundcloud_api_url),
        soundcloud_auth_url=_url(v, "SOUNDCLOUD_AUTH_URL", defaults.soundcloud_auth_url),
        data_dir=Path(v.get("DATA_DIR", "~/.song_automations")).expanduser(),
        playlist_prefix=v.get("PLAYLIST_PREFIX", defaults.playlist_prefix),
        thresholds=t,
        weights=weights,
        max_workers=int(_number(v, "MAX_WORKERS", 4, 1, 64)),
        cache_ttl_days=_number(v, "CACHE_TTL_DAYS", 30.0, 0.0, 3650.0),
        log_level=log_level,
    )
