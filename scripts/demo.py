"""`make demo`: generate the sample recording and run `replay run pipelines/sample.toml` on it.

Model: $REPLAY_MODEL when set (a name such as large-v3-turbo, or a local CTranslate2 folder); otherwise
replay's default (large-v3-turbo on CPU, large-v3 on CUDA), downloaded from the model hub on the first
run. When that model is neither cached nor reachable (an offline machine), the demo says so and runs
with the offline tiny test model instead, which "hears" the sample's scripted sentences: every stage
still runs for real, but the words come from the script, not from speech recognition.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))

from make_sample import make_sample  # noqa: E402


def hub_model_available(name: str) -> bool:
    from faster_whisper.utils import _MODELS
    from huggingface_hub import snapshot_download

    try:
        snapshot_download(_MODELS.get(name, name), local_files_only=True)
        return True
    except Exception:  # noqa: BLE001 - not cached
        pass
    try:
        socket.create_connection(("huggingface.co", 443), timeout=3).close()
        return True
    except OSError:
        return False


def offline_model(sample_json: Path, event_file: Path) -> Path:
    import tinywhisper
    from replay.config import load_event
    from replay.transcribe import build_prompt

    script = json.loads(sample_json.read_text(encoding="utf-8"))
    event = load_event(event_file)
    model, _ = tinywhisper.build_sequence_model(
        ROOT / "models" / "tiny-offline-demo", script["sentences"], durations=script["durations"],
        prompts=[build_prompt(event.title, event.questions), *event.glossary])
    return model


def main() -> int:
    sample = make_sample(ROOT / "media")
    model = os.environ.get("REPLAY_MODEL", "auto")
    extra: list[str] = []
    if model == "auto":
        from replay.config import TranscribeOptions
        from replay.transcribe import resolve_model

        name = resolve_model(TranscribeOptions()).name
        if not hub_model_available(name):
            print(f"demo: Whisper model '{name}' is not cached and the model hub is unreachable;\n"
                  "demo: using the offline tiny test model (scripted sentences, real pipeline).\n"
                  "demo: set REPLAY_MODEL=/path/to/ctranslate2-model for real recognition.", file=sys.stderr)
            model = str(offline_model(sample.with_suffix(".json"), ROOT / "pipelines" / "sample.toml"))
            extra = ["--condition-on-previous-text"]  # the tiny model says sentence k after sentence k-1
    cmd = [sys.executable, "-m", "replay", "run", str(ROOT / "pipelines" / "sample.toml"), "--model", model,
           "--out", str(ROOT / "outputs"), "--media", str(ROOT / "media"), *extra, *sys.argv[1:]]
    print("demo:", " ".join(cmd), file=sys.stderr)
    code = subprocess.call(cmd, cwd=ROOT)
    if code == 0:
        out = ROOT / "outputs" / "sample"
        print(f"\nOutputs in {out}:")
        for path in sorted(out.iterdir()):
            if path.is_file():
                print(f"  {path.name:24s} {path.stat().st_size:>9,d} bytes")
        print(f"\nOpen file://{out / 'transcript.html'} in a browser.")
    return code


if __name__ == "__main__":
    sys.exit(main())
