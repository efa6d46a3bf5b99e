"""Shared fixtures: paths to test data, the corpus beside the project, and the golden-file switch."""

from __future__ import annotations

from pathlib import Path

import pytest

from promoter.files import discover
from promoter.yamldoc import Document, load_yaml

ROOT = Path(__file__).resolve().parent.parent
TESTDATA = ROOT / "testdata"
CORPUS = ROOT.parent / "shared" / "corpus"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="Rewrite expected output files under testdata/ from the current behaviour instead of comparing.",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def corpus_files() -> list[Path]:
    """Every YAML config of the shared corpus, or an empty list when the corpus is not beside the project."""
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix in (".yaml", ".yml"))


def compare_golden(expected_file: Path, actual: str, *, update: bool) -> None:
    """Compare output with a golden file, or rewrite the golden file when asked to."""
    if update:
        expected_file.write_text(actual, encoding="utf-8")
        return
    assert expected_file.exists(), f"missing golden file {expected_file}; run pytest --update-goldens"
    assert actual == expected_file.read_text(encoding="utf-8"), f"output differs from {expected_file}"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test's lint cache out of the user's cache directory."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


def config_documents(*folders: str) -> list[Document]:
    """The corpus configs and those under ``folders`` of testdata that load to a mapping, loaded."""
    files = [str(p) for p in corpus_files()] + discover([str(TESTDATA / folder) for folder in folders])[0]
    documents = []
    for path in files:
        try:
            document = load_yaml(Path(path).read_text(encoding="utf-8"), path)
        except (OSError, UnicodeDecodeError):
            continue
        if isinstance(document.data, dict):
            documents.append(document)
    return documents
