"""Which image stream tags a config promotes: ci-operator's promotion rules, without I/O.

The result is the static view that ci-operator-checkconfig and the promoted-image governor compute (no required
images, no skipped images), with commit tags added when a commit is given. Where the push at run time differs from
the static view, a note says so.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Literal

from promoter.findings import Finding, Severity
from promoter.lazydataclass import dataclass
from promoter.model import Config, ImageStreamTag, Location, PromotionTarget
from promoter.registries import PullRegistry, pull_spec, pull_spec_kept

PromotionKind = Literal["image", "additional", "build-cache", "commit"]
BUILD_CACHE_NAMESPACE = "build-cache"
COMMIT_PLACEHOLDER = "<commit>"
EXCLUDE_ALL = "*"


@dataclass(frozen=True, slots=True, kw_only=True)
class PromotedTag:
    """One image stream tag a config publishes, the pipeline tag it is copied from, and why."""

    ist: ImageStreamTag
    source: str
    kind: PromotionKind
    target: int | None
    location: Location

    def pull_spec(self, registry: PullRegistry) -> str:
        """Where to pull this tag from ``registry``."""
        return pull_spec(self.ist, registry)

    def kept(self, registry: PullRegistry) -> bool:
        """Whether promotion keeps the copy on ``registry`` up to date."""
        return pull_spec_kept(self.ist, registry)

    def sort_key(self) -> tuple[str, str, str, int]:
        """Sorted by tag text in byte order, as ci-operator sorts its promoted list."""
        return (str(self.ist), self.source, self.kind, -1 if self.target is None else self.target)


@dataclass(frozen=True, slots=True, kw_only=True)
class PromotionResult:
    """Everything a config promotes.

    ``tags`` is the promoted list, sorted, duplicates kept (a duplicate is also a finding). ``commit_tags`` holds the
    commit tags of ``tag_by_commit`` targets with the tag ``<commit>`` when no commit was given. ``names`` are the
    promoted component names. ``notes`` say where the push at run time differs from this static list.
    ``not_promoted`` is what a legacy form meant (images as a plain list, single-target keys directly under
    ``promotion``): current ci-operator promotes none of it, so it is never part of ``tags``.
    """

    tags: tuple[PromotedTag, ...] = ()
    commit_tags: tuple[PromotedTag, ...] = ()
    not_promoted: tuple[PromotedTag, ...] = ()
    names: frozenset[str] = frozenset()
    notes: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()


def select(target: PromotionTarget, config: Config) -> dict[str, tuple[str, PromotionKind]]:
    """What one target publishes: component name -> (pipeline source tag, kind), in ci-operator's order of rules.

    Disabled targets publish nothing. Built images that are not optional are selected, then ``excluded_images`` are
    removed (``*`` removes every built image), then ``additional_images`` are added, untouched by exclusions.
    """
    if target.disabled:
        return {}
    selected: dict[str, tuple[str, PromotionKind]] = {
        image.to: (image.to, "image") for image in config.images if image.to and not image.optional
    }
    for excluded in target.excluded_images:
        if excluded == EXCLUDE_ALL:
            selected.clear()
            break
        selected.pop(excluded, None)
    for destination, source in target.additional_images:
        selected[destination] = (source, "additional")
    return selected


def promotable(target: PromotionTarget) -> bool:
    """Whether ci-operator accepts the target well enough to promote anything to it."""
    return bool(target.namespace) and bool(target.name or target.tag)


def promote(config: Config, *, commit: str | None = None) -> PromotionResult:
    """Compute the image stream tags that ``config`` promotes when its branch merges (at ``commit`` if given).

    Legacy forms promote nothing in current ci-operator: a config whose ``images`` is a plain list does not load at
    all, and a legacy single target is dropped (the stanza still promotes the build cache). What they meant is kept
    apart in ``not_promoted``, so that it can be shown as such and never as promoted.
    """
    promotion = config.promotion
    if promotion is None:
        return PromotionResult()
    tags: list[PromotedTag] = []
    commit_tags: list[PromotedTag] = []
    meant: list[PromotedTag] = []
    names: set[str] = set()
    findings: list[Finding] = []
    for index, target in enumerate(promotion.targets):
        if not target.legacy:
            findings.extend(_target_findings(config, target))
        if not promotable(target):
            continue
        selection = select(target, config)
        if target.legacy:
            meant.extend(_meant(target, index, selection, commit))
            continue
        names.update(selection)
        for component, (source, kind) in selection.items():
            tags.append(
                PromotedTag(
                    ist=target.destination(component),
                    source=source,
                    kind=kind,
                    target=index,
                    location=target.location,
                )
            )
            if target.tag_by_commit:
                # Commit tags always go to a per-component stream, even for name targets.
                commit_tag = PromotedTag(
                    ist=ImageStreamTag(target.namespace, component, commit or COMMIT_PLACEHOLDER),
                    source=source,
                    kind="commit",
                    target=index,
                    location=target.location,
                )
                (tags if commit else commit_tags).append(commit_tag)
    if config.binary_build_commands and not promotion.disable_build_cache and config.metadata is not None:
        metadata = config.metadata
        tags.append(
            PromotedTag(
                ist=ImageStreamTag(BUILD_CACHE_NAMESPACE, f"{metadata.org}-{metadata.repo}", metadata.build_cache_tag),
                source="bin",
                kind="build-cache",
                target=None,
                location=config.binary_build_commands_location,
            )
        )
    if config.images_is_legacy_list:
        # ci-operator cannot load this file, so nothing of it is promoted.
        meant.extend(tags)
        tags, commit_tags, names = [], [], set()
    tags.sort(key=PromotedTag.sort_key)
    commit_tags.sort(key=PromotedTag.sort_key)
    meant.sort(key=PromotedTag.sort_key)
    findings.extend(duplicate_findings(config.file, tags))
    return PromotionResult(
        tags=tuple(tags),
        commit_tags=tuple(commit_tags),
        not_promoted=tuple(meant),
        names=frozenset(names),
        notes=tuple(_runtime_notes(config, tags, names)),
        findings=tuple(findings),
    )


def _meant(
    target: PromotionTarget, index: int, selection: dict[str, tuple[str, PromotionKind]], commit: str | None
) -> list[PromotedTag]:
    """What a legacy target would have promoted, for showing as "not promoted by current ci-operator"."""
    meant = [
        PromotedTag(ist=target.destination(component), source=source, kind=kind, target=index, location=target.location)
        for component, (source, kind) in selection.items()
    ]
    if target.tag_by_commit and commit:
        meant.extend(
            PromotedTag(
                ist=ImageStreamTag(target.namespace, component, commit),
                source=source,
                kind="commit",
                target=index,
                location=target.location,
            )
            for component, (source, _kind) in selection.items()
        )
    return meant


def _target_findings(config: Config, target: PromotionTarget) -> list[Finding]:
    where = target.location
    if target.malformed:
        return []

    def finding(rule: str, message: str) -> Finding:
        return Finding(
            file=config.file,
            line=where.line,
            column=where.column,
            json_path=where.path,
            rule=rule,
            severity=Severity.ERROR,
            message=f"{where.path}: {message}",
        )

    found: list[Finding] = []
    if not target.namespace:
        found.append(finding("PR-1", "no namespace defined; nothing is promoted by this target"))
    if not target.name and not target.tag:
        found.append(finding("PR-3", "no name or tag defined; nothing is promoted by this target"))
    elif target.name and target.tag:
        found.append(
            finding("PR-4", f"both name and tag defined; ci-operator rejects this (at run time {target.name!r} wins)")
        )
    return found


def duplicate_findings(file: str, tags: list[PromotedTag]) -> list[Finding]:
    """XC-1 within one config: the same tag promoted by two targets (or twice by one)."""
    by_tag: dict[str, list[PromotedTag]] = defaultdict(list)
    for tag in tags:
        if tag.kind != "commit" or COMMIT_PLACEHOLDER not in tag.ist.tag:
            by_tag[str(tag.ist)].append(tag)
    findings: list[Finding] = []
    # Sorting only the tags promoted more than once: a config promotes each of its tags once.
    for text, group in sorted(item for item in by_tag.items() if len(item[1]) > 1):
        first, *others = sorted(group, key=lambda t: (t.location.line, t.location.column, t.source))
        for other in others:
            sources = {first.source, other.source}
            consequence = (
                f"different sources ({', '.join(sorted(sources))}) race for it and the winner is not deterministic"
                if len(sources) > 1
                else "it is pushed twice"
            )
            findings.append(
                Finding(
                    file=file,
                    line=other.location.line,
                    column=other.location.column,
                    json_path=other.location.path,
                    rule="XC-1",
                    severity=Severity.ERROR,
                    message=f"output tag {text} is promoted more than once by this config: {first.location.path}"
                    f" (line {first.location.line}) and {other.location.path} (line {other.location.line});"
                    f" {consequence}",
                )
            )
    return findings


def _runtime_notes(config: Config, tags: list[PromotedTag], names: set[str]) -> list[str]:
    notes: list[str] = []
    promotion = config.promotion
    if promotion is None or config.images_is_legacy_list:
        return notes
    # At run time every additional_images source is a required build target, so an optional image that is such a
    # source is built and then promoted under its own name as well.
    required = {source for target in promotion.targets if not target.legacy for _, source in target.additional_images}
    for target in promotion.targets:
        if target.disabled or target.legacy or not promotable(target):
            continue
        excluded = set(target.excluded_images)
        for image in config.images:
            if image.optional and image.to in required and image.to not in excluded and EXCLUDE_ALL not in excluded:
                notes.append(
                    f"optional image {image.to} is an additional_images source, so at run time it is also pushed"
                    f" as {target.destination(image.to)} ({target.location.path})"
                )
    if any(tag.kind == "build-cache" for tag in tags) and not names:
        notes.append("the build cache is listed, but ci-operator pushes it only when some image is promoted too")
    if promotion.registry_override:
        notes.append(
            f"registry_override is set: images are pushed to {promotion.registry_override}/<namespace>/<name>:<tag>"
            " instead of quay.io/openshift/ci (not allowed in openshift/release)"
        )
    if config.binary_build_commands and not promotion.disable_build_cache and config.metadata is None:
        notes.append("the build cache is also pushed, but its tag needs zz_generated_metadata or a config tree path")
    if config.build_if_affected:
        notes.append("images.build_if_affected is set: images a change does not affect are neither built nor pushed")
    return notes
