"""The emulator's ASGI application: every service mounted on one port, one shared middleware.

``create_app(ctx)`` mounts each service module's ``routes(ctx)`` under its prefix
(``context.PREFIXES``) and the control routes under ``/_emulator``. ``ServiceMiddleware``
wraps every service request (never ``/_emulator``) with the ``--latency-ms`` delay, fault
injection (``faults.py``) and a stats record keyed by the route template relative to the
service prefix, e.g. ``"GET /releases/{id}"``, and the final status (0 for a dropped
connection).
"""

from __future__ import annotations

import asyncio
import importlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Match, Mount, Route

from . import control, faults, media
from .context import PREFIXES, EmulatorContext

log = logging.getLogger(__name__)

# (key in PREFIXES, module, function returning its routes). Spotify and SoundCloud are
# imported lazily so the emulator still serves the other services while one is missing.
SERVICE_MOUNTS = (
    ("discogs", "song_automations.emulator.discogs", "routes"),
    ("spotify", "song_automations.emulator.spotify", "routes"),
    ("spotify-accounts", "song_automations.emulator.spotify", "accounts_routes"),
    ("soundcloud", "song_automations.emulator.soundcloud", "routes"),
    ("soundcloud-auth", "song_automations.emulator.soundcloud", "auth_routes"),
)
UNMATCHED_ROUTE = "(unmatched)"


@dataclass(frozen=True)
class ServiceMount:
    """One mounted prefix: which service it counts under and the routes it serves."""

    prefix: str
    service: str
    routes: Sequence[BaseRoute]
    module: Any

    def owns(self, path: str) -> bool:
        return path == self.prefix or path.startswith(self.prefix + "/")


def load_service_module(name: str) -> Any | None:
    """Import a service module, or return ``None`` (with a warning) when it does not exist yet."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        log.warning("emulator module %s is not available; its routes are not mounted", name)
        return None


def service_mounts(ctx: EmulatorContext) -> list[ServiceMount]:
    """Build every available service's routes for ``ctx``."""
    mounts = []
    for key, module_name, factory in SERVICE_MOUNTS:
        module = load_service_module(module_name)
        if module is None:
            continue
        routes = getattr(module, factory)(ctx)
        mounts.append(ServiceMount(PREFIXES[key], module.SERVICE, routes, module))
    return mounts


def create_app(ctx: EmulatorContext) -> Starlette:
    """The whole emulator as one Starlette app (see the module docstring)."""
    mounts = service_mounts(ctx)
    routes: list[BaseRoute] = [Mount(m.prefix, routes=list(m.routes)) for m in mounts]
    views = {m.service: m.module.playlists_view for m in mounts if hasattr(m.module, "playlists_view")}
    routes.append(Mount("/_emulator", routes=control.routes(ctx, views)))
    routes += media.routes(ctx)  # web sites the app shows: not services, so not counted
    return Starlette(routes=routes, middleware=[Middleware(ServiceMiddleware, ctx=ctx, mounts=mounts)])


def route_template(routes: Sequence[BaseRoute], scope: dict[str, Any], root_path: str) -> str:
    """The path template of the route that serves ``scope`` below ``root_path``.

    A route that matches the path but not the method still names the template (the
    request gets a 405 there). Returns ``UNMATCHED_ROUTE`` when nothing matches.
    """
    probe = {"type": "http", "path": scope["path"], "root_path": root_path,
             "method": scope["method"], "path_params": {}}
    partial = None
    for route in routes:
        match, child = route.matches(probe)
        if match is Match.NONE:
            continue
        if isinstance(route, Mount):
            inner = route_template(route.routes, scope, child["root_path"])
            template = route.path + inner if inner != UNMATCHED_ROUTE else UNMATCHED_ROUTE
        else:
            template = route.path if isinstance(route, Route) else UNMATCHED_ROUTE
        if match is Match.FULL:
            return template
        partial = partial or template
    return partial or UNMATCHED_ROUTE


class ServiceMiddleware:
    """Pure-ASGI wrapper adding latency, faults and stats to service requests."""

    def __init__(self, app, ctx: EmulatorContext, mounts: Sequence[ServiceMount]) -> None:
        self.app = app
        self.ctx = ctx
        self.mounts = sorted(mounts, key=lambda m: -len(m.prefix))

    async def __call__(self, scope, receive, send) -> None:
        mount = self._mount_for(scope)
        if mount is None:
            await self.app(scope, receive, send)
            return
        if self.ctx.config.latency_ms > 0:
            await asyncio.sleep(self.ctx.config.latency_ms / 1000.0)
        route = f"{scope['method']} {route_template(mount.routes, scope, scope.get('root_path', '') + mount.prefix)}"
        fault = faults.draw_fault(self.ctx, scope["method"])
        status = 500  # what the client gets if the app raises (ServerErrorMiddleware answers)
        try:
            if fault is None:
                status = await self._serve(scope, receive, send)
            else:
                status = await self._serve_faulted(fault, mount.service, scope, receive, send)
        finally:
            self.ctx.stats.record(mount.service, route, status)

    def _mount_for(self, scope) -> ServiceMount | None:
        if scope["type"] != "http":
            return None
        return next((m for m in self.mounts if m.owns(scope["path"])), None)

    async def _serve(self, scope, receive, send) -> int:
        seen = {"status": 500}

        async def watch(message) -> None:
            if message["type"] == "http.response.start":
                seen["status"] = message["status"]
            await send(message)

        await self.app(scope, receive, watch)
        return seen["status"]

    async def _serve_faulted(self, fault: faults.Fault, service: str, scope, receive, send) -> int:
        status, headers, body = 0, [], b""
        if fault.runs_app:
            status, headers, body = await self._capture(scope, receive)
        kept = faults.kept_headers(service, headers)
        log.debug("injecting %s fault into %s %s (applied=%s)", fault.kind, scope["method"],
                  scope["path"], fault.runs_app)
        if fault.kind != "truncated" or (200 <= status < 300 and body):
            self.ctx.stats.record_fault(service, fault.kind)  # only faults a client can notice
        if fault.kind == "server_error":
            await faults.send_json(send, fault.status, faults.error_body(service, fault.status), kept)
            return fault.status
        if fault.kind == "rate_limit":
            await faults.send_json(send, 429, faults.error_body(service, 429), [*kept, (b"retry-after", b"1")])
            return 429
        if fault.kind in ("reset", "lost_answer"):
            await faults.send_reset(send)
            return 0
        if fault.kind == "timeout":
            # The client stops waiting first; whatever we send afterwards goes nowhere.
            await asyncio.sleep(self.ctx.config.fault_delay_s)
            await send({"type": "http.response.start", "status": status or 504, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return status or 504
        if 200 <= status < 300 and body:
            await faults.send_truncated(send, status, headers, body)
        else:
            # Nothing to cut short (an error or an empty body): the response goes out as served.
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
        return status

    async def _capture(self, scope, receive) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        """Run the app and keep its whole response instead of sending it."""
        start: dict[str, Any] = {"status": 500, "headers": []}
        chunks: list[bytes] = []

        async def collect(message) -> None:
            if message["type"] == "http.response.start":
                start.update(status=message["status"], headers=list(message.get("headers", [])))
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, collect)
        return start["status"], start["headers"], b"".join(chunks)
