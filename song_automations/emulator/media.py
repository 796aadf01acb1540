"""Stand-ins for the web sites the app shows, so the demo looks real offline.

Not APIs, so never counted, delayed or faulted (``app.py`` mounts them beside the
services). Each prefix stands in for a site in ``context.SITES``:

* ``/discogs-images/...``: the covers of ``i.discogs.com``. Every image address in a
  release's payload (``images[].uri``, ``uri150``, ``resource_url``, ``thumb``) answers
  with a small SVG sleeve drawn from that release: its colour, artist, title, label.
* ``/spotify-web/embed/track/{id}`` (and ``/track/{id}``): Spotify's track embed.
* ``/soundcloud-widget/player/?url=...``: SoundCloud's widget, for a track URL ending in
  its numeric id or URN.

A player page shows the catalog track (title, artists, album or uploader, length) with
a play button that really plays: a quiet tone for the track's length, the bar and the
clock moving (``body[data-state]`` says ``paused`` or ``playing``, for tests).
"""

from __future__ import annotations

import hashlib
import html
import re
from functools import cached_property
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route

from .context import SITES, EmulatorContext

IMAGE_HOST, SPOTIFY_HOST, WIDGET_HOST = SITES
_SUFFIX = re.compile(r"\s*\(\d+\)$")
_TRACK_IN_URL = re.compile(r"tracks/(?:soundcloud(?::|%3A)tracks(?::|%3A))?(\d+)/?$")


class Media:
    """The catalog as the stand-in sites need it, indexed on first use."""

    def __init__(self, ctx: EmulatorContext) -> None:
        self.ctx = ctx

    @cached_property
    def release_of_image(self) -> dict[str, dict[str, Any]]:
        """Image path (below the host) -> the release it belongs to."""
        found: dict[str, dict[str, Any]] = {}
        for release in self.ctx.catalog.discogs.get("releases", {}).values():
            urls = [release.get("thumb"), release.get("cover_image")]
            for image in release.get("images") or []:
                urls += [image.get("uri"), image.get("uri150"), image.get("resource_url")]
            for url in urls:
                if isinstance(url, str) and url.startswith(IMAGE_HOST + "/"):
                    found[url[len(IMAGE_HOST):]] = release
        return found

    @cached_property
    def spotify_tracks(self) -> dict[str, dict[str, Any]]:
        catalog = self.ctx.catalog.spotify
        return {t["id"]: t for t in [*catalog.get("tracks", []), *catalog.get("album_tracks", [])]}

    @cached_property
    def soundcloud_tracks(self) -> dict[int, dict[str, Any]]:
        return {int(str(t.get("urn") or t["id"]).rsplit(":", 1)[-1]): t
                for t in self.ctx.catalog.soundcloud.get("tracks", [])}


def routes(ctx: EmulatorContext) -> list[BaseRoute]:
    """One ``Mount`` per stand-in site, at its ``SITES`` prefix."""
    media = Media(ctx)

    async def image(request: Request) -> Response:
        release = media.release_of_image.get("/" + request.path_params["path"])
        if release is None:
            return Response(b"", status_code=404)
        return Response(cover_svg(release), media_type="image/svg+xml",
                        headers={"Cache-Control": "public, max-age=86400"})

    async def spotify_embed(request: Request) -> Response:
        track = media.spotify_tracks.get(request.path_params["track_id"])
        if track is None:
            return HTMLResponse(_missing("Spotify"), status_code=404)
        artists = ", ".join(a.get("name", "") for a in track.get("artists") or [])
        album = (track.get("album") or {}).get("name") or ""
        return HTMLResponse(player_page("Spotify", "#1db954", track.get("name") or "", artists, album,
                                        track.get("duration_ms") or 0))

    async def soundcloud_widget(request: Request) -> Response:
        found = _TRACK_IN_URL.search(request.query_params.get("url", ""))
        track = media.soundcloud_tracks.get(int(found.group(1))) if found else None
        if track is None:
            return HTMLResponse(_missing("SoundCloud"), status_code=404)
        uploader = (track.get("user") or {}).get("username") or ""
        artist = track.get("metadata_artist") or uploader
        return HTMLResponse(player_page("SoundCloud", "#ff5500", track.get("title") or "", artist,
                                        f"uploaded by {uploader}" if uploader else "", track.get("duration") or 0))

    return [
        Mount(SITES[IMAGE_HOST], routes=[Route("/{path:path}", image, methods=["GET"])]),
        Mount(SITES[SPOTIFY_HOST], routes=[
            Route("/embed/track/{track_id}", spotify_embed, methods=["GET"]),
            Route("/track/{track_id}", spotify_embed, methods=["GET"]),
        ]),
        Mount(SITES[WIDGET_HOST], routes=[Route("/player/", soundcloud_widget, methods=["GET"])]),
    ]


def _hue(seed: str) -> int:
    return int(hashlib.sha256(seed.encode()).hexdigest()[:4], 16) % 360


def _short(text: str, limit: int) -> str:
    return html.escape(text if len(text) <= limit else text[: limit - 1] + "…")


