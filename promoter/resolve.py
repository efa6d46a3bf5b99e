"""Resolving multi-stage tests against the step registry, as ci-operator's resolver does (``pkg/registry``).

A test's ``steps`` become a flat list of literal steps: the workflow's ``pre``/``test``/``post`` unless the test gives
its own, chains expanded in order, each step's parameters filled from the innermost of test (with the workflow's
``env`` merged in), chains and the step's defaults. The problems are ci-operator's, with its messages (the stack of
components that led to them first, ``test/NAME: workflow/NAME: chain/NAME: ...``), each placed at the config line
that leads to it. :func:`check_registry` runs the same machinery over every chain and workflow of the registry, as
ci-operator does before it resolves any test. Pure: no I/O.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from promoter.findings import Finding
from promoter.lazydataclass import dataclass
from promoter.model import NOWHERE, Location, TestSource
from promoter.rules import rule
from promoter.stepregistry import Registry
from promoter.steps import (
    STAGES,
    LiteralStep,
    Setting,
    StepEntry,
    StepLease,
    StepParameter,
    StepsConfig,
    decode_test,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """Something ci-operator's resolver refuses: a rule id, its message, where (``file`` empty: the config)."""

    rule: str
    message: str
    location: Location
    file: str = ""
    depth: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class ResolvedStep:
    """A step of a resolved test: the literal step with parameters filled, and how the test reached it."""

    stage: str
    step: LiteralStep
    ref: str | None
    via: tuple[str, ...]
    origin: Location


@dataclass(frozen=True, slots=True, kw_only=True)
class ResolvedTest:
    """A multi-stage test after resolution (ci-operator's ``MultiStageTestConfigurationLiteral``)."""

    name: str
    workflow: str | None
    steps: tuple[ResolvedStep, ...]
    leases: tuple[StepLease, ...] = ()
    allow_skip_on_success: bool | None = None
    allow_best_effort_post_steps: bool | None = None
    cluster_profile: str = ""
    dependency_overrides: tuple[str, ...] = ()
    dependencies: tuple[Setting, ...] = ()

    def stage(self, name: str) -> list[ResolvedStep]:
        """The steps of ``pre``, ``test`` or ``post``."""
        return [step for step in self.steps if step.stage == name]


class _Record:
    """One level of the stack: a test, workflow or chain, the values it sets and which of them no step has read."""

    def __init__(
        self, name: str, env: Sequence[tuple[str, str | None]] = (), deps: Sequence[tuple[str, str]] = ()
    ) -> None:
        self.name = name
        self.env = list(env)
        self.deps = list(deps)
        self.unused_env = {key for key, _ in env}
        self.unused_deps = {key for key, _ in deps}


class _Stack:
    """ci-operator's resolution stack: parameters are looked up from the outermost record (the test) inwards."""

    def __init__(self, records: list[_Record], *, partial: bool) -> None:
        self.records = records
        self.partial = partial

    def prefix(self) -> str:
        return "".join(f"{record.name}: " for record in self.records)

    def resolve(self, name: str) -> tuple[bool, str | None]:
        for record in self.records:
            for key, value in record.env:
                if key == name:
                    for other in self.records:
                        other.unused_env.discard(name)
                    return True, value
        return False, None

    def resolve_dependency(self, env: str) -> str:
        for record in self.records:
            for key, value in record.deps:
                if key == env:
                    for other in self.records:
                        other.unused_deps.discard(env)
                    return value
        return ""


