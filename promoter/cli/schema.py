"""``promoted-images schema``: print the JSON Schema of ci-operator configs, for editors and other validators."""

from __future__ import annotations

import click


@click.command()
def schema() -> None:
    """Print the JSON Schema (draft 2020-12) of ci-operator configs.

    Point a YAML language server at it for completion and hover help, for example with a first line
    `# yaml-language-server: $schema=<path to the saved schema>` in a config.
    """
    from promoter.schema import schema_text  # noqa: PLC0415

    click.echo(schema_text(), nl=False)
