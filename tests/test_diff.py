"""``promoted-images diff``: config trees at two git revisions, compared; real git repositories in temporary dirs.

Each golden case under testdata/diff/<case>/ holds the config tree before (base/) and after (head/) a change; the
test commits both into a new repository and compares each output format with expected.{txt,json,md}. Commit dates
and authors are fixed, so commit ids (and the goldens that show them) are the same on every run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TypeVar

import pytest
from click.testing import CliRunner
from conftest import CORPUS, TESTDATA, compare_golden

from promoter import engine, gitrevisions, lint, treeindex
from promoter.analysis import ConfigResult, analyze_text
from promoter.cli.diff import diff
from promoter.diff import ConfigDiff, DiffReport, FilePair, TagEntry, finding_key, pair_files
from promoter.files import PARALLEL_THRESHOLD, config_file
from promoter.findings import Finding, Severity
from promoter.gitrevisions import GitRevisionError, diff_revisions
from promoter.limits import Limits
from promoter.render.diff import render_markdown, render_text

T = TypeVar("T")
CASES = TESTDATA / "diff"
CONFIG = "ci-operator/config"
FORMATS = {"text": "txt", "json": "json", "markdown": "md"}
GOLDEN_CASES = sorted(path.name for path in CASES.iterdir() if (path / "base").is_dir())


@pytest.fixture(autouse=True)
def _isolated_git(monkeypatch: pytest.MonkeyPatch) -> None:
    """git as on a fresh machine: no user or system config, fixed dates, and no presubmit environment."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_AUTHOR_DATE", "2026-01-02T03:04:05Z")
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2026-01-02T03:04:05Z")
    monkeypatch.delenv("PULL_BASE_SHA", raising=False)


def git(repo: Path, *args: str) -> str:
    completed = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return completed.stdout


def init(repo: Path, *, object_format: str = "sha1") -> Path:
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main", f"--object-format={object_format}")
    return repo


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


def replace_tree(repo: Path, source: Path) -> None:
    """Make the working tree hold exactly ``source`` (git's own directory aside)."""
    for child in repo.iterdir():
        if child.name != ".git":
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    shutil.copytree(source, repo, dirs_exist_ok=True)


def write(repo: Path, path: str, text: str | bytes) -> None:
    target = repo / path
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        target.write_bytes(text)
    else:
        target.write_text(text, encoding="utf-8")


def case_repo(tmp_path: Path, case: str, *, commit_head: bool = True) -> Path:
    """A repository with the case's base tree committed, and its head tree committed (or only in the working tree)."""
    repo = init(tmp_path / case)
    replace_tree(repo, CASES / case / "base")
    commit(repo, "base")
    replace_tree(repo, CASES / case / "head")
    if commit_head:
        commit(repo, "head")
    else:
        git(repo, "add", "-A")  # staged, so git's rename detection sees new files as it would after a commit
    return repo


