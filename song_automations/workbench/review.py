"""The review view: flagged matches with the record in front of you, their candidates,
a new search, and decisions on them (and on the whole set: export and import).

Decisions are :mod:`song_automations.reviewing`'s, the same the CLI makes; an override
resolves the user's URL/URI/ID with the destination's client first, exactly as the CLI.
The release, tracklist and players come from :mod:`song_automations.review_context`.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from .. import browse, decisions, platforms, reviewing
from ..matching.score import STORED
from ..models import Candidate, ReleaseInfo, Stage
from ..names import platform_artist, track_line
from ..review_context import CandidateView, ReviewContext, review_context, scored_view
from ..reviewing import breakdown
from .session import shared_client

ACTIONS = reviewing.ACTIONS
REVIEW_COLUMNS = ["review_id", "destination", "source", "release", "match", "confidence", "ambiguous",
                  "found_by", "why", "link"]
# How the review table names the stage that decided a match (models.Stage values).
FOUND_BY = {Stage.RELEASE: "release's album", Stage.TRACK: "track search"}
CANDIDATE_COLUMNS = ["chosen", "candidate", "score", *STORED, "query", "uri", "link"]
_CELL = ' style="padding:1px 6px"'
PLAYER_HEIGHT = {"spotify": 152, "soundcloud": 166}  # the real widgets' compact heights, in px


def platform_link(uri: str | None) -> str:
    """A web link to a track URI/URN ("" when it has none)."""
    return platforms.web_link(uri)


def review_frame(tracker, destination: str | None = None, data_dir: Path | None = None) -> pd.DataFrame:
    """Matches awaiting review (the ``flagged_for_review`` view), least confident first.

    With ``data_dir`` and a ``song-automations browse`` serving it, a ``history`` column
    links each match to its track's history page in Datasette.
    """
    base = browse.running_url(data_dir) if data_dir else None
    rows = [{
        "review_id": r["review_id"], "destination": r["destination"],
        "source": track_line(r["source_artist"], r["source_title"]),
        "release": r["release_title"] or "",
        "match": track_line(platform_artist(r["match_artists"], r["match_uploader"]), r["match_title"]),
        "confidence": round(r["confidence"], 3) if r["confidence"] is not None else None,
        "ambiguous": bool(r["ambiguous"]), "found_by": FOUND_BY.get(r["stage"], ""),
        "why": breakdown(r["components"]), "link": platform_link(r["uri"]),
        **({"history": browse.track_history_url(base, r["release_id"], r["position"], r["destination"])}
           if base else {}),
    } for r in tracker.review_rows(destination)]
    return pd.DataFrame(rows, columns=[*REVIEW_COLUMNS, *(["history"] if base else [])])


def context(runtime, tracker, review_id: int) -> ReviewContext:
    """Everything to review ``review_id``: its release, tracklist, candidates and players
    (the emulator's stand-ins when the runtime has one). Raises ``TrackerError``."""
    return review_context(tracker, review_id, _emulator_url(runtime))


def _emulator_url(runtime) -> str | None:
    return runtime.settings.emulator_url if runtime is not None else None


def _frame(views: list[CandidateView]) -> pd.DataFrame:
    rows = [{"chosen": v.chosen, "candidate": track_line(v.artist, v.title),
             "score": None if v.score is None else round(v.score, 3),
             **{name: v.components.get(name) for name in STORED},
             "query": v.query, "uri": v.uri, "link": v.link} for v in views]
    frame = pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)
    components = list(STORED)
    frame[components] = frame[components].astype(float).round(3)  # None -> NaN: absent, not zero
    return frame


def candidate_frame(tracker, review_id: int, runtime=None) -> pd.DataFrame:
    """The chosen and alternative candidates of the track behind ``review_id`` (its latest
    search in match_history), one column per score component. Raises
    :class:`TrackerError` for an unknown review id."""
    return _frame(list(review_context(tracker, review_id, _emulator_url(runtime)).candidates))


def search(runtime, tracker, review_id: int, text: str) -> tuple[pd.DataFrame, list[Candidate]]:
    """A new search on the track's platform with ``text``, scored like a sync's: the
    frame to show (candidate columns) and the candidates behind its rows, in order.
    Raises what :func:`reviewing.search_again` raises."""
    destination = tracker.match_by_review_id(review_id).destination
    client = shared_client(runtime, destination)
    results = reviewing.search_again(tracker, review_id, text, client.search, runtime.settings.weights)
    return _frame([scored_view(r, _emulator_url(runtime)) for r in results]), [r.candidate for r in results]


