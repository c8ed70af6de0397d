"""Captions: tokens, line breaks, timing rules, typography, WebVTT/SRT writing (real webvtt-py)."""

from __future__ import annotations

import html
import io
import re
import unicodedata

import pytest
import webvtt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from replay import french
from replay.export.captions import (
    CaptionOptions, Cue, build_cues, escape_srt, render_srt, render_vtt, to_srt, to_vtt,
)
from replay.models import Transcript

OPTS = CaptionOptions()


def words_at(text: str, start: float, cps: float = 14.0, gap: float = 0.0) -> list[dict]:
    """Whisper-style words (leading spaces) spoken at `cps` characters per second from `start`."""
    out, t = [], start
    for w in text.split():
        d = (len(w) + 1) / cps
        out.append({"word": " " + w, "start": round(t, 3), "end": round(t + d, 3), "probability": 0.9})
        t += d + gap
    return out


def segment(text: str, start: float, cps: float = 14.0, *, words: bool = True, speaker: str | None = None) -> dict:
    ws = words_at(text, start, cps)
    seg = {"start": ws[0]["start"], "end": ws[-1]["end"], "text": " " + text}
    if words:
        seg["words"] = ws
    if speaker:
        seg["speaker"] = speaker
    return seg


def transcript(*segments: dict) -> Transcript:
    return Transcript.from_dict({"language": "fr", "segments": list(segments)})


def chars(cue: Cue) -> int:
    return sum(map(len, cue.lines)) + len(cue.lines) - 1


LONG = ("Bonjour à toutes et à tous, et bienvenue à cette visio-conférence consacrée à l'accès à l'emploi "
        "des jeunes des quartiers prioritaires de la politique de la ville. Nous allons parler des freins, "
        "des dispositifs et des employeurs qui s'engagent. Je vous présente Marie Dupont, directrice "
        "de la mission locale, qui travaille avec les jeunes depuis quinze ans dans le département.")


@pytest.fixture(scope="module")
def long_cues() -> list[Cue]:
    return build_cues(transcript(segment(LONG, 2.0)))


# -- lines -----------------------------------------------------------------------------------------

def test_short_text_stays_on_one_line():
    cues = build_cues(transcript(segment("Bonjour à tous.", 1.0)))
    assert [c.lines for c in cues] == [("Bonjour à tous.",)]


def test_lines_are_at_most_42_chars_and_at_most_two(long_cues):
    assert long_cues
    for cue in long_cues:
        assert 1 <= len(cue.lines) <= 2
        assert all(len(line) <= 42 for line in cue.lines)


def test_one_line_whenever_it_fits(long_cues):
    for cue in long_cues:
        if len(cue.lines) == 2:
            assert chars(cue) > 42


def test_two_lines_are_balanced_or_bottom_heavy(long_cues):
    for cue in long_cues:
        if len(cue.lines) == 2:
            top, bottom = map(len, cue.lines)
            assert top <= 2 * bottom + 6, cue.lines


def test_no_line_or_cue_break_after_article_preposition_pronoun(long_cues):
    for prev, nxt in _breaks(long_cues):
        assert french.break_score(prev, nxt)[0] < french.FORBIDDEN, (prev, nxt)


def test_first_and_last_name_stay_together(long_cues):
    assert any("Marie Dupont" in line for cue in long_cues for line in cue.lines)


@pytest.mark.parametrize("prev, nxt, reason", [
    ("les", "jeunes", "article"), ("l'", "emploi", "article"), ("des", "quartiers", "article"),
    ("dans", "les", "preposition"), ("pour", "eux", "preposition"), ("d'", "abord", "preposition"),
    ("je", "pense", "pronoun"), ("il", "faut", "pronoun"), ("on", "va", "pronoun"), ("ne", "sont", "pronoun"),
    ("M.", "Martin", "title"), ("Mme", "Durand", "title"), ("Marie", "Dupont", "name"),
])
def test_forbidden_breaks(prev, nxt, reason):
    score, why = french.break_score(prev, nxt)
    assert score == french.FORBIDDEN and reason in why


@pytest.mark.parametrize("prev, nxt", [("tous.", "Ensuite"), ("freins,", "et"), ("jeunes", "qui"), ("vous", "et")])
def test_good_breaks(prev, nxt):
    assert french.break_score(prev, nxt)[0] <= french.BEFORE_PREPOSITION


