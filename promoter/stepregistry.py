"""The step registry of openshift/release (``ci-operator/step-registry``): refs, chains and workflows.

:func:`load_registry` reads a registry directory as ci-operator's loader does (``load.Registry``): every file with
the project's YAML loader (positions, Go scalar rules, limits), the naming rules (the name is the folder path joined
with hyphens, and the file name is the name plus ``-ref.yaml``, ``-chain.yaml`` or ``-workflow.yaml``), the
``commands`` file beside each ref, and the validation ci-operator runs on the whole registry before it resolves any
test (each ref's step, references between components, cycles between chains, overrides nobody declares). Where
ci-operator stops at the first broken file, we report every problem and keep what loaded, so that tests can still be
resolved against the rest. Cluster profiles and observers are not read.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterator, Mapping
from typing import Any

from promoter.checks import ConfigContext
from promoter.configchecks import requirement_findings
from promoter.findings import Finding, sorted_findings
from promoter.goyaml import kind_in_words
from promoter.lazydataclass import dataclass
from promoter.model import Config
from promoter.promotion import PromotionResult
from promoter.regularfile import read_regular_file
from promoter.rules import rule
from promoter.steps import (
    LiteralStep,
    StepEntry,
    StepParameter,
    StepsConfig,
    decode_entries,
    decode_literal,
    decode_parameters,
    decode_steps,
    document_locator,
)
from promoter.testchecks import reference_findings
from promoter.yamldoc import DEFAULT_LIMITS, Document, JsonPath, Limits, format_path, load_yaml

REF_SUFFIX = "-ref.yaml"
CHAIN_SUFFIX = "-chain.yaml"
WORKFLOW_SUFFIX = "-workflow.yaml"
OBSERVER_SUFFIX = "-observer.yaml"
COMMANDS_SUFFIX = "-commands"
METADATA_SUFFIX = ".metadata.json"
REGISTRY_IN_RELEASE = os.path.join("ci-operator", "step-registry")
CONFIG_IN_RELEASE = os.path.join("ci-operator", "config")


@dataclass(frozen=True, slots=True, kw_only=True)
class Ref:
    """A registry ref: one step, its file and the ``commands`` script beside it."""

    name: str
    step: LiteralStep
    file: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Chain:
    """A registry chain: steps in order, and the parameters it sets for them."""

    name: str
    steps: tuple[StepEntry, ...]
    environment: tuple[StepParameter, ...]
    file: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Workflow:
    """A registry workflow: stages, environment, dependencies and flags that a test inherits."""

    name: str
    steps: StepsConfig
    file: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Registry:
    """A loaded step registry: components by name, and the problems of its files."""

    root: str
    refs: Mapping[str, Ref]
    chains: Mapping[str, Chain]
    workflows: Mapping[str, Workflow]
    findings: tuple[Finding, ...] = ()
    # Suggestions already computed: a tree repeats the same unknown names in many configs.
    _hints: dict[tuple[str, str], str] = dataclasses.field(default_factory=dict, compare=False, repr=False)

    def names(self, kind: str) -> list[str]:
        """The names of one kind of component: ``ref``, ``chain`` or ``workflow``."""
        table: Mapping[str, object] = {"ref": self.refs, "chain": self.chains, "workflow": self.workflows}[kind]
        return sorted(table)

    def did_you_mean(self, kind: str, name: str) -> str:
        """``; did you mean 'x'?`` for a misspelled name, or nothing."""
        hint = self._hints.get((kind, name))
        if hint is None:
            import difflib  # noqa: PLC0415 - only for a name that is not there

            close = difflib.get_close_matches(name, self.names(kind), n=1, cutoff=0.75)
            hint = self._hints[kind, name] = f"; did you mean {close[0]!r}?" if close else ""
        return hint


def registry_root(directory: str) -> str:
    """The registry folder itself: DIR, or DIR/ci-operator/step-registry when DIR is a checkout of openshift/release."""
    nested = os.path.join(directory, REGISTRY_IN_RELEASE)
    return nested if os.path.isdir(nested) else directory


# What ci-operator's strict decoder accepts in each registry shape: a field maps to its kind, a nested shape, or a
# list/map of one. "str" takes numbers and booleans too (ghodss/yaml turns them into text for a string field).
_Shape = dict[str, Any]
_PARAMETER: _Shape = {"name": "str", "default": "str", "documentation": "str"}
_LEASE: _Shape = {"resource_type": "str", "env": "str", "count": "int"}
_LITERAL: _Shape = {
    "as": "str",
    "from": "str",
    "from_image": {"namespace": "str", "name": "str", "tag": "str"},
    "nested_podman": "bool",
    "commands": "str",
    "resources": {"requests": ("map", "str"), "limits": ("map", "str")},
    "timeout": "str",
    "grace_period": "str",
    "credentials": (
        "list",
        dict.fromkeys(("as", "bundle", "collection", "field", "group", "mount_path", "namespace", "name"), "str"),
    ),
    "env": ("list", _PARAMETER),
    "dependencies": ("list", {"name": "str", "env": "str"}),
    "dnsConfig": {"nameservers": ("list", "str"), "searches": ("list", "str")},
    "leases": ("list", _LEASE),
    "optional_on_success": "bool",
    "best_effort": "bool",
    "no_kubeconfig": "bool",
    "cli": "str",
    "observers": ("list", "str"),
    "run_as_script": "bool",
    "node_architecture": "str",
}
_TEST_STEP: _Shape = {**_LITERAL, "ref": "str", "chain": "str"}
_MULTI_STAGE: _Shape = {
    "cluster_profile": "str",
    "pre": ("list", _TEST_STEP),
    "test": ("list", _TEST_STEP),
    "post": ("list", _TEST_STEP),
    "workflow": "str",
    "env": ("map", "str"),
    "dependencies": ("map", "str"),
    "dnsConfig": _LITERAL["dnsConfig"],
    "leases": ("list", _LEASE),
    "allow_skip_on_success": "bool",
    "allow_best_effort_post_steps": "bool",
    "observers": {"enable": ("list", "str"), "disable": ("list", "str")},
    "dependency_overrides": ("map", "str"),
    "node_architecture": "str",
    "node_architecture_overrides": ("map", "str"),
}
_SHAPES: dict[str, _Shape] = {
    "ref": {"ref": {**_LITERAL, "documentation": "str"}},
    "chain": {
        "chain": {
            "as": "str",
            "steps": ("list", _TEST_STEP),
            "documentation": "str",
            "env": ("list", _PARAMETER),
            "leases": ("list", _LEASE),
        }
    },
    "workflow": {"workflow": {"as": "str", "steps": _MULTI_STAGE, "documentation": "str"}},
}


def shape_problems(value: Any, shape: Any, path: JsonPath) -> Iterator[tuple[JsonPath, str, bool]]:  # noqa: PLR0912
    """Where ``value`` differs from what ci-operator's strict decoder accepts: (path, message, at the key)."""
    if value is None:
        return
    if isinstance(shape, dict):
        if not isinstance(value, dict):
            yield path, f"expected a mapping, found {kind_in_words(value)}", False
            return
        for key, item in value.items():
            if key not in shape:
                import difflib  # noqa: PLC0415 - only for a key that is not known

                close = difflib.get_close_matches(key, list(shape), n=1, cutoff=0.75)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                yield (*path, key), f"unknown field {key!r}{hint} (ci-operator refuses to load the file)", True
            else:
                yield from shape_problems(item, shape[key], (*path, key))
    elif isinstance(shape, tuple):
        container, inner = shape
        if container == "list":
            if not isinstance(value, list):
                yield path, f"expected a list, found {kind_in_words(value)}", False
                return
            for index, item in enumerate(value):
                yield from shape_problems(item, inner, (*path, index))
        else:
            if not isinstance(value, dict):
                yield path, f"expected a mapping, found {kind_in_words(value)}", False
                return
            for key, item in value.items():
                yield from shape_problems(item, inner, (*path, key))
    elif shape == "str" and isinstance(value, dict | list):
        yield path, f"expected a string, found {kind_in_words(value)}", False
    elif shape == "bool" and not isinstance(value, bool):
        yield path, f"expected a boolean, found {kind_in_words(value)}", False
    elif shape == "int" and (isinstance(value, bool) or not isinstance(value, int)):
        yield path, f"expected an integer, found {kind_in_words(value)}", False


