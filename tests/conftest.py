"""Shared fixtures: the tiny offline Whisper models, generated media, a local HTTP server."""

from __future__ import annotations

import http.server
import os
import socketserver
import threading
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"  # tests never reach the model hub
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import tinywhisper  # noqa: E402

# What the sequence model "hears", one sentence per speech burst: an opening, each of the two
# questions read by the moderator followed by discussion, then a closing.
EVENT_SENTENCES = [
    " Bonjour à tous et bienvenue à cette visio-conférence sur le logement.",
    " Première question, comment combattre les discriminations dans l'accès au logement social ?",
    " Les refus de location touchent surtout les candidats d'origine étrangère.",
    " Deuxième question, comment associer les propriétaires du parc privé ?",
    " Les propriétaires privés louent avec une garantie publique des loyers.",
    " Merci à tous, place aux échanges avec les participants.",
]
EVENT_QUESTIONS = [
    "Comment combattre les discriminations dans l'accès au logement social ?",
    "Comment associer les propriétaires du parc privé ?",
]


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory) -> Path:
    """Says 'Bonjour à tous.' then 'Il fait beau aujourd'hui!' in every window."""
    return tinywhisper.build_scripted_model(tmp_path_factory.mktemp("tiny") / "scripted")


@pytest.fixture(scope="session")
def event_model(tmp_path_factory) -> tuple[Path, dict]:
    """Says EVENT_SENTENCES[k] at speech burst k (with --condition-on-previous-text)."""
    from replay.transcribe import build_prompt

    prompts = [build_prompt(title, EVENT_QUESTIONS) for title in ("", "Logement")] + ["QPV"]
    return tinywhisper.build_sequence_model(tmp_path_factory.mktemp("tiny") / "event", EVENT_SENTENCES,
                                            prompts=prompts)


def ffmpeg_run(stream) -> None:
    from replay.audio import ffmpeg_exe

    stream.run(cmd=ffmpeg_exe(), quiet=True, overwrite_output=True)


@pytest.fixture(scope="session")
def media(tmp_path_factory, event_model) -> dict[str, Path]:
    """Generated recordings: video with speech-like audio in several containers, audio-only files, bad files."""
    import ffmpeg

    d = tmp_path_factory.mktemp("media")
    _, info = event_model
    audio, _ = tinywhisper.speech_track(info["durations"])
    speech = tinywhisper.write_wav(d / "speech.wav", audio)
    seconds = len(audio) / tinywhisper.SR
    video = ffmpeg.input(f"testsrc2=size=160x120:rate=10:duration={seconds:.3f}", f="lavfi")
    out = {"wav": speech}
    out["mp4"] = d / "talk.mp4"
    ffmpeg_run(ffmpeg.output(video, ffmpeg.input(str(speech)).audio, str(out["mp4"]), vcodec="libx264",
                             pix_fmt="yuv420p", preset="ultrafast", acodec="aac", shortest=None))
    for ext, codec in (("mp3", "libmp3lame"), ("m4a", "aac"), ("opus", "libopus")):
        out[ext] = d / f"talk.{ext}"
        ffmpeg_run(ffmpeg.output(ffmpeg.input(str(speech)), str(out[ext]), acodec=codec))
    out["silent_video"] = d / "no-audio.mp4"
    ffmpeg_run(ffmpeg.output(ffmpeg.input("testsrc2=size=160x120:rate=10:duration=3", f="lavfi"),
                             str(out["silent_video"]), vcodec="libx264", pix_fmt="yuv420p", preset="ultrafast"))
    out["empty_wav"] = tinywhisper.write_wav(d / "empty.wav", audio[:0])
    out["not_media"] = d / "notes.mp4"
    out["not_media"].write_text("this is not a video\n" * 50)
    out["hls"] = d / "hls" / "playlist.m3u8"
    out["hls"].parent.mkdir()
    ffmpeg_run(ffmpeg.output(ffmpeg.input(str(out["mp4"])), str(out["hls"]), c="copy", f="hls", hls_time=4,
                             hls_playlist_type="vod", hls_segment_filename=str(out["hls"].parent / "seg%03d.ts")))
    return out


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder; /truncated/NAME announces the full length of NAME but sends only half of it."""

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        if self.path.startswith("/truncated/"):
            data = (Path(self.directory) / self.path.split("/", 2)[2]).read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "video/mp4")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        super().do_GET()


@pytest.fixture(scope="session")
def http_server(media):
    """A real HTTP server on 127.0.0.1 serving the generated media; yields its base URL."""
    root = media["mp4"].parent
    handler = lambda *a, **kw: _Handler(*a, directory=str(root), **kw)  # noqa: E731
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    """A fresh project-like folder (outputs/, media/) as the current directory."""
    monkeypatch.chdir(tmp_path)
    return tmp_path
