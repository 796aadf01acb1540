"""Responses of every Spotify and SoundCloud route the product uses validate against the
official OpenAPI specs in ``../shared/api/specs`` (skipped when that directory is absent)."""

from __future__ import annotations

from functools import cache
from typing import Any

import httpx
import jsonschema
import pytest
import yaml

from song_automations.emulator.context import DemoCredentials
from tests.conftest import require_shared

CREDS = DemoCredentials()
REMIX = "spotify:track:6aaAcperienceHardfloor"
# SoundCloud's spec marks nothing nullable, yet its own examples (and every real reply)
# carry null descriptions, ISRCs, EANs...: in that spec a scalar type also admits null.
NULLABLE_SCALARS = {"soundcloud-openapi.yaml"}
SCALARS = {"string", "integer", "number", "boolean"}


@cache
def load_spec(name: str) -> dict[str, Any]:
    with open(require_shared("api", "specs", name), encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def to_json_schema(node: Any, spec: dict[str, Any], seen: tuple[str, ...] = (), nulls: bool = False) -> Any:
    """Inline ``$ref``s and turn OpenAPI 3.0 dialect into plain JSON Schema.

    ``nullable`` becomes a ``null`` alternative. ``oneOf`` becomes ``anyOf``: the specs'
    schemas have almost no required fields, so a track is also a valid episode and a
    strict ``oneOf`` would reject every correct payload. A ``deprecated`` property is
    not required even when listed so: the Spotify spec still lists album
    ``available_markets`` as required although Development Mode removed it in 2026
    (REFERENCE.md 2.1). A ``deprecated`` property may also be null: Spotify nulls what
    it retires rather than dropping the key (the ``tracks`` of ``/me/playlists``
    entries, REFERENCE.md 2.1). ``nulls`` lets every scalar be null. A reference cycle
    accepts anything below its second visit.
    """
    if isinstance(node, list):
        return [to_json_schema(item, spec, seen, nulls) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        ref = node["$ref"]
        if ref in seen:
            return {}
        target: Any = spec
        for part in ref.lstrip("#/").split("/"):
            target = target[part]
        return to_json_schema(target, spec, seen + (ref,), nulls)
    out = {("anyOf" if key == "oneOf" else key): to_json_schema(value, spec, seen, nulls)
           for key, value in node.items() if key not in ("nullable", "example", "examples", "discriminator")}
    if isinstance(node.get("required"), list):
        # properties may be declared beside ``required`` or in an inline ``allOf`` member
        # (AlbumObject requires ``label`` and ``popularity``, declared deprecated there)
        props = dict(node.get("properties") or {})
        for part in node.get("allOf") or []:
            props.update(part.get("properties") or {} if isinstance(part, dict) else {})
        out["required"] = [n for n in node["required"] if not (props.get(n) or {}).get("deprecated")]
    nullable = node.get("nullable") is True or node.get("deprecated") is True
    if nullable or (nulls and isinstance(node.get("type"), str) and node["type"] in SCALARS):
        if isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]
        else:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


def response_schema(spec_name: str, path: str, method: str, status: int) -> dict[str, Any]:
    spec = load_spec(spec_name)
    response = to_json_schema(spec["paths"][path][method.lower()]["responses"][str(status)], spec,
                              nulls=spec_name in NULLABLE_SCALARS)
    content = response["content"]
    return next(iter(content.values()))["schema"]


def assert_valid(spec_name: str, path: str, reply: httpx.Response) -> None:
    schema = response_schema(spec_name, path, reply.request.method, reply.status_code)
    jsonschema.validate(reply.json(), schema, cls=jsonschema.Draft7Validator)


@pytest.fixture
def spotify_client(emulator_factory, request) -> httpx.Client:
    server = emulator_factory(spotify_mode=request.param)
    token = httpx.post(f"{server.url}/spotify-accounts/api/token", auth=(CREDS.spotify_client_id,
                       CREDS.spotify_client_secret),
                       data={"grant_type": "refresh_token", "refresh_token": CREDS.spotify_refresh_token})
    with httpx.Client(base_url=f"{server.url}/spotify/v1",
                      headers={"Authorization": f"Bearer {token.json()['access_token']}"}) as client:
        yield client


@pytest.mark.parametrize("spotify_client", ["development", "extended"], indirect=True)
def test_spotify_responses_match_the_openapi_spec(spotify_client):
    c, spec = spotify_client, "spotify-openapi.yml"
    assert_valid(spec, "/me", c.get("/me"))
    assert_valid(spec, "/search", c.get("/search", params={"q": "acperience", "type": "track", "limit": 5}))
    assert_valid(spec, "/search", c.get("/search", params={"q": "acid", "type": "track", "market": "DE"}))
    assert_valid(spec, "/tracks/{id}", c.get("/tracks/6aaAcperienceHardfloor"))
    assert_valid(spec, "/artists/{id}", c.get("/artists/1kxHardfloor0000000000"))
    created = c.post("/me/playlists", json={"name": "Discogs - Acid", "public": False})
    assert_valid(spec, "/me/playlists", created)
    items = f"/playlists/{created.json()['id']}/items"
    assert_valid(spec, "/playlists/{playlist_id}/items", c.post(items, json=[REMIX, REMIX]))
    assert_valid(spec, "/playlists/{playlist_id}/items", c.get(items))
    assert_valid(spec, "/playlists/{playlist_id}/items", c.put(items, json={"uris": [REMIX]}))
    assert_valid(spec, "/playlists/{playlist_id}/items", c.request("DELETE", items, json={"items": [{"uri": REMIX}]}))
    assert_valid(spec, "/playlists/{playlist_id}", c.get(f"/playlists/{created.json()['id']}"))
    assert_valid(spec, "/me/playlists", c.get("/me/playlists"))
    assert_valid(spec, "/me", httpx.get(str(c.base_url).rstrip("/") + "/me", headers={"Authorization": "Bearer nope"}))


@pytest.mark.parametrize("spotify_client", ["development", "extended"], indirect=True)
def test_spotify_album_responses_match_the_openapi_spec(spotify_client):
    c, spec = spotify_client, "spotify-openapi.yml"
    assert_valid(spec, "/search", c.get("/search", params={"q": "escape the chaos", "type": "album,track"}))
    assert_valid(spec, "/search", c.get("/search", params={"q": "upc:5060204807961", "type": "album",
                                                           "market": "DE"}))
    for album in ("7abEscapeTheChaos00000", "7acStockholm0000000000"):
        assert_valid(spec, "/albums/{id}", c.get(f"/albums/{album}"))
        assert_valid(spec, "/albums/{id}/tracks", c.get(f"/albums/{album}/tracks", params={"limit": 2}))
    assert_valid(spec, "/albums/{id}/tracks", c.get("/albums/7abEscapeTheChaos00000/tracks",
                                                    params={"market": "DE"}))
    created = c.post("/me/playlists", json={"name": "Discogs - Acid", "public": False})
    c.post(f"/playlists/{created.json()['id']}/items", json=[REMIX])
    assert_valid(spec, "/me/playlists", c.get("/me/playlists"))


@pytest.mark.parametrize(("path", "ids"), [("/artists", "1kxHardfloor0000000000"),
                                           ("/albums", "7abEscapeTheChaos00000")])
def test_spotify_extended_batch_routes_match_the_spec(emulator_factory, path, ids):
    server = emulator_factory(spotify_mode="extended")
    token = httpx.post(f"{server.url}/spotify-accounts/api/token", auth=(CREDS.spotify_client_id,
                       CREDS.spotify_client_secret), data={"grant_type": "client_credentials"}).json()
    reply = httpx.get(f"{server.url}/spotify/v1{path}", params={"ids": ids},
                      headers={"Authorization": f"Bearer {token['access_token']}"})
    assert_valid("spotify-openapi.yml", path, reply)


def test_soundcloud_responses_match_the_openapi_spec(emulator):
    spec = "soundcloud-openapi.yaml"
    token = httpx.post(f"{emulator.url}/soundcloud-auth/oauth/token", data={
        "grant_type": "refresh_token", "refresh_token": CREDS.soundcloud_refresh_token,
        "client_id": CREDS.soundcloud_client_id, "client_secret": CREDS.soundcloud_client_secret})
    # The spec has no token-endpoint path, only an ``ExpiringToken`` example to compare with.
    example = load_spec(spec)["components"]["examples"]["ExpiringToken"]["value"]
    assert {k: type(v) for k, v in token.json().items()} == {k: type(v) for k, v in example.items()}
    with httpx.Client(base_url=f"{emulator.url}/soundcloud",
                      headers={"Authorization": f"OAuth {token.json()['access_token']}"}) as c:
        assert_valid(spec, "/me", c.get("/me"))
        assert_valid(spec, "/tracks", c.get("/tracks", params={"q": "acperience"}))
        assert_valid(spec, "/tracks", c.get("/tracks", params={"q": "acid", "linked_partitioning": "true"}))
        assert_valid(spec, "/tracks/{track_urn}", c.get("/tracks/soundcloud:tracks:7001"))
        body = {"playlist": {"title": "Discogs - Acid", "sharing": "private",
                             "tracks": [{"urn": "soundcloud:tracks:7001"}]}}
        created = c.post("/playlists", json=body)
        assert_valid(spec, "/playlists", created)
        urn = created.json()["urn"]
        assert_valid(spec, "/playlists/{playlist_urn}", c.get(f"/playlists/{urn}"))
        assert_valid(spec, "/playlists/{playlist_urn}", c.put(f"/playlists/{urn}", json=body))
        assert_valid(spec, "/playlists/{playlist_urn}/tracks", c.get(f"/playlists/{urn}/tracks"))
        assert_valid(spec, "/me/playlists", c.get("/me/playlists", params={"linked_partitioning": "true"}))
        assert_valid(spec, "/me/playlists", c.get("/me/playlists", params={"show_tracks": "false"}))
        anonymous = httpx.get(str(c.base_url).rstrip("/") + "/me", headers={"Authorization": "OAuth nope"})
        assert_valid(spec, "/me", anonymous)
        # catalog sets: search, read, tracks
        assert_valid(spec, "/playlists", c.get("/playlists", params={"q": "escape the chaos"}))
        assert_valid(spec, "/playlists", c.get("/playlists", params={"q": "acperience", "linked_partitioning": "true",
                                                                     "show_tracks": "false"}))
        assert_valid(spec, "/playlists/{playlist_urn}", c.get("/playlists/soundcloud:playlists:1000000101"))
        assert_valid(spec, "/playlists/{playlist_urn}/tracks",
                     c.get("/playlists/soundcloud:playlists:1000000102/tracks", params={"linked_partitioning": "1"}))


def test_the_validator_rejects_a_wrong_shape():
    schema = response_schema("spotify-openapi.yml", "/me/playlists", "GET", 200)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"href": "x", "items": [], "limit": 1, "next": None, "offset": 0, "previous": None,
                             "total": "many"}, schema, cls=jsonschema.Draft7Validator)
    track = response_schema("soundcloud-openapi.yaml", "/tracks/{track_urn}", "GET", 200)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"urn": "soundcloud:tracks:1", "duration": "long"}, track, cls=jsonschema.Draft7Validator)