def _breaks(cues: list[Cue]):
    lines = [line for cue in cues for line in cue.lines]
    for upper, lower in zip(lines, lines[1:]):
        yield upper.split()[-1], lower.split()[0]


# -- timing ----------------------------------------------------------------------------------------

def test_durations_between_1_and_7_seconds(long_cues):
    for cue in long_cues:
        assert 1.0 - 1e-9 <= cue.end - cue.start <= 7.0 + 1e-9


def test_lone_short_word_is_shown_one_second():
    cues = build_cues(transcript(segment("Oui.", 5.0), segment("Alors commençons la présentation.", 9.0)))
    assert cues[0].lines == ("Oui.",) and cues[0].end - cues[0].start >= 1.0


def test_reading_speed_within_17_and_never_over_20(long_cues):
    speeds = [chars(c) / (c.end - c.start) for c in long_cues]
    assert max(speeds) <= 20.0 + 1e-9
    assert sum(s <= 17.0 + 1e-9 for s in speeds) >= 0.9 * len(speeds)


def test_fast_speech_borrows_from_silence_to_stay_under_20():
    # 23 chars/s speech between two long pauses: the cue must extend into the silence
    cues = build_cues(transcript(segment("On a vraiment très peu de temps pour tout dire ici.", 10.0, cps=23.0)))
    assert all(chars(c) / (c.end - c.start) <= 20.0 + 1e-9 for c in cues)


def test_no_overlap_and_gaps_of_at_least_two_frames(long_cues):
    for a, b in zip(long_cues, long_cues[1:]):
        assert b.start - a.end >= OPTS.min_gap - 1e-9


def test_close_cues_are_chained_two_frames_apart():
    first = segment("Voilà pour la première partie de notre échange.", 1.0)
    second = segment("Passons maintenant à la deuxième partie.", first["end"] + 0.3)
    a, b = build_cues(transcript(first, second))
    assert round(b.start - a.end, 3) == OPTS.min_gap


def test_hang_after_last_word_is_short_when_there_is_room():
    seg = segment("Nous avons beaucoup de choses à nous dire ce matin.", 1.0, cps=12.0)
    (cue,) = build_cues(transcript(seg))
    last_word_end = seg["words"][-1]["end"]
    assert cue.end - last_word_end <= OPTS.target_hang + 1e-3


def test_hang_never_exceeds_limit(long_cues):
    words = transcript(segment(LONG, 2.0)).segments[0].words
    for cue in long_cues:
        spoken = [w.end for w in words if w.start < cue.end and w.end > cue.start]
        assert cue.end - max(spoken) <= OPTS.max_hang + 1e-3


def test_cues_end_at_sentence_ends():
    text = ("Merci d'être là. La première intervenante va nous présenter le diagnostic territorial "
            "réalisé l'an dernier avec les habitants.")
    cues = build_cues(transcript(segment(text, 1.0)))
    assert cues[0].lines[-1].endswith("là.")
    assert all(not line.endswith("La") for c in cues for line in c.lines)


def test_speaker_change_starts_a_new_cue():
    cues = build_cues(transcript(segment("Vous avez la parole.", 1.0, speaker="A"),
                                 segment("Merci beaucoup.", 2.6, speaker="B")))
    assert [c.text for c in cues] == ["Vous avez la parole.", "Merci beaucoup."]


def test_segments_without_words_are_interpolated():
    cues = build_cues(transcript(segment(LONG, 2.0, words=False)))
    assert " ".join(" ".join(c.lines) for c in cues).split() == LONG.split()
    for cue in cues:
        assert 1.0 <= cue.end - cue.start <= 7.0 and all(len(x) <= 42 for x in cue.lines)


def test_word_stretched_over_silence_does_not_make_a_long_cue():
    t = Transcript.from_dict({"segments": [{"start": 0.0, "end": 20.0, "text": " Bonjour.", "words": [
        {"word": " Bonjour.", "start": 0.0, "end": 20.0}]}]})
    (cue,) = build_cues(t)
    assert cue.end - cue.start <= 7.0 and cue.end >= 19.0


# -- French typography -----------------------------------------------------------------------------

