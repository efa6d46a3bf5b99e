"""Output formats of ``promoted-images``: text for people, JSON for programs, URLs for scripts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Literal

from promoter.analysis import ConfigResult
from promoter.findings import Finding, Severity
from promoter.lazydataclass import dataclass
from promoter.model import PromotionTarget
from promoter.promotion import PromotedTag
from promoter.registries import PULL_REGISTRIES, PullRegistry, kept_registry
from promoter.render import ANSI_BOLD, ANSI_CYAN, ANSI_DIM, kind_label, paint, visible, visible_json
from promoter.render.jsontext import indented

JSON_FORMAT_VERSION = 1


def render_text(results: Sequence[ConfigResult], *, color: bool = False) -> str:
    """Promoted tags grouped by config, with the pull specs to use, aligned; up-to-date registries first."""
    blocks = [_text_block(result, color=color) for result in results if result.config is not None]
    return "\n".join(blocks)


def _text_block(result: ConfigResult, *, color: bool) -> str:
    config = result.config
    assert config is not None
    title = paint(visible(config.identifier), ANSI_BOLD + ANSI_CYAN, color=color)
    lines = [f"{title}  {paint(visible(result.file), ANSI_DIM, color=color)}"]
    tags = result.promotion.tags
    if not tags:
        lines.append(f"  promotes nothing ({_nothing_reason(result)})")
    width = max((len(visible(str(tag.ist))) for tag in tags), default=0)
    for tag in tags:
        source = f"<- {visible(tag.source)}{kind_label(tag.kind)}"
        lines.append(f"  {paint(visible(str(tag.ist)).ljust(width), ANSI_BOLD, color=color)}  {source}")
        for registry in _registries_in_order(tag):
            spec = visible(tag.pull_spec(registry))
            if tag.kept(registry):
                lines.append(f"      {spec}")
            else:
                note = f"(not updated by promotion for namespace {visible(tag.ist.namespace)})"
                lines.append(f"      {paint(f'{spec}  {note}', ANSI_DIM, color=color)}")
    if result.promotion.commit_tags:
        lines.append("  tag_by_commit also pushes these for every merged commit (--commit SHA lists them):")
        lines.extend(f"      {visible(str(tag.ist))}  <- {visible(tag.source)}" for tag in result.promotion.commit_tags)
    if result.promotion.not_promoted:
        lines.append(f"  {NOT_PROMOTED_HEADING}:")
        lines.extend(
            f"      {visible(str(tag.ist))}  <- {visible(tag.source)}" for tag in result.promotion.not_promoted
        )
    lines.extend(f"  note: {visible(note)}" for note in result.promotion.notes)
    return "\n".join(lines) + "\n"


NOT_PROMOTED_HEADING = "meant by a legacy form, not promoted by current ci-operator"


def _nothing_reason(result: ConfigResult) -> str:
    config = result.config
    assert config is not None
    if config.images_is_legacy_list:
        return "ci-operator cannot load this config: images is a plain list"
    if config.promotion is None:
        return "no promotion stanza"
    if config.promotion.targets and all(target.legacy for target in config.promotion.targets):
        return "current ci-operator ignores the legacy keys directly under promotion"
    return "every target is disabled or empty"


def _registries_in_order(tag: PromotedTag) -> list[PullRegistry]:
    shown: list[PullRegistry] = ["app.ci", "quay-proxy"]
    return sorted(shown, key=lambda registry: (not tag.kept(registry), shown.index(registry)))


def render_urls(results: Sequence[ConfigResult], *, registry: PullRegistry | None = None) -> str:
    """One pull spec per line, sorted and unique, for every tag the configs promote.

    Without ``registry``, each tag's pull spec is on the registry that promotion keeps current for its namespace.
    """
    return render_shown_urls([shown(result, output_format="urls", registry=registry) for result in results])


def render_json(results: Sequence[ConfigResult]) -> str:
    """A stable JSON document: one object per config with metadata, targets, promoted tags and findings."""
    return "".join(iter_json(results))


def iter_json(results: Sequence[ConfigResult]) -> Iterator[str]:
    """:func:`render_json` in parts, a config at a time, with the controls JSON leaves raw escaped."""
    return iter_shown_json([shown(result, output_format="json") for result in results])


ShowFormat = Literal["text", "json", "urls"]


@dataclass(frozen=True, slots=True)
class Shown:
    """What ``show`` prints of one config in one format, rendered where the config was analysed.

    ``part`` is the config's text block (empty for a file that is no config), or for JSON its object up to the
    value of ``"findings"``, controls escaped: the findings are written by the process that prints, after the rule
    selection. ``specs`` are the pull specs of ``--format urls``, ``promoted`` counts the promoted tags.
    """

    file: str
    part: str
    specs: tuple[str, ...]
    promoted: int
    findings: tuple[Finding, ...]


# What the JSON object of a config ends with before its findings are written in.
_JSON_FINDINGS_TAIL = "[]\n    }"
_JSON_CONFIG_END = "\n    }"


def shown(
    result: ConfigResult, *, output_format: ShowFormat, color: bool = False, registry: PullRegistry | None = None
) -> Shown:
    """The part of ``show``'s output that one config makes in ``output_format`` (see :class:`Shown`)."""
    part = ""
    specs: tuple[str, ...] = ()
    if output_format == "text":
        part = "" if result.config is None else _text_block(result, color=color)
    elif output_format == "urls":
        specs = tuple(
            tag.pull_spec(registry if registry is not None else kept_registry(tag.ist)) for tag in result.promotion.tags
        )
    else:
        text = visible_json(indented({**_json_config(result), "findings": []}, level=2))
        part = text.removesuffix(_JSON_FINDINGS_TAIL)
    return Shown(result.file, part, specs, len(result.promotion.tags), result.findings)


