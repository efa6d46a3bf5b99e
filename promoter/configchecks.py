"""The checks of ci-tools' ``pkg/validation/config.go`` and ``release.go`` that the schema cannot express.

The schema carries most of ci-operator's config validation (required fields, exclusive fields, allowed values); the
checks here need arithmetic or the rest of the config: resource quantities (``validateResourceList``), operator
substitutions that name no image (``validateOperator``), and ``include_built_images`` on a release other than
``latest`` (``validateIntegration``). Each finding quotes what ci-operator says. Rules are in :mod:`promoter.rules`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from promoter.checks import _REFERENCE_KEYS, _STAGES, Check, ConfigContext
from promoter.findings import Finding
from promoter.goyaml import field_text as go_text
from promoter.lazyre import lazy_compile
from promoter.yamldoc import JsonPath

if TYPE_CHECKING:
    from decimal import Decimal

# The resource names validateResourceList accepts as quantities; devices.kubevirt.io/kvm must be "1".
QUANTITY_RESOURCES = frozenset({"cpu", "memory", "ephemeral-storage", "ci-operator.openshift.io/shm", "nvidia.com/gpu"})
KVM_RESOURCE = "devices.kubevirt.io/kvm"
SHM_RESOURCE = "ci-operator.openshift.io/shm"
SHM_LIMIT = 2 * 10**9  # resource.MustParse("2G"); a Decimal compares with an int exactly

_QUANTITY = lazy_compile(r"^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?:[eE]([+-]?[0-9]+)|([numkMGTPE]|[KMGTPE]i))?$")
# Each suffix's factor, as Decimal() is given it (imported only for a quantity that needs arithmetic: 2 ms).
_SUFFIXES: dict[str, str | int] = {
    "": 1,
    "n": "1e-9",
    "u": "1e-6",
    "m": "1e-3",
    "k": "1e3",
    "M": "1e6",
    "G": "1e9",
    "T": "1e12",
    "P": "1e15",
    "E": "1e18",
    "Ki": 2**10,
    "Mi": 2**20,
    "Gi": 2**30,
    "Ti": 2**40,
    "Pi": 2**50,
    "Ei": 2**60,
}


def parse_quantity(text: str) -> Decimal | None:
    """The value of a Kubernetes quantity (``100m``, ``4Gi``, ``1e3``); None when it is not one."""
    # The same few quantities (100m, 200Mi, 4Gi) are written throughout a tree; Decimals are immutable.
    if text in _QUANTITIES:
        return _QUANTITIES[text]
    value = _parse_quantity(text)
    if len(_QUANTITIES) < _QUANTITIES_KEPT:
        _QUANTITIES[text] = value
    return value


_QUANTITIES: dict[str, Decimal | None] = {}
# Bounds the memory of the memo whatever the input.
_QUANTITIES_KEPT = 10_000


def _parse_quantity(text: str) -> Decimal | None:
    from decimal import Decimal, InvalidOperation  # noqa: PLC0415 - see quantity_sign

    match = _QUANTITY.match(text)
    if match is None:
        return None
    number, exponent, suffix = match.groups()
    try:
        value = Decimal(number)
        if exponent is not None:
            return value.scaleb(int(exponent))
    except (InvalidOperation, ValueError):  # pragma: no cover - the pattern only admits valid numbers
        return None
    return value * Decimal(_SUFFIXES[suffix or ""])


def quantity_sign(text: str) -> int | None:
    """The sign (-1, 0 or 1) of a Kubernetes quantity, as that of :func:`parse_quantity`; None when it is not one.

    Most quantities are plain numbers with a suffix (``100m``, ``4Gi``), whose sign is in the digits: scaling by a
    suffix neither makes a number zero nor changes its sign. Only one with an exponent is worked out in full.
    """
    match = _QUANTITY.match(text)
    if match is None:
        return None
    number, exponent, _ = match.groups()
    if exponent is not None:
        value = parse_quantity(text)
        return None if value is None else (value > 0) - (value < 0)
    if number.strip("+-.0") == "":
        return 0
    return -1 if number[0] == "-" else 1


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _sequence(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def resource_places(ctx: ConfigContext) -> Iterator[tuple[JsonPath, Any]]:
    """Every ``resources`` (ResourceRequirements) ci-operator validates, with its value.

    They are those given per step name, and those of each literal step.
    """
    for key, requirements in _mapping(ctx.data.get("resources")).items():
        yield ("resources", key), requirements
    for test in ctx.tests:
        if test.multi_stage is None:
            continue  # neither stanza is a mapping
        for field in ("steps", "literal_steps"):
            stanza = test.data.get(field)
            if not isinstance(stanza, dict) or stanza.keys().isdisjoint(_STAGES):
                continue
            for stage in _STAGES:
                for position, step in enumerate(_sequence(stanza.get(stage))):
                    # A reference or chain has no resources of its own; a step written out does.
                    if isinstance(step, dict) and not _REFERENCE_KEYS.issuperset(step):
                        yield (*test.path, field, stage, position, "resources"), step.get("resources")


def _at(data: Any, path: JsonPath) -> Any:
    for element in path:
        if isinstance(element, int):
            data = data[element] if isinstance(data, list) and 0 <= element < len(data) else None
        else:
            data = data.get(element) if isinstance(data, dict) else None
    return data


def _go_field(path: JsonPath) -> str:
    """A path as ci-operator's resource messages write it: dots throughout, ``tests[0]`` for list items."""
    text = ""
    for element in path:
        text += f"[{element}]" if isinstance(element, int) else (f".{element}" if text else element)
    return text