def run(repo: Path, *args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    previous = os.getcwd()
    os.chdir(cwd or repo)
    try:
        result = CliRunner().invoke(diff, list(args))
    finally:
        os.chdir(previous)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def report_of(repo: Path, *paths: str, base: str | None = None, head: str | None = None) -> DiffReport:
    return diff_revisions(paths or (CONFIG,), cwd=str(repo), base=base, head=head, environ={})


def by_file(report: DiffReport) -> dict[str, ConfigDiff]:
    return {config.file: config for config in report.configs}


def tags(entries: Iterable[TagEntry]) -> list[str]:
    return [str(entry.tag) for entry in entries]


# Goldens


@pytest.mark.parametrize("case", GOLDEN_CASES)
@pytest.mark.parametrize("output_format", sorted(FORMATS))
def test_golden(tmp_path: Path, case: str, output_format: str, update_goldens: bool) -> None:
    repo = case_repo(tmp_path, case)
    code, out, err = run(repo, "--base", "HEAD~1", "--head", "HEAD", CONFIG, "--format", output_format)
    assert code == 0, err
    assert err == ""
    compare_golden(CASES / case / f"expected.{FORMATS[output_format]}", out, update=update_goldens)


@pytest.mark.parametrize("case", GOLDEN_CASES)
def test_working_tree_is_compared_like_a_commit(tmp_path: Path, case: str) -> None:
    committed = report_of(case_repo(tmp_path / "a", case), base="HEAD~1", head="HEAD")
    repo = case_repo(tmp_path / "b", case, commit_head=False)
    status_before = git(repo, "status", "--porcelain")
    in_working_tree = report_of(repo)
    assert in_working_tree.head == "working tree"
    assert in_working_tree.head_commit is None
    assert in_working_tree.base_commit == committed.base_commit
    assert in_working_tree.configs == committed.configs
    assert git(repo, "status", "--porcelain") == status_before


def test_promotion_case_in_detail(tmp_path: Path) -> None:
    report = report_of(case_repo(tmp_path, "promotion"), base="HEAD~1", head="HEAD")
    (widget,) = report.configs  # the unchanged gadget config is not reported
    assert widget.status == "modified"
    assert tags(widget.tags_removed) == ["ocp/4.17:widget-debug"]
    assert tags(widget.tags_added) == [
        "acme/widget-debug:nightly",
        "acme/widget-tests:nightly",
        "acme/widget:nightly",
        "ci/widget-scripts:<commit>",
        "ocp/4.1:widget",
        "ocp/4.1:widget-debug",
    ]
    assert [(c.before, c.after) for c in widget.sources_changed] == [("src", "bin")]
    assert [(t.change, t.target) for t in widget.targets] == [
        ("enabled", "acme/<image>:nightly"),
        ("added", "ocp/4.1:<image>"),  # an unquoted 4.10 is the stream 4.1, as ci-operator reads it
    ]
    assert sorted((f.rule, f.severity) for f in widget.new_findings) == [
        ("LD-3", Severity.ERROR),
        ("PR-7", Severity.WARNING),
    ]


def test_files_case_in_detail(tmp_path: Path) -> None:
    report = report_of(case_repo(tmp_path, "files"), base="HEAD~1", head="HEAD")
    configs = by_file(report)
    gadget = f"{CONFIG}/acme/gadget"
    assert {file: config.status for file, config in configs.items()} == {
        f"{gadget}/acme-gadget-main.yaml": "unchanged",
        f"{gadget}/acme-gadget-main__okd.yaml": "added",
        f"{gadget}/acme-gadget-release-1.0.yaml": "removed",
        f"{gadget}/acme-gadget-release-1.1.yaml": "added",
        f"{CONFIG}/acme/legacy/acme-legacy-master.yaml": "renamed",
        f"{CONFIG}/acme/tool/acme-tool-master.yaml": "renamed",
    }
    main = configs[f"{gadget}/acme-gadget-main.yaml"]
    assert [f.rule for f in main.new_findings] == ["XC-1"]  # the new branch promotes main's tag too
    old, new = configs[f"{gadget}/acme-gadget-release-1.0.yaml"], configs[f"{gadget}/acme-gadget-release-1.1.yaml"]
    assert [(str(t.tag), t.elsewhere) for t in old.tags_removed] == [
        ("acme-stable/gadget:1.0", ()),
        ("acme/gadget:stable", ("acme/gadget@release-1.1",)),
    ]
    assert ("acme/gadget:stable", ("acme/gadget@release-1.0",)) in [(str(t.tag), t.elsewhere) for t in new.tags_added]
    assert [str(t.tag) for t in report.tags_gone] == ["acme-stable/gadget:1.0", "build-cache/acme-tool:main"]
    legacy = configs[f"{CONFIG}/acme/legacy/acme-legacy-master.yaml"]
    assert (legacy.base_config, legacy.config) == ("acme/legacy@main", "acme/legacy@master")
    assert not legacy.affects_promotion


def test_inputs_case_groups_a_builder_bump(tmp_path: Path) -> None:
    (widget,) = report_of(case_repo(tmp_path, "inputs"), base="HEAD~1", head="HEAD").configs
    changes = {(c.field, c.name, c.previous_name, c.change, c.images) for c in widget.inputs}
    old_alias = "ocp_builder_rhel-9-golang-1.22-openshift-4.17"
    new_alias = "ocp_builder_rhel-9-golang-1.23-openshift-4.17"
    # The builder alias is renamed along with its tag, as in openshift/release: one change each, not two.
    assert changes == {
        ("build_root", "", "", "changed", ()),
        ("base_images", new_alias, old_alias, "changed", ()),
        ("from", "", "", "changed", ("widget-tests",)),
        ("from", "", "", "added", ("widget-operator",)),
        ("inputs", new_alias, old_alias, "changed", ("widget", "widget-cli")),
        ("inputs", "bin", "", "added", ("widget-operator",)),
    }
    assert tags(widget.tags_added) == ["ocp/4.17:widget-operator"]


# Files, renames and what git is asked


GOOD = """images:
  items:
  - from: base
    to: {image}
base_images:
  base:
    name: "4.17"
    namespace: ocp
    tag: base
promotion:
  to:
  - namespace: ci
    tag: latest
zz_generated_metadata:
  branch: main
  org: acme
  repo: {image}
"""


def simple_repo(tmp_path: Path, files: Mapping[str, str | bytes], *, object_format: str = "sha1") -> Path:
    repo = init(tmp_path / "repo", object_format=object_format)
    for path, text in files.items():
        write(repo, path, text)
    commit(repo, "base")
    return repo


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("a/b.yaml", True),
        ("a/b.yml", True),
        ("a/b.json", False),
        ("..data/a.yaml", False),
        ("a/..data/b.yaml", False),
        ("a/..b.yaml", False),
        ("..a.yaml", False),
        ("a/.b.yaml", True),
        ("a..b/c.yaml", True),
        ("a/b..yaml", True),
    ],
)
def test_a_revision_holds_the_configs_a_walk_would_find(path: str, expected: bool) -> None:
    assert config_file(path) is expected  # no part of the path starts with ".." (Kubernetes ConfigMap internals)


def test_nothing_changed(tmp_path: Path) -> None:
    repo = simple_repo(tmp_path, {f"{CONFIG}/acme/a/acme-a-main.yaml": GOOD.format(image="a")})
    code, out, _ = run(repo, CONFIG)
    assert code == 0
    assert out.splitlines()[1] == "no config changed"
    code, out, _ = run(repo, CONFIG, "--format", "markdown")
    assert "no config changed" in out
    assert "<details>" not in out


@pytest.mark.parametrize("object_format", ["sha1", "sha256"])
def test_untracked_rename_is_found_by_content(tmp_path: Path, object_format: str) -> None:
    old = f"{CONFIG}/acme/a/acme-a-main.yaml"
    new = f"{CONFIG}/acme/a/renamed.yaml"
    repo = simple_repo(tmp_path, {old: GOOD.format(image="a")}, object_format=object_format)
    (repo / old).rename(repo / new)
    (config,) = report_of(repo).configs
    assert (config.status, config.base_file, config.file) == ("renamed", old, new)
    assert not config.tags_added
    assert not config.tags_removed


