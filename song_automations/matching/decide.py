"""From scored candidates to a decision: thresholds, a review band, ambiguity, rejections."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..models import Decision, ScoredCandidate, SourceTrack, Stage
from ..settings import Thresholds

# A runner-up this close to the winner makes the choice a coin toss worth a human look.
AMBIGUITY_GAP = 0.03


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
    return sorted(kept, key=lambda s: -s.score)


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
    ambiguous = len(ranked) > 1 and best.score - ranked[1].score < AMBIGUITY_GAP
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