def check_resources(ctx: ConfigContext) -> Iterator[Finding]:
    """RS-3, RS-4, RS-6, RS-7, RS-8: what validateResourceRequirements and validateResourceList refuse."""
    for place, requirements in resource_places(ctx):
        if not _fine(requirements):
            yield from _requirement_findings(ctx, place, requirements)


def _fine(requirements: Any) -> bool:
    """Whether requirements are plainly fine: limits or requests set, every quantity a string known to be fine."""
    if not isinstance(requirements, dict):
        return False
    set_any = False
    for kind in ("limits", "requests"):
        resources = requirements.get(kind)
        if isinstance(resources, dict) and resources:
            set_any = True
            for name, value in resources.items():
                if value.__class__ is not str or (name, value) not in _FINE:
                    return False
    return set_any


def requirement_findings(ctx: ConfigContext, place: JsonPath) -> Iterator[Finding]:
    """RS-3, RS-4, RS-6, RS-7, RS-8 for the requirements at ``place`` (validateResourceRequirements)."""
    return _requirement_findings(ctx, place, _at(ctx.data, place))


def _requirement_findings(ctx: ConfigContext, place: JsonPath, requirements: Any) -> Iterator[Finding]:
    if not isinstance(requirements, dict):
        return  # absent or of the wrong type: the schema reports it
    lists = {kind: _mapping(requirements.get(kind)) for kind in ("limits", "requests")}
    for kind, resources in lists.items():
        for name, value in resources.items():
            # Almost every quantity is a plain, positive one (100m, 4Gi): nothing to say, decided by one lookup.
            if value.__class__ is not str or (name, value) not in _FINE:
                yield from _resource(ctx, (*place, kind), name, value)
    if requirements and not any(lists.values()):
        yield ctx.finding(place, "RS-3", f"'{_go_field(place)}' should have at least one request or limit", key=True)


# Resources with a string quantity that has nothing to report (a positive quantity within its limit), as found.
_FINE: set[tuple[str, str]] = set()


