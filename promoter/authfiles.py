"""Container auth files, read the way podman and docker read them: which credentials a registry gets, and what is stale.

Pure functions over text: ``auth_file_locations`` turns the environment into the files that podman, skopeo, buildah
and docker read, in their order; ``parse_auth_file`` turns a file's text into its entries; ``resolve_target`` turns
what the user typed into a registry; ``diagnose`` says, for each registry, which entry each tool sends, whether its
token has expired, and what to do. ``read_auth_files``, at the end, is the only function that touches the file system.

No secret survives parsing: an entry keeps what kind of token it holds and when a JWT expires, never a token, password
or ``auth`` string, and messages name files, keys, lines and columns, never content. Nothing here runs a credential
helper or talks to a registry.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
import math
import re
import shlex
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from promoter.buildfarm import looks_like_token
from promoter.lazydataclass import dataclass
from promoter.registries import (
    APP_CI_REGISTRY,
    LEGACY_API_CI_REGISTRY,
    QCI_PROXY_HOST,
    QCI_REPOSITORY,
    cluster_for_registry,
    find_cluster,
    registry_rows,
    stale_token_note,
)
from promoter.regularfile import read_regular_file

Tool = Literal["podman", "docker"]
TokenKind = Literal["jwt", "openshift", "opaque", "empty"]
AuthValue = Literal["none", "ok", "no-user", "no-colon", "not-base64"]
FileState = Literal["missing", "ok", "malformed", "unreadable"]
SourceKind = Literal["entry", "helper", "none", "error"]
ProblemKind = Literal["expired", "malformed", "unreadable", "invalid-auth", "retired", "no-credentials"]

# podman, skopeo and buildah (containers/image) and docker (docker/cli): the tools whose files are read here.
PODMAN_TOOLS = "podman, skopeo and buildah"
DOCKER_HUB = "docker.io"
# docker keys Docker Hub credentials by its v1 API URL; podman folds these host names into index.docker.io.
DOCKER_HUB_SERVER = "https://index.docker.io/v1/"
_DOCKER_HUB_HOSTS = frozenset({"docker.io", "index.docker.io", "registry-1.docker.io"})
_QUAY_IO = QCI_REPOSITORY.split("/", 1)[0]
SECRET_FIELDS = ("auth", "password", "identitytoken", "registrytoken")

# Keys and helper names are printed only when shaped like a registry host (maybe with a scheme and a path) and a
# program name: a file edited by hand may hold a token where a host belongs.
# Auth files hold a few entries; a larger one (or a link to /dev/zero) is refused rather than read without end.
AUTH_FILE_MAX_BYTES = 4 * 1024 * 1024
_PRINTABLE_KEY = re.compile(
    r"(?:https?://)?(?:(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?|localhost)(?::[0-9]{1,5})?"
    r"(?:/[a-z0-9._/-]{0,200})?",
    re.IGNORECASE,
)
_PRINTABLE_HELPER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_HOST = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?::[0-9]{1,5})?")
_LOCALHOST = re.compile(r"localhost(?::[0-9]{1,5})?")
_REPOSITORY = re.compile(r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*")
_TAG = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")
_DIGEST = re.compile(r"[a-z0-9]+(?:[+._-][a-z0-9]+)*:[0-9a-fA-F]{32,}")
# OpenShift OAuth tokens start with sha256~; JWTs (service account tokens) with the base64 of '{"', eyJ.
_JWT_SEGMENT = re.compile(r"[A-Za-z0-9_-]*")
# The parser's message, without the excerpt some versions append: only these fixed texts are ever shown.
_JSON_MESSAGES = (
    "Expecting value",
    "Expecting property name enclosed in double quotes",
    "Expecting ':' delimiter",
    "Expecting ',' delimiter",
    "Unterminated string starting at",
    "Invalid control character at",
    "Invalid \\escape",
    "Invalid \\uXXXX escape",
    "Extra data",
    "Unexpected UTF-8 BOM",
)


class DoctorError(ValueError):
    """An argument that names no registry; the message is one line for the user and never repeats a token."""


# --- where the files are --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class AuthFileLocation:
    """One auth file that a tool reads: its path, the variable that put it there, and who reads it.

    ``role`` is ``registry-auth-file``, ``runtime`` (podman's primary file), ``config-home``, ``docker`` or
    ``legacy`` (``~/.dockercfg``, hosts at the top level instead of below ``auths``).
    """

    path: str
    display: str
    origin: str
    role: Literal["registry-auth-file", "runtime", "config-home", "docker", "legacy"]
    tools: tuple[Tool, ...]

    @property
    def legacy(self) -> bool:
        """Whether the file is in the legacy ``.dockercfg`` format."""
        return self.role == "legacy"


def display_path(path: str, home: str) -> str:
    """A path as people write it: below the home directory as ``~/...``."""
    prefix = home.rstrip("/") + "/"
    if home and path.startswith(prefix):
        return "~/" + path[len(prefix) :]
    return path


def _join(directory: str, *parts: str) -> str:
    return str(Path(directory, *parts))


def auth_file_locations(env: Mapping[str, str], *, home: str, uid: int) -> tuple[AuthFileLocation, ...]:
    """The auth files in the order podman, skopeo and buildah read them, then docker's file if podman skips it.

    As containers/image does: ``$REGISTRY_AUTH_FILE`` when set, and then no other file; otherwise the primary file
    ``$XDG_RUNTIME_DIR/containers/auth.json`` (``/run/containers/UID/auth.json`` without the variable), then
    ``$XDG_CONFIG_HOME/containers/auth.json`` (``~/.config`` by default), docker's ``$DOCKER_CONFIG/config.json``
    (``~/.docker`` by default) and the legacy ``~/.dockercfg``. docker reads only its ``config.json``. (Root in a
    systemd unit also reads ``/etc/containers/auth.json``; that case is not covered.)
    """
    docker_dir = env.get("DOCKER_CONFIG", "")
    docker = AuthFileLocation(
        path=_join(docker_dir or _join(home, ".docker"), "config.json"),
        display="",
        origin="$DOCKER_CONFIG" if docker_dir else "",
        role="docker",
        tools=("podman", "docker"),
    )
    chosen: list[AuthFileLocation] = []
    override = env.get("REGISTRY_AUTH_FILE", "")
    if override:
        # docker still reads its own file; when that is the same file, one entry in the list says both read it.
        same = Path(docker.path) == Path(override)
        chosen.append(
            AuthFileLocation(
                path=override,
                display="",
                origin="$REGISTRY_AUTH_FILE",
                role="registry-auth-file",
                tools=("podman", "docker") if same else ("podman",),
            )
        )
        if not same:
            chosen.append(dataclasses.replace(docker, tools=("docker",)))
    else:
        runtime_dir = env.get("XDG_RUNTIME_DIR", "")
        chosen.append(
            AuthFileLocation(
                path=_join(runtime_dir, "containers", "auth.json")
                if runtime_dir
                else f"/run/containers/{uid}/auth.json",
                display="",
                origin="$XDG_RUNTIME_DIR" if runtime_dir else "",
                role="runtime",
                tools=("podman",),
            )
        )
        config_home = env.get("XDG_CONFIG_HOME", "")
        chosen.append(
            AuthFileLocation(
                path=_join(config_home or _join(home, ".config"), "containers", "auth.json"),
                display="",
                origin="$XDG_CONFIG_HOME" if config_home else "",
                role="config-home",
                tools=("podman",),
            )
        )
        chosen.append(docker)
        chosen.append(
            AuthFileLocation(path=_join(home, ".dockercfg"), display="", origin="", role="legacy", tools=("podman",))
        )
    return tuple(dataclasses.replace(location, display=display_path(location.path, home)) for location in chosen)


# --- what a file holds ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Token:
    """What one secret field of an entry holds: its kind and, for a JWT, when it expires; never the secret itself.

    ``kind`` is ``jwt``, ``openshift`` (an opaque ``sha256~`` OAuth token, as ``oc whoami -t`` prints), ``opaque``
    (a password or another opaque token) or ``empty``. ``expires`` is the JWT's ``exp`` claim; ``unknown_why`` says
    why a JWT's expiry is not known.
    """

    field: str
    kind: TokenKind
    expires: datetime | None = None
    unknown_why: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """One entry of an auth file, below ``auths`` (or at the top of ``.dockercfg``), without its secrets.

    ``key`` is the key as written, or empty when it is not a printable host (then it matches no registry);
    ``host`` is the key as docker reads it (scheme and path dropped), ``podman_key`` as podman normalises it (scheme
    dropped, and the path with it). ``auth`` says what the ``auth`` value decodes to: ``ok`` (``user:token``),
    ``no-user`` (``:token``), ``no-colon``, ``not-base64``, or ``none`` when there is none.
    """

    key: str
    host: str
    podman_key: str
    auth: AuthValue
    tokens: tuple[Token, ...]

    @property
    def shown(self) -> str:
        """The key for people: as written, or a placeholder for a key that is not printed."""
        return self.key or "(a key that is not printed)"

    @property
    def has_credentials(self) -> bool:
        """Whether docker sends something from this entry (podman needs a valid ``auth``, see ``podman_reads``)."""
        return self.auth in ("ok", "no-user") or any(t.field != "auth" and t.kind != "empty" for t in self.tokens)


@dataclass(frozen=True, slots=True, kw_only=True)
class AuthFile:
    """An auth file as read: its state, its entries, and the credential helpers it configures.

    ``problem`` says why a ``malformed`` or ``unreadable`` file cannot be used, naming a line and column or a key,
    never content. ``invalid_auth`` lists the keys whose ``auth`` value docker cannot decode, which makes docker
    ignore the whole file.
    """

    location: AuthFileLocation
    state: FileState
    problem: str = ""
    entries: tuple[Entry, ...] = ()
    cred_helpers: tuple[tuple[str, str], ...] = ()
    creds_store: str = ""

    @property
    def display(self) -> str:
        """The file's path for people."""
        return self.location.display

    @property
    def invalid_auth(self) -> tuple[Entry, ...]:
        """Entries whose ``auth`` value is not the base64 of ``user:password`` with a user."""
        return tuple(entry for entry in self.entries if entry.auth in ("no-user", "no-colon", "not-base64"))

    def helper_for(self, key: str) -> str:
        """The credential helper ``credHelpers`` names for a registry key, or empty."""
        return next((helper for registry, helper in self.cred_helpers if registry == key), "")


def _type_name(value: object) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    return "a number"


def _field(document: Mapping[str, object], name: str) -> object:
    # Go's encoding/json, which both tools use, matches field names case-insensitively when no exact match exists.
    if name in document:
        return document[name]
    return next((value for key, value in document.items() if key.lower() == name), None)


def _json_message(error: json.JSONDecodeError) -> str:
    message = next((known for known in _JSON_MESSAGES if error.msg.startswith(known)), "syntax error")
    return f"is not valid JSON: {message.removesuffix(' at')} at line {error.lineno}, column {error.colno}"


class _MalformedError(Exception):
    """A structure that Go's encoding/json refuses: the message names the field, never its value."""


def _shown_key(key: str) -> str:
    return f'"{key}"' if _PRINTABLE_KEY.fullmatch(key) and not looks_like_token(key) else "(a key not printed)"


def _object(value: object, where: str) -> dict[str, object]:
    # null is accepted wherever Go accepts it: it leaves the field empty.
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _MalformedError(f"{where} is {_type_name(value)}, not an object")
    return value


def _string(value: object, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _MalformedError(f"{where} is {_type_name(value)}, not a string")
    return value


def parse_auth_file(location: AuthFileLocation, text: str | None, *, error: str = "") -> AuthFile:
    """An auth file from its text (None when the file does not exist; ``error`` when it could not be read).

    Validates what Go's encoding/json would refuse, since either tool then fails on the file: invalid JSON, a
    document that is not an object, ``auths``, ``credHelpers`` or an entry field of the wrong type.
    """
    if error:
        return AuthFile(location=location, state="unreadable", problem=f"cannot be read: {error}")
    if text is None:
        return AuthFile(location=location, state="missing")
    if not text.strip():
        return AuthFile(
            location=location,
            state="malformed",
            problem=f"is empty: {PODMAN_TOOLS} fail on an empty auth file; delete it or write {{}} into it",
        )
    try:
        document = json.loads(text)
    except json.JSONDecodeError as decode_error:
        return AuthFile(location=location, state="malformed", problem=_json_message(decode_error))
    except RecursionError:
        return AuthFile(location=location, state="malformed", problem="is not valid JSON: nested too deeply")
    try:
        return _parse_document(location, document)
    except _MalformedError as malformed:
        return AuthFile(location=location, state="malformed", problem=f"is not shaped like an auth file: {malformed}")


def _parse_document(location: AuthFileLocation, document: object) -> AuthFile:
    if document is None:
        return AuthFile(location=location, state="ok")
    if not isinstance(document, dict):
        return AuthFile(location=location, state="malformed", problem=f"is {_type_name(document)}, not a JSON object")
    if location.legacy:
        return AuthFile(location=location, state="ok", entries=_parse_entries(document, "", legacy=True))
    auths = _object(_field(document, "auths"), "auths")
    helpers = _object(_field(document, "credhelpers"), "credHelpers")
    store = _string(_field(document, "credsstore"), "credsStore")
    cred_helpers: list[tuple[str, str]] = []
    for key, value in helpers.items():
        helper = _string(value, f"credHelpers[{_shown_key(key)}]")
        if helper and _PRINTABLE_KEY.fullmatch(key) and not looks_like_token(key):
            cred_helpers.append((key, _helper_name(helper)))
    return AuthFile(
        location=location,
        state="ok",
        entries=_parse_entries(auths, "auths", legacy=False),
        cred_helpers=tuple(cred_helpers),
        creds_store=_helper_name(store) if store else "",
    )


def _helper_name(name: str) -> str:
    return name if _PRINTABLE_HELPER.fullmatch(name) and not looks_like_token(name) else "(a name not printed)"


def _parse_entries(auths: Mapping[str, object], parent: str, *, legacy: bool) -> tuple[Entry, ...]:
    entries: list[Entry] = []
    for key, value in auths.items():
        where = f"{parent}[{_shown_key(key)}]" if parent else f"the entry {_shown_key(key)}"
        fields = _object(value, where)
        secrets: dict[str, str] = {}
        for name in (*SECRET_FIELDS, "username", "email"):
            field_value = _string(_field(fields, name), f"{where}.{name}")
            if name in SECRET_FIELDS:
                secrets[name] = field_value
        entries.append(_entry(key, secrets, legacy=legacy))
    return tuple(entries)


def _entry(key: str, secrets: Mapping[str, str], *, legacy: bool) -> Entry:
    printable = bool(_PRINTABLE_KEY.fullmatch(key)) and not looks_like_token(key)
    auth_value, password = _decode_auth(secrets.get("auth", ""))
    tokens: list[Token] = []
    if password is not None:
        tokens.append(classify_token("auth", password))
    tokens.extend(classify_token(name, secrets[name]) for name in SECRET_FIELDS[1:] if secrets.get(name))
    return Entry(
        key=key if printable else "",
        host=docker_hostname(key) if printable else "",
        podman_key=podman_normalized_key(key, legacy=legacy) if printable else "",
        auth=auth_value,
        tokens=tuple(tokens),
    )


def _decode_auth(value: str) -> tuple[AuthValue, str | None]:
    # Both tools decode auth with Go's strict standard base64 and split it at the first colon.
    if not value:
        return "none", None
    try:
        decoded = base64.b64decode(value, validate=True).decode("utf-8", errors="replace")
    except (binascii.Error, ValueError):
        return "not-base64", None
    user, colon, password = decoded.partition(":")
    if not colon:
        return "no-colon", None
    return ("ok" if user else "no-user"), password.strip("\x00")


def docker_hostname(key: str) -> str:
    """A key as docker compares it with a registry host: without ``http(s)://`` and without any path."""
    return key.removeprefix("http://").removeprefix("https://").split("/", 1)[0]


def podman_normalized_key(key: str, *, legacy: bool) -> str:
    """A key as podman compares it when no key matches exactly: the scheme, and with it the path, dropped.

    A key without a scheme keeps its path (podman's ``host/namespace`` entries); Docker Hub's host names all become
    ``index.docker.io``.
    """
    stripped = key.removeprefix("http://").removeprefix("https://")
    if legacy or stripped != key:
        stripped = stripped.split("/", 1)[0]
    return _podman_registry(stripped)


def _podman_registry(host: str) -> str:
    return "index.docker.io" if host in ("docker.io", "registry-1.docker.io") else host


# --- tokens ---------------------------------------------------------------------------------------------------------


def _b64url_json(segment: str) -> object:
    try:
        raw = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
        return json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, RecursionError):
        return None


def classify_token(field: str, value: str) -> Token:
    """What kind of token ``value`` is, and for a JWT when it expires (read from ``exp``; no signature check)."""
    if not value:
        return Token(field=field, kind="empty")
    parts = value.split(".")
    if len(parts) == 3 and all(_JWT_SEGMENT.fullmatch(part) for part in parts) and parts[0] and parts[1]:
        header, payload = _b64url_json(parts[0]), _b64url_json(parts[1])
        if isinstance(header, dict) and isinstance(payload, dict):
            return _jwt(field, payload)
    if value.startswith("sha256~"):
        return Token(field=field, kind="openshift")
    return Token(field=field, kind="opaque")


def _jwt(field: str, payload: Mapping[str, object]) -> Token:
    exp = payload.get("exp")
    if exp is None:
        return Token(field=field, kind="jwt", unknown_why="no exp claim")
    if isinstance(exp, bool) or not isinstance(exp, int | float) or not math.isfinite(exp):
        return Token(field=field, kind="jwt", unknown_why="its exp claim is not a time")
    try:
        expires = datetime.fromtimestamp(int(exp), tz=UTC)
    except (OverflowError, OSError, ValueError):
        return Token(field=field, kind="jwt", unknown_why="its exp claim is out of range")
    return Token(field=field, kind="jwt", expires=expires)


def is_expired(token: Token, now: datetime) -> bool:
    """Whether a JWT's ``exp`` is at or before ``now``."""
    return token.expires is not None and token.expires <= now


def format_time(moment: datetime) -> str:
    """A time as ``2026-11-23 10:00 UTC``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def format_span(seconds: float) -> str:
    """A duration in the largest unit that keeps it readable: minutes, hours, then days."""
    minutes = int(abs(seconds)) // 60
    if minutes < 1:
        return "less than a minute"
    if minutes < 120:
        return f"{minutes} minute{'s' * (minutes != 1)}"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} hours"
    return f"{hours // 24} days"


def describe_token(token: Token, now: datetime, *, cluster: str = "") -> str:
    """One line about a token for people: its kind and when it expired or expires, or why that is unknown."""
    if token.kind == "empty":
        return "empty"
    if token.kind == "openshift":
        where = f"the cluster ({cluster})" if cluster else "the cluster"
        return f"opaque token: expiry unknown; `oc whoami` against {where} tells whether it is still valid"
    if token.kind == "opaque":
        return "password or opaque token: expiry unknown"
    if token.expires is None:
        if token.unknown_why == "no exp claim":
            return (
                "JWT without an exp claim: it does not expire (a service account token from a secret is valid "
                "until the secret is deleted)"
            )
        return f"JWT, expiry unknown: {token.unknown_why}"
    return f"JWT, {expiry_phrase(token.expires, now)}"


def expiry_phrase(expires: datetime, now: datetime) -> str:
    """``expired 3 days ago (2026-11-23 10:00 UTC)`` or ``valid until 2026-11-30 10:00 UTC (in 4 days)``."""
    seconds = (expires - now).total_seconds()
    if seconds <= 0:
        return f"expired {format_span(seconds)} ago ({format_time(expires)})"
    return f"valid until {format_time(expires)} (in {format_span(seconds)})"


# --- what was asked -------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Target:
    """A registry to check, and the repository in it when an image was given.

    ``label`` names it for people (a cluster, QCI, Docker Hub); ``login`` is the argument of
    ``promoted-images login`` for it, empty when that command does not cover it; ``needs_login`` is true where
    every image needs credentials (QCI and the build farm's test namespaces).
    """

    registry: str
    repository: str = ""
    label: str = ""
    status: str = ""
    note: str = ""
    login: str = ""
    needs_login: bool = False

    @property
    def key(self) -> str:
        """The key podman looks up: ``host/repository`` for an image, else the host."""
        return f"{self.registry}/{self.repository}" if self.repository else self.registry


def target_for_host(host: str, *, repository: str = "") -> Target:
    """A registry host with what the registries table knows about it."""
    if host == QCI_PROXY_HOST:
        return Target(
            registry=host,
            repository=repository,
            label="QCI",
            status="active",
            note="takes the app.ci token",
            login=QCI_PROXY_HOST,
            needs_login=True,
        )
    cluster = cluster_for_registry(host)
    if cluster is not None:
        retired = cluster.status == "retired"
        return Target(
            registry=host,
            repository=repository,
            label=cluster.name,
            status=cluster.status,
            note=cluster.note if cluster.status == "restricted" else "",
            login="" if retired else cluster.name,
            # app.ci serves some image streams to anyone; the build farm's test namespaces only to their authors.
            needs_login=not retired and host != APP_CI_REGISTRY,
        )
    if host == DOCKER_HUB:
        return Target(registry=host, repository=repository, label="Docker Hub")
    if host == _QUAY_IO:
        return Target(
            registry=host,
            repository=repository,
            label="Quay",
            note=f"promotion pushes to {QCI_REPOSITORY}; pull it through {QCI_PROXY_HOST}",
        )
    return Target(registry=host, repository=repository)


def resolve_target(text: str) -> Target:
    """The registry (and repository) named by a pull spec, a registry host or a cluster name.

    A pull spec's first segment is its registry when it contains a dot or a colon (or is localhost), else the image
    is on Docker Hub, as docker and podman read short names. Raises ``DoctorError``, without repeating a token.
    """
    given = text.strip()
    if looks_like_token(given):
        raise DoctorError(
            "that argument looks like a token, not an image: never pass a token as an argument (it stays in your "
            "shell history); if it was yours, revoke it with oc logout"
        )
    if not given:
        raise DoctorError("give an image pull spec, a registry host or a cluster name, or nothing for every registry")
    lowered = given.lower()
    if lowered in ("quay-proxy", "qci"):
        return target_for_host(QCI_PROXY_HOST)
    cluster = find_cluster(given)
    if cluster is not None:
        return target_for_host(cluster.registry)
    spec = re.sub(r"^(?:docker|https?)://", "", given)
    head, slash, rest = spec.partition("/")
    if "@" in head:
        raise DoctorError(
            "that argument has a user name or password before the host: it is not repeated here; give the image "
            "without it, and never put a password on a command line"
        )
    if not slash:
        if _HOST.fullmatch(lowered) or _LOCALHOST.fullmatch(lowered):
            return target_for_host(lowered)
        head, rest = DOCKER_HUB, spec
    elif not ("." in head or ":" in head or head == "localhost"):
        head, rest = DOCKER_HUB, spec
    host = head.lower()
    repository = _repository(rest)
    if not (_HOST.fullmatch(host) or _LOCALHOST.fullmatch(host)) or repository is None:
        raise DoctorError(
            f"{given!r} is not an image pull spec, a registry host or a cluster name (app.ci, build02, quay-proxy, "
            "...); promoted-images registries lists the CI registries"
        )
    if host in _DOCKER_HUB_HOSTS:
        host = DOCKER_HUB
        if "/" not in repository:
            repository = f"library/{repository}"
    return target_for_host(host, repository=repository)


def _repository(text: str) -> str | None:
    # The repository path of a pull spec, without its tag and digest; None when it is not one.
    name, at, digest = text.partition("@")
    if at and not _DIGEST.fullmatch(digest):
        return None
    path, colon, tag = name.rpartition(":") if ":" in name.rsplit("/", 1)[-1] else (name, "", "")
    if colon and not _TAG.fullmatch(tag):
        return None
    return path if _REPOSITORY.fullmatch(path) else None


def default_targets(files: Sequence[AuthFile]) -> tuple[Target, ...]:
    """Every CI registry of the registries table, build farm registries that the files name, and quay.io."""
    table = [row.registry for row in registry_rows() if "NN" not in row.registry]
    named = sorted(
        {
            entry.host
            for auth_file in files
            for entry in auth_file.entries
            if entry.host not in table and (cluster := cluster_for_registry(entry.host)) is not None
            if cluster.registry == entry.host
        }
    )
    # Build farm clusters missing from the table go where the table has its buildNN row.
    pattern_at = next(i for i, row in enumerate(registry_rows()) if "NN" in row.registry)
    hosts = [*table[:pattern_at], *named, *table[pattern_at:], _QUAY_IO]
    return tuple(target_for_host(host) for host in hosts)


# --- the diagnosis --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class TokenReport:
    """A token of an entry, with its description at the time of the check."""

    token: Token
    expired: bool
    summary: str


@dataclass(frozen=True, slots=True, kw_only=True)
class EntryReport:
    """An entry for a registry in one file: who sends it, and why nobody does when it is unused."""

    file: str
    entry: Entry
    used_by: tuple[Tool, ...]
    unused_why: str
    tokens: tuple[TokenReport, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """Where one tool gets its credentials for a registry: an entry of a file, a credential helper, none, or an error.

    ``message`` says it in words; ``file`` and ``key`` locate the entry (or the file that names the helper).
    """

    tool: Tool
    kind: SourceKind
    message: str
    file: str = ""
    key: str = ""
    helper: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """Something that breaks pulls or leaves a stale credential behind, and the commands that fix it."""

    kind: ProblemKind
    message: str
    fixes: tuple[str, ...] = ()
    registry: str = ""
    file: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RegistryReport:
    """What podman and docker send to one registry, every entry for it, its problems and notes."""

    target: Target
    podman: Source
    docker: Source
    entries: tuple[EntryReport, ...]
    problems: tuple[Problem, ...]
    notes: tuple[str, ...]

    @property
    def has_anything(self) -> bool:
        """Whether any file has something for this registry: an entry, a helper, or an entry that breaks a tool.

        A file that breaks a tool for every registry is a problem of its own, not repeated for each registry.
        """
        return bool(self.entries) or any(
            source.kind == "helper" or (source.kind == "error" and source.key) for source in (self.podman, self.docker)
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """The whole diagnosis: the files read, one report per registry, every problem, and general notes."""

    now: datetime
    image: str
    files: tuple[AuthFile, ...]
    registries: tuple[RegistryReport, ...]
    problems: tuple[Problem, ...]
    notes: tuple[str, ...]


TRAP_NOTE = stale_token_note()
OFFLINE_NOTE = (
    "this check reads files only: it runs no credential helper and talks to no registry, so a token that is not a "
    "JWT may have expired or been revoked without showing here"
)


def diagnose(files: Sequence[AuthFile], targets: Sequence[Target], now: datetime, *, image: str = "") -> Report:
    """For each target registry: which entry podman and docker send, its tokens at ``now``, and every problem.

    ``files`` are in the order of ``auth_file_locations``. The retired api.ci registry is checked too whenever some
    file still has an entry for it. ``image`` is the argument as given, empty for the default list of registries.
    """
    checked = list(targets)
    if all(target.registry != LEGACY_API_CI_REGISTRY for target in checked) and any(
        entry.host == LEGACY_API_CI_REGISTRY for auth_file in files for entry in auth_file.entries
    ):
        checked.append(target_for_host(LEGACY_API_CI_REGISTRY))
    registries = tuple(_registry_report(files, target, now, image_given=bool(image)) for target in checked)
    problems = [*_file_problems(files), *(problem for report in registries for problem in report.problems)]
    return Report(
        now=now,
        image=image,
        files=tuple(files),
        registries=registries,
        problems=tuple(problems),
        notes=_general_notes(files),
    )


def _general_notes(files: Sequence[AuthFile]) -> tuple[str, ...]:
    notes = [TRAP_NOTE]
    override = next((f for f in files if f.location.role == "registry-auth-file"), None)
    if override is not None:
        notes.append(
            f"REGISTRY_AUTH_FILE is set: {PODMAN_TOOLS} read only {override.display}, none of the other auth files"
        )
    store = next((f for f in files if f.creds_store), None)
    if store is not None:
        notes.append(
            f"{PODMAN_TOOLS} ignore credsStore ({store.creds_store} in {store.display}): docker login then leaves "
            "only empty entries in the file, which they skip; log in with podman login as well"
        )
    notes.append(OFFLINE_NOTE)
    return tuple(notes)


def _file_problems(files: Sequence[AuthFile]) -> list[Problem]:
    problems: list[Problem] = []
    for auth_file in files:
        readers = _readers(auth_file.location.tools)
        if auth_file.state == "malformed":
            problems.append(
                Problem(
                    kind="malformed",
                    file=auth_file.display,
                    message=f"{auth_file.display} {auth_file.problem}; {_broken_consequence(auth_file)}",
                    fixes=(f"fix or delete {auth_file.display} (it is read by {readers})",),
                )
            )
        elif auth_file.state == "unreadable":
            problems.append(
                Problem(
                    kind="unreadable",
                    file=auth_file.display,
                    message=f"{auth_file.display} {auth_file.problem}; {_broken_consequence(auth_file)}",
                    fixes=(f"make {auth_file.display} readable by you, or delete it",),
                )
            )
        for entry in auth_file.invalid_auth:
            what = {
                "not-base64": "is not base64",
                "no-colon": "does not decode to user:password",
                "no-user": "decodes to a password without a user name",
            }[entry.auth]
            consequence = {
                "not-base64": f"{PODMAN_TOOLS} fail every pull from {entry.host or 'that registry'}",
                "no-colon": f"{PODMAN_TOOLS} skip the entry",
                "no-user": f"{PODMAN_TOOLS} send it with an empty user name",
            }[entry.auth]
            if "docker" in auth_file.location.tools:
                consequence += ", and docker cannot load the file at all, so it pulls without any credentials"
            problems.append(
                Problem(
                    kind="invalid-auth",
                    file=auth_file.display,
                    registry=entry.host,
                    message=f"{auth_file.display}: the auth value of the entry {entry.shown} {what}: {consequence}",
                    fixes=(*_removal(auth_file, entry), *_login_fix(target_for_host(entry.host))),
                )
            )
    return problems


def _broken_consequence(auth_file: AuthFile) -> str:
    parts = []
    if "podman" in auth_file.location.tools:
        parts.append(
            f"{PODMAN_TOOLS} fail every pull that looks for credentials in it, of public images too (they stop at "
            "the first file that cannot be read)"
        )
    if "docker" in auth_file.location.tools:
        parts.append("docker ignores it with a warning and pulls without credentials")
    return "; ".join(parts)


def _readers(tools: Iterable[Tool]) -> str:
    chosen = set(tools)
    if chosen == {"podman", "docker"}:
        return "podman, skopeo, buildah and docker"
    return PODMAN_TOOLS if "podman" in chosen else "docker"


def _podman_match(auth_file: AuthFile, target: Target) -> Entry | None:
    # containers/image: the most specific key first (host/ns/repo, host/ns, host), exact; then normalised keys.
    if auth_file.location.legacy:
        keys = [target.registry]
    else:
        parts = target.key.split("/")
        keys = ["/".join(parts[:n]) for n in range(len(parts), 0, -1)]
    for key in keys:
        found = next((entry for entry in auth_file.entries if entry.key == key), None)
        if found is not None:
            return found
    registry = _podman_registry(target.registry)
    return next((entry for entry in auth_file.entries if entry.podman_key == registry), None)


def _docker_match(auth_file: AuthFile, target: Target) -> Entry | None:
    # docker/cli: the exact key, else any key whose host part is the registry (Docker Hub: only its v1 URL).
    if target.registry == DOCKER_HUB:
        return next((entry for entry in auth_file.entries if entry.key == DOCKER_HUB_SERVER), None)
    found = next((entry for entry in auth_file.entries if entry.key == target.registry), None)
    return found or next((entry for entry in auth_file.entries if entry.host == target.registry), None)


def _podman_source(files: Sequence[AuthFile], target: Target) -> tuple[Source, list[tuple[AuthFile, Entry]]]:
    skipped: list[tuple[AuthFile, Entry]] = []
    for auth_file in files:
        if "podman" not in auth_file.location.tools or auth_file.state == "missing":
            continue
        if auth_file.state != "ok":
            return (
                Source(
                    tool="podman",
                    kind="error",
                    file=auth_file.display,
                    message=f"fails: {auth_file.display} {auth_file.problem}",
                ),
                skipped,
            )
        # credHelpers is keyed by the bare registry host, never by a namespace.
        helper = auth_file.helper_for(target.registry)
        if helper:
            return (
                Source(
                    tool="podman",
                    kind="helper",
                    file=auth_file.display,
                    helper=helper,
                    message=f"asks the credential helper docker-credential-{helper} (credHelpers in "
                    f"{auth_file.display}), not read here; when it has nothing, the next file is read",
                ),
                skipped,
            )
        entry = _podman_match(auth_file, target)
        if entry is None:
            continue
        if entry.auth == "not-base64":
            return (
                Source(
                    tool="podman",
                    kind="error",
                    file=auth_file.display,
                    key=entry.shown,
                    message=f"fails: the auth value of {entry.shown} in {auth_file.display} is not base64",
                ),
                skipped,
            )
        if entry.auth in ("none", "no-colon"):
            skipped.append((auth_file, entry))
            continue
        return (
            Source(
                tool="podman",
                kind="entry",
                file=auth_file.display,
                key=entry.shown,
                message=f"sends {entry.shown} from {auth_file.display}",
            ),
            skipped,
        )
    return Source(tool="podman", kind="none", message="no credentials: pulls anonymously"), skipped


def _docker_source(files: Sequence[AuthFile], target: Target) -> Source:
    auth_file = next((f for f in files if "docker" in f.location.tools), None)
    if auth_file is None or auth_file.state == "missing":
        return Source(tool="docker", kind="none", message="no credentials: pulls anonymously")
    if auth_file.state != "ok":
        return Source(
            tool="docker",
            kind="error",
            file=auth_file.display,
            message=f"ignores {auth_file.display}, which {auth_file.problem}, and pulls anonymously",
        )
    if auth_file.invalid_auth:
        return Source(
            tool="docker",
            kind="error",
            file=auth_file.display,
            message=f"cannot load {auth_file.display}: the auth value of {auth_file.invalid_auth[0].shown} is not "
            "user:password in base64; it pulls anonymously",
        )
    server = DOCKER_HUB_SERVER if target.registry == DOCKER_HUB else target.registry
    helper = auth_file.helper_for(server)
    if helper or auth_file.creds_store:
        where = "credHelpers" if helper else "credsStore"
        return Source(
            tool="docker",
            kind="helper",
            file=auth_file.display,
            helper=helper or auth_file.creds_store,
            message=f"asks the credential helper docker-credential-{helper or auth_file.creds_store} ({where} in "
            f"{auth_file.display}), not read here",
        )
    entry = _docker_match(auth_file, target)
    if entry is None:
        return Source(tool="docker", kind="none", message="no credentials: pulls anonymously")
    if not entry.has_credentials:
        return Source(
            tool="docker",
            kind="none",
            file=auth_file.display,
            key=entry.shown,
            message=f"no credentials: the entry {entry.shown} in {auth_file.display} is empty; pulls anonymously",
        )
    return Source(
        tool="docker",
        kind="entry",
        file=auth_file.display,
        key=entry.shown,
        message=f"sends {entry.shown} from {auth_file.display}",
    )


def _for_registry(entry: Entry, target: Target) -> bool:
    if target.registry == DOCKER_HUB:
        return entry.host in _DOCKER_HUB_HOSTS
    return bool(entry.host) and entry.host == target.registry


def _registry_report(files: Sequence[AuthFile], target: Target, now: datetime, *, image_given: bool) -> RegistryReport:
    podman, skipped = _podman_source(files, target)
    docker = _docker_source(files, target)
    entries: list[EntryReport] = []
    for auth_file in files:
        if auth_file.state != "ok":
            continue
        for entry in auth_file.entries:
            if not _for_registry(entry, target):
                continue
            used_by = tuple(
                source.tool
                for source in (podman, docker)
                if source.kind == "entry" and source.file == auth_file.display and source.key == entry.shown
            )
            tokens = tuple(
                TokenReport(
                    token=token,
                    expired=is_expired(token, now),
                    summary=describe_token(token, now, cluster=target.label if target.login else ""),
                )
                for token in entry.tokens
            )
            unused_why = "" if used_by else _unused_why(auth_file, entry, target, podman, docker, skipped)
            entries.append(
                EntryReport(file=auth_file.display, entry=entry, used_by=used_by, unused_why=unused_why, tokens=tokens)
            )
    problems = _registry_problems(files, target, podman, docker, entries, now, image_given=image_given)
    notes = _registry_notes(target, podman, docker, image_given=image_given)
    return RegistryReport(
        target=target, podman=podman, docker=docker, entries=tuple(entries), problems=problems, notes=notes
    )


def _unused_why(
    auth_file: AuthFile,
    entry: Entry,
    target: Target,
    podman: Source,
    docker: Source,
    skipped: Sequence[tuple[AuthFile, Entry]],
) -> str:
    tools = auth_file.location.tools
    reasons = []
    if "podman" in tools:
        if entry.key and "/" in entry.podman_key and not target.key.startswith(entry.key + "/"):
            reasons.append(f"{PODMAN_TOOLS} send it only for images below {entry.key}/")
        elif any(skipped_entry is entry for _, skipped_entry in skipped):
            reasons.append(f"{PODMAN_TOOLS} skip an entry without an auth value")
        elif podman.kind == "error" and podman.key == entry.shown and podman.file == auth_file.display:
            reasons.append(f"{PODMAN_TOOLS} fail on its auth value")
        elif podman.file and podman.file != auth_file.display:
            reasons.append(f"{PODMAN_TOOLS} stop at {podman.file} first")
        elif podman.kind == "entry":
            reasons.append(f"{PODMAN_TOOLS} send {podman.key} instead")
        elif podman.kind == "helper":
            reasons.append(f"{PODMAN_TOOLS} ask the credential helper instead")
    if "docker" in tools:
        if docker.kind == "helper":
            reasons.append("docker asks its credential helper instead")
        elif docker.kind == "entry":
            reasons.append(f"docker sends {docker.key} instead")
        elif docker.kind == "error":
            reasons.append("docker cannot load the file")
        elif not entry.has_credentials:
            reasons.append("docker finds no credentials in it")
    return "; ".join(reasons) or "neither podman nor docker sends it"


def _login_fix(target: Target) -> tuple[str, ...]:
    return (f"promoted-images login {target.login}",) if target.login else ()


def _registry_problems(
    files: Sequence[AuthFile],
    target: Target,
    podman: Source,
    docker: Source,
    entries: Sequence[EntryReport],
    now: datetime,
    *,
    image_given: bool,
) -> tuple[Problem, ...]:
    by_display = {auth_file.display: auth_file for auth_file in files}
    problems: list[Problem] = []
    for report in entries:
        where = f"{report.entry.shown} in {report.file}"
        removal = _removal(by_display[report.file], report.entry)
        if target.registry == LEGACY_API_CI_REGISTRY:
            problems.append(
                Problem(
                    kind="retired",
                    registry=target.registry,
                    file=report.file,
                    message=f"{report.file} still has the entry {report.entry.shown} for the registry of api.ci, "
                    f"which was shut down in 2021 (its images moved to {APP_CI_REGISTRY}): remove it",
                    fixes=removal,
                )
            )
            continue
        for token in report.tokens:
            if not token.expired or token.token.expires is None:
                continue
            phrase = expiry_phrase(token.token.expires, now)
            if report.used_by:
                message = (
                    f"{_readers(report.used_by)} {'sends' if report.used_by == ('docker',) else 'send'} the "
                    f"{token.token.field} token of {where}, which {phrase}: "
                    f'every pull from {target.registry} fails with "authentication required", of public images too'
                )
            else:
                message = (
                    f"the {token.token.field} token of {where} {phrase}; nothing sends it now "
                    f"({report.unused_why}), but something would once the entry used now goes: remove it"
                )
            problems.append(
                Problem(
                    kind="expired",
                    registry=target.registry,
                    file=report.file,
                    message=message,
                    fixes=(*_login_fix(target), *removal) if report.used_by else removal,
                )
            )
    usable = any(source.kind in ("entry", "helper") for source in (podman, docker))
    if image_given and target.needs_login and not usable:
        problems.append(
            Problem(
                kind="no-credentials",
                registry=target.registry,
                message=f"no credentials for {target.registry}: every image there needs a login",
                fixes=_login_fix(target),
            )
        )
    return tuple(problems)


def _registry_notes(target: Target, podman: Source, docker: Source, *, image_given: bool) -> tuple[str, ...]:
    notes = []
    if target.note:
        notes.append(target.note)
    if target.registry == APP_CI_REGISTRY and podman.kind == docker.kind == "none" and image_given:
        notes.append(
            "without credentials only public image streams can be pulled: promoted-images login app.ci prints the "
            "commands"
        )
    return tuple(notes)


def _removal(auth_file: AuthFile, entry: Entry) -> tuple[str, ...]:
    """The command that removes one entry from the file that holds it, for the tool that owns the file."""
    location = auth_file.location
    if not entry.key:
        return (f"remove the entry whose key is not printed from {auth_file.display} with an editor",)
    key = entry.key
    if location.role == "docker":
        # docker logout removes the key as given and the host's http:// and https:// forms.
        return (f"docker logout {key}",)
    # podman logout removes only the exact key, from its primary file unless --authfile names another.
    plain = not key.startswith(("http://", "https://"))
    if location.role in ("runtime", "registry-auth-file") and plain:
        return (f"podman logout {key}",)
    if location.role == "config-home" and plain:
        return (f"podman logout --authfile {_shell_path(auth_file.display)} {key}",)
    selector = f'.["{key}"]' if location.legacy else f'.auths["{key}"]'
    path = _shell_path(auth_file.display)
    return (f"( umask 077 && jq 'del({selector})' {path} > {path}.new && mv {path}.new {path} )",)


def _shell_path(path: str) -> str:
    # ~ must stay outside quotes for the shell to expand it.
    if path.startswith("~/"):
        return "~/" + shlex.quote(path[2:])
    return shlex.quote(path)


# --- reading the files (the only I/O) -------------------------------------------------------------------------------


def read_auth_files(locations: Sequence[AuthFileLocation]) -> tuple[AuthFile, ...]:
    """Read and parse every auth file; a missing file is ``missing``, one that cannot be read ``unreadable``.

    Files are opened for reading only. The error kept for an unreadable file is the system's message (such as
    "Permission denied"), which never holds content.
    """
    files: list[AuthFile] = []
    for location in locations:
        try:
            raw = read_regular_file(location.path, AUTH_FILE_MAX_BYTES)
        except FileNotFoundError:
            # Only a path that does not exist is skipped; like Go's os.IsNotExist, "Not a directory" is an error.
            files.append(parse_auth_file(location, None))
            continue
        except OSError as error:
            files.append(parse_auth_file(location, None, error=error.strerror or type(error).__name__))
            continue
        if len(raw) > AUTH_FILE_MAX_BYTES:
            files.append(parse_auth_file(location, None, error=f"larger than {AUTH_FILE_MAX_BYTES} bytes"))
            continue
        # Go's JSON decoder replaces invalid UTF-8 in strings rather than failing; so does this.
        files.append(parse_auth_file(location, raw.decode("utf-8", errors="replace")))
    return tuple(files)
