"""The build farm core and commands: log and URL parsing, clusters, login steps, and that no token ever leaks."""

from __future__ import annotations

import json
import re
import shlex

import click
import pytest
from click.testing import CliRunner
from conftest import TESTDATA

from promoter.buildfarm import (
    BuildFarmError,
    cluster_for_console_host,
    job_namespace,
    login_instructions,
    namespaces_in_log,
    parse_console_url,
    parse_service_account,
    pipeline_images,
    resolve_cluster,
    resolve_login_target,
    service_account_instructions,
    tags_of_images,
    validate_namespace,
)

# The module, not its commands: pytest would try to collect a module-level name starting with "test".
from promoter.cli import buildfarm as cli
from promoter.model import ImageBuild
from promoter.registries import (
    CLUSTERS,
    QCI_PROXY_HOST,
    find_cluster,
    registry_for_cluster,
    registry_rows,
)
from promoter.render.buildfarm import render_instructions_json, render_instructions_text

LOGS = TESTDATA / "buildfarm" / "logs"
CONFIGS = TESTDATA / "buildfarm" / "configs"


def invoke(command: click.Command, *args: str, stdin: str | bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(command, list(args), input=stdin)
    # Wrong input must end in a message and an exit code, never in a traceback.
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.stdout, result.stderr


# --- build logs ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("log", "cluster", "namespace", "line"),
    [
        # 2020 plain log format, with another run's namespace on a later line.
        ("build02-ci-op.log", "build02", "ci-op-2c2tvgti", 5),
        # logrus with colours; the console is OpenShift's default route on an OSD cluster.
        ("build04-logrus-color.log", "build04", "ci-op-022dqmlr", 5),
        # JSON lines (ci-operator's log file) and a secret created "in namespace ci-op-..." after it.
        ("build01-json.log", "build01", "ci-op-qmyrhiml", 5),
        # cluster-bot launches: ci-ln namespaces of 7 characters.
        ("build05-ci-ln.log", "build05", "ci-ln-4ckd6hk", 4),
        # apps.build02.vmc... is vsphere02, not build02.
        ("vsphere02.log", "vsphere02", "ci-op-x7vzk2wd", 2),
        # apps.arm-build01... is arm01, not build01 (ci-operator's unanchored buildNN match would say so).
        ("arm01.log", "arm01", "ci-op-h4t9ml2c", 2),
        # Windows line ends, and a cluster that the table does not list.
        ("build10-crlf.log", "build10", "ci-op-w3lgx9rs", 2),
        # No "Using namespace" line: a pull spec on a build farm registry names both.
        ("no-using-line.log", "build03", "ci-op-ms6rtk1v", 4),
    ],
)
def test_namespace_of_real_looking_logs(log: str, cluster: str, namespace: str, line: int) -> None:
    found = namespaces_in_log((LOGS / log).read_bytes().decode(), name=log)
    assert len(found) == 1
    assert (found[0].cluster.name, found[0].namespace) == (cluster, namespace)
    assert found[0].origin.startswith(f"{log} line {line} ")


def test_a_log_with_two_runs_names_both_once_in_order() -> None:
    found = namespaces_in_log((LOGS / "two-namespaces.log").read_text())
    assert [(n.cluster.name, n.namespace) for n in found] == [
        ("build03", "ci-op-bz4kq8rn"),
        ("build01", "ci-op-5ddwf7jq"),
    ]


@pytest.mark.parametrize(
    "noise",
    [
        "2024/01/01 00:00:00 Found existing build src in namespace ci-op-bbbbbbbb\n",
        "Importing registry.build01.ci.openshift.org/ci-op-bbbbbbbb/stable:cli\n",
        "see https://console.build01.ci.openshift.org/k8s/ns/ci-op-bbbbbbbb/pods/x\n",
        '{"level":"info","msg":"Created namespace ci-op-bbbbbbbb"}\n',
    ],
)
@pytest.mark.parametrize("before", [True, False])
def test_the_using_namespace_line_wins_over_other_mentions(noise: str, before: bool) -> None:
    using = "INFO[2024-01-01T00:00:01Z] Using namespace https://console.build02.ci.openshift.org/k8s/cluster/projects/ci-op-2c2tvgti\n"
    text = noise * 3 + using if before else using + noise * 3
    found = namespaces_in_log(text)
    assert [(n.cluster.name, n.namespace) for n in found] == [("build02", "ci-op-2c2tvgti")]


