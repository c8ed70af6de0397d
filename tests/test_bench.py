"""The chapter benchmark: accuracy on every case (dev and held-out) and the speed command's output.

Speed itself is a benchmark figure (`python -m replay.bench chapters-speed`), not a timed test."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from replay import bench

CASES = Path(__file__).resolve().parent.parent / "benchmarks" / "chapters" / "cases"


def test_dev_cases_meet_the_target(tmp_path):
    for case in CASES.glob("dev-*"):
        shutil.copytree(case, tmp_path / case.name)
    out = io.StringIO()
    ok = bench.run_chapters(tmp_path, out=out)
    report = out.getvalue()
    assert "ALL 6 cases" in report
    assert ok, report


def test_all_cases_meet_the_target():
    out = io.StringIO()
    assert bench.run_chapters(CASES, out=out), out.getvalue()


def test_speed_command_reports_a_three_hour_transcript():
    out = io.StringIO()
    bench.run_speed(CASES / "dev-sante-quartiers-noisy", repeat=1, out=out)
    report = out.getvalue()
    assert "3.2" in report and " h, 4 questions" in report and "s ->" in report


def test_main_exit_codes(tmp_path, capsys):
    assert bench.main(["chapters", str(tmp_path)]) == 1  # no cases: not on target
    assert "no cases" in capsys.readouterr().out
