"""What a change to a config tree does to promotion: compare two sides of a diff. Pure: data in, report out.

A side is the config tree at one revision: the lint outcome of every config (what the cross-config rules need),
and the full analysis of the configs that differ from the other side. :func:`pair_files` says which base file each
head file continues (the same path, or a rename); :func:`diff_sides` compares each pair and reports the
consequences a reviewer cannot see in the YAML: promoted tags added and removed, tags whose source changed, promotion
targets added, removed, enabled or disabled, image inputs that changed, and the lint findings the change brings in.

Findings are compared by rule, JSON path and message, not by position: lines move when a file is edited. Line
references inside messages (``file.yaml:17``, ``line 17``) are ignored for the same reason.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal, get_args

from promoter.analysis import ConfigResult, analyze_text, unreadable
from promoter.files import io_finding
from promoter.findings import Finding, Severity
from promoter.lazydataclass import dataclass
from promoter.limits import DEFAULT_LIMITS, Limits
from promoter.lint import FileOutcome, combine
from promoter.model import Config, ImageStreamTag, PromotionTarget
from promoter.pipelinenames import PIPELINE_PREFIX, ROOT_IMAGE, build_root_text
from promoter.promotion import PromotedTag, PromotionKind

ConfigStatus = Literal["added", "removed", "renamed", "modified", "unchanged"]
TargetChangeKind = Literal["added", "removed", "enabled", "disabled"]
InputField = Literal["build_root", "base_images", "base_rpm_images", "external_images", "from", "inputs"]
STATUS_ORDER: tuple[ConfigStatus, ...] = ("added", "removed", "renamed", "modified", "unchanged")
_LINE_REFERENCE = re.compile(r"(\.ya?ml:|\bline )\d+")


def analyze_bytes(path: str, raw: bytes, limits: Limits = DEFAULT_LIMITS) -> ConfigResult:
    """Analyse one config's bytes, read by the caller; never raises for bad content."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return unreadable(path, io_finding(path, f"not UTF-8 text (byte {error.start}): cannot be a config"))
    return analyze_text(text, path, path_for_metadata=path, limits=limits)


@dataclass(frozen=True, slots=True, kw_only=True)
class Side:
    """The config tree at one revision: lint outcomes, and the changed configs analysed in full.

    ``outcomes`` holds every config, or at least the changed configs and every config promoting a tag that
    :func:`tags_read` names for them, and, in turn, for the configs found so: the comparison is the same.
    """

    outcomes: Mapping[str, FileOutcome]
    results: Mapping[str, ConfigResult]


@dataclass(frozen=True, slots=True, kw_only=True)
class FilePair:
    """A config file at the base and what it became at the head (None on the side where it does not exist)."""

    status: ConfigStatus
    base_file: str | None
    head_file: str | None

    @property
    def file(self) -> str:
        """The file's current name: at the head, or at the base for a removed file."""
        name = self.head_file if self.head_file is not None else self.base_file
        assert name is not None
        return name


def pair_files(
    base_files: Mapping[str, str],
    head_files: Mapping[str, str],
    *,
    changed: Iterable[str],
    renames: Iterable[tuple[str, str]] = (),
) -> list[FilePair]:
    """Pair the changed files of two sides (path -> content id): modified, added, removed, or renamed.

    A file that disappears is renamed to one that appears when git's rename detection pairs them (``renames``), or
    when their contents are identical; otherwise it is removed, and the other added.
    """
    changed_set = set(changed)
    removed = {path for path in changed_set if path in base_files and path not in head_files}
    added = {path for path in changed_set if path in head_files and path not in base_files}
    pairs = [
        FilePair(status="modified", base_file=path, head_file=path)
        for path in changed_set
        if path in base_files and path in head_files
    ]
    for old, new in sorted(renames):
        if old in removed and new in added:
            removed.discard(old)
            added.discard(new)
            pairs.append(FilePair(status="renamed", base_file=old, head_file=new))
    by_content: dict[str, list[str]] = defaultdict(list)
    for path in sorted(added):
        by_content[head_files[path]].append(path)
    for old in sorted(removed):
        candidates = by_content.get(base_files[old])
        if candidates:
            new = candidates.pop(0)
            removed.discard(old)
            added.discard(new)
            pairs.append(FilePair(status="renamed", base_file=old, head_file=new))
    pairs.extend(FilePair(status="removed", base_file=path, head_file=None) for path in removed)
    pairs.extend(FilePair(status="added", base_file=None, head_file=path) for path in added)
    return sorted(pairs, key=lambda pair: pair.file)


