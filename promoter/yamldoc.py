"""Loading YAML text into JSON-like data the way ci-operator reads it, keeping every node's position.

libyaml (through PyYAML's C parser) builds the node graph with line and column marks; the values are then
constructed here with go-yaml v2's scalar rules (see :mod:`promoter.goyaml`), last-key-wins for duplicate keys,
merge keys, and limits that keep hostile documents (alias bombs, absurd nesting) from exhausting the process.
Positions are looked up on demand from the node graph, so the cost is paid only where a finding needs one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from typing import Any, NoReturn

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from promoter import goyaml
from promoter.findings import Finding, Severity
from promoter.lazydataclass import dataclass

# Named here too, where they are enforced (explicit re-exports).
from promoter.limits import DEFAULT_LIMITS as DEFAULT_LIMITS  # noqa: PLC0414
from promoter.limits import Limits as Limits  # noqa: PLC0414

_PLAIN_TAG = "tag:promoter,2026:plain"
_STR_TAG = "tag:yaml.org,2002:str"
_KNOWN_TAGS = frozenset(
    {
        "tag:yaml.org,2002:str",
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:null",
        "tag:yaml.org,2002:map",
        "tag:yaml.org,2002:seq",
        "tag:yaml.org,2002:binary",
        "tag:yaml.org,2002:timestamp",
        "tag:yaml.org,2002:merge",
        "tag:yaml.org,2002:omap",
        "tag:yaml.org,2002:set",
    }
)

_MISSING: Any = object()
_MAYBE_NOT_STRING = goyaml.MAYBE_NOT_STRING

PathElement = str | int
JsonPath = tuple[PathElement, ...]


_MAP_TAG = "tag:yaml.org,2002:map"
_DEFAULT_TAGS: dict[type[Node], str] = {
    ScalarNode: _STR_TAG,
    SequenceNode: "tag:yaml.org,2002:seq",
    MappingNode: _MAP_TAG,
}


def _composer_base() -> type:
    """The parser and composer of libyaml alone, or PyYAML's own in Python where the C extension is missing."""
    try:
        from yaml._yaml import CParser  # noqa: PLC0415 - the C extension may be absent

        parser: type = CParser
    except ImportError:  # pragma: no cover - PyYAML built without libyaml
        parser = yaml.SafeLoader
    return parser


# Always empty: its methods serve as the composer's hooks that do nothing (see _NodeLoader).
_NOTHING: dict[Any, Any] = {}


class _NodeLoader(_composer_base()):  # type: ignore[misc]
    """Composes nodes with libyaml and tags plain scalars for Go-style resolution instead of PyYAML's.

    It is libyaml's parser alone, not a whole CSafeLoader: the constructor and resolver a loader also sets up for
    every document are never used here, since :class:`_Constructor` builds the values.
    """

    # The composer calls these two hooks around every node; PyYAML's are methods that do nothing without path
    # resolvers, which this loader never has. Builtins that accept the same arguments and have no effect save two
    # Python calls per node (builtins are not bound as methods): the lookup of a parent node in an empty dict, and
    # clearing that empty dict. Bound methods of a dict cost less to call than types such as ``slice``, which the
    # composer calls through the generic path that makes an object.
    descend_resolver = _NOTHING.get
    ascend_resolver = _NOTHING.clear

    def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:
        # Called by libyaml's composer for every untagged node; ``implicit`` is a pair for scalars only.
        if kind is ScalarNode and implicit[0]:
            return _PLAIN_TAG
        return _DEFAULT_TAGS[kind]


def format_path(path: Sequence[PathElement]) -> str:
    """ci-operator's path notation: ``promotion.to[0].name``; keys that are not identifiers are bracketed."""
    if path.__class__ is tuple:
        # The same paths (promotion.to[0], images.items[3], ...) are formatted for every config of a tree.
        text = _FORMATTED.get(path)
        if text is None:
            text = _format_path(path)
            if len(_FORMATTED) < _FORMATTED_KEPT:
                _FORMATTED[path] = text
        return text
    return _format_path(path)


