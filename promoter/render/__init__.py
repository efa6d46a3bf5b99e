"""Renderers: one pure function per output format, each returning the whole output as text."""

from __future__ import annotations

import textwrap

ANSI_RESET = "\x1b[0m"
ANSI_BOLD = "\x1b[1m"
ANSI_DIM = "\x1b[2m"
ANSI_RED = "\x1b[31m"
ANSI_YELLOW = "\x1b[33m"
ANSI_CYAN = "\x1b[36m"


def paint(text: str, style: str, *, color: bool) -> str:
    """Wrap ``text`` in an ANSI style when colour is on."""
    return f"{style}{text}{ANSI_RESET}" if color and text else text


TEXT_WIDTH = 118


def wrap_text(text: str, first: str, rest: str) -> list[str]:
    """Wrap prose for the terminal, never at hyphens: hosts, paths and commands hold them and are copied as written."""
    return textwrap.wrap(
        text,
        width=TEXT_WIDTH,
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,
        break_long_words=False,
    )
