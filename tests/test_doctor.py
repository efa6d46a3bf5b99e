"""``doctor``: auth file locations and parsing, JWT expiry, the diagnosis per registry, golden files, no secret leaks.

Golden cases live in testdata/doctor/cases/<case>/: ``args`` (the command line), an optional ``env`` (KEY=VALUE
lines, paths relative to the case), the auth files below ``home/`` (HOME) and ``run/`` (XDG_RUNTIME_DIR), and the
expected output per format. Every case runs at ``NOW``, 2026-11-26 10:00 UTC, inside its folder.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shlex
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TESTDATA, compare_golden
from hypothesis import given, settings
from hypothesis import strategies as st

from promoter.authfiles import (
    SECRET_FIELDS,
    AuthFile,
    DoctorError,
    RegistryReport,
    Report,
    auth_file_locations,
    classify_token,
    default_targets,
    describe_token,
    diagnose,
    format_span,
    parse_auth_file,
    read_auth_files,
    resolve_target,
)

# The module, not its command: pytest would try to collect module-level names starting with "test".
from promoter.cli import doctor as cli
from promoter.registries import LEGACY_API_CI_REGISTRY, QCI_PROXY_HOST, registry_rows
from promoter.render.doctor import render_doctor_json, render_doctor_text

CASES_DIR = TESTDATA / "doctor" / "cases"
CASES = sorted(p for p in CASES_DIR.iterdir() if p.is_dir())
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
SUFFIX = {"text": "txt", "json": "json"}
# Every variable that moves an auth file: a test sets each one, so the files of whoever runs the tests stay unread.
AUTH_ENV = ("HOME", "XDG_RUNTIME_DIR", "XDG_CONFIG_HOME", "REGISTRY_AUTH_FILE", "DOCKER_CONFIG")


def b64url(document: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(document).encode()).rstrip(b"=").decode()


def make_jwt(exp: object = None, *, signature: str = "c2lnbmF0dXJl", **claims: object) -> str:
    payload = dict(claims)
    if exp is not None:
        payload["exp"] = exp
    return f"{b64url({'alg': 'RS256', 'kid': 'k'})}.{b64url(payload)}.{signature}"


def basic(user: str, token: str) -> str:
    return base64.b64encode(f"{user}:{token}".encode()).decode()


def at(delta: timedelta) -> int:
    return int((NOW + delta).timestamp())


def run_doctor(
    args: list[str], env: Mapping[str, str | None], monkeypatch: pytest.MonkeyPatch, cwd: Path | None = None
) -> tuple[int, str, str]:
    monkeypatch.setattr(cli, "_now", lambda: NOW)
    full_env: dict[str, str | None] = dict.fromkeys(AUTH_ENV)
    full_env.update(env)
    if cwd is not None:
        monkeypatch.chdir(cwd)
    result = CliRunner().invoke(cli.doctor, args, env=full_env)
    # Wrong input must end in a message and an exit code, never in a traceback.
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.stdout, result.stderr


# --- golden files -------------------------------------------------------------------------------------------------


def _case_args(case: Path) -> list[str]:
    name, *args = shlex.split((case / "args").read_text())
    assert name == "doctor"
    return args


def _case_env(case: Path) -> dict[str, str | None]:
    env: dict[str, str | None] = {"HOME": "home", "XDG_RUNTIME_DIR": "run"}
    env_file = case / "env"
    if env_file.exists():
        for line in env_file.read_text().splitlines():
            key, _, value = line.partition("=")
            env[key] = value
    return env


def _formats(case: Path) -> tuple[str, ...]:
    # An error case prints nothing on standard output in any format: its text run and stderr say it all.
    return ("text",) if case.name.startswith("error-") else ("text", "json")


def _planted_secrets(case: Path) -> set[str]:
    """Every secret value written in a case's auth files, with its decoded forms and JWT segments."""
    secrets: set[str] = set()
    field = re.compile(r'"(?:auth|password|identitytoken|registrytoken)"\s*:\s*"([^"]+)"')
    for path in case.rglob("*"):
        if not path.is_file() or path.name.startswith("expected.") or path.name in ("args", "env"):
            continue
        for value in field.findall(path.read_text()):
            secrets.add(value)
            try:
                decoded = base64.b64decode(value, validate=True).decode()
            except ValueError:
                decoded = ""
            secrets.add(decoded)
            secrets.update(decoded.split(":", 1))
    for secret in list(secrets):
        secrets.update(part for part in secret.split(".") if len(part) >= 8)
    # User names are not printed either; short fragments could match ordinary words and prove nothing.
    return {secret for secret in secrets if len(secret) >= 4}


PARAMS = [
    pytest.param(case, output_format, id=f"{case.name}-{output_format}")
    for case in CASES
    for output_format in _formats(case)
]


