from pathlib import Path

import pytest

from tests.conftest import require_tool

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).resolve().parent / "corpus"
SEED_EXPECTATIONS = Path(__file__).resolve().parent / "seed_expectations.json"
# The shared seeds sit beside the repository's clone (../shared/seeds), locally and in CI.
SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture
def seeds_dir():
    require_tool(SEEDS.is_dir(), f"the shared seed articles are not at {SEEDS} (clone shared/ beside the repository)")
    return SEEDS


def corpus_text(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")
