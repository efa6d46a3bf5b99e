"""``python -m promoter`` runs the same command line as ``promoted-images``."""

from promoter.cli import main

main(prog_name="promoted-images")