@pytest.mark.parametrize(("case", "output_format"), PARAMS)
def test_golden(case: Path, output_format: str, update_goldens: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = run_doctor([*_case_args(case), "--format", output_format], _case_env(case), monkeypatch, case)
    compare_golden(case / f"expected.{SUFFIX[output_format]}", out, update=update_goldens)
    if output_format == "text":
        compare_golden(case / "expected.stderr", f"exit {code}\n{err}", update=update_goldens)
    if output_format == "json" and out:
        json.loads(out)
    for secret in _planted_secrets(case):
        assert secret not in out + err, (case.name, secret)


def test_every_case_has_its_golden_files() -> None:
    assert len(CASES) >= 10
    for case in CASES:
        for output_format in _formats(case):
            assert (case / f"expected.{SUFFIX[output_format]}").exists(), case


# --- where the files are ------------------------------------------------------------------------------------------


def _paths(env: dict[str, str]) -> list[tuple[str, tuple[str, ...]]]:
    return [(loc.path, loc.tools) for loc in auth_file_locations(env, home="/h", uid=1000)]


def test_locations_in_podman_order_with_defaults() -> None:
    assert _paths({}) == [
        ("/run/containers/1000/auth.json", ("podman",)),
        ("/h/.config/containers/auth.json", ("podman",)),
        ("/h/.docker/config.json", ("podman", "docker")),
        ("/h/.dockercfg", ("podman",)),
    ]
    locations = auth_file_locations({}, home="/h", uid=1000)
    assert [loc.display for loc in locations][1:] == [
        "~/.config/containers/auth.json",
        "~/.docker/config.json",
        "~/.dockercfg",
    ]
    assert [loc.legacy for loc in locations] == [False, False, False, True]


def test_locations_follow_the_variables() -> None:
    env = {"XDG_RUNTIME_DIR": "/run/user/1000", "XDG_CONFIG_HOME": "/cfg", "DOCKER_CONFIG": "/dc"}
    assert [path for path, _ in _paths(env)] == [
        "/run/user/1000/containers/auth.json",
        "/cfg/containers/auth.json",
        "/dc/config.json",
        "/h/.dockercfg",
    ]
    assert [loc.origin for loc in auth_file_locations(env, home="/h", uid=0)] == [
        "$XDG_RUNTIME_DIR",
        "$XDG_CONFIG_HOME",
        "$DOCKER_CONFIG",
        "",
    ]


def test_registry_auth_file_is_the_only_file_podman_reads() -> None:
    env = {"REGISTRY_AUTH_FILE": "/secrets/auth.json", "XDG_RUNTIME_DIR": "/run/user/1000"}
    assert _paths(env) == [("/secrets/auth.json", ("podman",)), ("/h/.docker/config.json", ("docker",))]
    # The same file for both: listed once, read by both.
    assert _paths({"REGISTRY_AUTH_FILE": "/h/.docker/config.json"}) == [
        ("/h/.docker/config.json", ("podman", "docker"))
    ]


# --- tokens -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "kind", "expires", "why"),
    [
        (make_jwt(at(timedelta(days=-3))), "jwt", NOW - timedelta(days=3), ""),
        (make_jwt(float(at(timedelta(hours=5))) + 0.5), "jwt", NOW + timedelta(hours=5), ""),
        (make_jwt(), "jwt", None, "no exp claim"),
        (make_jwt(True), "jwt", None, "its exp claim is not a time"),
        (make_jwt("1764151200"), "jwt", None, "its exp claim is not a time"),
        (make_jwt(10**30), "jwt", None, "its exp claim is out of range"),
        (make_jwt(signature=""), "jwt", None, "no exp claim"),
        ("sha256~Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZg", "openshift", None, ""),
        ("hunter2", "opaque", None, ""),
        ("a.b.c", "opaque", None, ""),
        ("eyJub3Qi.anNvbg.x", "opaque", None, ""),
        (b64url([1]) + "." + b64url({"exp": 1}) + ".x", "opaque", None, ""),
        ("", "empty", None, ""),
    ],
)
def test_classify_token(value: str, kind: str, expires: datetime | None, why: str) -> None:
    token = classify_token("auth", value)
    assert (token.kind, token.expires, token.unknown_why) == (kind, expires, why)


@pytest.mark.parametrize(
    ("delta", "summary"),
    [
        (timedelta(days=-3), "JWT, expired 3 days ago (2026-11-23 10:00 UTC)"),
        (timedelta(seconds=0), "JWT, expired less than a minute ago (2026-11-26 10:00 UTC)"),
        (timedelta(minutes=1), "JWT, valid until 2026-11-26 10:01 UTC (in 1 minute)"),
        (timedelta(hours=5), "JWT, valid until 2026-11-26 15:00 UTC (in 5 hours)"),
        (timedelta(days=400), "JWT, valid until 2027-12-31 10:00 UTC (in 400 days)"),
    ],
)
def test_describe_jwt(delta: timedelta, summary: str) -> None:
    assert describe_token(classify_token("auth", make_jwt(at(delta))), NOW) == summary


def test_describe_opaque_tokens() -> None:
    openshift = describe_token(classify_token("auth", "sha256~abc"), NOW, cluster="build02")
    assert openshift == (
        "opaque token: expiry unknown; `oc whoami` against the cluster (build02) tells whether it is still valid"
    )
    assert describe_token(classify_token("password", "x"), NOW) == "password or opaque token: expiry unknown"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "less than a minute"), (59, "less than a minute"), (60, "1 minute"), (7199, "119 minutes"),
     (7200, "2 hours"), (-86400 * 2 + 1, "47 hours"), (86400 * 2, "2 days")],
)  # fmt: skip
def test_format_span(seconds: int, text: str) -> None:
    assert format_span(seconds) == text