@dataclass(frozen=True, slots=True, kw_only=True)
class TagEntry:
    """A promoted tag that appears or disappears, with the pipeline image it is copied from.

    ``elsewhere`` names other configs: for a removed tag, those that still promote it at the head; for an added tag,
    those that promoted it at the base and no longer do (the tag moved here).
    """

    tag: ImageStreamTag
    source: str
    kind: PromotionKind
    path: str
    line: int
    elsewhere: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceChange:
    """A tag promoted on both sides from a different pipeline image."""

    tag: ImageStreamTag
    before: str
    after: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TargetChange:
    """A ``promotion.to`` target that was added, removed, enabled or disabled.

    ``target`` reads as the tags it publishes: ``ocp/4.17:<image>`` for a name target, ``ci/<image>:latest`` for a
    tag target.
    """

    change: TargetChangeKind
    target: str
    path: str
    line: int


@dataclass(frozen=True, slots=True, kw_only=True)
class InputChange:
    """An image input that was added (empty ``before``), removed (empty ``after``) or changed.

    ``field`` says which: the config's ``build_root``, a ``base_images`` (``base_rpm_images``, ``external_images``)
    alias named ``name``, or, for the ``images`` listed, what they are built ``from`` or one of their ``inputs``
    (``name`` is the input's alias). Values are resolved to what is pulled: an image stream tag, a pull spec, or
    ``pipeline:<tag>`` for an image of the pipeline itself. ``previous_name`` is the alias's name before, when the
    alias was renamed along with the change (``ocp_builder_rhel-9-golang-1.22-...`` to ``...-1.23-...``).
    """

    field: InputField
    name: str
    before: str
    after: str
    images: tuple[str, ...] = ()
    previous_name: str = ""

    @property
    def change(self) -> Literal["added", "removed", "changed"]:
        """Whether the input is new, gone, or points elsewhere."""
        if not self.before:
            return "added"
        return "removed" if not self.after else "changed"


