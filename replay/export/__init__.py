"""Exports: a small registry of pure renderers (`Transcript, chapters, ExportContext -> {filename: content}`)
and one function that writes what they return, atomically."""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from ..errors import ExportError
from ..fileio import write_bytes
from ..models import Chapter, Transcript

log = logging.getLogger("replay")


@dataclass(frozen=True)
class ExportContext:
    """What the renderers know besides the transcript and chapters."""

    title: str = ""
    date: str | None = None
    source: str | None = None
    event_id: str | None = None
    media_path: str | None = None  # the recording, for the HTML player (linked relatively)
    out_dir: str | None = None  # where the files will be written (for relative links)


Rendered = dict[str, "str | bytes"]
Renderer = Callable[[Transcript, Sequence[Chapter], ExportContext], Rendered]

# format name -> "module:function"; modules are imported only when their format is asked for.
FORMATS: dict[str, str] = {
    "vtt": "replay.export.captions:render_vtt",
    "srt": "replay.export.captions:render_srt",
    "chapters": "replay.export.chapter_formats:render_chapters_vtt",
    "youtube": "replay.export.chapter_formats:render_youtube",
    "ffmeta": "replay.export.chapter_formats:render_ffmeta",
    "txt": "replay.export.documents:render_txt",
    "md": "replay.export.documents:render_md",
    "docx": "replay.export.documents:render_docx",
    "html": "replay.export.html:render_html",
}
ALL_FORMATS: tuple[str, ...] = tuple(FORMATS)
CHAPTER_FORMATS: tuple[str, ...] = ("chapters", "youtube", "ffmeta")  # need chapters to mean anything
# The file each format writes (the pipeline checks them before rendering anything).
FILENAMES: dict[str, str] = {
    "vtt": "captions.vtt", "srt": "captions.srt", "chapters": "chapters.vtt", "youtube": "youtube-chapters.txt",
    "ffmeta": "chapters.ffmeta", "txt": "transcript.txt", "md": "transcript.md", "docx": "transcript.docx",
    "html": "transcript.html",
}


def get_renderer(fmt: str) -> Renderer:
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}", f"choose from {','.join(FORMATS)}")
    module, func = FORMATS[fmt].split(":")
    return getattr(importlib.import_module(module), func)


def parse_formats(text: str) -> tuple[str, ...]:
    """`"vtt,srt"` -> ("vtt", "srt"), checking each name."""
    names = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    for name in names:
        get_renderer(name)
    if not names:
        raise ExportError("no export format given", f"choose from {','.join(FORMATS)}")
    return names


def write_exports(
    transcript: Transcript,
    chapters: Sequence[Chapter],
    out_dir: str | Path,
    formats: Sequence[str] = ALL_FORMATS,
    context: ExportContext | None = None,
) -> list[Path]:
    """Render every format first, then write the files; a failing renderer writes nothing."""
    out_dir = Path(out_dir)
    context = context or ExportContext()
    if context.out_dir is None:
        context = ExportContext(**{**context.__dict__, "out_dir": str(out_dir)})
    rendered: Rendered = {}
    for fmt in formats:
        rendered.update(get_renderer(fmt)(transcript, chapters, context))
    written = []
    for name, content in rendered.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        written.append(write_bytes(out_dir / name, data))
        log.debug("wrote %s", out_dir / name)
    return written
