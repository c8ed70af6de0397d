import pytest

from replay.errors import FetchError, MediaError
from replay.fetch import FetchOptions, fetch, sha256_file

FAST = FetchOptions(retries=1, fragment_retries=1, socket_timeout=5)


def test_local_file_is_used_in_place(media, tmp_path):
    rec = fetch(str(media["mp4"]), tmp_path / "m")
    assert rec.path == str(media["mp4"].resolve())
    assert not (tmp_path / "m").exists()  # no copy
    assert rec.size == media["mp4"].stat().st_size
    assert rec.sha256 == sha256_file(media["mp4"]) and len(rec.sha256) == 64
    assert 30 < rec.duration < 40


@pytest.mark.parametrize("kind", ["wav", "mp3", "m4a", "opus"])
def test_audio_only_recordings_are_accepted(media, tmp_path, kind):
    rec = fetch(str(media[kind]), tmp_path)
    assert rec.duration and rec.duration > 20


def test_direct_mp4_download(http_server, media, tmp_path):
    rec = fetch(f"{http_server}/talk.mp4", tmp_path / "m", FAST)
    assert rec.source == f"{http_server}/talk.mp4"
    assert rec.path.startswith(str(tmp_path / "m"))
    assert rec.sha256 == sha256_file(media["mp4"])
    assert not list((tmp_path / "m").glob("*.part"))


def test_hls_download(http_server, tmp_path):
    rec = fetch(f"{http_server}/hls/playlist.m3u8", tmp_path / "m", FAST)
    assert rec.duration and rec.duration > 20
    assert rec.size > 10_000


def test_404_is_a_clear_error(http_server, tmp_path):
    with pytest.raises(FetchError, match=r"download failed: .*404"):
        fetch(f"{http_server}/missing.mp4", tmp_path / "m", FAST)
    assert not [p for p in (tmp_path / "m").glob("*") if not p.name.endswith(".part")]


def test_truncated_download_is_an_error_not_a_recording(http_server, tmp_path):
    with pytest.raises(FetchError, match="download failed"):
        fetch(f"{http_server}/truncated/talk.mp4", tmp_path / "m", FAST)
    # only the resumable .part may remain, never a file that looks complete
    assert not [p for p in (tmp_path / "m").glob("*") if not p.name.endswith(".part")]


def test_unreachable_url(tmp_path):
    with pytest.raises(FetchError, match="download failed"):
        fetch("http://127.0.0.1:9/replay.mp4", tmp_path / "m", FAST)


def test_non_http_schemes_are_refused(tmp_path, media):
    with pytest.raises(FetchError, match="unsupported URL scheme 'file'"):
        fetch(f"file://{media['mp4']}", tmp_path)


def test_missing_file(tmp_path):
    with pytest.raises(FetchError, match="no such file"):
        fetch(str(tmp_path / "nope.mp4"), tmp_path)


def test_not_media(media, tmp_path):
    with pytest.raises(MediaError, match="not a media file"):
        fetch(str(media["not_media"]), tmp_path)


def test_video_without_audio(media, tmp_path):
    with pytest.raises(MediaError, match="no audio track"):
        fetch(str(media["silent_video"]), tmp_path)
