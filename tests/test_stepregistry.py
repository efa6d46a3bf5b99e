"""The step registry: loading, resolution as ci-operator does it, and lint over real configs with the sample."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, TESTDATA

from promoter.cli import main
from promoter.files import default_registry, read_configs
from promoter.lint import lint_file
from promoter.model import Location
from promoter.resolve import ConfigImages, chain_cycles, check_registry, check_tests, resolve_test
from promoter.stepregistry import Chain, Ref, Registry, Workflow, load_registry
from promoter.steps import LiteralStep, Setting, StepEntry, StepLease, StepParameter, StepsConfig

SAMPLE = ROOT.parent / "shared" / "step-registry-sample"
RECENT = ROOT.parent / "shared" / "recent-configs"
needs_sample = pytest.mark.skipif(not SAMPLE.is_dir(), reason="the step registry sample is not beside the project")
needs_recent = pytest.mark.skipif(
    not (SAMPLE.is_dir() and RECENT.is_dir()), reason="the sample or the recent configs are not beside the project"
)
BASE = TESTDATA / "lint" / "MS-1" / "pass"


def _ref(name: str, *env: tuple[str, str | None], deps: tuple[tuple[str, str], ...] = ()) -> Ref:
    from promoter.steps import StepDependency  # noqa: PLC0415

    step = LiteralStep(
        as_=name,
        from_="src",
        environment=tuple(StepParameter(name=key, default=value) for key, value in env),
        dependencies=tuple(StepDependency(name=image, env=variable) for image, variable in deps),
    )
    return Ref(name=name, step=step, file=f"{name}-ref.yaml")


def _registry(
    refs: tuple[Ref, ...] = (), chains: tuple[Chain, ...] = (), workflows: tuple[Workflow, ...] = ()
) -> Registry:
    return Registry(
        root="registry",
        refs={r.name: r for r in refs},
        chains={c.name: c for c in chains},
        workflows={w.name: w for w in workflows},
    )


def _entries(*names: str) -> tuple[StepEntry, ...]:
    return tuple(StepEntry(chain=n[6:]) if n.startswith("chain:") else StepEntry(ref=n) for n in names)


def _env(**values: str) -> tuple[Setting, ...]:
    return tuple(Setting(name=key, value=value) for key, value in values.items())


def _messages(registry: Registry, name: str, config: StepsConfig) -> list[str]:
    return [problem.message for problem in resolve_test(registry, name, config)[1]]


# Cases after ci-tools' pkg/registry/resolver_test.go, with its messages.
def test_unresolved_parameter() -> None:
    registry = _registry(refs=(_ref("step", ("UNRESOLVED", None)),))
    assert _messages(registry, "test", StepsConfig(test=_entries("step"))) == [
        "test/test: step/step: unresolved parameter: UNRESOLVED"
    ]


def test_parameter_set_by_the_test_resolves() -> None:
    registry = _registry(refs=(_ref("step", ("NEEDED", None)),))
    resolved, problems = resolve_test(
        registry, "test", StepsConfig(test=_entries("step"), environment=_env(NEEDED="x"))
    )
    assert problems == []
    assert resolved is not None
    assert resolved.steps[0].step.environment[0].default == "x"


def test_override_not_declared_in_any_step() -> None:
    registry = _registry(refs=(_ref("step"),))
    config = StepsConfig(test=_entries("step"), environment=_env(NOT_DECLARED="x"))
    assert _messages(registry, "test", config) == [
        'test/test: parameter "NOT_DECLARED" is overridden in [test/test] but not declared in any step'
    ]


def test_dependency_override_not_declared_in_any_step() -> None:
    registry = _registry(refs=(_ref("step"),))
    config = StepsConfig(test=_entries("step"), dependencies=_env(NOT_DECLARED="src"))
    assert _messages(registry, "test", config) == [
        'test/test: dependency "NOT_DECLARED" is overridden in [test/test] but not declared in any step'
    ]


def test_chain_parameter_not_declared() -> None:
    chain = Chain(
        name="invalid-env",
        steps=_entries("step"),
        environment=(StepParameter(name="NOT_DECLARED", default="x"),),
        file="c",
    )
    registry = _registry(refs=(_ref("step"),), chains=(chain,))
    assert _messages(registry, "test", StepsConfig(test=_entries("chain:invalid-env"))) == [
        'test/test: chain/invalid-env: parameter "NOT_DECLARED" is overridden in [chain/invalid-env] but not declared'
        " in any step"
    ]


def test_workflow_parameter_for_a_replaced_stage_is_not_unused() -> None:
    # The workflow sets a parameter for its test stage; the test replaces that stage, so nobody reads it: no error.
    workflow = Workflow(
        name="flow",
        steps=StepsConfig(test=_entries("needs-it"), environment=_env(ONLY_FOR_WORKFLOW_STEP="x")),
        file="w",
    )
    registry = _registry(
        refs=(_ref("needs-it", ("ONLY_FOR_WORKFLOW_STEP", None)), _ref("other")), workflows=(workflow,)
    )
    assert _messages(registry, "test", StepsConfig(workflow="flow", test=_entries("other"))) == []


def test_unknown_names_with_did_you_mean() -> None:
    registry = _registry(refs=(_ref("ipi-install"),))
    assert _messages(registry, "test", StepsConfig(test=_entries("ipi-instal", "chain:nothing"))) == [
        "test/test: invalid step reference: ipi-instal; did you mean 'ipi-install'?",
        "test/test: unknown step chain: nothing",
    ]
    assert _messages(registry, "test", StepsConfig(workflow="nope")) == ["no workflow named nope"]


def test_duplicate_name_in_nested_chains() -> None:
    inner = Chain(name="inner", steps=_entries("ipi-setup"), environment=(), file="c")
    outer = Chain(name="nested-chains", steps=_entries("ipi-setup", "chain:inner"), environment=(), file="c")
    registry = _registry(refs=(_ref("ipi-setup"),), chains=(inner, outer))
    assert _messages(registry, "test", StepsConfig(test=_entries("chain:nested-chains"))) == [
        "test/test: chain/nested-chains: chain/inner: duplicate name: ipi-setup"
    ]


def test_workflow_stages_replaced_chains_expanded_and_flags_carried() -> None:
    chain = Chain(name="setup", steps=_entries("a", "b"), environment=(), file="c")
    workflow = Workflow(
        name="flow",
        steps=StepsConfig(
            pre=_entries("chain:setup"),
            test=_entries("wf-test"),
            post=_entries("c"),
            allow_skip_on_success=True,
            leases=(StepLease(resource_type="aws-quota-slice", env="LEASED_RESOURCE"),),
        ),
        file="w",
    )
    registry = _registry(
        refs=tuple(_ref(n) for n in ("a", "b", "c", "wf-test", "mine")), chains=(chain,), workflows=(workflow,)
    )
    resolved, problems = resolve_test(registry, "e2e", StepsConfig(workflow="flow", test=_entries("mine")))
    assert problems == []
    assert resolved is not None
    assert [(s.stage, s.step.as_) for s in resolved.steps] == [
        ("pre", "a"),
        ("pre", "b"),
        ("test", "mine"),
        ("post", "c"),
    ]
    assert resolved.steps[0].via == ("workflow/flow", "chain/setup", "ref/a")
    assert resolved.allow_skip_on_success is True
    assert [lease.env for lease in resolved.leases] == ["LEASED_RESOURCE"]


def test_test_cannot_change_a_workflow_lease() -> None:
    workflow = Workflow(
        name="flow",
        steps=StepsConfig(test=_entries("a"), leases=(StepLease(resource_type="aws", env="FROM_WORKFLOW"),)),
        file="w",
    )
    registry = _registry(refs=(_ref("a"),), workflows=(workflow,))
    config = StepsConfig(workflow="flow", leases=(StepLease(resource_type="gcp", env="FROM_WORKFLOW"),))
    assert _messages(registry, "test", config) == [
        "cannot override workflow environment variable for lease(s): [FROM_WORKFLOW]"
    ]


def test_dependency_overridden_by_the_test_is_checked_against_the_config() -> None:
    registry = _registry(refs=(_ref("a", deps=(("release:latest", "RELEASE"),)),))
    config = StepsConfig(test=_entries("a"), dependencies=(Setting(name="RELEASE", value="pipeline:nope"),))
    source_images = ConfigImages(pipeline=frozenset({"src"}), releases=frozenset({"latest"}))
    from promoter.model import TestSource  # noqa: PLC0415

    source = TestSource(0, "e2e", {"test": [{"ref": "a"}], "dependencies": {"RELEASE": "pipeline:nope"}}, ())
    assert resolve_test(registry, "e2e", config)[1] == []
    [finding] = check_tests(registry, "c.yaml", [source], source_images)
    assert finding.rule == "MS-5"
    assert "pipeline:nope" in finding.message


def test_chain_cycles_are_found_once() -> None:
    a = Chain(name="a", steps=_entries("chain:b"), environment=(), file="a")
    b = Chain(name="b", steps=_entries("chain:a"), environment=(), file="b")
    assert chain_cycles(_registry(chains=(a, b))) == [["a", "b"]]
    # Resolution stops at the cycle instead of recursing for ever.
    resolve_test(_registry(chains=(a, b)), "t", StepsConfig(test=_entries("chain:a")))


def test_default_registry_is_the_one_beside_the_config_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BASE)
    assert default_registry(["ci-operator/config"]) == "ci-operator/step-registry"
    assert default_registry(["ci-operator/config/acme/app/acme-app-main.yaml"]) == "ci-operator/step-registry"
    assert default_registry(["ci-operator"]) is None
    assert default_registry(["-"]) is None


def test_lint_says_which_registry_and_when_there_is_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BASE)
    result = CliRunner().invoke(main, ["lint", "ci-operator/config", "--no-cache"])
    assert "step registry ci-operator/step-registry: 3 refs, 1 chain, 1 workflow" in result.stderr
    result = CliRunner().invoke(main, ["lint", "ci-operator/config/acme", "--step-registry", str(BASE / "ci-operator")])
    assert "3 refs, 1 chain, 1 workflow" in result.stderr
    alone = CliRunner().invoke(
        main, ["lint", "-", "--no-cache"], input=Path("ci-operator/config/acme/app/acme-app-main.yaml").read_text()
    )
    assert "no step registry: 2 multi-stage tests not checked against the step registry" in alone.stderr
    assert "MS-" not in alone.stdout


@needs_sample
def test_sample_facts() -> None:
    registry = load_registry(str(SAMPLE))
    assert (len(registry.refs), len(registry.chains), len(registry.workflows)) == (26, 16, 7)
    # Hand-checked in go/verify-deps/go-verify-deps-ref.yaml: the step runs in the config's own source image.
    step = registry.refs["go-verify-deps"].step
    assert (step.from_, step.from_image) == ("src", None)
    assert [p.name for p in step.environment] == ["COMPAT", "CHECK_MOD_LIST"]
    # The sample's README lists the names its files use but do not hold: each is reported where it is used.
    unknown = {
        (Path(f.file).name, f.message.rsplit(": ", 1)[1])
        for f in check_registry(registry)
        if "invalid step reference" in f.message
    }
    assert {
        ("ipi-conf-aws-chain.yaml", "ipi-conf-aws-debug"),
        ("ipi-install-chain.yaml", "ipi-install-times-collection"),
        ("ipi-gcp-workflow.yaml", "send-results-to-reportportal"),
    } <= unknown


@needs_recent
def test_multus_verify_deps_runs_go_verify_deps_in_src() -> None:
    # Hand-checked: openshift/multus-cni release-5.2's test verify-deps is `test: [ref: go-verify-deps]`.
    registry = load_registry(str(SAMPLE))
    path = RECENT / "ci-operator/config/openshift/multus-cni/openshift-multus-cni-release-5.2.yaml"
    [result] = read_configs([str(path)])
    assert result.config is not None
    [source] = [t for t in result.config.tests if t.name == "verify-deps"]
    from promoter.steps import decode_test  # noqa: PLC0415

    resolved, problems = resolve_test(registry, source.name, decode_test(source))
    assert problems == []
    assert resolved is not None
    assert [(s.stage, s.ref, s.step.image) for s in resolved.steps] == [("test", "go-verify-deps", "src")]


def _closed(registry: Registry, config: StepsConfig) -> bool:
    """Whether every name the test reaches is in the registry (the sample is partial)."""
    pending: list[StepEntry] = []
    if config.workflow is not None:
        workflow = registry.workflows.get(config.workflow)
        if workflow is None:
            return False
        for stage in ("pre", "test", "post"):
            own = config.stage(stage)
            pending.extend(own if own is not None else workflow.steps.stage(stage) or ())
    else:
        for stage in ("pre", "test", "post"):
            pending.extend(config.stage(stage) or ())
    while pending:
        entry = pending.pop()
        if entry.chain is not None:
            chain = registry.chains.get(entry.chain)
            if chain is None:
                return False
            pending.extend(chain.steps)
        elif entry.ref is not None and entry.ref not in registry.refs:
            return False
    return True


@needs_recent
def test_recent_tests_with_every_name_in_the_sample_resolve_cleanly() -> None:
    from promoter.steps import decode_test  # noqa: PLC0415

    registry = load_registry(str(SAMPLE))
    results = read_configs([str(RECENT / "ci-operator" / "config")])
    checked = 0
    for result in results:
        outcome = lint_file(result)
        images = ConfigImages(pipeline=frozenset(outcome.pipeline), releases=frozenset(outcome.releases))
        closed = [t for t in outcome.tests if _closed(registry, decode_test(t))]
        findings = check_tests(registry, outcome.file, closed, images)
        assert findings == [], [f"{f.file}:{f.line} {f.rule} {f.message}" for f in findings]
        checked += len(closed)
    assert checked >= 10


def test_locations_of_test_lines() -> None:
    [result] = read_configs([str(BASE / "ci-operator/config/acme/app/acme-app-main.yaml")])
    assert result.config is not None
    source = result.config.tests[0]
    assert source.name == "e2e"
    assert source.locator()(("tests", 0, "steps", "workflow")) == Location(
        path="tests[0].steps.workflow", line=30, column=15
    )


# What ci-operator's validation says of a registry ref's step on its own (validateLiteralTestStep via
# IsValidReference), as (the step, the messages we give).
STEP_CASES: list[tuple[dict[str, object], list[str]]] = [
    ({"from": "src", "resources": {"requests": {"cpu": "10m"}}}, []),
    ({"resources": {"requests": {"cpu": "10m"}}}, ["`from` or `from_image` is required"]),
    (
        {
            "from": "src",
            "from_image": {"namespace": "ocp", "name": "4.17", "tag": "cli"},
            "resources": {"limits": {"memory": "1Gi"}},
        },
        ["`from` and `from_image` cannot be set together"],
    ),
    (
        {"from_image": {"namespace": "ocp", "name": "4.17"}, "resources": {"requests": {"cpu": "1"}}},
        ["`tag` is required"],
    ),
    ({"from": "stable:cli", "resources": {"requests": {"cpu": "1"}}}, []),
    ({"from": "stable-foo:cli", "resources": {"requests": {"cpu": "1"}}}, ["unknown imagestream 'stable-foo'"]),
    ({"from": "a:b:c", "resources": {"requests": {"cpu": "1"}}}, ["'a:b:c' is not a valid imagestream reference"]),
    ({"from": "Src", "resources": {"requests": {"cpu": "1"}}}, ["'Src' is not a valid Kubernetes object name"]),
    ({"from": "src"}, ["should have at least one request or limit"]),
    (
        {"from": "src", "resources": {"requests": {"cpu": "1"}}, "leases": [{"env": "L"}]},
        ["'resource_type' cannot be empty"],
    ),
]


@pytest.mark.parametrize(("step", "messages"), STEP_CASES)
def test_step_problems(step: dict[str, object], messages: list[str]) -> None:
    from promoter.stepregistry import step_problems  # noqa: PLC0415

    assert [message for _, message in step_problems(step, ("ref",))] == messages


def test_ref_steps_get_the_step_checks_of_configs(tmp_path: Path) -> None:
    # The checks of validateLiteralTestStep that configs share: resources, best_effort, dependencies, credentials.
    root = tmp_path / "step-registry" / "x"
    root.mkdir(parents=True)
    (root / "x-commands.sh").write_text("echo\n")
    ref = root / "x-ref.yaml"
    ref.write_text(
        "ref:\n  as: x\n  from: src\n  commands: x-commands.sh\n  best_effort: true\n"
        "  resources:\n    requests:\n      mem: 1Gi\n"
        "  dependencies:\n  - name: a:b:c\n    env: X\n"
        "  credentials:\n  - namespace: ns\n    name: s\n    mount_path: /a\n  - namespace: ns\n    name: t\n"
        "    mount_path: /a\n"
    )
    registry = load_registry(str(tmp_path / "step-registry"))
    assert sorted((f.rule, f.line) for f in registry.findings) == [
        ("CR-2", 18),
        ("DP-1", 10),
        ("RS-4", 8),
        ("TS-14", 5),
    ]


def test_registry_files_are_checked_as_ci_operator_loads_them(tmp_path: Path) -> None:
    root = tmp_path / "step-registry"
    files = {
        "a/a-chain.yaml": "chain:\n  as: a\n  steps:\n  - chain: b\n",
        "b/b-chain.yaml": "chain:\n  as: b\n  steps:\n  - chain: a\n",
        "c/c-ref.yaml": "ref:\n  as: c\n  from: src\n  commands: c.sh\n  resources:\n    requests:\n      cpu: 1\n",
        "d/d-ref.yaml": "ref:\n  as: d\n  from: src\n  commands: d-commands.sh\n  resources:\n    requests:\n      cpu: 1\n",
        "d/d-commands.sh": "trap 'kill 0' TERM\nsleep 1\n",
        "d/notes.txt": "hello\n",
        "e/f-workflow.yaml": "workflow:\n  as: f\n  steps:\n    test:\n    - ref: d\n",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    registry = load_registry(str(root))
    found = sorted((Path(f.file).name, f.rule, f.message) for f in [*registry.findings, *check_registry(registry)])
    assert found == [
        ("a-chain.yaml", "SR-5", "chain/a: cycle between chains: a -> b -> a"),
        ("c-ref.yaml", "SR-3", "ref.commands: must name c-commands (with an optional extension like .sh), not 'c.sh'"),
        (
            "d-ref.yaml",
            "TS-13",
            "ref.commands: test `d` has `commands` containing `trap` command, but test step is missing grace_period",
        ),
        ("f-workflow.yaml", "SR-2", "file name must start with 'e', the folder path joined by hyphens"),
        ("f-workflow.yaml", "SR-2", "workflow.as: the workflow is named 'f' but its folder says 'e'"),
        (
            "notes.txt",
            "SR-1",
            "not a registry file name: ci-operator refuses a registry holding it (expected *-ref.yaml, *-chain.yaml, *-workflow.yaml, *-observer.yaml, *-commands.*, *.metadata.json, *.md or OWNERS)",
        ),
    ]


@pytest.mark.parametrize(
    ("name", "dependency", "expected"),
    [
        ("src", False, None),
        ("bin", False, ("MS-5", 'unknown image "bin" (configuration is missing `binary_build_commands`)')),
        ("bin", True, None),  # a bare dependency name that is not built is read from the release
        ("cli", False, None),
        ("pipeline:cli", True, "MS-5"),
        # A step's `pipeline:` from is not validated: only the jobs of its test fail, a warning.
        ("pipeline:cli", False, "MS-8"),
        ("pipeline:bin", False, "MS-8"),
        ("pipeline:bin", True, ("MS-5", "this dependency requires built binaries, which are not configured")),
        ("stable:cli", True, None),
        ("stable-initial:cli", True, ("MS-5", 'this dependency requires a "initial" release, which is not configured')),
        ("release:latest", True, None),
        ("nowhere:cli", True, ("MS-5", "ensure the correct ImageStream name was provided")),
        ("nowhere:cli", False, ("MS-5", "unknown imagestream 'nowhere'")),
    ],
)
def test_image_sources(name: str, dependency: bool, expected: object) -> None:
    from promoter.resolve import image_problem  # noqa: PLC0415

    images = ConfigImages(pipeline=frozenset({"src", "root"}), releases=frozenset({"latest"}))
    found = image_problem(name, images, dependency=dependency)
    if isinstance(expected, str):
        assert found is not None
        assert found[0] == expected
    else:
        assert found == expected
    without_release = ConfigImages(pipeline=frozenset({"src"}), releases=frozenset())
    if name == "cli":
        assert image_problem(name, without_release, dependency=dependency) is not None


def test_an_unknown_step_may_be_the_one_that_declares_an_override() -> None:
    registry = _registry(refs=(_ref("step"),))
    config = StepsConfig(test=_entries("step", "missing"), environment=_env(MAYBE_FOR_MISSING="x"))
    # ci-operator names both; the override is left out while a step is unknown.
    assert len(_messages(registry, "test", config)) == 2
    from promoter.model import TestSource  # noqa: PLC0415 - at module level pytest would take it for tests

    source = TestSource(
        0, "test", {"test": [{"ref": "step"}, {"ref": "missing"}], "env": {"MAYBE_FOR_MISSING": "x"}}, ()
    )
    images = ConfigImages(pipeline=frozenset({"src"}), releases=frozenset({"latest"}))
    assert [f.rule for f in check_tests(registry, "c.yaml", [source], images)] == ["MS-1"]