_FORMATTED: dict[JsonPath, str] = {}
_FORMATTED_KEPT = 20_000


def _format_path(path: Sequence[PathElement]) -> str:
    out: list[str] = []
    for element in path:
        if isinstance(element, int) or (out and ("." in element or not element)):
            out.append(f"[{element}]")
        else:
            out.append(f".{element}" if out else element)
    return "".join(out)


@dataclass(slots=True)
class Document:
    """A loaded YAML document: its data (None when empty or broken), its node graph and the findings of loading."""

    file: str
    data: Any
    root: Node | None
    findings: list[Finding]
    text: str = ""
    # Per mapping node: key text -> (key node, value node). The constructor records it for plain mappings as it
    # reads their keys anyway; any other mapping's is built on the first lookup into it.
    _index: dict[int, dict[str, tuple[Node, Node]]] = dataclasses.field(default_factory=dict, repr=False)

    def key_index(self, mapping: MappingNode) -> dict[str, tuple[Node, Node]]:
        """A mapping node's entries by key text, merges followed and the last duplicate winning, as in Go."""
        index = self._index.get(id(mapping))
        if index is None:
            index = self._index[id(mapping)] = _key_index(mapping)
        return index

    def node_at(self, path: Sequence[PathElement], *, key: bool = False) -> Node | None:
        """The node at a JSON path (for a mapping entry with ``key=True``: the key's node), or None."""
        node = self.root
        if node is None:
            return None
        key_node: Node | None = None
        indexes = self._index
        for element in path:
            if isinstance(element, int):
                if node.__class__ is not SequenceNode or not 0 <= element < len(node.value):
                    return None
                node, key_node = node.value[element], None
            else:
                if node.__class__ is not MappingNode:
                    return None
                index = indexes.get(id(node))
                found = (index if index is not None else self.key_index(node)).get(element)
                if found is None:
                    return None
                key_node, node = found
        return key_node if key and key_node is not None else node

    def position(self, path: Sequence[PathElement], *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the deepest node on the path that exists; (1, 1) for an empty document."""
        node = self.node_at(path, key=key)
        depth = len(path)
        while node is None and depth > 0:
            depth -= 1
            node = self.node_at(path[:depth])
        if node is None:
            return 1, 1
        mark = node.start_mark
        return mark.line + 1, mark.column + 1

    def finding(
        self, path: Sequence[PathElement], rule: str, severity: Severity, message: str, *, key: bool = False
    ) -> Finding:
        """A finding located at the node of ``path``."""
        line, column = self.position(path, key=key)
        return Finding(
            file=self.file,
            line=line,
            column=column,
            json_path=format_path(path),
            rule=rule,
            severity=severity,
            message=message,
        )

    def coercion_finding(self, path: Sequence[PathElement], coerced: str) -> Finding:
        """LD-3: a YAML number or boolean in a string field, which Go turns into ``coerced``.

        An error when the text changes (``4.10`` becomes ``4.1``), a warning when it survives.
        """
        node = self.node_at(path)
        written = str(node.value) if isinstance(node, ScalarNode) else coerced
        where = format_path(path)
        if written != coerced:
            return self.finding(
                path,
                "LD-3",
                Severity.ERROR,
                f"{where}: unquoted {written} is read by ci-operator as {coerced!r}; quote it: {written!r}",
            )
        return self.finding(
            path,
            "LD-3",
            Severity.WARNING,
            f"{where}: unquoted {written} is not a string; ci-operator accepts this and reads it as {coerced!r},"
            " quote it to be safe",
        )

    def case_finding(self, path: Sequence[PathElement], canonical: str) -> Finding:
        """LD-7: a key that matches a field only when case is ignored, as Go's decoder does."""
        actual = path[-1]
        return self.finding(
            path,
            "LD-7",
            Severity.ERROR,
            f"{format_path(path)}: key {actual!r} should be spelled {canonical!r};"
            " ci-operator accepts it only because it ignores case",
            key=True,
        )


def _indexable(mapping: MappingNode) -> bool:
    """Whether the keys the constructor read of a mapping are its key index, as :func:`_key_index` reads them.

    They are when no key is a merge and every key is a plain or string scalar.
    """
    return all(
        key.tag == _STR_TAG or (key.tag == _PLAIN_TAG and key.value != goyaml.MERGE_KEY) for key, _ in mapping.value
    )


def _key_index(mapping: MappingNode) -> dict[str, tuple[Node, Node]]:
    index: dict[str, tuple[Node, Node]] = {}
    for key_node, value_node in _pairs(mapping, set()):
        if isinstance(key_node, ScalarNode):
            text = _key_text(key_node)
            if text is not None:
                index[text] = (key_node, value_node)  # the last occurrence wins, as in Go
    return index


def _pairs(mapping: MappingNode, seen: set[int]) -> Iterator[tuple[Node, Node]]:
    if id(mapping) in seen:
        return
    seen.add(id(mapping))
    for key_node, value_node in mapping.value:
        if _is_merge(key_node):
            for merged in value_node.value if isinstance(value_node, SequenceNode) else [value_node]:
                if isinstance(merged, MappingNode):
                    yield from _pairs(merged, seen)
        else:
            yield key_node, value_node


def _is_merge(node: Node) -> bool:
    return isinstance(node, ScalarNode) and (
        node.tag == "tag:yaml.org,2002:merge" or (node.tag == _PLAIN_TAG and node.value == goyaml.MERGE_KEY)
    )


def _key_text(node: ScalarNode) -> str | None:
    return goyaml.to_map_key(_scalar(node))


def _scalar(node: ScalarNode) -> goyaml.GoScalar:
    if node.tag == _PLAIN_TAG:
        return goyaml.resolve_plain(node.value)
    if node.tag == "tag:yaml.org,2002:null":
        return None
    if node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool"):
        resolved = goyaml.resolve_plain(node.value)
        return resolved if not isinstance(resolved, str) else node.value
    return str(node.value)


class _LimitExceededError(Exception):
    def __init__(self, node: Node, message: str) -> None:
        super().__init__(message)
        self.node = node


# Plain mapping keys seen to be read as their own text. Keys repeat within a config and across a tree (namespace,
# name, tag, as, ...), and how a key reads depends on its text alone, so the set serves every document the process
# loads; it stops growing at a size that bounds its memory whatever the input.
_PLAIN_KEYS: set[str] = set()
_PLAIN_KEYS_KEPT = 20_000


class _Constructor:
    """Builds plain Python data from a node graph with Go's semantics, collecting findings instead of raising."""

    def __init__(self, document: Document, limits: Limits) -> None:
        self.document = document
        self.limits = limits
        self.budget = limits.max_nodes

    def build(self, node: Node, path: JsonPath) -> Any:
        self.budget -= 1
        if self.budget < 0:
            self._over_budget(node)
        tag = node.tag
        if tag != _PLAIN_TAG and tag not in _KNOWN_TAGS:
            self._unknown_tag(node, path)
        if node.__class__ is ScalarNode:
            if tag == _PLAIN_TAG:
                return goyaml.resolve_plain(node.value)
            return _scalar(node)
        if len(path) >= self.limits.max_depth:
            raise _LimitExceededError(node, f"document nests deeper than {self.limits.max_depth} levels")
        if node.__class__ is SequenceNode:
            items: list[Any] = []
            for index, item in enumerate(node.value):
                # Most items are plain scalars: read them here, as build would, without a call and a path each.
                if item.__class__ is ScalarNode and item.tag == _PLAIN_TAG:
                    self.budget -= 1
                    if self.budget < 0:
                        self._over_budget(item)
                    text = item.value
                    items.append(text if text and text[0] not in _MAYBE_NOT_STRING else goyaml.resolve_plain(text))
                elif item.__class__ is MappingNode and item.tag == _MAP_TAG and len(path) + 1 < self.limits.max_depth:
                    # So are mappings without a tag (test steps, image builds, promotion targets).
                    self.budget -= 1
                    if self.budget < 0:
                        self._over_budget(item)
                    items.append(self._mapping(item, (*path, index)))
                else:
                    items.append(self.build(item, (*path, index)))
            return items
        assert isinstance(node, MappingNode)
        return self._mapping(node, path)

    def _over_budget(self, node: Node) -> NoReturn:
        raise _LimitExceededError(node, f"document expands to more than {self.limits.max_nodes} nodes")

    def _unknown_tag(self, node: Node, path: JsonPath) -> None:
        self.document.findings.append(
            self.document.finding(
                path,
                "LD-1",
                Severity.ERROR,
                f"unsupported YAML tag {node.tag!r}; ci-operator cannot load this value",
            )
        )

    def _mapping(self, node: MappingNode, path: JsonPath) -> dict[str, Any]:
        out: dict[str, Any] = {}
        # key text -> (key node, value node); it becomes the document's key index of this mapping when every key is
        # a plain or string scalar, so that :meth:`Document.key_index` reads the same keys the same way.
        where: dict[str, tuple[Node, Node]] = {}
        unusual = False  # whether some key is not a plain scalar read before
        plain_keys = _PLAIN_KEYS
        max_depth = self.limits.max_depth
        for pair in node.value:
            key_node, value_node = pair
            key = key_node.value
            if key_node.tag != _PLAIN_TAG or key not in plain_keys:
                unusual = True
                key = self._unusual_key(key_node, value_node, path, out)
                if key is None:
                    continue
            if key in where:
                first = where[key][0].start_mark
                self._report(
                    key_node,
                    (*path, key),
                    "LD-4",
                    f"duplicate key {key!r} (first at line {first.line + 1}); ci-operator keeps only this last value"
                    " and determinize-ci-operator deletes the others",
                )
            # The composer's own (key node, value node) pair is the index entry.
            where[key] = pair
            if value_node.__class__ is ScalarNode and value_node.tag == _PLAIN_TAG:
                # The common case, read here as build would read it.
                self.budget -= 1
                if self.budget < 0:
                    self._over_budget(value_node)
                text = value_node.value
                value = text if text and text[0] not in _MAYBE_NOT_STRING else goyaml.resolve_plain(text)
            elif value_node.__class__ is MappingNode and value_node.tag == _MAP_TAG and len(path) + 1 < max_depth:
                # A nested mapping without a tag, read here as build would read it, without its checks and a call.
                self.budget -= 1
                if self.budget < 0:
                    self._over_budget(value_node)
                value = self._mapping(value_node, (*path, key))
            else:
                value = self.build(value_node, (*path, key))
            # ci-operator treats a null value as an absent field; a later null also erases an earlier value.
            if value is None:
                out.pop(key, None)
            else:
                out[key] = value
        if not unusual or _indexable(node):
            self.document._index[id(node)] = where
        return out

    def _unusual_key(self, key_node: Node, value_node: Node, path: JsonPath, out: dict[str, Any]) -> str | None:
        """The JSON key of a pair whose key is not a plain scalar read before; None when there is no entry to add.

        A merge key's mappings are merged into ``out`` here; a key Go refuses is reported.
        """
        if key_node.value == goyaml.MERGE_KEY and _is_merge(key_node):
            self._merge(value_node, path, out)
            return None
        return self._key(key_node, path)

    def _key(self, key_node: Node, path: JsonPath) -> str | None:
        """The JSON key of a mapping key that is not a merge, or None (reported) when Go refuses it."""
        if key_node.__class__ is not ScalarNode:
            self._report(key_node, path, "LD-2", "a mapping key must be a scalar, not a collection")
            return None
        assert isinstance(key_node, ScalarNode)
        key = _key_text(key_node)
        if key is None:
            self._report(key_node, path, "LD-2", "a mapping key must not be null")
        elif key_node.tag == _PLAIN_TAG:
            text = key_node.value
            if key != text:
                # ghodss/yaml turns every number or boolean key into text, whatever the Go type behind it.
                self._report(
                    key_node,
                    (*path, key),
                    "LD-3",
                    f"unquoted key {text} is read by ci-operator as {key!r}; quote it: {text!r}",
                )
            elif len(_PLAIN_KEYS) < _PLAIN_KEYS_KEPT:
                _PLAIN_KEYS.add(text)
        return key

    def _merge(self, value_node: Node, path: JsonPath, out: dict[str, Any]) -> None:
        sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
        for source in sources:
            if not isinstance(source, MappingNode):
                self._report(source, path, "LD-2", "a merge key (<<) must refer to a mapping")
                continue
            out.update(self._mapping(source, path))

    def _report(
        self, node: Node, path: JsonPath, rule: str, message: str, *, severity: Severity = Severity.ERROR
    ) -> None:
        where = format_path(path)
        self.document.findings.append(
            Finding(
                file=self.document.file,
                line=node.start_mark.line + 1,
                column=node.start_mark.column + 1,
                json_path=where,
                rule=rule,
                severity=severity,
                message=f"{where}: {message}" if where else message,
            )
        )


def load_yaml(text: str, file: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Parse one config file's text. Never raises for bad input: problems become findings on the document."""
    document = Document(file=file, data=None, root=None, findings=[], text=text)
    if len(text) > limits.max_bytes:
        document.findings.append(
            _file_finding(file, "LD-1", f"file is larger than the limit of {limits.max_bytes} bytes; not loaded")
        )
        return document
    if "\x00" in text:
        document.findings.append(_file_finding(file, "LD-1", "file contains NUL bytes; it is not a YAML text file"))
        return document
    try:
        roots = _compose_all(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = error.problem or error.context or "invalid YAML"
        if error.problem and error.context and error.context_mark is not None:
            problem += f" ({error.context} at line {error.context_mark.line + 1})"
        document.findings.append(
            Finding(
                file=file,
                line=line,
                column=column,
                json_path="",
                rule="LD-1",
                severity=Severity.ERROR,
                message=f"YAML syntax error: {problem}",
            )
        )
        return document
    except (yaml.YAMLError, RecursionError, MemoryError) as error:
        document.findings.append(_file_finding(file, "LD-1", f"YAML cannot be parsed: {type(error).__name__}"))
        return document
    if not roots:
        return document
    document.root = roots[0]
    if len(roots) > 1:
        extra = roots[1].start_mark
        document.findings.append(
            Finding(
                file=file,
                line=extra.line + 1,
                column=extra.column + 1,
                json_path="",
                rule="LD-5",
                severity=Severity.ERROR,
                message=f"file holds {len(roots)} YAML documents; a ci-operator config is a single document",
            )
        )
    try:
        document.data = _Constructor(document, limits).build(document.root, ())
    except _LimitExceededError as error:
        mark = error.node.start_mark
        document.findings.append(
            Finding(
                file=file,
                line=mark.line + 1,
                column=mark.column + 1,
                json_path="",
                rule="LD-8",
                severity=Severity.ERROR,
                message=f"{error}; not loaded (raise the limit only for trusted input)",
            )
        )
        document.data = None
    return document


def _compose_all(text: str) -> list[Node]:
    loader = _NodeLoader(text)
    try:
        roots: list[Node] = []
        while loader.check_node():
            node = loader.get_node()
            if node is not None:
                roots.append(node)
        return roots
    finally:
        loader.dispose()


def _file_finding(file: str, rule: str, message: str) -> Finding:
    return Finding(file=file, line=0, column=0, json_path="", rule=rule, severity=Severity.ERROR, message=message)
