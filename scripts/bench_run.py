"""Time `replay run` on the ~60 s sample with the offline tiny model: a first run, then the cached re-run.

usage: python scripts/bench_run.py   (what `make bench` runs; uses a temporary output folder)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from demo import offline_model  # noqa: E402
from make_sample import make_sample  # noqa: E402


def main() -> int:
    sample = make_sample(ROOT / "media")
    model = offline_model(sample.with_suffix(".json"), ROOT / "pipelines" / "sample.toml")
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "replay", "run", str(ROOT / "pipelines" / "sample.toml"), "--model", str(model),
               "--condition-on-previous-text", "--out", f"{tmp}/outputs", "--media", f"{tmp}/media"]
        for label in ("first run", "cached re-run"):
            t0 = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True)
            print(f"replay run, {label}: {time.perf_counter() - t0:.2f} s (sample {sample.name}, tiny offline model)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
