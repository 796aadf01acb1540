"""Discogs payloads: ``GET /releases/{id}`` bodies, folders, collection and wantlist."""

from __future__ import annotations

from song_automations.emulator.gen import ids
from song_automations.emulator.gen.names import discogs_uri_slug
from song_automations.emulator.gen.recordings import PlannedRelease
from song_automations.emulator.gen.seeds import Credit, SeedRelease, SeedTrack

API = "https://api.discogs.com"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_CONTRIBUTORS = ("ck1", "mitsou", "delysid", "DiscogsUpdateBot", "digirami", "dancemania",
                 "bobdobolina", "zevulon", "FromLondon", "Plastic-Demons", "acidtrax", "jacksonic")


class DiscogsIds:
    """Stable artist, label and master ids for one build (name -> id)."""

    def __init__(self, seed: int) -> None:
        self.artists = ids.IdPool(seed, "discogs-artist", 1, 9_000_000)
        self.labels = ids.IdPool(seed, "discogs-label", 1, 3_000_000)
        self.masters = ids.IdPool(seed, "discogs-master", 1000, 3_900_000)


def _thumb(seed: int, kind: str, key: object) -> str:
    code = ids.hexid(seed, kind, key, length=43)
    return f"https://i.discogs.com/{code}/rs:fit/g:sm/q:40/h:150/w:150/czM6Ly9kaXNjb2dz.jpeg"


def _images(seed: int, release_id: int) -> list[dict]:
    """A primary cover image (and a secondary for some), as ``images`` lists them."""
    out = []
    for kind in ("primary", "secondary")[: 1 + ids.digest(seed, "images", release_id) % 2]:
        full = _thumb(seed, f"image-{kind}", release_id).replace("h:150/w:150", "h:600/w:600")
        out.append({"type": kind, "uri": full, "resource_url": full,
                    "uri150": full.replace("h:600/w:600", "h:150/w:150"),
                    "width": 600, "height": 600})
    return out


def _timestamp(r, year: int, offset: str) -> str:
    """Discogs' ``"2002-11-17T14:55:03-08:00"`` timestamp in ``year``."""
    return (f"{year}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}T{r.randint(0, 23):02d}:"
            f"{r.randint(0, 59):02d}:{r.randint(0, 59):02d}{offset}")


def credit_payload(credit: Credit, pool: DiscogsIds, seed: int) -> dict:
    """An artist credit object with every string field present, as Discogs sends it."""
    artist_id = pool.artists.get(credit.name)
    return {
        "name": credit.name, "anv": credit.anv, "join": credit.join, "role": credit.role,
        "tracks": credit.tracks, "id": artist_id,
        "resource_url": f"{API}/artists/{artist_id}",
        "thumbnail_url": _thumb(seed, "artist", artist_id),
    }


def _extra(name: str, role: str) -> Credit:
    return Credit(name=name, role=role)


def track_payload(track: SeedTrack, pool: DiscogsIds, seed: int) -> dict:
    """One tracklist row; ``artists``/``extraartists`` only when the release has them."""
    row: dict = {"position": track.position, "type_": track.kind, "title": track.title,
                 "duration": track.duration}
    if track.artists:
        row["artists"] = [credit_payload(c, pool, seed) for c in track.artists]
    extras = [_extra(n, "Remix") for n in track.remixers]
    extras += [_extra(n, "Featuring") for n in track.featuring]
    if extras:
        row["extraartists"] = [credit_payload(c, pool, seed) for c in extras]
    if track.kind == "index":
        row["sub_tracks"] = [track_payload(sub, pool, seed) for sub in track.sub_tracks]
    return row


def artists_sort(credits: tuple[Credit, ...]) -> str:
    """Discogs' one-line credit: names joined by their ``join`` strings."""
    parts = []
    for credit in credits:
        parts.append(credit.name)
        if credit.join:
            parts.append(", " if credit.join == "," else f" {credit.join} ")
    return "".join(parts).strip()


def _released(release: SeedRelease, seed: int, key: str) -> tuple[str, str]:
    if release.released:
        text = release.released
    elif release.year == 0:
        return "", ""
    else:
        r = ids.rng(seed, "released", key)
        text = r.choice([str(release.year), f"{release.year}-{r.randint(1, 12):02d}-00",
                         f"{release.year}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"])
    year, _, rest = text.partition("-")
    month, _, day = rest.partition("-")
    if not month or month == "00":
        return text, year
    label = f"{_MONTHS[int(month) - 1]} {year}"
    return text, label if not day or day == "00" else f"{int(day):02d} {label}"


