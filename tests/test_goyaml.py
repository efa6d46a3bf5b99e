"""How Go's YAML stack reads scalars: the unit table behind ``name: 4.10`` becoming stream ``4.1``."""

from __future__ import annotations

import math

import pytest

from promoter.goyaml import format_float32, resolve_plain, to_go_string, to_map_key

# (plain scalar as written, value go-yaml v2 resolves, text a Go string field receives)
RESOLUTION = [
    ("4.10", 4.1, "4.1"),
    ("4.20", 4.2, "4.2"),
    ("4.16", 4.16, "4.16"),
    ("4.1", 4.1, "4.1"),
    ("1.0", 1.0, "1"),
    ("1e3", 1000.0, "1000"),
    ("1e6", 1e6, "1e+06"),
    ("123456789.0", 123456789.0, "1.2345679e+08"),
    ("0.0001", 0.0001, "0.0001"),
    ("0.00001", 1e-05, "1e-05"),
    ("3.14159265", 3.14159265, "3.1415927"),
    ("-4.5", -4.5, "-4.5"),
    ("9", 9, "9"),
    ("010", 8, "8"),  # a leading zero is octal to Go
    ("08", 8.0, "8"),  # not valid octal, so it is read as a float
    ("0x1F", 31, "31"),
    ("0o17", 15, "15"),
    ("-0b101", -5, "-5"),
    ("1_000", 1000, "1000"),
    ("+12", 12, "12"),
    ("y", True, "true"),  # PyYAML reads y as a string; go-yaml v2 as a boolean
    ("Yes", True, "true"),
    ("N", False, "false"),
    ("off", False, "false"),
    ("true", True, "true"),
    ("~", None, None),
    ("null", None, None),
    ("", None, None),
    ("0.0.1", "0.0.1", "0.0.1"),
    ("2019-01-01", "2019-01-01", "2019-01-01"),  # no timestamps in go-yaml v2 untyped decoding
    ("1:20", "1:20", "1:20"),  # no sexagesimal numbers either
    ("latest", "latest", "latest"),
    ("-", "-", "-"),
    (".inf", math.inf, "+Inf"),
    ("-.Inf", -math.inf, "-Inf"),
]


@pytest.mark.parametrize(("text", "value", "string"), RESOLUTION, ids=[row[0] or "<empty>" for row in RESOLUTION])
def test_resolve_and_coerce(text: str, value: object, string: str | None) -> None:
    resolved = resolve_plain(text)
    assert type(resolved) is type(value)
    assert resolved == value
    assert to_go_string(resolved) == string


def test_nan_formats_like_go() -> None:
    assert to_go_string(resolve_plain(".nan")) == "NaN"
    assert to_map_key(math.nan) == ".nan"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.1, "0.1"),
        (16777216.0, "1.6777216e+07"),
        (100000.0, "100000"),
        (-0.0, "-0"),
        (1e40, "+Inf"),
        (2.5e-8, "2.5e-08"),
        (3.402823466e38, "3.4028235e+38"),
        (-3.7e264, "-Inf"),
    ],
)
def test_format_float32(value: float, text: str) -> None:
    assert format_float32(value) == text


@pytest.mark.parametrize(("key", "text"), [(4.10, "4.1"), (True, "true"), (7, "7"), (math.inf, ".inf"), (None, None)])
def test_map_keys(key: object, text: str | None) -> None:
    assert to_map_key(key) == text  # type: ignore[arg-type]
