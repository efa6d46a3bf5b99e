"""The build farm's registries: one table, used wherever the tool needs a registry host.

Promotion publishes every image stream tag ``N/S:T`` to the Quay repository ``quay.io/openshift/ci`` under the tag
``N_S_T`` (pulled through ``quay-proxy.ci.openshift.org``); app.ci's registry ``registry.ci.openshift.org`` is only
kept up to date for the namespaces whose streams feed releases (ocp, origin, ocp-priv).
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Literal

from promoter.lazydataclass import dataclass
from promoter.lazyre import lazy_compile
from promoter.model import ImageStreamTag

APP_CI_REGISTRY = "registry.ci.openshift.org"
QCI_REPOSITORY = "quay.io/openshift/ci"
QCI_PROXY_HOST = "quay-proxy.ci.openshift.org"
QCI_PROXY_REPOSITORY = f"{QCI_PROXY_HOST}/openshift/ci"
LEGACY_API_CI_REGISTRY = "registry.svc.ci.openshift.org"
# ci-tools' ServiceDomainAPPCI: app.ci is an OpenShift Dedicated cluster, its routes (and console) live below this.
APP_CI_INGRESS_DOMAIN = "apps.ci.l2s4.p1.openshiftapps.com"
# The registry of a build farm cluster's test namespaces, with the cluster name in place of NN.
BUILD_FARM_REGISTRY_PATTERN = "registry.buildNN.ci.openshift.org"
# The web console of a build farm cluster named buildNN.
BUILD_FARM_CONSOLE_PATTERN = "https://console.{cluster}.ci.openshift.org"
# ci-docs "Useful links": the console of every cluster, for the ones whose console this table does not know.
CLUSTER_LINKS_URL = "https://docs.ci.openshift.org/docs/getting-started/useful-links/#clusters"

# Since 2026-06-26 ci-operator tags app.ci image streams (as references to the Quay image) only in these namespaces
# (ocp-priv since 2026-07-29). The one list: `show`, `docs`, `registries` and their pages all read it.
APP_CI_KEPT_CURRENT: tuple[str, ...] = ("ocp", "origin", "ocp-priv")
APP_CI_REFERENCE_NAMESPACES = frozenset(APP_CI_KEPT_CURRENT)
OFFICIAL_NAMESPACES = frozenset({"ocp", "origin"})

PullRegistry = Literal["app.ci", "quay-proxy", "quay"]
PULL_REGISTRIES: tuple[PullRegistry, ...] = ("app.ci", "quay-proxy", "quay")
QCI_TAG_MAX_LENGTH = 128


@dataclass(frozen=True, slots=True, kw_only=True)
class Cluster:
    """A cluster of the build farm and the registry that serves its image streams."""

    name: str
    registry: str
    role: str
    status: Literal["active", "retired", "restricted"]
    note: str = ""
    # The web console, where "Copy login command" gives the oc token that this cluster's registry accepts; empty when
    # unknown (build farm clusters named buildNN follow console.buildNN.ci.openshift.org, see console_url).
    console: str = ""


_BUILD_CLUSTER = lazy_compile(r"build[0-9][0-9]+")


@dataclass(frozen=True, slots=True, kw_only=True)
class RegistryRow:
    """One row of the ``registries`` table: a registry host, where it lives, and whose token it takes.

    ``cluster`` is a cluster name, the pattern ``buildNN``, or empty for the Quay proxy, which belongs to no cluster;
    ``login_cluster`` is the cluster whose ``oc`` token the registry accepts (empty when nobody logs in any more).
    """

    cluster: str
    registry: str
    login_cluster: str
    role: str
    status: Literal["active", "retired", "restricted"]
    note: str = ""


# CLUSTERS, QCI_PROXY_ROW and BUILD_FARM_ROW are made on first use (see __getattr__): making them compiles the
# classes' __init__ (about 1% of a lint of one config), and a run that names no cluster or registry host needs none.
if TYPE_CHECKING:
    CLUSTERS: tuple[Cluster, ...]
    QCI_PROXY_ROW: RegistryRow
    BUILD_FARM_ROW: RegistryRow


@dataclass(frozen=True, slots=True)
class _Tables:
    """The clusters and the two rows of the registries table that are not a cluster's own."""

    clusters: tuple[Cluster, ...]
    qci_proxy_row: RegistryRow
    build_farm_row: RegistryRow


# The module's names of the tables' fields (see __getattr__).
_TABLE_FIELDS = {"CLUSTERS": "clusters", "QCI_PROXY_ROW": "qci_proxy_row", "BUILD_FARM_ROW": "build_farm_row"}


