import os
from pathlib import Path

import pytest

from tests.conftest import require_tool

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).resolve().parent / "corpus"
SEED_EXPECTATIONS = Path(__file__).resolve().parent / "seed_expectations.json"
# The shared material sits beside the repository's clone (../shared), locally and in CI; a checkout
# elsewhere (a git worktree) names it with KP_SHARED_DIR.
SHARED = Path(os.environ.get("KP_SHARED_DIR") or REPO.parent / "shared")
SEEDS = SHARED / "seeds"
REAL_CORPUS = SHARED / "import-corpus"


@pytest.fixture
def seeds_dir():
    require_tool(SEEDS.is_dir(), f"the shared seed articles are not at {SEEDS} (clone shared/ beside the repository)")
    return SEEDS


@pytest.fixture
def real_corpus_dir():
    require_tool(
        (REAL_CORPUS / "expected.json").is_file(),
        f"the real import corpus is not at {REAL_CORPUS} (clone shared/ beside the repository)",
    )
    return REAL_CORPUS


def corpus_text(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")
