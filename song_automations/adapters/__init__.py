"""Pure functions from raw API payloads to platform-neutral models.

``discogs.source_tracks(release)``, ``spotify.candidate(track)``,
``soundcloud.candidate(track)``, and the query formatters each client uses. No I/O here:
the HTTP clients call these, and so does the offline evaluation.
"""