@functools.cache
def _tables() -> _Tables:
    clusters = (
        Cluster(
            name="app.ci",
            registry=APP_CI_REGISTRY,
            role=(
                f"central registry: promoted release streams ({', '.join(APP_CI_KEPT_CURRENT)})"
                " and images pushed by ART"
            ),
            status="active",
            console=f"https://console-openshift-console.{APP_CI_INGRESS_DOMAIN}",
        ),
        Cluster(
            name="build01",
            registry="registry.build01.ci.openshift.org",
            role="build farm: images of test runs in ci-op-* namespaces",
            status="active",
        ),
        Cluster(
            name="build02",
            registry="registry.build02.ci.openshift.org",
            role="build farm: images of test runs in ci-op-* namespaces",
            status="active",
        ),
        Cluster(
            name="build03",
            registry="registry.build03.ci.openshift.org",
            role="build farm: images of test runs in ci-op-* namespaces",
            status="active",
        ),
        Cluster(
            name="arm01",
            registry="registry.arm-build01.arm-build.devcluster.openshift.com",
            role="build farm for arm64 test runs",
            status="active",
        ),
        Cluster(
            name="vsphere02",
            registry="registry.apps.build02.vmc.ci.openshift.org",
            role="vSphere build farm",
            status="restricted",
            note="only vSphere admins can pull from it",
        ),
        Cluster(
            name="api.ci",
            registry=LEGACY_API_CI_REGISTRY,
            role="the original CI cluster, decommissioned in 2021",
            status="retired",
            note="pull specs on this host only work where CI rewrites them; use registry.ci.openshift.org",
        ),
    )
    qci_proxy_row = RegistryRow(
        cluster="",
        registry=QCI_PROXY_HOST,
        login_cluster="app.ci",
        role=f"QCI: pull-through proxy of {QCI_REPOSITORY}, where promotion pushes every image as N_S_T",
        status="active",
        note=(
            "pulling needs the qci-image-puller role of app.ci,"
            " or a ServiceAccount under clusters/app.ci/registry-access"
        ),
    )
    build_farm_row = RegistryRow(
        cluster="buildNN",
        registry=BUILD_FARM_REGISTRY_PATTERN,
        login_cluster="buildNN",
        role="any other build farm cluster named buildNN (build04, build05, build10, ...)",
        status="active",
        note="ci-operator derives the host from the cluster name; a token of one cluster is refused by the others",
    )
    return _Tables(clusters=clusters, qci_proxy_row=qci_proxy_row, build_farm_row=build_farm_row)


def __getattr__(name: str) -> object:
    """The tables made on first use: ``from promoter.registries import CLUSTERS`` works as for any constant."""
    field = _TABLE_FIELDS.get(name)
    if field is not None:
        return getattr(_tables(), field)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def registry_rows() -> tuple[RegistryRow, ...]:
    """The registries table: every cluster of ``CLUSTERS``, the buildNN pattern after them, and the Quay proxy.

    Rows are derived from ``CLUSTERS`` and the host constants above, so there is one source for every host.
    """
    rows: list[RegistryRow] = []
    for cluster in _tables().clusters:
        rows.append(
            RegistryRow(
                cluster=cluster.name,
                registry=cluster.registry,
                login_cluster="" if cluster.status == "retired" else cluster.name,
                role=cluster.role,
                status=cluster.status,
                note=cluster.note,
            )
        )
        if cluster.name == "app.ci":
            rows.append(_tables().qci_proxy_row)
    last_build = max(i for i, row in enumerate(rows) if _BUILD_CLUSTER.fullmatch(row.cluster))
    rows.insert(last_build + 1, _tables().build_farm_row)
    return tuple(rows)


def find_cluster(name: str) -> Cluster | None:
    """The table row of a cluster; a buildNN cluster missing from the table gets a row derived from its name."""
    for cluster in _tables().clusters:
        if cluster.name == name:
            return cluster
    # Only a whole buildNN name is accepted here: this resolves what people type, not what ci-operator matches.
    if _BUILD_CLUSTER.fullmatch(name):
        return Cluster(
            name=name,
            registry=f"registry.{name}.ci.openshift.org",
            role=_tables().build_farm_row.role,
            status="active",
        )
    return None


def cluster_for_registry(host: str) -> Cluster | None:
    """The cluster whose registry is ``host`` (``registry.buildNN.ci.openshift.org`` for any NN), or None."""
    for cluster in _tables().clusters:
        if cluster.registry == host:
            return cluster
    match = re.fullmatch(r"registry\.(build[0-9][0-9]+)\.ci\.openshift\.org", host)
    return find_cluster(match.group(1)) if match else None