class _Resolver:
    """Expands step lists against one registry, collecting problems instead of stopping at the first."""

    def __init__(self, registry: Registry, file: str = "") -> None:
        self.registry = registry
        self.file = file
        self.problems: list[Problem] = []
        self.expanding: list[str] = []

    def problem(self, stack: _Stack, rule_id: str, message: str, origin: Location) -> None:
        self.problems.append(
            Problem(
                rule=rule_id,
                message=stack.prefix() + message,
                location=origin,
                file=self.file,
                depth=len(stack.records),
            )
        )

    def process(
        self,
        entries: Iterable[StepEntry],
        seen: set[str],
        stack: _Stack,
        *,
        stage: str,
        origin: Location | None,
        via: tuple[str, ...],
    ) -> list[ResolvedStep]:
        """Expand entries in order; ``origin`` None means each entry is itself the config line to report at."""
        out: list[ResolvedStep] = []
        for entry in entries:
            where = origin if origin is not None else entry.name_location
            if entry.chain is not None:
                out.extend(self.process_chain(entry.chain, seen, stack, stage=stage, origin=where, via=via))
            else:
                step = self.process_step(entry, seen, stack, origin=where)
                if step is not None:
                    ref = entry.ref
                    out.append(ResolvedStep(stage=stage, step=step, ref=ref, via=(*via, entry.label), origin=where))
        return out

    def process_chain(
        self, name: str, seen: set[str], stack: _Stack, *, stage: str, origin: Location, via: tuple[str, ...]
    ) -> list[ResolvedStep]:
        chain = self.registry.chains.get(name)
        if chain is None:
            hint = self.registry.did_you_mean("chain", name)
            self.problem(stack, "MS-1", f"unknown step chain: {name}{hint}", origin)
            return []
        if name in self.expanding:
            return []  # a cycle between chains: reported once by check_registry, never expanded
        record = _Record(f"chain/{name}", [(p.name, p.default) for p in chain.environment])
        stack.records.append(record)
        self.expanding.append(name)
        try:
            steps = self.process(chain.steps, seen, stack, stage=stage, origin=origin, via=(*via, f"chain/{name}"))
            self.check_unused(stack, record, [], origin)
        finally:
            self.expanding.pop()
            stack.records.pop()
        return steps

    def process_step(self, entry: StepEntry, seen: set[str], stack: _Stack, *, origin: Location) -> LiteralStep | None:
        if entry.ref is not None:
            ref = self.registry.refs.get(entry.ref)
            if ref is None:
                hint = self.registry.did_you_mean("ref", entry.ref)
                self.problem(stack, "MS-1", f"invalid step reference: {entry.ref}{hint}", origin)
                return None
            step = ref.step
        elif entry.literal is not None:
            step = entry.literal
        else:
            return None
        if step.as_ in seen:
            self.problem(stack, "MS-4", f"duplicate name: {step.as_}", origin)
            return None
        seen.add(step.as_)
        environment = []
        for declared in step.environment:
            found, value = stack.resolve(declared.name)
            if found and value is not None:
                declared = dataclasses.replace(declared, default=value)  # noqa: PLW2901 - the filled-in copy
            elif declared.default is None and not stack.partial:
                self.problem(stack, "MS-2", f"step/{step.as_}: unresolved parameter: {declared.name}", origin)
            environment.append(declared)
        dependencies = []
        for dependency in step.dependencies:
            override = stack.resolve_dependency(dependency.env)
            dependencies.append(dataclasses.replace(dependency, name=override) if override else dependency)
        if tuple(environment) == step.environment and tuple(dependencies) == step.dependencies:
            return step  # nothing filled in: the registry's own step, shared
        return dataclasses.replace(step, environment=tuple(environment), dependencies=tuple(dependencies))

    def declared(self, entries: Iterable[StepEntry], params: set[str], deps: set[str], depth: int = 0) -> None:
        """Every parameter and dependency the steps under ``entries`` declare (for overridden workflow stages)."""
        for entry in entries:
            if entry.chain is not None:
                chain = self.registry.chains.get(entry.chain)
                if chain is not None and depth < 100:
                    self.declared(chain.steps, params, deps, depth + 1)
                continue
            step = entry.literal if entry.ref is None else getattr(self.registry.refs.get(entry.ref), "step", None)
            if step is not None:
                params.update(p.name for p in step.environment)
                deps.update(d.env for d in step.dependencies)

    def check_unused(
        self, stack: _Stack, record: _Record, overridden: Sequence[Sequence[StepEntry]], origin: Location
    ) -> None:
        if not record.unused_env and not record.unused_deps:
            return
        params: set[str] = set()
        deps: set[str] = set()
        for entries in overridden:
            self.declared(entries, params, deps)
        for kind, unused, declared in (
            ("parameter", record.unused_env, params),
            ("dependency", record.unused_deps, deps),
        ):
            for name in sorted(unused - declared):
                where = [
                    r.name
                    for r in stack.records
                    if any(key == name for key, _ in (r.env if kind == "parameter" else r.deps))
                ]
                self.problem(
                    stack,
                    "MS-3",
                    f'{kind} "{name}" is overridden in [{" ".join(where)}] but not declared in any step',
                    origin,
                )