class _Loader:
    """Collects components and findings while walking a registry directory."""

    def __init__(self, root: str, limits: Limits) -> None:
        self.root = root
        self.limits = limits
        self.refs: dict[str, Ref] = {}
        self.chains: dict[str, Chain] = {}
        self.workflows: dict[str, Workflow] = {}
        self.findings: list[Finding] = []
        self.first_seen: dict[tuple[str, str], str] = {}

    def file_finding(self, file: str, rule_id: str, message: str) -> None:
        self.findings.append(
            Finding(
                file=file,
                line=0,
                column=0,
                json_path="",
                rule=rule_id,
                severity=rule(rule_id).severity,
                message=message,
            )
        )

    def at(self, document: Document, path: JsonPath, rule_id: str, message: str, *, key: bool = False) -> None:
        where = format_path(path)
        text = f"{where}: {message}" if where else message
        self.findings.append(document.finding(path, rule_id, rule(rule_id).severity, text, key=key))

    def walk(self) -> None:
        for directory, subdirectories, files in os.walk(self.root):
            # ci-operator skips "..data"-style entries (Kubernetes config map mounts) and the cluster profiles.
            subdirectories[:] = sorted(
                name for name in subdirectories if not name.startswith("..") and name != "cluster-profiles"
            )
            for name in sorted(files):
                if name.startswith("..") or name.endswith(".md") or name == "OWNERS":
                    continue
                self.load_file(os.path.join(directory, name))

    def load_file(self, path: str) -> None:  # noqa: PLR0912 - ci-operator's checks, in its order
        name = os.path.basename(path)
        relative = os.path.relpath(path, self.root)
        folder = os.path.dirname(relative)
        prefix = folder.replace(os.sep, "-")
        kind = next(
            (kind for kind, suffix in (("ref", REF_SUFFIX), ("chain", CHAIN_SUFFIX), ("workflow", WORKFLOW_SUFFIX))
             if name.endswith(suffix)),
            None,
        )  # fmt: skip
        if kind is None:
            stem, _ = os.path.splitext(name)
            if stem.endswith(COMMANDS_SUFFIX) or name.endswith((OBSERVER_SUFFIX, METADATA_SUFFIX)):
                return
            self.file_finding(
                path,
                "SR-1",
                "not a registry file name: ci-operator refuses a registry holding it (expected *-ref.yaml,"
                " *-chain.yaml, *-workflow.yaml, *-observer.yaml, *-commands.*, *.metadata.json, *.md or OWNERS)",
            )
            return
        if not name.startswith(prefix):
            self.file_finding(path, "SR-2", f"file name must start with {prefix!r}, the folder path joined by hyphens")
        document = self.read(path)
        if document is None:
            return
        data = document.data
        for where, message, key in shape_problems(data, _SHAPES[kind], ()):
            self.at(document, where, "SR-1", message, key=key)
        body = data.get(kind) if isinstance(data, dict) else None
        if not isinstance(body, dict):
            self.at(document, (), "SR-1", f"a {kind} file must hold a mapping with the key {kind!r}")
            return
        component = _text(body.get("as"))
        expected_name = name.removesuffix({"ref": REF_SUFFIX, "chain": CHAIN_SUFFIX, "workflow": WORKFLOW_SUFFIX}[kind])
        if component != prefix:
            self.at(
                document,
                (kind, "as"),
                "SR-2",
                f"the {kind} is named {component!r} but its folder says {prefix!r}",
            )
        elif component != expected_name:
            self.at(
                document,
                (kind, "as"),
                "SR-2",
                f"the file name should be {prefix}{REF_SUFFIX if kind == 'ref' else f'-{kind}.yaml'}",
            )
        if not component:
            return
        if (kind, component) in self.first_seen:
            other = self.first_seen[kind, component]
            self.at(document, (kind, "as"), "SR-2", f"{kind} {component!r} is also defined in {other}")
            return
        self.first_seen[kind, component] = path
        locate = document_locator(document)
        if kind in ("ref", "chain"):
            for where, message in parameter_problems(body.get("env"), (kind, "env")):
                self.at(document, where, "SR-6", message)
        if kind == "ref":
            self.refs[component] = Ref(name=component, step=decode_literal(body, ("ref",), locate), file=path)
            script = self.check_commands(document, body, prefix, path)
            for where, message in step_problems(body, ("ref",)):
                self.at(document, where, "SR-4", message)
            context = ConfigContext(document, data, Config(file=path, metadata=None), PromotionResult())
            self.findings.extend(reference_findings(context, ("ref",), body, script))
            self.findings.extend(requirement_findings(context, ("ref", "resources")))
        elif kind == "chain":
            self.chains[component] = Chain(
                name=component,
                steps=decode_entries(body.get("steps"), ("chain", "steps"), locate),
                environment=decode_parameters(body.get("env"), ("chain", "env"), locate),
                file=path,
            )
        else:
            steps = body.get("steps")
            if isinstance(steps, dict) and steps.get("workflow") is not None:
                self.at(document, ("workflow", "steps", "workflow"), "SR-5", "workflows cannot contain other workflows")
            self.workflows[component] = Workflow(
                name=component, steps=decode_steps(steps, ("workflow", "steps"), locate), file=path
            )

    def read(self, path: str) -> Document | None:
        try:
            # Only a regular file, and never past the limit: a FIFO named *.yaml in the registry must not hang lint.
            raw = read_regular_file(path, self.limits.max_bytes)
            if len(raw) > self.limits.max_bytes:
                self.file_finding(
                    path, "SR-1", f"file is larger than the limit of {self.limits.max_bytes} bytes; not loaded"
                )
                return None
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            self.file_finding(path, "SR-1", "file is not UTF-8 text")
            return None
        except OSError as error:
            self.file_finding(path, "IO-1", f"cannot read: {error.strerror or error}")
            return None
        document = load_yaml(text, path, self.limits)
        for finding in document.findings:
            # The loader's own rules (syntax, limits) mean the same for a registry file: ci-operator cannot load it.
            self.findings.append(dataclasses.replace(finding, rule="SR-1", severity=rule("SR-1").severity))
        return document if document.data is not None else None

    def check_commands(self, document: Document, body: dict[str, Any], prefix: str, path: str) -> str:
        """SR-3: the ref's ``commands`` file; its text, or nothing when it cannot be read."""
        commands = _text(body.get("commands"))
        stem, _ = os.path.splitext(commands)
        if stem != f"{prefix}{COMMANDS_SUFFIX}":
            self.at(
                document,
                ("ref", "commands"),
                "SR-3",
                f"must name {prefix}{COMMANDS_SUFFIX} (with an optional extension like .sh), not {commands!r}",
            )
            return ""
        script = os.path.join(os.path.dirname(path), commands)
        if not os.path.isfile(script):
            self.at(
                document, ("ref", "commands"), "SR-3", f"the commands file {commands} does not exist beside the ref"
            )
            return ""
        try:
            with open(script, encoding="utf-8", errors="replace") as handle:
                content = handle.read(self.limits.max_bytes)
        except OSError as error:
            self.at(document, ("ref", "commands"), "SR-3", f"cannot read {commands}: {error.strerror or error}")
            return ""
        if not content:
            self.at(document, ("ref", "commands"), "SR-3", "`commands` is required: the commands file is empty")
        return content


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def load_registry(directory: str, *, limits: Limits = DEFAULT_LIMITS) -> Registry:
    """Load the registry under ``directory`` (the registry folder, or a checkout of openshift/release).

    The findings are those of each file on its own; :func:`promoter.resolve.check_registry` adds the checks between
    components.
    """
    root = registry_root(directory)
    loader = _Loader(root, limits)
    loader.walk()
    return Registry(
        root=root,
        refs=loader.refs,
        chains=loader.chains,
        workflows=loader.workflows,
        findings=tuple(sorted_findings(loader.findings)),
    )


