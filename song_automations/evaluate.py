"""Match cases (``../shared/eval/FORMAT.md``) -> precision, recall and F1, offline.

Each case runs through the same code as a sync: the Discogs adapter builds the source
track, the platform adapter builds candidates, then parse, score and decide. A pick is
what the sync would add without a human: an ACCEPTED or REVIEW decision.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from . import platforms
from .adapters import discogs
from .errors import ApiError, DataFormatError
from .matching.components import duration_score
from .matching.decide import decide
from .matching.normalize import norm
from .matching.parse import parse_title
from .matching.score import parse_source, score_all
from .models import Candidate, ScoredCandidate, SourceTrack
from .platforms import PLATFORMS
from .settings import Settings

# A wrong pick whose title scores this high is the right song (a wrong version of it).
SAME_SONG_TITLE = 0.85


@dataclass(frozen=True, slots=True)
class Case:
    """One labelled question: which of ``candidates`` (if any) is ``source``?

    ``expected`` is the right candidate's id (Spotify id, SoundCloud URN), or ``None``
    when no candidate is the source recording; ``tags`` slice the metrics.
    """

    id: str
    platform: str
    source: SourceTrack
    candidates: tuple[Candidate, ...]
    expected: str | None
    tags: tuple[str, ...] = ()


@dataclass(slots=True)
class Counts:
    """Confusion counts of one slice; precision/recall/F1 are 0 when undefined."""

    cases: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, expected: str | None, picked: str | None) -> None:
        self.cases += 1
        if picked is not None and picked == expected:
            self.tp += 1
            return
        self.fp += picked is not None
        self.fn += expected is not None

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"cases": self.cases, "tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass(frozen=True, slots=True)
class CaseResult:
    case: Case
    scored: tuple[ScoredCandidate, ...]
    picked: ScoredCandidate | None
    wrong_version: bool = False


@dataclass(slots=True)
class EvalReport:
    """Metrics over a case file: overall, by platform, by tag, and wrong-version picks."""

    overall: Counts = field(default_factory=Counts)
    by_platform: dict[str, Counts] = field(default_factory=dict)
    by_tag: dict[str, Counts] = field(default_factory=dict)
    picks: int = 0
    wrong_version_picks: int = 0
    results: list[CaseResult] = field(default_factory=list)

    def add(self, result: CaseResult) -> None:
        case, picked = result.case, (result.picked.candidate.id if result.picked else None)
        self.results.append(result)
        for counts in (self.overall, self.by_platform.setdefault(case.platform, Counts()),
                       *(self.by_tag.setdefault(t, Counts()) for t in case.tags)):
            counts.add(case.expected, picked)
        self.picks += picked is not None
        self.wrong_version_picks += result.wrong_version

    def as_dict(self) -> dict:
        """The JSON object of FORMAT.md, plus ``picks`` and ``wrong_version_picks``."""
        return {**self.overall.as_dict(),
                "by_platform": {k: v.as_dict() for k, v in sorted(self.by_platform.items())},
                "by_tag": {k: v.as_dict() for k, v in sorted(self.by_tag.items())},
                "picks": self.picks, "wrong_version_picks": self.wrong_version_picks}

    def table(self) -> str:
        """Human-readable tables: overall and per platform, then per tag."""
        rows = format_rows("all", self.overall, self.by_platform, self.by_tag)
        share = self.wrong_version_picks / self.picks if self.picks else 0.0
        rows += ["", f"picks: {self.picks}   wrong version of the right song: "
                     f"{self.wrong_version_picks} ({share:.1%})"]
        return "\n".join(rows)


def format_rows(name: str, overall: Counts, by_platform: dict[str, Counts], by_tag: dict[str, Counts]) -> list[str]:
    """Table lines: ``overall`` and each platform, then each tag."""
    head = f"{'slice':<28}{'cases':>7}{'tp':>6}{'fp':>6}{'fn':>6}{'prec':>8}{'recall':>8}{'f1':>8}"
    rows = [head, "-" * len(head), _row(name, overall)]
    rows += [_row(f"platform={k}", v) for k, v in sorted(by_platform.items())]
    if by_tag:
        rows += ["", head, "-" * len(head)] + [_row(f"tag={k}", v) for k, v in sorted(by_tag.items())]
    return rows


def _row(name: str, c: Counts) -> str:
    return f"{name[:27]:<28}{c.cases:>7}{c.tp:>6}{c.fp:>6}{c.fn:>6}{c.precision:>8.3f}{c.recall:>8.3f}{c.f1:>8.3f}"


def parse_case(data: object) -> Case:
    """One decoded JSON line as a :class:`Case`; raises ``ValueError`` saying what is wrong."""
    if not isinstance(data, dict):
        raise ValueError("a case must be a JSON object")
    platform = data.get("platform")
    if platform not in PLATFORMS:
        raise ValueError(f"platform must be one of {', '.join(PLATFORMS)}, got {platform!r}")
    source = data.get("source")
    if not isinstance(source, dict) or not isinstance(source.get("track"), dict):
        raise ValueError("source.track must be an object")
    release = source.get("release") or {}
    candidates = data.get("candidates")
    if not isinstance(release, dict) or not isinstance(candidates, list):
        raise ValueError("source.release must be an object and candidates a list")
    expected = data.get("expected")
    if expected is not None and not isinstance(expected, str):
        raise ValueError("expected must be a string or null")
    try:
        track = discogs.source_track(release, source["track"])
        adapted = tuple(platforms.adapter(platform).candidate(c) for c in candidates)
    except ApiError as exc:
        raise ValueError(str(exc)) from None
    tags = data.get("tags") or []
    return Case(str(data.get("id") or ""), platform, track, adapted, expected, tuple(map(str, tags)))


def load_cases(path: str | Path, platform: str | None = None) -> list[Case]:
    """Every case in a JSON Lines file (blank lines skipped), optionally one platform's.

    Raises :class:`DataFormatError` naming the file and line of the first malformed case,
    or when the file cannot be read.
    """
    return read_cases(path, parse_case, "match case", platform)


T = TypeVar("T")


def read_cases(path: str | Path, parse: Callable[[object], T], what: str, platform: str | None = None) -> list[T]:
    """``parse`` applied to each non-blank line of a JSON Lines file, keeping one
    ``platform``'s cases when given. Raises :class:`DataFormatError` naming the file and
    the line of the first case that is not a valid ``what``, or when the file cannot be read."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFormatError(f"Cannot read {what}s from {path}: {exc}.") from None
    cases = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            case = parse(json.loads(line))
        except (json.JSONDecodeError, ValueError, TypeError, AttributeError) as exc:
            raise DataFormatError(f"Line {number} of {path} is not a valid {what}: {exc}.") from None
        if platform is None or case.platform == platform:
            cases.append(case)
    return cases


