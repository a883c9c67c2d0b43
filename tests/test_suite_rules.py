"""The suite's own rules: Hypothesis derandomized in CI and free elsewhere; speed measured in benchmarks/."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from _archiver import ROOT


@pytest.mark.parametrize("env,profile", [
    ({"CI": "true"}, "ci (derandomized"),
    ({"CI": ""}, "local (random seeds)"),
    ({"CI": "false"}, "local (random seeds)"),
    ({"CI": "true", "HYPOTHESIS_PROFILE": "local"}, "local (random seeds)"),
])
def test_hypothesis_runs_derandomized_in_ci_and_explores_elsewhere(env, profile):
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-p", "no:cacheprovider",
                           "tests/test_warc.py"], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "HYPOTHESIS_PROFILE": "", **env})
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert f"hypothesis: profile {profile}" in done.stdout


def test_ci_runs_derandomized():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r'^export CI="\$\{CI:-true\}"', script, re.MULTILINE)
    assert script.index("export CI=") < script.index("make test")


def test_no_test_times_code_to_judge_its_speed():
    """Speed goals are measured side by side in benchmarks/; a test may bound how fast something
    reacts (a query stopped within a second of Ctrl-C), with time.monotonic, never compare speeds."""
    timing = re.compile(r"\b(perf_counter|process_time|timeit)\b")
    found = [f"{path.name}:{n}" for path in sorted(Path(ROOT / "tests").glob("*.py"))
             if path.name != Path(__file__).name
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if timing.search(line)]
    assert found == []