def _resource(ctx: ConfigContext, path: JsonPath, name: str, value: Any) -> Iterator[Finding]:
    if name == KVM_RESOURCE:
        if go_text(value) != "1":
            yield ctx.finding((*path, name), "RS-8", "must be 1")
        return
    if name not in QUANTITY_RESOURCES:
        yield ctx.finding((*path, name), "RS-4", f"'{_go_field(path)}' specifies an invalid key {name}", key=True)
        return
    written = go_text(value)
    if written is None:
        return
    # Only the shm limit needs the quantity's value; every other check needs its sign.
    quantity = parse_quantity(written) if name == SHM_RESOURCE else None
    sign = quantity_sign(written) if quantity is None else (quantity > 0) - (quantity < 0)
    if sign is None:
        return  # not a quantity: the schema reports it
    if sign > 0 and (quantity is None or quantity <= SHM_LIMIT):
        if value.__class__ is str and len(_FINE) < _QUANTITIES_KEPT:
            _FINE.add((name, value))
        return
    where = (*path, name)
    if sign == 0:
        yield ctx.finding(where, "RS-6", "quantity cannot be zero")
    elif sign < 0:
        yield ctx.finding(where, "RS-6", "quantity cannot be negative")
    if quantity is not None and quantity > SHM_LIMIT:
        yield ctx.finding(where, "RS-7", "quantity cannot be greater than 2G")


def substitution_resolves(image: str) -> bool:
    """Whether ci-operator can link an operator substitution's ``with`` to an image (``LinkForImage``).

    A bare name always resolves: to a pipeline image when the config has one by that name, to the ``stable``
    release stream otherwise. ``stream:tag`` resolves only for the ``pipeline`` stream, a release stream
    (``stable``, ``stable-<name>``) or the ``release`` payload stream.
    """
    if ":" not in image:
        return True
    stream = image.split(":", maxsplit=1)[0]
    return stream in ("pipeline", "release") or stream.startswith("stable")


def check_operator_substitutions(ctx: ConfigContext) -> Iterator[Finding]:
    """OP-7: an operator substitution's ``with`` must name an image the config involves."""
    operator = _mapping(ctx.data.get("operator"))
    for index, raw in enumerate(_sequence(operator.get("substitutions"))):
        substitution = _mapping(raw)
        image = substitution.get("with")
        if not isinstance(image, str) or not image or not substitution.get("pullspec"):
            continue  # missing fields are the schema's to report, and ci-operator stops at the first
        if not substitution_resolves(image):
            yield ctx.finding(
                ("operator", "substitutions", index, "with"),
                "OP-7",
                f"could not resolve {image!r} to an image involved in the config (only pipeline:, stable...: and"
                " release: streams are known)",
            )


def check_releases(ctx: ConfigContext) -> Iterator[Finding]:
    """RL-5: only the release called ``latest`` may set ``include_built_images``."""
    for name, release in _mapping(ctx.data.get("releases")).items():
        integration = _mapping(_mapping(release).get("integration"))
        if name != "latest" and integration.get("include_built_images") is True:
            yield ctx.finding(
                ("releases", name, "integration", "include_built_images"),
                "RL-5",
                "only the `latest` release can set `include_built_images`",
                key=True,
            )
    yield from _check_tag_specification(ctx)


def _check_tag_specification(ctx: ConfigContext) -> Iterator[Finding]:
    """RL-10, RL-11: fields of ``tag_specification`` that ci-operator's validation does not look at.

    Unlike an integration release's, the reference policy of ``tag_specification`` is not validated; an invalid one
    reaches the image stream that the ``[release-inputs]`` step creates, which the cluster refuses. Only the jobs
    whose targets need that step (the images job, and the tests that use the release or the stable images) run it.
    ``include_built_images`` is overwritten when the releases are defaulted: ``latest`` always includes the built
    images and ``initial`` never does.
    """
    tag_specification = _mapping(ctx.data.get("tag_specification"))
    policy = tag_specification.get("reference_policy")
    if isinstance(policy, str) and policy not in ("Local", "Source"):
        yield ctx.finding(
            ("tag_specification", "reference_policy"),
            "RL-10",
            f"ci-operator accepts this, but {policy!r} is not one of Local, Source: the cluster refuses the image"
            " stream it imports the release images into, so the jobs that use the release or the stable images (the"
            " images job, end-to-end tests) fail at run time",
        )
    if "include_built_images" in tag_specification and tag_specification["include_built_images"] is not None:
        yield ctx.finding(
            ("tag_specification", "include_built_images"),
            "RL-11",
            "ci-operator accepts this, but ignores it: with tag_specification the `latest` release always includes"
            " the built images and `initial` never does",
            key=True,
        )


CONFIG_CHECKS: tuple[Check, ...] = (check_resources, check_operator_substitutions, check_releases)