# --- parsing ------------------------------------------------------------------------------------------------------

RUNTIME = auth_file_locations({"XDG_RUNTIME_DIR": "/run/user/1"}, home="/h", uid=1)[0]
DOCKER = auth_file_locations({}, home="/h", uid=1)[2]
LEGACY = auth_file_locations({}, home="/h", uid=1)[3]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            '{"auths": {"a.io": {"auth": "x"}\n "b.io": {}}}',
            "is not valid JSON: Expecting ',' delimiter at line 2, column 2",
        ),
        ('{"auths": {"a.io": {"auth": "SECRET', "is not valid JSON: Unterminated string starting at line 1, column 29"),
        ('{"auths": {"a.io": {"auth": "x\\q"}}}', "is not valid JSON: Invalid \\escape at line 1, column 31"),
        ("", "is empty"),
        ("  \n", "is empty"),
        ("[1, 2]", "is an array, not a JSON object"),
        ('"SECRET"', "is a string, not a JSON object"),
        ("42", "is a number, not a JSON object"),
        ('{"auths": []}', "is not shaped like an auth file: auths is an array, not an object"),
        ('{"auths": {"a.io": "SECRET"}}', 'auths["a.io"] is a string, not an object'),
        ('{"auths": {"a.io": {"auth": 12}}}', 'auths["a.io"].auth is a number, not a string'),
        ('{"auths": {"a.io": {"identitytoken": true}}}', 'auths["a.io"].identitytoken is a boolean, not a string'),
        ('{"credHelpers": {"a.io": 1}}', 'credHelpers["a.io"] is a number, not a string'),
        ('{"credsStore": {}}', "credsStore is an object, not a string"),
        ('{"auths": {"sha256~SECRETSECRETSECRETSECRET": 1}}', "auths[(a key not printed)] is a number"),
        ("[" * 100_000, "is not valid JSON"),
        ("\ufeff{}", "is not valid JSON: Unexpected UTF-8 BOM at line 1, column 1"),
    ],
)
def test_malformed_files_name_the_place_never_the_content(text: str, problem: str) -> None:
    parsed = parse_auth_file(RUNTIME, text)
    assert parsed.state == "malformed"
    assert problem in parsed.problem
    assert "SECRET" not in parsed.problem


def test_json_null_and_unknown_fields_are_fine() -> None:
    assert parse_auth_file(RUNTIME, "null").state == "ok"
    parsed = parse_auth_file(RUNTIME, '{"auths": null, "credHelpers": null, "HttpHeaders": {"User-Agent": "x"}}')
    assert (parsed.state, parsed.entries) == ("ok", ())


def test_field_names_match_case_insensitively_as_in_go() -> None:
    parsed = parse_auth_file(RUNTIME, json.dumps({"Auths": {"a.io": {"Auth": basic("u", "p")}}}))
    assert [(e.key, e.auth) for e in parsed.entries] == [("a.io", "ok")]


@pytest.mark.parametrize(
    ("auth", "state"),
    [
        (basic("jdoe", "tok"), "ok"),
        (basic("", "tok"), "no-user"),
        (base64.b64encode(b"no colon").decode(), "no-colon"),
        ("not base64!", "not-base64"),
        (basic("jdoe", "tok").rstrip("="), "not-base64"),
        ("", "none"),
    ],
)
def test_auth_values(auth: str, state: str) -> None:
    parsed = parse_auth_file(DOCKER, json.dumps({"auths": {"a.io": {"auth": auth}}}))
    assert parsed.entries[0].auth == state


def test_entries_keep_no_secret() -> None:
    token = make_jwt(at(timedelta(days=1)))
    parsed = parse_auth_file(
        DOCKER,
        json.dumps({"auths": {"https://a.io/v1/": {"auth": basic("jdoe", token), "identitytoken": "idtok-secret"}}}),
    )
    assert token not in repr(parsed)
    assert "idtok-secret" not in repr(parsed)
    assert "jdoe" not in repr(parsed)
    entry = parsed.entries[0]
    assert (entry.key, entry.host, entry.podman_key) == ("https://a.io/v1/", "a.io", "a.io")
    assert [(t.field, t.kind) for t in entry.tokens] == [("auth", "jwt"), ("identitytoken", "opaque")]


def test_legacy_dockercfg_keys() -> None:
    parsed = parse_auth_file(LEGACY, json.dumps({"https://a.io/v1/": {"auth": basic("u", "p"), "email": "e"}}))
    assert [(e.key, e.podman_key) for e in parsed.entries] == [("https://a.io/v1/", "a.io")]
    # A key that is no host is not printed: it could be anything a person pasted there.
    assert parse_auth_file(LEGACY, '{"auths": {"a.io": {}}}').entries[0].shown == "(a key that is not printed)"


