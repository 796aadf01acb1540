"""`song-automations eval`: tables, then the FORMAT.md JSON as the last line; clear failures."""

import json

from click.testing import CliRunner

from song_automations.cli import cli


def _case(cid, platform, candidates, expected, tags=("remix",)):
    return {
        "id": cid, "platform": platform, "tags": list(tags), "expected": expected, "candidates": candidates,
        "source": {"release": {"id": 1, "title": "Café Del Mar", "artists": [{"name": "Energy 52", "anv": "", "join": ""}],
                               "labels": [{"name": "Eye Q Records", "catno": "EYEQ 027"}]},
                   "track": {"position": "A1", "title": "Café Del Mar (Three 'N One Remix)", "duration": "8:05",
                             "extraartists": [{"name": "Three 'N One", "anv": "", "role": "Remix"}]}},
    }


SP_RIGHT = {"id": "right", "name": "Café Del Mar - Three 'N One Remix", "artists": [{"name": "Energy 52"}],
            "duration_ms": 485000}
SP_WRONG = {"id": "wrong", "name": "Café Del Mar - Hardfloor Remix", "artists": [{"name": "Energy 52"}],
            "duration_ms": 400000}
SC_RIGHT = {"urn": "soundcloud:tracks:2", "title": "Premiere: Energy 52 - Cafe Del Mar (Three N One Remix) [EYEQ027]",
            "user": {"username": "Trance Classics Records"}, "duration": 486000}


def _write(tmp_path, lines):
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n")
    return path


def _run(*args, env=None):
    return CliRunner().invoke(cli, ["eval", *map(str, args)], env=env or {})


def test_eval_prints_tables_then_the_json_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = _write(tmp_path, [
        _case("sp-right", "spotify", [SP_WRONG, SP_RIGHT], "right"),
        _case("sp-none", "spotify", [SP_WRONG], None, tags=("remix", "no-match")),
        "",
        _case("sc-right", "soundcloud", [SC_RIGHT], "soundcloud:tracks:2"),
    ])
    result = _run(path)
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("slice") and any(line.startswith("platform=soundcloud") for line in lines)
    report = json.loads(lines[-1])
    assert (report["cases"], report["tp"], report["fp"], report["fn"], report["f1"]) == (3, 2, 0, 0, 1.0)
    assert set(report["by_platform"]) == {"spotify", "soundcloud"}
    assert report["by_tag"]["no-match"] == {"cases": 1, "tp": 0, "fp": 0, "fn": 0,
                                            "precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_platform_filter(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = _write(tmp_path, [_case("a", "spotify", [SP_RIGHT], "right"),
                             _case("b", "soundcloud", [SC_RIGHT], "soundcloud:tracks:2")])
    report = json.loads(_run(path, "--platform", "soundcloud").output.strip().splitlines()[-1])
    assert report["cases"] == 1 and list(report["by_platform"]) == ["soundcloud"]


def test_malformed_line_names_the_line_and_fails(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = _write(tmp_path, [_case("a", "spotify", [SP_RIGHT], "right"), "{not json"])
    result = _run(path)
    assert result.exit_code != 0
    assert "Line 2 of" in result.output and "Traceback" not in result.output
    bad_platform = _write(tmp_path, [_case("a", "tidal", [], None)])
    result = _run(bad_platform)
    assert result.exit_code != 0 and "Line 1 of" in result.output and "platform" in result.output


def test_missing_file_is_a_usage_error(tmp_path):
    assert _run(tmp_path / "nope.jsonl").exit_code == 2
