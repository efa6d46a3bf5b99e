"""``lint --fix``: the fixes that are mechanical and certain, made in place in the config's text.

Two kinds of finding have one right fix, and only those are fixed:

- an unquoted number or boolean in a string field (LD-3, or LD-2 where ci-operator cannot load it): the value is
  quoted as written, ``4.10`` becoming ``'4.10'``, which is what the author meant;
- a key spelled with other case than its field (LD-7): ``Namespace`` becomes ``namespace``.

A misspelt field (LD-6) is not fixed: which field was meant is a guess. Each fix replaces exactly the characters of
one scalar, found by the finding's line and column, so comments, layout, quoting elsewhere and line ends stay as they
are. A fix is made only when the text at that place is what the finding says it is. Pure: text in, text out.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Iterator

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from promoter import goyaml
from promoter.analysis import analyze_text
from promoter.findings import Finding
from promoter.lazydataclass import dataclass
from promoter.lint import file_findings

FIXABLE_RULES = frozenset({"LD-2", "LD-3", "LD-7"})
_SPELLED = re.compile(r"key '(?P<actual>[^']*)' should be spelled '(?P<canonical>[^']*)'")

# A finding is named by its place and rule: (line, column, rule id).
Place = tuple[int, int, str]


@dataclass(frozen=True, slots=True, kw_only=True)
class Edit:
    """Replace ``old`` at characters ``start:end`` of the text with ``new``, fixing the finding at line:column."""

    start: int
    end: int
    old: str
    new: str
    line: int
    column: int
    rule: str


def _scalars(root: Node | None) -> Iterator[ScalarNode]:
    """Every scalar node, keys included, each once (an alias shares its anchor's node)."""
    stack = [root] if root is not None else []
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            yield node
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack.extend((key, value))


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _edit_for(finding: Finding, node: ScalarNode, text: str) -> Edit | None:
    start, end = node.start_mark.index, node.end_mark.index
    source = text[start:end]
    if finding.rule in ("LD-2", "LD-3"):
        # Only a plain number or boolean whose finding asks for quotes (an LD-2 about a list or mapping does not).
        if node.style not in (None, "") or source != node.value or "quote it" not in finding.message:
            return None
        if not isinstance(goyaml.resolve_plain(node.value), bool | int | float):
            return None
        return _edit(finding, start, end, source, _quote(source))
    match = _SPELLED.search(finding.message)
    if match is None or match["canonical"].lower() != match["actual"].lower():
        return None  # only a change of case is certain
    quote = source[:1] if node.style in ("'", '"') else ""
    if source != f"{quote}{match['actual']}{quote}":
        return None
    return _edit(finding, start, end, source, f"{quote}{match['canonical']}{quote}")


def _edit(finding: Finding, start: int, end: int, old: str, new: str) -> Edit:
    return Edit(start=start, end=end, old=old, new=new, line=finding.line, column=finding.column, rule=finding.rule)


def plan_fixes(text: str, file: str, wanted: Collection[Place] | None = None) -> list[Edit]:
    """The certain fixes of the findings of one config's text; only those at ``wanted`` places, when given."""
    result = analyze_text(text, file)
    document = result.document
    if document is None or document.root is None:
        return []
    by_place = {(n.start_mark.line + 1, n.start_mark.column + 1): n for n in _scalars(document.root)}
    edits: dict[int, Edit] = {}
    for finding in file_findings(result):
        place = (finding.line, finding.column, finding.rule)
        if finding.rule not in FIXABLE_RULES or (wanted is not None and place not in wanted):
            continue
        node = by_place.get((finding.line, finding.column))
        if node is None:
            continue
        edit = _edit_for(finding, node, text)
        if edit is not None:
            edits.setdefault(edit.start, edit)
    return [edits[start] for start in sorted(edits)]


def apply_fixes(text: str, edits: Collection[Edit]) -> str:
    """The text with every edit made; edits do not overlap (each is one scalar)."""
    out: list[str] = []
    position = 0
    for edit in sorted(edits, key=lambda e: e.start):
        out += [text[position : edit.start], edit.new]
        position = edit.end
    out.append(text[position:])
    return "".join(out)


def fix_text(text: str, file: str, wanted: Collection[Place] | None = None) -> tuple[str, list[Edit]]:
    """The fixed text of one config and the edits made."""
    edits = plan_fixes(text, file, wanted)
    return apply_fixes(text, edits), edits


def unified_diff(file: str, before: str, after: str) -> str:
    """What a fix changes in one file, as a unified diff (``--- file`` / ``+++ file``)."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), fromfile=file, tofile=file
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
