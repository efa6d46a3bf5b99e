"""Go's duration syntax and the cron syntax ci-operator validates, with the error texts Go prints.

ci-operator parses ``interval``, ``minimum_interval`` and timeouts with Go's ``time.ParseDuration``, and a test's
``cron`` with ``gopkg.in/robfig/cron.v2`` (``Parse``): five fields (minute hour day-of-month month day-of-week, a
``0`` seconds field is prepended) or six (seconds first), each a comma list of ``*``, ``?``, ``N``, ``N-M``, with an
optional ``/step``; month and weekday names (``jan``, ``mon``) in any case; the descriptors ``@yearly``,
``@annually``, ``@monthly``, ``@weekly``, ``@daily``, ``@midnight``, ``@hourly`` and ``@every <duration>``; and an
optional ``TZ=<zone> `` prefix. Quirks of that parser are kept on purpose (``*-5`` is read as ``*``, an empty list
item is skipped), because what matters is whether ci-operator accepts the text.
"""

from __future__ import annotations

import json

from promoter.lazyre import lazy_compile

NANOSECOND = 1
SECOND = 1_000_000_000
HOUR = 3600 * SECOND
_UNITS = {
    "ns": 1,
    "us": 1_000,
    "\u00b5s": 1_000,
    "\u03bcs": 1_000,
    "ms": 1_000_000,
    "s": SECOND,
    "m": 60 * SECOND,
    "h": HOUR,
}
_INT64_MAX = 2**63 - 1
_NUMBER = lazy_compile(r"([0-9]*)(\.[0-9]*)?")
_UNIT = lazy_compile(r"[^0-9.]*")
_ATOI = lazy_compile(r"[+-]?[0-9]+")


def go_quote(text: str) -> str:
    """A double-quoted string with control characters escaped, as Go's ``%q`` shows it for ordinary text."""
    return json.dumps(text, ensure_ascii=False)


def parse_duration(text: str) -> tuple[int | None, str]:
    """Go's ``time.ParseDuration``: (nanoseconds, "") or (None, Go's error message)."""
    original = go_quote(text)
    rest = text
    negative = False
    if rest[:1] in ("-", "+"):
        negative = rest[0] == "-"
        rest = rest[1:]
    if rest == "0":
        return 0, ""
    if not rest:
        return None, f"time: invalid duration {original}"
    total = 0
    while rest:
        number = _NUMBER.match(rest)
        assert number is not None  # the pattern matches the empty string
        whole, fraction = number.group(1), (number.group(2) or "")[1:]
        if not whole and not fraction:
            return None, f"time: invalid duration {original}"
        rest = rest[number.end() :]
        unit_match = _UNIT.match(rest)
        assert unit_match is not None
        unit = unit_match.group(0)
        if not unit:
            return None, f"time: missing unit in duration {original}"
        if unit not in _UNITS:
            return None, f"time: unknown unit {go_quote(unit)} in duration {original}"
        rest = rest[unit_match.end() :]
        # Go keeps the integer part exact and scales the fraction in floating point, up to 18 digits.
        value = int(whole or "0")
        if value > 2**63 // _UNITS[unit]:
            return None, f"time: invalid duration {original}"
        value *= _UNITS[unit]
        if fraction.strip("0"):
            digits = fraction[:18]
            value += int(float(int(digits)) * (_UNITS[unit] / 10 ** len(digits)))
        total += value
        if total > 2**63:
            return None, f"time: invalid duration {original}"
    if negative:
        return -total, ""
    if total > _INT64_MAX:
        return None, f"time: invalid duration {original}"
    return total, ""


class _CronError(Exception):
    pass


_BOUNDS: tuple[tuple[int, int, dict[str, int]], ...] = (
    (0, 59, {}),  # seconds
    (0, 59, {}),  # minutes
    (0, 23, {}),  # hours
    (1, 31, {}),  # day of month
    (
        1,
        12,
        dict(
            zip(
                ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
                range(1, 13),
                strict=True,
            )
        ),
    ),
    (0, 6, dict(zip(("sun", "mon", "tue", "wed", "thu", "fri", "sat"), range(7), strict=True))),
)
_DESCRIPTORS = frozenset({"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"})