def test_odd_names_and_contents(tmp_path: Path) -> None:
    spaced = f"{CONFIG}/acme/a b/ünïcode file.yaml"
    repo = simple_repo(
        tmp_path,
        {
            spaced: GOOD.format(image="a"),
            f"{CONFIG}/acme/empty/empty.yaml": "",
            f"{CONFIG}/acme/notes/README.md": "not a config\n",
            f"{CONFIG}/acme/..data/acme-x-main.yaml": GOOD.format(image="x"),
        },
    )
    os.symlink("../a b/ünïcode file.yaml", repo / CONFIG / "acme" / "empty" / "link.yaml")
    commit(repo, "symlink")
    write(repo, spaced, GOOD.format(image="a2"))
    write(repo, f"{CONFIG}/acme/binary/acme-binary-main.yaml", b"\xff\xfe not utf-8")
    configs = by_file(report_of(repo))
    assert sorted(configs) == [spaced, f"{CONFIG}/acme/binary/acme-binary-main.yaml"]
    assert tags(configs[spaced].tags_added) == ["ci/a2:latest"]
    assert [f.rule for f in configs[f"{CONFIG}/acme/binary/acme-binary-main.yaml"].new_findings] == ["IO-1"]


def test_list_tree_and_read_blobs(tmp_path: Path) -> None:
    files = {f"dir/file {index}.yaml": f"value: {index}\n" * index for index in range(300)}
    repo = simple_repo(tmp_path, files)
    head = git(repo, "rev-parse", "HEAD").strip()
    listing = gitrevisions.list_tree(head, str(repo), ["dir"])
    assert sorted(listing) == sorted(files)
    contents = gitrevisions.read_blobs(listing.values(), str(repo))
    assert {path: contents[blob].decode() for path, blob in listing.items()} == files
    assert all(engine.blob_id(contents[blob]) == blob for blob in listing.values())
    with pytest.raises(GitRevisionError, match="cannot read blob"):
        gitrevisions.read_blobs(["0" * 40], str(repo))