@pytest.mark.parametrize(
    ("log", "message"),
    [
        (
            "bare-mention.log",
            "mentions ci-op-2c2tvgti but not its cluster: give --cluster CLUSTER --namespace ci-op-2c2tvgti",
        ),
        ("not-ci-operator.log", "has no 'Using namespace' line"),
        ("custom-namespace.log", "line 2: 'jdoe-debug' is not a test namespace"),
        ("unknown-console.log", "is not the console of a known build farm cluster"),
    ],
)
def test_logs_without_a_usable_namespace(log: str, message: str) -> None:
    with pytest.raises(BuildFarmError, match=re.escape(message)):
        namespaces_in_log((LOGS / log).read_text(), name=log)


def test_empty_log() -> None:
    with pytest.raises(BuildFarmError, match="no 'Using namespace' line"):
        namespaces_in_log("")


# --- console URLs and clusters ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "cluster", "namespace"),
    [
        ("https://console.build02.ci.openshift.org/k8s/cluster/projects/ci-op-2c2tvgti", "build02", "ci-op-2c2tvgti"),
        ("https://console.build02.ci.openshift.org/k8s/cluster/projects/ci-op-2c2tvgti/", "build02", "ci-op-2c2tvgti"),
        ("https://console.build01.ci.openshift.org/k8s/ns/ci-ln-5dv97zt/pods?x=1#y", "build01", "ci-ln-5dv97zt"),
        ("https://CONSOLE.BUILD08.ci.openshift.org/k8s/cluster/namespaces/ci-op-mtn6xs34", "build08", "ci-op-mtn6xs34"),
        (
            "https://console-openshift-console.apps.build04.34d2.p2.openshiftapps.com/k8s/cluster/projects/ci-op-022dqmlr",
            "build04",
            "ci-op-022dqmlr",
        ),
        (
            "https://console-openshift-console.apps.build01.ci.devcluster.openshift.com/k8s/cluster/projects/ci-op-0b6vxvbx",
            "build01",
            "ci-op-0b6vxvbx",
        ),
        (
            "https://console-openshift-console.apps.ci.l2s4.p1.openshiftapps.com/k8s/cluster/projects/ci-op-2c2tvgti",
            "app.ci",
            "ci-op-2c2tvgti",
        ),
        (
            "https://console-openshift-console.apps.build02.vmc.ci.openshift.org/k8s/cluster/projects/ci-op-x7vzk2wd",
            "vsphere02",
            "ci-op-x7vzk2wd",
        ),
        # Ten characters: the release controller's cluster-bot jobs.
        (
            "https://console.build05.ci.openshift.org/k8s/cluster/projects/ci-ln-bcdfghjk12",
            "build05",
            "ci-ln-bcdfghjk12",
        ),
    ],
)
def test_parse_console_url(url: str, cluster: str, namespace: str) -> None:
    found = parse_console_url(url)
    assert (found.cluster.name, found.namespace) == (cluster, namespace)
    assert found.pull_spec("src") == f"{found.cluster.registry}/{namespace}/pipeline:src"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("console.build02.ci.openshift.org/k8s/cluster/projects/ci-op-2c2tvgti", "not a console URL"),
        ("https://console.build02.ci.openshift.org/", "names no namespace"),
        ("https://console.build02.ci.openshift.org/k8s/cluster/projects/openshift-console", "not a test namespace"),
        ("https://console.hosted-mgmt.ci.openshift.org/k8s/cluster/projects/ci-op-2c2tvgti", "not the console"),
        ("https://example.com/k8s/cluster/projects/ci-op-2c2tvgti", "not the console"),
        ("https://console.api.ci.openshift.org/k8s/cluster/projects/ci-op-2c2tvgti", "not the console"),
        ("https://console.build02.ci.openshift.org/k8s/cluster/projects/ci-op-2c2tvgt", "8 characters"),
    ],
)
def test_parse_console_url_rejects(url: str, message: str) -> None:
    with pytest.raises(BuildFarmError, match=message):
        parse_console_url(url)


