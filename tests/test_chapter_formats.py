"""Chapter exports: WebVTT chapters track, YouTube description chapters, FFmpeg metadata."""

from __future__ import annotations

import io
import re

import webvtt
from hypothesis import given, settings
from hypothesis import strategies as st

from replay.export import ExportContext, get_renderer
from replay.export.chapter_formats import (chapter_spans, ffmeta_escape, render_chapters_vtt, render_ffmeta,
                                           render_youtube, shorten, youtube_chapters)
from replay.models import Chapter, Transcript

CTX = ExportContext(title="Logement & mixité")
CHAPTERS = [
    Chapter(0.0, 62.5, "Ouverture"),
    Chapter(62.5, 1804.2, "Discriminations dans l'accès au logement", question=1),
    Chapter(1804.2, 3725.9996, "Propriétaires du parc privé", question=2),
]


def transcript(duration: float) -> Transcript:
    return Transcript(language="fr", duration=duration, segments=())


def test_chapters_vtt_golden():
    out = render_chapters_vtt(transcript(3726.0), CHAPTERS, CTX)
    assert out == {"chapters.vtt": (
        "WEBVTT\n\n"
        "chapitre-1\n00:00:00.000 --> 00:01:02.500\nOuverture\n\n"
        "chapitre-2\n00:01:02.500 --> 00:30:04.200\nDiscriminations dans l'accès au logement\n\n"
        "chapitre-3\n00:30:04.200 --> 01:02:06.000\nPropriétaires du parc privé\n"
    )}


def test_chapters_vtt_escapes_and_stays_on_one_line():
    chapters = [Chapter(0, 10, "A & B <i>x</i> --> y"), Chapter(10, 20, "deux\nlignes\r\n")]
    text = render_chapters_vtt(transcript(20), chapters, CTX)["chapters.vtt"]
    assert "A &amp; B &lt;i&gt;x&lt;/i&gt; --&gt; y" in text
    assert "deux lignes\n" in text
    assert text.count("-->") == 2  # only the two timing lines
    cues = webvtt.from_buffer(io.StringIO(text)).captions
    assert [c.text for c in cues] == ["A &amp; B &lt;i&gt;x&lt;/i&gt; --&gt; y", "deux lignes"]


def test_chapters_vtt_without_chapters_covers_the_recording():
    text = render_chapters_vtt(transcript(95.25), [], CTX)["chapters.vtt"]
    assert text == "WEBVTT\n\nchapitre-1\n00:00:00.000 --> 00:01:35.250\nLogement &amp; mixité\n"
    assert "Enregistrement" in render_chapters_vtt(transcript(5), [], ExportContext())["chapters.vtt"]


def test_spans_are_sorted_gapless_and_start_at_zero():
    chapters = [Chapter(40, 50, "b"), Chapter(3.2, 30, "a"), Chapter(50, 50, "vide"), Chapter(60, 80, "c")]
    spans = chapter_spans(chapters, 70)
    assert [(s.start_ms, s.end_ms, s.title) for s in spans] == [
        (0, 40000, "a"), (40000, 50000, "b"), (50000, 60000, "vide"), (60000, 80000, "c")]
    # a chapter starting where the next one starts is empty and left out
    spans = chapter_spans([Chapter(0, 10, "x"), Chapter(10, 10, "y"), Chapter(10, 20, "z")], 20)
    assert [s.title for s in spans] == ["x", "z"]


def test_youtube_golden():
    out = render_youtube(transcript(3726.0), CHAPTERS, CTX)
    assert out == {"youtube-chapters.txt": (
        "0:00 Ouverture\n"
        "1:02 Discriminations dans l'accès au logement\n"
        "30:04 Propriétaires du parc privé\n"
    )}
    long = [Chapter(0, 1000, "a"), Chapter(1000, 3700, "b"), Chapter(3700, 4000, "c")]
    assert youtube_chapters(long, 4000).lines == ("0:00 a", "16:40 b", "1:01:40 c")


def youtube_lines_are_valid(lines: tuple[str, ...], duration: float) -> None:
    assert len(lines) >= 3
    assert lines[0].startswith("0:00 ")
    starts = []
    for line in lines:
        match = re.fullmatch(r"(?:(\d+):(\d\d)|(\d+):(\d\d):(\d\d)) (\S.*)", line)
        assert match, line
        h, m, s = (0, *map(int, match.group(1, 2))) if match.group(1) else map(int, match.group(3, 4, 5))
        starts.append(h * 3600 + m * 60 + s)
        assert len(match.group(6)) <= 70
        assert "<" not in line and ">" not in line
    ends = starts[1:] + [int(duration)]
    assert all(end - start >= 10 for start, end in zip(starts, ends)), lines


def test_youtube_first_chapter_not_at_zero_is_moved_to_zero():
    chapters = [Chapter(12, 40, "Ouverture"), Chapter(40, 80, "Q1"), Chapter(80, 120, "Q2")]
    assert youtube_chapters(chapters, 120).lines == ("0:00 Ouverture", "0:40 Q1", "1:20 Q2")


