"""The JSON Schema of ci-operator configs, shipped with the package, and its compiled validator."""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path
from typing import Any

SCHEMA_NAME = "ci-operator-config.schema.json"


def schema_text() -> str:
    """The schema document as published (``promoted-images schema`` prints it)."""
    packaged = resources.files("promoter").joinpath("schemas", SCHEMA_NAME)
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    # An editable install or a source checkout: the package sits beside the repository's schemas/ folder.
    return (Path(__file__).resolve().parent.parent / "schemas" / SCHEMA_NAME).read_text(encoding="utf-8")


@functools.cache
def schema() -> dict[str, Any]:
    """The parsed schema, loaded once per process."""
    loaded: dict[str, Any] = json.loads(schema_text())
    return loaded
