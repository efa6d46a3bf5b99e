"""promoter: what a ci-operator config promotes, where to pull it, and what it is built from.

The public API is pure (no I/O) except for the loading helpers in :mod:`promoter.files`::

    from promoter import analyze_text
    result = analyze_text(open(path).read(), path)
    for tag in result.promotion.tags:
        print(tag.ist, tag.pull_spec("app.ci"))
"""

from __future__ import annotations

__version__ = "0.1.0"

from promoter.analysis import ConfigResult, analyze_text
from promoter.findings import Finding, Severity
from promoter.model import Config, ImageStreamTag, Metadata, PromotionTarget
from promoter.promotion import PromotedTag, PromotionResult, promote

__all__ = [
    "Config",
    "ConfigResult",
    "Finding",
    "ImageStreamTag",
    "Metadata",
    "PromotedTag",
    "PromotionResult",
    "PromotionTarget",
    "Severity",
    "__version__",
    "analyze_text",
    "promote",
]
