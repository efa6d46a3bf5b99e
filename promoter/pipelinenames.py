"""How the images of a config's pipeline are named: the build root, and images the config builds itself.

Shared by the reference pages and ``diff``, which names a changed input without loading the image graph.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from promoter.model import Config

ROOT_IMAGE = "root"
PIPELINE_PREFIX = "pipeline:"


def build_root_text(config: Config) -> str:
    """The build root of a config: its image stream tag, or where it comes from when it is built or configured."""
    root = config.build_root
    if root is None:
        return ""
    if root.image_stream_tag is not None:
        return str(root.image_stream_tag)
    if root.project_image:
        return "built from the repository (build_root.project_image)"
    if root.from_repository:
        return "the repository's .ci-operator.yaml (build_root.from_repository)"
    return ""
