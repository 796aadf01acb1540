"""``song-automations doctor``: is everything in place for the next (unattended) sync?

Each check makes at most a request or two, tries once (no retries, no waiting out a
429) and says what it found and what to do about it:

* the data directory can be written;
* Discogs: the token is accepted, and how much of the minute's request budget is left;
* each configured platform: the login can be refreshed (for Spotify, whose refresh
  tokens die six months after the login, when that will be), the API answers for the
  logged-in user, and whether it is rate limiting us right now.

A platform with no app configured is skipped, not failed: syncing to only one is fine.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from . import platforms
from .auth import TokenStore
from .clients.discogs import DiscogsClient
from .errors import ApiError, AuthError, AuthExpired, RateLimited, TransportFailure
from .exitcodes import ExitCode
from .http import HttpPolicy
from .names import fit
from .settings import OPTIONS

# Warn this long before a Spotify login dies, so a weekly cron user hears in time.
EXPIRY_WARNING_DAYS = 30
# One try, and a 429 is reported rather than waited out. The reads a check makes are the
# clients' critical ones (a sync cannot start without them), so both counts are one.
QUICK = HttpPolicy(attempts=1, critical_attempts=1, retry_after_cap_s=0.0)


class State(StrEnum):
    OK = "ok"
    WARN = "warn"
    FAIL = "fail"
    SKIP = "skip"


@dataclass(frozen=True, slots=True)
class Check:
    """What one check found (``detail``) and, unless all is well, what to do (``advice``)."""

    name: str
    state: State
    detail: str
    advice: str = ""


def run_checks(settings, now: Callable[[], float] = time.time, policy: HttpPolicy = QUICK) -> list[Check]:
    """Every check, in order (see the module docstring)."""
    checks = [_data_dir(settings), _discogs(settings, policy)]
    store = TokenStore(settings.token_dir)
    for name in platforms.PLATFORMS:
        checks += _platform(name, settings, store, policy, now)
    return checks


def exit_code(checks: list[Check]) -> ExitCode:
    """FAILED when a check failed, ATTENTION when one warns, else OK."""
    states = {c.state for c in checks}
    if State.FAIL in states:
        return ExitCode.FAILED
    return ExitCode.ATTENTION if State.WARN in states else ExitCode.OK


def _data_dir(settings) -> Check:
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=settings.data_dir):
            pass
    except OSError as exc:
        return Check("Data directory", State.FAIL, f"{settings.data_dir} cannot be written ({exc.strerror}).",
                     "Set DATA_DIR to a directory you can write, or fix its permissions.")
    return Check("Data directory", State.OK, f"{settings.data_dir} (tracker, logins, logs)")


def _discogs(settings, policy: HttpPolicy) -> Check:
    if not settings.discogs_user_token:
        return Check("Discogs", State.FAIL, "DISCOGS_USER_TOKEN is not set.",
                     "Create a personal access token at https://www.discogs.com/settings/developers and "
                     "put it in .env as DISCOGS_USER_TOKEN.")
    client = DiscogsClient(settings, policy=policy)
    try:
        user = client.identity()
        left, limit = client.budget()
    except AuthError:
        return Check("Discogs", State.FAIL, "Discogs refused DISCOGS_USER_TOKEN.",
                     "Create a new personal access token (Discogs > Settings > Developers) and update .env.")
    except ApiError as exc:
        return _api_failure("Discogs", settings.discogs_api_url, "DISCOGS_API_URL", exc)
    finally:
        client.close()
    return Check("Discogs", State.OK, f"logged in as {user}; {left} of {limit} requests left this minute")


def _platform(name: str, settings, store: TokenStore, policy: HttpPolicy, now) -> list[Check]:
    title = platforms.label(name)
    if not getattr(settings, f"{name}_client_id"):
        return [Check(title, State.SKIP, f"not configured (no {name.upper()}_CLIENT_ID); syncs to {title} "
                                         "will ask for it")]
    try:
        client = platforms.client_class(name)(settings, store, policy=policy)
    except AuthError as exc:
        return [Check(f"{title} login", State.FAIL, str(exc), f"Run `song-automations auth {name}`.")]
    try:
        return _login_and_api(name, title, client, settings, store, now)
    finally:
        client.close()


def _login_and_api(name: str, title: str, client, settings, store: TokenStore, now) -> list[Check]:
    facts = platforms.adapter(name)
    try:
        token = client.tokens.access_token()
        if not facts.REFRESH_TOKENS_SINGLE_USE:
            # Refreshing is the only way to learn whether the refresh token still lives;
            # a single-use one is not spent on a check.
            client.tokens.refresh_after_rejection(token)
    except AuthExpired:
        return [Check(f"{title} login", State.FAIL, f"the {title} login has expired or was revoked.",
                      f"Run `song-automations auth {name}` (or set a new {client.tokens.app.refresh_env}).")]
    except AuthError as exc:
        return [Check(f"{title} login", State.FAIL, str(exc), f"Run `song-automations auth {name}`.")]
    except ApiError as exc:
        token_url = client.tokens.app.token_url
        return [_api_failure(f"{title} login", token_url, _url_setting(settings, token_url), exc)]
    checks = [_login_check(name, title, facts.REFRESH_TOKEN_LIFETIME_DAYS, store.load(name) or {}, now())]
    api_url = getattr(settings, f"{name}_api_url")
    try:
        user = client.account()
    except AuthError as exc:
        checks.append(Check(title, State.FAIL, str(exc), f"Run `song-automations auth {name}`."))
    except ApiError as exc:
        checks.append(_api_failure(title, api_url, f"{name.upper()}_API_URL", exc))
    else:
        checks.append(Check(title, State.OK, f"logged in as {user}; not rate limiting us"))
    return checks


def _login_check(name: str, title: str, lifetime_days: int | None, stored: dict, now: float) -> Check:
    if lifetime_days is None:
        return Check(f"{title} login", State.OK, "stored; renewed at every refresh, so it has no expiry date")
    login_at, first_seen = stored.get("login_at"), stored.get("first_seen_at")
    if not login_at and not first_seen:
        return Check(f"{title} login", State.OK, f"valid; it dies {lifetime_days} days after the login "
                                                "(date unknown)")
    expires = datetime.fromtimestamp(login_at or first_seen) + timedelta(days=lifetime_days)
    days = (expires - datetime.fromtimestamp(now)).days
    when = ("on" if login_at else "on or before") + f" {expires:%Y-%m-%d} (in {days} days)"
    advice = f"Run `song-automations auth {name}` before then, or unattended syncs will stop."
    if days < EXPIRY_WARNING_DAYS:
        return Check(f"{title} login", State.WARN, f"valid, but it expires {when}", advice)
    return Check(f"{title} login", State.OK, f"valid; it expires {when}")


def _url_setting(settings, url: str) -> str:
    """The environment name of the URL setting ``url`` is built on (the longest that
    prefixes it: SPOTIFY_ACCOUNTS_URL, not SPOTIFY_API_URL, for the accounts service)."""
    bases = [(str(getattr(settings, o.attr) or ""), o.env) for o in OPTIONS if o.env.endswith("_URL")]
    found = [(len(base), env) for base, env in bases if base and url.startswith(base.rstrip("/"))]
    return max(found)[1] if found else "the service's URL setting"


def _api_failure(name: str, url: str, setting: str, exc: ApiError) -> Check:
    if isinstance(exc, TransportFailure):
        reason = fit(str(exc.__cause__ or exc), 60)
        return Check(name, State.FAIL, f"cannot reach {url} ({reason})",
                     f"Check the network connection, and {setting} if you changed it.")
    if isinstance(exc, RateLimited):
        return Check(name, State.WARN, f"rate limiting us right now: it asks to wait {exc.retry_after:.0f} s",
                     "Nothing to do: the next sync paces itself; avoid starting several at once.")
    return Check(name, State.FAIL, str(exc), "Try again later; if it persists, see the log in DATA_DIR/logs/.")
