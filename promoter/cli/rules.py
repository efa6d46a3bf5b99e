"""``promoted-images rules``: every rule with its id, severity and meaning."""

from __future__ import annotations

import click


@click.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="markdown is the page committed as docs/rules.md.",
)
def rules(output_format: str) -> None:
    """List the rules of lint and promoted-images, with their severities."""
    from promoter.render import rules as render  # noqa: PLC0415
    from promoter.rules import RULES  # noqa: PLC0415

    renderer = {"text": render.render_text, "markdown": render.render_markdown, "json": render.render_json}
    click.echo(renderer[output_format](RULES), nl=False)