@dataclass(frozen=True, slots=True, kw_only=True)
class ConfigDiff:
    """Everything that changes for one config; ``config`` is its identifier (``org/repo@branch``) at the head."""

    status: ConfigStatus
    file: str
    base_file: str | None
    config: str
    base_config: str | None
    tags_added: tuple[TagEntry, ...] = ()
    tags_removed: tuple[TagEntry, ...] = ()
    sources_changed: tuple[SourceChange, ...] = ()
    targets: tuple[TargetChange, ...] = ()
    inputs: tuple[InputChange, ...] = ()
    new_findings: tuple[Finding, ...] = ()
    fixed_findings: tuple[Finding, ...] = ()

    @property
    def affects_promotion(self) -> bool:
        """Whether anything a reviewer should see changed: tags, targets, inputs or findings."""
        return bool(
            self.tags_added
            or self.tags_removed
            or self.sources_changed
            or self.targets
            or self.inputs
            or self.new_findings
            or self.fixed_findings
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class DiffReport:
    """The changes between two revisions of a config tree, one entry per config, sorted by file.

    ``base`` and ``head`` are the revisions as the user named them; ``head_commit`` is None for the working tree.
    """

    base: str
    base_commit: str
    head: str
    head_commit: str | None
    configs: tuple[ConfigDiff, ...]

    def count(self, status: ConfigStatus) -> int:
        """How many configs have this status."""
        return sum(1 for config in self.configs if config.status == status)

    @property
    def tags_added(self) -> list[TagEntry]:
        """Every tag added, over all configs."""
        return [tag for config in self.configs for tag in config.tags_added]

    @property
    def tags_removed(self) -> list[TagEntry]:
        """Every tag removed, over all configs."""
        return [tag for config in self.configs for tag in config.tags_removed]

    @property
    def tags_gone(self) -> list[TagEntry]:
        """Removed tags that no config promotes at the head any more: what ``--fail-on removed-tags`` counts."""
        return [tag for tag in self.tags_removed if not tag.elsewhere]

    @property
    def new_findings(self) -> list[Finding]:
        """Every finding the change brings in."""
        return [finding for config in self.configs for finding in config.new_findings]

    def new_count(self, severity: Severity) -> int:
        """New findings of one severity."""
        return sum(1 for finding in self.new_findings if finding.severity is severity)

    def summary(self) -> dict[str, int]:
        """Counts for a summary line: configs by status, tags, targets, inputs, findings."""
        return {
            "configs": sum(1 for config in self.configs if config.status != "unchanged"),
            **{status: self.count(status) for status in STATUS_ORDER},
            "tags_added": len(self.tags_added),
            "tags_removed": len(self.tags_removed),
            "tags_no_longer_promoted": len(self.tags_gone),
            "sources_changed": sum(len(config.sources_changed) for config in self.configs),
            "targets_changed": sum(len(config.targets) for config in self.configs),
            "inputs_changed": sum(len(config.inputs) for config in self.configs),
            "new_errors": self.new_count(Severity.ERROR),
            "new_warnings": self.new_count(Severity.WARNING),
            "new_info": self.new_count(Severity.INFO),
            "fixed_findings": sum(len(config.fixed_findings) for config in self.configs),
        }


def finding_key(finding: Finding) -> tuple[str, str, str]:
    """What makes two findings the same across revisions: rule, JSON path and message, without line numbers."""
    return (finding.rule, finding.json_path, _LINE_REFERENCE.sub(r"\1#", finding.message))


def _subtract(findings: Sequence[Finding], others: Sequence[Finding]) -> tuple[Finding, ...]:
    """Findings of ``findings`` that ``others`` lacks, counting duplicates (a second identical problem is new)."""
    remaining = Counter(finding_key(finding) for finding in others)
    kept: list[Finding] = []
    for finding in findings:
        key = finding_key(finding)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            kept.append(finding)
    return tuple(kept)


def _promoters(side: Side) -> dict[str, list[tuple[str, str]]]:
    """Tag text -> (file, config identifier) of each config promoting it."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for outcome in side.outcomes.values():
        for tag in dict.fromkeys(promoted[0] for promoted in outcome.promoted):
            found[tag].append((outcome.file, outcome.identifier))
    return found


def _affected(pairs: Sequence[FilePair], base: Side, head: Side) -> set[str]:
    """The changed configs, and every config that promotes a tag one of them promotes on either side."""
    changed = {file for pair in pairs for file in (pair.base_file, pair.head_file) if file is not None}
    tags = {
        promoted[0]
        for side in (base, head)
        for file in changed
        if file in side.outcomes
        for promoted in side.outcomes[file].promoted
    }
    affected = set(changed)
    for side in (base, head):
        affected.update(
            file for file, outcome in side.outcomes.items() if any(promoted[0] in tags for promoted in outcome.promoted)
        )
    return affected


def tags_read(configs: Iterable[tuple[ConfigResult | None, FileOutcome]]) -> set[str]:
    """The tags whose promoting configs :func:`diff_sides` reads, for these configs (with or without their analysis).

    For the changed configs, these are the tags whose other promoters it names and whose findings it compares (XC-1
    can change only for a config promoting one of them): a side needs the outcome of every config promoting one. The
    findings of a config are exact when the side holds every config promoting any of its tags: for the configs found
    so, the tags they promote are the ones to read in turn. Every other config's findings are the same on both sides.
    """
    configs = list(configs)
    tags = {promoted[0] for _, outcome in configs for promoted in outcome.promoted}
    tags.update(text for result, _ in configs for text in _all_tags(result))
    return tags


def diff_sides(
    pairs: Sequence[FilePair],
    base: Side,
    head: Side,
    *,
    base_label: str,
    base_commit: str,
    head_label: str,
    head_commit: str | None,
) -> DiffReport:
    """Compare two sides: each changed pair in full, and every other config for findings other configs cause."""
    # Findings other configs cause (XC-1) can differ between the sides only for a config that promotes a tag a
    # changed config promotes: the combined findings of the others are the same on both sides, and not compared.
    affected = _affected(pairs, base, head)
    base_findings = {
        report.file: report.findings for report in combine(list(base.outcomes.values()), only_files=affected).files
    }
    head_findings = {
        report.file: report.findings for report in combine(list(head.outcomes.values()), only_files=affected).files
    }
    base_promoters, head_promoters = _promoters(base), _promoters(head)
    configs: list[ConfigDiff] = []
    paired: set[str] = set()
    for pair in pairs:
        paired.update(file for file in (pair.base_file, pair.head_file) if file is not None)
        before = base_findings.get(pair.base_file, ()) if pair.base_file is not None else ()
        after = head_findings.get(pair.head_file, ()) if pair.head_file is not None else ()
        base_result = base.results.get(pair.base_file) if pair.base_file is not None else None
        head_result = head.results.get(pair.head_file) if pair.head_file is not None else None
        added, removed, sources = _tag_changes(
            base_result, head_result, pair, base_promoters=base_promoters, head_promoters=head_promoters
        )
        compare_inside = pair.status in ("modified", "renamed")
        base_config = base_result.config if base_result is not None else None
        head_config = head_result.config if head_result is not None else None
        configs.append(
            ConfigDiff(
                status=pair.status,
                file=pair.file,
                base_file=pair.base_file,
                config=_identifier(head if pair.head_file else base, pair.file),
                base_config=_identifier(base, pair.base_file) if pair.base_file is not None else None,
                tags_added=added,
                tags_removed=removed,
                sources_changed=sources,
                targets=_target_changes(base_config, head_config) if compare_inside else (),
                inputs=_input_changes(base_config, head_config) if compare_inside else (),
                new_findings=_subtract(after, before),
                fixed_findings=_subtract(before, after) if pair.head_file is not None else (),
            )
        )
    # A config that did not change can still gain or lose findings that come from other configs (XC-1).
    for file in sorted(set(base.outcomes) & set(head.outcomes) - paired):
        before, after = base_findings.get(file, ()), head_findings.get(file, ())
        if before == after:
            continue
        new, fixed = _subtract(after, before), _subtract(before, after)
        if new or fixed:
            identifier = _identifier(head, file)
            configs.append(
                ConfigDiff(
                    status="unchanged",
                    file=file,
                    base_file=file,
                    config=identifier,
                    base_config=identifier,
                    new_findings=new,
                    fixed_findings=fixed,
                )
            )
    return DiffReport(
        base=base_label,
        base_commit=base_commit,
        head=head_label,
        head_commit=head_commit,
        configs=tuple(sorted(configs, key=lambda config: config.file)),
    )


def _identifier(side: Side, file: str) -> str:
    outcome = side.outcomes.get(file)
    return outcome.identifier if outcome is not None else file


def _all_tags(result: ConfigResult | None) -> dict[str, list[PromotedTag]]:
    grouped: dict[str, list[PromotedTag]] = defaultdict(list)
    if result is not None:
        for tag in (*result.promotion.tags, *result.promotion.commit_tags):
            grouped[str(tag.ist)].append(tag)
    return grouped


def _sources(tags: Sequence[PromotedTag]) -> str:
    return ", ".join(sorted({tag.source for tag in tags}))


def _tag_changes(
    base_result: ConfigResult | None,
    head_result: ConfigResult | None,
    pair: FilePair,
    *,
    base_promoters: Mapping[str, list[tuple[str, str]]],
    head_promoters: Mapping[str, list[tuple[str, str]]],
) -> tuple[tuple[TagEntry, ...], tuple[TagEntry, ...], tuple[SourceChange, ...]]:
    before, after = _all_tags(base_result), _all_tags(head_result)

    def entry(tags: list[PromotedTag], others: Iterable[str]) -> TagEntry:
        first = tags[0]
        return TagEntry(
            tag=first.ist,
            source=_sources(tags),
            kind=first.kind,
            path=first.location.path,
            line=first.location.line,
            elsewhere=tuple(sorted(set(others))),
        )

    def moved_from(text: str) -> list[str]:
        still = {file for file, _ in head_promoters.get(text, [])}
        return [
            identifier
            for file, identifier in base_promoters.get(text, [])
            if file != pair.base_file and file not in still
        ]

    def still_promoted_by(text: str) -> list[str]:
        return [identifier for file, identifier in head_promoters.get(text, []) if file != pair.head_file]

    added = tuple(entry(after[text], moved_from(text)) for text in sorted(after.keys() - before.keys()))
    removed = tuple(entry(before[text], still_promoted_by(text)) for text in sorted(before.keys() - after.keys()))
    sources = tuple(
        SourceChange(tag=after[text][0].ist, before=_sources(before[text]), after=_sources(after[text]))
        for text in sorted(before.keys() & after.keys())
        if _sources(before[text]) != _sources(after[text])
    )
    return added, removed, sources


def describe_target(target: PromotionTarget) -> str:
    """The tags a target publishes, with ``<image>`` for the component: ``ocp/4.17:<image>``, ``ci/<image>:latest``."""
    if target.mode == "name":
        return f"{target.namespace}/{target.name}:<image>"
    return f"{target.namespace}/<image>:{target.tag}"


def _targets(config: Config | None) -> dict[tuple[str, str, str, int], PromotionTarget]:
    found: dict[tuple[str, str, str, int], PromotionTarget] = {}
    seen: Counter[tuple[str, str, str]] = Counter()
    targets = config.promotion.targets if config is not None and config.promotion is not None else ()
    for target in targets:
        identity = (target.namespace, target.name, target.tag)
        found[(*identity, seen[identity])] = target
        seen[identity] += 1
    return found


def _target_changes(base: Config | None, head: Config | None) -> tuple[TargetChange, ...]:
    """Targets matched by namespace, name and tag: the ones that appear, disappear, or are switched on or off."""
    before, after = _targets(base), _targets(head)
    changes: list[TargetChange] = []
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        kind: TargetChangeKind | None = None
        if old is None:
            kind = "added"
        elif new is None:
            kind = "removed"
        elif old.disabled != new.disabled:
            kind = "disabled" if new.disabled else "enabled"
        if kind is None:
            continue
        shown = new if new is not None else old
        assert shown is not None
        changes.append(
            TargetChange(
                change=kind,
                target=describe_target(shown),
                path=shown.location.path,
                line=shown.location.line,
            )
        )
    return tuple(changes)


_InputKey = tuple[InputField, str, str]  # field, name, image


def _inputs(config: Config | None) -> dict[_InputKey, str]:
    """Every input of a config, resolved to what is pulled: config-level entries have an empty image."""
    if config is None:
        return {}
    found: dict[_InputKey, str] = {}
    aliases: dict[str, str] = {}
    root = build_root_text(config)
    if root:
        found[("build_root", "", "")] = root
    for base in config.base_images:
        field: InputField = "base_rpm_images" if base.rpm else "base_images"
        found.setdefault((field, base.alias, ""), str(base.ist))
        aliases.setdefault(base.alias, str(base.ist))
    for external in config.external_images:
        found.setdefault(("external_images", external.alias, ""), external.pull_spec)
        aliases.setdefault(external.alias, external.pull_spec)

    def resolve(name: str) -> str:
        if name in aliases:
            return aliases[name]
        if name == ROOT_IMAGE and root:
            return root
        return f"{PIPELINE_PREFIX}{name}"

    for image in config.images:
        if not image.to:
            continue
        if image.from_:
            found.setdefault(("from", "", image.to), resolve(image.from_))
        for image_input in image.inputs:
            if image_input.name:
                found.setdefault(("inputs", image_input.name, image.to), resolve(image_input.name))
    return found


def _input_changes(base: Config | None, head: Config | None) -> tuple[InputChange, ...]:
    """Inputs that differ, with the images that share one change grouped (a builder bump is one line)."""
    before, after = _inputs(base), _inputs(head)
    grouped: dict[tuple[InputField, str, str, str], list[str]] = defaultdict(list)
    for key in before.keys() | after.keys():
        old, new = before.get(key, ""), after.get(key, "")
        if old != new:
            field, name, image = key
            grouped[(field, name, old, new)].append(image)
    changes = [
        InputChange(
            field=field, name=name, before=old, after=new, images=tuple(sorted(image for image in images if image))
        )
        for (field, name, old, new), images in grouped.items()
    ]
    changes = _join_renamed_aliases(changes)
    order = {field: index for index, field in enumerate(get_args(InputField))}
    return tuple(sorted(changes, key=lambda c: (order[c.field], c.name, c.images, c.before, c.after)))


def _stream(value: str) -> str:
    """The image stream (or repository) of a resolved input: what stays when only its tag is bumped."""
    if value.startswith(PIPELINE_PREFIX) or ":" not in value:
        return ""
    return value.rpartition(":")[0]


def _join_renamed_aliases(changes: list[InputChange]) -> list[InputChange]:
    """One change for an alias renamed along with its tag, as openshift/release names builder aliases.

    ``ocp_builder_rhel-9-golang-1.22-...`` replaced by ``ocp_builder_rhel-9-golang-1.23-...`` is an input removed and
    one added; when exactly one of each has the same field, images and image stream, they are one bump.
    """
    removed: dict[tuple[InputField, tuple[str, ...], str], list[InputChange]] = defaultdict(list)
    added: dict[tuple[InputField, tuple[str, ...], str], list[InputChange]] = defaultdict(list)
    for change in changes:
        if change.field in ("base_images", "base_rpm_images", "external_images", "inputs"):
            if change.change == "removed" and _stream(change.before):
                removed[(change.field, change.images, _stream(change.before))].append(change)
            elif change.change == "added" and _stream(change.after):
                added[(change.field, change.images, _stream(change.after))].append(change)
    joined: dict[int, InputChange] = {}
    dropped: set[int] = set()
    for key, olds in removed.items():
        news = added.get(key, [])
        if len(olds) == 1 and len(news) == 1:
            old, new = olds[0], news[0]
            joined[id(new)] = dataclasses.replace(new, before=old.before, previous_name=old.name)
            dropped.add(id(old))
    return [joined.get(id(change), change) for change in changes if id(change) not in dropped]
