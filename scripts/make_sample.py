"""Generate the sample recording: media/sample/sample.mp4 (about 80 s) and sample.json beside it.

The audio speaks SENTENCES (a moderator reading the four guiding questions of the 2020 IREV/URH event,
with a little discussion) through espeak-ng's French voice when espeak-ng is installed, else a
speech-like vowel signal that Silero VAD accepts as speech; the video is ffmpeg's test pattern. With the
offline tiny model (tests/tinywhisper) sentence k is "heard" where it is spoken, so the whole pipeline
(VAD, decoding, word timestamps, chapters, exports) runs for real without network; a real Whisper model
transcribes the espeak-ng voice.

usage: python scripts/make_sample.py [MEDIA_DIR]   (default: media)
"""

from __future__ import annotations

import math
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import ffmpeg  # noqa: E402
import numpy as np  # noqa: E402

import tinywhisper  # noqa: E402
from replay.audio import ffmpeg_exe  # noqa: E402
from replay.fileio import atomic_path, write_json  # noqa: E402

LEAD, GAP = 0.4, 0.8  # where the offline sequence model puts sentence k (see tests/tinywhisper)

SENTENCES = [
    " Bonjour à tous et bienvenue à cette visio-conférence sur les discriminations dans le logement.",
    " Première question, quels sont les ressorts de l'action publique contre les discriminations systémiques ?",
    " Selon le Défenseur des droits, les refus de location visent d'abord certains candidats.",
    " Passons à la deuxième question, la mixité sociale tient-elle ses promesses ?",
    " Dans les QPV, la loi SRU et les attributions ont des effets contrastés sur la mixité.",
    " Troisième question, quelles stratégies publiques permettent d'associer le parc privé ?",
    " Concrètement, les propriétaires privés peuvent louer par l'intermédiation locative avec une garantie publique.",
    " Enfin, quels leviers renforcer pour la mixité et la mobilité résidentielle ?",
    " Or la mobilité résidentielle suppose des logements abordables hors des quartiers.",
    " Merci à tous, place maintenant aux échanges avec les participants.",
]


def _espeak(text: str, path: Path) -> np.ndarray | None:
    """French text-to-speech with espeak-ng when it is installed (real words a real Whisper model can hear)."""
    exe = shutil.which("espeak-ng")
    if not exe:
        return None
    subprocess.run([exe, "-v", "fr", "-s", "150", "-w", str(path), text.strip()], check=True, capture_output=True)
    from faster_whisper import decode_audio

    return decode_audio(str(path), sampling_rate=tinywhisper.SR)


def make_sample(media_dir: Path) -> Path:
    """Write sample.mp4 and sample.json (the sentences and how long each is spoken) into media_dir/sample/."""
    out = media_dir / "sample" / "sample.mp4"
    if out.exists() and out.with_suffix(".json").exists():
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        spoken = [_espeak(s, Path(tmp) / f"{k}.wav") for k, s in enumerate(SENTENCES)]
        if all(a is not None for a in spoken):
            voice = "espeak-ng"
            # the offline model's windows are on a 0.2 s grid: pad each sentence up to it
            durations = [math.ceil(len(a) / tinywhisper.SR / 0.2) * 0.2 for a in spoken]
            starts, t = [], LEAD
            for d in durations:
                starts.append(t)
                t += d + GAP
            audio = np.zeros(int((t - GAP + 1.0) * tinywhisper.SR), np.float32)
            for a, start in zip(spoken, starts):
                i = int(start * tinywhisper.SR)
                audio[i:i + len(a)] = a
        else:
            voice = "vowel-like signal"
            durations = [tinywhisper.make_tiny_model_seq.default_duration(s) for s in SENTENCES]
            audio, _ = tinywhisper.speech_track(durations, lead=LEAD, gap=GAP)
        wav = tinywhisper.write_wav(Path(tmp) / "speech.wav", audio)
        seconds = len(audio) / tinywhisper.SR
        video = ffmpeg.input(f"testsrc2=size=640x360:rate=25:duration={seconds:.3f}", f="lavfi")
        with atomic_path(out, suffix=".tmp.mp4") as tmp_out:
            (ffmpeg.output(video, ffmpeg.input(str(wav)).audio, str(tmp_out), vcodec="libx264", pix_fmt="yuv420p",
                           preset="veryfast", acodec="aac", audio_bitrate="96k", shortest=None,
                           movflags="+faststart")
             .run(cmd=ffmpeg_exe(), quiet=True, overwrite_output=True))
    write_json(out.with_suffix(".json"), {"voice": voice, "sentences": SENTENCES, "durations": durations})
    return out


if __name__ == "__main__":
    print(make_sample(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "media"))