def _merge_settings(base: Sequence[Setting], override: Sequence[Setting]) -> list[Setting]:
    merged = {setting.name: setting for setting in base}
    merged.update({setting.name: setting for setting in override})
    return list(merged.values())


def resolve_test(registry: Registry, name: str, config: StepsConfig) -> tuple[ResolvedTest | None, list[Problem]]:
    """Resolve one test's ``steps``; the test is None when ci-operator would refuse it (the problems say why)."""
    resolver = _Resolver(registry)
    overridden: list[tuple[StepEntry, ...]] = []
    stages: dict[str, tuple[StepEntry, ...]] = {}
    environment, dependencies = list(config.environment), list(config.dependencies)
    leases = config.leases
    skip, best_effort, profile = (
        config.allow_skip_on_success,
        config.allow_best_effort_post_steps,
        config.cluster_profile,
    )
    stage_origin: dict[str, Location | None] = {}
    overrides = config.dependency_overrides
    if config.workflow is not None:
        workflow = registry.workflows.get(config.workflow)
        if workflow is None:
            hint = registry.did_you_mean("workflow", config.workflow)
            message = f"no workflow named {config.workflow}{hint}"
            return None, [Problem(rule="MS-1", message=message, location=config.workflow_location)]
        flow = workflow.steps
        for stage in STAGES:
            own = config.stage(stage)
            if own is None:
                stages[stage] = flow.stage(stage) or ()
                stage_origin[stage] = config.workflow_location
            else:
                stages[stage] = own
                stage_origin[stage] = None
                overridden.append(flow.stage(stage) or ())
        # The workflow's values are where the test's workflow line is; the test's own keep their lines.
        environment = _merge_settings(
            [dataclasses.replace(s, location=config.workflow_location) for s in flow.environment], environment
        )
        dependencies = _merge_settings(
            [dataclasses.replace(s, location=config.workflow_location) for s in flow.dependencies], dependencies
        )
        overrides = tuple(sorted({*flow.dependency_overrides, *overrides}))
        by_env = {lease.env: lease for lease in flow.leases}
        clashes = sorted(
            lease.env
            for lease in config.leases
            if lease.env in by_env and by_env[lease.env].resource_type != lease.resource_type
        )
        if clashes:
            resolver.problems.append(
                Problem(
                    rule="MS-6",
                    message=f"cannot override workflow environment variable for lease(s): [{' '.join(clashes)}]",
                    location=config.workflow_location,
                )
            )
        leases = (*flow.leases, *(lease for lease in config.leases if lease.env not in by_env))
        skip = skip if skip is not None else flow.allow_skip_on_success
        best_effort = best_effort if best_effort is not None else flow.allow_best_effort_post_steps
        profile = profile or flow.cluster_profile
    else:
        for stage in STAGES:
            stages[stage] = config.stage(stage) or ()
            stage_origin[stage] = None
    test_record = _Record(
        f"test/{name}",
        [(s.name, s.value) for s in environment],
        [(s.name, s.value) for s in dependencies],
    )
    stack = _Stack([test_record], partial=False)
    via: tuple[str, ...] = ()
    if config.workflow is not None:
        stack.records.append(_Record(f"workflow/{config.workflow}"))
        via = (f"workflow/{config.workflow}",)
    steps: list[ResolvedStep] = []
    for stage in STAGES:
        origin = stage_origin[stage]
        stage_via = via if origin is not None else ()
        steps.extend(resolver.process(stages[stage], set(), stack, stage=stage, origin=origin, via=stage_via))
    unused_origin = _unused_origin(config, environment, dependencies, test_record)
    resolver.check_unused(stack, test_record, overridden, unused_origin)
    if resolver.problems:
        return None, resolver.problems
    return (
        ResolvedTest(
            name=name,
            workflow=config.workflow,
            steps=tuple(steps),
            leases=tuple(leases),
            allow_skip_on_success=skip,
            allow_best_effort_post_steps=best_effort,
            cluster_profile=profile,
            dependency_overrides=overrides,
            dependencies=tuple(dependencies),
        ),
        [],
    )


