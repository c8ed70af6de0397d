"""Stage 1: get the recording. URLs go through yt-dlp (platform pages, direct links, HLS) with its retries
and `.part` resume; a local path is used in place."""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import urlparse

from .audio import ffmpeg_exe, probe
from .errors import FetchError, MediaError
from .models import Recording

log = logging.getLogger("replay")

# Progress callback: (bytes done, bytes total or None).
DownloadProgress = Callable[[int, "int | None"], None]


@dataclass(frozen=True)
class FetchOptions:
    # Webinar replays rarely need more than 720p; keeps a 3-hour download around 1-2 GB.
    format: str = "bv*[height<=720]+ba/b[height<=720]/b"
    retries: int = 10
    fragment_retries: int = 10
    max_filesize: int | None = 20 * 1024**3
    socket_timeout: float = 30.0


def is_url(source: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", source))


def fetch(source: str, media_dir: str | Path, options: FetchOptions = FetchOptions(),
          progress: DownloadProgress | None = None) -> Recording:
    """Return the Recording for `source`, downloading it into `media_dir` when it is a URL."""
    if is_url(source):
        path, title = _download(source, Path(media_dir), options, progress)
    else:
        path, title = Path(source).expanduser(), None
        if not path.is_file():
            raise FetchError(f"{source}: no such file", "check the path, or give an http(s) URL")
    info = probe(path)
    if not info.has_audio:
        raise MediaError(f"{path}: the recording has no audio track", "give a recording that contains sound")
    return Recording(source=source, path=str(path.resolve()), title=title or info.title,
                     duration=info.duration, size=path.stat().st_size, sha256=sha256_file(path))


def sha256_file(path: str | Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(chunk):
            digest.update(block)
    return digest.hexdigest()


class _YtdlpLogger:
    """Route yt-dlp's messages to our logger instead of the terminal."""

    def debug(self, msg: str) -> None:
        log.debug("yt-dlp: %s", msg)

    def info(self, msg: str) -> None:
        log.debug("yt-dlp: %s", msg)

    def warning(self, msg: str) -> None:
        log.warning("yt-dlp: %s", msg)

    def error(self, msg: str) -> None:
        log.debug("yt-dlp: %s", msg)


def _download(url: str, media_dir: Path, options: FetchOptions,
              progress: DownloadProgress | None) -> tuple[Path, str | None]:
    import yt_dlp

    scheme = urlparse(url).scheme.lower()
    if scheme not in ("http", "https"):
        # yt-dlp refuses file:// by default too; other schemes are never what a replay page is.
        raise FetchError(f"{url}: unsupported URL scheme '{scheme}'", "give an http(s) URL or a local file path")
    media_dir.mkdir(parents=True, exist_ok=True)

    def hook(d: dict) -> None:
        if progress and d.get("status") in ("downloading", "finished"):
            progress(int(d.get("downloaded_bytes") or 0), d.get("total_bytes") or d.get("total_bytes_estimate"))

    params = {
        "format": options.format,
        # Never build paths from titles: a fixed name inside the event's own folder.
        "outtmpl": {"default": str(media_dir / "source.%(ext)s")},
        "noplaylist": True,
        "retries": options.retries,
        "fragment_retries": options.fragment_retries,
        "continuedl": True,  # resume .part files
        "nopart": False,
        "max_filesize": options.max_filesize,
        "socket_timeout": options.socket_timeout,
        "abort_on_unavailable_fragments": True,  # an archive copy must be complete
        "ffmpeg_location": ffmpeg_exe(),
        "merge_output_format": "mkv",
        "quiet": True,
        "no_warnings": False,
        "noprogress": True,
        "logger": _YtdlpLogger(),
        "progress_hooks": [hook],
        "overwrites": False,
    }
    try:
        with yt_dlp.YoutubeDL(params) as ydl:
            info = ydl.extract_info(url, download=True)
            if info is None:
                raise FetchError(f"{url}: nothing to download", "check that the URL points to a recording")
            if info.get("_type") == "playlist":
                raise FetchError(f"{url}: is a playlist", "give the URL of one recording")
            filepath = _downloaded_path(ydl, info)
    except yt_dlp.utils.DownloadError as exc:
        raise FetchError(f"{url}: download failed: {_clean_ytdlp_message(exc)}",
                         "check the URL and the network, then run again (partial downloads resume)") from None
    if filepath is None or not filepath.is_file():
        raise FetchError(f"{url}: download produced no file", "check the URL points to a recording")
    log.info("downloaded %s to %s", url, filepath)
    return filepath, info.get("title")


def _downloaded_path(ydl, info: dict) -> Path | None:
    for item in info.get("requested_downloads") or ():
        if item.get("filepath"):
            return Path(item["filepath"])
    name = ydl.prepare_filename(info)
    return Path(name) if name else None


def _clean_ytdlp_message(exc: Exception) -> str:
    text = str(exc).replace("ERROR: ", "").strip()
    text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    return text.splitlines()[0][:300] if text else exc.__class__.__name__
