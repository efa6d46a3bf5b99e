"""Multi-stage test steps as value types: what a test's ``steps``, a registry ref, chain or workflow say.

The same shapes appear in a config's ``tests[].steps`` and in the step registry's files, so one decoder serves both.
Decoding is lenient: a value of the wrong shape is left out (the schema, or the registry loader, reports it), so the
resolver never sees anything but these types. Positions come from a :class:`Locator`: a loaded document, or the
positions a config's test recorded for the lint cache (:class:`TestSource`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from promoter.goyaml import field_text
from promoter.lazydataclass import dataclass
from promoter.model import NOWHERE, ImageStreamTag, Location, TestSource
from promoter.yamldoc import Document, JsonPath, format_path

STAGES = ("pre", "test", "post")

Locator = Callable[[JsonPath], Location]


@dataclass(frozen=True, slots=True, kw_only=True)
class StepParameter:
    """An ``env`` entry of a step or chain: a parameter name and its default (None: the parameter is required)."""

    name: str
    default: str | None
    location: Location = NOWHERE


@dataclass(frozen=True, slots=True, kw_only=True)
class StepDependency:
    """A ``dependencies`` entry of a step: the image ``name`` whose pull spec goes to the variable ``env``."""

    name: str
    env: str
    location: Location = NOWHERE


@dataclass(frozen=True, slots=True, kw_only=True)
class StepLease:
    """A ``leases`` entry: a Boskos resource type and the variable that receives its name."""

    resource_type: str
    env: str
    location: Location = NOWHERE


@dataclass(frozen=True, slots=True, kw_only=True)
class LiteralStep:
    """A step with everything written out: a registry ref, or a step written inline in a test or chain."""

    as_: str
    from_: str = ""
    from_image: ImageStreamTag | None = None
    commands: str = ""
    environment: tuple[StepParameter, ...] = ()
    dependencies: tuple[StepDependency, ...] = ()
    leases: tuple[StepLease, ...] = ()
    optional_on_success: bool | None = None
    best_effort: bool | None = None
    has_timeout: bool = False
    location: Location = NOWHERE

    @property
    def image(self) -> str:
        """The image the step runs in, as written: ``from``, or the ``from_image`` tag."""
        return str(self.from_image) if self.from_image is not None else self.from_


@dataclass(frozen=True, slots=True, kw_only=True)
class StepEntry:
    """One entry of a ``pre``/``test``/``post`` list or of a chain: a ``ref``, a ``chain``, or a literal step."""

    ref: str | None = None
    chain: str | None = None
    literal: LiteralStep | None = None
    location: Location = NOWHERE
    name_location: Location = NOWHERE

    @property
    def label(self) -> str:
        """``ref/NAME``, ``chain/NAME`` or ``step/NAME`` as ci-operator's messages name it."""
        if self.ref is not None:
            return f"ref/{self.ref}"
        if self.chain is not None:
            return f"chain/{self.chain}"
        return f"step/{self.literal.as_ if self.literal is not None else ''}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Setting:
    """A ``name: value`` entry of a test's or workflow's ``env`` or ``dependencies`` map."""

    name: str
    value: str
    location: Location = NOWHERE


@dataclass(frozen=True, slots=True, kw_only=True)
class StepsConfig:
    """A test's ``steps`` or a workflow's ``steps``: stages (None when not given), settings and flags."""

    workflow: str | None = None
    workflow_location: Location = NOWHERE
    cluster_profile: str = ""
    pre: tuple[StepEntry, ...] | None = None
    test: tuple[StepEntry, ...] | None = None
    post: tuple[StepEntry, ...] | None = None
    environment: tuple[Setting, ...] = ()
    dependencies: tuple[Setting, ...] = ()
    dependency_overrides: tuple[str, ...] = ()
    leases: tuple[StepLease, ...] = ()
    allow_skip_on_success: bool | None = None
    allow_best_effort_post_steps: bool | None = None
    location: Location = NOWHERE

    def stage(self, name: str) -> tuple[StepEntry, ...] | None:
        """The entries of ``pre``, ``test`` or ``post``."""
        stage: tuple[StepEntry, ...] | None = getattr(self, name)
        return stage


def document_locator(document: Document) -> Locator:
    """A locator that reads positions from a loaded document."""

    def locate(path: JsonPath) -> Location:
        line, column = document.position(path)
        return Location(path=format_path(path), line=line, column=column)

    return locate


def decode_test(source: TestSource) -> StepsConfig:
    """The ``steps`` of a config's test."""
    return decode_steps(source.steps, ("tests", source.index, "steps"), source.locator())