@pytest.mark.parametrize(
    ("host", "cluster"),
    [
        ("console.build02.ci.openshift.org", "build02"),
        ("console.build11.ci.openshift.org", "build11"),
        ("console-openshift-console.apps.build05.l9oh.p1.openshiftapps.com", "build05"),
        ("console-openshift-console.apps.arm-build01.arm-build.devcluster.openshift.com", "arm01"),
        ("console-openshift-console.apps.build02.vmc.ci.openshift.org", "vsphere02"),
        ("console-openshift-console.apps.ci.l2s4.p1.openshiftapps.com", "app.ci"),
        ("console.hosted-mgmt.ci.openshift.org", None),
        ("console-openshift-console.apps.hosted-mgmt.ci.devcluster.openshift.com", None),
        ("console-openshift-console.apps.build01-us-west-2.vmc.ci.openshift.org", None),
        ("prow.ci.openshift.org", None),
    ],
)
def test_cluster_for_console_host(host: str, cluster: str | None) -> None:
    found = cluster_for_console_host(host)
    assert (found.name if found else None) == cluster


@pytest.mark.parametrize(
    ("namespace", "kind"),
    [
        ("ci-op-2c2tvgti", "ci-op"),
        ("ci-op-0123bcdf", "ci-op"),
        ("ci-ln-4ckd6hk", "ci-ln"),
        ("ci-ln-bcdfghjk12", "ci-ln"),
    ],
)
def test_validate_namespace(namespace: str, kind: str) -> None:
    assert validate_namespace(namespace) == kind


@pytest.mark.parametrize(
    ("namespace", "message"),
    [
        ("ci-op-2c2tvgt", "8 characters"),  # one short
        ("ci-op-2c2tvgtii", "8 characters"),
        ("ci-op-abcdefgh", "8 characters"),  # vowels are not in the alphabet
        ("ci-op-2C2TVGTI", "8 characters"),
        ("ci-ln-4ckd6", "7 to 10 characters"),
        ("ci-op-", "8 characters"),
        ("openshift-console", "not a test namespace"),
        ("ci-opx-2c2tvgti", "not a test namespace"),
        ("", "not a test namespace"),
    ],
)
def test_validate_namespace_rejects(namespace: str, message: str) -> None:
    with pytest.raises(BuildFarmError, match=message):
        validate_namespace(namespace)


@pytest.mark.parametrize(
    ("text", "cluster", "registry"),
    [
        ("build02", "build02", "registry.build02.ci.openshift.org"),
        ("build10", "build10", "registry.build10.ci.openshift.org"),
        ("registry.build10.ci.openshift.org", "build10", "registry.build10.ci.openshift.org"),
        (" app.ci ", "app.ci", "registry.ci.openshift.org"),
        ("vsphere02", "vsphere02", "registry.apps.build02.vmc.ci.openshift.org"),
        (
            "registry.arm-build01.arm-build.devcluster.openshift.com",
            "arm01",
            "registry.arm-build01.arm-build.devcluster.openshift.com",
        ),
    ],
)
def test_resolve_cluster(text: str, cluster: str, registry: str) -> None:
    found = resolve_cluster(text)
    assert (found.name, found.registry) == (cluster, registry)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("api.ci", "retired"),
        ("registry.svc.ci.openshift.org", "retired"),
        ("hosted-mgmt", "unknown cluster"),
        ("xbuild01", "unknown"),
    ],
)
def test_resolve_cluster_rejects(text: str, message: str) -> None:
    with pytest.raises(BuildFarmError, match=message):
        resolve_cluster(text)


def test_job_namespace_checks_both_parts() -> None:
    assert (
        job_namespace("build02", "ci-op-2c2tvgti").pull_spec("bin")
        == "registry.build02.ci.openshift.org/ci-op-2c2tvgti/pipeline:bin"
    )
    with pytest.raises(BuildFarmError):
        job_namespace("build02", "default")
    with pytest.raises(BuildFarmError):
        job_namespace("hosted-mgmt", "ci-op-2c2tvgti")


