"""promoter: what a ci-operator config promotes, where to pull it, and what it is built from.

The public API is pure (no I/O) except for the loading helpers in :mod:`promoter.files`::

    from promoter import analyze_text
    result = analyze_text(open(path).read(), path)
    for tag in result.promotion.tags:
        print(tag.ist, tag.pull_spec("app.ci"))
"""

from __future__ import annotations

__version__ = "0.1.0"

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from promoter.analysis import ConfigResult, analyze_text
    from promoter.findings import Finding, Severity
    from promoter.model import Config, ImageStreamTag, Metadata, PromotionTarget
    from promoter.promotion import PromotedTag, PromotionResult, promote

# The public names are imported on first use, so that `promoted-images --help` and `--version` stay fast.
_LAZY = {
    "ConfigResult": "promoter.analysis",
    "analyze_text": "promoter.analysis",
    "Finding": "promoter.findings",
    "Severity": "promoter.findings",
    "Config": "promoter.model",
    "ImageStreamTag": "promoter.model",
    "Metadata": "promoter.model",
    "PromotionTarget": "promoter.model",
    "PromotedTag": "promoter.promotion",
    "PromotionResult": "promoter.promotion",
    "promote": "promoter.promotion",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'promoter' has no attribute {name!r}")
    import importlib  # noqa: PLC0415

    return getattr(importlib.import_module(module), name)


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
