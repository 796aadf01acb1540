"""Which recordings each platform lacks.

Shares are taken over Discogs *tracks* (what the sync sees), not recordings, and are
filled exactly by quota rather than by independent coin flips, so the demo catalog's
missing share is the same for every seed instead of drifting with sampling noise.
"""

from __future__ import annotations

from collections import Counter

from song_automations.emulator.gen import ids
from song_automations.emulator.gen.recordings import Recording, TrackRef

# Shares of Discogs tracks: on neither platform, missing only on Spotify, missing only
# on SoundCloud. Together 12.5%, inside the 10-15% the demo promises.
MISSING_SHARES = (("neither", 0.03), ("no_spotify", 0.045), ("no_soundcloud", 0.05))


def _bucket_flags(bucket: str) -> tuple[bool, bool]:
    return {
        "neither": (False, False),
        "no_spotify": (False, True),
        "no_soundcloud": (True, False),
    }.get(bucket, (True, True))


def _forced_bucket(rec: Recording) -> str | None:
    if not rec.forced:
        return None
    on_sp = rec.forced.get("spotify", True)
    on_sc = rec.forced.get("soundcloud", True)
    return {(False, False): "neither", (False, True): "no_spotify",
            (True, False): "no_soundcloud"}.get((on_sp, on_sc), "both")


def assign_presence(seed: int, recordings: dict[str, Recording], refs: list[TrackRef]) -> None:
    """Set ``on_spotify``/``on_soundcloud`` on every recording, in place.

    Seed overrides (``sp=0``/``sc=0``) are honoured first and count towards the quotas;
    the rest is filled in a seed-dependent but order-independent sequence.
    """
    weight = Counter(ref.recording_key for ref in refs)
    total = sum(weight.values())
    filled: Counter[str] = Counter()
    free: list[Recording] = []
    for key in sorted(recordings):
        rec = recordings[key]
        bucket = _forced_bucket(rec)
        if bucket is None:
            free.append(rec)
            continue
        rec.on_spotify, rec.on_soundcloud = _bucket_flags(bucket)
        filled[bucket] += weight[key]
    free.sort(key=lambda r: ids.digest(seed, "presence", r.key))
    queue = iter(free)
    for bucket, share in MISSING_SHARES:
        target = round(share * total)
        while filled[bucket] < target:
            rec = next(queue, None)
            if rec is None:
                return
            if filled[bucket] + weight[rec.key] > target + 1 and weight[rec.key] > 1:
                # a recording carried by many tracks would overshoot: keep it present
                rec.on_spotify = rec.on_soundcloud = True
                continue
            rec.on_spotify, rec.on_soundcloud = _bucket_flags(bucket)
            filled[bucket] += weight[rec.key]
    for rec in queue:
        rec.on_spotify = rec.on_soundcloud = True
