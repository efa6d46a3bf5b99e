"""Where ci-operator's loader converts unquoted numbers and booleans into strings, and where the file fails to load.

Every row was checked against the real library: a Go program with ci-tools' struct tags, built against Debian's
golang-github-ghodss-yaml-dev, unmarshalling the same YAML. ``"ok"`` means Go loaded it (converting the value);
otherwise the row quotes Go's error. Each kind of path is here: a field of the inlined InputConfiguration, of an
inlined struct inside a list item (images, steps), a field below a map of an inlined field, an alias that happens to
share its name with a field of the inlined struct, and ordinary fields that are converted.
"""

from __future__ import annotations

import pytest

from promoter.analysis import analyze_text
from promoter.goload import string_target
from promoter.lint import file_findings

CASES = [
    # (YAML, path, Go's verdict)
    ("promotion:\n  to:\n  - namespace: ns\n    name: 4.10\n", ("promotion", "to", 0, "name"), "ok"),
    (
        "promotion:\n  to:\n  - namespace: ns\n    additional_images:\n      x: 4.17\n",
        ("promotion", "to", 0, "additional_images", "x"),
        "ok",
    ),
    (
        "base_images:\n  os:\n    namespace: ocp\n    name: builder\n    tag: 4.17\n",
        ("base_images", "os", "tag"),
        "ImageStreamTagReference.base_images.tag",
    ),
    (
        "base_rpm_images:\n  os:\n    namespace: ocp\n    name: builder\n    tag: 4.17\n",
        ("base_rpm_images", "os", "tag"),
        "ImageStreamTagReference.base_rpm_images.tag",
    ),
    (
        "build_root:\n  image_stream_tag:\n    namespace: ocp\n    name: builder\n    tag: 4.17\n",
        ("build_root", "image_stream_tag", "tag"),
        "ImageStreamTagReference.build_root.image_stream_tag.tag",
    ),
    (
        "build_root:\n  project_image:\n    dockerfile_path: 1.5\n",
        ("build_root", "project_image", "dockerfile_path"),
        "ProjectDirectoryImageBuildInputs.build_root.project_image.dockerfile_path",
    ),
    (
        "releases:\n  latest:\n    release:\n      channel: stable\n      version: 4.17\n",
        ("releases", "latest", "release", "version"),
        "Release.releases.release.version",
    ),
    (
        "tag_specification:\n  namespace: ocp\n  name: 4.17\n",
        ("tag_specification", "name"),
        "ReleaseTagConfiguration.tag_specification.name",
    ),
    (
        "external_images:\n  x:\n    registry: quay.io\n    namespace: a\n    name: b\n    tag: 1.0\n",
        ("external_images", "x", "tag"),
        "ExternalImage.external_images.tag",
    ),
    (
        "external_images:\n  x:\n    registry: 443\n",
        ("external_images", "x", "registry"),
        "ExternalImage.external_images.registry",
    ),
    (
        "images:\n  items:\n  - to: x\n    context_dir: 1.5\n",
        ("images", "items", 0, "context_dir"),
        "ProjectDirectoryImageBuildStepConfiguration.images.items.context_dir",
    ),
    (
        "images:\n  items:\n  - to: x\n    dockerfile_path: 10\n",
        ("images", "items", 0, "dockerfile_path"),
        "ProjectDirectoryImageBuildStepConfiguration.images.items.dockerfile_path",
    ),
    (
        "images:\n  items:\n  - to: x\n    inputs:\n      src:\n        as:\n        - 1.5\n",
        ("images", "items", 0, "inputs", "src", "as", 0),
        "ImageBuildInputs.images.items.inputs.as",
    ),
    (
        "images:\n  items:\n  - to: x\n    build_args:\n    - name: A\n      value: 1\n",
        ("images", "items", 0, "build_args", 0, "value"),
        "BuildArg.images.items.build_args.value",
    ),
    ("images:\n  items:\n  - to: 10\n", ("images", "items", 0, "to"), "ok"),
    ("images:\n  items:\n  - to: x\n    from: 4.17\n", ("images", "items", 0, "from"), "ok"),
    (
        "tests:\n- as: t\n  steps:\n    test:\n    - as: s\n      commands: x\n      from: src\n      env:\n"
        "      - name: A\n        default: 1\n",
        ("tests", 0, "steps", "test", 0, "env", 0, "default"),
        "StepParameter.tests.steps.test.env.default",
    ),
    (
        "tests:\n- as: t\n  steps:\n    test:\n    - as: 12\n      commands: x\n      from: src\n",
        ("tests", 0, "steps", "test", 0, "as"),
        "TestStep.tests.steps.test.as",
    ),
    (
        "tests:\n- as: t\n  steps:\n    test:\n    - as: s\n      commands: x\n"
        "      from_image: {namespace: a, name: b, tag: 4.17}\n",
        ("tests", 0, "steps", "test", 0, "from_image", "tag"),
        "ImageStreamTagReference.tests.steps.test.from_image.tag",
    ),
    ("tests:\n- as: t\n  steps:\n    test:\n    - ref: 12\n", ("tests", 0, "steps", "test", 0, "ref"), "ok"),
    ("tests:\n- as: t\n  steps:\n    env:\n      A: 4.10\n", ("tests", 0, "steps", "env", "A"), "ok"),
    ("tests:\n- as: 4.10\n", ("tests", 0, "as"), "ok"),
    ("resources:\n  '*':\n    requests:\n      memory: 1.5\n", ("resources", "*", "requests", "memory"), "ok"),
    ("zz_generated_metadata:\n  org: o\n  branch: 4.10\n", ("zz_generated_metadata", "branch"), "ok"),
    ("canonical_go_repository: 1.5\n", ("canonical_go_repository",), "ok"),
    ("binary_build_commands: 10\n", ("binary_build_commands",), "ok"),
    # An alias named like a field of the inlined struct sends the walk on through that field's type.
    (
        "base_images:\n  build_root:\n    image_stream_tag: {namespace: a, name: b, tag: 1.5}\n",
        ("base_images", "build_root", "image_stream_tag", "tag"),
        "ok",
    ),
]


