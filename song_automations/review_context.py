"""Everything a person needs in front of them to review one match, for the CLI and the app.

The Discogs release comes from the tracker's cache (``releases.payload``, read through
the adapter), the candidates from the track's latest search. Addresses are the real
sites' (release page, covers, platform links, embeddable players); with an emulator in
use (``emulator_url``) covers and players are its stand-ins, so the demo works offline.
The release page stays Discogs' own: it is where a person would look the release up.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from . import platforms
from .adapters.discogs import release_info
from .emulator.context import site_url
from .errors import BadResponse
from .models import ReleaseInfo, ScoredCandidate, Stage
from .names import platform_artist


@dataclass(frozen=True, slots=True)
class CandidateView:
    """One platform track as the review shows it: who and what, its score and the
    components behind it (absent when picked by hand), and where to hear it."""

    uri: str
    artist: str
    title: str
    score: float | None
    components: dict
    chosen: bool
    query: str | None
    link: str
    player: str


@dataclass(frozen=True, slots=True)
class ReviewContext:
    """The match behind one review id, with its Discogs track and release."""

    review_id: int
    destination: str
    status: str
    decision: str
    ambiguous: bool
    release_id: int
    position: str
    source_artist: str
    source_title: str
    release: ReleaseInfo | None
    match: CandidateView | None
    candidates: tuple[CandidateView, ...]
    stage: str | None = None  # which part of the matcher decided (models.Stage), None by hand
    evidence: dict = field(default_factory=dict)  # the release stage's album facts

    @property
    def how_found(self) -> str:
        """How the matcher found the match, in a sentence ("" when decided by hand)."""
        if self.stage == Stage.RELEASE:
            album = self.evidence.get("album_title") or "the release's album"
            share = self.evidence.get("coverage")
            covers = f", which holds {share:.0%} of the release" if isinstance(share, (int, float)) else ""
            barcode = "; its barcode is the release's" if self.evidence.get("upc_match") else ""
            return f"Taken from the album \"{album}\"{covers}{barcode}."
        return "Found by searching for the track on its own." if self.stage == Stage.TRACK else ""

    @property
    def search_text(self) -> str:
        """What a new search starts from: the Discogs artist and title."""
        return " ".join(p for p in (self.source_artist, self.source_title) if p)


def _view(uri: str, artists: Iterable[str], uploader: str | None, title: str | None, score: float | None,
          components: dict | None, chosen: bool, query: str | None, emulator_url: str | None) -> CandidateView:
    return CandidateView(uri=uri, artist=platform_artist(artists, uploader), title=title or "", score=score,
                         components=dict(components or {}), chosen=chosen, query=query,
                         link=site_url(platforms.web_link(uri), emulator_url),
                         player=site_url(platforms.player_url(uri), emulator_url))


def scored_view(scored: ScoredCandidate, emulator_url: str | None = None) -> CandidateView:
    """A fresh search result (``reviewing.search_again``) shown like a stored candidate."""
    c = scored.candidate
    return _view(c.uri, c.artists, c.uploader, c.title, scored.score, scored.components, False, scored.query,
                 emulator_url)


def release_for(tracker, release_id: int, emulator_url: str | None = None) -> ReleaseInfo | None:
    """The cached release as its page shows it, covers from the emulator when there is
    one; ``None`` when it is not cached (or Discogs deleted it)."""
    payload = tracker.cached_release(release_id)
    if not payload or "id" not in payload:
        return None
    try:
        info = release_info(payload)
    except BadResponse:
        return None  # a cached payload the adapter cannot read: the review still works
    return replace(info, cover_url=site_url(info.cover_url, emulator_url),
                   thumb_url=site_url(info.thumb_url, emulator_url))


def review_context(tracker, review_id: int, emulator_url: str | None = None) -> ReviewContext:
    """Everything to review ``review_id``. Raises :class:`~song_automations.errors.TrackerError`
    for an unknown id."""
    match = tracker.match_by_review_id(review_id)
    row = tracker.track_status(review_id) or {}
    candidates = tuple(
        _view(r["candidate_uri"], r["candidate_artists"], r.get("candidate_uploader"), r["candidate_title"],
              r["score"], r["components"], bool(r["chosen"]), r["query"], emulator_url)
        for r in tracker.latest_candidates(match.release_id, match.position, match.destination))
    current = None
    if match.uri:
        current = _view(match.uri, row.get("match_artists") or (), row.get("match_uploader"), match.title,
                        match.confidence, row.get("components"), True, None, emulator_url)
    return ReviewContext(
        review_id=review_id, destination=match.destination, status=str(match.status), decision=match.decision,
        ambiguous=match.ambiguous, release_id=match.release_id, position=match.position,
        source_artist=row.get("source_artist") or "", source_title=row.get("source_title") or "",
        release=release_for(tracker, match.release_id, emulator_url), match=current, candidates=candidates,
        stage=row.get("stage"), evidence=row.get("evidence") or {})