def _atoi(text: str) -> int:
    if not _ATOI.fullmatch(text):
        raise _CronError(f"Failed to parse int from {text}: strconv.Atoi: parsing {go_quote(text)}: invalid syntax")
    value = int(text)
    if not -(2**63) <= value <= _INT64_MAX:
        raise _CronError(f"Failed to parse int from {text}: strconv.Atoi: parsing {go_quote(text)}: value out of range")
    if value < 0:
        raise _CronError(f"Negative number ({value}) not allowed: {text}")
    return value


def _int_or_name(text: str, names: dict[str, int]) -> int:
    if text.lower() in names:
        return names[text.lower()]
    return _atoi(text)


def _check_range(expression: str, low: int, high: int, names: dict[str, int]) -> None:
    range_and_step = expression.split("/")
    low_and_high = range_and_step[0].split("-")
    if low_and_high[0] in ("*", "?"):
        start, end = low, high
    else:
        start = _int_or_name(low_and_high[0], names)
        if len(low_and_high) == 1:
            end = start
        elif len(low_and_high) == 2:
            end = _int_or_name(low_and_high[1], names)
        else:
            raise _CronError(f"Too many hyphens: {expression}")
    step = 1
    if len(range_and_step) == 2:
        step = _atoi(range_and_step[1])
        if len(low_and_high) == 1:
            end = high
    elif len(range_and_step) > 2:
        raise _CronError(f"Too many slashes: {expression}")
    if start < low:
        raise _CronError(f"Beginning of range ({start}) below minimum ({low}): {expression}")
    if end > high:
        raise _CronError(f"End of range ({end}) above maximum ({high}): {expression}")
    if start > end:
        raise _CronError(f"Beginning of range ({start}) beyond end of range ({end}): {expression}")
    if step == 0:
        # robfig/cron.v2 then loops forever: checkconfig never finishes.
        raise _CronError(f"a step of 0 never ends ({expression}); ci-operator's cron parser hangs on it")


def _check_location(name: str) -> None:
    if name in ("", "UTC", "Local"):
        return
    if ".." in name or name.startswith(("/", "\\")):
        raise _CronError(f"Provided bad location {name}: time: invalid location name")
    import zoneinfo  # noqa: PLC0415 - only for a cron with a time zone: most configs have none

    try:
        available = name in zoneinfo.available_timezones()
    except OSError:  # no time zone database here: do not guess
        return
    if not available:
        raise _CronError(f"Provided bad location {name}: unknown time zone {name}")


def cron_error(spec: str) -> str:
    """Why robfig/cron.v2 (what ci-operator validates a test's ``cron`` with) rejects ``spec``, or "" if it parses."""
    try:
        _check_cron(spec)
    except _CronError as error:
        return str(error)
    return ""


def _check_cron(spec: str) -> None:
    if spec.startswith("TZ="):
        space = spec.find(" ")
        if space < 0:
            raise _CronError(f"runtime error: slice bounds out of range [:{space}]")
        _check_location(spec[3:space])
        spec = spec[space:].strip()
    if spec.startswith("@"):
        if spec in _DESCRIPTORS:
            return
        if not spec.startswith("@every "):
            raise _CronError(f"Unrecognized descriptor: {spec}")
        _, error = parse_duration(spec[len("@every ") :])
        if error:
            raise _CronError(f"Failed to parse duration {spec}: {error}")
        return
    fields = spec.split()
    if len(fields) not in (5, 6):
        raise _CronError(f"Expected 5 or 6 fields, found {len(fields)}: {spec}")
    if len(fields) == 5:
        fields = ["0", *fields]
    for field, (low, high, names) in zip(fields, _BOUNDS, strict=True):
        for expression in (part for part in field.split(",") if part):
            _check_range(expression, low, high, names)
