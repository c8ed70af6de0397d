"""ffmpeg location, media probing (PyAV) and audio extraction (ffmpeg-python) to 16 kHz mono WAV."""

from __future__ import annotations

import logging
import shlex
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import MediaError
from .fileio import atomic_path

log = logging.getLogger("replay")

SAMPLE_RATE = 16000


@lru_cache(maxsize=1)
def ffmpeg_exe() -> str:
    """ffmpeg from PATH, else the static binary inside the imageio-ffmpeg wheel (no system package needed)."""
    found = shutil.which("ffmpeg")
    if found:
        return found
    try:
        import imageio_ffmpeg
    except ImportError:  # pragma: no cover - it is a dependency
        raise MediaError("ffmpeg not found", "install ffmpeg or `pip install imageio-ffmpeg`") from None
    return imageio_ffmpeg.get_ffmpeg_exe()


def safe_input(path: str | Path) -> str:
    """A local path as ffmpeg must see it: one starting with '-' would be read as an option."""
    text = str(path)
    return f"file:{text}" if text.startswith("-") else text


def run_ffmpeg(stream, what: str) -> None:
    """Run an ffmpeg-python stream with our binary; log the quoted command; raise MediaError with stderr's tail."""
    import ffmpeg

    args = stream.get_args()
    log.debug("ffmpeg %s", " ".join(shlex.quote(a) for a in args))
    try:
        stream.run(cmd=ffmpeg_exe(), capture_stdout=True, capture_stderr=True, overwrite_output=True)
    except ffmpeg.Error as exc:
        tail = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()[-3:]
        raise MediaError(f"{what} failed: {' / '.join(tail) or 'ffmpeg error'}",
                         "check that the file is a readable audio or video recording") from None


@dataclass(frozen=True)
class MediaInfo:
    duration: float | None
    has_audio: bool
    has_video: bool
    title: str | None = None


def probe(path: str | Path) -> MediaInfo:
    """Streams and duration of a local media file (PyAV, which faster-whisper already depends on)."""
    import av

    path = Path(path)
    if not path.exists():
        raise MediaError(f"{path}: no such file", "check the path")
    if path.stat().st_size == 0:
        raise MediaError(f"{path}: the file is empty", "give a recording with audio")
    try:
        with av.open(str(path)) as container:
            duration = container.duration / 1_000_000 if container.duration else None
            has_audio = any(s.type == "audio" for s in container.streams)
            has_video = any(s.type == "video" and not _is_cover_art(s) for s in container.streams)
            title = container.metadata.get("title")
    except (av.error.FFmpegError, UnicodeDecodeError) as exc:
        raise MediaError(f"{path}: not a media file ({exc.__class__.__name__})",
                         "give an audio or video recording (MP4, WebM, MKV, WAV, MP3, M4A, Opus)") from None
    return MediaInfo(duration=duration, has_audio=has_audio, has_video=has_video, title=title)


def _is_cover_art(stream) -> bool:
    return bool(getattr(stream, "disposition", 0) and "attached_pic" in str(stream.disposition).lower())


def extract_audio(src: str | Path, dst: str | Path) -> Path:
    """Decode `src` to 16 kHz mono 16-bit WAV at `dst` (atomically). Raises MediaError on unusable media."""
    import ffmpeg

    info = probe(src)
    if not info.has_audio:
        raise MediaError(f"{src}: the recording has no audio track", "give a recording that contains sound")
    dst = Path(dst)
    with atomic_path(dst, suffix=".tmp.wav") as tmp:
        stream = ffmpeg.input(safe_input(src)).output(
            str(tmp), vn=None, sn=None, dn=None, ac=1, ar=SAMPLE_RATE, acodec="pcm_s16le", f="wav")
        run_ffmpeg(stream, f"audio extraction from {src}")
        seconds = wav_duration(tmp)
        if seconds < 0.1:
            raise MediaError(f"{src}: the audio track is empty ({seconds:.2f} s)",
                             "give a recording that contains sound")
    log.info("extracted %.1f s of audio to %s", seconds, dst)
    return dst


def wav_duration(path: str | Path) -> float:
    import wave

    with wave.open(str(path), "rb") as w:
        return w.getnframes() / float(w.getframerate())
