"""The JSON Schema of ci-operator configs, shipped with the package, and its compiled validator."""

from __future__ import annotations

import functools
import json
import os
from typing import Any

SCHEMA_NAME = "ci-operator-config.schema.json"


@functools.cache
def schema_text() -> str:
    """The schema document as published (``promoted-images schema`` prints it), read once per process."""
    here = os.path.dirname(os.path.realpath(__file__))
    # Installed, the package holds its copy; in an editable install or a source checkout, the package sits beside
    # the repository's schemas/ folder. Read straight from disk: importlib.resources (and pathlib) cost more to
    # import than a single config takes to check.
    for folder in (here, os.path.dirname(here)):
        candidate = os.path.join(folder, "schemas", SCHEMA_NAME)
        if os.path.isfile(candidate):
            with open(candidate, encoding="utf-8") as handle:
                return handle.read()
    from importlib import resources  # noqa: PLC0415 - only a package that is not plain files on disk (a zip)

    return resources.files("promoter").joinpath("schemas", SCHEMA_NAME).read_text(encoding="utf-8")


@functools.cache
def schema() -> dict[str, Any]:
    """The parsed schema, loaded once per process."""
    loaded: dict[str, Any] = json.loads(schema_text())
    return loaded
