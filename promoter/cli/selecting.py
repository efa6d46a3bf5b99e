"""The rule selection options shared by every command that reports findings, and the config file they read."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from promoter.cli import fail

if TYPE_CHECKING:
    from promoter.selection import RuleSelection


def complete_rules(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    """Shell completion of rule ids and families for --select, --ignore and rules RULE-ID."""
    from promoter.rules import RULES  # noqa: PLC0415

    del ctx, param
    head, _, last = incomplete.rpartition(",")
    prefix = f"{head}," if head else ""
    names = sorted({rule.id for rule in RULES} | {rule.id.split("-", 1)[0] for rule in RULES} | {"ALL"})
    return [prefix + name for name in names if name.startswith(last.upper())]


def selection_options(command: Callable[..., Any], *, links: bool = True) -> Callable[..., Any]:
    """--select, --ignore, --severity, --config, --no-config and --doc-url, given to the command as ``selection``.

    The command receives the resolved :class:`RuleSelection` (config file and options together) in place of the six
    options; it must take its paths as ``paths``. Without ``links`` (a command that prints no finding lines) there is
    no --doc-url.
    """

    @functools.wraps(command)
    def resolved(*args: Any, **kwargs: Any) -> Any:
        kwargs["selection"] = resolve_selection(
            kwargs["paths"],
            config_file=kwargs.pop("config_file"),
            no_config=kwargs.pop("no_config"),
            select=kwargs.pop("select"),
            ignore=kwargs.pop("ignore"),
            severities=kwargs.pop("severities"),
            doc_url=kwargs.pop("doc_url", None),
        )
        return command(*args, **kwargs)

    decorators = [
        click.option(
            "--select",
            multiple=True,
            metavar="RULES",
            shell_complete=complete_rules,
            help="Report only these rules: ids (PR-7), families (PR) or ALL, comma-separated or repeated.",
        ),
        click.option(
            "--ignore",
            multiple=True,
            metavar="RULES",
            shell_complete=complete_rules,
            help="Do not report these rules (ids, families or ALL).",
        ),
        click.option(
            "--severity",
            "severities",
            multiple=True,
            metavar="RULE=LEVEL",
            help="Report a rule (or family) as error, warning or info, e.g. --severity IM-9=error.",
        ),
        click.option(
            "--config",
            "config_file",
            metavar="FILE",
            help="Read rule settings from FILE instead of the nearest .promoted-images.yaml at or above PATH.",
        ),
        click.option("--no-config", is_flag=True, help="Read no .promoted-images.yaml."),
    ]
    if links:
        decorators.append(
            click.option(
                "--doc-url",
                metavar="URL",
                help="End every text finding with URL#rule-id, the rule's section of docs/rules.md.",
            )
        )
    for decorator in reversed(decorators):
        resolved = decorator(resolved)
    return resolved


def selection_options_without_links(command: Callable[..., Any]) -> Callable[..., Any]:
    """:func:`selection_options` for a command whose output has no finding lines to link (no --doc-url)."""
    return selection_options(command, links=False)


def resolve_selection(
    paths: tuple[str, ...],
    *,
    config_file: str | None,
    no_config: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    severities: tuple[str, ...],
    doc_url: str | None,
) -> RuleSelection:
    """The selection of the config file (given, found, or none) with the options on top; exit 2 when invalid."""
    from promoter import selection  # noqa: PLC0415

    if config_file is not None and no_config:
        fail("--config and --no-config exclude each other")
    try:
        found = None if no_config else config_file or selection.find_config_file(paths)
        base = selection.RuleSelection() if found is None else selection.load_config_file(found)
        return selection.combine_options(base, select=select, ignore=ignore, severity=severities, doc_url=doc_url)
    except selection.SelectionError as error:
        fail(str(error))