def test_read_auth_files_reads_missing_directories_and_files(tmp_path: Path) -> None:
    (tmp_path / "run" / "containers" / "auth.json").mkdir(parents=True)
    (tmp_path / "home" / ".docker").mkdir(parents=True)
    (tmp_path / "home" / ".docker" / "config.json").write_bytes(b'{"auths": {"a.io": {"auth": "\xff"}}}')
    (tmp_path / "home" / ".dockercfg").write_text("x")
    locations = auth_file_locations(
        {"XDG_RUNTIME_DIR": str(tmp_path / "run"), "XDG_CONFIG_HOME": str(tmp_path / "home" / ".dockercfg")},
        home=str(tmp_path / "home"),
        uid=1,
    )
    files = read_auth_files(locations)
    assert [f.state for f in files] == ["unreadable", "unreadable", "ok", "malformed"]
    assert files[0].problem == "cannot be read: Is a directory"
    assert files[1].problem == "cannot be read: Not a directory"
    assert read_auth_files(auth_file_locations({}, home=str(tmp_path / "nowhere"), uid=1))[1].state == "missing"
    assert files[2].entries[0].auth == "not-base64"


# --- what was asked -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "registry", "repository", "label"),
    [
        ("registry.build02.ci.openshift.org/ci-op-2c2tvgti/pipeline:src", "registry.build02.ci.openshift.org", "ci-op-2c2tvgti/pipeline", "build02"),
        ("docker://registry.ci.openshift.org/ocp/4.17:cli", "registry.ci.openshift.org", "ocp/4.17", "app.ci"),
        ("https://registry.ci.openshift.org/ocp/release@sha256:" + "a" * 64, "registry.ci.openshift.org", "ocp/release", "app.ci"),
        ("registry.ci.openshift.org", "registry.ci.openshift.org", "", "app.ci"),
        ("Registry.CI.openshift.org", "registry.ci.openshift.org", "", "app.ci"),
        ("app.ci", "registry.ci.openshift.org", "", "app.ci"),
        ("build02", "registry.build02.ci.openshift.org", "", "build02"),
        ("build11", "registry.build11.ci.openshift.org", "", "build11"),
        ("vsphere02", "registry.apps.build02.vmc.ci.openshift.org", "", "vsphere02"),
        ("api.ci", LEGACY_API_CI_REGISTRY, "", "api.ci"),
        ("quay-proxy", QCI_PROXY_HOST, "", "QCI"),
        ("QCI", QCI_PROXY_HOST, "", "QCI"),
        ("quay-proxy.ci.openshift.org/openshift/ci:ocp_4.17_cli", QCI_PROXY_HOST, "openshift/ci", "QCI"),
        ("quay.io/openshift/ci:ocp_4.17_cli", "quay.io", "openshift/ci", "Quay"),
        ("ubuntu", "docker.io", "library/ubuntu", "Docker Hub"),
        ("ubuntu:22.04", "docker.io", "library/ubuntu", "Docker Hub"),
        ("library/ubuntu:22", "docker.io", "library/ubuntu", "Docker Hub"),
        ("index.docker.io/jdoe/tool", "docker.io", "jdoe/tool", "Docker Hub"),
        ("localhost:5000/x/y:z", "localhost:5000", "x/y", ""),
        ("localhost", "localhost", "", ""),
    ],
)  # fmt: skip
def test_resolve_target(text: str, registry: str, repository: str, label: str) -> None:
    target = resolve_target(text)
    assert (target.registry, target.repository, target.label) == (registry, repository, label)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "give an image pull spec"),
        ("Registry Host!", "is not an image pull spec"),
        ("registry.ci.openshift.org/OCP/x:y", "is not an image pull spec"),
        ("registry.ci.openshift.org/ocp/x:a:b", "is not an image pull spec"),
        ("registry.ci.openshift.org/ocp/x@sha256:zz", "is not an image pull spec"),
        ("https://jdoe:hunter2@registry.ci.openshift.org/ocp/x:y", "user name or password"),
        ("sha256~Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZg", "looks like a token"),
        (make_jwt(1), "looks like a token"),
    ],
)
def test_resolve_target_rejects(text: str, message: str) -> None:
    with pytest.raises(DoctorError, match=re.escape(message)) as error:
        resolve_target(text)
    assert "hunter2" not in str(error.value)
    assert "sha256~" not in str(error.value)
    assert "eyJ" not in str(error.value)


def test_needs_login() -> None:
    assert resolve_target("quay-proxy").needs_login
    assert resolve_target("build02").needs_login
    assert resolve_target("arm01").needs_login
    # app.ci serves public image streams too; a retired or foreign registry is not ours to judge.
    assert not resolve_target("app.ci").needs_login
    assert not resolve_target("api.ci").needs_login
    assert not resolve_target("quay.io").needs_login


def test_default_targets_are_the_table_plus_quay_and_clusters_in_the_files() -> None:
    table = [row.registry for row in registry_rows() if "NN" not in row.registry]
    assert [t.registry for t in default_targets(())] == [*table, "quay.io"]
    found = parse_auth_file(DOCKER, json.dumps({"auths": {"https://registry.build10.ci.openshift.org": {}}}))
    hosts = [t.registry for t in default_targets((found,))]
    assert hosts.index("registry.build10.ci.openshift.org") == hosts.index("registry.build03.ci.openshift.org") + 1


