"""Every setting in one place.

Settings come from the process environment, then from ``.env`` in the working directory
(the environment wins), then from the defaults below. :data:`OPTIONS` is the one list of
them: :func:`load_settings` reads it, and ``.env.example`` is rendered from it
(:func:`env_example`; a test fails when the file drifts). The score components are the
fields of :class:`MatchWeights` and the decision lines the fields of :class:`Thresholds`;
their environment names derive from the field names.

:func:`load_settings` validates everything up front and raises :class:`ConfigError` with
a sentence naming the offending variable, so a typo never surfaces halfway through a sync.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from dotenv import dotenv_values

from .errors import ConfigError
from .ratelimit import SPOTIFY_LIMIT

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
# The bonus is added to the weighted mean, not weighted itself.
BONUS_FIELD = "version_match_bonus"


def _weight(default: float, about: str, *, prior: bool = False) -> Any:
    # ``prior``: says how likely any upload is to be right (popular, verified), not
    # whether this candidate is the source recording.
    return field(default=default, metadata={"about": about, "prior": prior})


@dataclass(frozen=True, slots=True)
class MatchWeights:
    """Weights of the named score components (see ``matching/score.py``), in the order
    the components are stored and shown.

    A candidate's total is the weighted mean over the components it actually has, so
    the weights need not sum to 1: a component a platform does not report (Spotify's
    popularity in development mode, SoundCloud's verified flag) drops out and the others
    are renormalised. ``version_match_bonus`` is added when the source names a remix,
    edit or dub and the candidate carries the same one; the total is clipped to [0, 1].
    """

    # Defaults: the fit `python benchmarks/tune.py --trials 1000 --out data/fit.json` found
    # (5-fold cross-validated) on the labelled development cases and iTunes-Amazon train
    # and valid, never their test split or the holdout; a test checks they agree.
    artist: float = _weight(0.45, "The candidate's artists cover the source's performers.")
    title: float = _weight(0.783, "Base titles agree (versions and featured credits split off).")
    version: float = _weight(0.542, "Version agreement (remix / edit / dub / live ...) between source and candidate.")
    duration: float = _weight(0.393, "Duration agreement, when both durations are known.")
    label: float = _weight(0.057, "The release's label or catalogue number in the candidate's label, uploader or title.")
    album: float = _weight(0.372, "The candidate's album is the source's release (same title), or the upload names it.")
    isrc: float = _weight(0.0, "Equal ISRCs are decisive on their own; this weight only adds to the mean.")
    verified: float = _weight(0.056, "The uploader is verified (where the platform says so).", prior=True)
    popularity: float = _weight(0.005, "Play counts / popularity (where the platform reports them).", prior=True)
    version_match_bonus: float = field(default=0.015, metadata={
        "about": "Added when the source's remix/edit information matches the candidate's.", "prior": False})

    def as_dict(self) -> dict[str, float]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


# The score components that enter the weighted mean, in storage and display order.
COMPONENTS: tuple[str, ...] = tuple(f.name for f in fields(MatchWeights) if f.name != BONUS_FIELD)
# Components that are evidence about the recording itself (at least one must count).
EVIDENCE: tuple[str, ...] = tuple(f.name for f in fields(MatchWeights)
                                  if f.name in COMPONENTS and not f.metadata["prior"])


def weight_env(name: str) -> str:
    """The environment variable of a :class:`MatchWeights` field ("ARTIST_WEIGHT")."""
    return "VERSION_MATCH_BONUS" if name == BONUS_FIELD else f"{name.upper()}_WEIGHT"


WEIGHT_ENV: dict[str, str] = {f.name: weight_env(f.name) for f in fields(MatchWeights)}


def _threshold(default: float, env: str, about: str) -> Any:
    return field(default=default, metadata={"env": env, "about": about})


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Decision lines on a total score in [0, 1].

    ``minimum``: below it a candidate is not a match at all (below ``medium`` it is only
    reported as the closest miss). ``medium``: from here up to ``high`` the match goes
    into the playlist but is flagged for review. ``high``: accepted without review.
    ``early_exit``: a candidate this good ends the search for its track (no further
    queries are sent). Invariant: 0 <= minimum <= medium <= high <= 1.
    """

    minimum: float = _threshold(0.7, "MIN_CONFIDENCE",
                                "Below this a candidate is no match (the track is reported missing).")
    medium: float = _threshold(0.85, "MEDIUM_CONFIDENCE",
                               "From here up to HIGH_CONFIDENCE the match is added but flagged for review.")
    high: float = _threshold(0.95, "HIGH_CONFIDENCE", "At or above this the match is added without review.")
    early_exit: float = _threshold(0.95, "EARLY_EXIT_CONFIDENCE",
                                   "A candidate this good ends the track's search: no further queries are sent.")


THRESHOLD_ENV: dict[str, str] = {f.name: f.metadata["env"] for f in fields(Thresholds)}


def thresholds_help(t: Thresholds = Thresholds()) -> str:
    """The decision lines in one paragraph (``sync --help``, and so the README)."""
    env = THRESHOLD_ENV
    return (f"Scores run from 0 to 1. A match goes into its playlist from {env['medium']} ({t.medium:g}): "
            f"up to {env['high']} ({t.high:g}) it is flagged for review, at or above it (and not "
            f"ambiguous) it is added without review. From {env['minimum']} ({t.minimum:g}) up to "
            f"{env['medium']} the best candidate is only reported as the closest miss; below "
            f"{env['minimum']} there is none. A search stops early at {env['early_exit']} "
            f"({t.early_exit:g}). Matches you approved or overrode always stay.")


@dataclass(frozen=True, slots=True)
class Settings:
    """The validated configuration of one run. Build it with :func:`load_settings`."""

    discogs_user_token: str | None = field(default=None, repr=False)
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
    emulator_url: str | None = None
    data_dir: Path = Path("~/.song_automations").expanduser()
    playlist_prefix: str = "Discogs -"
    thresholds: Thresholds = Thresholds()
    weights: MatchWeights = MatchWeights()
    max_workers: int = 4
    cache_ttl_days: float = 30.0
    log_level: str = "INFO"
    spotify_rate_limit: int = SPOTIFY_LIMIT
    soundcloud_rate_limit: int = 0

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


# --- reading values ---------------------------------------------------------------------

Reader = Callable[[Mapping[str, str], "Option"], Any]


def _text(values: Mapping[str, str], opt: Option) -> str | None:
    return values.get(opt.env, opt.default)


def _url(values: Mapping[str, str], opt: Option) -> str:
    raw = values.get(opt.env, opt.default)
    if not raw.startswith(("http://", "https://")):
        raise ConfigError(f"{opt.env} must be an http(s) URL, got {raw!r}.")
    return raw.rstrip("/")


def _optional_url(values: Mapping[str, str], opt: Option) -> str | None:
    return _url(values, opt) if values.get(opt.env) else None


def _path(values: Mapping[str, str], opt: Option) -> Path:
    return Path(values.get(opt.env, opt.default)).expanduser()


def number(values: Mapping[str, str], name: str, default: float, lo: float, hi: float) -> float:
    """``values[name]`` as a number in [lo, hi], or ``default`` when unset.
    Raises :class:`ConfigError` naming ``name``."""
    raw = values.get(name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {raw!r}.") from None
    if not lo <= value <= hi:
        raise ConfigError(f"{name} must be between {lo:g} and {hi:g}, got {raw}.")
    return value


def _ranged(lo: float, hi: float, kind: type = float) -> Reader:
    def read(values: Mapping[str, str], opt: Option):
        return kind(number(values, opt.env, opt.default, lo, hi))

    return read


def _log_level(values: Mapping[str, str], opt: Option) -> str:
    level = values.get(opt.env, opt.default).upper()
    if level not in LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, got {level!r}.")
    return level


@dataclass(frozen=True, slots=True)
class Option:
    """One environment setting: where it goes in :class:`Settings`, how it is read, and
    what ``.env.example`` says about it. ``fill_in``: a value the user must supply (shown
    as an empty assignment), as opposed to a default shown commented out."""

    env: str
    attr: str
    group: str
    about: str
    read: Reader = _text
    default: Any = None
    fill_in: bool = False


_DEFAULTS = Settings()
_S, _SC = "Spotify (an app from https://developer.spotify.com/dashboard)", \
    "SoundCloud (an app from https://soundcloud.com/you/apps)"
_URLS = "Where the services live (point these at the emulator to run offline)"
OPTIONS: tuple[Option, ...] = (
    Option("DISCOGS_USER_TOKEN", "discogs_user_token", "Discogs",
           "Personal access token: https://www.discogs.com/settings/developers", fill_in=True),
    Option("SPOTIFY_CLIENT_ID", "spotify_client_id", _S, "", fill_in=True),
    Option("SPOTIFY_CLIENT_SECRET", "spotify_client_secret", _S, "", fill_in=True),
    Option("SPOTIFY_REDIRECT_URI", "spotify_redirect_uri", _S,
           'Must be registered in the app exactly; loopback IP literal, not "localhost".',
           default=_DEFAULTS.spotify_redirect_uri),
    Option("SPOTIFY_REFRESH_TOKEN", "spotify_refresh_token", _S,
           "Optional: lets cron/headless runs work without a browser. Expires 6 months after\n"
           "the original login; then run `song-automations auth spotify` again.", fill_in=True),
    Option("SOUNDCLOUD_CLIENT_ID", "soundcloud_client_id", _SC, "", fill_in=True),
    Option("SOUNDCLOUD_CLIENT_SECRET", "soundcloud_client_secret", _SC, "", fill_in=True),
    Option("SOUNDCLOUD_REDIRECT_URI", "soundcloud_redirect_uri", _SC, "",
           default=_DEFAULTS.soundcloud_redirect_uri),
    Option("SOUNDCLOUD_REFRESH_TOKEN", "soundcloud_refresh_token", _SC,
           "Optional: seeds the token store once. SoundCloud refresh tokens are single-use, so\n"
           "after the first refresh the rotated token lives in DATA_DIR/tokens/ (mode 0600).", fill_in=True),
    Option("DISCOGS_API_URL", "discogs_api_url", _URLS, "", _url, _DEFAULTS.discogs_api_url),
    Option("SPOTIFY_API_URL", "spotify_api_url", _URLS, "", _url, _DEFAULTS.spotify_api_url),
    Option("SPOTIFY_ACCOUNTS_URL", "spotify_accounts_url", _URLS, "", _url, _DEFAULTS.spotify_accounts_url),
    Option("SOUNDCLOUD_API_URL", "soundcloud_api_url", _URLS, "", _url, _DEFAULTS.soundcloud_api_url),
    Option("SOUNDCLOUD_AUTH_URL", "soundcloud_auth_url", _URLS, "", _url, _DEFAULTS.soundcloud_auth_url),
    Option("EMULATOR_URL", "emulator_url", _URLS,
           "Written by `song-automations emulator --env-file`: covers and players are then the\n"
           "emulator's stand-ins too.", _optional_url, ""),
    Option("DATA_DIR", "data_dir", "Local state",
           "Tracker DB (tracker.db), token store (tokens/), logs (logs/). --demo uses DATA_DIR/demo/.",
           _path, "~/.song_automations"),
    Option("PLAYLIST_PREFIX", "playlist_prefix", "Local state",
           'Playlist names are "{PLAYLIST_PREFIX} {folder}", e.g. "Discogs - House".',
           default=_DEFAULTS.playlist_prefix),
    Option("MAX_WORKERS", "max_workers", "Running",
           "Releases processed concurrently (shared per-service rate limiters keep this safe).",
           _ranged(1, 64, int), _DEFAULTS.max_workers),
    Option("CACHE_TTL_DAYS", "cache_ttl_days", "Running",
           "Automatic matches older than this are searched again; reviewed ones never expire.",
           _ranged(0.0, 3650.0), _DEFAULTS.cache_ttl_days),
    Option("LOG_LEVEL", "log_level", "Running",
           "DEBUG, INFO, WARNING or ERROR. The console shows warnings and errors (ERROR: errors\n"
           "only); DEBUG shows every log line and tracebacks on errors. The JSON log in\n"
           "DATA_DIR/logs/ always records everything.",
           _log_level, _DEFAULTS.log_level),
    Option("SPOTIFY_RATE_LIMIT", "spotify_rate_limit", "Running",
           "Spotify calls the app allows itself in any rolling 30 s, shared by all workers. Spotify\n"
           "does not publish its limit; 90 (about 180 a minute) is what developers observe. An emulator\n"
           "started with --rate-scale writes the scaled value into its --env-file.",
           _ranged(1, 1_000_000, int), _DEFAULTS.spotify_rate_limit),
    Option("SOUNDCLOUD_RATE_LIMIT", "soundcloud_rate_limit", "Running",
           "SoundCloud calls the app allows itself per minute; 0 = no pacing (SoundCloud enforces no\n"
           "general limit, so the app only backs off when it answers 429).",
           _ranged(0, 1_000_000, int), _DEFAULTS.soundcloud_rate_limit),
)


def _read_sources(environ: Mapping[str, str] | None, env_file: str | Path | None) -> dict[str, str]:
    values: dict[str, str] = {}
    path = Path(env_file) if env_file is not None else Path.cwd() / ".env"
    if path.is_file():
        values.update({k: v for k, v in dotenv_values(path).items() if v is not None})
    values.update(os.environ if environ is None else environ)
    # An empty assignment (`FOO=`) means "not set", as users of .env files expect.
    return {k: v for k, v in values.items() if v != ""}


def _weights(values: Mapping[str, str]) -> MatchWeights:
    weights = MatchWeights(**{f.name: number(values, weight_env(f.name), f.default, 0.0, 1.0)
                              for f in fields(MatchWeights)})
    if sum(getattr(weights, n) for n in EVIDENCE) <= 0:
        names = ", ".join(weight_env(n) for n in EVIDENCE)
        raise ConfigError(f"At least one of {names} must be above 0.")
    return weights


def _thresholds(values: Mapping[str, str]) -> Thresholds:
    t = Thresholds(**{f.name: number(values, f.metadata["env"], f.default, 0.0, 1.0) for f in fields(Thresholds)})
    if not t.minimum <= t.medium <= t.high:
        raise ConfigError(
            "Confidence thresholds must satisfy MIN_CONFIDENCE <= MEDIUM_CONFIDENCE <= "
            f"HIGH_CONFIDENCE, got {t.minimum:g} / {t.medium:g} / {t.high:g}."
        )
    return t


def load_settings(
    environ: Mapping[str, str] | None = None, env_file: str | Path | None = None
) -> Settings:
    """Read and validate every setting.

    ``environ`` defaults to ``os.environ``; ``env_file`` to ``./.env`` (a missing file
    is fine). Raises :class:`ConfigError` naming the first invalid variable.
    """
    values = _read_sources(environ, env_file)
    return Settings(**{opt.attr: opt.read(values, opt) for opt in OPTIONS},
                    thresholds=_thresholds(values), weights=_weights(values))


# --- .env.example -------------------------------------------------------------------------

ENV_EXAMPLE_HEAD = """\
# song_automations settings. Copy to .env and fill in what you use; the process
# environment wins over this file. Nothing here is needed for `--demo`.
# Lines starting with "# NAME=" show a default: uncomment one only to change it.
# (Generated from song_automations/settings.py by `python -m song_automations.cli_docs --write`.)
"""


def _comment(text: str) -> list[str]:
    return [f"# {line}" for line in text.splitlines() if line]


def _default_text(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def env_example() -> str:
    """The text of ``.env.example``: every setting, credentials to fill in, every tunable
    commented out with its default so copying the file freezes nothing."""
    lines = [ENV_EXAMPLE_HEAD.rstrip("\n")]
    group = None
    for opt in OPTIONS:
        if opt.group != group:
            group = opt.group
            lines += ["", f"# --- {group} " + "-" * max(4, 84 - len(group))]
        lines += _comment(opt.about)
        lines.append(f"{opt.env}=" if opt.fill_in else f"# {opt.env}={_default_text(opt.default)}")
    lines += ["", "# --- Matching decisions (scores are in [0, 1]) " + "-" * 40]
    for f in fields(Thresholds):
        lines += _comment(f.metadata["about"]) + [f"# {f.metadata['env']}={_default_text(f.default)}"]
    lines += ["", "# --- Score weights, each in [0, 1] " + "-" * 52,
              "# The total is a weighted mean over the components a candidate has; components a",
              "# platform does not report (popularity, verified) drop out and the rest renormalise."]
    for f in fields(MatchWeights):
        lines += _comment(f.metadata["about"]) + [f"# {weight_env(f.name)}={_default_text(f.default)}"]
    return "\n".join(lines) + "\n"
