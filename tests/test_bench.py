"""The chapter benchmark: accuracy on the development cases and speed on a 3-hour transcript."""

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


def test_speed_on_three_hours():
    out = io.StringIO()
    ok = bench.run_speed(CASES / "dev-sante-quartiers-noisy", repeat=1, out=out)
    assert ok, out.getvalue()


def test_main_exit_codes(tmp_path, capsys):
    assert bench.main(["chapters", str(tmp_path)]) == 1  # no cases: not on target
    assert "no cases" in capsys.readouterr().out
