"""Shared fixtures (the replica served over real HTTP on an ephemeral port) and Hypothesis' profile.

Hypothesis explores freely in local runs (a new random seed each run, failures kept in its example
database). In CI (CI set, as CI services and `.ci/run` do; or HYPOTHESIS_PROFILE=ci) it runs
derandomized: each test's seed is derived from the test itself, so every CI run tries the same
examples and a failure there fails the same way anywhere; its reproduction blob is printed.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from archiver.replica import ReplicaSite, serve

# Hypothesis' own profiles: "default" (random seeds, the example database) and "ci" (derandomize,
# no database, print_blob, no deadline). It picks "ci" itself whenever a CI variable is set, even
# CI=false or empty; here CI must say true, and HYPOTHESIS_PROFILE overrides both.
settings.register_profile("local", settings.get_profile("default"))
PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or (
    "ci" if os.environ.get("CI", "").lower() not in ("", "0", "false", "no") else "local")
settings.load_profile(PROFILE)


def pytest_report_header(config: pytest.Config) -> str:
    how = "derandomized: each test's seed comes from the test" if settings.default.derandomize \
        else "random seeds"
    return f"hypothesis: profile {PROFILE} ({how})"


@pytest.fixture
def replica():
    """A small replica (40 articles per language) on an ephemeral port, for one test."""
    with serve(ReplicaSite(seed=7, articles=40)) as server:
        yield server
