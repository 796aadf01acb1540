"""Decisions that travel: every approve, reject and override as a file, and back.

``review export`` writes them, ``review import`` reads them into another tracker (a new
machine, a wiped data directory); the app has the same two buttons. The format is
documented in ``docs/decisions.md``: one entry per decision, keyed by Discogs release
id, track position and destination, with the platform URI and when it was decided,
as JSON (entries grouped under ``"<release_id>:<position>:<destination>"``) or CSV (one
row per entry, the same columns).

Importing never overwrites: a decision the tracker already holds is left as it is, one
that contradicts the tracker's is reported as a conflict and skipped, so importing the
same file twice changes nothing the second time.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from . import platforms
from .errors import DataFormatError
from .tracker import ImportedDecision, ImportOutcome, ReviewAction

FORMAT = "song-automations decisions"
VERSION = 1
FORMATS = ("json", "csv")
# The columns of an entry, in order (CSV header, JSON keys). The first six make the
# decision; the rest say what it was about, for people and for the importing tracker.
FIELDS = ("release_id", "position", "destination", "action", "uri", "decided_at",
          "artist", "title", "match_title", "match_artists", "match_uploader", "confidence")
REQUIRED = FIELDS[:5]
# How a list of artists is written in one CSV cell.
ARTISTS_SEPARATOR = "; "


def key(entry: dict) -> str:
    """``"<release_id>:<position>:<destination>"``, the mapping key of an entry."""
    return f"{entry['release_id']}:{entry['position']}:{entry['destination']}"


def entries(tracker) -> list[dict]:
    """Every decision in force in ``tracker``, as entries with :data:`FIELDS`."""
    return [{name: row.get(name) for name in FIELDS} for row in tracker.decisions()]


def render(rows: list[dict], fmt: str, now: datetime | None = None) -> str:
    """``rows`` as the JSON document or the CSV text of the format."""
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "match_artists": ARTISTS_SEPARATOR.join(row.get("match_artists") or [])})
        return out.getvalue()
    grouped: dict[str, list[dict]] = {}
    for row in rows:
        grouped.setdefault(key(row), []).append(row)
    document = {"format": FORMAT, "version": VERSION,
                "exported_at": (now or datetime.now(UTC)).isoformat(timespec="seconds"), "decisions": grouped}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def parse(text: str, source: str = "the file") -> list[ImportedDecision]:
    """The decisions in an export (JSON or CSV, told apart by the first character).

    Raises :class:`DataFormatError` naming ``source`` and the first problems when the
    text is not an export or any entry is unusable: nothing is imported then.
    """
    raw = _json_entries(text, source) if text.lstrip().startswith("{") else _csv_entries(text, source)
    found, problems = [], []
    for where, entry in raw:
        try:
            found.append(_decision(entry))
        except (KeyError, TypeError, ValueError) as exc:
            problems.append(f"{where}: {exc}")
    if problems:
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise DataFormatError(f"{source} has unusable decisions, nothing was imported: "
                              + "; ".join(problems[:3]) + more + ".")
    return found


def _json_entries(text: str, source: str) -> list[tuple[str, dict]]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataFormatError(f"{source} is not JSON ({exc.msg}, line {exc.lineno}).") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise DataFormatError(f"{source} is not a song-automations decisions export "
                              f"(no \"format\": \"{FORMAT}\").")
    if document.get("version") != VERSION:
        raise DataFormatError(f"{source} is version {document.get('version')!r} of the decisions format; "
                              f"this song-automations reads version {VERSION}.")
    grouped = document.get("decisions")
    if not isinstance(grouped, dict):
        raise DataFormatError(f"{source} has no \"decisions\" object.")
    return [(f"{name} #{i + 1}", entry) for name, group in grouped.items()
            for i, entry in enumerate(group if isinstance(group, list) else [group])]


def _csv_entries(text: str, source: str) -> list[tuple[str, dict]]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [name for name in REQUIRED if name not in (reader.fieldnames or ())]
    if missing:
        raise DataFormatError(f"{source} is neither a JSON export nor a CSV export with the columns "
                              f"{', '.join(FIELDS)} (missing {', '.join(missing)}).")
    rows = []
    for line, row in enumerate(reader, start=2):
        artists = row.get("match_artists") or ""
        rows.append((f"line {line}", {**row, "match_artists": [a for a in artists.split(ARTISTS_SEPARATOR) if a]}))
    return rows


def _decision(entry: dict) -> ImportedDecision:
    if not isinstance(entry, dict):
        raise TypeError("an entry must be an object")
    release_id = int(entry["release_id"])
    position, destination, uri = (str(entry[name] or "").strip() for name in ("position", "destination", "uri"))
    if release_id <= 0 or not position:
        raise ValueError("release_id and position must name a Discogs track")
    if destination not in platforms.PLATFORMS:
        raise ValueError(f"destination {destination!r} is not one of {', '.join(platforms.PLATFORMS)}")
    action = ReviewAction(str(entry["action"]))
    if platforms.platform_of(uri) != destination:
        raise ValueError(f"{uri!r} is not a {destination} track URI")
    decided = str(entry.get("decided_at") or "").strip()
    decided_at = datetime.fromisoformat(decided).isoformat() if decided else datetime.now(UTC).isoformat()
    confidence = entry.get("confidence")
    return ImportedDecision(
        release_id=release_id, position=position, destination=destination, action=action, uri=uri,
        decided_at=decided_at, candidate_id=platforms.candidate_id(uri),
        title=entry.get("match_title") or None, artists=tuple(entry.get("match_artists") or ()),
        uploader=entry.get("match_uploader") or None,
        confidence=float(confidence) if confidence not in (None, "") else None,
    )


@dataclass(slots=True)
class ImportReport:
    """What an import did: counts per outcome, and each conflict as a sentence."""

    counts: Counter = field(default_factory=Counter)
    conflicts: list[str] = field(default_factory=list)

    def sentence(self) -> str:
        added, already = self.counts[ImportOutcome.ADDED], self.counts[ImportOutcome.ALREADY]
        text = f"Imported {added} decision{'s' if added != 1 else ''}; {already} were already here"
        if self.conflicts:
            text += f"; {len(self.conflicts)} conflicted with this tracker's and were skipped (listed above)"
        return text + "."


def import_decisions(tracker, decisions: list[ImportedDecision]) -> ImportReport:
    """Bring ``decisions`` into ``tracker`` (see the module docstring)."""
    report = ImportReport()
    for decision in decisions:
        outcome, why = tracker.import_decision(decision)
        report.counts[outcome] += 1
        if outcome is ImportOutcome.CONFLICT:
            report.conflicts.append(f"{decision.release_id}:{decision.position} on {decision.destination}: {why}")
    return report


def read_file(path: Path) -> list[ImportedDecision]:
    """:func:`parse` of a file. Raises :class:`DataFormatError` (or ``OSError``)."""
    return parse(path.read_text(encoding="utf-8"), source=str(path))
