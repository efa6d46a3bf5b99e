"""Explanations of the common failing keywords, made without jsonschema, must be jsonschema's, finding for finding.

Each document is validated twice: as lint does (the common keywords explained by our own code) and with every
failing keyword handed to jsonschema; the findings must be identical, message, path and position included.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import random
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import config_documents

from promoter import validate
from promoter.findings import Finding
from promoter.schema import schema
from promoter.yamldoc import Document


def _loaded() -> list[Document]:
    return config_documents("lint", "corpus-lint")


def _places(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _places(item, (*path, index))


def _set(data: Any, path: tuple[str | int, ...], value: Any) -> None:
    for element in path[:-1]:
        data = data[element]
    data[path[-1]] = value


# Each mutation breaks one place the way config authors do: an unknown or miscased key, a missing field, a value of
# the wrong type, a value outside an enum or pattern, an empty mapping.
def _mutations(data: Any, place: tuple[str | int, ...], value: Any, rng: random.Random) -> Iterator[Any]:
    if isinstance(value, dict):
        for extra in ("bogus_field", *(key.upper() for key in list(value)[:1])):
            changed = copy.deepcopy(data)
            target = changed
            for element in place:
                target = target[element]
            target[extra] = "x"
            yield changed
        if value:
            changed = copy.deepcopy(data)
            target = changed
            for element in place:
                target = target[element]
            del target[rng.choice(list(value))]
            yield changed
    if place:
        replacements: tuple[Any, ...] = ({}, 7, "Not Valid!", "")
        for replacement in replacements:
            changed = copy.deepcopy(data)
            _set(changed, place, replacement)
            yield changed


@functools.cache
def _documents() -> list[Document]:
    rng = random.Random(17)  # noqa: S311 - the same mutations every run, not a secret
    documents = []
    for document in _loaded():
        documents.append(document)
        places = list(_places(document.data))
        for place, value in rng.sample(places, min(3, len(places))):
            documents.extend(
                dataclasses.replace(document, data=mutated) for mutated in _mutations(document.data, place, value, rng)
            )
    return documents


def _explanation(document: Document) -> tuple[list[Finding], frozenset[str]]:
    result = validate.validate_document(document)
    # Findings are printed sorted; jsonschema reports a level's own errors after its children's, explain before.
    return sorted(result.findings, key=Finding.sort_key), result.explained


def test_own_explanations_equal_jsonschema(monkeypatch: pytest.MonkeyPatch) -> None:
    documents = _documents()
    own = [_explanation(d) for d in documents]
    monkeypatch.setattr(validate, "_own_errors", lambda *_args: None)
    reference = [_explanation(d) for d in documents]
    assert sum(len(findings) for findings, _explained in own) > 1000
    for document, mine, theirs in zip(documents, own, reference, strict=True):
        assert mine == theirs, document.file


def test_the_common_keywords_are_explained_without_jsonschema() -> None:
    compiled = validate.predicates()
    assert compiled is not None
    seen: set[str] = set()
    for document in _documents():
        if not compiled.root(document.data):
            errors = validate.explain(document.data, schema(), (), compiled)
            seen.update(error.validator for error in errors if isinstance(error, validate.KeywordError))
    assert seen == set(validate._OWN_KEYWORDS) - {"properties", "if", "then", "else", "$ref"}
