"""The ordered stages for one event: fetch -> extract -> transcribe -> chapters -> export.

Each stage writes its artifacts atomically and records a fingerprint of its inputs and options (with the
replay version) in `<folder>/.replay/<stage>.json`; a re-run skips a stage whose artifacts exist and whose
fingerprint matches, so an interrupted run redoes only the unfinished stages. `force` redoes everything.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Protocol, Sequence

from . import __version__
from .config import Event, TranscribeOptions
from .errors import ReplayError
from .fetch import FetchOptions, fetch, is_url
from .fileio import write_json
from .models import Chapter, Recording, Transcript, chapters_to_dict, load_chapters, load_transcript

log = logging.getLogger("replay")

STAGES = ("fetch", "extract", "transcribe", "chapters", "export")


class Reporter(Protocol):
    """What the CLI shows while a run goes on; every method is optional to act on."""

    def stage(self, name: str, skipped: bool) -> None: ...
    def download(self, done: int, total: int | None) -> None: ...
    def audio(self, done: float, total: float) -> None: ...


class _Silent:
    def stage(self, name: str, skipped: bool) -> None:
        pass

    def download(self, done: int, total: int | None) -> None:
        pass

    def audio(self, done: float, total: float) -> None:
        pass


@dataclass(frozen=True)
class RunOptions:
    out_root: Path = Path("outputs")
    media_root: Path = Path("media")
    transcribe: TranscribeOptions = TranscribeOptions()
    fetch: FetchOptions = FetchOptions()
    formats: tuple[str, ...] | None = None  # None: every export format
    embed: bool = False
    force: bool = False


@dataclass
class RunResult:
    event: Event
    out_dir: Path
    files: list[Path] = field(default_factory=list)
    ran: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    chapters_skipped: bool = False


def fingerprint(inputs: dict[str, Any]) -> str:
    blob = json.dumps({**inputs, "replay": __version__}, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class _Stamps:
    """Fingerprints of the artifacts in one folder."""

    def __init__(self, folder: Path, force: bool):
        self.folder, self.force = folder, force

    def _path(self, stage: str) -> Path:
        return self.folder / ".replay" / f"{stage}.json"

    def fresh(self, stage: str, fp: str, artifacts: Sequence[Path]) -> bool:
        if self.force or not all(p.exists() for p in artifacts):
            return False
        try:
            return json.loads(self._path(stage).read_text(encoding="utf-8")).get("fingerprint") == fp
        except (OSError, ValueError):
            return False

    def record(self, stage: str, fp: str, artifacts: Sequence[Path]) -> None:
        write_json(self._path(stage), {"fingerprint": fp, "artifacts": [p.name for p in artifacts]})


def run_event(event: Event, options: RunOptions = RunOptions(), reporter: Reporter | None = None) -> RunResult:
    """Run every stage for `event` (its `source` must be set). Raises ReplayError on bad input."""
    reporter = reporter or _Silent()
    if not event.source:
        raise ReplayError(f"event '{event.id}' has no source", "add source = \"…\" to the event file or give it on the command line")
    media_dir = _inside(options.media_root, event.id)
    out_dir = _inside(options.out_root, event.id)
    result = RunResult(event=event, out_dir=out_dir)
    media_stamps, out_stamps = _Stamps(media_dir, options.force), _Stamps(out_dir, options.force)

    def step(name: str, stamps: _Stamps, fp: str, artifacts: list[Path], work: Callable[[], Any]) -> bool:
        if stamps.fresh(name, fp, artifacts):
            log.info("%s: up to date, skipped", name)
            result.skipped.append(name)
            reporter.stage(name, True)
            return False
        reporter.stage(name, False)
        work()
        stamps.record(name, fp, artifacts)
        result.ran.append(name)
        return True

    # 1. fetch
    recording_json = media_dir / "recording.json"
    fetch_fp = fingerprint({"source": event.source, "local": _local_state(event.source), "fetch": asdict(options.fetch)})
    step("fetch", media_stamps, fetch_fp, [recording_json], lambda: write_json(
        recording_json, fetch(event.source, media_dir, options.fetch, reporter.download).to_dict()))
    recording = Recording.from_dict(json.loads(recording_json.read_text(encoding="utf-8")))

    # 2. extract
    from .audio import extract_audio

    audio_wav = media_dir / "audio.wav"
    extract_fp = fingerprint({"sha256": recording.sha256, "rate": 16000})
    step("extract", media_stamps, extract_fp, [audio_wav], lambda: extract_audio(recording.path, audio_wav))

    # 3. transcribe
    from .transcribe import resolve_model

    transcript_json = out_dir / "transcript.json"
    resolved = resolve_model(options.transcribe)
    topts = asdict(options.transcribe)
    for volatile in ("device", "cpu_threads", "download_root"):
        topts.pop(volatile)
    transcribe_fp = fingerprint({"audio": extract_fp, "model": asdict(resolved) | {"device": None},
                                 "options": topts, "language": event.language, "title": event.title,
                                 "questions": event.questions, "glossary": event.glossary})
    step("transcribe", out_stamps, transcribe_fp, [transcript_json],
         lambda: _transcribe(event, recording, audio_wav, resolved, options, reporter, transcript_json))
    transcript = load_transcript(transcript_json)

    # 4. chapters
    chapters_json = out_dir / "chapters.json"
    chapters: list[Chapter] = []
    if event.questions:
        chapters_fp = fingerprint({"transcript": transcribe_fp, "questions": event.questions, "titles": event.titles,
                                   "pins": event.pins, "order": event.order})
        step("chapters", out_stamps, chapters_fp, [chapters_json],
             lambda: _chapters(transcript, event, chapters_json))
        data = json.loads(chapters_json.read_text(encoding="utf-8"))
        chapters = [Chapter.from_dict(c) for c in data["chapters"]]
        result.warnings += data.get("warnings", [])
    else:
        chapters_fp = "none"
        result.chapters_skipped = True
        chapters_json.unlink(missing_ok=True)  # stale chapters from an earlier run with questions
        log.warning("no guiding questions: chapters skipped")

    # 5. export
    from .export import ALL_FORMATS, CHAPTER_FORMATS, FILENAMES, ExportContext, write_exports

    formats = options.formats or ALL_FORMATS
    if not chapters:
        formats = tuple(f for f in formats if f not in CHAPTER_FORMATS)
    context = ExportContext(title=event.title or recording.title or event.id, date=event.date, source=event.source,
                            event_id=event.id, media_path=recording.path, out_dir=str(out_dir))
    export_fp = fingerprint({"transcript": transcribe_fp, "chapters": chapters_fp, "formats": formats,
                             "context": asdict(context)})
    exported = [out_dir / FILENAMES[f] for f in formats]
    step("export", out_stamps, export_fp, exported,
         lambda: write_exports(transcript, chapters, out_dir, formats, context))
    result.files = [transcript_json] + ([chapters_json] if chapters else []) + exported

    if options.embed:
        result.files += embed_event(event.id, options.out_root, options.media_root)
    return result


def _transcribe(event: Event, recording: Recording, audio_wav: Path, resolved, options: RunOptions,
                reporter: Reporter, transcript_json: Path) -> None:
    from .hallucinations import drop_hallucinations
    from .transcribe import load_model, transcribe

    model = load_model(resolved, options.transcribe)
    transcript = transcribe(audio_wav, model, language=event.language, options=options.transcribe,
                            title=event.title, questions=event.questions, glossary=event.glossary,
                            progress=reporter.audio)
    transcript, dropped = drop_hallucinations(transcript)
    meta = {
        "event_id": event.id,
        "title": event.title or recording.title,
        "date": event.date,
        "source": recording.source,
        "sha256": recording.sha256,
        "model": resolved.name,
        "device": resolved.device,
        "compute_type": resolved.compute_type,
        **transcript.meta,
        "dropped_hallucinations": dropped,
    }
    write_json(transcript_json, replace(transcript, meta=meta).to_dict())


def _chapters(transcript: Transcript, event: Event, chapters_json: Path) -> None:
    from .chapters import find_chapters

    found = find_chapters(transcript, event.questions, titles=event.titles, pins=event.pins, order=event.order)
    for warning in found.warnings:
        log.warning("%s", warning)
    write_json(chapters_json, chapters_to_dict(list(found.chapters), list(found.warnings)))


def _local_state(source: str) -> dict[str, Any] | None:
    if is_url(source):
        return None
    path = Path(source).expanduser()
    try:
        st = path.stat()
    except OSError:
        return None
    return {"path": str(path.resolve()), "size": st.st_size, "mtime_ns": st.st_mtime_ns}


def _inside(root: Path, event_id: str) -> Path:
    """`root/event_id`, refusing anything that would resolve outside root (ids are slugs, but be sure)."""
    folder = (Path(root) / event_id).resolve()
    if Path(root).resolve() not in folder.parents:
        raise ReplayError(f"event id '{event_id}' leads outside {root}", "use a slug of a-z, 0-9 and '-'")
    return folder


def embed_event(event_id: str, out_root: Path = Path("outputs"), media_root: Path = Path("media"),
                containers: Sequence[str] = ("mkv", "mp4")) -> list[Path]:
    """Write `outputs/<id>/<id>.mkv|.mp4`: the recording with chapters and French subtitles, not re-encoded."""
    from .export.embed import embed

    out_dir, media_dir = _inside(out_root, event_id), _inside(media_root, event_id)
    recording_json, srt = media_dir / "recording.json", out_dir / "captions.srt"
    if not recording_json.is_file() or not srt.is_file():
        raise ReplayError(f"no finished run for event '{event_id}' in {out_root}",
                          f"run `replay run` for it first (needs {recording_json} and {srt})")
    recording = Recording.from_dict(json.loads(recording_json.read_text(encoding="utf-8")))
    chapters_json = out_dir / "chapters.json"
    chapters = load_chapters(chapters_json) if chapters_json.is_file() else []
    transcript = load_transcript(out_dir / "transcript.json")
    written = []
    for container in containers:
        target = out_dir / f"{event_id}.{container}"
        written.append(embed(recording.path, srt, chapters, transcript.duration, target))
        log.info("embedded chapters and subtitles into %s", target)
    return written
