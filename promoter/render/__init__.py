"""Renderers: one pure function per output format, each returning the whole output as text."""

from __future__ import annotations

import re

from promoter.findings import Severity
from promoter.lazyre import lazy_compile

ANSI_RESET = "\x1b[0m"
ANSI_BOLD = "\x1b[1m"
ANSI_DIM = "\x1b[2m"
ANSI_RED = "\x1b[31m"
ANSI_YELLOW = "\x1b[33m"
ANSI_CYAN = "\x1b[36m"


def paint(text: str, style: str, *, color: bool) -> str:
    """Wrap ``text`` in an ANSI style when colour is on."""
    return f"{style}{text}{ANSI_RESET}" if color and text else text


# The words for a finding's severity, as its JSON value says it: "info" for advice, in every output.
SEVERITY_NOUNS = {
    Severity.ERROR: ("error", "errors"),
    Severity.WARNING: ("warning", "warnings"),
    Severity.INFO: ("info", "info"),
}


# How a promoted tag's kind is said in every output: a plain image needs no word.
KIND_WORDS = {"image": "", "additional": "additional", "build-cache": "build cache", "commit": "commit"}


def kind_label(kind: str) -> str:
    """The kind of a promoted tag as a parenthesis to append to its source: `` (build cache)``, or nothing."""
    words = KIND_WORDS.get(kind, kind)
    return f" ({words})" if words else ""


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``count`` and the noun that agrees with it: 1 file, 2 files."""
    return f"{count} {singular if count == 1 else plural_form or singular + 's'}"


def severity_count(count: int, severity: Severity) -> str:
    """``count`` findings of ``severity`` in words: 1 error, 2 warnings, 0 info."""
    singular, plural_form = SEVERITY_NOUNS[severity]
    return plural(count, singular, plural_form)


TEXT_WIDTH = 118


def wrap_text(text: str, first: str, rest: str) -> list[str]:
    """Wrap prose for the terminal, never at hyphens: hosts, paths and commands hold them and are copied as written."""
    import textwrap  # noqa: PLC0415 - only for notes: what a config promotes is printed without it

    return textwrap.wrap(
        text,
        width=TEXT_WIDTH,
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,
        break_long_words=False,
    )


# C0 controls but tab, DEL and C1 controls (ESC starts OSC sequences that set the clipboard or the title, CR overwrites
# a line), the Unicode line and paragraph separators, and the bidirectional overrides and isolates that reorder text.
_INVISIBLE = lazy_compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape_invisible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    r"""A value from input made safe to print: control characters shown as ``\xNN`` (``\uNNNN``), never acted on.

    Every text output passes config values, paths and log text through this, whatever the colour setting, so that
    an escape sequence in a hostile config cannot write to the clipboard, retitle the terminal or hide a line.
    """
    if text.isascii() and text.isprintable():  # most text: two scans at C speed, with no match to try
        return text
    return _INVISIBLE.sub(_escape_invisible, text)


# What JSON leaves as it is but a terminal or an editor acts on: DEL, C1 controls, line separators, bidi controls.
# (JSON itself writes C0 controls as escapes.)
_JSON_INVISIBLE = lazy_compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def visible_json(text: str) -> str:
    r"""JSON text with the controls JSON leaves raw written as ``\uNNNN``: the same values, safe to print.

    These characters only occur inside strings, so the document decodes to exactly what it did before.
    """
    if text.isascii() and "\x7f" not in text:  # of them only DEL is ASCII; two scans at C speed, no match to try
        return text
    return _JSON_INVISIBLE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def json_document(document: object) -> str:
    """A whole JSON output: indented by two, non-ASCII text as it is, controls escaped (:func:`visible_json`).

    The text is ``json.dumps(document, indent=2, ensure_ascii=False)``, written by :func:`jsontext.indented`, which
    hands flat mappings to the C encoder where the standard library indents everything in Python: 0.24 s rather
    than 0.28 s of CPU for a lint report of 23,461 findings, 1.02 s rather than 1.05 s for its SARIF.
    """
    from promoter.render.jsontext import indented  # noqa: PLC0415 - JSON output only

    return visible_json(indented(document)) + "\n"
