"""How ci-operator's Go YAML stack (go-yaml v2 under ghodss/yaml) reads scalars, reproduced exactly.

PyYAML implements YAML 1.1 differently from go-yaml v2 (``y``/``n`` are booleans in Go only, ``1e3`` is a float in
Go only, PyYAML knows timestamps and sexagesimal numbers, Go does not). ci-operator's results depend on the Go
reading, for instance ``name: 4.10`` is the float 4.1 and becomes the stream name ``"4.1"`` when it lands in a
string field. This module resolves plain scalars the Go way and formats values the way ghodss/yaml turns them
into strings.
"""

from __future__ import annotations

import math
import struct
from typing import Any

from promoter.lazyre import lazy_compile

GoScalar = str | int | float | bool | None

_BOOLS: dict[str, bool] = {}
for _word, _value in (
    ("y", True), ("yes", True), ("true", True), ("on", True),
    ("n", False), ("no", False), ("false", False), ("off", False),
):  # fmt: skip
    for _spelling in (_word, _word.capitalize(), _word.upper()):
        _BOOLS[_spelling] = _value

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_SPECIAL_FLOATS: dict[str, float] = {
    ".inf": math.inf, ".Inf": math.inf, ".INF": math.inf,
    "+.inf": math.inf, "+.Inf": math.inf, "+.INF": math.inf,
    "-.inf": -math.inf, "-.Inf": -math.inf, "-.INF": -math.inf,
    ".nan": math.nan, ".NaN": math.nan, ".NAN": math.nan,
}  # fmt: skip
_YAML_STYLE_FLOAT = lazy_compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
# Go's strconv.ParseInt with base 0: optional sign, then 0x/0o/0b prefixes, a leading 0 meaning octal.
_GO_INT = lazy_compile(r"^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$")
_INT64_MIN, _UINT64_MAX = -(2**63), 2**64 - 1
MERGE_KEY = "<<"


# The first characters of every plain scalar that is not simply its own text; any other non-empty plain scalar is a
# string, which callers on a hot path test before calling resolve_plain.
MAYBE_NOT_STRING = frozenset("-+.0123456789~nNyYtTfFoO")


def resolve_plain(text: str) -> GoScalar:
    """Resolve an unquoted YAML scalar as go-yaml v2 does (``resolve()`` in resolve.go)."""
    if not text:
        return None
    hint = text[0]
    # Most scalars are plain words: one set lookup decides that they stay strings.
    if hint not in MAYBE_NOT_STRING:
        return text
    if text in _NULLS:
        return None
    if hint in "-+.0123456789" or text in _BOOLS:
        if text in _BOOLS:
            return _BOOLS[text]
        if text in _SPECIAL_FLOATS:
            return _SPECIAL_FLOATS[text]
        # Quantities and durations (100m, 200Mi, 168h) start with a digit and are written throughout a tree.
        if text in _NUMBERS:
            return _NUMBERS[text]
        number = _parse_number(text)
        if len(_NUMBERS) < _NUMBERS_KEPT:
            _NUMBERS[text] = number if number is not None else text
        if number is not None:
            return number
    elif text[0] in "yYnNtTfFoO" and text in _BOOLS:
        return _BOOLS[text]
    return text


# What each text that might be a number reads as; bounded, whatever the input.
_NUMBERS: dict[str, int | float | str] = {}
_NUMBERS_KEPT = 20_000


def _parse_number(text: str) -> int | float | None:
    plain = text.replace("_", "")
    integer = _parse_go_int(plain)
    if integer is not None:
        return integer
    if plain.startswith(("0b", "-0b")):
        # go-yaml accepts binary literals on its own before falling back to ParseInt.
        digits = plain[2:] if plain[0] == "0" else plain[3:]
        if digits and set(digits) <= {"0", "1"}:
            value = int(digits, 2)
            return -value if plain[0] == "-" else value
    if _YAML_STYLE_FLOAT.match(plain):
        try:
            return float(plain)
        except ValueError:  # pragma: no cover - the pattern only admits valid floats
            return None
    return None


def _parse_go_int(plain: str) -> int | None:
    if not _GO_INT.match(plain):
        return None
    sign = -1 if plain[0] == "-" else 1
    body = plain.lstrip("+-")
    # A leading zero means octal to Go, while Python's int() refuses such literals.
    octal = len(body) > 1 and body[0] == "0" and body[1] not in "xXoObB"
    value = sign * int(body, 8 if octal else 0)
    if _INT64_MIN <= value <= _UINT64_MAX:
        return value
    return None


def _float32(value: float) -> float:
    return float(struct.unpack("<f", struct.pack("<f", value))[0])


def _shortest_float32_digits(value: float) -> tuple[str, int]:
    """Digits and decimal exponent of the shortest decimal that reads back as the same float32."""
    target = _float32(value)
    for precision in range(1, 10):
        mantissa, _, exponent = f"{target:.{precision - 1}e}".partition("e")
        try:
            candidate = _float32(float(f"{mantissa}e{exponent}"))
        except OverflowError:  # rounding up near the float32 maximum overshoots it
            continue
        if candidate == target:
            digits = mantissa.replace(".", "").lstrip("-").rstrip("0") or "0"
            return digits, int(exponent)
    raise AssertionError("a float32 always round-trips with 9 significant digits")  # pragma: no cover


def format_float32(value: float) -> str:
    """``strconv.FormatFloat(value, 'g', -1, 32)``: what a Go string field receives for a YAML float."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    try:
        narrowed = _float32(value)
    except OverflowError:
        return "+Inf" if value > 0 else "-Inf"
    if math.isinf(narrowed):
        return "+Inf" if value > 0 else "-Inf"
    digits, exponent = _shortest_float32_digits(abs(value))
    sign = "-" if value < 0 else ""
    # strconv's shortest 'g' formatting switches to exponent form below 1e-4 and from 1e6 on.
    if exponent < -4 or exponent >= 6:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{mantissa}e{'-' if exponent < 0 else '+'}{abs(exponent):02d}"
    point = exponent + 1
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return f"{sign}{digits}{'0' * (point - len(digits))}"
    return f"{sign}{digits[:point]}.{digits[point:]}"


def to_go_string(value: GoScalar) -> str | None:
    """The text a Go string field holds after ghodss/yaml coerces a YAML scalar into it; None for null."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format_float32(value)
    return value


def to_map_key(value: GoScalar) -> str | None:
    """The JSON object key ghodss/yaml makes of a YAML mapping key; None when Go refuses the key (null)."""
    if isinstance(value, float):
        text = format_float32(value)
        return {"+Inf": ".inf", "-Inf": "-.inf", "NaN": ".nan"}.get(text, text)
    return to_go_string(value)


def field_text(value: Any) -> str | None:
    """A Go string field's value: strings as they are, numbers and booleans as ghodss/yaml turns them into text."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return to_go_string(value)
    return None


_KIND_NAMES: dict[type, str] = {dict: "a mapping", list: "a list", str: "a string"}


def kind_in_words(value: Any) -> str:
    """What a decoded YAML value is, as messages name it: ``a mapping``, ``a number``, ``null``, ...

    A boolean is checked before a number, since Python's ``bool`` is an ``int``.
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return _KIND_NAMES.get(type(value), type(value).__name__)