def _labels(release: SeedRelease, pool: DiscogsIds, seed: int) -> list[dict]:
    out = []
    for name, catno in release.labels:
        label_id = pool.labels.get(name)
        out.append({"name": name, "catno": catno, "entity_type": "1",
                    "entity_type_name": "Label", "id": label_id,
                    "resource_url": f"{API}/labels/{label_id}",
                    "thumbnail_url": _thumb(seed, "label", label_id)})
    return out


def _community(seed: int, release_id: int) -> dict:
    r = ids.rng(seed, "community", release_id)
    have = r.randint(40, 9000)
    users = r.sample(_CONTRIBUTORS, r.randint(1, 5))
    rated = max(1, have // r.randint(12, 40))
    return {
        "have": have, "want": int(have * r.uniform(0.2, 1.6)),
        "rating": {"count": rated, "average": round(r.uniform(3.4, 4.9), 2)},
        "submitter": {"username": users[0], "resource_url": f"{API}/users/{users[0]}"},
        "contributors": [{"username": u, "resource_url": f"{API}/users/{u}"} for u in users],
        "data_quality": "Correct", "status": "Accepted",
    }


def release_payload(item: PlannedRelease, pool: DiscogsIds, seed: int) -> dict:
    """The full ``GET /releases/{id}`` body for one planned release."""
    rel, rid = item.seed, item.release_id
    r = ids.rng(seed, "release", rid)
    released, released_formatted = _released(rel, seed, str(rid))
    artists_line = artists_sort(rel.artists)
    page_name = f"{artists_line}-{rel.title}"
    for_sale = r.choice([0, 0, r.randint(1, 40)])
    fmt = {"name": rel.format_name, "qty": str(rel.format_qty),
           "descriptions": list(rel.format_descriptions)}
    if rel.format_text:
        fmt["text"] = rel.format_text
    payload: dict = {
        "id": rid, "status": "Accepted", "year": rel.year,
        "resource_url": f"{API}/releases/{rid}",
        "uri": f"https://www.discogs.com/release/{rid}-{discogs_uri_slug(page_name)}",
        "artists": [credit_payload(c, pool, seed) for c in rel.artists],
        "artists_sort": artists_line,
        "labels": _labels(rel, pool, seed),
        "series": [], "companies": [],
        "formats": [fmt],
        "data_quality": r.choice(["Correct", "Correct", "Needs Vote", "Complete and Correct"]),
        "community": _community(seed, rid),
        "format_quantity": rel.format_qty,
        "date_added": _timestamp(r, max(rel.year, 2001) + r.randint(0, 3), "-08:00"),
        "date_changed": _timestamp(r, r.randint(2019, 2025), "-07:00"),
        "num_for_sale": for_sale,
        "lowest_price": round(r.uniform(1.5, 90.0), 2) if for_sale else None,
        "title": rel.title, "country": rel.country,
        "identifiers": _identifiers(r, rel),
        "videos": [], "images": _images(seed, rid),
        "thumb": _thumb(seed, "release", rid),
        "genres": list(rel.genres), "styles": list(rel.styles),
        "tracklist": [track_payload(t, pool, seed) for t in rel.tracks],
        "extraartists": [credit_payload(c, pool, seed) for c in rel.credits],
        "estimated_weight": 230 if rel.format_name == "Vinyl" else 85,
        "blocked_from_sale": False, "is_offensive": False,
    }
    if rel.has_master:
        # masterless releases have no master_id/master_url at all on /releases/{id}
        master = pool.masters.get(f"{artists_line}|{rel.title}")
        payload["master_id"] = master
        payload["master_url"] = f"{API}/masters/{master}"
    if released:
        # Discogs leaves both out when the release date is unknown (year 0)
        payload["released"], payload["released_formatted"] = released, released_formatted
    if rel.notes:
        payload["notes"] = rel.notes
    return payload


def _identifiers(r, rel: SeedRelease) -> list[dict]:
    out = []
    if rel.year >= 1986 and r.random() < 0.7:
        digits = "".join(str(r.randint(0, 9)) for _ in range(12))
        out.append({"type": "Barcode", "value": digits})
    if rel.format_name == "Vinyl":
        catno = rel.labels[0][1] if rel.labels else ""
        out.append({"type": "Matrix / Runout", "value": f"{catno} A1", "description": "Side A"})
    return out
