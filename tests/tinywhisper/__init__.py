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


def build_sequence_model(out_dir: str | Path, sentences: list[str], *, durations: list[float] | None = None,
                         prompts: list[str] = ()) -> tuple[Path, dict]:
    """Window k says sentence k (sequential decoding, condition_on_previous_text=True).

    `prompts`: texts the model may be given as initial prompt (replay prompts with the event's title and
    questions); the script is built so that they cannot make it skip ahead.

    Returns the model folder and the build info, whose `durations` give the speech burst each
    sentence needs in the audio (see `speech_track`)."""
    out_dir = Path(out_dir)
    tok = build_tokenizer(out_dir.parent / "tokenizer")
    _, info = make_tiny_model_seq.build(str(out_dir), str(tok), sentences=sentences, durations=durations,
                                        prompts=list(prompts))
    return out_dir, info


def speech_track(durations: list[float], *, lead: float = 0.4, gap: float = 0.8, tail: float = 1.0,
                 seed: int = 0) -> tuple[np.ndarray, list[float]]:
    """Speech-like bursts of the given durations separated by short pauses, accepted by Silero VAD.

    With the defaults (lead 0.4 s, gaps 0.8 s) burst k sits exactly where the sequence model puts
    sentence k (`lead + sum of earlier windows`), and VAD sees one continuous speech region, so the
    transcript's times match the audio. Silero accepts some random vowel signals less well than others,
    so seeds are tried in order until VAD covers every burst. Returns samples (16 kHz) and burst starts."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    starts, t = [], lead
    for d in durations:
        starts.append(t)
        t += d + gap
    n = int((t - gap + tail) * SR)
    for attempt in range(seed, seed + 64):
        audio = np.zeros(n, np.float32)
        for k, (start, d) in enumerate(zip(starts, durations)):
            burst = vowelish(d, seed=attempt * 100 + k)
            audio[int(start * SR):int(start * SR) + len(burst)] = burst
        chunks = [(c["start"] / SR, c["end"] / SR) for c in get_speech_timestamps(audio, VadOptions())]
        if all(any(a <= s + 0.3 and s + d - 0.3 <= b for a, b in chunks) for s, d in zip(starts, durations)):
            return audio, starts
    raise RuntimeError("no seed gave a signal that VAD accepts as speech throughout")


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
