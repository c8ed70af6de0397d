"""The command line, through click's CliRunner and the real pipeline."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EVENT_QUESTIONS
from replay import __version__
from replay.cli import cli

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "benchmarks" / "chapters" / "cases"


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def model_args(event_model):
    return ["--model", event_model[0], "--condition-on-previous-text"]


@pytest.fixture
def questions_file(tmp_path):
    path = tmp_path / "questions.txt"
    path.write_text("\n".join(EVENT_QUESTIONS) + "\n", encoding="utf-8")
    return path


def test_version_and_help_everywhere():
    assert invoke("--version").output.strip() == f"replay, version {__version__}"
    for command in [[], ["run"], ["chapters"], ["export"], ["check-captions"], ["embed"]]:
        for flag in ("-h", "--help"):
            result = invoke(*command, flag)
            assert result.exit_code == 0 and "Usage:" in result.output


def test_run_event_file(workdir, media, model_args):
    event = workdir / "ev.toml"
    event.write_text(f'id = "ev"\ntitle = "Logement"\nsource = "{media["mp4"]}"\n'
                     f'questions = {json.dumps(EVENT_QUESTIONS, ensure_ascii=False)}\n', encoding="utf-8")
    result = invoke("run", event, *model_args)
    assert result.exit_code == 0, result.output
    assert "✓ ev: ran fetch, extract, transcribe, chapters, export" in result.output
    assert (workdir / "outputs" / "ev" / "transcript.html").exists()
    again = invoke("run", event, *model_args)
    assert "ran nothing (up to date: fetch, extract, transcribe, chapters, export)" in again.output
    embedded = invoke("embed", "ev")
    assert embedded.exit_code == 0, embedded.output
    import av

    for container in ("mkv", "mp4"):
        with av.open(str(workdir / "outputs" / "ev" / f"ev.{container}")) as f:
            subs = [s for s in f.streams if s.type == "subtitle"]
            assert subs and subs[0].metadata.get("language") == "fra"


def test_embed_needs_a_finished_run(workdir):
    result = CliRunner().invoke(cli, ["embed", "nothing-here"])
    assert result.exit_code == 1 and "run `replay run` for it first" in result.output


def test_run_media_with_questions_and_id(workdir, media, model_args, questions_file):
    result = invoke("run", media["opus"], "--questions", questions_file, "--id", "opus-talk", *model_args)
    assert result.exit_code == 0, result.output
    chapters = json.loads((workdir / "outputs" / "opus-talk" / "chapters.json").read_text())["chapters"]
    assert [c["question"] for c in chapters if c["question"]] == [1, 2]


def test_run_without_questions_says_chapters_skipped(workdir, media, model_args):
    result = invoke("run", media["wav"], *model_args)
    assert result.exit_code == 0, result.output
    assert "chapters skipped" in result.output
    assert (workdir / "outputs" / "speech" / "captions.srt").exists()


def _artifacts(workdir):
    return sorted(p.name for p in (workdir / "outputs").rglob("*") if p.is_file()) if (workdir / "outputs").exists() else []


@pytest.mark.parametrize("kind,message", [
    ("missing", "no such file"),
    ("not_media", "not a media file"),
    ("silent_video", "no audio track"),
    ("empty_wav", "audio track is empty"),
])
def test_bad_input_one_line_exit_1_no_artifacts(workdir, media, model_args, kind, message):
    source = workdir / "missing.mp4" if kind == "missing" else media[kind]
    result = CliRunner().invoke(cli, ["run", str(source), *map(str, model_args)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert message in lines[0] and "Traceback" not in result.output
    assert _artifacts(workdir) == []


def test_unreachable_url(workdir, model_args):
    result = CliRunner().invoke(cli, ["run", "http://127.0.0.1:9/replay.mp4", *map(str, model_args)])
    assert result.exit_code == 1 and "download failed" in result.output
    assert _artifacts(workdir) == []


def test_invalid_event_file(workdir, model_args):
    event = workdir / "bad.toml"
    event.write_text('id = "Not A Slug"\n')
    result = CliRunner().invoke(cli, ["run", str(event), *map(str, model_args)])
    assert result.exit_code == 1 and f"{event}: field 'id'" in result.output


def test_model_not_available_offline(workdir, media, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    result = CliRunner().invoke(cli, ["run", str(media["wav"]), "--model", "large-v3-turbo"])
    assert result.exit_code == 1
    assert "not cached and the model hub cannot be reached" in result.output and "--model /path" in result.output
    assert not (workdir / "outputs" / "speech" / "transcript.json").exists()


def test_batch_goes_on_after_a_failure(workdir, media, model_args):
    result = CliRunner().invoke(cli, ["run", str(media["not_media"]), str(media["m4a"]), *map(str, model_args)])
    assert result.exit_code == 1
    assert "✓ talk: ran" in result.output and "1 of 2 recordings failed" in result.output
    assert (workdir / "outputs" / "talk" / "captions.vtt").exists()


def test_chapters_command(tmp_path):
    case = CASES / "dev-emploi-jeunes"
    result = invoke("chapters", case / "transcript.json", "--questions", case / "questions.txt")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert {c["question"] for c in data["chapters"]} >= {1, 2, 3}
    out = tmp_path / "c.json"
    result = invoke("chapters", case / "transcript.json", "--event", case / "event.toml", "-o", out, "--explain")
    assert json.loads(out.read_text()) == data
    assert "1. 00:00:00 – " in result.output and "confidence" in result.output
    assert result.output.count("\n   - ") >= len(data["chapters"])  # at least one evidence line each


def test_chapters_needs_questions(tmp_path):
    case = CASES / "dev-emploi-jeunes"
    result = CliRunner().invoke(cli, ["chapters", str(case / "transcript.json")])
    assert result.exit_code == 2 and "exactly one of --event FILE or --questions FILE" in result.output
    bad = tmp_path / "t.json"
    bad.write_text("[]]")
    result = CliRunner().invoke(cli, ["chapters", str(bad), "--questions", str(case / "questions.txt")])
    assert result.exit_code == 1 and "not valid JSON" in result.output


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.name.startswith("dev-")))
def test_export_then_check_captions_on_every_dev_transcript(tmp_path, case):
    """The issue's acceptance check: `replay export` captions pass `replay check-captions` (no hard violation)."""
    chapters = tmp_path / "chapters.json"
    assert invoke("chapters", CASES / case / "transcript.json", "--event", CASES / case / "event.toml",
                  "-o", chapters).exit_code == 0
    result = invoke("export", CASES / case / "transcript.json", "--chapters", chapters, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["captions.srt", "captions.vtt", "chapters.ffmeta", "chapters.vtt", "transcript.docx",
                     "transcript.html", "transcript.md", "transcript.txt", "youtube-chapters.txt"]
    for name in ("captions.vtt", "captions.srt"):
        checked = CliRunner().invoke(cli, ["check-captions", str(tmp_path / "out" / name)])
        assert checked.exit_code == 0, checked.output


def test_check_captions_fails_on_hard_violations(tmp_path):
    bad = tmp_path / "bad.vtt"
    bad.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:09.000\n"
                   "Une ligne beaucoup trop longue pour un sous-titre français correct\n\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check-captions", str(bad)])
    assert result.exit_code == 1 and "00:00:01.000" in result.output


