import wave

import pytest

from replay.audio import extract_audio, probe, safe_input
from replay.errors import MediaError


@pytest.mark.parametrize("kind", ["mp4", "mp3", "m4a", "opus", "wav"])
def test_extract_to_16k_mono_wav(media, tmp_path, kind):
    out = extract_audio(media[kind], tmp_path / "audio.wav")
    with wave.open(str(out)) as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (16000, 1, 2)
        assert abs(w.getnframes() / 16000 - probe(media["wav"]).duration) < 0.2
    assert [p.name for p in tmp_path.iterdir()] == ["audio.wav"]  # no temp file left


def test_no_audio_track(media, tmp_path):
    with pytest.raises(MediaError, match="no audio track"):
        extract_audio(media["silent_video"], tmp_path / "audio.wav")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("kind,message", [("empty_wav", "audio track is empty"), ("not_media", "not a media file")])
def test_unusable_media_leaves_nothing(media, tmp_path, kind, message):
    with pytest.raises(MediaError, match=message):
        extract_audio(media[kind], tmp_path / "audio.wav")
    assert list(tmp_path.iterdir()) == []


def test_zero_byte_file(tmp_path):
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    with pytest.raises(MediaError, match="empty"):
        probe(empty)


def test_dash_paths_are_not_options(media, tmp_path, monkeypatch):
    monkeypatch.chdir(media["wav"].parent)
    assert safe_input("-i.wav") == "file:-i.wav"
    (media["wav"].parent / "-talk.wav").write_bytes(media["wav"].read_bytes())
    out = extract_audio("-talk.wav", tmp_path / "a.wav")
    assert out.stat().st_size > 1000
