"""Output formats of ``promoted-images``: text for people, JSON for programs, URLs for scripts."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from promoter.analysis import ConfigResult
from promoter.findings import Severity
from promoter.model import PromotionTarget
from promoter.promotion import PromotedTag
from promoter.registries import PULL_REGISTRIES, PullRegistry, kept_registry
from promoter.render import ANSI_BOLD, ANSI_CYAN, ANSI_DIM, kind_label, paint, visible, visible_json
from promoter.render.jsontext import indented, indented_list

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
    specs = {
        tag.pull_spec(registry if registry is not None else kept_registry(tag.ist))
        for result in results
        for tag in result.promotion.tags
    }
    return "".join(f"{visible(spec)}\n" for spec in sorted(specs))


def render_json(results: Sequence[ConfigResult]) -> str:
    """A stable JSON document: one object per config with metadata, targets, promoted tags and findings."""
    return "".join(iter_json(results))


def iter_json(results: Sequence[ConfigResult]) -> Iterator[str]:
    """:func:`render_json` in parts, a config at a time, with the controls JSON leaves raw escaped."""
    return map(visible_json, _json_parts(results))


def _json_parts(results: Sequence[ConfigResult]) -> Iterator[str]:
    yield f'{{\n  "format_version": {JSON_FORMAT_VERSION},\n  "configs": '
    yield from indented_list((_json_config(result) for result in results), level=1)
    findings = [finding for result in results for finding in result.findings]
    summary = {
        "files": len(results),
        "promoted_tags": sum(len(result.promotion.tags) for result in results),
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
