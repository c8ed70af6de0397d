"""Embedding chapters and French subtitles into a copy of the recording, without re-encoding."""

from __future__ import annotations

from pathlib import Path

import av
import ffmpeg
import pytest

from replay.audio import ffmpeg_exe
from replay.errors import ExportError, MediaError
from replay.export.embed import embed
from replay.models import Chapter

CHAPTERS = [Chapter(0, 2.5, "Ouverture"), Chapter(2.5, 5, "Question = 1; #a"), Chapter(5, 8, "Clôture")]
SRT = ("1\n00:00:00,500 --> 00:00:02,000\nBonjour à tous.\n\n"
       "2\n00:00:03,000 --> 00:00:05,500\nLa mixité sociale.\n")


def make(path: Path, *, video: str | None, audio: str | None, seconds: float = 8) -> Path:
    inputs, options = [], {}
    if video:
        inputs.append(ffmpeg.input(f"testsrc2=size=160x90:rate=10:duration={seconds}", f="lavfi"))
        options.update(vcodec=video, pix_fmt="yuv420p")
        options.update({"preset": "ultrafast"} if video == "libx264" else {"deadline": "realtime"})
    if audio:
        inputs.append(ffmpeg.input(f"sine=frequency=440:sample_rate=48000:duration={seconds}", f="lavfi"))
        options.update(acodec=audio)
    ffmpeg.output(*inputs, str(path), **options).run(cmd=ffmpeg_exe(), quiet=True, overwrite_output=True)
    return path


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("embed-src")
    srt = d / "captions.srt"
    srt.write_text(SRT, encoding="utf-8")
    return {
        "srt": srt,
        "mp4": make(d / "talk.mp4", video="libx264", audio="aac"),
        "webm": make(d / "talk.webm", video="libvpx-vp9", audio="libopus"),
        "vp8": make(d / "old.webm", video="libvpx", audio="libvorbis", seconds=2),
        "m4a": make(d / "talk.m4a", video=None, audio="aac"),
    }


def packets(path: Path, kind: str) -> tuple[str, int, int]:
    """(codec, packet count, payload bytes) of the first stream of `kind`."""
    with av.open(str(path)) as container:
        stream = next(s for s in container.streams if s.type == kind)
        sizes = [p.size for p in container.demux(stream) if p.size]
        return stream.codec_context.name, len(sizes), sum(sizes)


@pytest.mark.parametrize("source", ["mp4", "webm", "m4a"])
@pytest.mark.parametrize("suffix,sub_codecs", [(".mkv", {"subrip", "srt"}), (".mp4", {"mov_text"})])
def test_embed_copies_streams_and_adds_subtitles_and_chapters(sources, tmp_path, source, suffix, sub_codecs):
    src = sources[source]
    out = embed(src, sources["srt"], CHAPTERS, None, tmp_path / f"with-subs{suffix}")
    assert out == tmp_path / f"with-subs{suffix}" and out.is_file()
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temp file left behind
    with av.open(str(out)) as container:
        subs = [s for s in container.streams if s.type == "subtitle"]
        assert len(subs) == 1
        assert subs[0].codec_context.name in sub_codecs
        assert subs[0].language == "fra"
        chapters = container.chapters()
        assert [c["metadata"]["title"] for c in chapters] == ["Ouverture", "Question = 1; #a", "Clôture"]
        starts = [float(c["start"] * c["time_base"]) for c in chapters]
        assert starts == pytest.approx([0, 2.5, 5])
        cues = [s for s in container.streams if s.type == "subtitle"][0]
        texts = [line for packet in container.demux(cues) for line in bytes(packet).decode("utf-8", "replace")
                 .splitlines() if packet.size]
        assert any("mixité" in t for t in texts)
    kinds = ("video", "audio") if source != "m4a" else ("audio",)
    for kind in kinds:
        assert packets(out, kind) == packets(src, kind)  # same codec, same packets: copied, not re-encoded


def test_embed_without_chapters_still_adds_subtitles(sources, tmp_path):
    out = embed(sources["mp4"], sources["srt"], [], 8.0, tmp_path / "out.mkv")
    with av.open(str(out)) as container:
        assert [s.language for s in container.streams if s.type == "subtitle"] == ["fra"]
        assert container.chapters() == []


def test_codec_the_container_cannot_hold_is_refused_clearly(sources, tmp_path):
    with pytest.raises(MediaError, match=r"old.webm: its vp8 video cannot be copied into \.mp4 without re-encoding"):
        embed(sources["vp8"], sources["srt"], CHAPTERS, None, tmp_path / "out.mp4")
    assert list(tmp_path.iterdir()) == []
    out = embed(sources["vp8"], sources["srt"], CHAPTERS, None, tmp_path / "out.mkv")  # Matroska holds VP8
    assert packets(out, "video")[0] == "vp8"


def test_bad_requests(sources, tmp_path):
    with pytest.raises(ExportError, match="cannot embed into a .avi file"):
        embed(sources["mp4"], sources["srt"], CHAPTERS, None, tmp_path / "out.avi")
    with pytest.raises(ExportError, match="no such captions file"):
        embed(sources["mp4"], tmp_path / "missing.srt", CHAPTERS, None, tmp_path / "out.mkv")
    with pytest.raises(ExportError, match="would overwrite the recording"):
        embed(sources["mp4"], sources["srt"], CHAPTERS, None, sources["mp4"])
    not_media = tmp_path / "notes.mp4"
    not_media.write_text("not a video\n" * 20)
    with pytest.raises(MediaError, match="not a media file"):
        embed(not_media, sources["srt"], CHAPTERS, None, tmp_path / "out.mkv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.mp4"]
