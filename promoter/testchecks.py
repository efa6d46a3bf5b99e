"""Semantic rules of tests and their steps, ported from ci-operator's pkg/validation/test.go and graph.go.

ci-operator-checkconfig validates each config twice with ``validateTestStepConfiguration`` (as written, and resolved
against the step registry), checks step dependencies (``validateTestStepDependencies``) and then the step graph
(``IsValidGraphConfiguration``); ci-operator repeats both when a job starts. The checks here are the part of that
which a config file decides on its own: registry steps, workflows and chains are not resolved (the step registry
checks do that), and the cluster profile and claim owner lists that checkconfig loads from the live system are not
known. Shapes the JSON Schema already rejects (a missing key, a wrong pattern) are left to it.

Each check follows ci-operator's own conditions, so a config ci-operator accepts gets no error from here; where
ci-operator only rejects the config when a job starts (a ``steps`` test is added to the graph once resolved), the
message says that every job fails at run time.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from typing import Any

from promoter.checks import (
    _REFERENCE_KEYS,
    _STAGES,
    Check,
    ConfigContext,
    ConfigTest,
    _mapping,
    _sequence,
    _text,
    pipeline_registrations,
)
from promoter.findings import Finding
from promoter.gotime import HOUR, cron_error, go_quote, parse_duration
from promoter.lazydataclass import dataclass
from promoter.lazyre import lazy_compile
from promoter.yamldoc import JsonPath

_MAX_TEST_NAME = 61
_MAX_CLAIM_TEST_NAME = 42
_MAX_JOB_TIMEOUT = 72 * HOUR
_DNS1123_SUBDOMAIN = lazy_compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
# The schema's approximation of a DNS-1123 subdomain (it lets "a..b" through).
_SCHEMA_NAME = lazy_compile(r"[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")
_SHARD_SUFFIX = lazy_compile(r"-[0-9]+of[0-9]+$")
# ci-operator's trap detector, with Go's ASCII classes spelled out.
_TRAP = lazy_compile(r"""(^|\W)[\t\n\f\r ]*trap[\t\n\f\r ]*['"]?\w*['"]?[\t\n\f\r ]*\w*""", re.ASCII)
_COLLECTION = lazy_compile(r"([a-z0-9_-]*[a-z0-9])?")
_GROUP = lazy_compile(
    r"(--dot--)?[a-zA-Z0-9]+([a-zA-Z0-9_-]*[a-zA-Z0-9]+)?(/[a-zA-Z0-9]+([a-zA-Z0-9_-]*[a-zA-Z0-9]+)?)*", re.ASCII
)
_ENCODED_UNDERSCORES = lazy_compile(r"--(u{2,})--")
_MOUNT_FILE_FORBIDDEN = lazy_compile(r"[^a-zA-Z0-9\-._]")
_RELEASE_STREAMS = ("pipeline", "stable", "stable-initial", "release")
# The pipeline tags that config fields build, and the field (graph.go names it when the tag is missing).
_MISSING_FIELD = {
    "root": "build_root",
    "bin": "binary_build_commands",
    "test-bin": "test_binary_build_commands",
    "rpms": "rpm_build_commands",
}
_NAME_WITH_GSM_FIELDS = "`name` cannot be used with `bundle`, `collection`, `group`, or `field`"
_AS_WITHOUT_FIELD = "`field` is required when `as` is specified"
_BUNDLE_WITH_FIELDS = "`bundle` cannot be used with `collection`, `group`, or `field`"
_RUN_TIME = "; ci-operator checks this when a job starts, so every job of the config fails at run time"


def _set(mapping: dict[str, Any], key: str) -> bool:
    """Whether a pointer, list or map field is set in Go's eyes: present and not null."""
    return mapping.get(key) is not None


def _is_dns_subdomain(name: str) -> bool:
    return len(name) <= 253 and _DNS1123_SUBDOMAIN.fullmatch(name) is not None


def _visible(text: str) -> str:
    """Input text for a message between single quotes, with control characters escaped."""
    return go_quote(text)[1:-1]


@dataclass(frozen=True, slots=True)
class _Step:
    """An inline literal step of a test: where it is, in which stage, and its data."""

    test: ConfigTest
    stage: str
    path: JsonPath
    data: dict[str, Any]


def check_test_names(ctx: ConfigContext) -> Iterator[Finding]:
    """TN-2, TN-4, TN-7, TN-8: the name rules the schema cannot express, in ci-operator's order."""
    images = ctx.built
    first: dict[str, int] = {}
    for test in ctx.tests:
        name = test.name
        if name in first:
            yield ctx.finding(
                (*test.path, "as"),
                "TN-8",
                f"found duplicated test: ({_visible(name)}); tests[{first[name]}] has the same name",
            )
        else:
            first[name] = test.index
        # ci-operator reports only the first failing name rule; the schema covers the links of the chain not here.
        if not name or len(name) > _MAX_TEST_NAME:
            continue
        if len(name) > _MAX_CLAIM_TEST_NAME and test.claim is not None:
            yield ctx.finding(
                (*test.path, "as"),
                "TN-2",
                f"{len(name)} characters long, maximum length is {_MAX_CLAIM_TEST_NAME} for tests with claims",
            )
        elif name == "images" or name.startswith("ci-index"):
            continue
        elif name in images:
            yield ctx.finding(
                (*test.path, "as"), "TN-4", f"duplicated name {go_quote(name)} already declared in 'images'"
            )
        elif "." not in name or test.multi_stage is None:
            continue  # TN-7 is all that is left, and it needs both: no name patterns to match
        elif not _is_dns_subdomain(name) or _SHARD_SUFFIX.search(name):
            continue
        else:
            yield ctx.finding(
                (*test.path, "as"),
                "TN-7",
                f"'{_visible(name)}' is not a valid name, the following chars '.' are forbidden",
            )


