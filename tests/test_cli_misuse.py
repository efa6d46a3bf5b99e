"""A command line that cannot be misused, and that says the same thing everywhere (issue 15, first two sections)."""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TESTDATA

from promoter.cli import main, subcommands
from promoter.registries import stale_token_note
from promoter.schema import schema
from promoter.validate import PATTERN_SHAPES

EXAMPLE = TESTDATA / "example"
GOOD = "images: {items: [{to: a}]}\npromotion: {to: [{namespace: ci, tag: latest}]}\n"
# A config that lint finds nothing wrong with; it promotes acme/app:latest.
CLEAN = (TESTDATA / "lint" / "TL-1" / "pass" / "acme" / "app" / "acme-app-main.yaml").read_text(encoding="utf-8")
MANIFEST = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: ci\ndata:\n  a: b\n"
LEGACY_TARGET = """images:
  items:
  - {from: base, to: old-operator}
promotion:
  namespace: ocp
  name: "4.6"
binary_build_commands: make
zz_generated_metadata: {org: acme, repo: old, branch: release-4.6}
"""
LEGACY_LIST = """images:
- {from: base, to: old-operator}
promotion:
  to:
  - {namespace: ocp, name: "4.6"}
zz_generated_metadata: {org: acme, repo: old, branch: release-4.6}
"""


def invoke(*args: str, stdin: str | None = None, cwd: Path | None = None) -> tuple[int, str, str]:
    previous = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, list(args), input=stdin, env={"ARTIFACT_DIR": "", "GITHUB_ACTIONS": ""})
    finally:
        os.chdir(previous)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def one_error_line(err: str) -> str:
    """The one line a usage or environment error prints: ``Error: ...``."""
    assert err.count("\n") == 1, err
    assert err.startswith("Error: "), err
    return err


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


# --- a mistyped command --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "suggestion"),
    [
        (("lnit", "ci-operator/config"), "did you mean: lint"),
        (("lnit", "."), "did you mean: lint"),
        (("help",), "did you mean: --help"),
        (("shwo",), "did you mean: show"),
        (("explian", "ocp/4.17:cli", "."), "did you mean: explain"),
        (("zzzzzz",), "commands: diff, docs, doctor"),
    ],
)
def test_a_first_word_that_is_no_command_and_no_path_is_a_usage_error(
    args: tuple[str, ...], suggestion: str, tmp_path: Path
) -> None:
    code, out, err = invoke(*args, cwd=tmp_path)
    assert (code, out) == (2, "")
    assert f"{args[0]!r} is neither a command nor an existing path; {suggestion}" in one_error_line(err)


def test_an_existing_path_still_runs_show(tmp_path: Path) -> None:
    (tmp_path / "lnit").write_text(GOOD)  # a file that happens to look like a command typo is still a path
    assert invoke("lnit", "--format", "urls", cwd=tmp_path)[:2] == (
        0,
        "quay-proxy.ci.openshift.org/openshift/ci:ci_a_latest\n",
    )
    code, out, _ = invoke(str(EXAMPLE))
    assert code == 0
    assert "ocp/4.17:widget-operator" in out


# --- one rule for PATH, walked over every command --------------------------------------------------------------------

# How each command that reads PATH is called; a new command must be added here or to NO_PATH.
PATH_COMMANDS: dict[str, tuple[str, ...]] = {
    "show": ("show",),
    "lint": ("lint", "--no-cache"),
    "docs": ("docs",),
    "graph": ("graph",),
    "explain": ("explain", "ocp/4.17:cli"),
    "diff": ("diff", "--no-cache", "--fail-on", "new-errors"),
}
NO_PATH = {"rules", "schema", "registries", "login", "doctor", "testrun-image"}