# --- pipeline images ----------------------------------------------------------------------------------------------


def test_pipeline_images_and_notes() -> None:
    namespace = job_namespace("vsphere02", "ci-op-x7vzk2wd")
    run = pipeline_images(namespace, [("src", ""), ("widget", "optional")])
    assert [image.pull_spec for image in run.images] == [
        "registry.apps.build02.vmc.ci.openshift.org/ci-op-x7vzk2wd/pipeline:src",
        "registry.apps.build02.vmc.ci.openshift.org/ci-op-x7vzk2wd/pipeline:widget",
    ]
    assert any("author of the pull request" in note for note in run.notes)
    assert any("vSphere admins" in note for note in run.notes)


def test_pipeline_images_rejects_bad_tags() -> None:
    with pytest.raises(BuildFarmError, match="not an image tag"):
        pipeline_images(job_namespace("build02", "ci-op-2c2tvgti"), [("a b", "")])


def test_tags_of_images_keeps_order_and_marks_optional() -> None:
    images = [ImageBuild(to="b"), ImageBuild(to="a", optional=True), ImageBuild(to="b")]
    assert tags_of_images(images) == (("b", ""), ("a", "optional: only built when a test needs it"))


# --- the registries table -----------------------------------------------------------------------------------------


def test_registry_rows_cover_the_issue() -> None:
    rows = {row.cluster or "QCI": row for row in registry_rows()}
    assert rows["api.ci"].registry == "registry.svc.ci.openshift.org"
    assert rows["api.ci"].status == "retired"
    assert rows["app.ci"].registry == "registry.ci.openshift.org"
    assert rows["build01"].registry == "registry.build01.ci.openshift.org"
    assert rows["build02"].registry == "registry.build02.ci.openshift.org"
    assert rows["buildNN"].registry == "registry.buildNN.ci.openshift.org"
    assert rows["vsphere02"].status == "restricted"
    assert "vSphere admins" in rows["vsphere02"].note
    assert rows["QCI"].registry == QCI_PROXY_HOST
    assert rows["QCI"].login_cluster == "app.ci"


def test_registry_rows_agree_with_registry_for_cluster() -> None:
    # One table: the rows, the cluster lookup and the login targets all give the same host for a cluster.
    for row in registry_rows():
        if row.cluster and row.cluster != "buildNN":
            assert registry_for_cluster(row.cluster) == row.registry
            cluster = find_cluster(row.cluster)
            assert cluster is not None
            assert cluster.registry == row.registry
    assert {c.name for c in CLUSTERS} <= {row.cluster for row in registry_rows()}


# --- login instructions and the secret-leak test ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "host", "cluster"),
    [
        ("build02", "registry.build02.ci.openshift.org", "build02"),
        ("registry.build02.ci.openshift.org", "registry.build02.ci.openshift.org", "build02"),
        (
            "registry.build02.ci.openshift.org/ci-op-2c2tvgti/pipeline:src",
            "registry.build02.ci.openshift.org",
            "build02",
        ),
        ("https://registry.ci.openshift.org/ocp/4.17:cli", "registry.ci.openshift.org", "app.ci"),
        ("app.ci", "registry.ci.openshift.org", "app.ci"),
        ("quay-proxy", QCI_PROXY_HOST, "app.ci"),
        ("quay-proxy.ci.openshift.org/openshift/ci:ocp_4.17_cli", QCI_PROXY_HOST, "app.ci"),
    ],
)
def test_resolve_login_target(text: str, host: str, cluster: str) -> None:
    target = resolve_login_target(text)
    assert (target.host, target.cluster.name) == (host, cluster)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("api.ci", "shut down in 2021"),
        ("registry.svc.ci.openshift.org/ci/applyconfig:latest", "docker logout registry.svc.ci.openshift.org"),
        ("quay.io/openshift/ci:ci_x_latest", "pull through quay-proxy"),
        ("docker.io", "unknown registry or cluster"),
    ],
)
def test_resolve_login_target_rejects(text: str, message: str) -> None:
    with pytest.raises(BuildFarmError, match=re.escape(message)):
        resolve_login_target(text)


