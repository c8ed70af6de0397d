"""The transcript page: one self-contained HTML file with the player, chapters, search and the transcript.

Chromium will not load `<track src="captions.vtt">` from a `file://` page (every file: URL is its own
origin), so the captions and chapters WebVTT texts are embedded in the page as JSON and handed to the
`<track>` elements as Blob URLs when the page loads.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence
from urllib.parse import quote, urlsplit

from ..models import Chapter, Transcript
from ..timefmt import format_clock
from . import ExportContext
from .chapter_formats import chapter_spans, chapters_vtt, one_line, recording_duration
from .documents import sections

AUDIO_SUFFIXES = {".mp3", ".m4a", ".aac", ".wav", ".ogg", ".oga", ".opus", ".flac", ".weba", ".wma"}


@dataclass(frozen=True)
class Player:
    tag: str  # "video" or "audio"
    src: str  # URL-quoted, relative to the page when possible


def media_kind(path: str) -> str:
    """`audio` for an audio-only extension, else `video` (a video element plays audio too)."""
    suffix = Path(urlsplit(path).path if _is_http(path) else path).suffix.lower()
    return "audio" if suffix in AUDIO_SUFFIXES else "video"


def media_src(media_path: str, out_dir: str | None) -> str:
    """The recording's address as seen from the page: a relative, URL-quoted path (or the URL itself)."""
    if _is_http(media_path):
        return media_path
    base = out_dir or os.getcwd()
    try:
        rel = os.path.relpath(os.path.abspath(media_path), os.path.abspath(base))
    except ValueError:  # another drive on Windows: no relative path exists
        return Path(media_path).resolve().as_uri()
    return quote(rel.replace(os.sep, "/"))


def _is_http(value: str | None) -> bool:
    return bool(value) and urlsplit(value).scheme.lower() in ("http", "https") and bool(urlsplit(value).netloc)


def _captions_vtt(transcript: Transcript) -> str:
    # Imported here: the captions module is heavier and the page is optional.
    from .captions import build_cues, to_vtt

    return to_vtt(build_cues(transcript))


def render_html(transcript: Transcript, chapters: Sequence[Chapter], ctx: ExportContext) -> dict[str, str]:
    """`transcript.html`: a self-contained page (works from file://) with the player, captions, chapters,
    search and the transcript following playback."""
    from jinja2 import Environment, PackageLoader

    import replay

    duration = recording_duration(transcript, chapters)
    title = one_line(ctx.title) or one_line(transcript.meta.get("title", ""))
    player = None
    if ctx.media_path:
        player = Player(media_kind(ctx.media_path), media_src(ctx.media_path, ctx.out_dir))
    env = Environment(loader=PackageLoader("replay", "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["clock"] = format_clock
    env.filters["secs"] = lambda seconds: f"{seconds:.3f}"
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    page = env.get_template("transcript.html.j2").render(
        title=title or "Transcription",
        page_title=f"{title} — transcription" if title else "Transcription",
        date=one_line(ctx.date or ""),
        source=one_line(ctx.source or ""),
        source_is_link=_is_http(ctx.source),
        version=replay.__version__,
        generated=now,
        generated_text=now.strftime("%d/%m/%Y à %H:%M UTC"),
        player=player,
        duration=duration,
        chapters=chapter_spans(chapters, duration),
        sections=sections(transcript, chapters),
        captions_vtt=_captions_vtt(transcript) if player else "",
        chapters_vtt=chapters_vtt(chapters, duration, title) if player else "",
    )
    return {"transcript.html": page}
