"""Logging set-up: a console handler, a rotating JSON-lines file, and secret redaction.

:func:`setup_logging` is called once by the CLI or a notebook. Both handlers carry a
:class:`RedactionFilter`, which masks secrets in every record that reaches them,
including records from third-party loggers (spotipy logs whole request headers at
DEBUG). Two layers, because neither alone is enough:

- patterns for where secrets appear (``Authorization`` headers, ``token=`` query
  values, ``access_token``/``refresh_token``/``client_secret`` fields);
- the exact values of every secret this process knows (settings secrets, and each
  token the token manager obtains: :func:`register_secret`), wherever they appear.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import re
import sys
import threading
from datetime import UTC, datetime

REDACTED = "[REDACTED]"
LOG_FILE_NAME = "song_automations.jsonl"
# Fields http.py attaches to every API-call record; copied into the JSON line.
NOISY_LIBRARIES = ("httpx", "httpcore", "urllib3", "spotipy", "requests")
CALL_FIELDS = ("service", "method", "route", "status", "duration_ms", "attempt", "wait_s")
# Structured payloads other modules attach with ``extra=``: the matcher's decisions.
RECORD_FIELDS = (*CALL_FIELDS, "match")

_PATTERNS = (
    # Authorization: Bearer x / OAuth x / Discogs token=x / Basic x, as header text or dict repr.
    re.compile(r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?)([^'\",}\r\n]+)"),
    re.compile(r"(?i)\b(bearer|oauth|basic)(\s+)([A-Za-z0-9._~+/=-]{6,})"),
    # token=..., access_token=..., refresh_token=..., client_secret=..., code_verifier=...
    re.compile(r"(?i)\b((?:access_|refresh_)?token|client_secret|code_verifier|code)(=)([^&\s'\",]+)"),
    # "access_token": "..." in JSON or a dict repr.
    re.compile(
        r"(?i)(['\"](?:access_token|refresh_token|client_secret|code_verifier|token)['\"]\s*:\s*['\"])([^'\"]+)"
    ),
)

_secrets: set[str] = set()
_secrets_lock = threading.Lock()


def register_secret(value: str | None) -> None:
    """Mask ``value`` wherever it appears in any later log record (short values are ignored)."""
    # Values under 6 characters would mask ordinary words; real tokens are far longer.
    if value and len(value) >= 6:
        with _secrets_lock:
            _secrets.add(value)


def redact(text: str) -> str:
    """``text`` with every known secret value and every secret-shaped field masked."""
    with _secrets_lock:
        known = sorted(_secrets, key=len, reverse=True)
    for value in known:
        if value in text:
            text = text.replace(value, REDACTED)
    for pattern in _PATTERNS:
        text = pattern.sub(_mask_last_group, text)
    return text


def _mask_last_group(match: re.Match[str]) -> str:
    groups = match.groups()
    return "".join(groups[:-1]) + REDACTED


class RedactionFilter(logging.Filter):
    """Rewrites a record's message (and any traceback text) with secrets masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class JsonLinesFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, API-call fields, error."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for name in RECORD_FIELDS:
            if hasattr(record, name):
                entry[name] = getattr(record, name)
        if record.exc_text:
            entry["error"] = record.exc_text
        return redact(json.dumps(entry, default=str))


# ratelimit.py's line when a 429 makes every thread of a service wait.
RATELIMIT_LOGGER = "song_automations.ratelimit"
_PAUSE = re.compile(r"^(?P<service>\S+) answered 429: pausing every request for (?P<seconds>[\d.]+) s")