def _unused_origin(
    config: StepsConfig, environment: Sequence[Setting], dependencies: Sequence[Setting], record: _Record
) -> Location:
    """Where to report an override nobody reads: the first such setting of the test, else the test's steps."""
    for setting in environment:
        if setting.name in record.unused_env:
            return setting.location
    for setting in dependencies:
        if setting.name in record.unused_deps:
            return setting.location
    return config.location


def check_registry(registry: Registry) -> list[Finding]:
    """ci-operator's checks between the registry's components: references, duplicates, unused overrides, cycles."""
    problems: list[Problem] = []
    cycles = chain_cycles(registry)
    for cycle in cycles:
        chain = registry.chains[cycle[0]]
        problems.append(
            Problem(
                rule="SR-5",
                message=f"chain/{cycle[0]}: cycle between chains: {' -> '.join([*cycle, cycle[0]])}",
                location=chain.steps[0].location if chain.steps else NOWHERE,
                file=chain.file,
            )
        )
    for name in sorted(registry.chains):
        chain = registry.chains[name]
        resolver = _Resolver(registry, chain.file)
        resolver.expanding = [name]
        record = _Record(f"chain/{name}", [(p.name, p.default) for p in chain.environment])
        stack = _Stack([record], partial=True)
        resolver.process(chain.steps, set(), stack, stage="test", origin=None, via=())
        resolver.check_unused(stack, record, [], _first_parameter(chain.environment, record))
        problems.extend(p for p in without_guesses(resolver.problems) if p.depth == 1 or p.rule == "MS-4")
    for name in sorted(registry.workflows):
        workflow = registry.workflows[name]
        resolver = _Resolver(registry, workflow.file)
        flow = workflow.steps
        record = _Record(
            f"workflow/{name}",
            [(s.name, s.value) for s in flow.environment],
            [(s.name, s.value) for s in flow.dependencies],
        )
        stack = _Stack([record], partial=True)
        for stage in STAGES:
            resolver.process(flow.stage(stage) or (), set(), stack, stage=stage, origin=None, via=())
        origin = next(
            (
                s.location
                for s in (*flow.environment, *flow.dependencies)
                if s.name in record.unused_env | record.unused_deps
            ),
            flow.location,
        )
        resolver.check_unused(stack, record, [], origin)
        problems.extend(p for p in without_guesses(resolver.problems) if p.depth == 1 or p.rule == "MS-4")
    return [_registry_finding(problem) for problem in problems]


def without_guesses(problems: list[Problem]) -> list[Problem]:
    """The problems, less the overrides "not declared in any step" when some step is unknown.

    ci-operator reports both; but the unknown ref or chain may be the very step that declares the parameter, so the
    override is reported only once every step is known (the unknown name is reported either way).
    """
    if not any(problem.rule == "MS-1" for problem in problems):
        return problems
    return [problem for problem in problems if problem.rule != "MS-3"]


