"""Shared fixtures: one pipeline per session (loading dictionaries takes a second)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyadscope.pipeline import Pipeline

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared is not beside the project")
    return SHARED