class RateLimitDigest(logging.Filter):
    """Lets the first rate-limit pause of each service through to the console and counts
    the rest, so a long run says once that a service slowed us down instead of warning
    at every pause; :meth:`summary` gives the totals for the end of the command.

    A pause is logged twice (the 429 answer, then the pause every thread takes); both
    count as one. The JSON log keeps every record.
    """

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._pauses: dict[str, int] = {}
        self._waited: dict[str, float] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status", None) == 429:
            return False  # the pause record that follows says the same
        pause = _PAUSE.match(record.getMessage()) if record.name == RATELIMIT_LOGGER else None
        if pause is None:
            return True
        service, seconds = pause["service"], float(pause["seconds"])
        with self._lock:
            first = service not in self._pauses
            self._pauses[service] = self._pauses.get(service, 0) + 1
            self._waited[service] = self._waited.get(service, 0.0) + seconds
        return first

    def summary(self) -> list[str]:
        """One line per service that paused more than once, e.g. ``"spotify asked us to
        slow down 12 times; the run waited 4 min in all."``"""
        with self._lock:
            return [f"{service} asked us to slow down {count} times; the run waited "
                    f"{_minutes(self._waited[service])} in all."
                    for service, count in sorted(self._pauses.items()) if count > 1]


def _minutes(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.0f} min"


def console_level(log_level: str) -> int:
    """What the console shows: warnings and errors (LOG_LEVEL=ERROR: errors only), or
    everything with LOG_LEVEL=DEBUG. Progress and summaries are the CLI's, not logs."""
    level = logging.getLevelName(log_level)
    return logging.DEBUG if level == logging.DEBUG else max(logging.WARNING, level)


def rate_limit_summary() -> list[str]:
    """The console digest's closing lines (empty before :func:`setup_logging`)."""
    for handler in logging.getLogger().handlers:
        for f in getattr(handler, "filters", ()):
            if isinstance(f, RateLimitDigest):
                return f.summary()
    return []


def remove_handlers() -> None:
    """Take away (and close) the handlers :func:`setup_logging` installed."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_song_automations", False)]:
        root.removeHandler(handler)
        handler.close()


def setup_logging(settings, *, console=None, quiet: bool = False) -> logging.Handler:
    """Configure the root logger for one run; returns the file handler.

    Console: :func:`console_level` of ``settings.log_level`` to stderr (or ``console``,
    any text stream); nothing at all with ``quiet``; repeated rate-limit pauses are
    summarised (:class:`RateLimitDigest`). File: ``DATA_DIR/logs/song_automations.jsonl``,
    always at DEBUG, rotated at 5 MB with 5 backups. Calling it again replaces the
    handlers it installed before.
    """
    for secret in (
        settings.discogs_user_token,
        settings.spotify_client_secret,
        settings.spotify_refresh_token,
        settings.soundcloud_client_secret,
        settings.soundcloud_refresh_token,
    ):
        register_secret(secret)
    remove_handlers()
    root = logging.getLogger()
    settings.log_dir.mkdir(parents=True, exist_ok=True)
    console_handler = logging.StreamHandler(console or sys.stderr)
    console_handler.setLevel(logging.CRITICAL + 1 if quiet else console_level(settings.log_level))
    debugging = settings.log_level == "DEBUG"
    console_handler.setFormatter(logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s: %(message)s" if debugging else "%(levelname)s: %(message)s"))
    if not debugging:
        console_handler.addFilter(RateLimitDigest())
    file_handler = logging.handlers.RotatingFileHandler(
        settings.log_dir / LOG_FILE_NAME, maxBytes=5_000_000, backupCount=5, encoding="utf-8"
    )
    file_handler.setLevel(logging.DEBUG)
    file_handler.setFormatter(JsonLinesFormatter())
    for handler in (console_handler, file_handler):
        handler.addFilter(RedactionFilter())
        handler._song_automations = True  # marks handlers a later call may replace
        root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    # Transport libraries chatter at DEBUG; keep them out unless the user asked for DEBUG.
    library_level = logging.DEBUG if settings.log_level == "DEBUG" else logging.WARNING
    for name in NOISY_LIBRARIES:
        logging.getLogger(name).setLevel(library_level)
    # spotipy logs every non-2xx answer as ERROR before raising, including the 403 our
    # development-mode probe expects; http.py already logs and maps each of them.
    logging.getLogger("spotipy").setLevel(logging.DEBUG if settings.log_level == "DEBUG" else logging.CRITICAL)
    return file_handler