def console_url(cluster: Cluster) -> str:
    """The web console of a cluster, or empty when not known (``CLUSTER_LINKS_URL`` lists them all)."""
    if cluster.console:
        return cluster.console
    if cluster.status != "retired" and _BUILD_CLUSTER.fullmatch(cluster.name):
        return BUILD_FARM_CONSOLE_PATTERN.format(cluster=cluster.name)
    return ""


def registry_for_cluster(name: str) -> str | None:
    """The registry host of a cluster, as ci-operator derives it; None for a cluster with no registry."""
    for cluster in _tables().clusters:
        if cluster.name == name:
            return cluster.registry
    # ci-operator matches the build farm pattern anywhere in the name, not only at the start.
    if _BUILD_CLUSTER.search(name):
        return f"registry.{name}.ci.openshift.org"
    return None


def app_ci_reference_kept(namespace: str) -> bool:
    """Whether promotion keeps ``registry.ci.openshift.org/<namespace>/...`` up to date."""
    return namespace in APP_CI_REFERENCE_NAMESPACES


def pull_spec(ist: ImageStreamTag, registry: PullRegistry) -> str:
    """The pull spec of a promoted image stream tag on one of the registries that promotion publishes to."""
    if registry == "app.ci":
        return f"{APP_CI_REGISTRY}/{ist.namespace}/{ist.name}:{ist.tag}"
    if registry == "quay-proxy":
        return f"{QCI_PROXY_REPOSITORY}:{ist.qci_tag}"
    return f"{QCI_REPOSITORY}:{ist.qci_tag}"


def pull_spec_kept(ist: ImageStreamTag, registry: PullRegistry) -> bool:
    """Whether promotion keeps this registry's copy of the tag up to date."""
    return registry != "app.ci" or app_ci_reference_kept(ist.namespace)


def stale_token_note(host: str = "HOST", *, commands_follow: bool = False) -> str:
    """The stale-token trap in one wording, for every command that mentions it (registries, login, doctor)."""
    fix = "log in again, or remove the entry" + (
        ":" if commands_follow else f" with docker logout {host} and podman logout {host}"
    )
    return (
        f'"authentication required" on a pull, even of a public image, usually means an expired token for {host} in'
        " ~/.docker/config.json or ${XDG_RUNTIME_DIR}/containers/auth.json, which podman and docker send with every"
        f" pull from it: {fix}"
    )


def host_commands(host: str) -> str:
    """The two commands that remove a stale entry for ``host``."""
    return f"docker logout {host}, podman logout {host}"


def kept_registry(ist: ImageStreamTag) -> PullRegistry:
    """The registry whose copy of the tag promotion keeps current, to pull from: app.ci where it is kept, else QCI."""
    return "app.ci" if app_ci_reference_kept(ist.namespace) else "quay-proxy"


def _known_host(host: str) -> bool:
    return (
        host in (APP_CI_REGISTRY, LEGACY_API_CI_REGISTRY)
        or any(cluster.registry == host for cluster in _tables().clusters)
        or bool(re.fullmatch(r"registry\.build[0-9][0-9]+\.ci\.openshift\.org", host))
    )


def parse_qci_tag(tag: str) -> ImageStreamTag | None:
    """Read a quay.io/openshift/ci tag ``namespace_stream_tag`` back into an image stream tag.

    As in ci-operator, the first two underscores separate the parts (namespaces cannot contain one; a stream that
    does is ambiguous and read this way too).
    """
    namespace, _, rest = tag.partition("_")
    stream, _, stream_tag = rest.partition("_")
    if not (namespace and stream and stream_tag):
        return None
    return ImageStreamTag(namespace, stream, stream_tag)


def parse_pull_spec(text: str) -> ImageStreamTag | None:
    """The image stream tag behind a pull spec on any CI registry, or written bare as ``namespace/stream:tag``.

    Accepts ``registry.ci.openshift.org/N/S:T``, the build farm and retired api.ci hosts, and the Quay forms
    ``quay.io/openshift/ci:N_S_T`` and ``quay-proxy.ci.openshift.org/openshift/ci:N_S_T``. Returns None for a pull
    spec of any other registry, or a digest reference.
    """
    text = text.strip()
    if "@" in text:
        return None
    for repository in (QCI_REPOSITORY, QCI_PROXY_REPOSITORY):
        if text.startswith(repository + ":"):
            return parse_qci_tag(text[len(repository) + 1 :])
    parts = text.split("/")
    if len(parts) == 3 and _known_host(parts[0]):
        return ImageStreamTag.parse("/".join(parts[1:]))
    if len(parts) == 2 and "." not in parts[0]:
        return ImageStreamTag.parse(text)
    return None