# The fields of a test that the trigger rules start from; the others they read only beside one of these.
_TRIGGER_FIELDS = frozenset(
    {"presubmit", "postsubmit", "cron", "interval", "minimum_interval", "timeout", "reporter_config"}
)


def check_test_triggers(ctx: ConfigContext) -> Iterator[Finding]:
    """TJ-1 to TJ-6: which jobs a test generates, its schedule, timeout and Slack reporting."""
    for test in ctx.tests:
        data, path = test.data, test.path
        if data.keys().isdisjoint(_TRIGGER_FIELDS):
            continue  # most tests run on pull requests with the defaults: none of these rules has anything to see
        presubmit = data.get("presubmit") is True
        if presubmit and not test.periodic:
            yield ctx.finding((*path, "presubmit"), "TJ-4", "`presubmit` can be used only for periodics")
        if data.get("postsubmit") is True:
            for key in ("cron", "interval", "minimum_interval", "optional"):
                if data.get(key) is True if key == "optional" else _set(data, key):
                    yield ctx.finding((*path, key), "TJ-1", f"`{key}` and `postsubmit` are mutually exclusive")
        scheduled = any(_set(data, key) for key in ("cron", "interval", "minimum_interval"))
        if scheduled and not presubmit:
            filters = [key for key in ("run_if_changed", "skip_if_only_changed") if _text(data.get(key))]
            filters += ["optional"] if data.get("optional") is True else []
            if filters:
                yield ctx.finding(
                    (*path, filters[0]),
                    "TJ-3",
                    "`cron`/`interval`/`minimum_interval` are mutually exclusive with"
                    " `run_if_changed`/`skip_if_only_changed`/`optional`",
                )
        yield from _schedule_and_reporting(ctx, test)


def _schedule_and_reporting(ctx: ConfigContext, test: ConfigTest) -> Iterator[Finding]:
    """TJ-2, TJ-5, TJ-6: the values of ``cron``, ``timeout`` and ``reporter_config``."""
    data, path = test.data, test.path
    cron = data.get("cron")
    if isinstance(cron, str) and (error := cron_error(cron)):
        yield ctx.finding((*path, "cron"), "TJ-2", f"cannot parse cron: {error}")
    timeout = data.get("timeout")
    if isinstance(timeout, str):
        nanoseconds, _ = parse_duration(timeout)
        if nanoseconds is not None and nanoseconds > _MAX_JOB_TIMEOUT:
            yield ctx.finding((*path, "timeout"), "TJ-5", "job timeout is limited to 72h0m0s")
    reporter = _mapping(data.get("reporter_config"))
    if reporter.get("channel") == "":
        yield ctx.finding((*path, "reporter_config", "channel"), "TJ-6", "must be set")
    if reporter.get("report_presubmit") is True and data.get("presubmit") is not True:
        yield ctx.finding(
            (*path, "reporter_config", "report_presubmit"),
            "TJ-6",
            "can only be set when the test has `presubmit: true`",
        )


def check_clusters(ctx: ConfigContext) -> Iterator[Finding]:
    """CL-1, CL-2: a cluster claim replaces the cluster profile, and only multi-stage tests can use it."""
    for test in ctx.tests:
        if test.claim is None:
            continue
        path = (*test.path, "cluster_claim")
        stanza = test.multi_stage
        if stanza is None:
            yield ctx.finding(
                path, "CL-2", "cluster_claim cannot be set on a test which is not a multi-stage test", key=True
            )
        elif (
            _set(stanza, "cluster_profile_literal")
            if test.multi_stage_key == "literal_steps"
            else bool(_text(stanza.get("cluster_profile")))
        ):
            yield ctx.finding(
                path,
                "CL-1",
                "installs more than one cluster, probably it defined both cluster_claim and cluster_profile",
                key=True,
            )


def _mount_file_error(encoded: str) -> str:
    """Why a GSM field or ``as`` name is not a safe file name once decoded, or ""."""
    decoded = _ENCODED_UNDERSCORES.sub(lambda m: "_" * len(m.group(1)), encoded.replace("--dot--", "."))
    shown, decoded_shown = go_quote(encoded), go_quote(decoded)
    if not decoded:
        return f"mount file name {shown} decodes to an empty string"
    if decoded.startswith("/"):
        return f"mount file name {shown} decodes to {decoded_shown} which is an absolute path"
    if ".." in decoded.split("/"):
        return f"mount file name {shown} decodes to {decoded_shown} which contains a path traversal segment"
    forbidden = _MOUNT_FILE_FORBIDDEN.findall(decoded)
    if forbidden:
        return (
            f"mount file name {shown} decodes to {decoded_shown} which contains forbidden characters"
            f" ({', '.join(forbidden)}); decoded names must only contain letters, numbers, dashes (-), dots (.),"
            " and underscores (_)"
        )
    return ""