def test_youtube_short_chapter_is_merged_into_a_neighbour():
    chapters = [Chapter(0, 4, "Générique"), Chapter(4, 60, "Ouverture"), Chapter(60, 65, "Pause"),
                Chapter(65, 200, "Question 1"), Chapter(200, 400, "Question 2")]
    lines = youtube_chapters(chapters, 400).lines
    # "Générique" joins the next chapter (the longer one names the result), "Pause" the previous one
    assert lines == ("0:00 Ouverture", "1:05 Question 1", "3:20 Question 2")
    youtube_lines_are_valid(lines, 400)


def test_youtube_says_why_when_impossible():
    text = render_youtube(transcript(300), CHAPTERS[:2], CTX)["youtube-chapters.txt"]
    assert text.startswith("# Pas de chapitres YouTube : moins de 3 chapitres (YouTube en exige au moins 3)\n")
    assert "# No YouTube chapters: fewer than 3 chapters" in text
    assert all(line.startswith("#") for line in text.splitlines())
    # three chapters, but the recording is too short for three of 10 s
    short = [Chapter(0, 8, "a"), Chapter(8, 16, "b"), Chapter(16, 25, "c")]
    text = render_youtube(transcript(25), short, CTX)["youtube-chapters.txt"]
    assert text.startswith("# Pas de chapitres YouTube : moins de 3 chapitres d'au moins 10 s")
    assert "0:00" not in text


def test_youtube_titles_are_shortened_at_a_word_boundary():
    title = "Comment combattre les discriminations dans l'accès au logement social et privé en France"
    assert len(title) > 70
    short = shorten(title)
    assert len(short) <= 70 and short.endswith("…")
    assert title.startswith(short[:-1]) and title[len(short) - 1] == " "
    assert shorten("x" * 100) == "x" * 69 + "…"
    chapters = [Chapter(0, 30, title), Chapter(30, 60, "<b>Gras</b>"), Chapter(60, 90, "Fin")]
    lines = youtube_chapters(chapters, 90).lines
    youtube_lines_are_valid(lines, 90)
    assert lines[1] == "0:30 ‹b›Gras‹/b›"


def test_ffmeta_golden_and_escaping():
    chapters = [Chapter(0, 1.0004, "a=b; c#d \\ e"), Chapter(1.0004, 2.5, "Fin")]
    ctx = ExportContext(title="Titre = x;\ny")
    assert render_ffmeta(transcript(2.5), chapters, ctx) == {"chapters.ffmeta": (
        ";FFMETADATA1\n"
        "title=Titre \\= x\\;\\\ny\n"
        "\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=1000\ntitle=a\\=b\\; c\\#d \\\\ e\n"
        "\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=1000\nEND=2500\ntitle=Fin\n"
    )}
    assert ffmeta_escape("a\nb") == "a\\\nb"
    assert render_ffmeta(transcript(2), [], ExportContext())["chapters.ffmeta"] == ";FFMETADATA1\n"


def test_registry_names_these_renderers():
    assert get_renderer("chapters") is render_chapters_vtt
    assert get_renderer("youtube") is render_youtube
    assert get_renderer("ffmeta") is render_ffmeta


chapter_lists = st.lists(
    st.tuples(st.floats(0, 7200, allow_nan=False), st.floats(0, 600, allow_nan=False),
              st.text(st.characters(blacklist_categories=("Cs",)), max_size=90)),
    max_size=12,
).map(lambda items: [Chapter(start, start + length, title) for start, length, title in items])


@settings(max_examples=150, deadline=None)
@given(chapters=chapter_lists, duration=st.floats(1, 8000, allow_nan=False))
def test_properties(chapters, duration):
    text = render_chapters_vtt(transcript(duration), chapters, CTX)["chapters.vtt"]
    cues = webvtt.from_buffer(io.StringIO(text)).captions
    ms = [(c.start_time.in_milliseconds(), c.end_time.in_milliseconds()) for c in cues]
    assert cues and ms[0][0] == 0
    for (_, end), (start, _) in zip(ms, ms[1:]):
        assert end == start
    assert all(end > start for start, end in ms)
    assert all("\n" not in c.text for c in cues)
    assert text.count("-->") == len(cues)
    yt = youtube_chapters(chapters, duration)
    total = max([duration] + [c.end for c in chapters])
    if yt.lines:
        youtube_lines_are_valid(yt.lines, total)
    else:
        assert yt.reason and yt.text().startswith("# Pas de chapitres YouTube : ")
    meta = render_ffmeta(transcript(duration), chapters, CTX)["chapters.ffmeta"]
    titles = [line for line in meta.split("\n[CHAPTER]\n")[1:]]
    assert len(titles) == len(chapter_spans(chapters, duration))
