"""Chapter exports: a WebVTT chapters track, YouTube description chapters and an FFmpeg metadata file.

All three start from `chapter_spans`, which turns the chapters into an ordered list that covers the
whole recording without gaps or overlaps, with times rounded once to whole milliseconds.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Sequence

from ..models import Chapter, Transcript
from ..timefmt import format_clock, format_timestamp, to_millis
from . import ExportContext

log = logging.getLogger("replay")

DEFAULT_TITLE = "Enregistrement"
YOUTUBE_MIN_CHAPTERS = 3
YOUTUBE_MIN_SECONDS = 10
YOUTUBE_MAX_TITLE = 70


@dataclass(frozen=True)
class ChapterSpan:
    """A chapter as exported: start/end in whole milliseconds, a one-line title."""

    start_ms: int
    end_ms: int
    title: str
    chapter: Chapter | None = None

    @property
    def start(self) -> float:
        return self.start_ms / 1000

    @property
    def end(self) -> float:
        return self.end_ms / 1000


def one_line(text: str) -> str:
    """Collapse every run of whitespace (newlines included) into one space."""
    return " ".join(str(text or "").split())


def recording_duration(transcript: Transcript, chapters: Sequence[Chapter]) -> float:
    """The transcript's duration, stretched to cover chapters or segments that run past it."""
    ends = [transcript.duration or 0.0]
    ends += [c.end for c in chapters]
    ends += [s.end for s in transcript.segments]
    return max(ends)


def chapter_spans(chapters: Sequence[Chapter], duration: float) -> list[ChapterSpan]:
    """Chapters sorted by start, the first stretched back to 0, each ending where the next starts and
    the last at `duration`; chapters that would be empty are dropped. Titles become one line."""
    total = max(to_millis(duration), max((to_millis(c.end) for c in chapters), default=0))
    ordered = sorted(chapters, key=lambda c: (c.start, c.end))
    starts = [min(to_millis(c.start), total) for c in ordered]
    if starts:
        starts[0] = 0
    spans: list[ChapterSpan] = []
    for i, chapter in enumerate(ordered):
        start = starts[i]
        end = starts[i + 1] if i + 1 < len(ordered) else total
        if end <= start:
            log.debug("chapter %r is empty after ordering; left out", chapter.title)
            continue
        title = one_line(chapter.title) or f"Chapitre {len(spans) + 1}"
        spans.append(ChapterSpan(start, end, title, chapter))
    return spans


# --- WebVTT chapters track -------------------------------------------------------------------

def vtt_text(text: str) -> str:
    """Plain cue text: one line, `&` `<` `>` escaped (which also rules out `-->`)."""
    return one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def chapters_vtt(chapters: Sequence[Chapter], duration: float, fallback_title: str = "") -> str:
    """A WebVTT file for `<track kind="chapters">`; one cue for the whole recording when there are no chapters."""
    spans = chapter_spans(chapters, duration)
    if not spans:
        spans = [ChapterSpan(0, max(to_millis(duration), 1), one_line(fallback_title) or DEFAULT_TITLE)]
    lines = ["WEBVTT", ""]
    for i, span in enumerate(spans, 1):
        lines += [f"chapitre-{i}",
                  f"{format_timestamp(span.start)} --> {format_timestamp(span.end)}",
                  vtt_text(span.title), ""]
    return "\n".join(lines)


def render_chapters_vtt(transcript: Transcript, chapters: Sequence[Chapter], ctx: ExportContext) -> dict[str, str]:
    """`chapters.vtt`: a WebVTT chapters track covering the whole recording."""
    duration = recording_duration(transcript, chapters)
    return {"chapters.vtt": chapters_vtt(chapters, duration, ctx.title)}


# --- YouTube description chapters ------------------------------------------------------------

@dataclass(frozen=True)
class YouTubeChapters:
    """Either `lines` (a valid list) or `reason` (French, English) why there is none."""

    lines: tuple[str, ...] = ()
    reason: tuple[str, str] | None = None

    def text(self) -> str:
        if self.reason:
            fr, en = self.reason
            return f"# Pas de chapitres YouTube : {fr}\n# No YouTube chapters: {en}\n"
        return "\n".join(self.lines) + "\n"