# --- the diagnosis ------------------------------------------------------------------------------------------------


def _files(**texts: object) -> tuple[AuthFile, ...]:
    """Auth files for the default locations below /h: runtime, config_home, docker, legacy (a dict, or raw text)."""
    locations = auth_file_locations({"XDG_RUNTIME_DIR": "/r"}, home="/h", uid=1)
    files = []
    for location, name in zip(locations, ("runtime", "config_home", "docker", "legacy"), strict=True):
        text = texts.get(name)
        files.append(parse_auth_file(location, text if isinstance(text, str) or text is None else json.dumps(text)))
    return tuple(files)


def _check(files: tuple[AuthFile, ...], image: str) -> tuple[Report, RegistryReport]:
    report = diagnose(files, [resolve_target(image)], NOW, image=image)
    return report, report.registries[0]


def test_the_first_file_with_credentials_wins_for_podman() -> None:
    valid, expired = make_jwt(at(timedelta(hours=1))), make_jwt(at(timedelta(hours=-1)))
    files = _files(
        runtime={"auths": {"quay-proxy.ci.openshift.org": {}}},
        config_home={"auths": {"quay-proxy.ci.openshift.org": {"auth": basic("u", valid)}}},
        docker={"auths": {"quay-proxy.ci.openshift.org": {"auth": basic("u", expired)}}},
    )
    report, registry = _check(files, "quay-proxy")
    assert (registry.podman.kind, registry.podman.file) == ("entry", "~/.config/containers/auth.json")
    assert (registry.docker.kind, registry.docker.file) == ("entry", "~/.docker/config.json")
    assert [(e.file, e.used_by) for e in registry.entries] == [
        ("/r/containers/auth.json", ()),
        ("~/.config/containers/auth.json", ("podman",)),
        ("~/.docker/config.json", ("docker",)),
    ]
    assert "skip an entry without an auth value" in registry.entries[0].unused_why
    assert [p.kind for p in report.problems] == ["expired"]
    assert report.problems[0].message.startswith("docker sends the auth token")
    assert report.problems[0].fixes == (
        "promoted-images login quay-proxy.ci.openshift.org",
        "docker logout quay-proxy.ci.openshift.org",
    )


def test_podman_prefers_the_most_specific_namespace() -> None:
    files = _files(
        runtime={
            "auths": {
                "quay.io": {"auth": basic("a", "1")},
                "quay.io/openshift": {"auth": basic("b", "2")},
                "quay.io/openshift/ci": {"auth": basic("c", "3")},
                "quay.io/other": {"auth": basic("d", "4")},
            }
        }
    )
    assert _check(files, "quay.io/openshift/ci:x")[1].podman.key == "quay.io/openshift/ci"
    assert _check(files, "quay.io/openshift/other:x")[1].podman.key == "quay.io/openshift"
    _, registry = _check(files, "quay.io")
    assert registry.podman.key == "quay.io"
    assert [e.unused_why for e in registry.entries][1:] == [
        "podman, skopeo and buildah send it only for images below quay.io/openshift/",
        "podman, skopeo and buildah send it only for images below quay.io/openshift/ci/",
        "podman, skopeo and buildah send it only for images below quay.io/other/",
    ]


def test_url_keys_match_for_both_tools() -> None:
    files = _files(docker={"auths": {"https://registry.ci.openshift.org/v1/": {"auth": basic("u", "p")}}})
    _, registry = _check(files, "app.ci")
    assert registry.podman.key == registry.docker.key == "https://registry.ci.openshift.org/v1/"


def test_docker_hub_keys() -> None:
    files = _files(docker={"auths": {"https://index.docker.io/v1/": {"auth": basic("u", "p")}}})
    _, registry = _check(files, "ubuntu")
    assert registry.podman.kind == registry.docker.kind == "entry"
    files = _files(runtime={"auths": {"docker.io": {"auth": basic("u", "p")}}})
    _, registry = _check(files, "jdoe/tool")
    assert (registry.podman.kind, registry.docker.kind) == ("entry", "none")


def test_credential_helpers() -> None:
    files = _files(
        config_home={"credHelpers": {"registry.ci.openshift.org": "secretservice"}},
        docker={
            "auths": {"registry.ci.openshift.org": {}, "quay.io": {}},
            "credsStore": "desktop",
            "credHelpers": {"quay.io": "ecr-login"},
        },
    )
    report, registry = _check(files, "app.ci")
    assert (registry.podman.kind, registry.podman.helper) == ("helper", "secretservice")
    assert (registry.docker.kind, registry.docker.helper) == ("helper", "desktop")
    assert _check(files, "quay.io")[1].docker.helper == "ecr-login"
    assert any("ignore credsStore" in note for note in report.notes)
    assert not report.problems