def test_export_other_tools_json_and_formats(tmp_path):
    openai_style = {"text": "x", "language": "fr", "segments": [
        {"id": 0, "seek": 0, "start": 0.0, "end": 3.0, "text": " Bonjour à tous, et bienvenue.", "tokens": []},
        {"id": 1, "seek": 0, "start": 3.5, "end": 6.0, "text": " Première question : le logement ?", "tokens": []}]}
    path = tmp_path / "whisper.json"
    path.write_text(json.dumps(openai_style, ensure_ascii=False), encoding="utf-8")
    result = invoke("export", path, "--formats", "vtt,srt,txt", "-o", tmp_path / "o")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["captions.srt", "captions.vtt", "transcript.txt"]
    assert "question\u202f:" in (tmp_path / "o" / "captions.vtt").read_text() or \
        "question\u00a0:" in (tmp_path / "o" / "captions.vtt").read_text()
    bad = CliRunner().invoke(cli, ["export", str(path), "--formats", "vtt,pdf"])
    assert bad.exit_code == 1 and "unknown export format 'pdf'" in bad.output


def test_export_chapter_formats_need_chapters(tmp_path):
    case = CASES / "dev-emploi-jeunes"
    result = CliRunner().invoke(cli, ["export", str(case / "transcript.json"), "--formats", "vtt,youtube",
                                      "-o", str(tmp_path)])
    assert result.exit_code == 1 and "format 'youtube' needs chapters" in result.output
    assert list(tmp_path.iterdir()) == []
