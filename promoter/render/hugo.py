"""Front matter for pages of a Hugo site (docs.ci.openshift.org): ``title``, ``description`` and ``weight``."""

from __future__ import annotations

import json


def front_matter(*, title: str, description: str, weight: int) -> str:
    """A YAML front matter block; the strings are JSON, which YAML reads as double-quoted scalars, escapes and all."""
    return "\n".join(
        [
            "---",
            f"title: {_scalar(title)}",
            f"description: {_scalar(description)}",
            f"weight: {weight}",
            "---",
            "",
        ]
    )


def _scalar(text: str) -> str:
    # ensure_ascii writes every control character and line separator as \uXXXX, so one value stays on one line.
    return json.dumps(text, ensure_ascii=True)
