"""One config from text to results: load, decode, promote. Pure: the caller reads the files."""

from __future__ import annotations

import dataclasses

from promoter.decode import decode_config
from promoter.findings import Finding, Severity, sorted_findings
from promoter.lazydataclass import dataclass
from promoter.model import Config
from promoter.promotion import PromotionResult, promote
from promoter.yamldoc import DEFAULT_LIMITS, Document, Limits, load_yaml


@dataclass(frozen=True, slots=True, kw_only=True)
class ConfigResult:
    """What the tool knows about one file: its config (None when it could not be read) and its findings."""

    file: str
    config: Config | None
    promotion: PromotionResult
    findings: tuple[Finding, ...]
    document: Document | None = dataclasses.field(default=None, compare=False, repr=False)


def analyze_text(
    text: str,
    file: str,
    *,
    path_for_metadata: str | None = None,
    commit: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    tests: bool = True,
) -> ConfigResult:
    """Analyse one config's text; ``file`` names it in findings, ``path_for_metadata`` locates it in a config tree.

    Without ``tests``, the config is decoded without the fields only its tests need (see :func:`decode_config`).
    """
    document = load_yaml(text, file, limits)
    manifest = _kubernetes_manifest(document)
    if manifest is not None:
        return ConfigResult(
            file=file, config=None, promotion=PromotionResult(), findings=(manifest,), document=document
        )
    config, decode_findings = decode_config(document, path_for_metadata=path_for_metadata, tests=tests)
    promotion = promote(config, commit=commit) if config is not None else PromotionResult()
    findings = sorted_findings([*document.findings, *decode_findings, *promotion.findings])
    return ConfigResult(
        file=file,
        config=config,
        promotion=promotion,
        findings=tuple(findings),
        document=document,
    )


def with_commit(result: ConfigResult, commit: str) -> ConfigResult:
    """The result as :func:`analyze_text` gives it for ``commit``, from the result computed without one.

    Only the promotion depends on the commit (the tags of ``tag_by_commit`` targets), so it alone is computed again.
    """
    if result.config is None:
        return result
    promotion = promote(result.config, commit=commit)
    before = set(result.promotion.findings)
    findings = sorted_findings([*(f for f in result.findings if f not in before), *promotion.findings])
    return dataclasses.replace(result, promotion=promotion, findings=tuple(findings))


def _kubernetes_manifest(document: Document) -> Finding | None:
    """TL-2 when the document is a Kubernetes manifest: said once, instead of a finding per unknown field."""
    data = document.data
    if not isinstance(data, dict) or "apiVersion" not in data or "kind" not in data:
        return None
    kind = data["kind"]
    named = isinstance(kind, str) and kind.isascii() and kind.isalnum()
    what = f"a Kubernetes {kind} manifest" if named else "a Kubernetes manifest"
    return document.finding(
        (),
        "TL-2",
        Severity.ERROR,
        f"not a ci-operator config: {what} (it has apiVersion and kind); ci-operator configs have build_root,"
        " images, promotion and tests",
    )


def unreadable(file: str, finding: Finding) -> ConfigResult:
    """The result for a file that could not be read at all."""
    return ConfigResult(file=file, config=None, promotion=PromotionResult(), findings=(finding,))
