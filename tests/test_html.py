"""The transcript page: rendering checks, then the page driven in the real Chromium from file://."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import ffmpeg
import pytest

import replay
from replay.audio import ffmpeg_exe
from replay.export import ExportContext, write_exports
from replay.export.html import media_kind, media_src, render_html
from replay.models import Chapter, Segment, Transcript

XSS = "<script>window.__pwned = true</script><img src=x onerror=\"window.__pwned = true\">"
TEXTS = [
    "Bonjour à tous et bienvenue à ce webinaire.",
    "Nous parlons ce soir de mixité sociale dans les quartiers.",
    "Première question : comment favoriser la mixité ?",
    f"Un participant écrit {XSS} dans le tchat.",
    "Deuxième question : les propriétaires du parc privé.",
    "Merci à tous, à bientôt.",
]
SEGMENTS = tuple(Segment(id=i, start=i * 2.0, end=i * 2.0 + 1.8, text=" " + t) for i, t in enumerate(TEXTS))
TRANSCRIPT = Transcript(language="fr", duration=12.0, segments=SEGMENTS)
CHAPTERS = [Chapter(0, 4, "Ouverture"), Chapter(4, 8, "Mixité </script> & <b>quartiers</b>", question=1),
            Chapter(8, 12, "Parc privé", question=2)]
CTX = dict(title="Webinaire <i>logement</i>", date="2025-03-14", source="https://example.org/replay?a=1&b=2")


def page(tmp_path: Path, **ctx) -> str:
    context = ExportContext(**{**CTX, "out_dir": str(tmp_path), **ctx})
    return render_html(TRANSCRIPT, CHAPTERS, context)["transcript.html"]


# --- rendering -------------------------------------------------------------------------------

def test_strings_are_escaped_and_vtt_cannot_break_out(tmp_path):
    html = page(tmp_path, media_path=str(tmp_path / "rec.webm"))
    assert "<script>window.__pwned" not in html and "<img src=x" not in html
    assert "&lt;script&gt;window.__pwned = true&lt;/script&gt;" in html
    assert "<title>Webinaire &lt;i&gt;logement&lt;/i&gt; — transcription</title>" in html
    assert '<a href="https://example.org/replay?a=1&amp;b=2" rel="noopener noreferrer">' in html
    # exactly our three script elements, and each closes where it should
    assert len(re.findall(r"<script\b", html)) == 3 and html.count("</script>") == 3
    blocks = dict(re.findall(r'<script type="application/json" id="([\w-]+)">(.*?)</script>', html, re.S))
    assert set(blocks) == {"captions-vtt", "chapters-vtt"}
    chapters_vtt = json.loads(blocks["chapters-vtt"])
    assert chapters_vtt.startswith("WEBVTT") and "Mixité &lt;/script&gt; &amp; &lt;b&gt;quartiers" in chapters_vtt
    assert json.loads(blocks["captions-vtt"]).startswith("WEBVTT")
    assert "<" not in blocks["captions-vtt"] + blocks["chapters-vtt"]


def test_page_is_self_contained_and_accessible(tmp_path):
    html = page(tmp_path, media_path=str(tmp_path / "rec.webm"))
    assert html.startswith("<!doctype html>\n<html lang=\"fr\">")
    # nothing external: the only src is the recording (tracks get Blob URLs at load)
    assert re.findall(r'\bsrc="([^"]*)"', html) == ["rec.webm"]
    assert "<link" not in html and "http://" not in html.replace("https://example.org", "")
    for needle in ('<a class="skip-link" href="#transcription">', "<header", "<nav", "<main", "<footer",
                   '<label for="search">', '<input type="search" id="search"',
                   '<track kind="captions" srclang="fr" label="Français" default',
                   '<track kind="chapters"', "prefers-reduced-motion", ":focus-visible"):
        assert needle in html, needle
    assert f"replay {replay.__version__}" in html and "2025-03-14" in html
    # transcript text only goes through textContent and text nodes
    assert not re.search(r"\.(innerHTML|outerHTML|insertAdjacentHTML)\b|document\.write", html)
    assert len(re.findall(r'<button type="button" data-start="', html)) == 3  # one per chapter


def test_player_kind_and_relative_src(tmp_path):
    assert media_kind("talk.mp3") == "audio" and media_kind("a/talk.M4A") == "audio"
    assert media_kind("talk.webm") == "video" and media_kind("https://x.org/v.mp4?t=1") == "video"
    out = tmp_path / "outputs" / "event"
    assert media_src(str(tmp_path / "media" / "my talk #1.mp4"), str(out)) == "../../media/my%20talk%20%231.mp4"
    assert media_src("https://example.org/v.mp4", str(out)) == "https://example.org/v.mp4"
    html = page(tmp_path, media_path=str(tmp_path / "talk.opus"))
    assert '<audio id="player"' in html and "<video" not in html


def test_without_media_there_is_no_player(tmp_path):
    html = page(tmp_path, media_path=None, source="file:///etc/passwd")
    assert "<video" not in html and "<audio" not in html and "<track" not in html
    assert "L'enregistrement n'accompagne pas cette page" in html
    assert 'href="file:' not in html and "file:///etc/passwd" in html  # shown as text, not a link
    assert '<a href="#chapitre-2">' in html  # chapters link to their section instead of seeking


def test_without_chapters_the_transcript_is_one_section(tmp_path):
    html = render_html(TRANSCRIPT, [], ExportContext(out_dir=str(tmp_path), media_path=str(tmp_path / "a.mp4")))
    html = html["transcript.html"]
    assert "<nav" not in html and "<h3" not in html
    assert html.count('<p class="para"') == 2 and "<title>Transcription</title>" in html
    chapters_vtt = json.loads(re.search(r'id="chapters-vtt">(.*?)</script>', html).group(1))
    assert chapters_vtt == "WEBVTT\n\nchapitre-1\n00:00:00.000 --> 00:00:12.000\nEnregistrement\n"


# --- in the browser --------------------------------------------------------------------------

def chromium_path() -> str | None:
    return os.environ.get("REPLAY_CHROMIUM") or shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


def make_recording(path: Path, seconds: float = 12) -> Path:
    # VP9 + Opus in WebM: Debian's chromium may lack the proprietary H.264/AAC decoders.
    path.parent.mkdir(parents=True, exist_ok=True)
    video = ffmpeg.input(f"testsrc2=size=320x180:rate=25:duration={seconds}", f="lavfi")
    audio = ffmpeg.input(f"sine=frequency=440:sample_rate=48000:duration={seconds}", f="lavfi")
    ffmpeg.output(video, audio, str(path), vcodec="libvpx-vp9", acodec="libopus", pix_fmt="yuv420p",
                  **{"deadline": "realtime", "cpu-used": 8, "b:v": "200k"}).run(
        cmd=ffmpeg_exe(), quiet=True, overwrite_output=True)
    return path


@pytest.fixture
def browser():
    executable = chromium_path()
    if not executable:
        # `make test` (and so CI) installs Debian's chromium: there a missing browser is a failure.
        if os.environ.get("CI"):
            pytest.fail("Chromium not installed: run `make system-deps` (apt-get install chromium)")
        pytest.skip("Chromium not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--autoplay-policy=no-user-gesture-required"])
        yield browser
        browser.close()


def test_page_in_chromium(browser, tmp_path):
    media = make_recording(tmp_path / "media" / "enregistrement 1.webm")
    out = tmp_path / "exports"
    write_exports(TRANSCRIPT, CHAPTERS, out, ["html"], ExportContext(**CTX, media_path=str(media)))
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(f"console: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(f"pageerror: {exc}"))
    page.goto((out / "transcript.html").as_uri())

    # the recording plays from its relative path and the captions track (a Blob URL) has its cues
    page.wait_for_function("document.getElementById('player').readyState >= 1", timeout=10_000)
    page.wait_for_function("""() => {
        const tracks = Array.from(document.getElementById('player').textTracks);
        return tracks.some(t => t.kind === 'captions' && t.cues && t.cues.length > 0)
            && tracks.some(t => t.kind === 'chapters' && t.cues && t.cues.length === 3); }""", timeout=10_000)
    tracks = page.evaluate("""() => Array.from(document.getElementById('player').textTracks)
        .map(t => [t.kind, t.language, t.label, t.mode])""")
    assert ["captions", "fr", "Français", "showing"] in tracks
    assert page.evaluate("document.getElementById('player').duration") == pytest.approx(12, abs=0.2)

    # the transcript with <script> shows as text, and nothing ran
    assert page.evaluate("window.__pwned") is None
    assert XSS in page.inner_text("#transcript-body")
    assert page.locator("#transcript-body script, #transcript-body img").count() == 0

    # search: accent- and case-insensitive, "n / N", Enter and the buttons step through
    page.fill("#search", "MIXITE")
    page.wait_for_function("document.getElementById('search-count').textContent === '1 / 2'")
    assert page.locator("mark").all_inner_texts() == ["mixité", "mixité"]
    assert page.locator("mark.current").inner_text() == "mixité"
    page.press("#search", "Enter")
    assert page.inner_text("#search-count") == "2 / 2"
    page.press("#search", "Shift+Enter")
    assert page.inner_text("#search-count") == "1 / 2"
    page.click("#search-prev")
    assert page.inner_text("#search-count") == "2 / 2"
    page.fill("#search", "script")
    page.wait_for_function("document.getElementById('search-count').textContent === '1 / 2'")
    assert page.locator("mark").all_inner_texts() == ["script", "script"]
    assert page.evaluate("window.__pwned") is None
    page.fill("#search", "introuvable")
    page.wait_for_function("document.getElementById('search-count').textContent === 'Aucun résultat'")
    assert page.locator("mark").count() == 0
    page.press("#search", "Escape")
    page.wait_for_function("document.getElementById('search-count').textContent === ''")

    # clicking a chapter seeks the player; the current passage follows
    page.click(".chapters li:nth-child(3) button")
    page.wait_for_function("document.getElementById('player').currentTime >= 8")
    assert page.evaluate("document.getElementById('player').currentTime") == pytest.approx(8, abs=1.0)
    page.wait_for_function("document.querySelector('.para.current') !== null")
    current = page.locator(".para.current")
    assert current.get_attribute("aria-current") == "true"
    assert "Deuxième question" in current.inner_text()
    assert page.locator(".chapters button.current").inner_text().endswith("Parc privé")
    # a paragraph's time button seeks too
    page.click(".para >> nth=0 >> button.time")
    page.wait_for_function("document.getElementById('player').currentTime < 4")
    page.evaluate("document.getElementById('player').pause()")

    page.fill("#search", "mixite")
    page.wait_for_function("document.getElementById('search-count').textContent === '1 / 2'")
    page.evaluate("window.scrollTo(0, 0)")
    page.locator("#search").blur()
    shot = tmp_path / "transcript-page.png"
    page.screenshot(path=str(shot), full_page=True)
    if os.environ.get("REPLAY_SCREENSHOT_DIR"):
        target = Path(os.environ["REPLAY_SCREENSHOT_DIR"])
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, target / shot.name)
    assert shot.stat().st_size > 10_000
    assert problems == []


def test_keyboard_and_reduced_motion(browser, tmp_path):
    write_exports(TRANSCRIPT, CHAPTERS, tmp_path, ["html"], ExportContext(**CTX))  # no recording
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.goto((tmp_path / "transcript.html").as_uri())
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#transcription"
    page.fill("#search", "quartiers")
    page.wait_for_function("document.getElementById('search-count').textContent === '1 / 1'")
    context.close()
    assert problems == []