_DNS_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# The image streams a registry ref may name in ``from: stream:tag`` without knowing the test's releases.
REF_STREAMS = frozenset({"pipeline", "stable", "stable-initial", "release"})


def step_problems(body: dict[str, Any], path: JsonPath) -> Iterator[tuple[JsonPath, str]]:
    """What ci-operator's validation rejects in a registry ref's step that the config checks do not cover.

    ``from``/``from_image`` out of the context of any test, requirements that are missing altogether, and leases
    without a type or variable. The rest of ``validateLiteralTestStep`` is
    :func:`promoter.testchecks.reference_findings` and :func:`promoter.configchecks.requirement_findings`, shared
    with the checks of steps written in configs.
    """
    yield from _image_problems(body, path)
    resources = _mapping(body.get("resources"))
    if not _mapping(resources.get("requests")) and not _mapping(resources.get("limits")) and not resources:
        yield (*path, "resources"), "should have at least one request or limit"
    for index, item in enumerate(_sequence(body.get("leases"))):
        where = (*path, "leases", index)
        if not _text(_mapping(item).get("resource_type")):
            yield where, "'resource_type' cannot be empty"
        if not _text(_mapping(item).get("env")):
            yield where, "'env' cannot be empty"


def _image_problems(body: dict[str, Any], path: JsonPath) -> Iterator[tuple[JsonPath, str]]:
    source = body.get("from")
    from_ = source if isinstance(source, str) else ""
    image = body.get("from_image")
    if not from_ and image is None:
        yield path, "`from` or `from_image` is required"
    elif from_ and image is not None:
        yield path, "`from` and `from_image` cannot be set together"
    elif image is not None:
        for key in ("namespace", "name", "tag"):
            if not _text(_mapping(image).get(key)):
                yield (*path, "from_image"), f"`{key}` is required"
    else:
        parts = from_.split(":")
        if len(parts) > 2:
            yield (*path, "from"), f"{from_!r} is not a valid imagestream reference"
        for index, part in enumerate(parts):
            if len(part) > 253 or not _DNS_SUBDOMAIN.match(part):
                yield (*path, "from"), f"{part!r} is not a valid Kubernetes object name"
            elif index == 0 and len(parts) == 2 and part not in REF_STREAMS:
                yield (*path, "from"), f"unknown imagestream {part!r}"


def parameter_problems(parameters: Any, path: JsonPath) -> Iterator[tuple[JsonPath, str]]:
    """Parameter names a step cannot read: empty, or not a shell variable name (ci-operator accepts them)."""
    for index, item in enumerate(_sequence(parameters)):
        name = _text(_mapping(item).get("name"))
        if not _ENV_NAME.match(name):
            yield (
                (*path, index),
                (
                    f"parameter name {name!r} is not a shell variable name; ci-operator accepts this, but the step's"
                    " script cannot read it"
                ),
            )


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _sequence(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
