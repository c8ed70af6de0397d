"""Event files (`pipelines/*.toml`) and the options of each stage, with their defaults in one place."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import EventError
from .timefmt import parse_timestamp

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")
KNOWN_KEYS = {"id", "title", "date", "language", "source", "questions", "glossary", "titles", "chapters"}
CHAPTER_KEYS = {"start", "order"}


@dataclass(frozen=True)
class Event:
    """One recording and its announced agenda."""

    id: str
    title: str = ""
    date: str | None = None
    language: str = "fr"
    source: str | None = None
    questions: tuple[str, ...] = ()
    glossary: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()  # short chapter titles, one per question (optional)
    pins: dict[int, float] = field(default_factory=dict)  # question number -> pinned chapter start (s)
    order: str = "auto"  # "auto" (detect out-of-order discussion) or "announced" (keep the announced order)
    path: str | None = None  # the event file this came from


def _fail(path: Path, key: str, problem: str, fix: str) -> EventError:
    return EventError(f"{path}: field '{key}' {problem}", fix)


def _str_list(path: Path, data: dict[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(path, key, "must be a list of non-empty strings", f'write {key} = ["…", "…"]')
    return tuple(v.strip() for v in value)


def load_event(path: str | Path) -> Event:
    """Read and validate an event file; every problem names the file and the field."""
    path = Path(path)
    if not path.is_file():
        raise EventError(f"{path}: no such event file", "check the path, e.g. pipelines/<id>.toml")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise EventError(f"{path}: not valid TOML ({exc})", "fix the syntax (strings need quotes)") from None

    unknown = sorted(set(data) - KNOWN_KEYS)
    if unknown:
        raise _fail(path, unknown[0], "is not a known field", f"known fields: {', '.join(sorted(KNOWN_KEYS))}")
    event_id = data.get("id")
    if not isinstance(event_id, str) or not SLUG.match(event_id):
        raise _fail(path, "id", "must be a slug of a-z, 0-9 and '-'", 'e.g. id = "logement-2020-11-06"')
    title = data.get("title", "")
    if not isinstance(title, str):
        raise _fail(path, "title", "must be a string", 'e.g. title = "Prévenir et lutter…"')
    date = data.get("date")
    if isinstance(date, dt.date):
        date = date.isoformat()
    if date is not None:
        try:
            dt.date.fromisoformat(str(date))
        except ValueError:
            raise _fail(path, "date", f"is not a date ({date!r})", 'use YYYY-MM-DD, e.g. date = "2020-11-06"') from None
    language = data.get("language", "fr")
    if not isinstance(language, str) or not re.fullmatch(r"[a-z]{2,3}", language):
        raise _fail(path, "language", "must be a language code", 'e.g. language = "fr"')
    source = data.get("source")
    if source is not None and (not isinstance(source, str) or not source.strip()):
        raise _fail(path, "source", "must be a URL or a path", 'e.g. source = "https://…/replay.mp4"')
    if source and "://" not in source and not Path(source).expanduser().is_absolute():
        source = str((path.parent / source).resolve())  # relative paths are relative to the event file

    questions = _str_list(path, data, "questions")
    glossary = _str_list(path, data, "glossary")
    titles = _str_list(path, data, "titles")
    if titles and len(titles) != len(questions):
        raise _fail(path, "titles", f"has {len(titles)} entries for {len(questions)} questions",
                    "give one short title per question, in the same order")
    if any(len(t) > 60 for t in titles):
        raise _fail(path, "titles", "has a title over 60 characters", "shorten it")

    pins, order = _chapters_table(path, data.get("chapters", {}), len(questions))
    return Event(id=event_id, title=title, date=date, language=language, source=source,
                 questions=questions, glossary=glossary, titles=titles, pins=pins, order=order,
                 path=str(path))


def _chapters_table(path: Path, table: Any, n_questions: int) -> tuple[dict[int, float], str]:
    if not isinstance(table, dict):
        raise _fail(path, "chapters", "must be a table", "write [chapters] then start = { 3 = \"00:27:54\" }")
    unknown = sorted(set(table) - CHAPTER_KEYS)
    if unknown:
        raise _fail(path, f"chapters.{unknown[0]}", "is not a known field", "known: start, order")
    order = table.get("order", "auto")
    if order not in ("auto", "announced"):
        raise _fail(path, "chapters.order", f"is {order!r}", 'use "auto" or "announced"')
    pins: dict[int, float] = {}
    for key, value in (table.get("start") or {}).items():
        if not str(key).isdigit() or not 1 <= int(key) <= n_questions:
            raise _fail(path, "chapters.start", f"names question {key!r}", f"use a question number from 1 to {n_questions}")
        try:
            pins[int(key)] = parse_timestamp(str(value))
        except ValueError:
            raise _fail(path, "chapters.start", f"has {value!r} for question {key}", 'use "hh:mm:ss"') from None
    return pins, order


def load_questions(path: str | Path) -> tuple[str, ...]:
    """A plain text file, one question per line (blank lines and `#` comments ignored)."""
    path = Path(path)
    if not path.is_file():
        raise EventError(f"{path}: no such questions file", "give a text file with one question per line")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise EventError(f"{path}: not UTF-8 text", "save the questions file as UTF-8") from None
    questions = tuple(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#"))
    if not questions:
        raise EventError(f"{path}: no questions found", "write one question per line")
    return questions


def slugify(text: str) -> str:
    """A safe event id from a file name or title (never used on untrusted text as a path directly)."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")
    return slug or "recording"


@dataclass(frozen=True)
class TranscribeOptions:
    """How faster-whisper is run. Defaults: see README ("Choosing a model")."""

    model: str = "auto"  # "auto" picks large-v3 on CUDA, large-v3-turbo (int8) on CPU
    device: str = "auto"  # auto | cpu | cuda
    compute_type: str = "default"  # default: float16 on CUDA, int8 on CPU
    beam_size: int = 5
    vad_filter: bool = True
    word_timestamps: bool = True
    condition_on_previous_text: bool = False  # avoids Whisper's repetition loops on long talks
    batch_size: int = 0  # > 0: faster-whisper's batched pipeline (faster on GPU, features per chunk)
    cpu_threads: int = 0  # 0: faster-whisper's default
    download_root: str | None = None
