"""Generate the sample recording: media/sample/sample.mp4 (about 95 s) and its offline model script.

The audio is a speech-like signal (Silero VAD accepts it as speech) in one burst per sentence of
SENTENCES; the video is ffmpeg's test pattern. With the offline tiny model (tests/tinywhisper), sentence k
is "heard" at burst k, so the whole pipeline — VAD, decoding, word timestamps, chapters, exports — runs
for real without network. A real Whisper model hears no words in this signal: for a real demo, give your
own recording (see README).

usage: python scripts/make_sample.py [MEDIA_DIR]   (default: media)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import ffmpeg  # noqa: E402

import tinywhisper  # noqa: E402
from replay.audio import ffmpeg_exe  # noqa: E402
from replay.fileio import atomic_path  # noqa: E402

SENTENCES = [
    " Bonjour à tous et bienvenue à cette visio-conférence sur les discriminations dans le logement.",
    " Première question, quels sont les ressorts de l'action publique contre les discriminations systémiques ?",
    " Le Défenseur des droits rappelle que les refus de location visent d'abord certains candidats.",
    " Passons à la deuxième question, la mixité sociale tient-elle ses promesses ?",
    " Dans les QPV, la loi SRU et les attributions ont des effets contrastés sur la mixité.",
    " Troisième question, quelles stratégies publiques permettent d'associer le parc privé ?",
    " Les propriétaires privés peuvent louer par l'intermédiation locative avec une garantie publique.",
    " Enfin, quels leviers renforcer pour la mixité et la mobilité résidentielle ?",
    " La mobilité résidentielle suppose des logements abordables hors des quartiers.",
    " Merci à tous, place maintenant aux échanges avec les participants.",
]


def durations() -> list[float]:
    return [tinywhisper.make_tiny_model_seq.default_duration(s) for s in SENTENCES]


def make_sample(media_dir: Path) -> Path:
    out = media_dir / "sample" / "sample.mp4"
    if out.exists():
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    audio, _ = tinywhisper.speech_track(durations())
    wav = out.parent / "sample-speech.wav"
    tinywhisper.write_wav(wav, audio)
    seconds = len(audio) / tinywhisper.SR
    video = ffmpeg.input(f"testsrc2=size=640x360:rate=25:duration={seconds:.3f}", f="lavfi")
    with atomic_path(out, suffix=".tmp.mp4") as tmp:
        (ffmpeg.output(video, ffmpeg.input(str(wav)).audio, str(tmp), vcodec="libx264", pix_fmt="yuv420p",
                       preset="veryfast", acodec="aac", audio_bitrate="96k", shortest=None, movflags="+faststart")
         .run(cmd=ffmpeg_exe(), quiet=True, overwrite_output=True))
    wav.unlink()
    return out


if __name__ == "__main__":
    print(make_sample(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "media"))
