import json
import math

import pytest

from replay.errors import TranscriptError
from replay.models import Chapter, Transcript, load_chapters, load_transcript
from replay.timefmt import format_clock, format_timestamp, parse_timestamp


def test_openai_whisper_json(tmp_path):
    data = {"text": " Bonjour.", "language": "fr", "segments": [
        {"id": 0, "seek": 0, "start": 0.0, "end": 1.5, "text": " Bonjour.", "tokens": [1, 2], "temperature": 0.0,
         "avg_logprob": -0.2, "compression_ratio": 1.1, "no_speech_prob": 0.01}]}
    path = tmp_path / "t.json"
    path.write_text(json.dumps(data))
    t = load_transcript(path)
    assert t.language == "fr" and t.duration == 1.5 and t.segments[0].no_speech_prob == 0.01
    assert not t.has_words


def test_whisperx_json_with_unaligned_words():
    data = {"segments": [{"start": 1.0, "end": 3.0, "text": " Il y a 20 QPV.", "words": [
        {"word": "Il", "start": 1.0, "end": 1.2, "score": 0.9}, {"word": "y"}, {"word": "a", "start": 1.5, "end": 1.6},
        {"word": "20"}, {"word": "QPV.", "start": 2.2, "end": 2.8, "score": 0.7}]}],
        "word_segments": []}
    t = Transcript.from_dict(data)
    words = t.segments[0].words
    assert [w.word for w in words] == ["Il", "y", "a", "20", "QPV."]
    assert all(not math.isnan(w.start) and w.start <= w.end for w in words)
    assert words[0].probability == 0.9
    assert all(a.start <= b.start for a, b in zip(words, words[1:]))


def test_bare_segment_list_and_round_trip():
    t = Transcript.from_dict([{"start": 2, "end": 3, "text": " b"}, {"start": 0, "end": 1, "text": " a"}])
    assert [s.text for s in t.segments] == [" a", " b"]
    again = Transcript.from_dict(json.loads(json.dumps(t.to_dict())))
    assert again.segments == t.segments


@pytest.mark.parametrize("data", [{"text": "x"}, {"segments": [{"start": "a", "end": 1, "text": "x"}]},
                                  {"segments": [{"start": 2, "end": 1, "text": "x"}]}, "nope"])
def test_bad_transcripts(data):
    with pytest.raises(TranscriptError):
        Transcript.from_dict(data)


def test_bad_files(tmp_path):
    with pytest.raises(TranscriptError, match="no such transcript"):
        load_transcript(tmp_path / "x.json")
    (tmp_path / "bad.json").write_text("{oops")
    with pytest.raises(TranscriptError, match="not valid JSON"):
        load_transcript(tmp_path / "bad.json")
    with pytest.raises(TranscriptError, match="not a chapters.json"):
        load_chapters(tmp_path / "bad.json")


def test_chapter_round_trip():
    c = Chapter(0.0, 12.5, "Ouverture", None, 0.8, ("start of the recording",))
    assert Chapter.from_dict(c.to_dict()) == c


def test_timestamps_round_once():
    assert format_timestamp(59.9996) == "00:01:00.000"
    assert format_timestamp(3723.4567, decimal=",") == "01:02:03,457"
    assert format_timestamp(5.0, always_hours=False) == "00:05.000"
    assert format_clock(3599.9996) == "01:00:00"
    assert format_clock(75, always_hours=False) == "1:15"
    assert parse_timestamp("00:27:54") == 1674.0 and parse_timestamp("27:54") == 1674.0
    assert parse_timestamp("1:02:03,5") == 3723.5 and parse_timestamp("12.5") == 12.5
    with pytest.raises(ValueError):
        parse_timestamp("soon")