def whisper_words(*pieces: str, start: float = 1.0) -> Transcript:
    words, t = [], start
    for p in pieces:
        words.append({"word": p, "start": t, "end": t + 0.3})
        t += 0.3
    return Transcript.from_dict({"segments": [{"start": start, "end": t, "text": "".join(pieces), "words": words}]})


def test_elisions_and_punctuation_join_without_spaces():
    (cue,) = build_cues(whisper_words(" C'est", " aujourd", "'hui", "!", " l'", "emploi", ","))
    assert cue.text == "C'est aujourd'hui\u202f! l'emploi,"


def test_whisperx_words_without_leading_spaces_stay_apart():
    (cue,) = build_cues(whisper_words("Bonjour", "à", "tous", "!"))
    assert cue.text == "Bonjour à tous\u202f!"


def test_nbsp_before_high_punctuation_and_inside_guillemets():
    (cue,) = build_cues(whisper_words(" Pourquoi", " ?", " Le", " dispositif", " «", " Cités", " de", " l'emploi",
                                      " »", " :", " il", " marche", " ;", " vraiment", "!"))
    assert cue.text.replace("\n", " ") == ("Pourquoi\u202f? Le dispositif «\u00a0Cités de l'emploi\u00a0»\u00a0: "
                                           "il marche\u202f; vraiment\u202f!")


def test_an_elided_word_glued_to_a_guillemet_keeps_the_quote_bound():
    # Whisper writes "d'« équilibre" with the guillemet glued to the elision: the word after it binds too.
    (cue,) = build_cues(whisper_words(" la", " notion", " d'«", " équilibre", " de", " peuplement", " »."))
    assert cue.text.replace("\n", " ") == "la notion d'«\u00a0équilibre de peuplement\u00a0»."


def test_typography_leaves_times_and_urls_alone():
    (cue,) = build_cues(whisper_words(" Rendez-vous", " à", " 13:30", " sur", " https://exemple.fr/page?x=1"))
    assert "13:30" in cue.text and "https://exemple.fr/page?x=1" in cue.text


def test_line_never_breaks_at_a_no_break_space(long_cues):
    text = " ".join(["Est-ce", "que", "vous", "êtes", "d'accord", "?"] * 6)
    for cue in build_cues(transcript(segment(text, 1.0))):
        for line in cue.lines:
            assert not line.startswith(("?", "»", ":", ";", "!")) and not line.endswith("«")


def test_acronyms_are_kept_as_spoken():
    (cue,) = build_cues(whisper_words(" Les", " Q.P.V.", " et", " l'ANRU", " avancent."))
    assert cue.text == "Les QPV et l'ANRU avancent."


# -- writing ---------------------------------------------------------------------------------------

def test_vtt_escapes_amp_lt_and_arrow():
    cue = Cue(1.0, 3.0, ("R&D <b>gras</b> -->", "a > b"))
    content = to_vtt([cue])
    body = content.split("\n", 2)[2]
    assert "&amp;" in body and "&lt;b>" not in body and "&lt;b&gt;" in body
    assert "-->" not in body.split("\n", 1)[1]
    parsed = webvtt.from_string(content)
    assert [html.unescape(x) for x in parsed[0].text.split("\n")] == list(cue.lines)


def test_vtt_has_no_blank_line_inside_a_cue():
    content = to_vtt([Cue(1.0, 3.0, ("une\n\nligne",))])
    assert "une ligne" in content and "\n\n\n" not in content


def test_srt_escapes_only_what_players_would_misread():
    assert escape_srt("R&D") == "R&D"
    assert escape_srt("a <i>b</i> --> &lt;") == "a &lt;i>b&lt;/i> --&gt; &amp;lt;"


def test_timestamps_rounded_once_never_60_seconds():
    content = to_vtt([Cue(59.9996, 61.0004, ("a",))])
    assert "00:01:00.000 --> 00:01:01.000" in content and "60.000" not in content
    assert "00:01:00,000 --> 00:01:01,000" in to_srt([Cue(59.9996, 61.0004, ("a",))])


def test_srt_numbered_in_sequence_with_comma_decimals():
    cues = [Cue(1.0 + 3 * k, 2.5 + 3 * k, (f"ligne {k}",)) for k in range(3)]
    blocks = to_srt(cues).strip().split("\n\n")
    assert [b.split("\n")[0] for b in blocks] == ["1", "2", "3"]
    assert blocks[1].split("\n")[1] == "00:00:04,000 --> 00:00:05,500"
    assert [c.text for c in webvtt.from_buffer(io.StringIO(to_srt(cues)), format="srt")] == [c.text for c in cues]