def shorten(text: str, limit: int = YOUTUBE_MAX_TITLE) -> str:
    """Cut `text` to at most `limit` characters at a word boundary, ending with an ellipsis."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    cut = head.rsplit(" ", 1)[0] if " " in head else head
    return cut.rstrip(" ,;:.-–—") + "…"


def youtube_chapters(chapters: Sequence[Chapter], duration: float) -> YouTubeChapters:
    """Apply YouTube's rules: first at 0:00, ascending, >= 3 chapters of >= 10 s, titles <= 70 characters.

    A chapter under 10 s is merged into its previous neighbour (the first one into the next); the
    merged chapter keeps the title of the longer part. When fewer than 3 remain, say why instead."""
    if len(chapters) < YOUTUBE_MIN_CHAPTERS:
        return YouTubeChapters(reason=(
            f"moins de {YOUTUBE_MIN_CHAPTERS} chapitres (YouTube en exige au moins {YOUTUBE_MIN_CHAPTERS})",
            f"fewer than {YOUTUBE_MIN_CHAPTERS} chapters (YouTube requires at least {YOUTUBE_MIN_CHAPTERS})"))
    # YouTube reads whole seconds: work on the seconds that will be printed.
    parts = [[s.start_ms // 1000, s.end_ms // 1000, s.title] for s in chapter_spans(chapters, duration)]
    merged = 0
    while len(parts) >= YOUTUBE_MIN_CHAPTERS:
        short = next((i for i, p in enumerate(parts) if p[1] - p[0] < YOUTUBE_MIN_SECONDS), None)
        if short is None:
            break
        keep, drop = (short - 1, short) if short > 0 else (1, 0)
        a, b = sorted((keep, drop))
        longer = parts[keep] if parts[keep][1] - parts[keep][0] >= parts[drop][1] - parts[drop][0] else parts[drop]
        parts[a:b + 1] = [[parts[a][0], parts[b][1], longer[2]]]
        merged += 1
    if merged:
        log.info("youtube chapters: merged %d chapter(s) shorter than %d s", merged, YOUTUBE_MIN_SECONDS)
    if len(parts) < YOUTUBE_MIN_CHAPTERS or any(p[1] - p[0] < YOUTUBE_MIN_SECONDS for p in parts):
        return YouTubeChapters(reason=(
            f"moins de {YOUTUBE_MIN_CHAPTERS} chapitres d'au moins {YOUTUBE_MIN_SECONDS} s "
            f"(YouTube exige au moins {YOUTUBE_MIN_CHAPTERS} chapitres de {YOUTUBE_MIN_SECONDS} s ou plus)",
            f"fewer than {YOUTUBE_MIN_CHAPTERS} chapters of at least {YOUTUBE_MIN_SECONDS} s "
            f"(YouTube requires at least {YOUTUBE_MIN_CHAPTERS} chapters of {YOUTUBE_MIN_SECONDS} s or more)"))
    # YouTube refuses descriptions containing angle brackets.
    lines = tuple(f"{format_clock(start, always_hours=False)} {shorten(_youtube_safe(title))}"
                  for start, _end, title in parts)
    return YouTubeChapters(lines=lines)


def _youtube_safe(title: str) -> str:
    return title.replace("<", "‹").replace(">", "›")


def render_youtube(transcript: Transcript, chapters: Sequence[Chapter], ctx: ExportContext) -> dict[str, str]:
    """`youtube-chapters.txt`: lines to paste into a YouTube description, or a comment saying why not."""
    return {"youtube-chapters.txt": youtube_chapters(chapters, recording_duration(transcript, chapters)).text()}


# --- FFmpeg metadata -------------------------------------------------------------------------

_FFMETA_SPECIAL = re.compile(r"([=;#\\\n])")


def ffmeta_escape(text: str) -> str:
    """Backslash before `=` `;` `#` `\\` and newline, as FFmpeg's ffmetadata format asks."""
    return _FFMETA_SPECIAL.sub(r"\\\1", str(text).replace("\r\n", "\n").replace("\r", "\n"))


def ffmeta_text(chapters: Sequence[Chapter], duration: float, title: str | None = None) -> str:
    """An `;FFMETADATA1` file with a `[CHAPTER]` block per chapter (TIMEBASE=1/1000)."""
    lines = [";FFMETADATA1"]
    if title:
        lines.append(f"title={ffmeta_escape(title)}")
    for span in chapter_spans(chapters, duration):
        lines += ["", "[CHAPTER]", "TIMEBASE=1/1000", f"START={span.start_ms}", f"END={span.end_ms}",
                  f"title={ffmeta_escape(span.title)}"]
    return "\n".join(lines) + "\n"


def render_ffmeta(transcript: Transcript, chapters: Sequence[Chapter], ctx: ExportContext) -> dict[str, str]:
    """`chapters.ffmeta`: chapters for `ffmpeg -i media -i chapters.ffmeta -map_chapters 1`."""
    return {"chapters.ffmeta": ffmeta_text(chapters, recording_duration(transcript, chapters), ctx.title or None)}