def _valid_collection(name: str) -> bool:
    return (
        0 < len(name) <= 50
        and not name.startswith("_")
        and not name.endswith("_")
        and "__" not in name
        and _COLLECTION.fullmatch(name) is not None
    )


def _valid_group(name: str) -> bool:
    return (
        bool(name)
        and not name.startswith("_")
        and not name.endswith("_")
        and "__" not in name
        and (_GROUP.fullmatch(name) is not None)
    )


def _gsm_names(ctx: ConfigContext, path: JsonPath, entry: dict[str, Any]) -> Iterator[Finding]:
    """CR-4: the names of a Google Secret Manager reference by collection and group."""
    collection, group = _text(entry.get("collection")), _text(entry.get("group"))
    if not _valid_collection(collection):
        yield ctx.finding((*path, "collection"), "CR-4", f"{go_quote(collection)} is not a valid collection name")
    if not _valid_group(group):
        yield ctx.finding((*path, "group"), "CR-4", f"{go_quote(group)} is not a valid group name")
    for key in ("field", "as"):
        value = _text(entry.get(key))
        if value and (error := _mount_file_error(value)):
            yield ctx.finding((*path, key), "CR-4", error)


def check_secrets(ctx: ConfigContext) -> Iterator[Finding]:
    """CR-1, CR-3, CR-4, CR-5: ``secret``/``secrets`` of container tests (validateTestStepConfiguration)."""
    for test in ctx.tests:
        if "secrets" in test.data or "secret" in test.data:
            yield from _test_secrets(ctx, test)


def _test_secrets(ctx: ConfigContext, test: ConfigTest) -> Iterator[Finding]:
    """CR-1, CR-3, CR-4, CR-5 of one test that has ``secret`` or ``secrets``."""
    entries: list[tuple[JsonPath, Any]] = []
    if _set(test.data, "secrets"):
        entries += [((*test.path, "secrets", i), s) for i, s in enumerate(_sequence(test.data.get("secrets")))]
    if _set(test.data, "secret"):
        entries.append(((*test.path, "secret"), test.data.get("secret")))
    for key in ("secrets", "secret"):
        if _set(test.data, key) and not _set(test.data, "container"):
            yield ctx.finding(
                (*test.path, key),
                "CR-5",
                "secret/secrets can be only used with container-based tests (use credentials in multi-stage tests)",
                key=True,
            )
    names: set[str] = set()
    bundles: set[str] = set()
    for path, raw in entries:
        entry = _mapping(raw)
        text = {key: _text(entry.get(key)) for key in ("name", "as", "bundle", "collection", "group", "field")}
        if not any(text[key] for key in ("as", "bundle", "collection", "group", "field")):
            if not text["name"] or (_SCHEMA_NAME.fullmatch(text["name"]) and not _is_dns_subdomain(text["name"])):
                # the schema's pattern reports other bad names; an empty or missing one it lets through
                yield ctx.finding(
                    (*path, "name"), "CR-1", f"{go_quote(text['name'])} is not a valid Kubernetes object name"
                )
            if text["name"] in names:
                yield ctx.finding((*path, "name"), "CR-3", f"duplicate secret name {go_quote(text['name'])}")
            names.add(text["name"])
            continue
        yield from _secret_form(ctx, path, text)
        if text["bundle"]:
            if text["bundle"] in bundles:
                yield ctx.finding((*path, "bundle"), "CR-3", f"duplicate bundle reference {go_quote(text['bundle'])}")
            bundles.add(text["bundle"])
        elif text["collection"] and text["group"]:
            yield from _gsm_names(ctx, path, entry)


def _secret_form(ctx: ConfigContext, path: JsonPath, text: dict[str, str]) -> Iterator[Finding]:
    """CR-1 for a test secret that uses the Google Secret Manager fields."""
    if text["name"]:
        yield ctx.finding((*path, "name"), "CR-1", _NAME_WITH_GSM_FIELDS)
    if text["as"] and not text["field"]:
        yield ctx.finding((*path, "as"), "CR-1", _AS_WITHOUT_FIELD)
    if text["bundle"]:
        if text["collection"] or text["group"] or text["field"]:
            yield ctx.finding((*path, "bundle"), "CR-1", _BUNDLE_WITH_FIELDS)
    elif text["collection"] and text["group"]:
        return
    elif text["collection"]:
        yield ctx.finding((*path, "group"), "CR-1", "is required when `collection` is set")
    elif text["group"]:
        yield ctx.finding((*path, "collection"), "CR-1", "is required when `group` is set")
    elif text["field"]:
        yield ctx.finding((*path, "field"), "CR-1", "`field` requires `collection` and `group` to be set")
    else:
        yield ctx.finding(path, "CR-1", "must specify `bundle` or `collection`+`group`")