def encode_shown(entry: Shown) -> list[Any]:
    """The JSON form of a :class:`Shown`, for the cache and for crossing from a worker process."""
    findings = [[f.file, f.line, f.column, f.json_path, f.rule, f.severity.value, f.message] for f in entry.findings]
    return [entry.file, entry.part, list(entry.specs), entry.promoted, findings]


def decode_shown(data: Any) -> Shown:
    """A :class:`Shown` from :func:`encode_shown`; raises ValueError, TypeError or KeyError on malformed data."""
    file, part, specs, promoted, findings = data
    if not (type(file) is str and type(part) is str and type(promoted) is int and type(specs) is list):
        raise TypeError("not a shown config")
    return Shown(
        file,
        part,
        tuple(str(spec) for spec in specs),
        promoted,
        tuple(
            Finding(
                file=str(f_file),
                line=int(line),
                column=int(column),
                json_path=str(path),
                rule=str(rule),
                severity=Severity(severity),
                message=str(message),
            )
            for f_file, line, column, path, rule, severity, message in findings
        ),
    )


def shown_file(entry: Shown) -> str:
    """The file an entry is of: what entries are sorted by."""
    return entry.file


def render_shown_text(entries: Iterable[Shown]) -> str:
    """:func:`render_text` of the configs these entries (of ``--format text``) were made from."""
    return "\n".join(entry.part for entry in entries if entry.part)


def render_shown_urls(entries: Iterable[Shown]) -> str:
    """:func:`render_urls` of the configs these entries (of ``--format urls``) were made from."""
    specs = {spec for entry in entries for spec in entry.specs}
    return "".join(f"{visible(spec)}\n" for spec in sorted(specs))


def iter_shown_json(entries: Sequence[Shown]) -> Iterator[str]:
    """:func:`iter_json` of the configs these entries (of ``--format json``) were made from, with their findings."""
    yield f'{{\n  "format_version": {JSON_FORMAT_VERSION},\n  "configs": '
    opening = "["
    for entry in entries:
        listed = visible_json(indented([finding.to_dict() for finding in entry.findings], level=3))
        yield f"{opening}\n    {entry.part}{listed}{_JSON_CONFIG_END}"
        opening = ","
    yield "[]" if opening == "[" else "\n  ]"
    findings = [finding for entry in entries for finding in entry.findings]
    summary = {
        "files": len(entries),
        "promoted_tags": sum(entry.promoted for entry in entries),
        "errors": sum(1 for f in findings if f.severity is Severity.ERROR),
        "warnings": sum(1 for f in findings if f.severity is Severity.WARNING),
        "info": sum(1 for f in findings if f.severity is Severity.INFO),
    }
    yield f',\n  "summary": {indented(summary, level=1)}\n}}\n'


def _json_config(result: ConfigResult) -> dict[str, object]:
    config = result.config
    metadata = config.metadata if config is not None else None
    targets = config.promotion.targets if config is not None and config.promotion is not None else ()
    return {
        "file": result.file,
        "config": config.identifier if config is not None else None,
        "metadata": None
        if metadata is None
        else {"org": metadata.org, "repo": metadata.repo, "branch": metadata.branch, "variant": metadata.variant},
        "targets": [_json_target(index, target) for index, target in enumerate(targets)],
        "promoted": [_json_tag(tag) for tag in result.promotion.tags],
        "commit_tags": [_json_tag(tag) for tag in result.promotion.commit_tags],
        "not_promoted": [_json_tag(tag) for tag in result.promotion.not_promoted],
        "notes": list(result.promotion.notes),
        "findings": [finding.to_dict() for finding in result.findings],
    }


def _json_target(index: int, target: PromotionTarget) -> dict[str, object]:
    return {
        "index": index,
        "path": target.location.path,
        "line": target.location.line,
        "namespace": target.namespace,
        "name": target.name,
        "tag": target.tag,
        "mode": target.mode,
        "disabled": target.disabled,
        "tag_by_commit": target.tag_by_commit,
        "excluded_images": list(target.excluded_images),
        "additional_images": dict(target.additional_images),
        "legacy": target.legacy,
    }


def _json_tag(tag: PromotedTag) -> dict[str, object]:
    return {
        "tag": str(tag.ist),
        "namespace": tag.ist.namespace,
        "stream": tag.ist.name,
        "stream_tag": tag.ist.tag,
        "source": tag.source,
        "kind": tag.kind,
        "target": tag.target,
        "path": tag.location.path,
        "line": tag.location.line,
        "pull_specs": [
            {"registry": registry, "pull_spec": tag.pull_spec(registry), "kept_up_to_date": tag.kept(registry)}
            for registry in PULL_REGISTRIES
        ],
    }