def test_a_malformed_file_stops_podman_but_not_docker() -> None:
    files = _files(runtime="{", docker={"auths": {"registry.ci.openshift.org": {"auth": basic("u", "p")}}})
    report, registry = _check(files, "app.ci")
    assert registry.podman.kind == "error"
    assert "fails: /r/containers/auth.json is not valid JSON" in registry.podman.message
    assert registry.docker.kind == "entry"
    assert [p.kind for p in report.problems] == ["malformed"]


def test_a_malformed_file_after_the_credentials_is_still_reported() -> None:
    files = _files(runtime={"auths": {"registry.ci.openshift.org": {"auth": basic("u", "p")}}}, legacy="[")
    report, registry = _check(files, "app.ci")
    assert registry.podman.kind == "entry"
    assert [p.kind for p in report.problems] == ["malformed"]


def test_invalid_auth_breaks_docker_for_every_registry() -> None:
    files = _files(docker={"auths": {"a.io": {"auth": "%%%"}, "registry.ci.openshift.org": {"auth": basic("u", "p")}}})
    report, registry = _check(files, "app.ci")
    assert (registry.podman.kind, registry.docker.kind) == ("entry", "error")
    assert [p.kind for p in report.problems] == ["invalid-auth"]
    assert report.problems[0].fixes == ("docker logout a.io",)


def test_identity_and_registry_tokens_are_docker_only() -> None:
    files = _files(
        docker={"auths": {"quay.io": {"identitytoken": "x"}, "registry.ci.openshift.org": {"registrytoken": "y"}}}
    )
    for image in ("quay.io", "app.ci"):
        _, registry = _check(files, image)
        assert (registry.podman.kind, registry.docker.kind) == ("none", "entry")


def test_retired_entries_are_reported_for_any_image() -> None:
    files = _files(
        legacy={"registry.svc.ci.openshift.org": {"auth": basic("u", "p")}},
        config_home={"auths": {"registry.svc.ci.openshift.org": {"auth": basic("u", "p")}}},
    )
    report, _ = _check(files, "app.ci")
    assert [r.target.registry for r in report.registries] == [
        "registry.ci.openshift.org",
        LEGACY_API_CI_REGISTRY,
    ]
    assert [p.kind for p in report.problems] == ["retired", "retired"]
    assert report.problems[0].fixes == (
        "podman logout --authfile ~/.config/containers/auth.json registry.svc.ci.openshift.org",
    )
    assert report.problems[1].fixes == (
        "( umask 077 && jq 'del(.[\"registry.svc.ci.openshift.org\"])' ~/.dockercfg > ~/.dockercfg.new && "
        "mv ~/.dockercfg.new ~/.dockercfg )",
    )


def test_no_credentials_is_a_problem_only_where_every_image_needs_them() -> None:
    files = _files()
    for image, problem in [("build02", True), ("quay-proxy", True), ("app.ci", False), ("ubuntu", False)]:
        report, _ = _check(files, image)
        assert [p.kind for p in report.problems] == (["no-credentials"] if problem else []), image
    assert not diagnose(files, default_targets(files), NOW).problems


def test_an_expired_token_that_nobody_sends_is_still_a_problem() -> None:
    files = _files(
        runtime={"auths": {"registry.build02.ci.openshift.org": {"auth": basic("u", make_jwt(at(timedelta(days=1))))}}},
        docker={
            "credsStore": "desktop",
            "auths": {"registry.build02.ci.openshift.org": {"auth": basic("u", make_jwt(at(timedelta(days=-1))))}},
        },
    )
    report, registry = _check(files, "build02")
    assert registry.entries[1].used_by == ()
    assert registry.entries[1].unused_why == (
        "podman, skopeo and buildah stop at /r/containers/auth.json first; docker asks its credential helper instead"
    )
    assert [p.kind for p in report.problems] == ["expired"]
    assert "nothing sends it now" in report.problems[0].message


# --- the command --------------------------------------------------------------------------------------------------


def _tree(root: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(root.rglob("*")) if p.is_file()}


