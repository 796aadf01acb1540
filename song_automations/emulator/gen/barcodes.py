"""Barcodes: the Discogs ``Barcode`` identifier and the UPC of a digital edition.

A pressing's barcode and its digital edition's UPC are often the same GTIN, but not
always: a label may give the download a code of its own (a distributor's prefix), and
Spotify often stores a 12-digit UPC-A as its 13-digit EAN form (a leading ``0``). A
repress has its own barcode while its digital edition keeps the original one.
"""

from __future__ import annotations

import re

from song_automations.emulator.gen import ids

# Shares of digital editions whose UPC is the pressing's own code, the same code in
# its 13-digit form, or another code (the digital release's own). Together 1.
UPC_SAME, UPC_PADDED = 0.6, 0.15
# Digital distributors' GS1 company prefixes (7 digits of a 13-digit EAN).
_DIGITAL_PREFIXES = ("5054526", "0880319", "4050538", "5059449", "8720205", "0196006")
# Where a CD pressing would carry an EAN-13 rather than a 12-digit UPC-A.
_UPC_A_COUNTRIES = {"US", "Canada"}
CD_BARCODE_FROM_YEAR = 1986  # CDs after the first years nearly always carry one


def check_digit(body: str) -> str:
    """The GTIN mod-10 check digit of ``body`` (11 or 12 digits)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return str((10 - total % 10) % 10)


def barcode_digits(release: dict) -> str | None:
    """The digits of a release payload's first ``Barcode`` identifier, or None."""
    for ident in release.get("identifiers", []):
        if ident.get("type") == "Barcode":
            digits = re.sub(r"\D", "", ident.get("value", ""))
            if digits:
                return digits
    return None


def add_cd_barcodes(seed: int, releases: dict[str, dict]) -> int:
    """Append a Barcode identifier to CDs from 1986 on that have none; returns how many.

    Existing identifiers are kept as they are (only appended to). The code is a valid
    EAN-13 (UPC-A in the US and Canada) and sometimes carries Discogs' ``description``.
    """
    added = 0
    for key in sorted(releases, key=int):
        release = releases[key]
        is_cd = any(f.get("name") == "CD" for f in release.get("formats", []))
        if not is_cd or release.get("year", 0) < CD_BARCODE_FROM_YEAR or barcode_digits(release):
            continue
        r = ids.rng(seed, "cd-barcode", key)
        length = 11 if release.get("country") in _UPC_A_COUNTRIES else 12
        body = "".join(str(r.randint(0, 9)) for _ in range(length))
        entry = {"type": "Barcode", "value": body + check_digit(body)}
        description = r.choice(["", "", "Text", "Scanned"])
        if description:
            entry["description"] = description
        release["identifiers"].append(entry)
        added += 1
    return added


def digital_upc(seed: int, key: str) -> str:
    """A 13-digit UPC a distributor would give a digital release ``key``."""
    r = ids.rng(seed, "digital-upc", key)
    body = r.choice(_DIGITAL_PREFIXES) + "".join(str(r.randint(0, 9)) for _ in range(5))
    return body + check_digit(body)


def edition_upc(seed: int, album_id: str, barcode: str | None) -> tuple[str, str]:
    """The UPC of a release's digital edition and how it relates to the barcode.

    Returns ``(upc, relation)`` with relation ``same``, ``padded`` (the 12-digit code
    as a 13-digit EAN), ``differs`` or ``no_barcode``.
    """
    if barcode is None:
        return digital_upc(seed, album_id), "no_barcode"
    roll = ids.unit(seed, "edition-upc", album_id)
    if roll < UPC_SAME:
        return barcode, "same"
    if roll < UPC_SAME + UPC_PADDED and len(barcode) == 12:
        return "0" + barcode, "padded"
    return digital_upc(seed, album_id), "differs"
