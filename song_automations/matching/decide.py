"""From scored candidates to a decision: thresholds, a review band, ambiguity, rejections."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..models import Decision, ScoredCandidate, SourceTrack, Stage
from ..settings import Thresholds
from .parse import parse_title

# A runner-up this close to the winner makes the choice a coin toss worth a human look.
AMBIGUITY_GAP = 0.03
# Two editions of one track differ in length by rounding at most.
TWIN_SECONDS = 2.0


def rank(scored: Iterable[ScoredCandidate], exclude: Iterable[str] = ()) -> list[ScoredCandidate]:
    """Candidates best first; rejected ids, duplicates and unplayable tracks dropped.

    An unplayable track (SoundCloud ``access: blocked``, Spotify ``is_playable: false``)
    cannot be listened to in a playlist, so it is never the answer. Ties keep the
    platform's order (search relevance), which the sort's stability gives.
    """
    banned = set(exclude)
    seen: set[str] = set()
    kept: list[ScoredCandidate] = []
    for item in scored:
        cid = item.candidate.id
        if cid in banned or cid in seen or not item.candidate.playable:
            continue
        seen.add(cid)
        kept.append(item)
    ranked = sorted(kept, key=lambda s: -s.score)
    for i in range(len(ranked) - 1):
        first, second = ranked[i], ranked[i + 1]
        if first.score - second.score < AMBIGUITY_GAP and clean_twins(first, second) \
                and second.candidate.explicit:
            # The explicit edition first: a source that wanted the clean edit would have
            # scored the explicit one far lower (its title or release says "Clean").
            ranked[i], ranked[i + 1] = second, first
    return ranked


def clean_twins(a: ScoredCandidate, b: ScoredCandidate) -> bool:
    """Whether two candidates are the clean and the explicit edition of one track: the
    same title on the same album (its notes aside: "(Clean)"), as long to the second,
    one flagged explicit and the other not (the flag is all a catalogue tells them
    apart by)."""
    x, y = a.candidate, b.candidate
    return {x.explicit, y.explicit} == {True, False} and x.raw_title == y.raw_title \
        and _edition_of(x.album) == _edition_of(y.album) \
        and x.duration_s is not None and y.duration_s is not None \
        and abs(x.duration_s - y.duration_s) <= TWIN_SECONDS


def _edition_of(album: str | None) -> str | None:
    """An album's name without its notes: "Kaleidoscope (Clean)" is "kaleidoscope"."""
    return parse_title(album).base_norm if album else None


def decision_for(score: float, ambiguous: bool, thresholds: Thresholds) -> Decision:
    """The band a best score falls in; an ambiguous high score only reaches review."""
    if score >= thresholds.high and not ambiguous:
        return Decision.ACCEPTED
    if score >= thresholds.medium:
        return Decision.REVIEW
    if score >= thresholds.minimum:
        return Decision.LOW
    return Decision.NONE


def decide(scored: list[ScoredCandidate], thresholds: Thresholds,
           exclude: set[str] = frozenset()) -> tuple[Decision, ScoredCandidate | None, bool]:
    """``(decision, best candidate or None, ambiguous)``.

    ``exclude`` holds candidate ids a user rejected: they are never picked. The best
    candidate is returned for ``LOW`` too (shown as "closest miss"), ``None`` only for
    ``NONE``. ``ambiguous`` is True when the runner-up is within :data:`AMBIGUITY_GAP`.
    """
    ranked = rank(scored, exclude)
    if not ranked:
        return Decision.NONE, None, False
    best = ranked[0]
    # (Not ambiguous for its clean twin: which edition a source wants is settled above.)
    rivals = [s for s in ranked[1:2] if not clean_twins(best, s)] + ranked[2:3]
    ambiguous = bool(rivals) and best.score - rivals[0].score < AMBIGUITY_GAP
    decision = decision_for(best.score, ambiguous, thresholds)
    return decision, (None if decision is Decision.NONE else best), ambiguous


def decision_record(track: SourceTrack, platform: str, decision: Decision, chosen: ScoredCandidate | None,
                    ambiguous: bool, queries: Sequence[str], stage: Stage = Stage.TRACK) -> dict:
    """The JSON-ready facts of one decision, as the log file keeps them."""
    record = {"track": track.key, "source": f"{track.artist_credit or ', '.join(track.artists)} - {track.title}",
              "platform": platform, "decision": str(decision), "ambiguous": ambiguous, "queries": list(queries),
              "stage": str(stage)}
    if chosen is not None:
        cand = chosen.candidate
        record.update(candidate=cand.id, candidate_title=f"{', '.join(cand.artists)} - {cand.raw_title or cand.title}",
                      confidence=round(chosen.score, 4), components=chosen.components)
    return record