def _flag(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def decode_steps(data: Any, path: JsonPath, locate: Locator) -> StepsConfig:
    """A ``MultiStageTestConfiguration``: a test's or a workflow's ``steps`` mapping."""
    if not isinstance(data, dict):
        return StepsConfig(location=locate(path))
    workflow = field_text(data.get("workflow"))
    stages = {
        stage: decode_entries(data[stage], (*path, stage), locate) if isinstance(data.get(stage), list) else None
        for stage in STAGES
    }
    overrides = data.get("dependency_overrides")
    return StepsConfig(
        workflow=workflow,
        workflow_location=locate((*path, "workflow")),
        cluster_profile=field_text(data.get("cluster_profile")) or "",
        pre=stages["pre"],
        test=stages["test"],
        post=stages["post"],
        environment=_settings(data.get("env"), (*path, "env"), locate),
        dependencies=_settings(data.get("dependencies"), (*path, "dependencies"), locate),
        dependency_overrides=tuple(sorted(overrides)) if isinstance(overrides, dict) else (),
        leases=decode_leases(data.get("leases"), (*path, "leases"), locate),
        allow_skip_on_success=_flag(data.get("allow_skip_on_success")),
        allow_best_effort_post_steps=_flag(data.get("allow_best_effort_post_steps")),
        location=locate(path),
    )


def _settings(data: Any, path: JsonPath, locate: Locator) -> tuple[Setting, ...]:
    if not isinstance(data, dict):
        return ()
    return tuple(
        Setting(name=str(name), value=field_text(value) or "", location=locate((*path, name)))
        for name, value in data.items()
    )


def decode_entries(data: Any, path: JsonPath, locate: Locator) -> tuple[StepEntry, ...]:
    """A list of ``TestStep``: each a ``ref``, a ``chain`` or a literal step."""
    entries = []
    for index, item in enumerate(_list(data)):
        where = (*path, index)
        if not isinstance(item, dict):
            continue
        ref, chain = field_text(item.get("ref")), field_text(item.get("chain"))
        if ref is not None:
            entries.append(StepEntry(ref=ref, location=locate(where), name_location=locate((*where, "ref"))))
        elif chain is not None:
            entries.append(StepEntry(chain=chain, location=locate(where), name_location=locate((*where, "chain"))))
        else:
            literal = decode_literal(item, where, locate)
            entries.append(StepEntry(literal=literal, location=literal.location, name_location=literal.location))
    return tuple(entries)


def decode_literal(data: dict[str, Any], path: JsonPath, locate: Locator) -> LiteralStep:
    """A ``LiteralTestStep``: a registry ref's body, or a step written inline."""
    from_image = None
    raw_image = data.get("from_image")
    if isinstance(raw_image, dict):
        parts = [field_text(raw_image.get(key)) or "" for key in ("namespace", "name", "tag")]
        from_image = ImageStreamTag(*parts)
    return LiteralStep(
        as_=field_text(data.get("as")) or "",
        from_=field_text(data.get("from")) or "",
        from_image=from_image,
        commands=field_text(data.get("commands")) or "",
        environment=decode_parameters(data.get("env"), (*path, "env"), locate),
        dependencies=tuple(
            StepDependency(
                name=field_text(item.get("name")) or "",
                env=field_text(item.get("env")) or "",
                location=locate((*path, "dependencies", i)),
            )
            for i, item in enumerate(_list(data.get("dependencies")))
            if isinstance(item, dict)
        ),
        leases=decode_leases(data.get("leases"), (*path, "leases"), locate),
        optional_on_success=_flag(data.get("optional_on_success")),
        best_effort=_flag(data.get("best_effort")),
        has_timeout=data.get("timeout") is not None,
        location=locate(path),
    )


def decode_parameters(data: Any, path: JsonPath, locate: Locator) -> tuple[StepParameter, ...]:
    """A list of ``StepParameter``: ``{name, default}``; a parameter without ``default`` is required."""
    return tuple(
        StepParameter(
            name=field_text(item.get("name")) or "",
            default=field_text(item["default"]) if item.get("default") is not None else None,
            location=locate((*path, index)),
        )
        for index, item in enumerate(_list(data))
        if isinstance(item, dict)
    )


def decode_leases(data: Any, path: JsonPath, locate: Locator) -> tuple[StepLease, ...]:
    """A list of ``StepLease``."""
    return tuple(
        StepLease(
            resource_type=field_text(item.get("resource_type")) or "",
            env=field_text(item.get("env")) or "",
            location=locate((*path, index)),
        )
        for index, item in enumerate(_list(data))
        if isinstance(item, dict)
    )
