"""The original project's matching, re-implemented for before/after figures (item 7).

A behavioural re-implementation of egndz/song_automations (``matching/fuzzy.py``,
``clients/*.py``, ``sync/engine.py``), written from reading it, so the same case files
can be scored "before". What it reproduces, deliberately including its faults:

- Discogs artist: ``name`` (never ``anv``), "(n)" stripped, joined "A, B & C"; only
  the first artist before "feat"/"&" is compared; label = the first label.
- Spotify candidate: artist = first artist; popularity = ``popularity`` or 0 (absent in
  development mode); verified = followers > 10,000 via batch ``GET /artists``, which
  development mode removed, so always False.
- SoundCloud candidate: artist = ``publisher_metadata.artist`` (internal API only) or
  else the uploader's username; verified = ``user.verified`` (internal only, so False);
  popularity = log10(plays + 1) / 6; the full title ("Artist - Title (Remix) [LABEL]")
  is compared against the Discogs title.
- total = 0.45 artist + 0.35 title + 0.10 verified + 0.10 popularity + 0.10 version
  match + 0.10 label - 0.15 on a rework mismatch (weights summing to more than 1,
  missing data counted as zero); the best candidate is added at >= 0.30.

    python benchmarks/legacy.py CASES.jsonl   # prints per-platform metrics as JSON
"""

from __future__ import annotations

import json
import math
import re
import sys
from dataclasses import replace
from pathlib import Path

from rapidfuzz import fuzz

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from song_automations.evaluate import Counts, evaluate, load_cases  # noqa: E402
from song_automations.models import Candidate  # noqa: E402

MIN_CONFIDENCE = 0.30
WEIGHTS = {"artist": 0.45, "title": 0.35, "verified": 0.10, "popularity": 0.10,
           "version_bonus": 0.10, "version_penalty": 0.15, "label": 0.10}
# Only parenthesised descriptors were recognised, in this order.
_VERSION_RULES = [
    (r"\(extended(?:\s+(?:mix|version))?\)", "extended"), (r"\(original(?:\s+(?:mix|version))?\)", "original"),
    (r"\(radio\s+(?:edit|mix|version)\)", "radio"), (r"\(instrumental(?:\s+mix)?\)", "instrumental"),
    (r"\(a\s*c+ap+el+a\)", "acapella"), (r"\(remaster(?:ed)?\s*(?:\d{4})?\)", "remaster"),
    (r"\(live(?:\s+[^)]+)?\)", "live"), (r"\(dub\)", "dub"), (r"\((?:rework|bootleg|vip(?:\s+mix)?)\)", "edit"),
    (r"\(([^)]+)\s+remix\)", "remix"), (r"\(([^)]+)\s+edit\)", "edit"), (r"\(([^)]+)\s+dub\)", "dub"),
    (r"\(([^)]+)\s+mix\)", "remix"),
]


def _text(value: str) -> str:
    value = re.sub(r"\s+", " ", re.sub(r"[\u2018\u2019`]", "'", value.lower().strip()))
    return re.sub(r"\s*-\s*", " ", re.sub(r"^the\s+", "", value))


def _artist(value: str) -> str:
    value = _text(value)
    for pattern in (r"\s+feat\.?\s+", r"\s+ft\.?\s+", r"\s+featuring\s+", r"\s+with\s+", r"\s+x\s+"):
        parts = re.split(pattern, value)
        if len(parts) > 1:
            value = parts[0].strip()
            break
    value = re.split(r"\s+&\s+", value)[0].strip()
    return re.sub(r" \(\d+\)$", "", value)


def _version(title: str) -> tuple[str, str, str]:
    """``(version text, kind, remixer)`` as the original parsed it."""
    for pattern, kind in _VERSION_RULES:
        found = re.search(pattern, title, re.I)
        if found:
            return title[found.start():found.end()].strip("()"), kind, (found.group(1).strip() if found.lastindex else "")
    other = re.search(r"\(([^)]+)\)", title)
    return (other.group(1), "other", "") if other else ("", "original", "")


def _source(case: dict) -> tuple[str, str, str]:
    release, track = case["source"].get("release") or {}, case["source"]["track"]
    names = [re.sub(r" \((\d+)\)$", "", a.get("name", "")).strip() for a in (track.get("artists") or release.get("artists") or [])]
    artist = names[0] if len(names) == 1 else (" & ".join(names) if len(names) == 2 else ", ".join(names[:-1]) + f" & {names[-1]}" if names else "Unknown Artist")
    labels = release.get("labels") or []
    return artist, track.get("title") or "", (labels[0].get("name") or "") if labels else ""


