"""End to end: the real pipeline on generated media with the offline sequence model."""

import json
import time

import pytest

from conftest import EVENT_QUESTIONS
from replay.config import Event, TranscribeOptions
from replay.pipeline import STAGES, RunOptions, run_event


def _options(event_model, tmp_path, **kw):
    model_dir, _ = event_model
    return RunOptions(out_root=tmp_path / "outputs", media_root=tmp_path / "media",
                      transcribe=TranscribeOptions(model=str(model_dir), condition_on_previous_text=True), **kw)


def _event(media, **kw):
    return Event(id="talk", title="Logement", date="2020-11-06", source=str(media["mp4"]),
                 questions=tuple(EVENT_QUESTIONS), glossary=("QPV",), **kw)


class StopAt:
    """A reporter that interrupts the run when a given stage starts (as Ctrl-C would)."""

    def __init__(self, stage):
        self.at = stage

    def stage(self, name, skipped):
        if name == self.at and not skipped:
            raise KeyboardInterrupt

    def download(self, done, total):
        pass

    def audio(self, done, total):
        pass


def test_run_produces_every_artifact(event_model, media, tmp_path):
    result = run_event(_event(media), _options(event_model, tmp_path))
    out = tmp_path / "outputs" / "talk"
    assert result.ran == list(STAGES) and result.out_dir == out
    for name in ["transcript.json", "chapters.json", "captions.vtt", "captions.srt", "chapters.vtt",
                 "youtube-chapters.txt", "chapters.ffmeta", "transcript.txt", "transcript.md", "transcript.docx",
                 "transcript.html"]:
        assert (out / name).stat().st_size > 0, name
    data = json.loads((out / "transcript.json").read_text())
    assert data["language"] == "fr" and 30 < data["duration"] < 40
    seg = data["segments"][1]
    assert set(seg) >= {"id", "start", "end", "text", "words"}
    assert set(seg["words"][0]) == {"start", "end", "word", "probability"}
    meta = data["meta"]
    assert meta["event_id"] == "talk" and meta["title"] == "Logement" and meta["date"] == "2020-11-06"
    assert meta["source"] == str(media["mp4"]) and len(meta["sha256"]) == 64
    assert meta["model"].endswith("event") and meta["compute_type"] == "int8"
    assert meta["replay_version"] and meta["created_at"]
    # chapters come from the content: question k starts where the moderator reads it
    chapters = json.loads((out / "chapters.json").read_text())["chapters"]
    starts = {c["question"]: c["start"] for c in chapters if c["question"]}
    read_at = {k: next(s["start"] for s in data["segments"] if s["text"].startswith(f" {word} question"))
               for k, word in ((1, "Première"), (2, "Deuxième"))}
    assert starts == read_at
    assert chapters[0]["start"] == 0 and chapters[-1]["end"] == pytest.approx(data["duration"], abs=0.01)
    # nothing but artifacts and stamps: no temp files
    assert not [p for p in out.rglob("*") if ".tmp" in p.name]


def test_rerun_is_cached_and_interrupted_run_redoes_only_the_rest(event_model, media, tmp_path):
    opts = _options(event_model, tmp_path)
    with pytest.raises(KeyboardInterrupt):
        run_event(_event(media), opts, StopAt("chapters"))
    out = tmp_path / "outputs" / "talk"
    assert (out / "transcript.json").exists() and not (out / "chapters.json").exists()
    again = run_event(_event(media), opts)
    assert again.skipped == ["fetch", "extract", "transcribe"] and again.ran == ["chapters", "export"]
    t0 = time.perf_counter()
    cached = run_event(_event(media), opts)
    assert cached.ran == [] and cached.skipped == list(STAGES)
    assert time.perf_counter() - t0 < 30  # generous: a cached run loads no model
    # new questions: only chapters and exports are redone
    changed = run_event(_event(media, titles=("Discriminations", "Parc privé")), opts)
    assert changed.ran == ["chapters", "export"]
    forced = run_event(_event(media), _options(event_model, tmp_path, force=True))
    assert forced.ran == list(STAGES)


def test_without_questions_chapters_are_skipped(event_model, media, tmp_path):
    event = Event(id="plain", source=str(media["m4a"]))
    result = run_event(event, _options(event_model, tmp_path))
    out = tmp_path / "outputs" / "plain"
    assert result.chapters_skipped
    assert (out / "captions.vtt").exists() and not (out / "chapters.json").exists()
    assert not (out / "chapters.vtt").exists()


def test_url_source(event_model, http_server, tmp_path):
    event = Event(id="web", source=f"{http_server}/talk.mp4", questions=tuple(EVENT_QUESTIONS))
    result = run_event(event, _options(event_model, tmp_path))
    assert (tmp_path / "media" / "web" / "source.mp4").exists()
    assert json.loads((result.out_dir / "transcript.json").read_text())["meta"]["source"].startswith("http://127.0.0.1")