def _first_parameter(parameters: Sequence[StepParameter], record: _Record) -> Location:
    for parameter in parameters:
        if parameter.name in record.unused_env:
            return parameter.location
    return parameters[0].location if parameters else NOWHERE


# A resolver problem inside the registry is the registry's problem: reported under the registry's rules.
_REGISTRY_RULE = {"MS-1": "SR-5", "MS-3": "SR-5", "MS-4": "SR-5", "MS-2": "SR-5", "MS-6": "SR-5", "SR-5": "SR-5"}


def _registry_finding(problem: Problem) -> Finding:
    rule_id = _REGISTRY_RULE.get(problem.rule, problem.rule)
    return Finding(
        file=problem.file,
        line=problem.location.line,
        column=problem.location.column,
        json_path=problem.location.path,
        rule=rule_id,
        severity=rule(rule_id).severity,
        message=problem.message,
    )


def chain_cycles(registry: Registry) -> list[list[str]]:
    """Cycles between chains (a chain that includes itself, directly or not), each once, from its smallest name."""
    found: list[list[str]] = []
    seen_cycles: set[tuple[str, ...]] = set()
    state: dict[str, int] = {}

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        path.append(name)
        for entry in registry.chains[name].steps:
            child = entry.chain
            if child is None or child not in registry.chains:
                continue
            if state.get(child) == 1:
                cycle = path[path.index(child) :]
                start = cycle.index(min(cycle))
                rotated = tuple(cycle[start:] + cycle[:start])
                if rotated not in seen_cycles:
                    seen_cycles.add(rotated)
                    found.append(list(rotated))
            elif child not in state:
                visit(child, path)
        path.pop()
        state[name] = 2

    for name in sorted(registry.chains):
        if name not in state:
            visit(name, [])
    return found


@dataclass(frozen=True, slots=True, kw_only=True)
class ConfigImages:
    """What a config offers a step: its pipeline tags and the releases it imports (``latest``, ``initial``, ...)."""

    pipeline: frozenset[str]
    releases: frozenset[str]


_PIPELINE_FIELDS = {
    "root": "build_root",
    "bin": "binary_build_commands",
    "test-bin": "test_binary_build_commands",
    "rpms": "rpm_build_commands",
}
_PIPELINE_NEEDS = {
    "root": "a build root",
    "bin": "built binaries",
    "test-bin": "built test binaries",
    "rpms": "built RPMs",
}


def release_of(stream: str, tag: str) -> str | None:
    """The release an image stream reference needs: ``stable`` is ``latest``, ``stable-X`` is X, ``release:X`` is X."""
    if stream == "release":
        return tag
    if stream.startswith("stable"):
        return "latest" if stream == "stable" else stream.removeprefix("stable-")
    return None


def image_problem(
    name: str, images: ConfigImages, *, overridden: bool = False, dependency: bool = True
) -> tuple[str, str] | None:
    """Why a step's ``from`` or dependency ``name`` has no source in the config: (rule id, reason), or None."""
    if ":" not in name:
        if name in images.pipeline or overridden:
            return None
        if not dependency and name in _PIPELINE_FIELDS:
            # checkconfig's graph phase knows these are pipeline images, never release ones.
            return "MS-5", f'unknown image "{name}" (configuration is missing `{_PIPELINE_FIELDS[name]}`)'
        if "latest" in images.releases:
            return None
        return (
            "MS-8",
            f"{name!r} is not built or imported by the config, so ci-operator takes it from the release"
            f" (stable:{name}); ci-operator accepts this, but the config imports no release, so nothing provides it",
        )
    what = "dependency" if dependency else "step"
    stream, _, tag = name.partition(":")
    if stream == "pipeline":
        if tag in images.pipeline or overridden:
            return None
        needs = _PIPELINE_NEEDS.get(tag)
        reason = (
            f"this {what} requires {needs}, which {'is' if tag == 'root' else 'are'} not configured"
            if needs is not None
            else "no base image import, project image build, or bundle image build is configured to provide this"
            f" {what}"
        )
        if dependency:
            return "MS-5", reason
        # ci-operator validates a step's dependencies but not a `pipeline:` from: the test's step graph misses it.
        return "MS-8", f"ci-operator accepts this, but {reason}, so the jobs of this test fail at run time"
    release = release_of(stream, tag)
    if release is None:
        return (
            "MS-5",
            "ensure the correct ImageStream name was provided" if dependency else f"unknown imagestream {stream!r}",
        )
    if release in images.releases or (not dependency and stream in ("stable", "stable-initial", "release")):
        return None
    return "MS-5", f'this {what} requires a "{release}" release, which is not configured'