TARGETS = [
    *sorted({row.registry for row in registry_rows() if row.login_cluster and "NN" not in row.registry}),
    "build02",
    "build10",
    "app.ci",
    "quay-proxy",
]
# A token on a command line: -p/--password with any value, or a token substitution used as an argument.
_PASSWORD_ARGUMENT = re.compile(r"(^|\s)(-p|--password)(\s+|=)\S")
_TOKEN_SUBSTITUTION = re.compile(r"\$\(\s*oc\s+whoami\s+(-t|--show-token)\s*\)|`\s*oc\s+whoami\s+(-t|--show-token)\s*`")
_TOKEN_COMMAND = re.compile(r"oc\s+whoami\s+(-t|--show-token)")


def _all_outputs(target: str) -> list[str]:
    outputs = []
    for instructions in (login_instructions(target), service_account_instructions(target, "ci/builder")):
        outputs += [render_instructions_text(instructions), render_instructions_json(instructions)]
    return outputs


def _command_lines(output: str) -> list[str]:
    if output.startswith("{"):
        document = json.loads(output)
        return [command for step in document["steps"] for command in step["commands"]]
    return [line for line in output.splitlines() if line and not line.startswith("#")]


@pytest.mark.parametrize("target", TARGETS)
def test_no_token_on_a_command_line(target: str) -> None:
    for output in _all_outputs(target):
        for line in output.splitlines():
            assert not _PASSWORD_ARGUMENT.search(line), line
            assert not _TOKEN_SUBSTITUTION.search(line), line
        for command in _command_lines(output):
            # The token is only ever printed into a pipe that feeds a login's standard input.
            if _TOKEN_COMMAND.search(command):
                assert re.fullmatch(
                    r'oc whoami -t \| (docker|podman) login -u "\$\(oc whoami\)" --password-stdin \S+', command
                )
            if re.search(r"\b(docker|podman) login\b", command):
                assert "--password-stdin" in command
            # Every command is one a shell can read: quotes balance.
            shlex.split(command)


@pytest.mark.parametrize("target", TARGETS)
def test_login_prints_both_tools_and_the_expired_token_trap(target: str) -> None:
    instructions = login_instructions(target)
    commands = [command for step in instructions.steps for command in step.commands]
    host = instructions.registry
    assert f'oc whoami -t | docker login -u "$(oc whoami)" --password-stdin {host}' in commands
    assert f'oc whoami -t | podman login -u "$(oc whoami)" --password-stdin {host}' in commands
    assert f"docker logout {host}" in commands
    assert f"podman logout {host}" in commands
    text = render_instructions_text(instructions)
    assert "authentication required" in text
    assert "~/.docker/config.json" in text
    assert "${XDG_RUNTIME_DIR}/containers/auth.json" in text


def test_service_account_steps_select_the_host_both_ways() -> None:
    instructions = service_account_instructions("build02", "ci/builder")
    commands = "\n".join(command for step in instructions.steps for command in step.commands)
    assert "oc get serviceaccount -n ci builder -o json" in commands
    assert '.["registry.build02.ci.openshift.org"]' in commands
    assert '.auths["registry.build02.ci.openshift.org"]' in commands
    assert "umask 077" in commands


def test_quay_proxy_service_account_uses_the_app_ci_entry() -> None:
    commands = "\n".join(
        c for s in service_account_instructions("quay-proxy", "robots/puller").steps for c in s.commands
    )
    assert f'{{"auths": {{"{QCI_PROXY_HOST}": .["registry.ci.openshift.org"]}}}}' in commands


@pytest.mark.parametrize("text", ["builder", "ci/", "/builder", "CI/builder", "ci/builder/x", "ci builder"])
def test_parse_service_account_rejects(text: str) -> None:
    with pytest.raises(BuildFarmError, match="NAMESPACE/NAME"):
        parse_service_account(text)


TOKENS = ["sha256~Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZg", "eyJhbGciOiJSUzI1NiIsImtpZCI6IjEyMyJ9.eyJzdWIiOiJ4In0.c2ln"]


