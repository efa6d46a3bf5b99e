"""Unit tables for the promotion rules, written from the spec (promotion.md sections 2.2 to 2.9)."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from promoter import analyze_text
from promoter.findings import Severity
from promoter.naming import metadata_from_path
from promoter.registries import parse_pull_spec

META = "zz_generated_metadata: {org: o, repo: r, branch: main}\n"

# (case id, config YAML, expected static promoted list "ist<-source", sorted, duplicates kept)
RULES: list[tuple[str, str, list[str]]] = [
    (
        "name target",
        "images: {items: [{to: foo}]}\npromotion: {to: [{namespace: ci, name: tools}]}",
        ["ci/tools:foo<-foo"],
    ),
    (
        "tag target",
        "images: {items: [{to: foo}]}\npromotion: {to: [{namespace: ci, tag: latest}]}",
        ["ci/foo:latest<-foo"],
    ),
    (
        "additional on tag target",
        "images: {items: [{to: foo}]}\npromotion: {to: [{namespace: ci, tag: latest, additional_images: {output: src}}]}",
        ["ci/foo:latest<-foo", "ci/output:latest<-src"],
    ),
    (
        "one source under several names",
        "promotion: {to: [{namespace: ocp, name: '4.6', additional_images: {base: base-8, base-7: base-7,"
        " base-8: base-8}}]}",
        ["ocp/4.6:base-7<-base-7", "ocp/4.6:base-8<-base-8", "ocp/4.6:base<-base-8"],
    ),
    (
        "cli-ocm pattern from the docs",
        "images: {items: [{to: cli-ocm}, {to: cli}]}\npromotion: {to: [{namespace: ci, name: cli-ocm,"
        " excluded_images: ['*'], additional_images: {latest: cli-ocm}}, {namespace: ocp, name: '4.20'}]}",
        ["ci/cli-ocm:latest<-cli-ocm", "ocp/4.20:cli-ocm<-cli-ocm", "ocp/4.20:cli<-cli"],
    ),
    (
        "worked example of section 2.3",
        "images: {items: [{to: foo}, {to: bar, optional: true}, {to: tests}]}\npromotion:\n  to:\n"
        "  - {namespace: ocp, name: '4.22', excluded_images: [tests], additional_images: {repo-scripts: src}}\n"
        "  - {namespace: ci, tag: latest, excluded_images: ['*'], additional_images: {foo-tool: foo},"
        " tag_by_commit: true}",
        ["ci/foo-tool:latest<-foo", "ocp/4.22:foo<-foo", "ocp/4.22:repo-scripts<-src"],
    ),
    (
        "optional images are not promoted",
        "images: {items: [{to: a, optional: true}]}\npromotion: {to: [{namespace: ci, tag: x}]}",
        [],
    ),
    (
        "excluded names are exact strings, not globs",
        "images: {items: [{to: new-a}, {to: b}]}\npromotion: {to: [{namespace: ci, tag: x, excluded_images: [new-*, b]}]}",
        ["ci/new-a:x<-new-a"],
    ),
    (
        "star also removes what came before it in the list",
        "images: {items: [{to: a}]}\npromotion: {to: [{namespace: ci, tag: x, excluded_images: [zzz, '*'],"
        " additional_images: {extra: a}}]}",
        ["ci/extra:x<-a"],
    ),
    (
        "additional images overwrite a built image of the same name",
        "images: {items: [{to: a}]}\npromotion: {to: [{namespace: ci, tag: x, additional_images: {a: src}}]}",
        ["ci/a:x<-src"],
    ),
    (
        "disabled targets promote nothing, not even additional images",
        "images: {items: [{to: a}]}\npromotion: {to: [{namespace: ci, tag: x, disabled: true, additional_images: {b: src}}]}",
        [],
    ),
    (
        "build cache with a promotion stanza",
        "binary_build_commands: make\nimages: {items: [{to: a}]}\npromotion: {to: [{namespace: ci, tag: x}]}",
        ["build-cache/o-r:main<-bin", "ci/a:x<-a"],
    ),
    (
        "build cache even when every target is disabled",
        "binary_build_commands: make\npromotion: {to: [{namespace: ci, tag: x, disabled: true}]}",
        ["build-cache/o-r:main<-bin"],
    ),
    ("no build cache without promotion", "binary_build_commands: make\nimages: {items: [{to: a}]}", []),
    (
        "no build cache when disabled",
        "binary_build_commands: make\npromotion: {disable_build_cache: true, to: [{namespace: ci, tag: x}]}",
        [],
    ),
    (
        "name wins when both name and tag are set",
        "images: {items: [{to: a}]}\npromotion: {to: [{namespace: ci, name: s, tag: t}]}",
        ["ci/s:a<-a"],
    ),
    ("a target without namespace promotes nothing", "images: {items: [{to: a}]}\npromotion: {to: [{tag: x}]}", []),
    (
        "a legacy single target promotes nothing, to[] still does",
        "images: {items: [{to: a}]}\npromotion: {namespace: ocp, name: '4.6', to: [{namespace: ci, tag: x}]}",
        ["ci/a:x<-a"],
    ),
    (
        "a config whose images is a plain list does not load: nothing is promoted",
        "images: [{to: a}]\npromotion: {to: [{namespace: ci, tag: x}]}",
        [],
    ),
    (
        "legacy keys without a namespace add no target",
        "images: {items: [{to: a}]}\npromotion: {name: '4.6', to: [{namespace: ci, tag: x}]}",
        ["ci/a:x<-a"],
    ),
    (
        "unquoted 4.10 is stream 4.1 as in ci-operator",
        "images: {items: [{to: a}]}\npromotion: {to: [{namespace: ocp, name: 4.10}]}",
        ["ocp/4.1:a<-a"],
    ),
    (
        "keys are matched case-insensitively as Go does",
        "images: {items: [{to: a}]}\npromotion: {to: [{Namespace: ci, TAG: x}]}",
        ["ci/a:x<-a"],
    ),
    (
        "duplicate destinations are kept",
        "images: {items: [{to: foo}]}\npromotion: {to: [{namespace: ci, name: foo}, {namespace: ci, tag: foo}]}",
        ["ci/foo:foo<-foo", "ci/foo:foo<-foo"],
    ),
]


def _static(text: str, commit: str | None = None) -> list[str]:
    result = analyze_text(text, "o/r/o-r-main.yaml", commit=commit)
    return [f"{tag.ist}<-{tag.source}" for tag in result.promotion.tags]


@pytest.mark.parametrize(("config", "expected"), [row[1:] for row in RULES], ids=[row[0] for row in RULES])
def test_static_promoted_list(config: str, expected: list[str]) -> None:
    # ci-operator sorts by the tag text alone; the source breaks ties.
    assert _static(META + config) == sorted(expected, key=lambda row: tuple(row.split("<-")))


def test_commit_tags_only_with_a_commit() -> None:
    config = META + "images: {items: [{to: a}]}\npromotion: {to: [{namespace: ocp, name: '4.22', tag_by_commit: true}]}"
    without = analyze_text(config, "f.yaml")
    assert [str(t.ist) for t in without.promotion.tags] == ["ocp/4.22:a"]
    assert [str(t.ist) for t in without.promotion.commit_tags] == ["ocp/a:<commit>"]
    # Commit tags go to a per-component stream even for a name target.
    assert _static(config, commit="abc1234") == ["ocp/4.22:a<-a", "ocp/a:abc1234<-a"]


def test_build_cache_uses_variant() -> None:
    config = (
        "zz_generated_metadata: {org: o, repo: r, branch: main, variant: okd}\nbinary_build_commands: x\npromotion: {}"
    )
    assert _static(config) == ["build-cache/o-r:main-okd<-bin"]


def test_metadata_from_path_when_missing() -> None:
    result = analyze_text(
        "binary_build_commands: x\npromotion: {}",
        "c",
        path_for_metadata="config/org/repo/org-repo-release-1.0__v2.yaml",
    )
    assert [str(t.ist) for t in result.promotion.tags] == ["build-cache/org-repo:release-1.0-v2"]


def test_duplicate_destination_is_an_error_naming_both_targets() -> None:
    config = (
        META + "images: {items: [{to: foo}]}\npromotion: {to: [{namespace: ci, name: foo}, {namespace: ci, tag: foo}]}"
    )
    findings = [f for f in analyze_text(config, "f.yaml").findings if f.rule == "XC-1"]
    assert len(findings) == 1
    assert findings[0].severity is Severity.ERROR
    assert "promotion.to[0]" in findings[0].message
    assert "promotion.to[1]" in findings[0].message


def test_disabled_targets_do_not_clash() -> None:
    config = META + (
        "images: {items: [{to: foo}]}\npromotion: {to: [{namespace: ci, tag: x}, {namespace: ci, tag: x, disabled: true}]}"
    )
    assert not [f for f in analyze_text(config, "f.yaml").findings if f.rule == "XC-1"]


def test_optional_additional_source_note() -> None:
    config = META + (
        "images: {items: [{to: a, optional: true}]}\npromotion: {to: [{namespace: ci, tag: x, additional_images: {b: a}}]}"
    )
    result = analyze_text(config, "f.yaml")
    assert [str(t.ist) for t in result.promotion.tags] == ["ci/b:x"]
    assert any("ci/a:x" in note for note in result.promotion.notes)


@pytest.mark.parametrize(
    ("value", "severity"),
    [("4.10", Severity.ERROR), ("4.16", Severity.WARNING), ("yes", Severity.ERROR), ("7", Severity.WARNING)],
)
def test_unquoted_scalars_in_string_fields(value: str, severity: Severity) -> None:
    config = META + f"images: {{items: [{{to: a}}]}}\npromotion:\n  to:\n  - namespace: ci\n    name: {value}\n"
    findings = [f for f in analyze_text(config, "f.yaml").findings if f.rule == "LD-3"]
    assert [(f.severity, f.line, f.column, f.json_path) for f in findings] == [
        (severity, 6, 11, "promotion.to[0].name")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("registry.ci.openshift.org/ocp/4.17:cli", "ocp/4.17:cli"),
        ("registry.svc.ci.openshift.org/ocp/builder:golang-1.15", "ocp/builder:golang-1.15"),
        ("registry.build02.ci.openshift.org/ci-op-2c2tvgti/pipeline:src", "ci-op-2c2tvgti/pipeline:src"),
        ("quay-proxy.ci.openshift.org/openshift/ci:ocp_4.17_cli", "ocp/4.17:cli"),
        ("quay.io/openshift/ci:ci_ci-operator_latest", "ci/ci-operator:latest"),
        ("ocp/4.17:cli", "ocp/4.17:cli"),
        ("docker.io/library/busybox:latest", None),
        ("quay.io/openshift/ci:nounderscores", None),
        ("registry.ci.openshift.org/ocp/4.17@sha256:abc", None),
        ("ocp/4.17", None),
    ],
)
def test_parse_pull_spec(text: str, expected: str | None) -> None:
    parsed = parse_pull_spec(text)
    assert (str(parsed) if parsed else None) == expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("org/repo/org-repo-main.yaml", ("org", "repo", "main", "")),
        ("ci-operator/config/org/repo/org-repo-release-4.10__okd.yml", ("org", "repo", "release-4.10", "okd")),
        ("./org/repo/other-main.yaml", ("org", "repo", "other-main", "")),
        ("org//repo/./org-repo-main.yaml", ("org", "repo", "main", "")),
        ("/org/repo.yaml", None),
        ("/org/repo/x.yaml", ("org", "repo", "x", "")),
        ("/repo/x.yaml", None),
        ("repo/x.yaml", None),
        ("org/repo/", None),
        ("org/repo/org-repo-.yaml", None),
        ("org/repo/x.yml.yaml", ("org", "repo", "x.yml", "")),
        ("org/repo/__v.yaml", None),
        ("../org/repo/org-repo-b__v__w.yaml", ("org", "repo", "b__v", "w")),
        ("", None),
    ],
)
def test_metadata_from_path_reads_components_as_pathlib_does(
    path: str, expected: tuple[str, str, str, str] | None
) -> None:
    # Components as PurePosixPath finds them: empty ones and "." dropped, a root counted as one without a name.
    metadata = metadata_from_path(path)
    assert expected == (None if metadata is None else (metadata.org, metadata.repo, metadata.branch, metadata.variant))
    if expected is not None:
        assert str(PurePosixPath(path).parent.parent.name) == expected[0]