def _test_problems(test: ResolvedTest, images: ConfigImages) -> list[Problem]:
    """What ci-operator's validation rejects in a resolved test, given what the config builds and imports."""
    problems: list[Problem] = []
    prefix = f"test/{test.name}: "
    seen: set[str] = set()
    leases: set[str] = set()
    for lease in test.leases:
        if lease.env in leases:
            problems.append(
                Problem(rule="MS-6", message=f"{prefix}duplicate lease variable: {lease.env}", location=lease.location)
            )
        leases.add(lease.env)
    overrides = set(test.dependency_overrides)
    for resolved in test.steps:
        step = resolved.step
        where = f"{prefix}{resolved.stage} step {step.as_} ({' > '.join(resolved.via)})"
        origin = resolved.origin
        if step.as_ in seen:
            problems.append(Problem(rule="MS-4", message=f"{where}: duplicated name {step.as_!r}", location=origin))
        seen.add(step.as_)
        if resolved.stage != "post" and step.optional_on_success is not None:
            problems.append(
                Problem(
                    rule="MS-7",
                    message=f"{where}: `optional_on_success` is only allowed for post steps",
                    location=origin,
                )
            )
        for lease in step.leases:
            if lease.env in leases:
                message = f"{where}: duplicate lease variable: {lease.env}"
                problems.append(Problem(rule="MS-6", message=message, location=origin))
            leases.add(lease.env)
        if step.from_image is None and step.from_:
            found = image_problem(step.from_, images, dependency=False)
            if found is not None:
                problems.append(
                    Problem(rule=found[0], message=f"{where}: from {step.from_!r}: {found[1]}", location=origin)
                )
        for dependency in step.dependencies:
            found = image_problem(dependency.name, images, overridden=dependency.env in overrides)
            if found is not None:
                setting = next((s for s in test.dependencies if s.name == dependency.env), None)
                location = setting.location if setting is not None and setting.location.line else origin
                message = f'{where}: cannot determine source for dependency "{dependency.name}" - {found[1]}'
                problems.append(Problem(rule=found[0], message=message, location=location))
    return problems


def check_tests(registry: Registry, file: str, tests: Iterable[TestSource], images: ConfigImages) -> list[Finding]:
    """Every finding the registry brings to one config's multi-stage tests, at the config's lines."""
    findings: list[Finding] = []
    for source in tests:
        resolved, problems = resolve_test(registry, source.name, decode_test(source))
        if resolved is not None:
            problems = _test_problems(resolved, images)
        problems = without_guesses(problems)
        for problem in problems:
            location = problem.location if problem.location.line else source.locator()(("tests", source.index))
            findings.append(
                Finding(
                    file=file,
                    line=location.line,
                    column=location.column,
                    json_path=location.path,
                    rule=problem.rule,
                    severity=rule(problem.rule).severity,
                    message=problem.message,
                )
            )
    return findings


def resolve_config_tests(
    registry: Registry, tests: Iterable[TestSource]
) -> list[tuple[TestSource, ResolvedTest | None]]:
    """Each multi-stage test with its resolution (None when ci-operator would refuse it)."""
    return [(source, resolve_test(registry, source.name, decode_test(source))[0]) for source in tests]