def test_exit_codes_and_formats(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = {"HOME": str(tmp_path / "home"), "XDG_RUNTIME_DIR": str(tmp_path / "run")}
    assert run_doctor([], env, monkeypatch)[0] == 0
    assert run_doctor(["app.ci"], env, monkeypatch)[0] == 0
    code, out, err = run_doctor(["build02", "--format", "json"], env, monkeypatch)
    assert code == 1
    assert json.loads(out)["problems"][0]["kind"] == "no-credentials"
    code, out, err = run_doctor(["--format", "xml"], env, monkeypatch)
    assert (code, out) == (2, "")
    assert "xml" in err
    code, out, err = run_doctor(["a b"], env, monkeypatch)
    assert (code, out) == (2, "")
    assert err.startswith("Error: 'a b' is not an image pull spec")
    assert err.count("\n") == 1


def test_files_are_only_read_and_nothing_is_run_or_contacted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket  # noqa: PLC0415
    import subprocess  # noqa: PLC0415

    home, run = tmp_path / "home", tmp_path / "run"
    (home / ".docker").mkdir(parents=True)
    (run / "containers").mkdir(parents=True)
    (home / ".docker" / "config.json").write_text(json.dumps({"credsStore": "desktop", "auths": {"quay.io": {}}}))
    (run / "containers" / "auth.json").write_text(
        json.dumps(
            {"credHelpers": {"registry.ci.openshift.org": "pass"}, "auths": {"registry.svc.ci.openshift.org": {}}}
        )
    )
    for path in (home / ".docker" / "config.json", run / "containers" / "auth.json"):
        path.chmod(0o600)
    before = _tree(tmp_path)

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("doctor must not open sockets or run programs")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(subprocess, "Popen", refuse)
    monkeypatch.setattr(os, "system", refuse)
    for args in ([], ["app.ci"], ["quay.io/x/y:z"], ["--format", "json"]):
        code, _, err = run_doctor(args, {"HOME": str(home), "XDG_RUNTIME_DIR": str(run)}, monkeypatch)
        assert code in (0, 1), err
    assert _tree(tmp_path) == before
    assert oct((home / ".docker" / "config.json").stat().st_mode & 0o777) == "0o600"


def test_renderers_agree() -> None:
    files = _files(
        docker={"auths": {"registry.build02.ci.openshift.org": {"auth": basic("u", make_jwt(at(timedelta(days=-3))))}}}
    )
    report = diagnose(files, default_targets(files), NOW)
    text, document = render_doctor_text(report), json.loads(render_doctor_json(report))
    assert "expired 3 days ago (2026-11-23 10:00 UTC)" in text
    assert [p["message"] for p in document["problems"]] == [p.message for p in report.problems]
    assert text.endswith("1 problem found\n")
    assert document["checked_at"] == "2026-11-26T10:00:00Z"


# --- the secret-leak test -----------------------------------------------------------------------------------------

LEAK_USER = "leaky-user-Qw7"
LEAK_SECRETS = {
    "expired_jwt": make_jwt(at(timedelta(days=-3)), signature="LeakSigExpired0001", sub="system:serviceaccount:ci:x"),
    "valid_jwt": make_jwt(at(timedelta(hours=5)), signature="LeakSigValid0002"),
    "noexp_jwt": make_jwt(signature="LeakSigNoExp0003", sub="leak-subject"),
    "oauth": "sha256~LeakOAuthToken0004abcdefABCDEF0123456789",
    "password": "Leak-Password-0005",
    "identitytoken": "Leak-IdentityToken-0006",
    "registrytoken": "Leak-RegistryToken-0007",
    "docker_password": "Leak-DockerPasswordField-0008",
    "no_colon": "LeakNoColon0009",
    "not_base64": "Leak not base64 0010!",
    "malformed": "LeakMalformed0011",
    "malformed_raw": "LeakMalformedRaw0012",
    "array": "LeakArray0013",
    "legacy": "LeakLegacy0014",
    "override": "LeakOverride0015",
    "override_malformed": "LeakOverrideMalformed0016",
    "key": "sha256~LeakTokenUsedAsKey0017abcdefABCDEF",
    "helper": "sha256~LeakTokenUsedAsHelper0018abcdefAB",
    "email": "leak-email-0019@example.com",
    "user_field": "LeakUsernameField0020",
    "bad_type": "LeakBadType0021",
}


def _forbidden() -> set[str]:
    """Every secret, the forms an auth file writes it in, and what decoding it gives."""
    forbidden = {LEAK_USER}
    for secret in LEAK_SECRETS.values():
        joined = f"{LEAK_USER}:{secret}"
        forbidden.update({secret, joined, basic(LEAK_USER, secret), base64.b64encode(secret.encode()).decode()})
        forbidden.update(part for part in secret.split(".") if len(part) >= 8)
    return forbidden


def _plant(root: Path) -> dict[str, Path]:
    """Auth files of every kind below root, each holding some of the secrets; returns the override candidates."""
    s = LEAK_SECRETS

    def write(path: Path, content: object) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content if isinstance(content, str) else json.dumps(content, indent=2))
        return path

    runtime = {
        "auths": {
            "registry.build02.ci.openshift.org": {"auth": basic(LEAK_USER, s["expired_jwt"])},
            "registry.ci.openshift.org": {"auth": basic(LEAK_USER, s["oauth"]), "email": s["email"]},
            "quay-proxy.ci.openshift.org": {"identitytoken": s["valid_jwt"], "auth": basic(LEAK_USER, s["valid_jwt"])},
            "quay-proxy.ci.openshift.org/openshift/ci": {"auth": basic(LEAK_USER, s["noexp_jwt"])},
            "quay.io": {"registrytoken": s["registrytoken"], "identitytoken": s["identitytoken"]},
            "https://registry.build01.ci.openshift.org": {
                "username": s["user_field"],
                "password": s["docker_password"],
            },
            "registry.svc.ci.openshift.org": {"auth": basic(LEAK_USER, s["password"])},
            "registry.build03.ci.openshift.org": {"auth": base64.b64encode(s["no_colon"].encode()).decode()},
            "registry.build10.ci.openshift.org": {"auth": s["not_base64"]},
            s["key"]: {"auth": basic(LEAK_USER, s["password"])},
        },
        "credHelpers": {"registry.arm-build01.arm-build.devcluster.openshift.com": s["helper"], s["key"]: "pass"},
    }
    write(root / "run" / "containers" / "auth.json", runtime)
    write(
        root / "config" / "containers" / "auth.json",
        '{"auths": {"registry.build02.ci.openshift.org": {"auth": "'
        + basic(LEAK_USER, s["malformed"])
        + '"}\n "'
        + s["malformed_raw"]
        + '": ',
    )
    write(
        root / "home" / ".docker" / "config.json",
        {
            "auths": {
                "registry.ci.openshift.org": {"auth": basic(LEAK_USER, s["expired_jwt"])},
                "https://index.docker.io/v1/": {"auth": basic(LEAK_USER, s["password"])},
                "registry.build02.ci.openshift.org": {},
            },
            "credsStore": "desktop",
        },
    )
    write(root / "docker-config" / "config.json", {"auths": {"quay.io": {"auth": {"nested": s["bad_type"]}}}})
    write(
        root / "home" / ".dockercfg",
        {
            "https://registry.svc.ci.openshift.org": {"auth": basic(LEAK_USER, s["legacy"]), "email": s["email"]},
            "https://registry.ci.openshift.org/v1/": {"auth": basic(LEAK_USER, s["legacy"])},
        },
    )
    return {
        "array": write(root / "override" / "array.json", json.dumps([s["array"], {"auth": s["array"]}])),
        "malformed": write(
            root / "override" / "malformed.json", '{"auths": {"x": {"auth": "' + s["override_malformed"]
        ),
        "valid": write(
            root / "override" / "auth.json",
            {"auths": {"registry.build02.ci.openshift.org": {"auth": basic(LEAK_USER, s["override"])}}},
        ),
    }