def judge(case: Case, settings: Settings) -> CaseResult:
    """Score and decide one case as the sync would; flags wrong-version picks."""
    source = parse_source(case.source)
    scored = tuple(score_all(source, case.candidates, settings.weights))
    decision, best, _ = decide(list(scored), settings.thresholds)
    picked = best if best is not None and decision.adds else None
    wrong = picked is not None and picked.candidate.id != case.expected and _same_song_other_version(case, picked)
    return CaseResult(case, scored, picked, wrong)


def _same_song_other_version(case: Case, picked: ScoredCandidate) -> bool:
    """Whether a wrong pick is another version of the right song (not another song)."""
    if (picked.components.get("title") or 0.0) < SAME_SONG_TITLE:
        return False
    expected = next((c for c in case.candidates if c.id == case.expected), None)
    if expected is None:
        duration = picked.components.get("duration")
        return (picked.components.get("version") or 0.0) < 1.0 or (duration is not None and duration < 1.0)
    a, b = parse_title(picked.candidate.title), parse_title(expected.title)
    same_version = a.version is b.version and norm(a.version_text) == norm(b.version_text)
    duration = duration_score(picked.candidate.duration_s, expected.duration_s)
    return not same_version or (duration is not None and duration < 1.0)


def evaluate(cases: Iterable[Case], settings: Settings | None = None) -> EvalReport:
    """Judge every case and collect the metrics."""
    settings = settings or Settings()
    report = EvalReport()
    for case in cases:
        report.add(judge(case, settings))
    return report


def run_eval(path: str | Path, platform: str | None = None, settings: Settings | None = None) -> EvalReport:
    """Load a case file and evaluate it (no network). Raises :class:`DataFormatError`."""
    return evaluate(load_cases(path, platform), settings)
