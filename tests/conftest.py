"""Shared fixtures: the replica served over real HTTP on an ephemeral port."""

from __future__ import annotations

import pytest

from archiver.replica import ReplicaSite, serve


@pytest.fixture
def replica():
    """A small replica (40 articles per language) on an ephemeral port, for one test."""
    with serve(ReplicaSite(seed=7, articles=40)) as server:
        yield server
