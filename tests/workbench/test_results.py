"""Tracker read models as frames: per-folder outcomes, confidences, the missing report."""

from __future__ import annotations

import csv
import io

from song_automations.reports import missing_records, render
from song_automations.workbench import results
from sqlcheck import sql_one


def test_folder_status_adds_up_to_each_destinations_tracks(tracker):
    frame = results.folder_status(tracker)
    assert set(frame["status"]) == {"matched", "flagged", "missing"}
    assert set(frame["folder"]) == {"Uncategorized", "House", "Disco", "Wantlist"}
    totals = tracker.status()
    for row in totals:
        mine = frame[frame["destination"] == row["destination"]]
        # A release in two folders counts in each, so per-folder sums are at least the totals.
        for status in ("flagged", "missing"):
            assert mine[mine["status"] == status]["tracks"].sum() >= row[status]
        assert mine["tracks"].sum() >= row["tracks"]
    assert all(sum(row[status] for row in totals) > 0 for status in ("flagged", "missing"))


def test_confidences_are_every_scored_match(tracker):
    frame = results.confidences(tracker)
    expected = sql_one(tracker, "SELECT COUNT(*) AS n FROM matched_tracks WHERE confidence IS NOT NULL")["n"]
    assert len(frame) == expected > 0
    assert frame["confidence"].between(0, 1).all()


def test_missing_frame_is_the_cli_report_and_its_csv_has_the_same_rows(tracker):
    frame = results.missing_frame(tracker)
    cli_rows = list(csv.DictReader(io.StringIO(render(missing_records(tracker), "csv"))))
    assert len(frame) == len(cli_rows) > 0
    assert list(frame.columns) == list(cli_rows[0])
    downloaded = list(csv.DictReader(io.StringIO(results.missing_csv(frame).decode("utf-8"))))
    assert [(r["release_id"], r["position"], r["destination"]) for r in downloaded] == [
        (r["release_id"], r["position"], r["destination"]) for r in cli_rows]


def test_missing_filters_by_text_destination_reason_and_folder(tracker):
    frame = results.missing_frame(tracker)
    spotify = results.filter_missing(frame, destination="spotify")
    assert len(spotify) and set(spotify["destination"]) == {"spotify"}
    some = frame.iloc[0]
    hits = results.filter_missing(frame, text=some["title"].upper())
    assert some["title"] in set(hits["title"])
    assert results.filter_missing(frame, text="no such text anywhere").empty
    reason = results.filter_missing(frame, reason=some["reason"])
    assert set(reason["reason"]) == {some["reason"]}
    house = results.filter_missing(frame, folder="House")
    assert len(house) and all("House" in f.split(",") for f in house["folder"])


def test_folder_names_are_the_known_folders_without_the_wantlist(tracker):
    assert results.folder_names(tracker) == ["Uncategorized", "House", "Disco"]