def cover_svg(release: dict[str, Any]) -> str:
    """A record sleeve for ``release``: a disc on the release's own colour, its label on
    the centre, artist and title below."""
    hue = _hue(str(release.get("id")))
    artist = " ".join(f"{_SUFFIX.sub('', str(a.get('anv') or a.get('name') or ''))} {a.get('join') or ''}"
                      for a in release.get("artists") or []).strip(" ,").replace(" ,", ",")
    label = next((str(x.get("name") or "") for x in release.get("labels") or []), "")
    year = str(release.get("year") or "")
    grooves = "".join(f'<circle cx="300" cy="260" r="{r}" fill="none" stroke="#2a2a2a" stroke-width="2"/>'
                      for r in range(80, 200, 14))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600" viewBox="0 0 600 600">'
        f'<rect width="600" height="600" fill="hsl({hue},45%,30%)"/>'
        '<circle cx="300" cy="260" r="200" fill="#111"/>' + grooves +
        f'<circle cx="300" cy="260" r="66" fill="hsl({(hue + 40) % 360},65%,58%)"/>'
        '<circle cx="300" cy="260" r="6" fill="#111"/>'
        f'<text x="300" y="250" font-family="sans-serif" font-size="15" fill="#111" text-anchor="middle">'
        f'{_short(label, 16)}</text>'
        f'<text x="300" y="280" font-family="sans-serif" font-size="15" fill="#111" text-anchor="middle">'
        f'{html.escape(year)}</text>'
        f'<text x="300" y="512" font-family="sans-serif" font-size="36" font-weight="bold" fill="#fff" '
        f'text-anchor="middle">{_short(artist, 26)}</text>'
        f'<text x="300" y="558" font-family="sans-serif" font-size="28" fill="#eee" text-anchor="middle">'
        f'{_short(str(release.get("title") or ""), 32)}</text>'
        "</svg>"
    )


def _clock(ms: int) -> str:
    seconds = max(int(ms) // 1000, 0)
    return f"{seconds // 60}:{seconds % 60:02d}"


def _missing(site: str) -> str:
    return f"<!doctype html><p>This track is not on the emulator's {site}.</p>"


PLAYER_SCRIPT = """
const body = document.body, button = document.getElementById("play"), fill = document.getElementById("fill"),
      clock = document.getElementById("clock"), total = Number(body.dataset.durationMs) || 30000;
let audio = null, started = 0, elapsed = 0, timer = null;
function show() {
  const ms = Math.min(elapsed, total), s = Math.floor(ms / 1000);
  fill.style.width = (100 * ms / total) + "%";
  clock.textContent = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0") + " / " + body.dataset.length;
}
function stop() {
  clearInterval(timer); timer = null; body.dataset.state = "paused"; button.textContent = "\\u25B6";
  button.setAttribute("aria-label", "Play");
  if (audio) { audio.close(); audio = null; }
}
button.addEventListener("click", () => {
  if (timer) { stop(); return; }
  try {  // a quiet tone stands in for the music; the clock runs even where audio cannot
    audio = new AudioContext();
    const tone = audio.createOscillator(), gain = audio.createGain();
    tone.frequency.value = 220; gain.gain.value = 0.02; tone.connect(gain).connect(audio.destination); tone.start();
  } catch (err) { audio = null; }
  started = Date.now() - elapsed; body.dataset.state = "playing"; button.textContent = "\\u275A\\u275A";
  button.setAttribute("aria-label", "Pause");
  timer = setInterval(() => { elapsed = Date.now() - started; show(); if (elapsed >= total) { elapsed = 0; stop(); } }, 200);
});
show();
"""


def player_page(site: str, colour: str, title: str, artist: str, detail: str, duration_ms: int) -> str:
    """An embeddable player for one track in ``site``'s colour (see the module docstring)."""
    e = html.escape
    hue = _hue(title + artist)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{e(title)} ({e(site)} player, emulator)</title>
<style>
body {{ margin: 0; font: 14px/1.35 system-ui, sans-serif; background: #181818; color: #fff; }}
.card {{ display: flex; gap: 12px; align-items: center; padding: 12px; }}
.art {{ width: 64px; height: 64px; border-radius: 4px; background: hsl({hue},50%,40%); flex: none; }}
.meta {{ flex: 1; min-width: 0; }}
.title {{ font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }}
.artist, .detail, .note {{ color: #bbb; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }}
.note {{ font-size: 11px; color: #888; }}
.bar {{ height: 4px; background: #444; border-radius: 2px; margin-top: 6px; }}
#fill {{ height: 4px; width: 0; background: {colour}; border-radius: 2px; }}
#play {{ width: 44px; height: 44px; border-radius: 50%; border: 0; background: {colour}; color: #000;
        font-size: 16px; cursor: pointer; flex: none; }}
</style></head>
<body data-state="paused" data-duration-ms="{int(duration_ms)}" data-length="{_clock(duration_ms)}">
<div class="card">
  <div class="art"></div>
  <div class="meta">
    <div class="title">{e(title)}</div><div class="artist">{e(artist)}</div><div class="detail">{e(detail)}</div>
    <div class="bar"><div id="fill"></div></div>
    <div class="note"><span id="clock">0:00 / {_clock(duration_ms)}</span> · {e(site)} stand-in served by the
      emulator: a quiet tone, nothing leaves this machine</div>
  </div>
  <button id="play" aria-label="Play">&#9654;</button>
</div>
<script>{PLAYER_SCRIPT}</script>
</body></html>"""