LEAK_IMAGES = [
    [],
    ["build02"],
    ["app.ci"],
    ["api.ci"],
    ["quay-proxy"],
    ["quay.io/openshift/ci:ocp_4.17_cli"],
    ["quay-proxy.ci.openshift.org/openshift/ci:ocp_4.17_cli"],
    ["registry.build02.ci.openshift.org/ci-op-2c2tvgti/pipeline:src"],
    ["registry.build01.ci.openshift.org"],
    ["registry.build03.ci.openshift.org"],
    ["build10"],
    ["arm01"],
    ["registry.ci.openshift.org/ocp/4.17:cli"],
    ["ubuntu"],
    # Secrets given as the argument by mistake: refused without being repeated.
    [LEAK_SECRETS["oauth"]],
    [LEAK_SECRETS["expired_jwt"]],
    [f"https://{LEAK_USER}:{LEAK_SECRETS['password']}@registry.ci.openshift.org/ocp/4.17:cli"],
]


def test_no_secret_of_any_auth_file_reaches_any_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    overrides = _plant(tmp_path)
    base: dict[str, str | None] = {
        "HOME": str(tmp_path / "home"),
        "XDG_RUNTIME_DIR": str(tmp_path / "run"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    variants: list[dict[str, str | None]] = [
        base,
        {**base, "DOCKER_CONFIG": str(tmp_path / "docker-config")},
        *({**base, "REGISTRY_AUTH_FILE": str(path)} for path in overrides.values()),
    ]
    forbidden = _forbidden()
    seen: set[str] = set()
    for env in variants:
        for image in LEAK_IMAGES:
            for output_format in ("text", "json"):
                code, out, err = run_doctor([*image, "--format", output_format], env, monkeypatch)
                assert code in (0, 1, 2), err
                leaked = [secret for secret in forbidden if secret in out or secret in err]
                assert not leaked, (env, image, output_format, leaked)
                if output_format == "json" and code != 2:
                    seen.update(problem["kind"] for problem in json.loads(out)["problems"])
    # The planted files did exercise every kind of problem, including the messages about malformed files.
    assert seen >= {"expired", "malformed", "invalid-auth", "retired"}


@settings(max_examples=100, deadline=None)
@given(
    document=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=12),
        lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
        max_leaves=20,
    ),
    secret=st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ", min_size=6, max_size=12),
    where=st.sampled_from(SECRET_FIELDS),
    wrap=st.booleans(),
)
def test_any_file_with_a_secret_in_it_never_shows_it(document: object, secret: str, where: str, wrap: bool) -> None:
    planted = "Zq" + secret + "Xw"
    value = basic("u", planted) if wrap else planted
    entry = {where: value}
    candidates = [
        json.dumps(document),
        json.dumps({"auths": {"registry.ci.openshift.org": entry, "x": document}}),
        json.dumps({"auths": {"registry.ci.openshift.org": entry}, "credHelpers": document}),
        json.dumps({"auths": {"registry.ci.openshift.org": entry}})[:-3],
        json.dumps({"https://registry.ci.openshift.org": entry, planted: document}),
    ]
    locations = auth_file_locations({"XDG_RUNTIME_DIR": "/r"}, home="/h", uid=1)
    for text in candidates:
        files = tuple(parse_auth_file(location, text) for location in locations)
        for targets in (default_targets(files), (resolve_target("app.ci"),)):
            report = diagnose(files, targets, NOW, image="x")
            output = render_doctor_text(report) + render_doctor_json(report)
            assert planted not in output
            assert value not in output
