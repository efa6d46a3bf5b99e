"""The limits that protect the process from hostile documents.

A module of their own, so that what only needs to name them (the cache's keys, the command line) does not load the
YAML machinery that enforces them.
"""

from __future__ import annotations

from promoter.lazydataclass import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class Limits:
    """Limits that protect the process from hostile documents; crossing one is a finding, not a crash."""

    max_bytes: int = 8 * 1024 * 1024
    max_depth: int = 200
    max_nodes: int = 1_000_000


DEFAULT_LIMITS = Limits()