@pytest.mark.parametrize("token", TOKENS)
def test_a_token_given_by_mistake_is_never_echoed(token: str) -> None:
    for args in (
        [token],
        [f"registry.ci.openshift.org/{token}"],
        ["build02", "--service-account", token],
        ["build02", "--service-account", f"ci/{token}"],
    ):
        for output_format in ("text", "json"):
            code, out, err = invoke(cli.login, *args, "--format", output_format)
            assert code == 2
            assert token not in out + err
            assert "looks like a token" in err
    code, out, err = invoke(cli.testrun_image, "--cluster", token, "--namespace", "ci-op-2c2tvgti")
    assert code == 2
    assert token not in out + err


# --- the commands -------------------------------------------------------------------------------------------------


def test_registries_json_is_the_table() -> None:
    code, out, _ = invoke(cli.registries, "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert [entry["registry"] for entry in document["registries"]] == [row.registry for row in registry_rows()]
    assert any("authentication required" in note for note in document["notes"])


def test_testrun_image_reads_standard_input_with_stray_bytes() -> None:
    log = b"\xff\xfe garbage\nINFO[x] Using namespace https://console.build02.ci.openshift.org/k8s/cluster/projects/ci-op-2c2tvgti\n"
    code, out, err = invoke(cli.testrun_image, "-", "--format", "urls", stdin=log)
    assert (code, out) == (0, "registry.build02.ci.openshift.org/ci-op-2c2tvgti/pipeline:src\n"), err


def test_testrun_image_takes_a_url_without_scheme() -> None:
    code, out, _ = invoke(
        cli.testrun_image, "console.build02.ci.openshift.org/k8s/cluster/projects/ci-op-2c2tvgti", "--format", "urls"
    )
    assert (code, out) == (0, "registry.build02.ci.openshift.org/ci-op-2c2tvgti/pipeline:src\n")


def test_testrun_image_config_images() -> None:
    code, out, _ = invoke(
        cli.testrun_image,
        "--cluster", "build02", "--namespace", "ci-op-2c2tvgti", "--config", str(CONFIGS / "widget-operator.yaml"),
        "--format", "urls",
    )  # fmt: skip
    assert code == 0
    assert out.splitlines() == [
        "registry.build02.ci.openshift.org/ci-op-2c2tvgti/pipeline:widget-operator",
        "registry.build02.ci.openshift.org/ci-op-2c2tvgti/pipeline:widget-operator-tests",
        "registry.build02.ci.openshift.org/ci-op-2c2tvgti/pipeline:widget-debug",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give a build log"),
        (["--cluster", "build02"], "give a build log"),
        (["--namespace", "ci-op-2c2tvgti"], "give a build log"),
        ([str(LOGS / "build02-ci-op.log"), "--cluster", "build02"], "not both"),
        (
            [str(LOGS / "build02-ci-op.log"), "--tag", "src", "--config", str(CONFIGS / "widget-operator.yaml")],
            "not both",
        ),
        ([str(LOGS)], "cannot read build log"),
        ([str(LOGS / "missing.log")], "No such file"),
        (["--cluster", "build02", "--namespace", "ci-op-2c2tvgti", "--tag", "a:b"], "not an image tag"),
        (
            ["--cluster", "build02", "--namespace", "ci-op-2c2tvgti", "--config", str(CONFIGS / "missing.yaml")],
            "config",
        ),
        (["--cluster", "build02", "--namespace", "ci-op-2c2tvgti", "--config", str(CONFIGS)], "config"),
        (["--cluster", "api.ci", "--namespace", "ci-op-2c2tvgti"], "retired"),
        (["--cluster", "build02", "--namespace", "default"], "not a test namespace"),
        (["https://console.build02.ci.openshift.org/"], "names no namespace"),
        (["--format", "xml"], "xml"),
    ],
)
def test_testrun_image_usage_errors(args: list[str], message: str) -> None:
    code, out, err = invoke(cli.testrun_image, *args)
    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err


def test_login_usage_errors() -> None:
    code, _, err = invoke(cli.login)
    assert code == 2
    assert "REGISTRY_OR_CLUSTER" in err
    code, _, err = invoke(cli.login, "docker.io")
    assert code == 2
    assert err.startswith("Error: unknown registry or cluster")
    assert err.count("\n") == 1
