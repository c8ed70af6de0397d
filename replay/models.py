"""Typed data passed between stages, with their JSON forms.

Times are float seconds everywhere; they become text only in `replay.timefmt`.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import TranscriptError


@dataclass(frozen=True)
class Recording:
    """A recording ready for audio extraction: where it lies and what it is."""

    source: str  # the URL or path the user gave
    path: str  # the local media file
    title: str | None
    duration: float | None
    size: int
    sha256: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Recording":
        return cls(**{k: data.get(k) for k in ("source", "path", "title", "duration", "size", "sha256")})


@dataclass(frozen=True)
class Word:
    start: float
    end: float
    word: str  # as Whisper gives it, usually with its leading space
    probability: float = 1.0


@dataclass(frozen=True)
class Segment:
    id: int
    start: float
    end: float
    text: str
    words: tuple[Word, ...] = ()
    no_speech_prob: float | None = None
    avg_logprob: float | None = None
    compression_ratio: float | None = None
    speaker: str | None = None


@dataclass(frozen=True)
class Transcript:
    language: str
    duration: float
    segments: tuple[Segment, ...]
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments).strip()

    @property
    def has_words(self) -> bool:
        return any(s.words for s in self.segments)

    def with_segments(self, segments: list[Segment] | tuple[Segment, ...]) -> "Transcript":
        return replace(self, segments=tuple(segments))

    def to_dict(self) -> dict[str, Any]:
        segments = []
        for s in self.segments:
            seg: dict[str, Any] = {"id": s.id, "start": s.start, "end": s.end, "text": s.text}
            seg["words"] = [asdict(w) for w in s.words]
            for key in ("no_speech_prob", "avg_logprob", "compression_ratio", "speaker"):
                if getattr(s, key) is not None:
                    seg[key] = getattr(s, key)
            segments.append(seg)
        return {
            "language": self.language,
            "duration": self.duration,
            "text": self.text,
            "segments": segments,
            "meta": dict(self.meta),
        }

    @classmethod
    def from_dict(cls, data: Any, *, name: str = "transcript") -> "Transcript":
        """Accept replay's own JSON and any Whisper-style JSON (openai-whisper, faster-whisper, WhisperX)."""
        if isinstance(data, list):  # a bare list of segments (faster-whisper dumps, some tools)
            data = {"segments": data}
        if not isinstance(data, dict) or not isinstance(data.get("segments"), list):
            raise TranscriptError(
                f"{name}: no 'segments' list found",
                "give a Whisper-style JSON with segments: [{start, end, text}, ...]",
            )
        segments = []
        for i, raw in enumerate(data["segments"]):
            try:
                segments.append(_segment_from_dict(raw, i))
            except (KeyError, TypeError, ValueError) as exc:
                raise TranscriptError(
                    f"{name}: segment {i} is not valid ({exc})", "each segment needs numeric start, end and a text"
                ) from None
        segments.sort(key=lambda s: (s.start, s.end))
        duration = data.get("duration")
        if not isinstance(duration, (int, float)):
            duration = max((s.end for s in segments), default=0.0)
        language = data.get("language") or (data.get("meta") or {}).get("language") or "fr"
        return cls(language=str(language), duration=float(duration), segments=tuple(segments),
                   meta=dict(data.get("meta") or {}))


def _segment_from_dict(raw: dict[str, Any], index: int) -> Segment:
    start, end = float(raw["start"]), float(raw["end"])
    if end < start:
        raise ValueError(f"end {end} before start {start}")
    words = []
    for w in raw.get("words") or ():
        text = w.get("word", w.get("text"))
        if text is None:
            continue
        # WhisperX leaves start/end out for tokens it could not align (numbers, symbols).
        ws, we = w.get("start"), w.get("end")
        prob = w.get("probability", w.get("score", 1.0))
        words.append(Word(start=float(ws) if ws is not None else float("nan"),
                          end=float(we) if we is not None else float("nan"),
                          word=str(text), probability=float(prob if prob is not None else 1.0)))
    if words and any(w.start != w.start for w in words):  # NaN: fill from neighbours
        words = _fill_missing_word_times(words, start, end)
    seg_id = raw.get("id", index)
    return Segment(
        id=int(seg_id) if isinstance(seg_id, (int, float)) else index,
        start=start,
        end=end,
        text=str(raw["text"]),
        words=tuple(words),
        no_speech_prob=raw.get("no_speech_prob"),
        avg_logprob=raw.get("avg_logprob"),
        compression_ratio=raw.get("compression_ratio"),
        speaker=raw.get("speaker"),
    )


def _fill_missing_word_times(words: list[Word], start: float, end: float) -> list[Word]:
    out: list[Word] = []
    for i, w in enumerate(words):
        if w.start == w.start and w.end == w.end:
            out.append(w)
            continue
        prev_end = out[-1].end if out else start
        nxt = next((x.start for x in words[i + 1:] if x.start == x.start), end)
        out.append(replace(w, start=prev_end, end=max(prev_end, nxt)))
    return out


def load_transcript(path: str | Path) -> Transcript:
    path = Path(path)
    if not path.is_file():
        raise TranscriptError(f"{path}: no such transcript file", "check the path")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TranscriptError(f"{path}: not valid JSON ({exc})", "give a Whisper-style transcript.json") from None
    return Transcript.from_dict(data, name=str(path))


@dataclass(frozen=True)
class Chapter:
    start: float
    end: float
    title: str
    question: int | None = None  # 1-based index of the guiding question, None for opening/closing
    confidence: float = 1.0
    evidence: tuple[str, ...] = ()
    question_text: str | None = None  # the full guiding question

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": round(self.start, 3),
            "end": round(self.end, 3),
            "title": self.title,
            "question": self.question,
            "question_text": self.question_text,
            "confidence": round(self.confidence, 3),
            "evidence": list(self.evidence),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Chapter":
        return cls(
            start=float(data["start"]),
            end=float(data["end"]),
            title=str(data.get("title") or ""),
            question=data.get("question"),
            confidence=float(data.get("confidence", 1.0)),
            evidence=tuple(data.get("evidence") or ()),
            question_text=data.get("question_text"),
        )


def chapters_to_dict(chapters: list[Chapter], warnings: list[str] | None = None) -> dict[str, Any]:
    return {"chapters": [c.to_dict() for c in chapters], "warnings": list(warnings or [])}


def load_chapters(path: str | Path) -> list[Chapter]:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [Chapter.from_dict(c) for c in data["chapters"]]
    except FileNotFoundError:
        raise TranscriptError(f"{path}: no such chapters file", "check the path") from None
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise TranscriptError(f"{path}: not a chapters.json ({exc})",
                              'expected {"chapters": [{"start", "end", "title", ...}]}') from None