def test_renderers_give_the_registry_file_names():
    t = transcript(segment("Bonjour à tous.", 1.0))
    vtt, srt = render_vtt(t, [], None), render_srt(t, [], None)
    assert list(vtt) == ["captions.vtt"] and vtt["captions.vtt"].startswith("WEBVTT")
    assert list(srt) == ["captions.srt"] and srt["captions.srt"].startswith("1\n00:00:01,000 --> ")


def test_empty_transcript_gives_empty_files():
    t = transcript()
    assert build_cues(t) == [] and to_vtt([]).startswith("WEBVTT") and to_srt([]) == ""


# -- properties ------------------------------------------------------------------------------------

_ALPHABET = st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufeff")
_WORD = st.one_of(
    st.text(_ALPHABET, min_size=0, max_size=12),
    st.sampled_from(["<", "&", "-->", "\n", "\n\n", "«", "»", "?", "!", ":", ";", "l'", "'hui", "&amp;", "<b>",
                     " ", "\u00a0", "Q.P.V.", "13:30", "...", "x" * 50, "NOTE", "1", "WEBVTT"]),
)


def _visible(text: str) -> str:
    """Text as a reader compares it: no whitespace, no control characters, no acronym dots."""
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cc"
                   and c not in ".\ufeff\u200b")


@st.composite
def transcripts(draw) -> tuple[Transcript, str]:
    timed = draw(st.booleans())
    segments, t, expected = [], draw(st.floats(0, 5)), []
    for _ in range(draw(st.integers(0, 5))):
        words = draw(st.lists(_WORD, max_size=8))
        start = t
        ws = []
        for w in words:
            d = draw(st.sampled_from([0.0, 0.05, 0.2, 0.5, 1.5]))
            lead = "" if draw(st.integers(0, 3)) == 0 else " "
            ws.append({"word": lead + w, "start": t, "end": t + d})
            t += d
        seg = {"start": start, "end": t, "text": "".join(x["word"] for x in ws)}
        if timed:
            seg["words"] = ws
        segments.append(seg)
        expected.append(seg["text"])
        t += draw(st.sampled_from([0.0, 0.1, 0.6, 3.0]))
    return Transcript.from_dict({"segments": segments}), _visible("".join(expected))


def _check_times(starts_ends: list[tuple[float, float]]) -> None:
    for (s1, e1), (s2, e2) in zip(starts_ends, starts_ends[1:]):
        assert s2 >= e1 and s2 >= s1
    assert all(e > s for s, e in starts_ends)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(transcripts())
def test_vtt_and_srt_round_trip_through_webvtt_py(case):
    t, expected = case
    cues = build_cues(t)
    vtt = webvtt.from_string(to_vtt(cues))
    got = _visible(html.unescape("".join(c.text for c in vtt)))
    assert got == expected
    _check_times([(c.start_time.in_milliseconds(), c.end_time.in_milliseconds()) for c in vtt])
    if not vtt.captions:  # an SRT file with no cue is empty, which SRT readers refuse
        assert to_srt(cues) == "" and expected == ""
        return
    srt = webvtt.from_buffer(io.StringIO(to_srt(cues)), format="srt")
    assert _visible(html.unescape("".join(c.raw_text for c in srt))) == expected
    assert len(srt) == len(vtt)
    _check_times([(c.start_time.in_milliseconds(), c.end_time.in_milliseconds()) for c in srt])
    for cue in cues:
        assert 1 <= len(cue.lines) <= 2 and all(len(line) <= 42 for line in cue.lines)


@settings(max_examples=60, deadline=None)
@given(st.floats(0, 10_000, allow_nan=False), st.floats(0.001, 10, allow_nan=False))
def test_cue_times_format_to_valid_timestamps(start, length):
    content = to_vtt([Cue(start, start + length, ("x",))])
    (line,) = [x for x in content.split("\n") if "-->" in x]
    assert re.fullmatch(r"\d\d+:[0-5]\d:[0-5]\d\.\d{3} --> \d\d+:[0-5]\d:[0-5]\d\.\d{3}", line)
