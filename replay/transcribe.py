"""Stage 3: French speech to a timed transcript with faster-whisper."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Sequence

from . import __version__
from .config import TranscribeOptions
from .errors import ModelError, TranscriptionError
from .models import Segment, Transcript, Word

log = logging.getLogger("replay")

# Progress callback: (seconds of audio done, total seconds).
AudioProgress = Callable[[float, float], None]

SAMPLE_RATE = 16000
# Whisper's prompt holds at most 223 tokens; French text is ~3-4 characters a token.
MAX_PROMPT_CHARS = 600


@dataclass(frozen=True)
class ResolvedModel:
    name: str  # a hub size/id or a local directory
    device: str
    compute_type: str


def resolve_model(options: TranscribeOptions) -> ResolvedModel:
    """Fill in 'auto' choices: the best French accuracy the hardware runs at a usable speed."""
    device = options.device
    if device == "auto":
        device = "cuda" if _cuda_available() else "cpu"
    compute_type = options.compute_type
    if compute_type == "default":
        compute_type = "float16" if device == "cuda" else "int8"
    model = options.model
    if model == "auto":
        # large-v3 is Whisper's most accurate French model; on CPU its distilled-decoder sibling
        # large-v3-turbo with int8 weights is ~6x faster for a small accuracy cost.
        model = "large-v3" if device == "cuda" else "large-v3-turbo"
    return ResolvedModel(name=model, device=device, compute_type=compute_type)


def _cuda_available() -> bool:
    try:
        import ctranslate2

        return ctranslate2.get_cuda_device_count() > 0
    except Exception:  # noqa: BLE001 - a broken CUDA install means "no CUDA"
        return False


def load_model(resolved: ResolvedModel, options: TranscribeOptions):
    """A faster_whisper.WhisperModel from a local CTranslate2 directory or the hub (cached after the first run)."""
    from faster_whisper import WhisperModel

    path = Path(resolved.name).expanduser()
    looks_like_path = path.is_absolute() or resolved.name.startswith((".", "~")) or path.exists()
    if looks_like_path and not (path / "model.bin").is_file():
        raise ModelError(f"{resolved.name}: not a CTranslate2 Whisper model directory (no model.bin)",
                         "point --model at a folder converted with ct2-transformers-converter, or give a model name")
    log.info("loading Whisper model %s on %s (%s)", resolved.name, resolved.device, resolved.compute_type)
    try:
        return WhisperModel(str(path) if looks_like_path else resolved.name, device=resolved.device,
                            compute_type=resolved.compute_type, cpu_threads=options.cpu_threads,
                            download_root=options.download_root)
    except ValueError as exc:
        if "Invalid model size" in str(exc):
            raise ModelError(f"unknown model '{resolved.name}'",
                             "use a name such as large-v3, large-v3-turbo, medium, small, or a local model directory") from None
        raise ModelError(f"cannot load model '{resolved.name}': {exc}", _compute_hint(resolved)) from None
    except RuntimeError as exc:
        raise ModelError(f"cannot load model '{resolved.name}' on {resolved.device}: {str(exc).splitlines()[0]}",
                         _compute_hint(resolved)) from None
    except Exception as exc:  # noqa: BLE001 - huggingface_hub raises many types for "not cached, no network"
        if _is_hub_error(exc):
            raise ModelError(
                f"Whisper model '{resolved.name}' is not cached and the model hub cannot be reached",
                "run once with network access to download it, or pass --model /path/to/ctranslate2-model-dir",
            ) from None
        raise


def _is_hub_error(exc: Exception) -> bool:
    names = {c.__name__ for c in type(exc).__mro__}
    return bool(names & {"LocalEntryNotFoundError", "HfHubHTTPError", "OfflineModeIsEnabled", "ConnectionError",
                         "RepositoryNotFoundError", "HTTPError", "Timeout", "OSError"})


def _compute_hint(resolved: ResolvedModel) -> str:
    if resolved.device == "cuda":
        return "check the CUDA/cuDNN install, or use --device cpu"
    return "try --compute-type int8 or float32"


def build_prompt(title: str, questions: Sequence[str]) -> str | None:
    """A French context prompt for the first window: the event title and its questions."""
    parts = [p.strip() for p in (title, *questions) if p and p.strip()]
    text = " ".join(p if p.endswith((".", "?", "!")) else p + "." for p in parts)
    return text[:MAX_PROMPT_CHARS].rsplit(" ", 1)[0] if len(text) > MAX_PROMPT_CHARS else (text or None)


def transcribe(
    audio_path: str | Path,
    model,
    *,
    language: str = "fr",
    options: TranscribeOptions = TranscribeOptions(),
    title: str = "",
    questions: Sequence[str] = (),
    glossary: Sequence[str] = (),
    progress: AudioProgress | None = None,
) -> Transcript:
    """Transcribe a 16 kHz WAV; the language is forced (Whisper guesses from the first 30 s only)."""
    from faster_whisper import decode_audio
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    audio = decode_audio(str(audio_path), sampling_rate=SAMPLE_RATE)
    duration = len(audio) / SAMPLE_RATE
    if duration < 0.1:
        raise TranscriptionError(f"{audio_path}: the audio is empty", "give a recording that contains sound")
    vad = VadOptions()
    # Kept in the transcript so later stages can tell speech from silence (e.g. hallucination removal).
    speech = [[round(c["start"] / SAMPLE_RATE, 3), round(c["end"] / SAMPLE_RATE, 3)]
              for c in get_speech_timestamps(audio, vad)] if options.vad_filter else None
    hotwords = ", ".join(glossary) or None
    kwargs = dict(
        language=language,
        task="transcribe",
        beam_size=options.beam_size,
        vad_filter=options.vad_filter,
        vad_parameters=vad,
        word_timestamps=options.word_timestamps,
        condition_on_previous_text=options.condition_on_previous_text,
        initial_prompt=build_prompt(title, questions),
        hotwords=hotwords,
        no_speech_threshold=0.6,
        log_prob_threshold=-1.0,
        compression_ratio_threshold=2.4,
        hallucination_silence_threshold=2.0 if options.word_timestamps else None,
    )
    segments: list[Segment] = []
    try:
        if options.batch_size > 0:
            from faster_whisper import BatchedInferencePipeline

            kwargs.pop("hallucination_silence_threshold")
            kwargs.pop("condition_on_previous_text")
            pieces, info = BatchedInferencePipeline(model).transcribe(audio, batch_size=options.batch_size, **kwargs)
        else:
            pieces, info = model.transcribe(audio, **kwargs)
        # Errors surface while iterating the generator, not when transcribe() returns.
        for piece in pieces:
            segments.append(_segment(len(segments), piece))
            if progress:
                progress(min(piece.end, duration), duration)
    except (RuntimeError, IndexError, ValueError) as exc:
        raise TranscriptionError(f"transcription of {audio_path} failed: {exc}",
                                 "run again with -v for details; check the audio plays") from None
    if progress:
        progress(duration, duration)
    log.info("transcribed %.1f s of audio into %d segments", duration, len(segments))
    meta = {
        "transcriber": "faster-whisper",
        "transcriber_version": _version("faster-whisper"),
        "options": asdict(options),
        "speech": speech,
        "replay_version": __version__,
        "created_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }
    return Transcript(language=info.language or language, duration=round(duration, 3),
                      segments=tuple(segments), meta=meta)


def _segment(index: int, piece) -> Segment:
    words = tuple(Word(start=round(w.start, 3), end=round(w.end, 3), word=w.word,
                       probability=round(w.probability, 4)) for w in (piece.words or ()))
    return Segment(id=index, start=round(piece.start, 3), end=round(piece.end, 3), text=piece.text, words=words,
                   no_speech_prob=round(piece.no_speech_prob, 4), avg_logprob=round(piece.avg_logprob, 4),
                   compression_ratio=round(piece.compression_ratio, 4))


def _version(dist: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return None