@pytest.mark.parametrize(("text", "path", "go"), CASES, ids=[".".join(map(str, c[1])) for c in CASES])
def test_string_target_agrees_with_ghodss_yaml(text: str, path: tuple[str | int, ...], go: str) -> None:
    target = string_target(path)
    assert target.converted == (go == "ok")
    if go != "ok":
        assert target.go_field == go


@pytest.mark.parametrize(("text", "path", "go"), CASES, ids=[".".join(map(str, c[1])) for c in CASES])
def test_lint_reports_a_load_failure_only_where_go_fails(text: str, path: tuple[str | int, ...], go: str) -> None:
    result = analyze_text(text, "config.yaml")
    findings = {f.rule: f for f in file_findings(result) if f.rule in ("LD-2", "LD-3")}
    if go == "ok":
        assert "LD-2" not in findings
    else:
        assert "LD-3" not in findings
        assert f"cannot unmarshal number into Go struct field {go} of type string" in findings["LD-2"].message
        assert findings["LD-2"].severity.value == "error"


def test_a_boolean_behind_an_inlined_struct_fails_as_a_bool() -> None:
    result = analyze_text("tag_specification:\n  namespace: ocp\n  name: yes\n", "config.yaml")
    (finding,) = [f for f in file_findings(result) if f.rule == "LD-2"]
    assert (
        "cannot unmarshal bool into Go struct field ReleaseTagConfiguration.tag_specification.name" in finding.message
    )


# Map keys: ghodss/yaml turns every number or boolean key into text (floats with Go's float32 formatting) whatever the
# Go type, and refuses a null key ("Unsupported map key of type: <nil>").
KEYS = [
    ("base_images:\n  4.10:\n    {namespace: a, name: b, tag: c}\n", "LD-3", "error", "base_images[4.1]"),
    ("base_images:\n  yes:\n    {namespace: a, name: b, tag: c}\n", "LD-3", "error", "base_images.true"),
    ("base_images:\n  ~:\n    {namespace: a, name: b, tag: c}\n", "LD-2", "error", "base_images"),
]


@pytest.mark.parametrize(("text", "rule", "severity", "where"), KEYS, ids=[k[3] for k in KEYS])
def test_map_keys_are_read_as_ghodss_yaml_reads_them(text: str, rule: str, severity: str, where: str) -> None:
    result = analyze_text(text, "config.yaml")
    found = [f for f in file_findings(result) if f.rule == rule]
    assert [(f.severity.value, f.json_path) for f in found] == [(severity, where)]


def test_a_number_key_that_keeps_its_text_is_not_reported() -> None:
    result = analyze_text("base_images:\n  10:\n    {namespace: a, name: b, tag: c}\n", "config.yaml")
    assert not [f for f in file_findings(result) if f.rule in ("LD-2", "LD-3")]