def test_every_command_is_walked() -> None:
    assert set(subcommands()) == set(PATH_COMMANDS) | NO_PATH


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git checkout holding an empty directory, a Kubernetes manifest and a good config, all committed."""
    repo = tmp_path / "repo"
    (repo / "empty").mkdir(parents=True)
    (repo / "empty" / "notes.txt").write_text("no config here\n")
    (repo / "manifest").mkdir()
    (repo / "manifest" / "configmap.yaml").write_text(MANIFEST)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "tree")
    # The manifest is new in the working tree only, so that diff reads it as a change.
    (repo / "manifest" / "deployment.yaml").write_text(MANIFEST.replace("ConfigMap", "Deployment"))
    return repo


@pytest.mark.parametrize("command", sorted(PATH_COMMANDS))
def test_a_missing_path_is_a_usage_error(command: str, repo: Path) -> None:
    code, out, err = invoke(*PATH_COMMANDS[command], "no-such-dir", cwd=repo)
    assert (code, out) == (2, "")
    assert "no-such-dir" in one_error_line(err)


@pytest.mark.parametrize("command", sorted(PATH_COMMANDS))
def test_a_directory_without_a_config_is_a_usage_error(command: str, repo: Path) -> None:
    code, out, err = invoke(*PATH_COMMANDS[command], "empty", cwd=repo)
    assert (code, out) == (2, "")
    assert "empty" in one_error_line(err)


@pytest.mark.parametrize("command", sorted(PATH_COMMANDS))
def test_a_file_that_is_not_a_config_fails_with_one_finding(command: str, repo: Path) -> None:
    code, out, err = invoke(*PATH_COMMANDS[command], "manifest/deployment.yaml", cwd=repo)
    assert code == 1, err
    reported = out + err if command in ("lint", "diff") else err
    assert reported.count("TL-2") == 1, reported
    assert "not a ci-operator config: a Kubernetes Deployment manifest" in reported
    if command in ("docs", "graph", "explain"):
        assert out == ""  # no empty page, graph or explanation as if all were well


def test_no_path_at_all_is_a_usage_error() -> None:
    for command, args in PATH_COMMANDS.items():
        code, out, err = invoke(*args)
        assert (code, out) == (2, ""), command
        assert "give at least one PATH" in one_error_line(err)


def test_testrun_image_config_that_does_not_exist(tmp_path: Path) -> None:
    code, _, err = invoke(
        "testrun-image", "--cluster", "build02", "--namespace", "ci-op-2c2tvgti", "--config", "nope.yaml"
    )
    assert code == 2
    assert "nope.yaml" in one_error_line(err)


# --- files in a config tree that ci-operator skips ------------------------------------------------------------------


@pytest.fixture
def release(tmp_path: Path) -> Path:
    folder = tmp_path / "release" / "ci-operator" / "config" / "acme" / "app"
    folder.mkdir(parents=True)
    config = CLEAN
    (folder / "acme-app-main.yaml").write_text(config)
    (folder / "acme-app-release-1.0yaml").write_text(config.replace("main", "release-1.0"))
    (folder / "acme-app-release-2.0.yaml ").write_text(config.replace("main", "release-2.0"))
    for name in ("OWNERS", "OWNERS_ALIASES", "README.md", ".gitattributes"):
        (folder / name).write_text("x\n")
    (tmp_path / "release" / "ci-operator" / "config" / "README.md").write_text("above the repository folders\n")
    return tmp_path / "release" / "ci-operator" / "config"


def test_stray_files_in_a_repository_folder_are_findings_at_their_path(release: Path) -> None:
    code, out, _ = invoke("lint", "--no-cache", "--format", "json", str(release))
    assert code == 0  # a warning: ci-operator accepts the tree and skips the files
    found = {
        (Path(report["file"]).name, finding["rule"], finding["severity"])
        for report in json.loads(out)["files"]
        for finding in report["findings"]
    }
    assert found == {
        ("acme-app-release-1.0yaml", "FN-5", "warning"),
        ("acme-app-release-2.0.yaml ", "FN-5", "warning"),
    }
    _, text, _ = invoke("lint", "--no-cache", str(release))
    assert "rename it to 'acme-app-release-1.0.yaml'" in text
    assert "rename it to 'acme-app-release-2.0.yaml'" in text
    assert invoke("lint", "--no-cache", "--strict", str(release))[0] == 1


@pytest.mark.parametrize("command", ["show", "lint"])
def test_list_files_prints_what_a_walk_reads(command: str, release: Path) -> None:
    code, out, err = invoke(command, "--list-files", str(release))
    assert code == 0
    assert out == f"{release / 'acme' / 'app' / 'acme-app-main.yaml'}\n"
    assert err.count("FN-5") == 2


# --- a Kubernetes manifest -------------------------------------------------------------------------------------------


def test_a_kubernetes_manifest_is_said_once_to_be_no_config() -> None:
    code, out, _ = invoke("lint", "--no-cache", "--format", "json", "-", stdin=MANIFEST)
    assert code == 1
    findings = [finding for report in json.loads(out)["files"] for finding in report["findings"]]
    assert [(f["rule"], f["line"]) for f in findings] == [("TL-2", 1)]
    code, out, err = invoke("show", "-", stdin=MANIFEST)
    assert (code, out) == (1, "")
    assert "promotes nothing" not in err
    assert err == (
        "<stdin>:1:1: error TL-2 not a ci-operator config: a Kubernetes ConfigMap manifest (it has apiVersion and"
        " kind); ci-operator configs have build_root, images, promotion and tests\n"
    )


# --- options that do not apply ---------------------------------------------------------------------------------------


def test_registry_needs_format_urls() -> None:
    code, out, err = invoke(str(EXAMPLE), "--registry", "quay")
    assert (code, out) == (2, "")
    assert "--registry" in one_error_line(err)


def test_docs_has_no_color_option() -> None:
    code, _, err = invoke("docs", str(EXAMPLE), "--color", "never")
    assert code == 2
    assert "No such option '--color'" in err


# --- urls: the pull spec promotion keeps current ---------------------------------------------------------------------


def test_urls_default_to_the_registry_promotion_keeps_current() -> None:
    code, out, _ = invoke(str(EXAMPLE), "--format", "urls")
    assert code == 0
    assert out == (
        "quay-proxy.ci.openshift.org/openshift/ci:build-cache_openshift-widget-operator_main\n"
        "quay-proxy.ci.openshift.org/openshift/ci:ci_widget-scripts_latest\n"
        "registry.ci.openshift.org/ocp/4.17:widget-operator\n"
    )
    for registry, host in (("app.ci", "registry.ci.openshift.org/"), ("quay", "quay.io/openshift/ci:")):
        code, out, _ = invoke(str(EXAMPLE), "--format", "urls", "--registry", registry)
        assert code == 0
        assert out
        assert all(line.startswith(host) for line in out.splitlines())


# --- legacy forms: meant, never promoted -----------------------------------------------------------------------------


def test_a_legacy_target_is_shown_as_meant_and_promotes_only_the_build_cache() -> None:
    code, out, err = invoke("-", stdin=LEGACY_TARGET)
    assert code == 1
    assert "LEG-2" in err
    promoted, _, meant = out.partition("meant by a legacy form, not promoted by current ci-operator:")
    assert "build-cache/acme-old:release-4.6" in promoted
    assert "ocp/4.6:old-operator" not in promoted
    assert "ocp/4.6:old-operator  <- old-operator" in meant
    _, urls, _ = invoke("-", "--format", "urls", stdin=LEGACY_TARGET)
    assert urls == "quay-proxy.ci.openshift.org/openshift/ci:build-cache_acme-old_release-4.6\n"
    _, document, _ = invoke("-", "--format", "json", stdin=LEGACY_TARGET)
    config = json.loads(document)["configs"][0]
    assert [tag["tag"] for tag in config["promoted"]] == ["build-cache/acme-old:release-4.6"]
    assert [tag["tag"] for tag in config["not_promoted"]] == ["ocp/4.6:old-operator"]


def test_a_legacy_images_list_promotes_nothing_anywhere() -> None:
    code, out, err = invoke("-", stdin=LEGACY_LIST)
    assert code == 1
    assert "LEG-1" in err
    assert "promotes nothing (ci-operator cannot load this config: images is a plain list)" in out
    assert invoke("-", "--format", "urls", stdin=LEGACY_LIST)[1] == ""
    _, page, _ = invoke("docs", "-", "--format", "json", stdin=LEGACY_LIST)
    assert "ocp/4.6:old-operator" not in page
    _, graph, _ = invoke("graph", "-", "--format", "json", stdin=LEGACY_LIST)
    edges = json.loads(graph)["edges"]
    assert not [edge for edge in edges if edge.get("kind") == "promotes"]


def test_diff_does_not_count_a_legacy_target_as_promoted(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    folder = repo / "ci-operator" / "config" / "acme" / "old"
    folder.mkdir(parents=True)
    (folder / "acme-old-release-4.6.yaml").write_text(LEGACY_TARGET.replace("binary_build_commands: make\n", ""))
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "legacy")
    # Rewriting the legacy keys as promotion.to is what starts the promotion: the tag is added by the change.
    fixed = LEGACY_TARGET.replace("binary_build_commands: make\n", "").replace(
        'promotion:\n  namespace: ocp\n  name: "4.6"\n', 'promotion:\n  to:\n  - {namespace: ocp, name: "4.6"}\n'
    )
    (folder / "acme-old-release-4.6.yaml").write_text(fixed)
    code, out, err = invoke("diff", "--no-cache", "--format", "json", "ci-operator/config", cwd=repo)
    assert code == 0, err
    (config,) = json.loads(out)["configs"]
    assert [tag["tag"] for tag in config["tags_added"]] == ["ocp/4.6:old-operator"]
    assert config["tags_removed"] == []


# --- the same words everywhere ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("namespace", "why"),
    [
        ("openshift-acme", "it starts with openshift"),
        ("kube-system", "it starts with kube"),
        ("default", "it is default"),
    ],
)
def test_pr2_says_exactly_what_is_forbidden(namespace: str, why: str) -> None:
    config = CLEAN.replace("namespace: acme", f"namespace: {namespace}")
    _, out, _ = invoke("lint", "--no-cache", "--format", "json", "-", stdin=config)
    findings = [f for r in json.loads(out)["files"] for f in r["findings"]]
    assert [f["rule"] for f in findings] == ["PR-2"]  # said once, not also by the schema's pattern
    assert [f["message"] for f in findings] == [
        f"promotion.to[0].namespace: cannot promote to namespace {namespace}: {why}; promotion namespaces may not"
        " start with kube, openshift or redhat, nor be default (openshift itself is allowed)"
    ]


def test_pr2_allows_openshift_itself() -> None:
    config = CLEAN.replace("namespace: acme", "namespace: openshift")
    _, out, _ = invoke("lint", "--no-cache", "--format", "json", "-", stdin=config)
    assert "PR-2" not in out


def _patterns(node: object, *, negated: bool = False) -> Iterator[str]:
    if isinstance(node, dict):
        if "pattern" in node and not negated:
            yield node["pattern"]
        for key, value in node.items():
            yield from _patterns(value, negated=negated or key == "not")
    elif isinstance(node, list):
        for value in node:
            yield from _patterns(value, negated=negated)


def test_every_schema_pattern_has_words() -> None:
    assert set(_patterns(schema())) <= set(PATTERN_SHAPES)


def test_schema_findings_never_show_a_regular_expression() -> None:
    config = GOOD.replace("to: a", "to: App_Image")
    _, out, _ = invoke("lint", "--no-cache", "-", stdin=config)
    (line,) = [line for line in out.splitlines() if " SC-3 " in line]
    assert line.endswith(
        "'App_Image' is not an image name: up to 63 lower-case letters, digits, '.', '_' or '-',"
        " starting and ending with a letter or digit, e.g. 'my-operator'; the jobs that build this image (the images"
        " job, and the tests that use it) fail at run time"
    )
    assert "^" not in line
    assert "{0," not in line


def test_counts_agree_in_number_and_info_has_one_name() -> None:
    code, _, err = invoke("lint", "--no-cache", "-", stdin=CLEAN + "namespce: x\n")
    summary = err.splitlines()[-1]
    assert re.fullmatch(r"promoted-images lint: 1 file checked, 1 error, 0 warnings, 0 info in \d+\.\d\ds", summary)
    assert code == 1


def test_changed_since_an_unknown_revision_says_so(repo: Path) -> None:
    code, out, err = invoke("lint", "--no-cache", "--changed-since", "nosuchrev", "manifest", cwd=repo)
    assert (code, out) == (2, "")
    assert one_error_line(err) == "Error: --changed-since nosuchrev: unknown revision 'nosuchrev'\n"


def test_usage_and_environment_errors_have_one_prefix(tmp_path: Path, repo: Path) -> None:
    unwritable = tmp_path / "missing-dir" / "page.md"
    cases = [
        ("docs", str(EXAMPLE), "--output", str(unwritable)),
        ("lint", "--no-cache", str(EXAMPLE), "--junit", str(unwritable)),
        ("diff", "--no-cache", "--base", "nosuchrev", "manifest"),
        ("login", "nosuchcluster"),
        ("doctor", "nosuch host name with spaces"),
        ("testrun-image", "--cluster", "build02", "--namespace", "default"),
    ]
    for args in cases:
        code, _, err = invoke(*args, cwd=repo)
        assert code == 2, args
        one_error_line(err)


def test_graph_reports_files_left_out_as_findings(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GOOD)
    (tmp_path / "b.yaml").write_text(MANIFEST)
    code, out, err = invoke("graph", str(tmp_path))
    assert code == 0
    assert out
    assert err == (
        f"{tmp_path / 'b.yaml'}:1:1: error TL-2 not a ci-operator config: a Kubernetes ConfigMap manifest (it has"
        " apiVersion and kind); ci-operator configs have build_root, images, promotion and tests\n"
    )


URL = re.compile(r"https?://[^\s,)]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:org|com|io)\b")


@pytest.mark.parametrize("command", sorted(subcommands()))
def test_help_never_breaks_a_url(command: str) -> None:
    _, out, _ = invoke(command, "--help")
    cli = subcommands()[command]
    texts = [cli.help or "", *(getattr(param, "help", None) or "" for param in cli.params)]
    urls = {url.rstrip(".") for text in texts for url in URL.findall(text)}
    for url in urls:
        assert url in out, f"{command} --help breaks {url}"


def test_the_stale_token_trap_is_said_once_in_one_wording(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    core = stale_token_note().split(":")[0]
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("REGISTRY_AUTH_FILE", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run"))
    for args in (("registries",), ("login", "build02"), ("doctor",)):
        _, out, _ = invoke(*args)
        flat = " ".join(line.lstrip("# ").strip() for line in out.splitlines())
        assert flat.count('"authentication required" on a pull') == 1, args
        assert core.replace("HOST", "registry.build02.ci.openshift.org") in flat or core in flat, args


@pytest.mark.parametrize(
    "args",
    [
        ["show", "--format", "json"],
        ["lint", "--format", "json"],
        ["lint", "--format", "github"],
        ["lint", "--format", "sarif"],
        ["diff", "--format", "json"],
        ["diff", "--format", "markdown"],
    ],
)
def test_color_always_with_a_format_without_colour_is_a_usage_error(args: list[str]) -> None:
    result = CliRunner().invoke(main, [*args, "--color", "always", str(EXAMPLE)])
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"Error: --color always colours --format {'text and urls' if args[0] == 'show' else 'text'};"
        f" --format {args[2]} has no colour: leave --color out\n"
    )
    assert result.stdout == ""


@pytest.mark.parametrize("choice", ["never", "auto"])
@pytest.mark.parametrize(("command", "form"), [("show", "json"), ("show", "urls"), ("lint", "sarif"), ("lint", "auto")])
def test_color_never_and_auto_are_harmless_with_every_format(choice: str, command: str, form: str) -> None:
    result = CliRunner().invoke(main, [command, "--format", form, "--color", choice, "--no-cache", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert "\x1b[" not in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("lint", "--format", "foo", str(EXAMPLE)),
        ("lint", "--bogus", str(EXAMPLE)),
        ("show", str(EXAMPLE), "--commit", "XYZ"),
        ("docs", str(EXAMPLE), "--front-matter", "--format", "json"),
        ("graph", str(EXAMPLE), "--upstream"),
        ("testrun-image",),
        ("registries", "--front-matter"),
        ("graph", str(EXAMPLE), "--depth", "0", "--focus", "ocp/4.17:x"),
    ],
)
def test_click_usage_errors_are_the_same_one_line(args: tuple[str, ...]) -> None:
    code, out, err = invoke(*args)
    assert (code, out) == (2, "")
    one_error_line(err)


def test_help_is_still_help() -> None:
    code, _, err = invoke()  # no command: click's whole help, not shortened to an error line
    assert code == 2
    assert "Commands:" in err
    code, out, _ = invoke("lint", "--help")
    assert code == 0
    assert "Options:" in out


def test_graph_focus_that_matches_nothing_suggests_as_explain_does() -> None:
    graph = str(TESTDATA / "graph" / "input")
    code, _, err = invoke("graph", graph, "--focus", "ocp/4.17:gadgte", "--no-cache")
    assert code == 1
    assert err.splitlines()[-2:] == [
        "ocp/4.17:gadgte is not in the graph of these configs",
        "  did you mean: ocp/4.17:gadget, ocp/4.17:gadget-src, ocp/4.17:tools",
    ]
    _, out, _ = invoke("explain", "ocp/4.17:gadgte", graph, "--no-cache")
    assert out.splitlines()[1].startswith("  did you mean: ")


def test_explain_names_the_kind_of_a_promotion_as_show_does() -> None:
    code, explained, _ = invoke("explain", "build-cache/openshift-widget-operator:main", str(EXAMPLE), "--no-cache")
    assert code == 0
    _, shown, _ = invoke("show", str(EXAMPLE), "--no-cache")
    assert "binary_build_commands (build cache)\n" in explained
    assert "<- bin (build cache)\n" in shown


def test_counts_on_standard_error_agree_in_number(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    code, _, err = invoke("docs", str(EXAMPLE), "--stream", "ocp/4.17", "--output", str(page), "--no-cache")
    assert code == 0
    assert err == f"promoted-images docs: wrote {page}: 1 promoted tag in 1 table\n"
