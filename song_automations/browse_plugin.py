"""A small Datasette plugin for the tracker: links from a row to where its track lives.

* ``release_id`` links to the release on Discogs;
* ``uri`` and every ``*_uri`` column link to the track's page on its platform
  (:func:`song_automations.platforms.web_link`);
* ``position`` (a track position beside its ``release_id``) links to the track's match
  history, the ``track_history`` canned query.

It also shows scores and seconds to 3 decimals and artist lists as "A, B" (the JSON
stays exact). Other JSON (``components``) is left to datasette-pretty-json.

Registered by :mod:`song_automations.browse_server` for the tracker database only.
"""

from __future__ import annotations

import json

from datasette import hookimpl
from markupsafe import Markup, escape

from .browse import DATABASE, discogs_release_url, track_history_url
from .platforms import web_link

# Columns named "position" that are an order, not a track position.
_NOT_TRACK_POSITIONS = {"folder_releases"}


def _columns(row) -> set[str]:
    return set(row.keys()) if hasattr(row, "keys") else set()


def link_for(row, column: str, value, table: str | None, base_path: str) -> str | None:
    """Where the cell ``column`` = ``value`` of ``row`` should link, or ``None``."""
    if column == "release_id":
        return discogs_release_url(value)
    if column == "uri" or column.endswith("_uri"):
        return web_link(str(value)) or None
    columns = _columns(row)
    if column == "position" and "release_id" in columns and table not in _NOT_TRACK_POSITIONS:
        destination = row["destination"] if "destination" in columns else None
        return track_history_url(base_path, row["release_id"], str(value), destination)
    return None


def shown(column: str, value) -> str | None:
    """How a plain cell reads, when it should read otherwise than Datasette's default."""
    if isinstance(value, float):
        return f"{value:.3f}"
    if column.endswith("artists") and isinstance(value, str) and value.startswith("["):
        try:
            names = json.loads(value)
        except ValueError:
            return None
        return ", ".join(map(str, names)) if isinstance(names, list) else None
    return None


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if database != DATABASE or value in (None, ""):
        return None
    href = link_for(row, column, value, table, datasette.urls.path("").rstrip("/"))
    if href is not None:
        return Markup(f'<a href="{escape(href)}">{escape(str(value))}</a>')
    text = shown(column, value)
    return None if text is None else Markup(escape(text))
