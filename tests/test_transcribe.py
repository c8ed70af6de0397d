import numpy as np
import pytest

import tinywhisper
from conftest import EVENT_SENTENCES
from replay.config import TranscribeOptions
from replay.errors import ModelError
from replay.transcribe import build_prompt, load_model, resolve_model, transcribe


def test_auto_choices_on_cpu():
    resolved = resolve_model(TranscribeOptions(device="cpu"))
    assert (resolved.name, resolved.device, resolved.compute_type) == ("large-v3-turbo", "cpu", "int8")
    assert resolve_model(TranscribeOptions(device="cuda")).name == "large-v3"
    assert resolve_model(TranscribeOptions(device="cuda")).compute_type == "float16"


def test_uncached_hub_model_offline_says_how_to_fix(tmp_path):
    opts = TranscribeOptions(model="large-v3-turbo", download_root=str(tmp_path))
    with pytest.raises(ModelError, match="not cached and the model hub cannot be reached.*--model /path"):
        load_model(resolve_model(opts), opts)


def test_unknown_model_name():
    opts = TranscribeOptions(model="enormous-v9")
    with pytest.raises(ModelError, match="unknown model 'enormous-v9'"):
        load_model(resolve_model(opts), opts)


def test_directory_without_model(tmp_path):
    opts = TranscribeOptions(model=str(tmp_path))
    with pytest.raises(ModelError, match="no model.bin"):
        load_model(resolve_model(opts), opts)


def test_transcribe_with_local_model(tiny_model_dir, media, tmp_path):
    from replay.audio import extract_audio

    wav = extract_audio(media["mp4"], tmp_path / "a.wav")
    opts = TranscribeOptions(model=str(tiny_model_dir), device="cpu")
    seen = []
    result = transcribe(wav, load_model(resolve_model(opts), opts), options=opts,
                        progress=lambda done, total: seen.append((done, total)))
    assert result.language == "fr"
    texts = [s.text for s in result.segments]
    assert texts[:2] == [" Bonjour à tous.", " Il fait beau aujourd'hui!"]
    words = [w for s in result.segments for w in s.words]
    assert [w.word for w in words[:8]] == [" Bonjour", " à", " tous.", " Il", " fait", " beau", " aujourd", "'hui!"]
    assert all(s.start <= w.start <= w.end <= s.end + 1e-6 for s in result.segments for w in s.words)
    assert seen[-1][0] == seen[-1][1] == result.duration
    assert all(a[0] <= b[0] for a, b in zip(seen, seen[1:]))
    assert result.meta["speech"] and result.meta["options"]["vad_filter"] is True


def test_sequence_model_hears_sentence_k_at_burst_k(event_model, media, tmp_path):
    from replay.audio import extract_audio

    model_dir, info = event_model
    wav = extract_audio(media["wav"], tmp_path / "a.wav")
    opts = TranscribeOptions(model=str(model_dir), condition_on_previous_text=True)
    result = transcribe(wav, load_model(resolve_model(opts), opts), options=opts)
    _, starts = tinywhisper.speech_track(info["durations"])
    assert [s.text for s in result.segments][: len(EVENT_SENTENCES)] == EVENT_SENTENCES
    for seg, start, duration in zip(result.segments, starts, info["durations"]):
        assert seg.start < start + duration and seg.end > start  # the sentence overlaps its burst


def test_vad_drops_non_speech(tiny_model_dir, tmp_path):
    t = np.arange(10 * 16000) / 16000
    wav = tinywhisper.write_wav(tmp_path / "tone.wav", (0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32))
    opts = TranscribeOptions(model=str(tiny_model_dir))
    result = transcribe(wav, load_model(resolve_model(opts), opts), options=opts)
    assert result.segments == () and result.meta["speech"] == []


def test_prompt_from_title_and_questions():
    prompt = build_prompt("Logement", ["Question un ?", "Question deux"])
    assert prompt == "Logement. Question un ? Question deux."
    assert len(build_prompt("x", ["mot " * 400])) <= 600
    assert build_prompt("", []) is None
