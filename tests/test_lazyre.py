"""promoter.lazyre: a pattern compiled on first use behaves as the compiled pattern."""

from __future__ import annotations

import functools
import re

import pytest

from promoter.lazyre import lazy_compile

CASES = [
    (r"^([a-z]+)-(\d+)$", 0, ["abc-12", "ABC-12", "abc-", ""]),
    (r"\bkube|^openshift", 0, ["kube-system", "my openshift", "openshift-x"]),
    (r"[a-z]+", re.IGNORECASE, ["Mixed Case words", "123", ""]),
]


@pytest.mark.parametrize(("pattern", "flags", "texts"), CASES)
def test_behaves_as_the_compiled_pattern(pattern: str, flags: int, texts: list[str]) -> None:
    lazy, compiled = lazy_compile(pattern, flags), re.compile(pattern, flags)
    assert isinstance(lazy.search, functools.partial)  # nothing compiled before first use
    for text in texts:
        for method in ("search", "match", "fullmatch"):
            got, expected = getattr(lazy, method)(text), getattr(compiled, method)(text)
            assert (got and got.groups(), got and got.span()) == (
                expected and expected.groups(),
                expected and expected.span(),
            )
        assert lazy.sub("_", text) == compiled.sub("_", text)
        assert lazy.subn("_", text) == compiled.subn("_", text)
        assert lazy.findall(text) == compiled.findall(text)
        assert lazy.split(text) == compiled.split(text)
        assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert (lazy.pattern, lazy.flags, lazy.groups, lazy.groupindex) == (
        compiled.pattern,
        compiled.flags,
        compiled.groups,
        compiled.groupindex,
    )
    assert repr(lazy) == repr(compiled)
    assert lazy.search == compiled.search  # kept: later uses go straight to the compiled pattern


def test_a_bad_pattern_fails_when_used() -> None:
    broken = lazy_compile("(unclosed")
    with pytest.raises(re.error):
        broken.search("x")
