"""``python -m promoter`` runs the same command line as ``promoted-images``."""

from promoter.console import run

run()