def _credentials(ctx: ConfigContext, step: _Step) -> Iterator[Finding]:
    """CR-1 to CR-4: the credentials of one step (validateCredentials)."""
    entries = [(i, _mapping(c)) for i, c in enumerate(_sequence(step.data.get("credentials")))]
    base: JsonPath = (*step.path, "credentials")
    for i, entry in entries:
        path = (*base, i)
        text = {k: _text(entry.get(k)) for k in ("name", "namespace", "as", "bundle", "collection", "group", "field")}
        if text["field"] or text["group"] or text["collection"] or text["bundle"]:
            yield from _credential_form(ctx, path, entry, text)
        else:
            for key in ("name", "namespace"):
                if not text[key]:
                    yield ctx.finding((*path, key), "CR-1", f"`{key}` is required")
        if not _text(entry.get("mount_path")):
            yield ctx.finding((*path, "mount_path"), "CR-2", "`mount_path` is required")
    yield from _credential_pairs(ctx, base, entries)


def _credential_form(
    ctx: ConfigContext, path: JsonPath, entry: dict[str, Any], text: dict[str, str]
) -> Iterator[Finding]:
    """CR-1, CR-4 for a credential that uses the Google Secret Manager fields."""
    if text["name"]:
        yield ctx.finding((*path, "name"), "CR-1", _NAME_WITH_GSM_FIELDS)
    if text["as"] and not text["field"]:
        yield ctx.finding((*path, "as"), "CR-1", _AS_WITHOUT_FIELD)
    elif text["bundle"]:
        if text["collection"] or text["group"] or text["field"]:
            yield ctx.finding((*path, "bundle"), "CR-1", _BUNDLE_WITH_FIELDS)
    elif text["collection"] and text["group"]:
        if text["namespace"]:
            yield ctx.finding(
                (*path, "namespace"), "CR-1", "`namespace` cannot be used with `collection`, `group`, or `field`"
            )
        yield from _gsm_names(ctx, path, entry)
    else:
        yield ctx.finding(path, "CR-1", "must specify `bundle`, `collection`+`group`, or `collection`+`group`+`field`")


def _credential_pairs(
    ctx: ConfigContext, base: JsonPath, entries: list[tuple[int, dict[str, Any]]]
) -> Iterator[Finding]:
    """CR-2, CR-3: two credentials of a step that collide (same or nested mount, same source)."""
    for position, (i, one) in enumerate(entries):
        for j, other in entries[position + 1 :]:
            mount, other_mount = _text(one.get("mount_path")), _text(other.get("mount_path"))
            if mount == other_mount:
                yield ctx.finding(
                    (*base, j, "mount_path"),
                    "CR-2",
                    f"credentials[{i}] and credentials[{j}] mount to the same location ({mount}), which would result"
                    " in a collision",
                )
                continue
            bundle = _text(one.get("bundle"))
            if bundle and bundle == _text(other.get("bundle")):
                yield ctx.finding(
                    (*base, j),
                    "CR-3",
                    f"credentials[{i}] and credentials[{j}] reference the same bundle {go_quote(bundle)}",
                )
                continue
            source = (_text(one.get("namespace")), _text(one.get("name")))
            if all(source) and source == (_text(other.get("namespace")), _text(other.get("name"))):
                yield ctx.finding(
                    (*base, j),
                    "CR-3",
                    f"credentials[{i}] and credentials[{j}] reference the same secret ({source[0]}/{source[1]}),"
                    " which would create a duplicate Kubernetes volume name",
                )
                continue
            if not (mount.startswith("/") and other_mount.startswith("/")):
                continue  # a missing or relative mount path is reported on its own
            for (a, a_mount), (b, b_mount) in (((i, mount), (j, other_mount)), ((j, other_mount), (i, mount))):
                if _under(a_mount, b_mount):
                    yield ctx.finding(
                        (*base, a, "mount_path"),
                        "CR-2",
                        f"credentials[{a}] mounts at {a_mount}, which is under credentials[{b}] ({b_mount})",
                    )


# Whether one mount path lies under another, by pair: a tree mounts the same few credentials in step after step.
_UNDER: dict[tuple[str, str], bool] = {}
# Bounds the memory of the memo whatever the input.
_UNDER_KEPT = 10_000


def _under(path: str, other: str) -> bool:
    """Whether the absolute ``path`` is ``other`` or below it, as ci-operator's relative path test decides."""
    found = _UNDER.get((path, other))
    if found is None:
        found = ".." not in posixpath.relpath(path, other)
        if len(_UNDER) < _UNDER_KEPT:
            _UNDER[path, other] = found
    return found


def _from_reference(ctx: ConfigContext, step: _Step, releases: set[str]) -> Iterator[Finding]:
    """TS-10, TS-11: a step's ``from`` must be a pipeline tag or ``stream:tag`` of a stream the test has."""
    source = step.data.get("from")
    if not isinstance(source, str) or not source or _set(step.data, "from_image"):
        return
    path = (*step.path, "from")
    parts = source.split(":")
    if len(parts) > 2:
        yield ctx.finding(path, "TS-10", f"'{_visible(source)}' is not a valid imagestream reference")
    claim = step.test.claim
    override = (_text(claim.get("as")) or "latest") if claim is not None else None
    for index, part in enumerate(parts):
        if not _is_dns_subdomain(part):
            yield ctx.finding(path, "TS-10", f"'{_visible(part)}' is not a valid Kubernetes object name")
        elif index == 0 and len(parts) == 2 and part not in _RELEASE_STREAMS:
            release = part.removeprefix("stable-")
            if release not in releases and release != override:
                yield ctx.finding(path, "TS-11", f"unknown imagestream '{_visible(part)}'")


