"""Test runs on the build farm: where their images are, and how to log in to a CI registry.

Pure functions over text: a job's build log or a console URL becomes a ``JobNamespace`` (cluster and ``ci-op-*`` or
``ci-ln-*`` namespace), that becomes pull specs of pipeline images, and a registry or cluster becomes login steps as
data. Every host comes from the table in ``promoter.registries``. Nothing here runs a command or reads a file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Literal
from urllib.parse import urlsplit

from promoter.lazydataclass import dataclass
from promoter.model import ImageBuild
from promoter.registries import (
    APP_CI_REGISTRY,
    BUILD_FARM_CONSOLE_PATTERN,
    BUILD_FARM_ROW,
    CLUSTER_LINKS_URL,
    CLUSTERS,
    LEGACY_API_CI_REGISTRY,
    QCI_PROXY_HOST,
    QCI_PROXY_ROW,
    QCI_REPOSITORY,
    Cluster,
    RegistryRow,
    cluster_for_registry,
    console_url,
    find_cluster,
    registry_rows,
    stale_token_note,
)

# ci-operator's namespace is "ci-op-" and the first 5 bytes of a SHA-256 of the job inputs in this base32 alphabet
# (8 characters); cluster-bot's is "ci-ln-" and 4 bytes (7 characters), or 10 characters for release-controller jobs.
NAMESPACE_ALPHABET = "bcdfghijklmnpqrstvwxyz0123456789"
_CI_OP = re.compile(rf"ci-op-[{NAMESPACE_ALPHABET}]{{8}}")
_CI_LN = re.compile(rf"ci-ln-[{NAMESPACE_ALPHABET}]{{7,10}}")
_ANY_JOB_NAMESPACE = re.compile(r"\bci-(?:op|ln)-[a-z0-9]+\b")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_USING_NAMESPACE = re.compile(r"Using namespace\s+(https?://[^\s\"'<>\\]+)")
_CONSOLE_URL = re.compile(r"https?://console[^\s\"'<>\\/]*/[^\s\"'<>\\]*")
_CONSOLE_PATH = re.compile(r"/k8s/(?:cluster/projects|cluster/namespaces|ns)/([^/?#]+)")
_PULL_SPEC_HOST_NAMESPACE = re.compile(r"\b([a-z0-9.-]+\.[a-z]{2,})/(ci-(?:op|ln)-[a-z0-9]+)/")
_TAG = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")
_CONSOLE_PREFIX = "console-openshift-console."
DEFAULT_PIPELINE_TAGS = ("src",)
SERVICE_ACCOUNT_AUTH_DIR = "sa-auth"
INTERNAL_REGISTRY_HOST = "image-registry.openshift-image-registry.svc:5000"

NamespaceKind = Literal["ci-op", "ci-ln"]


class BuildFarmError(ValueError):
    """Input that names no usable test namespace, cluster or registry; the message is one line for the user."""


@dataclass(frozen=True, slots=True, kw_only=True)
class JobNamespace:
    """The temporary namespace of one test run on one build farm cluster, and where the tool found it."""

    cluster: Cluster
    namespace: str
    origin: str

    @property
    def kind(self) -> NamespaceKind:
        """``ci-op`` for a ci-operator test run, ``ci-ln`` for a cluster-bot launch."""
        return "ci-ln" if self.namespace.startswith("ci-ln-") else "ci-op"

    def pull_spec(self, tag: str, stream: str = "pipeline") -> str:
        """The pull spec of ``stream:tag`` in this namespace: ``<registry>/<namespace>/<stream>:<tag>``."""
        return f"{self.cluster.registry}/{self.namespace}/{stream}:{tag}"


@dataclass(frozen=True, slots=True, kw_only=True)
class PipelineImage:
    """One ``pipeline`` image stream tag of a test run and its pull spec."""

    tag: str
    pull_spec: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RunImages:
    """The pipeline images of one test run, with what a user must know to pull them."""

    namespace: JobNamespace
    images: tuple[PipelineImage, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    """One step of instructions: what it does, and shell commands (none when the step is done by hand)."""

    says: str
    commands: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Instructions:
    """Steps to log in to a registry (as the ``oc`` user or with a service account's pull secret)."""

    registry: str
    cluster: str
    title: str
    steps: tuple[Step, ...]
    notes: tuple[str, ...] = ()


# --- namespaces, clusters and console URLs ------------------------------------------------------------------------


def validate_namespace(namespace: str) -> NamespaceKind:
    """The kind of a test namespace; raises ``BuildFarmError`` for anything but a ci-op or ci-ln namespace."""
    if _CI_OP.fullmatch(namespace):
        return "ci-op"
    if _CI_LN.fullmatch(namespace):
        return "ci-ln"
    if namespace.startswith("ci-op-"):
        raise BuildFarmError(
            f"{namespace!r} is not a ci-operator namespace: ci-op- is followed by 8 characters of {NAMESPACE_ALPHABET}"
        )
    if namespace.startswith("ci-ln-"):
        raise BuildFarmError(
            f"{namespace!r} is not a cluster-bot namespace: ci-ln- is followed by 7 to 10 characters of "
            f"{NAMESPACE_ALPHABET}"
        )
    raise BuildFarmError(
        f"{namespace!r} is not a test namespace: test runs use ci-op-<8 characters>, cluster-bot ci-ln-<7 characters>"
    )


def resolve_cluster(text: str) -> Cluster:
    """The build farm cluster named by a cluster name or its registry host; raises ``BuildFarmError`` otherwise."""
    name = text.strip()
    _refuse_token(name)
    cluster = find_cluster(name) or cluster_for_registry(name)
    if cluster is None:
        known = ", ".join(c.name for c in CLUSTERS if c.status != "retired")
        raise BuildFarmError(f"unknown cluster {name!r}: known clusters are {known} and any buildNN")
    if cluster.status == "retired":
        raise BuildFarmError(
            f"cluster {cluster.name} is retired ({cluster.role}); its registry no longer serves images"
        )
    return cluster


def cluster_for_console_host(host: str) -> Cluster | None:
    """The cluster whose web console is served at ``host``, or None.

    Consoles are ``console.<cluster>.ci.openshift.org``, or OpenShift's default route
    ``console-openshift-console.<ingress domain>``, where the ingress domain is ``apps.<cluster>.<base domain>``
    or the domain of the cluster's registry route (vSphere, arm64).
    """
    host = host.lower().rstrip(".")
    for cluster in CLUSTERS:
        if cluster.console and urlsplit(cluster.console).hostname == host:
            return cluster
    match = re.fullmatch(r"console\.([a-z0-9-]+)\.ci\.openshift\.org", host)
    if match:
        return find_cluster(match.group(1))
    if not host.startswith(_CONSOLE_PREFIX):
        return None
    ingress = host.removeprefix(_CONSOLE_PREFIX)
    # Clusters whose registry is a route of their own ingress domain: checked first, since the vSphere cluster's
    # domain apps.build02.vmc... starts with another cluster's name.
    for cluster in CLUSTERS:
        if cluster.registry in (f"registry.{ingress}", f"registry.{ingress.removeprefix('apps.')}"):
            return cluster
    labels = ingress.split(".")
    if len(labels) >= 3 and labels[0] == "apps":
        return find_cluster(labels[1])
    return None


def parse_console_url(url: str, *, origin: str = "") -> JobNamespace:
    """The test namespace of a console URL such as ``https://console.build02.ci.openshift.org/k8s/cluster/projects/NS``.

    Raises ``BuildFarmError`` when the URL is not a build farm console, names no namespace, or a namespace that is
    not a test run's.
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # an unbalanced [ of an IPv6 address
        raise BuildFarmError(f"not a console URL: {url!r}") from None
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not host:
        raise BuildFarmError(f"not a console URL: {url!r}")
    path = _CONSOLE_PATH.search(parts.path)
    if path is None:
        raise BuildFarmError(f"the URL names no namespace (expected .../k8s/cluster/projects/<namespace>): {url}")
    cluster = cluster_for_console_host(host)
    if cluster is None:
        raise BuildFarmError(f"{host} is not the console of a known build farm cluster")
    if cluster.status == "retired":
        raise BuildFarmError(
            f"cluster {cluster.name} is retired ({cluster.role}); its registry no longer serves images"
        )
    namespace = path.group(1)
    validate_namespace(namespace)
    return JobNamespace(cluster=cluster, namespace=namespace, origin=origin or f"console URL {url}")


def job_namespace(cluster: str, namespace: str) -> JobNamespace:
    """The test namespace given as a cluster (name or registry host) and a namespace name."""
    resolved = resolve_cluster(cluster)
    validate_namespace(namespace)
    return JobNamespace(cluster=resolved, namespace=namespace, origin="--cluster and --namespace")


# --- build logs -----------------------------------------------------------------------------------------------------


# Namespaces kept from console URLs and pull specs, the fallbacks: a log that names more is noise, not test runs.
_MAX_FALLBACK_NAMESPACES = 100
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def namespaces_in_log(log: str | Iterable[str], *, name: str = "build log") -> tuple[JobNamespace, ...]:
    """Every distinct test namespace a build log names, most trustworthy first; raises ``BuildFarmError`` if none.

    ci-operator logs ``Using namespace <console URL>`` once, near the start (plain, logrus or JSON lines); other
    lines mention ci-op namespaces too (pull specs, events, other jobs), so those only count when no such line
    exists: console URLs of a namespace anywhere, then pull specs on a build farm registry. ``log`` is the text or
    its lines with their line breaks, read once as they come, so a log of any size takes little memory (a piece of
    a long line without its break continues the same line).
    """
    pieces = log.splitlines(keepends=True) if isinstance(log, str) else log
    using: dict[tuple[str, str], JobNamespace] = {}
    consoles: dict[tuple[str, str], JobNamespace] = {}
    specs: dict[tuple[str, str], JobNamespace] = {}
    mentioned = ""
    number = 1
    for piece in pieces:
        line = _ANSI.sub("", piece)
        match = _USING_NAMESPACE.search(line)
        if match:
            # The same namespace on several lines (a retried step, a pod link) is one test run: keep its first mention.
            found = _located(match.group(1), name, number, "Using namespace")
            using.setdefault((found.cluster.name, found.namespace), found)
        elif not using:
            for kept, finder in ((consoles, _console_urls), (specs, _pull_specs)):
                for found in finder(line, name, number):
                    if len(kept) < _MAX_FALLBACK_NAMESPACES:
                        kept.setdefault((found.cluster.name, found.namespace), found)
        if not mentioned:
            any_namespace = _ANY_JOB_NAMESPACE.search(line)
            mentioned = any_namespace.group(0) if any_namespace else ""
        if piece[-1:] in _LINE_BREAKS:
            number += 1
    chosen = using or consoles or specs
    if chosen:
        return tuple(chosen.values())
    if mentioned:
        raise BuildFarmError(
            f"{name} has no 'Using namespace' line; it mentions {mentioned} but not its cluster: "
            f"give --cluster CLUSTER --namespace {mentioned}"
        )
    raise BuildFarmError(f"{name} has no 'Using namespace' line: is it the build log of a ci-operator job?")


def _console_urls(line: str, name: str, number: int) -> Iterator[JobNamespace]:
    for match in _CONSOLE_URL.finditer(line):
        url = match.group(0)
        try:
            parts = urlsplit(url)
        except ValueError:
            continue  # not a URL after all (an unbalanced [ of an IPv6 address)
        path = _CONSOLE_PATH.search(parts.path)
        host = parts.hostname or ""
        # Only a console URL of a test namespace on a known cluster counts: other links are noise here.
        if path and _is_job_namespace(path.group(1)) and cluster_for_console_host(host):
            yield _located(url, name, number, "console URL")


def _pull_specs(line: str, name: str, number: int) -> Iterator[JobNamespace]:
    for match in _PULL_SPEC_HOST_NAMESPACE.finditer(line):
        cluster = cluster_for_registry(match.group(1))
        namespace = match.group(2)
        if cluster is not None and cluster.status != "retired" and _is_job_namespace(namespace):
            origin = f"{name} line {number} (pull spec {match.group(1)}/{namespace}/...)"
            yield JobNamespace(cluster=cluster, namespace=namespace, origin=origin)


def _located(url: str, name: str, number: int, what: str) -> JobNamespace:
    try:
        return parse_console_url(url, origin=f"{name} line {number} ({what} {url})")
    except BuildFarmError as error:
        raise BuildFarmError(f"{name} line {number}: {error}") from None


def _is_job_namespace(namespace: str) -> bool:
    return bool(_CI_OP.fullmatch(namespace) or _CI_LN.fullmatch(namespace))


# --- pipeline images ------------------------------------------------------------------------------------------------


def validate_tag(tag: str) -> str:
    """An image stream tag name as given; raises ``BuildFarmError`` for one a registry would refuse."""
    if not _TAG.fullmatch(tag):
        raise BuildFarmError(f"{tag!r} is not an image tag: up to 128 letters, digits, '_', '.' and '-'")
    return tag


def tags_of_images(images: Iterable[ImageBuild]) -> tuple[tuple[str, str], ...]:
    """The pipeline tags of a config's ``images`` (each with a note), in config order, without duplicates."""
    tags: dict[str, str] = {}
    for image in images:
        if image.to and image.to not in tags:
            tags[image.to] = "optional: only built when a test needs it" if image.optional else ""
    return tuple(tags.items())


def pipeline_images(
    namespace: JobNamespace, tags: Sequence[tuple[str, str]], *, others: Sequence[JobNamespace] = ()
) -> RunImages:
    """The pull specs of pipeline tags (tag, note) in a test namespace, and the notes that go with them.

    ``others`` are further namespaces the same build log names; they are listed in a note, not resolved.
    """
    images = tuple(
        PipelineImage(tag=validate_tag(tag), pull_spec=namespace.pull_spec(tag), note=note) for tag, note in tags
    )
    cluster = namespace.cluster
    who = (
        "only the author of the pull request that started the test run can pull these images"
        if namespace.kind == "ci-op"
        else "only the user who launched the cluster-bot job can pull these images"
    )
    notes = [f"{who}; log in to {cluster.registry} first: promoted-images login {cluster.name}"]
    if cluster.status == "restricted":
        notes.append(f"{cluster.name}: {cluster.note}")
    notes.append(
        "the namespace and its images are deleted an hour after its last pod ends, or 12 hours after it was "
        "created: pull them while the job runs or soon after"
    )
    notes.extend(
        f"the log also names {other.namespace} on {other.cluster.name}: "
        f"use --cluster {other.cluster.name} --namespace {other.namespace} for its images"
        for other in others
    )
    return RunImages(namespace=namespace, images=images, notes=tuple(notes))


# --- registries -----------------------------------------------------------------------------------------------------

REGISTRY_NOTES = (
    "an image of a registry is <registry>/<namespace>/<imagestream>:<tag>; on QCI it is "
    f"{QCI_PROXY_HOST}/openshift/ci:<namespace>_<imagestream>_<tag>",
    "each registry takes the oc token of its own cluster: promoted-images login CLUSTER prints the commands",
    "the images a test run builds are in its ci-op-* namespace on the cluster it ran on: promoted-images "
    "testrun-image BUILD_LOG finds them",
)
# The registries page says the trap in a section of its own; the text and JSON outputs say it as their last note.
REGISTRY_TEXT_NOTES = (*REGISTRY_NOTES, stale_token_note())


# --- logging in -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class LoginTarget:
    """A registry host to log in to, the cluster whose ``oc`` token it takes, and the host that cluster serves."""

    host: str
    cluster: Cluster
    note: str = ""


def resolve_login_target(text: str) -> LoginTarget:
    """The registry named by a cluster name, a registry host, or a pull spec on it; raises ``BuildFarmError``."""
    given = text.strip()
    _refuse_token(given)
    host = given.split("://", 1)[-1].split("/", 1)[0].lower()
    if host in ("quay-proxy", "qci", QCI_PROXY_HOST):
        app_ci = resolve_cluster("app.ci")
        return LoginTarget(host=QCI_PROXY_HOST, cluster=app_ci, note="quay-proxy takes the token of app.ci")
    if host == "quay.io":
        raise BuildFarmError(
            f"{QCI_REPOSITORY} is where promotion pushes; pull through {QCI_PROXY_HOST}: "
            f"promoted-images login {QCI_PROXY_HOST}"
        )
    if host in ("api.ci", LEGACY_API_CI_REGISTRY):
        raise BuildFarmError(
            f"{LEGACY_API_CI_REGISTRY} (api.ci) was shut down in 2021: use {APP_CI_REGISTRY}, and remove a stale "
            f"login with: docker logout {LEGACY_API_CI_REGISTRY}; podman logout {LEGACY_API_CI_REGISTRY}"
        )
    cluster = find_cluster(host) or cluster_for_registry(host)
    if cluster is None:
        raise BuildFarmError(
            f"unknown registry or cluster {given!r}: give a cluster (app.ci, build02, ...) or a registry host; "
            "promoted-images registries lists them"
        )
    return LoginTarget(host=cluster.registry, cluster=cluster, note=cluster.note)


# OpenShift OAuth tokens start with sha256~; service account tokens are JWTs, whose header starts with eyJ.
_TOKEN_LIKE = re.compile(r"(sha256~|eyJ)[A-Za-z0-9_.~-]{16,}")


def looks_like_token(text: str) -> bool:
    """Whether text holds something shaped like an OpenShift token or a JWT."""
    return bool(_TOKEN_LIKE.search(text))


def _refuse_token(text: str) -> None:
    # A token pasted in place of a name must not be echoed back in an error message (or a log of it).
    if looks_like_token(text):
        raise BuildFarmError(
            "that argument looks like a token, not a name: never pass a token as an argument (it stays in your shell "
            "history); if it was yours, revoke it with oc logout"
        )


def _oc_login_step(cluster: Cluster) -> Step:
    console = console_url(cluster)
    where = f"open {console}" if console else f"open the console of {cluster.name} (listed at {CLUSTER_LINKS_URL})"
    return Step(
        says=(
            f"Log in to {cluster.name} with oc: {where}, choose 'Copy login command' under your name and run the "
            "oc login command it shows; check that oc talks to that cluster:"
        ),
        commands=("oc whoami --show-server",),
    )


def logout_step(host: str) -> Step:
    """The step for the 'authentication required' trap: an expired token sent with every pull from ``host``."""
    return Step(
        says=stale_token_note(host, commands_follow=True),
        commands=(f"docker logout {host}", f"podman logout {host}"),
    )


def _restriction_notes(target: LoginTarget) -> list[str]:
    notes = [
        f"the registry takes a token of {target.cluster.name} only: a token of another cluster is refused",
    ]
    if target.cluster.status == "restricted":
        notes.append(f"{target.cluster.name}: {target.cluster.note}")
    return notes


def login_instructions(text: str) -> Instructions:
    """Steps to log in to a registry (given as cluster, host or pull spec) with the current ``oc`` user's token.

    The token goes to ``docker login`` and ``podman login`` on standard input (``--password-stdin``): a ``-p`` or
    ``--password`` argument would show it in the process list and keep it in the shell history.
    """
    target = resolve_login_target(text)
    host = target.host
    login = Step(
        says=(
            "Log in to the registry, passing the token on standard input (never as an argument: there it would show "
            "in the process list and stay in your shell history):"
        ),
        commands=(
            f'oc whoami -t | docker login -u "$(oc whoami)" --password-stdin {host}',
            f'oc whoami -t | podman login -u "$(oc whoami)" --password-stdin {host}',
        ),
    )
    notes = _restriction_notes(target)
    if host == QCI_PROXY_HOST:
        notes.append(f"{QCI_PROXY_HOST}: {QCI_PROXY_ROW.note}")
    return Instructions(
        registry=host,
        cluster=target.cluster.name,
        title=f"Log in to {host} as your {target.cluster.name} user",
        steps=(_oc_login_step(target.cluster), login, logout_step(host)),
        notes=tuple(notes),
    )


def parse_service_account(text: str) -> tuple[str, str]:
    """``NAMESPACE/NAME`` of a service account, as a pair; raises ``BuildFarmError`` for anything else."""
    name_pattern = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?"
    _refuse_token(text)
    namespace, _, name = text.strip().partition("/")
    if not (re.fullmatch(name_pattern, namespace) and re.fullmatch(rf"{name_pattern}(\.{name_pattern})*", name)):
        raise BuildFarmError(f"{text!r} is not a service account: give NAMESPACE/NAME, e.g. ci/builder")
    return namespace, name


def service_account_instructions(text: str, service_account: str) -> Instructions:
    """Steps to read a service account's image pull secret and keep the entry for one registry host in a file.

    As ci-docs describe: the secret is named in the service account's ``imagePullSecrets``; a ``dockercfg``
    secret maps hosts to credentials (``.["HOST"]``), a ``dockerconfigjson`` one nests them under ``auths``
    (``.auths["HOST"]``). The printed commands write the selected entry to an auth file readable by its owner only
    and print host names, never the credential.
    """
    target = resolve_login_target(text)
    namespace, name = parse_service_account(service_account)
    host = target.host
    # quay-proxy takes app.ci credentials, and app.ci's secrets hold them for app.ci's own registry host.
    source = target.cluster.registry if host == QCI_PROXY_HOST else host
    auth_file = f"{SERVICE_ACCOUNT_AUTH_DIR}/config.json"
    if host == QCI_PROXY_HOST:
        example = f"{QCI_PROXY_HOST}/openshift/ci:NAMESPACE_IMAGESTREAM_TAG"
    else:
        example = f"{host}/NAMESPACE/IMAGESTREAM:TAG"
    read = f'oc get secret -n {namespace} "$secret" -o json'
    legacy = f"{read} | jq -r '.data[\".dockercfg\"]' | base64 --decode"
    current = f"{read} | jq -r '.data[\".dockerconfigjson\"]' | base64 --decode"
    steps = (
        _oc_login_step(target.cluster),
        Step(
            says=f"Find the image pull secret of the service account {namespace}/{name}:",
            commands=(
                f"secret=$(oc get serviceaccount -n {namespace} {name} -o json | jq -r "
                f"'[.imagePullSecrets[].name | select(startswith(\"{name}-dockercfg-\"))][0]')",
                'echo "$secret"',
            ),
        ),
        Step(
            says=f"List the registry hosts it holds credentials for (host names only); look for {source}:",
            commands=(f"{legacy} | jq -r 'keys[]'",),
        ),
        Step(
            says=(
                f"Keep the entry for {source} in an auth file only you can read"
                + (f", as the entry for {host}" if source != host else "")
                + " (dockercfg secrets, the kind OpenShift makes for service accounts):"
            ),
            commands=(
                f"install -d -m 700 {SERVICE_ACCOUNT_AUTH_DIR}",
                f'( umask 077 && {legacy} | jq \'{{"auths": {{"{host}": .["{source}"]}}}}\' > {auth_file} )',
            ),
        ),
        Step(
            says="For a secret of type kubernetes.io/dockerconfigjson, select the host below auths instead:",
            commands=(
                f'( umask 077 && {current} | jq \'{{"auths": {{"{host}": .auths["{source}"]}}}}\' > {auth_file} )',
            ),
        ),
        Step(
            says="Check that the file holds an entry for the host (prints true or false, not the credential):",
            commands=(f"jq '.auths[\"{host}\"] != null' {auth_file}",),
        ),
        Step(
            says=f"Pull with that file, after setting image to the pull spec, such as {example}:",
            commands=(
                f'docker --config {SERVICE_ACCOUNT_AUTH_DIR} pull "$image"',
                f'podman pull --authfile {auth_file} "$image"',
            ),
        ),
    )
    notes = [
        *_restriction_notes(target),
        f"if the secret has no entry for {source}, the one for {INTERNAL_REGISTRY_HOST} (the registry's "
        f"in-cluster name) holds the same token: select that key instead",
        f"the service account may pull only what its roles allow: image streams of {namespace}, unless bound to more",
    ]
    if target.cluster.name == "app.ci":
        notes.append(
            "a robot that pulls from app.ci or quay-proxy needs its own namespace and ServiceAccount, added by a "
            "pull request to clusters/app.ci/registry-access in openshift/release"
        )
    notes.append(f"the auth file holds a credential: delete it when done (rm -r {SERVICE_ACCOUNT_AUTH_DIR})")
    return Instructions(
        registry=host,
        cluster=target.cluster.name,
        title=f"Log in to {host} with the pull secret of the service account {namespace}/{name} on "
        f"{target.cluster.name}",
        steps=steps,
        notes=tuple(notes),
    )


# --- the registries page ------------------------------------------------------------------------------------------

# The namespace of ci-docs' own example ("Using namespace https://console.build02.ci.openshift.org/k8s/cluster/projects/
# ci-op-2c2tvgti"), so the page shows a pull spec people may have seen before.
EXAMPLE_TEST_CLUSTER = "build02"
EXAMPLE_TEST_NAMESPACE = "ci-op-2c2tvgti"
# podman logout edits podman's own auth file only, while podman pull also reads docker's: an expired token that
# `oc registry login` or `docker login` left there needs docker logout, or podman told which file to edit.
PODMAN_DOCKER_AUTHFILE_NOTE = (
    "podman logout HOST only edits podman's own auth file, but podman pull also sends the token in "
    "~/.docker/config.json: remove that one with docker logout HOST or podman logout --authfile "
    "~/.docker/config.json HOST"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class RegistryEntry:
    """A row of the registries page: the registry, its console, whose token it takes, and how to log in to it.

    ``login`` is None for the retired host and for the ``buildNN`` pattern (no single host to log in to).
    """

    row: RegistryRow
    console: str
    log_in_with: str
    login: Instructions | None

    @property
    def pattern(self) -> bool:
        """Whether the row stands for every buildNN cluster: its console is a pattern, not a link."""
        return self.row == BUILD_FARM_ROW


@dataclass(frozen=True, slots=True, kw_only=True)
class RegistriesPage:
    """Everything the registries page says, from the one table in ``promoter.registries`` and the steps here."""

    entries: tuple[RegistryEntry, ...]
    notes: tuple[str, ...]
    test_run: RunImages
    test_run_pattern: str
    trap: Step
    trap_notes: tuple[str, ...]

    @property
    def retired(self) -> tuple[RegistryRow, ...]:
        """The registries no cluster serves any more."""
        return tuple(entry.row for entry in self.entries if entry.row.status == "retired")


def registries_page() -> RegistriesPage:
    """The registries page as data: every row of ``registry_rows()`` with its console and login steps."""
    entries = []
    for row in registry_rows():
        if row.status == "retired":
            entries.append(RegistryEntry(row=row, console="", log_in_with="nobody: retired", login=None))
            continue
        if row == BUILD_FARM_ROW:
            console = BUILD_FARM_CONSOLE_PATTERN.format(cluster=row.cluster)
            login = None
        else:
            # The console that gives the token the registry takes (app.ci's for the Quay proxy).
            cluster = find_cluster(row.login_cluster)
            console = console_url(cluster) if cluster is not None else ""
            login = login_instructions(row.registry)
        entries.append(
            RegistryEntry(row=row, console=console, log_in_with=f"an oc token of {row.login_cluster}", login=login)
        )
    example = job_namespace(EXAMPLE_TEST_CLUSTER, EXAMPLE_TEST_NAMESPACE)
    return RegistriesPage(
        entries=tuple(entries),
        notes=REGISTRY_NOTES,
        test_run=pipeline_images(example, tuple((tag, "") for tag in DEFAULT_PIPELINE_TAGS)),
        test_run_pattern="<registry of the cluster>/<ci-op-* namespace>/pipeline:<tag>",
        trap=logout_step("HOST"),
        trap_notes=(PODMAN_DOCKER_AUTHFILE_NOTE,),
    )
