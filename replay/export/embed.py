"""Embed chapters and the French subtitle track into a copy of the recording, without re-encoding."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Sequence

from ..audio import probe, run_ffmpeg, safe_input
from ..errors import ExportError, MediaError
from ..fileio import atomic_path
from ..models import Chapter
from .chapter_formats import ffmeta_text

log = logging.getLogger("replay")

# output suffix -> (ffmpeg muxer, subtitle codec)
CONTAINERS: dict[str, tuple[str, str]] = {
    ".mkv": ("matroska", "srt"),
    ".mka": ("matroska", "srt"),
    ".mp4": ("mp4", "mov_text"),
    ".m4v": ("mp4", "mov_text"),
}


def embed(
    media_path: str | Path,
    captions_srt_path: str | Path,
    chapters: Sequence[Chapter],
    duration: float | None,
    out_path: str | Path,
) -> Path:
    """Write `out_path`: the recording's audio and video copied as they are, plus the captions as a
    subtitle stream tagged `fra` and the chapters. The container follows out_path's suffix (.mkv, .mp4).
    The source's global metadata is kept; its own subtitle streams are not copied.

    Raises ExportError for an unsupported output suffix and MediaError when ffmpeg cannot do it (for
    instance a codec the container cannot hold without re-encoding)."""
    media_path, srt_path, out_path = Path(media_path), Path(captions_srt_path), Path(out_path)
    suffix = out_path.suffix.lower()
    if suffix not in CONTAINERS:
        raise ExportError(f"{out_path}: cannot embed into a {suffix or 'suffix-less'} file",
                          f"name the output {' or '.join(CONTAINERS)}")
    if not srt_path.is_file():
        raise ExportError(f"{srt_path}: no such captions file", "export the srt format first")
    if out_path.resolve() == media_path.resolve():
        raise ExportError(f"{out_path}: would overwrite the recording", "choose another output name")
    info = probe(media_path)
    if not (info.has_audio or info.has_video):
        raise MediaError(f"{media_path}: no audio or video stream to copy", "give the original recording")
    muxer, sub_codec = CONTAINERS[suffix]
    _check_copyable(media_path, muxer, suffix)
    if duration is None:
        duration = info.duration or max((c.end for c in chapters), default=0.0)

    import ffmpeg

    with tempfile.TemporaryDirectory(prefix="replay-embed-") as tmp_dir:
        source = ffmpeg.input(safe_input(media_path))
        captions = ffmpeg.input(safe_input(srt_path), f="srt")
        streams = [source["v?"], source["a?"], captions["s"]]
        options: dict[str, object] = {
            "vcodec": "copy", "acodec": "copy", "scodec": sub_codec, "f": muxer,
            "map_metadata": 0,
            "metadata:s:s:0": "language=fra", "disposition:s:0": "default",
        }
        if chapters:
            meta_file = Path(tmp_dir) / "chapters.ffmeta"
            meta_file.write_text(ffmeta_text(chapters, duration), encoding="utf-8")
            ffmeta = ffmpeg.input(str(meta_file), f="ffmetadata")
            # ffmpeg-python numbers inputs in the order the maps meet them: media 0, captions 1, ffmeta 2.
            # The ffmeta input has no streams; the optional map "2:d?" only brings it into the command.
            streams.append(ffmeta["d?"])
            options["map_chapters"] = 2
        with atomic_path(out_path, suffix=f".tmp{suffix}") as tmp:
            stream = ffmpeg.output(*streams, str(tmp), **options)
            run_ffmpeg(stream, f"embedding captions and chapters into {out_path.name}")
    log.info("embedded %d chapter(s) and French captions into %s", len(chapters), out_path)
    return out_path


def _check_copyable(media_path: Path, muxer: str, suffix: str) -> None:
    """Refuse early, with a clear message, a codec the container cannot hold as it is (VP8 or Theora in
    MP4, say); ffmpeg itself only ends with "Nothing was written into output file"."""
    import io

    import av

    with av.open(io.BytesIO(), "w", format=muxer) as probe_out:
        supported = probe_out.supported_codecs
    with av.open(str(media_path)) as source:
        codecs = [(s.type, s.codec_context.name) for s in source.streams
                  if s.type in ("audio", "video") and s.codec_context is not None]
    for kind, codec in codecs:
        if codec not in supported:
            raise MediaError(f"{media_path.name}: its {codec} {kind} cannot be copied into {suffix} "
                             "without re-encoding",
                             "use an .mkv output, which holds any codec")