def _step_basics(ctx: ConfigContext, step: _Step, env: dict[str, Any] | None) -> Iterator[Finding]:
    """TS-13 to TS-16, DP-1: what validateLiteralTestStep checks on one step on its own."""
    data, path = step.data, step.path
    name = _text(data.get("as"))
    commands = data.get("commands")
    # The pattern needs the word itself: a plain substring test spares most scripts the search.
    if isinstance(commands, str) and "trap" in commands and _TRAP.search(commands) and not _set(data, "grace_period"):
        yield ctx.finding(
            (*path, "commands"),
            "TS-13",
            f"test `{_visible(name)}` has `commands` containing `trap` command, but test step is missing grace_period",
        )
    if data.get("best_effort") is True and not _set(data, "timeout"):
        yield ctx.finding(
            (*path, "best_effort"), "TS-14", f"test {_visible(name)} contains best_effort without timeout"
        )
    # A registry ref's stage is unknown (ci-operator's testStageUnknown): only pre and test steps are refused.
    if step.stage in ("pre", "test") and _set(data, "optional_on_success"):
        yield ctx.finding(
            (*path, "optional_on_success"), "TS-15", "`optional_on_success` is only allowed for Post steps"
        )
    if env is not None:
        missing = [
            _text(param.get("name"))
            for param in (_mapping(p) for p in _sequence(data.get("env")))
            if not _set(param, "default") and _text(param.get("name")) not in env
        ]
        if missing:
            yield ctx.finding((*path, "env"), "TS-16", f"unresolved parameter(s): [{' '.join(missing)}]", key=True)
    seen_env: set[str] = set()
    for index, dependency in enumerate(_mapping(d) for d in _sequence(data.get("dependencies"))):
        dependency_name, variable = _text(dependency.get("name")), _text(dependency.get("env"))
        where = (*path, "dependencies", index)
        if dependency_name.count(":") > 1:
            yield ctx.finding(
                (*where, "name"),
                "DP-1",
                f"must take the `tag` or `stream:tag` form, not {go_quote(dependency_name)}",
            )
        if variable in seen_env:
            yield ctx.finding(
                (*where, "env"), "DP-1", "targets an environment variable that is already set by another dependency"
            )
        if variable:
            seen_env.add(variable)


def reference_findings(ctx: ConfigContext, path: JsonPath, data: dict[str, Any], commands: str) -> Iterator[Finding]:
    """What validateLiteralTestStep checks on a step registry ref on its own (``IsValidReference``).

    ``path`` is where the step is in the registry file (``ref``), ``commands`` the text of its commands file, where
    ci-operator looks for ``trap``. The checks that need a test (parameters, the test's releases) are left out.
    """
    step = _Step(ConfigTest(-1, path, {}, "", None, "steps", None), "", path, {**data, "commands": commands})
    yield from _step_basics(ctx, step, None)
    yield from _credentials(ctx, step)


# The keys of a multi-stage stanza that hold steps or leases: a stanza without them has nothing of its own to check.
_STEP_LISTS = frozenset({*_STAGES, "leases"})


def check_steps(ctx: ConfigContext) -> Iterator[Finding]:
    """TS-10 to TS-17, CR-1 to CR-4, DP-1, PI-1: the steps of multi-stage tests (validateTestSteps and friends)."""
    releases: set[str] | None = None
    from_images: dict[str, JsonPath] = {}
    for test in ctx.tests:
        stanza = test.multi_stage
        if stanza is None or stanza.keys().isdisjoint(_STEP_LISTS):
            continue  # a workflow with its parameters: no step or lease of its own to check
        if releases is None:
            releases = set(_mapping(ctx.data.get("releases")))
        yield from _test_steps(ctx, test, stanza, releases, from_images)
    if not from_images:
        return
    tags = _pipeline_image_fields(ctx)
    for tag, path in from_images.items():
        if tag in tags:
            yield ctx.finding(
                path,
                "PI-1",
                f"duplicate image name '{_visible(tag)}' (previously defined by field '{tags[tag]}')",
                key=True,
            )