def linted_files(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files analysed in this process from now on (for a lint outcome, with its tests or without), recorded."""
    computed: list[str] = []
    original = engine._analysed

    def counting(path: str, raw: bytes, *args: object, **options: object) -> object:
        computed.append(path)
        return original(path, raw, *args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "_analysed", counting)
    return computed


def test_unchanged_files_are_read_from_the_working_tree_only_when_they_are_the_blob(tmp_path: Path) -> None:
    files = {f"dir/f{index}.yaml": f"value: {index}\n" for index in range(4)}
    repo = simple_repo(tmp_path, files)
    listing = gitrevisions.list_tree(git(repo, "rev-parse", "HEAD").strip(), str(repo))
    write(repo, "dir/f1.yaml", "value: changed on disk\n")  # e.g. diff --head HEAD of a dirty checkout
    (repo / "dir" / "f2.yaml").unlink()
    os.mkfifo(repo / "dir" / "f2.yaml")  # never opened for a blocking read
    write(repo, "dir/f3.yaml", "value: 3\n" + "#" * 100)  # more than the limit on disk
    read = gitrevisions._unchanged_bytes(sorted(listing.items()), str(repo), sha256=False, limits=Limits(max_bytes=20))
    assert read == {path: text.encode() for path, text in files.items()}


def test_unchanged_files_in_worker_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # More unchanged configs than PARALLEL_THRESHOLD: --jobs 2 computes them in worker processes, which send them
    # back as text; the diff is the same as computed here, with the cache or without.
    e2e = "tests:\n- as: e2e\n  steps:\n    workflow: ipi-aws\n"
    files = {
        f"{CONFIG}/acme/r{index}/acme-r{index}-main.yaml": promoting(f"r{index}", [f"r{index}"]) + e2e
        for index in range(PARALLEL_THRESHOLD + 10)
    }
    repo = simple_repo(tmp_path, files)
    write(repo, f"{CONFIG}/acme/r0/acme-r0-main.yaml", promoting("r0", ["r1", "s"]))  # in conflict with r1
    expected = run(repo, CONFIG, "--no-cache", "--jobs", "1", "--format", "json")
    assert "XC-1" in expected[1]
    cache_dir = tmp_path / "cache"
    assert run(repo, CONFIG, "--no-cache", "--jobs", "2", "--format", "json") == expected
    assert run(repo, CONFIG, "--cache-dir", str(cache_dir), "--jobs", "2", "--format", "json") == expected
    # What the workers stored is what lint stores (with the tests, which lint with a step registry reads), and
    # a lint of the unchanged configs computes none of them.
    path = f"{CONFIG}/acme/r1/acme-r1-main.yaml"
    key = engine.content_key(path, engine.blob_id(files[path].encode()), Limits())
    cache = engine.OutcomeCache(str(cache_dir))
    try:
        stored = cache.get_texts("outcomes", [key])
    finally:
        cache.close()
    outcome = engine.outcome_from_bytes(path, files[path].encode())
    assert outcome.tests
    assert stored == {key: json.dumps(engine.OUTCOMES.encode(outcome), separators=(",", ":"))}
    write(repo, f"{CONFIG}/acme/r0/acme-r0-main.yaml", promoting("r0", ["r0"]))
    computed = linted_files(monkeypatch)
    from promoter.cli.lint import lint  # noqa: PLC0415

    monkeypatch.chdir(repo)
    linted = CliRunner().invoke(lint, [CONFIG, "--cache-dir", str(cache_dir), "--jobs", "1"])
    assert linted.exit_code == 1, linted.output  # the configs are incomplete: SC-1, BR-6
    assert computed == [f"{CONFIG}/acme/r0/acme-r0-main.yaml"]


def test_git_run_alongside_reports_its_failure(tmp_path: Path) -> None:
    repo = simple_repo(tmp_path, {"a.yaml": "a: 1\n"})
    with pytest.raises(GitRevisionError, match="bad object"):
        gitrevisions.changed_names("0" * 40, None, str(repo))
    with gitrevisions._Started(["cat-file", "--batch"], str(repo)) as started:
        pass  # left unread: ended, not left behind
    assert started.process.returncode is not None


def test_working_tree_is_never_written(tmp_path: Path) -> None:
    repo = case_repo(tmp_path, "files", commit_head=False)
    (repo / "untracked.yaml").write_text("x: 1\n")
    before = {p: p.stat().st_mtime_ns for p in repo.rglob("*") if ".git" not in p.parts}
    index = (repo / ".git" / "index").stat().st_mtime_ns
    run(repo, CONFIG, "--base", "HEAD")
    after = {p: p.stat().st_mtime_ns for p in repo.rglob("*") if ".git" not in p.parts}
    assert before == after
    assert (repo / ".git" / "index").stat().st_mtime_ns == index


def test_pair_files() -> None:
    base = {"a.yaml": "1", "b.yaml": "2", "c.yaml": "3", "d.yaml": "4"}
    head = {"a.yaml": "9", "b2.yaml": "2", "c2.yaml": "8", "e.yaml": "5"}
    pairs = pair_files(
        base,
        head,
        changed={"a.yaml", "b.yaml", "b2.yaml", "c.yaml", "c2.yaml", "d.yaml", "e.yaml"},
        renames=[("c.yaml", "c2.yaml")],
    )
    assert pairs == [
        FilePair(status="modified", base_file="a.yaml", head_file="a.yaml"),
        FilePair(status="renamed", base_file="b.yaml", head_file="b2.yaml"),
        FilePair(status="renamed", base_file="c.yaml", head_file="c2.yaml"),
        FilePair(status="removed", base_file="d.yaml", head_file=None),
        FilePair(status="added", base_file=None, head_file="e.yaml"),
    ]


def test_findings_are_matched_without_line_numbers(tmp_path: Path) -> None:
    path = f"{CONFIG}/acme/a/acme-a-main.yaml"
    broken = GOOD.format(image="a").replace('name: "4.17"', "name: 4.10")
    repo = simple_repo(tmp_path, {path: broken})
    write(repo, path, "# a comment\n# and another\n" + broken + "tests: []\n")
    (config,) = report_of(repo).configs
    assert config.status == "modified"
    assert not config.new_findings
    assert not config.affects_promotion
    finding = Finding(
        file=path,
        line=3,
        column=1,
        json_path="x",
        rule="XC-1",
        severity=Severity.ERROR,
        message="also by a (a.yaml:17), line 4",
    )
    moved = Finding(
        file=path,
        line=9,
        column=1,
        json_path="x",
        rule="XC-1",
        severity=Severity.ERROR,
        message="also by a (a.yaml:23), line 8",
    )
    assert finding_key(finding) == finding_key(moved)


# Revisions, PATHs and errors


def test_default_base_is_the_merge_base_with_pull_base_sha(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = f"{CONFIG}/acme/a/acme-a-main.yaml", f"{CONFIG}/acme/b/acme-b-main.yaml"
    repo = simple_repo(tmp_path, {a: GOOD.format(image="a")})
    git(repo, "checkout", "-q", "-b", "pull")
    write(repo, b, GOOD.format(image="b"))  # the pull request adds b
    commit(repo, "pull")
    git(repo, "checkout", "-q", "main")
    write(repo, a, GOOD.format(image="a").replace("latest", "stable"))  # meanwhile, the branch changes a
    pull_base = commit(repo, "main moves on")
    git(repo, "checkout", "-q", "pull")
    monkeypatch.setenv("PULL_BASE_SHA", pull_base)
    code, out, err = run(repo, CONFIG, "--format", "json")
    assert code == 0, err
    document = json.loads(out)
    assert document["base"]["revision"] == "merge base of HEAD and PULL_BASE_SHA"
    assert document["base"]["commit"] == git(repo, "rev-parse", "main~1").strip()
    assert [(c["status"], c["file"]) for c in document["configs"]] == [("added", b)]
    monkeypatch.delenv("PULL_BASE_SHA")
    code, out, _ = run(repo, CONFIG, "--format", "json")
    assert json.loads(out)["configs"] == []  # against HEAD, the clean working tree changes nothing


def test_paths_relative_to_cwd_or_top(tmp_path: Path) -> None:
    repo = case_repo(tmp_path, "files")
    expected = {f"{CONFIG}/acme/tool/acme-tool-master.yaml"}
    for cwd, path in [
        (repo, f"{CONFIG}/acme/tool"),
        (repo / "ci-operator", "config/acme/tool"),
        (repo / "ci-operator", f"{CONFIG}/acme/tool"),
        (repo / CONFIG / "acme" / "gadget", "../tool"),
    ]:
        code, out, err = run(repo, "--base", "HEAD~1", "--head", "HEAD", path, "--format", "json", cwd=cwd)
        assert code == 0, err
        assert {c["file"] for c in json.loads(out)["configs"]} == expected, (cwd, path)
    whole = {c.file for c in report_of(repo, ".", base="HEAD~1", head="HEAD").configs}
    assert len(whole) == 6


def test_a_deleted_directory_is_still_a_path(tmp_path: Path) -> None:
    gone = f"{CONFIG}/acme/a/acme-a-main.yaml"
    repo = simple_repo(
        tmp_path, {gone: GOOD.format(image="a"), f"{CONFIG}/acme/b/acme-b-main.yaml": GOOD.format(image="b")}
    )
    shutil.rmtree(repo / CONFIG / "acme" / "a")
    (config,) = report_of(repo, f"{CONFIG}/acme/a").configs
    assert (config.status, config.file, tags(config.tags_removed)) == ("removed", gone, ["ci/a:latest"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--base", "no-such-revision", CONFIG], "unknown revision 'no-such-revision'"),
        (["--head", "--help-me", CONFIG], "unknown revision '--help-me'"),
        (["--base", "HEAD~5", CONFIG], "unknown revision 'HEAD~5'"),
        (["../outside"], "outside the repository"),
        (["nowhere"], "nowhere: no config file there at HEAD or working tree"),
    ],
)
def test_usage_errors_are_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    repo = simple_repo(tmp_path, {f"{CONFIG}/acme/a/acme-a-main.yaml": GOOD.format(image="a")})
    code, out, err = run(repo, *args)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("Error: ")
    assert message in err


def test_not_a_checkout(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    code, out, err = run(plain, ".")
    assert (code, out) == (2, "")
    assert err == f"Error: not a git checkout: {plain}\n"


def test_no_path_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run(simple_repo(tmp_path, {"a.yaml": "x: 1\n"}))
    assert code == 2
    assert "PATH" in err


def test_fail_on(tmp_path: Path) -> None:
    repo = case_repo(tmp_path, "promotion")
    base = ["--base", "HEAD~1", "--head", "HEAD", CONFIG]
    assert run(repo, *base)[0] == 0
    assert run(repo, *base, "--fail-on", "removed-tags")[0] == 1
    assert run(repo, *base, "--fail-on", "new-errors")[0] == 1
    assert run(repo, *base, "--fail-on", "new-warnings, removed-tags")[0] == 1
    assert run(repo, "--base", "HEAD", "--head", "HEAD~1", CONFIG, "--fail-on", "new-errors,new-warnings")[0] == 0
    code, _, err = run(repo, *base, "--fail-on", "removed-tags,everything")
    assert code == 2
    assert "everything" in err


def test_a_moved_tag_is_not_a_removed_one(tmp_path: Path) -> None:
    old, new = f"{CONFIG}/acme/a/acme-a-main.yaml", f"{CONFIG}/acme/b/acme-b-main.yaml"
    repo = simple_repo(tmp_path, {old: GOOD.format(image="a")})
    write(repo, new, GOOD.format(image="b").replace("to: b", "to: a"))  # b now builds and promotes ci/a:latest
    write(
        repo,
        old,
        GOOD.format(image="a").replace("  - namespace: ci\n    tag: latest\n", "  - namespace: ci\n    tag: old\n"),
    )
    report = report_of(repo)
    assert [(str(t.tag), t.elsewhere) for t in report.tags_removed] == [("ci/a:latest", ("acme/b@main",))]
    assert run(repo, CONFIG, "--fail-on", "removed-tags")[0] == 0
    _, out, _ = run(repo, CONFIG)
    assert "- ci/a:latest  <- a  (still promoted by acme/b@main)" in out
    assert "+ ci/a:latest  <- a  (moved from acme/a@main)" in out


# Rendering


def test_markdown_stays_short(tmp_path: Path) -> None:
    files = {f"{CONFIG}/acme/r{index}/acme-r{index}-main.yaml": GOOD.format(image=f"r{index}") for index in range(40)}
    repo = simple_repo(tmp_path, files)
    for path in files:
        (repo / path).unlink()
    report = report_of(repo)
    full = render_markdown(report)
    short = render_markdown(report, max_chars=3000)
    assert len(short) <= 3000 < len(full)
    assert short.splitlines()[0] == full.splitlines()[0]
    shown = short.count("<details>")
    assert f"… and {40 - shown} more configs not shown here" in short


def test_text_colour(tmp_path: Path) -> None:
    report = report_of(case_repo(tmp_path, "promotion"), base="HEAD~1", head="HEAD")
    coloured = render_text(report, color=True)
    assert "\x1b[32m+ acme/widget:nightly\x1b[0m" in coloured
    assert "\x1b[31m- ocp/4.17:widget-debug\x1b[0m" in coloured
    assert "\x1b[" not in render_text(report)


# The cache


def test_unchanged_configs_are_computed_once_and_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {f"{CONFIG}/acme/r{index}/acme-r{index}-main.yaml": GOOD.format(image=f"r{index}") for index in range(5)}
    repo = simple_repo(tmp_path, files)
    write(repo, f"{CONFIG}/acme/r0/acme-r0-main.yaml", GOOD.format(image="changed"))
    computed = linted_files(monkeypatch)
    cache_dir = tmp_path / "cache"
    first = run(repo, CONFIG, "--cache-dir", str(cache_dir), "--format", "json")
    assert sorted(computed) == sorted(path for path in files if "/r0/" not in path)  # once each, for both sides
    computed.clear()
    second = run(repo, CONFIG, "--cache-dir", str(cache_dir), "--format", "json")
    assert computed == []
    assert first == second
    run(repo, CONFIG, "--no-cache", "--format", "json")
    assert len(computed) == 4


def test_the_changed_configs_outcomes_are_kept_for_the_next_diff(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {f"{CONFIG}/acme/r{index}/acme-r{index}-main.yaml": GOOD.format(image=f"r{index}") for index in range(3)}
    repo = simple_repo(tmp_path, files)
    write(repo, f"{CONFIG}/acme/r0/acme-r0-main.yaml", GOOD.format(image="changed"))
    linted: list[str] = []
    original = lint.lint_file

    def counting(result: ConfigResult) -> object:
        linted.append(result.file)
        return original(result)

    monkeypatch.setattr(lint, "lint_file", counting)
    cache_dir = tmp_path / "cache"
    first = run(repo, CONFIG, "--cache-dir", str(cache_dir), "--format", "json")
    assert linted.count(f"{CONFIG}/acme/r0/acme-r0-main.yaml") == 2  # the base's and the head's
    linted.clear()
    # Another format is no replay: the changed configs are analysed again, and their outcomes found.
    markdown = run(repo, CONFIG, "--cache-dir", str(cache_dir), "--format", "markdown")
    assert linted == []
    assert (first, markdown) == (
        run(repo, CONFIG, "--no-cache", "--format", "json"),
        run(repo, CONFIG, "--no-cache", "--format", "markdown"),
    )


# diff after lint: the index of the working tree lint kept (promoter.treeindex)


def promoting(repo: str, images: Iterable[str], *, suppressed: bool = False) -> str:
    """A config promoting ``ci/<image>:latest`` for each image; ``suppressed`` ignores XC-1 on the target's line."""
    items = "".join(f"  - from: base\n    to: {image}\n" for image in images)
    target = "  - namespace: ci" + ("  # promoted-images: ignore[XC-1]" if suppressed else "")
    return (
        f"images:\n  items:\n{items}base_images:\n  base:\n    name: '4.17'\n    namespace: ocp\n    tag: base\n"
        f"promotion:\n  to:\n{target}\n    tag: latest\n"
        f"zz_generated_metadata:\n  branch: main\n  org: acme\n  repo: {repo}\n"
    )


def lint_then_diff(repo: Path, cache_dir: Path, *args: str) -> tuple[int, str, str]:
    """``lint`` of the working tree from the top of the repository, then ``diff`` with the cache lint filled."""
    from promoter.cli.lint import lint  # noqa: PLC0415

    previous = os.getcwd()
    os.chdir(repo)
    try:
        linted = CliRunner().invoke(lint, [CONFIG, "--cache-dir", str(cache_dir)])
    finally:
        os.chdir(previous)
    assert linted.exit_code in (0, 1), linted.output
    return run(repo, CONFIG, "--cache-dir", str(cache_dir), *args)


def read_outcomes(monkeypatch: pytest.MonkeyPatch, function: str = "_unchanged_outcomes") -> list[str]:
    """The unchanged files whose outcomes diff reads from now on, recorded; or those it reads the whole tree for
    (``_whole_tree``: without an index), or computes (``_computed``)."""
    read: list[str] = []
    original = getattr(gitrevisions, function)

    def recording(paths: list[str], *args: object, **kwargs: object) -> object:
        read.extend(paths)
        return original(paths, *args, **kwargs)

    monkeypatch.setattr(gitrevisions, function, recording)
    return read


def test_diff_after_lint_reads_only_the_configs_sharing_tags(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # c shares t with u; u shares v with w, on the line where u suppresses XC-1; w shares x with far; z is alone.
    files = {
        "c": promoting("c", ["t"]),
        "u": promoting("u", ["t", "v"], suppressed=True),
        "w": promoting("w", ["v", "x"]),
        "far": promoting("far", ["x"]),
        **{f"z{index}": promoting(f"z{index}", [f"z{index}"]) for index in range(5)},
    }
    repo = simple_repo(tmp_path, {f"{CONFIG}/acme/{name}/acme-{name}-main.yaml": text for name, text in files.items()})
    write(repo, f"{CONFIG}/acme/c/acme-c-main.yaml", promoting("c", ["s"]))  # c no longer promotes t
    expected = run(repo, CONFIG, "--no-cache", "--format", "json")
    read = read_outcomes(monkeypatch)
    assert lint_then_diff(repo, tmp_path / "cache", "--format", "json") == expected
    # u's findings are compared: every config promoting one of its tags is read (w), so that u's suppression,
    # used by XC-1 of v on both sides, is not reported as unused at the head.
    assert sorted(read) == [f"{CONFIG}/acme/{name}/acme-{name}-main.yaml" for name in ("u", "w")]
    assert "SUP-1" not in expected[1]
    assert json.loads(expected[1])["configs"][0]["file"] == f"{CONFIG}/acme/c/acme-c-main.yaml"


@pytest.mark.parametrize("case", GOLDEN_CASES)
@pytest.mark.parametrize("output_format", sorted(FORMATS))
def test_diff_after_lint_is_the_diff(
    tmp_path: Path, case: str, output_format: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = case_repo(tmp_path, case, commit_head=False)
    expected = run(repo, CONFIG, "--no-cache", "--format", output_format)
    loaded: list[object] = []
    original = treeindex.load

    def recording(*args: str) -> object:
        loaded.append(original(*args))
        return loaded[-1]

    monkeypatch.setattr(treeindex, "load", recording)
    assert lint_then_diff(repo, tmp_path / "cache", "--format", output_format) == expected
    assert loaded
    assert loaded[0] is not None  # lint's index of the working tree was used


def test_diff_after_lint_writes_nothing_to_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Its first write would cost a checkpoint of the cache as it closes it: what lint stored is all it needs.
    files = {
        f"{CONFIG}/acme/r{index}/acme-r{index}-main.yaml": promoting(f"r{index}", [f"r{index}"]) for index in range(4)
    }
    repo = simple_repo(tmp_path, files)
    write(repo, f"{CONFIG}/acme/r0/acme-r0-main.yaml", promoting("r0", ["r1"]))
    stores: list[str] = []
    original = engine.OutcomeCache.store

    def recording(self: engine.OutcomeCache, table: str, *args: object) -> None:
        stores.append(table)
        original(self, table, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(engine.OutcomeCache, "store", recording)
    from promoter.cli.lint import lint as lint_command  # noqa: PLC0415

    monkeypatch.chdir(repo)
    assert CliRunner().invoke(lint_command, [CONFIG, "--cache-dir", str(tmp_path / "cache")]).exit_code == 1
    assert stores
    stores.clear()
    assert run(repo, CONFIG, "--cache-dir", str(tmp_path / "cache")) == run(repo, CONFIG, "--no-cache")
    assert stores == []


def test_a_diff_keeps_the_index_for_the_next(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {
        f"{CONFIG}/acme/r{index}/acme-r{index}-main.yaml": promoting(f"r{index}", [f"r{index}"]) for index in range(6)
    }
    repo = simple_repo(tmp_path, files)
    write(repo, f"{CONFIG}/acme/r0/acme-r0-main.yaml", promoting("r0", ["r1"]))  # now in conflict with r1
    read = read_outcomes(monkeypatch)
    whole = read_outcomes(monkeypatch, "_whole_tree")
    computed = read_outcomes(monkeypatch, "_computed")
    cache_dir = tmp_path / "cache"
    text = run(repo, CONFIG, "--cache-dir", str(cache_dir))
    # No index yet: every unchanged config is computed, and only the one sharing a tag is read into the sides.
    assert len(whole) == len(computed) == 5
    assert read == [f"{CONFIG}/acme/r1/acme-r1-main.yaml"]
    read.clear()
    whole.clear()
    computed.clear()
    markdown = run(repo, CONFIG, "--cache-dir", str(cache_dir), "--format", "markdown")
    assert read == [f"{CONFIG}/acme/r1/acme-r1-main.yaml"]
    assert whole == computed == []  # the index the first diff kept, and the outcome it stored
    assert (text, markdown) == (
        run(repo, CONFIG, "--no-cache"),
        run(repo, CONFIG, "--no-cache", "--format", "markdown"),
    )
    assert "XC-1" in text[1]


def test_an_index_that_does_not_read_back_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {
        f"{CONFIG}/acme/r{index}/acme-r{index}-main.yaml": promoting(f"r{index}", [f"r{index}"]) for index in range(3)
    }
    repo = simple_repo(tmp_path, files)
    write(repo, f"{CONFIG}/acme/r0/acme-r0-main.yaml", promoting("r0", ["r1"]))
    cache_dir = tmp_path / "cache"
    expected = run(repo, CONFIG, "--no-cache")
    run(repo, CONFIG, "--cache-dir", str(cache_dir), "--format", "json")  # writes the index
    (index,) = (cache_dir / treeindex.DIRECTORY).iterdir()
    for broken in ('{"ci/r1:latest": "not a list"}', "[]", "{", "\u00e9"):
        index.write_bytes(broken.encode())
        read = read_outcomes(monkeypatch, "_whole_tree")
        assert run(repo, CONFIG, "--cache-dir", str(cache_dir)) == expected
        assert len(read) == 2  # every unchanged config, as without an index
        for memo in (cache_dir / "outputs-v1").iterdir():
            memo.unlink()


def test_only_the_newest_indexes_are_kept(tmp_path: Path) -> None:
    for number in range(treeindex.KEEP + 3):
        treeindex.store(str(tmp_path), f"{number:040x}", {"ci/a:latest": [f"file{number}"]})
        os.utime(tmp_path / treeindex.DIRECTORY / f"{number:040x}.json", ns=(number * 10**9, number * 10**9))
    kept = sorted(path.name for path in (tmp_path / treeindex.DIRECTORY).iterdir())
    assert len(kept) == treeindex.KEEP
    assert f"{treeindex.KEEP + 2:040x}.json" in kept
    assert treeindex.load(str(tmp_path), f"{treeindex.KEEP + 2:040x}") == {"ci/a:latest": [f"file{treeindex.KEEP + 2}"]}
    assert treeindex.load(str(tmp_path), "0" * 40) is None


def test_a_tree_has_one_key_from_content_keys_or_blob_ids() -> None:
    # lint knows its files by content key, diff by the blob ids git lists: both must name the same index.
    blobs = {"b/b-b-main.yaml": "1" * 40, "a/a-a-main.yaml": "2" * 40, "c/c.yaml": "3" * 64}
    limits = Limits()
    keys = engine.content_keys(blobs, limits)
    assert treeindex.tree_key(limits, keys) == treeindex.blob_tree_key(limits, blobs)
    assert {path: engine.key_blob(key) for path, key in keys.items()} == blobs
    # Any other blob, path or limits is another tree.
    others = [
        treeindex.blob_tree_key(limits, {**blobs, "c/c.yaml": "4" * 64}),
        treeindex.blob_tree_key(limits, {**blobs, "d/d.yaml": "4" * 40}),
        treeindex.blob_tree_key(Limits(max_depth=7), blobs),
    ]
    assert treeindex.blob_tree_key(limits, blobs) not in others
    assert len(set(others)) == len(others)


# The shared corpus, with edits whose consequences are known


def _first(items: Iterable[T]) -> T:
    return next(iter(items))


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside the project")
def test_corpus_diff_is_exactly_the_edits(tmp_path: Path) -> None:
    repo = init(tmp_path / "release")
    shutil.copytree(CORPUS, repo / "corpus")
    commit(repo, "corpus")
    files = sorted(p.relative_to(repo).as_posix() for p in (repo / "corpus").rglob("*.y*ml") if p.is_file())
    files = [path for path in files if config_file(path)]  # as directory discovery: no ..data ConfigMap internals
    outcomes = {path: engine.outcome_from_bytes(path, (repo / path).read_bytes()) for path in files}
    promoters: dict[str, set[str]] = {}
    for path, outcome in outcomes.items():
        for promoted in outcome.promoted:
            promoters.setdefault(promoted[0], set()).add(path)
    results: dict[str, ConfigResult] = {}
    for path in files:
        result = analyze_text((repo / path).read_text(encoding="utf-8"), path, path_for_metadata=path)
        if result.config is not None and result.config.metadata is not None:
            results[path] = result

    def text(path: str) -> str:
        return (repo / path).read_text(encoding="utf-8")

    def alone(path: str) -> bool:
        """Whether no other config promotes any of its tags: an edit then changes no other config's findings."""
        return all(promoters[promoted[0]] == {path} for promoted in outcomes[path].promoted)

    # Configs to edit: each promotes a tag that no other config promotes, and has no variant.
    plain = [
        path
        for path, result in results.items()
        if result.promotion.tags and result.config.metadata.variant == "" and alone(path)  # type: ignore[union-attr]
    ]
    disabled_file = _first(
        p
        for p in plain
        if any(t.target == 0 for t in results[p].promotion.tags) and text(p).count("promotion:\n  to:\n  - ") == 1
    )
    deleted_file = _first(p for p in plain if p != disabled_file)
    copied_file = _first(
        p
        for p in plain
        if p not in (disabled_file, deleted_file)
        and text(p).count(f"  branch: {results[p].config.metadata.branch}\n") == 1  # type: ignore[union-attr]
        and any(t.kind != "build-cache" for t in results[p].promotion.tags)
    )
    renamed_file = _first(
        p
        for p in plain
        if p not in (disabled_file, deleted_file, copied_file)
        and "zz_generated_metadata:" in text(p)  # else the metadata comes from the name, and changes with it
        and not any(finding.rule == "FN-4" for finding in outcomes[p].findings)
    )
    edited = {disabled_file, deleted_file, copied_file, renamed_file}
    bumped_file = _first(
        p
        for p, r in results.items()
        if p not in edited
        and r.config is not None
        and any(i.from_ == b.alias for b in r.config.base_images for i in r.config.images)
    )

    def all_tags(result: ConfigResult) -> set[str]:
        return {str(t.ist) for t in (*result.promotion.tags, *result.promotion.commit_tags)}

    expected: dict[str, tuple[str, set[str], set[str]]] = {}  # file -> (status, tags added, tags removed)

    # 1. The first promotion target is disabled: the tags only it promotes go.
    disabled = results[disabled_file]
    (repo / disabled_file).write_text(
        text(disabled_file).replace("promotion:\n  to:\n  - ", "promotion:\n  to:\n  - disabled: true\n    ")
    )
    everything = (*disabled.promotion.tags, *disabled.promotion.commit_tags)
    gone = {str(t.ist) for t in everything if t.target == 0} - {str(t.ist) for t in everything if t.target != 0}
    assert gone
    expected[disabled_file] = ("modified", set(), gone)

    # 2. A config is deleted: every tag it promoted goes.
    (repo / deleted_file).unlink()
    expected[deleted_file] = ("removed", set(), all_tags(results[deleted_file]))

    # 3. A config is copied to a new branch: it promotes the same tags, except for its build cache, which is per
    # branch; each shared tag is a conflict (XC-1) in both configs.
    copied = results[copied_file]
    assert copied.config is not None
    assert copied.config.metadata is not None
    metadata = copied.config.metadata
    new_branch = f"{Path(copied_file).parent.as_posix()}/{metadata.org}-{metadata.repo}-release-9.99.yaml"
    copied_text = text(copied_file)
    (repo / new_branch).write_text(copied_text.replace(f"  branch: {metadata.branch}\n", "  branch: release-9.99\n"))
    cache_tags = {str(t.ist) for t in copied.promotion.tags if t.kind == "build-cache"}
    new_cache = {tag.replace(f":{metadata.branch}", ":release-9.99") for tag in cache_tags}
    expected[new_branch] = ("added", (all_tags(copied) - cache_tags) | new_cache, set())
    expected[copied_file] = ("unchanged", set(), set())

    # 4. A config is renamed as it is: nothing it promotes changes.
    renamed_to = renamed_file.replace(".yaml", "-renamed.yaml")
    (repo / renamed_file).rename(repo / renamed_to)
    expected[renamed_to] = ("renamed", set(), set())

    # 5. A base image is bumped: the images built from it change inputs, and nothing else.
    bumped = results[bumped_file]
    assert bumped.config is not None
    images = bumped.config.images
    alias = _first(b for b in bumped.config.base_images if any(i.from_ == b.alias for i in images))
    lines = text(bumped_file).splitlines(keepends=True)
    tag_line = _first(i for i in range(alias.location.line, len(lines)) if lines[i].strip().startswith("tag:"))
    lines[tag_line] = re.sub(r"(tag: *)([\"']?)(.*?)\2$", r"\1\2\3-next\2", lines[tag_line].rstrip("\n")) + "\n"
    (repo / bumped_file).write_text("".join(lines))
    expected[bumped_file] = ("modified", set(), set())

    report = report_of(repo, "corpus")
    configs = by_file(report)
    assert {file: c.status for file, c in configs.items()} == {file: e[0] for file, e in expected.items()}
    for file, (_, added, removed) in expected.items():
        assert set(tags(configs[file].tags_added)) == added, file
        assert set(tags(configs[file].tags_removed)) == removed, file
        assert not configs[file].sources_changed, file
        assert not configs[file].fixed_findings, file
        if file != bumped_file:
            assert not configs[file].inputs, file
    assert [(t.change, t.path) for t in configs[disabled_file].targets] == [("disabled", "promotion.to[0]")]
    assert all(not configs[file].targets for file in expected if file != disabled_file)
    assert configs[renamed_to].base_file == renamed_file
    assert {f.rule for f in configs[renamed_to].new_findings} == {"FN-4"}  # the name no longer matches the metadata
    bump = configs[bumped_file].inputs
    alias_name = alias.alias
    built_from = tuple(sorted(i.to for i in images if i.from_ == alias_name))
    with_input = tuple(sorted(i.to for i in images if any(put.name == alias_name for put in i.inputs)))
    assert {(c.field, c.name, c.images) for c in bump} == {
        ("base_rpm_images" if alias.rpm else "base_images", alias_name, ()),
        ("from", "", built_from),
        *([("inputs", alias_name, with_input)] if with_input else []),
    }
    assert all(c.after == c.before + "-next" for c in bump)
    assert not configs[bumped_file].new_findings
    # A new file's findings are all new: those of the config it copies, and the conflicts with it.
    copied_rules = {f.rule for f in outcomes[copied_file].findings}
    assert {f.rule for f in configs[new_branch].new_findings} == copied_rules | {"XC-1"}
    assert {f.rule for f in configs[copied_file].new_findings} == {"XC-1"}
    assert not configs[disabled_file].new_findings
    assert not configs[deleted_file].new_findings
