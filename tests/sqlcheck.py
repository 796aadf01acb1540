"""Tests read the tracker's tables directly to check the rows a run wrote.

The package itself never does this outside ``song_automations/tracker`` (its screens
use the tracker's named read models); tests are the outside observer.
"""

from __future__ import annotations


def sql_rows(tracker, sql: str, params=()) -> list[dict]:
    """Every row of a read query against ``tracker``'s database, as dicts."""
    return list(tracker.db.query(sql, params))


def sql_one(tracker, sql: str, params=()) -> dict | None:
    """The first row of a read query, or ``None``."""
    rows = sql_rows(tracker, sql, params)
    return rows[0] if rows else None
