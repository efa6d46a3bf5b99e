"""``lazy_compile``: a regular expression compiled when first used rather than when its module is imported.

Compiling a pattern costs 0.05 to 1 ms; the modules a run of one config imports define dozens at module level, and
the schema compiled into predicates holds dozens more, most of which one config never meets. Such a pattern is made
with :func:`lazy_compile`, which behaves as the compiled pattern (``search``, ``match``, ``fullmatch``, ``sub``,
``pattern`` and the rest) and compiles it on first use.
"""

from __future__ import annotations

import re
from typing import Any, cast

__all__ = ["lazy_compile"]

# What a compiled pattern offers; all of them are kept on the lazy pattern once it is compiled.
_ATTRIBUTES = (
    *("search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer", "scanner"),
    *("pattern", "flags", "groups", "groupindex"),
)


class _LazyPattern:
    """A pattern and its flags, compiled the first time anything of the compiled pattern is asked for."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        # Only called for what the instance does not hold yet: after the first use, every attribute of the compiled
        # pattern is found on the instance itself, without a call.
        compiled = re.compile(*self._source)
        for attribute in _ATTRIBUTES:
            setattr(self, attribute, getattr(compiled, attribute))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return repr(re.compile(*self._source))


def lazy_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, compiled on first use."""
    return cast("re.Pattern[str]", _LazyPattern(pattern, flags))