def pin(tracker, review_id: int, candidate: Candidate) -> str:
    """Override ``review_id`` with a search result; returns the CLI's sentence."""
    return reviewing.pin(tracker, review_id, candidate)


def apply_review(runtime, tracker, review_id: int, action: str, track: str = "") -> str:
    """Approve, reject or override ``review_id`` as the CLI does; returns the CLI's sentence.

    ``track`` (override only) is a platform URL, URI, id or URN, resolved with the
    destination's client (network). Raises what :func:`reviewing.decide` raises.
    """
    def resolve(destination: str, reference: str):
        return shared_client(runtime, destination).track(reference)

    return reviewing.decide(tracker, review_id, action, track, resolve)


def release_html(release: ReleaseInfo | None, position: str) -> str:
    """The release as its Discogs page shows it: cover, artists and title, year, labels
    and catalogue numbers, format, a link to the page, and the tracklist with the track
    under review marked."""
    if release is None:
        return "<p><em>The Discogs release is not cached yet: run a sync.</em></p>"
    e = html.escape
    rows = []
    for entry in release.tracklist:
        if entry.heading:
            rows.append(f'<tr><td></td><td colspan="2"{_CELL}><em>{e(entry.title)}</em></td><td></td></tr>')
            continue
        here = entry.position == position
        style = ' class="current" style="font-weight:bold;background:rgba(255,200,0,.25)"' if here else ""
        rows.append(f"<tr{style}><td{_CELL}>{'▶' if here else ''}</td><td{_CELL}>{e(entry.position)}</td>"
                    f"<td{_CELL}>{e(track_line(entry.artist, entry.title))}</td>"
                    f'<td style="text-align:right;padding:1px 6px">{e(entry.duration)}</td></tr>')
    cover = (f'<img class="cover" src="{e(release.thumb_url)}" alt="Cover of {e(release.title)}" '
             'width="150" height="150" style="border-radius:4px">' if release.thumb_url else "")
    year = f" ({release.year})" if release.year else ""
    facts = "<br>".join(e(x) for x in (" · ".join(release.labels), release.formats) if x)
    return f"""<div class="release" style="display:flex;gap:16px;align-items:flex-start">
{cover}<div><div style="font-size:1.15em"><strong>{e(release.artists)}</strong> – {e(release.title)}{year}</div>
<div>{facts}</div><div><a href="{e(release.page_url)}" target="_blank" rel="noopener">The release on Discogs</a></div>
<table class="tracklist" style="margin-top:8px">{''.join(rows)}</table></div></div>"""


def player_html(view: CandidateView | None, destination: str) -> str:
    """The platform's embeddable player for one candidate (an ``<iframe>``), and its link."""
    if view is None or not view.player:
        return "<p><em>No track to play.</em></p>"
    e = html.escape
    height = PLAYER_HEIGHT.get(destination, 160)
    return (f'<iframe class="player" title="Player: {e(track_line(view.artist, view.title))}" '
            f'src="{e(view.player)}" width="100%" height="{height}" frameborder="0" '
            'allow="autoplay; encrypted-media" loading="lazy"></iframe>'
            f'<div><a href="{e(view.link)}" target="_blank" rel="noopener">Open on {e(platforms.label(destination))}</a>'
            "</div>")


def decisions_file(tracker, fmt: str = "json") -> bytes:
    """Every decision in force, as ``review export`` writes it."""
    return decisions.render(decisions.entries(tracker), fmt).encode("utf-8")


def import_decisions(tracker, contents: bytes, name: str = "the file") -> str:
    """``review import`` of an uploaded file; returns what it did (conflicts listed).
    Raises :class:`~song_automations.errors.DataFormatError` for an unusable file."""
    report = decisions.import_decisions(tracker, decisions.parse(contents.decode("utf-8-sig"), source=name))
    lines = [f"Conflict, kept this tracker's decision: {c}." for c in report.conflicts]
    return "\n\n".join([*lines, report.sentence()])