def _candidate(platform: str, raw: dict) -> tuple[str, str, str, float, bool]:
    """``(id, title, artist, popularity 0..1, verified)`` as the original read them."""
    if platform == "spotify":
        artists = raw.get("artists") or []
        return raw["id"], raw.get("name", ""), artists[0]["name"] if artists else "Unknown Artist", (raw.get("popularity") or 0) / 100, False
    user = raw.get("user") or {}
    artist = (raw.get("publisher_metadata") or {}).get("artist") or user.get("username") or "Unknown Artist"
    plays = raw.get("playback_count") or 0
    popularity = int(math.log10(plays + 1) / 6 * 100) / 100
    return raw.get("urn") or f"soundcloud:tracks:{raw['id']}", raw.get("title", ""), artist, popularity, bool(user.get("verified", False))


def legacy_score(source: tuple[str, str, str], title: str, artist: str, popularity: float, verified: bool) -> float:
    src_artist, src_title, label = source
    a, b = _artist(src_artist), _artist(artist)
    artist_score = max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b)) / 100
    s, t = _text(src_title), _text(title)
    title_score = max(fuzz.ratio(s, t), fuzz.token_sort_ratio(s, t) * 0.95, fuzz.partial_ratio(s, t) * 0.9) / 100
    version, kind, remixer = _version(src_title)
    lower = title.lower()
    matched = bool(version) and (version.lower() in lower or bool(remixer and remixer.lower() in lower))
    candidate_versioned = any(k in lower for k in ("remix", "mix", "edit", "dub", "version", "rework", "bootleg", "vip"))
    penalty = bool(version) and not matched and not candidate_versioned and kind in ("remix", "dub", "edit")
    label_hit = len(label.strip()) >= 3 and (label.lower().strip() in artist.lower() or label.lower().strip() in lower)
    return (WEIGHTS["artist"] * artist_score + WEIGHTS["title"] * title_score + WEIGHTS["verified"] * verified
            + WEIGHTS["popularity"] * popularity + WEIGHTS["version_bonus"] * matched + WEIGHTS["label"] * label_hit
            - WEIGHTS["version_penalty"] * penalty)


def legacy_pick(case: dict) -> str | None:
    """The candidate id the original would have added for ``case``, or None."""
    source = _source(case)
    best_id, best = None, 0.0
    for raw in case["candidates"]:
        cid, title, artist, popularity, verified = _candidate(case["platform"], raw)
        total = legacy_score(source, title, artist, popularity, verified)
        if total > best:
            best_id, best = cid, total
            if total >= 0.95:  # its early exit, also applied within one result page
                break
    return best_id if best >= MIN_CONFIDENCE else None


def legacy_eval(path: str | Path) -> dict:
    """Overall and per-platform metrics of the original's matching on a case file."""
    overall, by_platform = Counts(), {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            case = json.loads(line)
            picked = legacy_pick(case)
            for counts in (overall, by_platform.setdefault(case["platform"], Counts())):
                counts.add(case.get("expected"), picked)
    return {**overall.as_dict(), "by_platform": {k: v.as_dict() for k, v in sorted(by_platform.items())}}


def legacy_soundcloud_reading(raw: dict) -> Candidate:
    """A SoundCloud result read the original's way, for the new scorer: artist =
    ``publisher_metadata.artist`` or the uploader, the full title, no label, no ISRC."""
    cid, title, artist, popularity, _ = _candidate("soundcloud", raw)
    duration = raw.get("duration")
    return Candidate(platform="soundcloud", id=cid, uri=cid, title=title, artists=(artist,), raw_title=title,
                     duration_s=duration / 1000 if duration else None, popularity=popularity)


def ablation_eval(path: str | Path) -> dict:
    """New scorer on SoundCloud cases, but with candidates read the original's way:
    isolates what the field reading and title conventions alone cost."""
    cases = load_cases(path, "soundcloud")
    raw = {json.loads(l)["id"]: json.loads(l)["candidates"]
           for l in Path(path).read_text(encoding="utf-8").splitlines() if l.strip()}
    rebuilt = [replace(c, candidates=tuple(legacy_soundcloud_reading(r) for r in raw[c.id])) for c in cases]
    return evaluate(rebuilt).overall.as_dict()


if __name__ == "__main__":
    for argument in sys.argv[1:]:
        print(json.dumps({"file": argument, **legacy_eval(argument),
                          "new_scorer_with_original_soundcloud_reading": ablation_eval(argument)}))