def _test_steps(
    ctx: ConfigContext, test: ConfigTest, stanza: dict[str, Any], releases: set[str], from_images: dict[str, JsonPath]
) -> Iterator[Finding]:
    """The steps and leases of one multi-stage stanza; records each step's ``from_image`` in ``from_images``."""
    env = stanza.get("env") if isinstance(stanza.get("env"), dict) else None
    names: set[str] = set()
    leases: set[str] = set()
    key = test.multi_stage_key
    yield from _leases(ctx, (*test.path, key, "leases"), stanza, leases)
    for stage in _STAGES:
        entries = stanza.get(stage)
        if not isinstance(entries, list):
            continue
        for index, raw in enumerate(entries):
            if not isinstance(raw, dict):
                continue
            if _REFERENCE_KEYS.issuperset(raw):
                # A ref or a chain: only its name, which shares one namespace with the test's step names.
                # With neither or both set the schema reports it, and ci-operator records no name.
                ref, chain = raw.get("ref"), raw.get("chain")
                if (ref is None) == (chain is None):
                    continue
                kind, value = ("ref", ref) if ref is not None else ("chain", chain)
                if isinstance(value, str) and value:
                    if value in names:
                        yield ctx.finding(
                            (*test.path, key, stage, index, kind), "TS-12", f"duplicated name {go_quote(value)}"
                        )
                    names.add(value)
                continue
            path = (*test.path, key, stage, index)
            step = _Step(test, stage, path, raw)
            name = _text(raw.get("as"))
            if name and name in names:
                yield ctx.finding((*path, "as"), "TS-12", f"duplicated name {go_quote(name)}")
            names.add(name)
            yield from _from_reference(ctx, step, releases)
            if _set(raw, "from_image") and not _set(raw, "from"):
                image = _mapping(raw.get("from_image"))
                tag = "-".join(_text(image.get(k)) for k in ("namespace", "name", "tag"))
                from_images.setdefault(tag, (*path, "from_image"))
            yield from _step_basics(ctx, step, env)
            if "credentials" in raw:
                yield from _credentials(ctx, step)
            if "leases" in raw:
                yield from _leases(ctx, (*path, "leases"), raw, leases)


def check_empty_fields(ctx: ConfigContext) -> Iterator[Finding]:
    """TS-18: a field ci-operator requires is there but empty, which the schema's ``required`` lets through."""
    for test in ctx.tests:
        container = test.data.get("container")
        if isinstance(container, dict) and container.get("from") == "":
            yield ctx.finding((*test.path, "container", "from"), "TS-18", "'from' is required")
        claim = test.claim
        if claim is not None:
            for key in ("version", "cloud", "owner"):
                if claim.get(key) == "":
                    yield ctx.finding(
                        (*test.path, "cluster_claim", key), "TS-18", "cannot be empty when cluster_claim is not nil"
                    )
        stanza = test.multi_stage
        if stanza is None or stanza.keys().isdisjoint(_STEP_LISTS):
            continue
        yield from _empty_in_list(ctx, (*test.path, test.multi_stage_key), stanza, "leases", _LEASE_FIELDS)
        for stage in _STAGES:
            for index, raw in enumerate(_sequence(stanza.get(stage))):
                # A ref or chain that is set has nothing empty: only written-out steps need the full look.
                if isinstance(raw, dict) and (
                    not _REFERENCE_KEYS.issuperset(raw) or raw.get("ref") == "" or raw.get("chain") == ""
                ):
                    yield from _empty_step_fields(ctx, (*test.path, test.multi_stage_key, stage, index), raw)


_LEASE_FIELDS = {"resource_type": "'resource_type' cannot be empty", "env": "'env' cannot be empty"}
_DEPENDENCY_FIELDS = {"name": "must be set", "env": "must be set"}


def _empty_step_fields(ctx: ConfigContext, path: JsonPath, raw: dict[str, Any]) -> Iterator[Finding]:
    for key in ("ref", "chain"):
        if raw.get(key) == "":
            yield ctx.finding((*path, key), "TS-18", "length cannot be 0")
    if not set(raw) - {"ref", "chain"}:
        return
    if raw.get("commands") == "":  # an empty `as` breaks the schema's name pattern already
        yield ctx.finding((*path, "commands"), "TS-18", "`commands` is required")
    if raw.get("from") == "" and not _set(raw, "from_image"):
        yield ctx.finding((*path, "from"), "TS-18", "`from` or `from_image` is required")
    yield from _empty_in_list(ctx, path, raw, "leases", _LEASE_FIELDS)
    yield from _empty_in_list(ctx, path, raw, "dependencies", _DEPENDENCY_FIELDS)


def _empty_in_list(
    ctx: ConfigContext, path: JsonPath, owner: dict[str, Any], key: str, fields: dict[str, str]
) -> Iterator[Finding]:
    for index, entry in enumerate(_sequence(owner.get(key))):
        for field, message in fields.items():
            if isinstance(entry, dict) and entry.get(field) == "":
                yield ctx.finding((*path, key, index, field), "TS-18", message)


def _leases(ctx: ConfigContext, path: JsonPath, owner: dict[str, Any], seen: set[str]) -> Iterator[Finding]:
    """TS-17: a lease's variable must be unique in the whole test, test-level leases and step leases alike."""
    for index, lease in enumerate(_mapping(entry) for entry in _sequence(owner.get("leases"))):
        variable = _text(lease.get("env"))
        if not variable:
            continue
        if variable in seen:
            yield ctx.finding((*path, index, "env"), "TS-17", f"duplicate environment variable: {variable}")
        seen.add(variable)


def _pipeline_image_fields(ctx: ConfigContext) -> dict[str, str]:
    """The pipeline tags that validation registers before the tests, with the field that defines each."""
    fields: dict[str, str] = {}
    for tag, field, _, _ in pipeline_registrations(ctx.data):
        fields.setdefault(tag, field)
    return fields


