"""``promoted-images rules``: every rule with its id, severity and meaning, or one rule explained."""

from __future__ import annotations

import click

from promoter.cli import fail
from promoter.cli.selecting import complete_rules


@click.command()
@click.argument("rule_ids", nargs=-1, metavar="[RULE-ID]...", shell_complete=complete_rules)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="markdown is the page committed as docs/rules.md.",
)
def rules(rule_ids: tuple[str, ...], output_format: str) -> None:
    """List the rules behind the findings of every command, or explain the rules named.

    A rule is explained with what it finds, why, what ci-operator does with such a config, the ci-tools function
    that enforces it, and an invalid and a fixed example.
    """
    import difflib  # noqa: PLC0415

    from promoter.render import rules as render  # noqa: PLC0415
    from promoter.rules import RULES, RULES_BY_ID  # noqa: PLC0415

    chosen = []
    for rule_id in rule_ids:
        rule = RULES_BY_ID.get(rule_id.upper())
        if rule is None:
            close = difflib.get_close_matches(rule_id.upper(), list(RULES_BY_ID), n=3, cutoff=0.5)
            hint = f"; did you mean: {', '.join(close)}" if close else "; promoted-images rules lists them"
            fail(f"no rule {rule_id!r}{hint}")
        chosen.append(rule)
    if not chosen:
        renderer = {"text": render.render_text, "markdown": render.render_markdown, "json": render.render_json}
        click.echo(renderer[output_format](RULES), nl=False)
    elif output_format == "text":
        click.echo("\n".join(render.render_rule_text(rule) for rule in chosen), nl=False)
    elif output_format == "json":
        click.echo(render.render_json(chosen), nl=False)
    else:
        click.echo(render.render_markdown(chosen), nl=False)