@pytest.mark.demo_catalog
def test_generated_albums_and_sets_match_the_openapi_specs(emulator):
    catalog = emulator.ctx.catalog
    token = httpx.post(f"{emulator.url}/spotify-accounts/api/token", auth=(CREDS.spotify_client_id,
                       CREDS.spotify_client_secret), data={"grant_type": "client_credentials"}).json()
    spotify = httpx.Client(base_url=f"{emulator.url}/spotify/v1",
                           headers={"Authorization": f"Bearer {token['access_token']}"})
    # one album of each shape: editions with bonus tracks or a deluxe disc, decoys, compilations
    samples = {(t["album"]["album_type"], t["disc_number"]): t["album"]["id"] for t in catalog.spotify["album_tracks"]}
    for album_id in samples.values():
        assert_valid("spotify-openapi.yml", "/albums/{id}", spotify.get(f"/albums/{album_id}"))
    assert_valid("spotify-openapi.yml", "/search", spotify.get("/search", params={"q": "live", "type": "album"}))
    sc_token = httpx.post(f"{emulator.url}/soundcloud-auth/oauth/token", data={
        "grant_type": "client_credentials", "client_id": CREDS.soundcloud_client_id,
        "client_secret": CREDS.soundcloud_client_secret}).json()
    soundcloud = httpx.Client(base_url=f"{emulator.url}/soundcloud",
                              headers={"Authorization": f"OAuth {sc_token['access_token']}"})
    assert_valid("soundcloud-openapi.yaml", "/playlists", soundcloud.get("/playlists", params={"limit": 200}))