def check_dependencies(ctx: ConfigContext) -> Iterator[Finding]:
    """DP-2: every image a step depends on must come from somewhere (validateTestStepDependencies)."""
    sources: _DependencySources | None = None  # what the config provides, once a step depends on something
    for test in ctx.tests:
        if not test.literal_steps:
            continue
        overrides = _mapping(_mapping(test.multi_stage).get("dependency_overrides"))
        claim = test.claim
        claim_release = None
        if claim is not None:
            override = _text(claim.get("as")) or "latest"
            claim_release = (f"{override}-{test.name}", override)
        for _, step_path, step in test.literal_steps:
            for index, raw in enumerate(_sequence(step.get("dependencies"))):
                dependency = _mapping(raw)
                name = _text(dependency.get("name"))
                if not name:
                    continue
                overridden = _text(dependency.get("env")) in overrides
                literal = bool(overrides) and test.multi_stage_key == "literal_steps"
                if sources is None:
                    sources = _DependencySources(ctx.data)
                for reason in sources.problems(name, claim_release, overridden=overridden, literal=literal):
                    yield ctx.finding(
                        (*step_path, "dependencies", index, "name"),
                        "DP-2",
                        f"cannot determine source for dependency {go_quote(name)} - {reason}",
                    )


class _DependencySources:
    """What a config provides to step dependencies: releases, build commands, images and bundles."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.tag_specification = _set(data, "tag_specification")
        self.releases = set(_mapping(data.get("releases")))
        self.build_root = _set(data, "build_root")
        self.commands = {
            tag: bool(_text(data.get(key)))
            for tag, key in (
                ("bin", "binary_build_commands"),
                ("test-bin", "test_binary_build_commands"),
                ("rpms", "rpm_build_commands"),
            )
        }
        self.operator = isinstance(data.get("operator"), dict)
        self.bundles = [_text(_mapping(b).get("as")) for b in _sequence(_mapping(data.get("operator")).get("bundles"))]
        self.base: set[str] = set()
        for key in ("base_images", "base_rpm_images", "external_images"):
            self.base.update(_mapping(data.get(key)))
        images = data.get("images")
        items = images if isinstance(images, list) else _sequence(_mapping(images).get("items"))
        self.built = {_text(_mapping(item).get("to")) for item in items}

    def bundle_image(self, name: str) -> bool:
        return self.operator and (name.startswith("ci-bundle") or name in {b for b in self.bundles if b})

    def pipeline_image(self, name: str) -> bool:
        prefixes = ("root", "src", "bin", "test-bin", "rpms", "ci-index")
        return name in self.base or name.startswith(prefixes) or self.bundle_image(name)

    def problems(
        self, dependency: str, claim: tuple[str, str] | None, *, overridden: bool, literal: bool
    ) -> Iterator[str]:
        """Why ci-operator cannot tell where ``dependency`` comes from (``claim``: release name and its alias)."""
        if ":" in dependency:
            stream, name = dependency.split(":")[:2]
        elif self.pipeline_image(dependency) or dependency in self.built:
            stream, name = "pipeline", dependency
        else:
            return  # a bare name that is no pipeline image is looked up in the release, whatever it is
        if claim is not None:
            release_name, alias = claim
            if stream == "release" and name == alias:
                name = release_name
            elif stream == ("stable" if alias == "latest" else f"stable-{alias}"):
                stream = "stable" if release_name == "latest" else f"stable-{release_name}"
        if stream not in ("pipeline", "release") and not stream.startswith("stable"):
            yield "ensure the correct ImageStream name was provided"
        release = name if stream == "release" else ""
        if stream.startswith("stable"):
            release = "latest" if stream == "stable" else stream.removeprefix("stable-")
        if release and not (
            (release in ("initial", "latest") and self.tag_specification)
            or release in self.releases
            or (claim is not None and release == claim[0])
        ):
            yield f"this dependency requires a {go_quote(release)} release, which is not configured"
        if stream == "pipeline" and not overridden:
            yield from self._pipeline_problems(name, literal=literal)

    def _pipeline_problems(self, name: str, *, literal: bool) -> Iterator[str]:
        if name == "root" and not self.build_root:
            yield "this dependency requires a build root, which is not configured"
        elif name in self.commands:
            if not self.commands[name]:
                what = {"bin": "binaries", "test-bin": "test binaries", "rpms": "RPMs"}[name]
                yield f"this dependency requires built {what}, which are not configured"
        elif name in ("root", "src"):
            return
        elif name == "ci-index":
            if not self.operator:
                yield "this dependency requires an operator bundle configuration, which is not configured"
        elif name.startswith("ci-index"):
            if not (self.operator or literal):
                yield "this dependency requires an operator bundle configuration, which is not configured"
            elif not any(f"ci-index-{bundle}" == name for bundle in self.bundles):
                yield (
                    f"this dependency requires an operator bundle named {name.removeprefix('ci-index')}, which is"
                    " not configured"
                )
        elif not (name in self.base or name in self.built or self.bundle_image(name)):
            yield (
                "no base image import, project image build, or bundle image build is configured to provide this"
                " dependency"
            )


@dataclass(frozen=True, slots=True)
class _Graph:
    """The step graph ci-operator builds from a config, as far as names go: targets and pipeline tags."""

    targets: dict[str, str]
    images: frozenset[str]


def _graph(ctx: ConfigContext) -> _Graph:
    """Targets (other than tests) and pipeline tags of the static step graph (defaults.FromConfigStatic)."""
    data = ctx.data
    # Each pipeline tag is its own target, unless it is imported: then the target is the import ("[input:tag]").
    produced: list[tuple[str, str]] = []
    for alias in _mapping(data.get("external_images")):
        produced.append((f"[input:{alias}]", alias))
    root = data.get("build_root")
    if isinstance(root, dict):
        if root.get("from_repository") is True or _set(root, "image_stream_tag"):
            produced.append(("[input:root]", "root"))
        elif _set(root, "project_image"):
            produced.append(("root", "root"))
    for tag, field in _MISSING_FIELD.items():
        if tag != "root" and field in data and _text(data[field]):
            produced.append((tag, tag))
    for alias in _mapping(data.get("base_images")):
        produced.append((f"[input:{alias}]", alias))
    for alias in _mapping(data.get("base_rpm_images")):
        produced.append((f"[input:{alias}-without-rpms]", f"{alias}-without-rpms"))
        produced.append((alias, alias))
    for _, item in ctx.image_items():
        to = _text(item.get("to"))
        produced.append((to, to))
    images = {"src"}
    if "operator" in data or "raw_steps" in data:
        produced += [(tag, tag) for tag in (*_operator_tags(data), *_raw_step_tags(data))]
        if isinstance(data.get("operator"), dict) and _sequence(_mapping(data.get("operator")).get("bundles")):
            images.add("ci-index-gen")  # every index generator also provides this tag
    targets: dict[str, str] = {}
    for target, tag in produced:
        targets.setdefault(target, tag)
    images.update(tag for _, tag in produced)
    return _Graph(targets=targets, images=frozenset(images))


def _raw_step_tags(data: dict[str, Any]) -> Iterator[str]:
    """The pipeline tags ``raw_steps`` produce."""
    for step in _sequence(data.get("raw_steps")):
        for kind, value in _mapping(step).items():
            output = _mapping(value).get("to")
            if isinstance(output, str) and output:
                yield output
            if kind == "bundle_source_step":
                yield "src-bundle"


def _operator_tags(data: dict[str, Any]) -> list[str]:
    """The targets an ``operator`` stanza adds: the bundle source, each bundle, and the index images."""
    operator = data.get("operator")
    if not isinstance(operator, dict):
        return []
    tags = ["src-bundle"]
    bundles = [_text(_mapping(b).get("as")) for b in _sequence(operator.get("bundles"))]
    for index, name in enumerate(bundles):
        tags += [name, f"ci-index-{name}-gen", f"ci-index-{name}"] if name else [f"ci-bundle{index}"]
    if not all(bundles):
        tags += ["ci-index-gen", "ci-index"]
    return tags


def check_graph(ctx: ConfigContext) -> Iterator[Finding]:
    """GR-1 to GR-4, GR-6: what IsValidGraphConfiguration rejects about tests."""
    if not ctx.tests:
        return
    graph = _graph(ctx)
    built = ctx.built
    for test in ctx.tests:
        data, path = test.data, test.path
        name = test.name
        if name == "src":
            yield ctx.finding(
                (*path, "as"),
                "GR-4",
                "ci-operator accepts this, but `src` is also the target that clones the repository: a job of this"
                " test runs that target and never runs the test",
            )
        elif name in graph.targets and name not in built:
            yield ctx.finding((*path, "as"), "GR-1", f"configuration contains duplicate target: {name}{_suffix(data)}")
        container = data.get("container")
        if isinstance(container, dict):
            source = container.get("from")
            if isinstance(source, str) and source and source not in graph.images:
                hint = f" (configuration is missing `{_MISSING_FIELD[source]}`)" if source in _MISSING_FIELD else ""
                yield ctx.finding((*path, "container", "from"), "GR-2", f"unknown image {go_quote(source)}{hint}")
        for _, step_path, step in test.literal_steps:
            source = step.get("from")
            if isinstance(source, str) and source in _MISSING_FIELD and source not in graph.images:
                yield ctx.finding(
                    (*step_path, "from"),
                    "GR-3",
                    f"unknown image {go_quote(source)} (configuration is missing `{_MISSING_FIELD[source]}`)"
                    f"{_suffix(data)}",
                )
        if data.get("postsubmit") is True and _set(data, "shard_count"):
            yield ctx.finding(
                (*path, "shard_count"), "GR-6", f"shard_count is not valid for a postsubmit{_suffix(data)}"
            )


def _suffix(test: dict[str, Any]) -> str:
    """What a graph finding adds for a ``steps`` test, which ci-operator adds to the graph only when a job starts."""
    if test.get("steps") is not None and test.get("literal_steps") is None and test.get("container") is None:
        return _RUN_TIME
    return ""


def check_canonical_go_repository(ctx: ConfigContext) -> Iterator[Finding]:
    """TL-5: ``canonical_go_repository`` must not repeat the default clone path of the config's own repository."""
    where = ctx.config.metadata_from_path
    value = ctx.data.get("canonical_go_repository")
    if where is not None and value == f"github.com/{where.org}/{where.repo}":
        yield ctx.finding(
            ("canonical_go_repository",),
            "TL-5",
            "provides the default location, so is unnecessary",
        )


TEST_CHECKS: tuple[Check, ...] = (
    check_test_names,
    check_test_triggers,
    check_clusters,
    check_secrets,
    check_steps,
    check_empty_fields,
    check_dependencies,
    check_graph,
    check_canonical_go_repository,
)
