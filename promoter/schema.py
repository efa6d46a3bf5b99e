"""The JSON Schema of ci-operator configs, shipped with the package, and its compiled validator."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

SCHEMA_NAME = "ci-operator-config.schema.json"


def schema_text() -> str:
    """The schema document as published (``promoted-images schema`` prints it)."""
    here = Path(__file__).resolve().parent
    # Installed, the package holds its copy; in an editable install or a source checkout, the package sits beside
    # the repository's schemas/ folder. Read straight from disk: importlib.resources costs more to import than
    # a single config takes to check.
    for candidate in (here / "schemas" / SCHEMA_NAME, here.parent / "schemas" / SCHEMA_NAME):
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    from importlib import resources  # noqa: PLC0415 - only a package that is not plain files on disk (a zip)

    return resources.files("promoter").joinpath("schemas", SCHEMA_NAME).read_text(encoding="utf-8")


@functools.cache
def schema() -> dict[str, Any]:
    """The parsed schema, loaded once per process."""
    loaded: dict[str, Any] = json.loads(schema_text())
    return loaded
