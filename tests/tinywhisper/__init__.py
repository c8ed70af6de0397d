"""A tiny Whisper model in CTranslate2 format, built offline with numpy, for tests and the offline demo.

Real weights cannot be downloaded on the build machines, so the tests run the real faster-whisper code
(model loading, log-mel features, Silero VAD, decoding, word timestamps) on a model whose decoder is
scripted to say chosen French sentences. Adapted from shared/reference/tiny-whisper. The tokenizer is
rebuilt from Whisper's own BPE ranks (see NOTICE, MIT).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from . import make_tiny_model, make_tiny_model_seq, make_tokenizer
from .synth_speech import vowelish

HERE = Path(__file__).resolve().parent
SR = 16000

__all__ = ["build_tokenizer", "build_scripted_model", "build_sequence_model", "speech_track", "vowelish"]


def build_tokenizer(out_dir: str | Path) -> Path:
    out = Path(out_dir) / "tokenizer.json"
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        make_tokenizer.build(str(HERE / "multilingual.tiktoken.gz"), str(out))
    return out


def build_scripted_model(out_dir: str | Path) -> Path:
    """Every window says 'Bonjour à tous.' (0.0-1.0) then 'Il fait beau aujourd'hui!' (1.2-2.0)."""
    out_dir = Path(out_dir)
    tok = build_tokenizer(out_dir.parent / "tokenizer")
    make_tiny_model.build(str(out_dir), str(tok), script=make_tiny_model.DEFAULT_SCRIPT)
    return out_dir


def build_sequence_model(out_dir: str | Path, sentences: list[str]) -> tuple[Path, dict]:
    """Window k says sentence k (sequential decoding, condition_on_previous_text=True).

    Returns the model folder and the build info, whose `durations` give the speech burst each
    sentence needs in the audio (see `speech_track`)."""
    out_dir = Path(out_dir)
    tok = build_tokenizer(out_dir.parent / "tokenizer")
    _, info = make_tiny_model_seq.build(str(out_dir), str(tok), sentences=sentences)
    return out_dir, info


def speech_track(durations: list[float], *, lead: float = 1.0, gap: float = 3.0, tail: float = 1.0,
                 seed: int = 0) -> tuple[np.ndarray, list[float]]:
    """Speech-like bursts (Silero VAD accepts them) of the given durations separated by silence.

    Returns float32 samples at 16 kHz and the start time of each burst."""
    starts, t = [], lead
    for d in durations:
        starts.append(t)
        t += d + gap
    audio = np.zeros(int((t - gap + tail) * SR), np.float32)
    for k, (start, d) in enumerate(zip(starts, durations)):
        burst = vowelish(d, seed=seed + k)
        audio[int(start * SR):int(start * SR) + len(burst)] = burst
    return audio, starts


def write_wav(path: str | Path, audio: np.ndarray) -> Path:
    import wave

    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SR)
        w.writeframes((np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes())
    return Path(path)


def script_info(model_dir: str | Path) -> dict:
    return json.loads((Path(model_dir) / "script.json").read_text(encoding="utf-8"))
