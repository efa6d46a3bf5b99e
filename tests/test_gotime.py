"""Go's duration syntax and ci-operator's cron parser: every expected value is what the Go code prints.

The tables were checked against ``time.ParseDuration`` and ``gopkg.in/robfig/cron.v2`` (the revision ci-tools pins) run
on the same inputs.
"""

from __future__ import annotations

import pytest

from promoter.gotime import cron_error, parse_duration

CRON = [
    ("0 0 * * 1", ""),
    ("r 0 * * 1", 'Failed to parse int from r: strconv.Atoi: parsing "r": invalid syntax'),
    ("0 0 1 0 *", "Beginning of range (0) below minimum (1): 0"),
    ("0 0 0 1 1 * 2026", "Expected 5 or 6 fields, found 7: 0 0 0 1 1 * 2026"),
    ("@fortnightly", "Unrecognized descriptor: @fortnightly"),
    ("@every 5", 'Failed to parse duration @every 5: time: missing unit in duration "5"'),
    ("@every 1h30m", ""),
    ("@daily", ""),
    ("@midnight", ""),
    ("@every", "Unrecognized descriptor: @every"),
    ("0 6 * * MON-FRI", ""),
    ("0 0 * * 0", ""),
    ("30 0 6 * * *", ""),
    ("TZ=UTC 0 6 * * *", ""),
    ("TZ=Mars/Olympus 0 6 * * *", "Provided bad location Mars/Olympus: unknown time zone Mars/Olympus"),
    ("TZ=UTC", "runtime error: slice bounds out of range [:-1]"),
    ("*/15 * * * *", ""),
    ("*-5 * * * *", ""),
    ("5- * * * *", 'Failed to parse int from : strconv.Atoi: parsing "": invalid syntax'),
    ("1,,2 * * * *", ""),
    (", * * * *", ""),
    ("+5 * * * *", ""),
    ("-5 * * * *", 'Failed to parse int from : strconv.Atoi: parsing "": invalid syntax'),
    (
        "99999999999999999999 * * * *",
        'Failed to parse int from 99999999999999999999: strconv.Atoi: parsing "99999999999999999999": value out of range',
    ),
    ("60 * * * *", "End of range (60) above maximum (59): 60"),
    ("5-3 * * * *", "Beginning of range (5) beyond end of range (3): 5-3"),
    ("1/2/3 * * * *", "Too many slashes: 1/2/3"),
    ("1-2-3 * * * *", "Too many hyphens: 1-2-3"),
    ("? ? ? ? ?", ""),
    ("0 0 * JAN *", ""),
    ("0 0 * jan-Dec sun", ""),
    ("0 0 32 * *", "End of range (32) above maximum (31): 32"),
    ("0 0 * * 7", "End of range (7) above maximum (6): 7"),
    ("", "Expected 5 or 6 fields, found 0: "),
    ("  0   0 * * *  ", ""),
    # robfig/cron.v2 never returns on a step of 0 (checkconfig hangs); we say so.
    ("*/0 * * * *", "a step of 0 never ends (*/0); ci-operator's cron parser hangs on it"),
]

DURATIONS = [
    ("72h", (259200000000000, "")),
    ("73h", (262800000000000, "")),
    ("72h0m0s", (259200000000000, "")),
    ("4320m", (259200000000000, "")),
    ("4320m1ns", (259200000000001, "")),
    ("1.5h", (5400000000000, "")),
    (".5h", (1800000000000, "")),
    ("1.h", (3600000000000, "")),
    (".h", (None, 'time: invalid duration ".h"')),
    ("6t", (None, 'time: unknown unit "t" in duration "6t"')),
    ("5", (None, 'time: missing unit in duration "5"')),
    ("", (None, 'time: invalid duration ""')),
    ("-", (None, 'time: invalid duration "-"')),
    ("0", (0, "")),
    ("+0", (0, "")),
    ("-1h", (-3600000000000, "")),
    ("1h30m", (5400000000000, "")),
    ("300ms", (300000000, "")),
    ("1us", (1000, "")),
    ("1µs", (1000, "")),
    ("9223372036854775807ns", (9223372036854775807, "")),
    ("9223372036854775808ns", (None, 'time: invalid duration "9223372036854775808ns"')),
    ("3000000h", (None, 'time: invalid duration "3000000h"')),
    ("1e3s", (None, 'time: unknown unit "e" in duration "1e3s"')),
    ("1h 30m", (None, 'time: unknown unit "h " in duration "1h 30m"')),
]


@pytest.mark.parametrize(("spec", "error"), CRON)
def test_cron_is_read_as_ci_operator_reads_it(spec: str, error: str) -> None:
    assert cron_error(spec) == error


@pytest.mark.parametrize(("text", "expected"), DURATIONS)
def test_durations_are_read_as_go_reads_them(text: str, expected: tuple[int | None, str]) -> None:
    assert parse_duration(text) == expected
