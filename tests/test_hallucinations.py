"""Whisper hallucinations are dropped only where the audio shows no speech."""

from __future__ import annotations

import logging

import pytest

from replay.hallucinations import drop_hallucinations, is_known_hallucination, normalise, only_hallucinations
from replay.models import Transcript

SPEECH = {"start": 0.0, "end": 5.0, "text": " Bonjour à tous, on commence.", "no_speech_prob": 0.05}


def make(*segments: dict, meta: dict | None = None) -> Transcript:
    return Transcript.from_dict({"segments": [SPEECH, *segments], "meta": meta or {}})


def texts(t: Transcript) -> list[str]:
    return [s.text.strip() for s in t.segments]


def test_dropped_in_silence_by_no_speech_prob_and_logged(caplog):
    t = make({"start": 723.0, "end": 726.0, "text": " Merci d'avoir regardé", "no_speech_prob": 0.92})
    with caplog.at_level(logging.WARNING, logger="replay"):
        kept, dropped = drop_hallucinations(t)
    assert texts(kept) == ["Bonjour à tous, on commence."]
    assert dropped == ["dropped 'Merci d'avoir regardé' at 00:12:03 (no speech: no_speech_prob 0.92)"]
    assert [r.getMessage() for r in caplog.records if r.name == "replay"] == dropped


def test_dropped_outside_vad_speech_spans():
    t = make({"start": 40.0, "end": 44.0, "text": " Sous-titres réalisés par la communauté d'Amara.org"},
             meta={"speech": [[0.0, 5.2], [50.0, 60.0]]})
    kept, dropped = drop_hallucinations(t)
    assert len(kept.segments) == 1 and "VAD" in dropped[0]


def test_dropped_when_words_are_improbable():
    words = [{"word": w, "start": 10 + i, "end": 10.5 + i, "probability": 0.05} for i, w in enumerate([" Abonnez", "-vous", " !"])]
    t = make({"start": 10.0, "end": 13.0, "text": " Abonnez-vous !", "words": words})
    kept, dropped = drop_hallucinations(t)
    assert len(kept.segments) == 1 and "word probability" in dropped[0]


def test_kept_when_the_audio_has_speech_there():
    segment = {"start": 1790.0, "end": 1793.0, "text": " Merci d'avoir regardé cette vidéo !", "no_speech_prob": 0.1}
    t = make(segment, meta={"speech": [[0.0, 5.0], [1789.5, 1793.5]]})
    kept, dropped = drop_hallucinations(t)
    assert dropped == [] and kept == t


def test_kept_when_nothing_tells_speech_from_silence():
    # no VAD spans, no no_speech_prob, no words: the speaker may really have said it
    t = Transcript.from_dict({"segments": [{"start": 0.0, "end": 2.0, "text": " Merci d'avoir regardé."}]})
    assert drop_hallucinations(t) == (t, [])


def test_real_speech_in_silence_is_not_a_hallucination():
    t = make({"start": 40.0, "end": 44.0, "text": " Le chômage des jeunes reste élevé.", "no_speech_prob": 0.9})
    assert drop_hallucinations(t)[1] == []


@pytest.mark.parametrize("text", [
    "Sous-titres réalisés par la communauté d'Amara.org", "SOUS-TITRES RÉALISÉS PAR LA COMMUNAUTÉ D'AMARA.ORG",
    "Sous-titrage ST' 501", "Merci d'avoir regardé cette vidéo !", "merci d avoir regarde", "Abonnez-vous !",
    "Sous-titrage Société Radio-Canada", "…", "...", "Thank you for watching!", "Thanks for watching.",
    "Please subscribe", "Merci.",
])
def test_known_hallucinations(text):
    assert is_known_hallucination(text)


@pytest.mark.parametrize("text", [
    "Merci à Marie pour cette présentation très complète.", "On va parler des abonnements de transport.",
    "Le site amara n'a rien à voir, on parle ici des quartiers prioritaires et de leurs habitants.",
])
def test_ordinary_sentences_are_not_hallucinations(text):
    assert not is_known_hallucination(text)


def test_normalise_case_accents_punctuation():
    assert normalise("  Merci d'avoir REGARDÉ !! ") == "merci d avoir regarde"


def test_repetition_loop_is_dropped_and_logged(caplog):
    loop = {"start": 30.0, "end": 40.0, "text": " et donc on va" + " on va" * 12, "no_speech_prob": 0.1}
    with caplog.at_level(logging.WARNING, logger="replay"):
        kept, dropped = drop_hallucinations(make(loop))
    assert len(kept.segments) == 1 and "repetition loop" in dropped[0] and "'on va'" in dropped[0]
    assert caplog.records


def test_ordinary_long_segment_is_not_a_loop():
    text = " Nous avons travaillé avec les bailleurs, les missions locales et les entreprises du territoire."
    t = make({"start": 30.0, "end": 40.0, "text": text, "compression_ratio": 1.3})
    assert drop_hallucinations(t)[1] == []


def test_a_segment_repeating_the_previous_one_is_a_loop(caplog):
    from replay.hallucinations import drop_hallucinations
    from replay.models import Segment, Transcript

    text = " Merci à tous, place aux échanges."
    segs = [Segment(0, 0.0, 2.0, text), Segment(1, 2.0, 4.0, text), Segment(2, 4.0, 6.0, text.upper()),
            Segment(3, 6.0, 7.0, " Oui."), Segment(4, 7.0, 8.0, " Oui.")]
    cleaned, dropped = drop_hallucinations(Transcript("fr", 8.0, tuple(segs)))
    assert [s.id for s in cleaned.segments] == [0, 3, 4]  # short replies may really repeat
    assert len(dropped) == 2 and "repeats the segment at 00:00:00" in dropped[0]
    assert "repeats the segment" in caplog.text


def test_hallucinated_lines_are_told_from_speech():
    assert only_hallucinations("Merci d'avoir regardé cette vidéo ! Merci d'avoir regardé cette vidéo !")
    assert only_hallucinations("Sous-titres réalisés par la communauté d'Amara.org. Merci. Merci.")
    assert only_hallucinations("Merci. Merci. Merci. Merci. Merci. Merci.")
    assert not only_hallucinations("Merci.")  # the moderator's thanks, a turn start
    assert not only_hallucinations("Merci beaucoup Nadia, abonnez-vous à notre lettre d'information.")



def test_the_quick_answer_for_speech_misses_no_phrase():
    from replay.hallucinations import _MARKERS, _PHRASES

    assert all(any(m in p for m in _MARKERS) for p in _PHRASES)
    assert only_hallucinations("Oui oui oui oui oui.")  # a loop, with none of the phrases' words
