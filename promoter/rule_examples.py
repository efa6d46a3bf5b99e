"""An invalid and a fixed example per rule, for ``promoted-images rules RULE-ID`` and docs/rules.md.

Each example is the part of a config that matters: the top-level keys it shows take the place of the same keys in
:data:`BASE`, a small valid config, and ``without`` names keys of BASE that the example leaves out. tests/test_rules.py
puts every example into BASE, as ``acme/app/acme-app-main.yaml``, and lints it: the invalid one must report its rule,
the fixed one nothing at all. Rules about several files (XC-1), file names (FN-5), unreadable paths (IO-1), the document
limits (LD-8) or the step registry have no single-file example.
"""

from __future__ import annotations

import itertools
import re

from promoter.lazydataclass import dataclass

BASE = """\
build_root:
  image_stream_tag:
    namespace: openshift
    name: release
    tag: golang-1.22
base_images:
  base:
    namespace: ocp
    name: "4.17"
    tag: base
images:
  items:
  - from: base
    to: app
promotion:
  to:
  - namespace: acme
    tag: latest
resources:
  '*':
    requests:
      cpu: 100m
tests:
- as: unit
  commands: make test
  container:
    from: src
zz_generated_metadata:
  branch: main
  org: acme
  repo: app
"""
BASE_FILE = "acme/app/acme-app-main.yaml"


@dataclass(frozen=True, slots=True, kw_only=True)
class Example:
    """What a rule reports (``invalid``) and how to fix it (``fixed``), as parts of a config."""

    invalid: str
    fixed: str
    without: tuple[str, ...] = ()


_TOP_LEVEL_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*):", re.MULTILINE)


def whole_config(part: str, without: tuple[str, ...] = ()) -> str:
    """The example ``part`` put into :data:`BASE`: its keys replace BASE's, ``without`` keys are left out."""
    replaced = set(_TOP_LEVEL_KEY.findall(part)) | set(without)
    kept = [block for key, block in _blocks(BASE) if key not in replaced]
    return "".join(kept) + part


def _blocks(text: str) -> list[tuple[str, str]]:
    """The top-level blocks of a config written one key per block, as (key, text)."""
    starts = [match.start() for match in _TOP_LEVEL_KEY.finditer(text)] + [len(text)]
    return [(text[start : text.index(":", start)], text[start:end]) for start, end in itertools.pairwise(starts)]


def _container(extra: str = "", name: str = "unit", source: str = "src") -> str:
    """A container test as a ``tests`` part, with ``extra`` keys."""
    return f"tests:\n- as: {name}\n  commands: make test\n  container:\n    from: {source}\n" + _indent(extra, 2)


def _steps(step: str = "", *, test: str = "", steps: str = "", name: str = "e2e", stage: str = "test") -> str:
    """A multi-stage test with one literal step ``run`` (from ``src`` unless ``step`` says otherwise)."""
    if "from:" not in step and "from_image:" not in step:
        step = "from: src\n" + step
    return (
        f"tests:\n- as: {name}\n"
        + _indent(test, 2)
        + "  steps:\n"
        + _indent(steps, 4)
        + f"    {stage}:\n    - as: run\n      commands: make e2e\n      resources:\n        requests:\n"
        + "          cpu: 100m\n"
        + _indent(step, 6)
    )


def _indent(text: str, spaces: int) -> str:
    return "".join(" " * spaces + line + "\n" for line in text.splitlines())


_CLAIM = "cluster_claim:\n  cloud: aws\n  owner: openshift-ci\n  version: '4.17'\n"


def _promotion(target: str) -> str:
    return "promotion:\n  to:\n" + target


EXAMPLES: dict[str, Example] = {
    "LD-1": Example(
        invalid="tests:\n- as: unit\n  commands: [make test\n  container:\n    from: src\n",
        fixed="tests:\n- as: unit\n  commands: make test\n  container:\n    from: src\n",
    ),
    "LD-2": Example(invalid="promotion:\n  to: acme\n", fixed=_promotion("  - namespace: acme\n    tag: latest\n")),
    "LD-3": Example(
        invalid=_promotion("  - namespace: acme\n    name: 4.10\n"),
        fixed=_promotion("  - namespace: acme\n    name: '4.10'\n"),
    ),
    "LD-4": Example(
        invalid=_promotion("  - namespace: acme\n    tag: latest\n    tag: stable\n"),
        fixed=_promotion("  - namespace: acme\n    tag: stable\n"),
    ),
    "LD-5": Example(
        invalid=_promotion("  - namespace: acme\n    tag: latest\n") + "---\n" + _promotion("  - namespace: acme\n"),
        fixed=_promotion("  - namespace: acme\n    tag: latest\n"),
    ),
    "LD-6": Example(
        invalid=_promotion("  - namespce: acme\n    tag: latest\n"),
        fixed=_promotion("  - namespace: acme\n    tag: latest\n"),
    ),
    "LD-7": Example(
        invalid=_promotion("  - Namespace: acme\n    tag: latest\n"),
        fixed=_promotion("  - namespace: acme\n    tag: latest\n"),
    ),
    "LEG-1": Example(
        invalid="images:\n- from: base\n  to: app\n",
        fixed="images:\n  items:\n  - from: base\n    to: app\n",
    ),
    "LEG-2": Example(
        invalid="promotion:\n  namespace: acme\n  tag: latest\n",
        fixed=_promotion("  - namespace: acme\n    tag: latest\n"),
    ),
    "LEG-3": Example(
        invalid="build_images_if_affected: true\nimages:\n  items:\n  - from: base\n    to: app\n",
        fixed="images:\n  build_if_affected: true\n  items:\n  - from: base\n    to: app\n",
    ),
    "LEG-4": Example(
        invalid="tests:\n- as: e2e\n  commands: make e2e\n  openshift_installer:\n    cluster_profile: aws\n",
        fixed="tests:\n- as: e2e\n  commands: make e2e\n  container:\n    from: src\n",
    ),
    "SC-1": Example(
        invalid="build_root:\n  image_stream_tag:\n    namespace: openshift\n    name: release\n",
        fixed="build_root:\n  image_stream_tag:\n    namespace: openshift\n    name: release\n    tag: golang-1.22\n",
    ),
    "SC-2": Example(
        invalid="tests:\n- as: unit\n  commands: make test\n  container:\n    from: src\n  node_architecture: arm\n",
        fixed="tests:\n- as: unit\n  commands: make test\n  container:\n    from: src\n  node_architecture: arm64\n",
    ),
    "SC-3": Example(
        invalid="releases:\n  custom.4:\n    release:\n      channel: stable\n      version: '4.17'\n",
        fixed="releases:\n  custom-4:\n    release:\n      channel: stable\n      version: '4.17'\n",
    ),
    "SC-4": Example(
        invalid="images:\n  items:\n  - dockerfile_literal: FROM base\n    dockerfile_path: Dockerfile\n    to: app\n",
        fixed="images:\n  items:\n  - dockerfile_literal: FROM base\n    to: app\n",
    ),
    "SC-5": Example(
        invalid="tests:\n- as: unit\n  commands: make test\n  container:\n    from: src\n  max_concurrency: -1\n",
        fixed="tests:\n- as: unit\n  commands: make test\n  container:\n    from: src\n  max_concurrency: 1\n",
    ),
    "BR-6": Example(
        invalid="images:\n  items:\n  - from: base\n    to: app\n",
        fixed="build_root:\n  from_repository: true\nimages:\n  items:\n  - from: base\n    to: app\n",
        without=("build_root",),
    ),
    "BI-4": Example(
        invalid="base_images:\n  base:\n    tag: base\n",
        fixed='base_images:\n  base:\n    namespace: ocp\n    name: "4.17"\n    tag: base\n',
    ),
    "BI-5": Example(
        invalid="base_images:\n  base:\n    namespace: ocp\n    tag: base\n",
        fixed='base_images:\n  base:\n    namespace: ocp\n    name: "4.17"\n    tag: base\n',
    ),
    "RN-1": Example(
        invalid='base_images:\n  ci-index:\n    namespace: ocp\n    name: "4.17"\n    tag: base\n'
        "images:\n  items:\n  - from: ci-index\n    to: app\n",
        fixed='base_images:\n  index-base:\n    namespace: ocp\n    name: "4.17"\n    tag: base\n'
        "images:\n  items:\n  - from: index-base\n    to: app\n",
    ),
    "EX-4": Example(
        invalid="external_images:\n  base:\n    registry: quay.io\n    namespace: acme\n    name: tool\n"
        "    tag: latest\n",
        fixed="external_images:\n  tool:\n    registry: quay.io\n    namespace: acme\n    name: tool\n"
        "    tag: latest\n",
    ),
    "PI-1": Example(
        invalid="images:\n  items:\n  - from: base\n    to: app\n  - from: base\n    to: app\n",
        fixed="images:\n  items:\n  - from: base\n    to: app\n  - from: base\n    to: app-debug\n",
    ),
    "PI-2": Example(
        invalid="images:\n  items:\n  - from: base\n    to: src\n",
        fixed="images:\n  items:\n  - from: base\n    to: app\n",
    ),
    "PI-3": Example(
        invalid="external_images:\n  app:\n    registry: quay.io\n    namespace: acme\n    name: app\n"
        "    tag: latest\n",
        fixed="external_images:\n  upstream-app:\n    registry: quay.io\n    namespace: acme\n    name: app\n"
        "    tag: latest\n",
    ),
    "IM-9": Example(
        invalid="images:\n  items:\n  - additional_architectures:\n    - arm64\n    from: base\n    to: app\n",
        fixed="images:\n  items:\n  - capabilities:\n    - arm64\n    from: base\n    to: app\n",
    ),
    "IM-10": Example(
        invalid="images:\n  items:\n  - from: bsae\n    to: app\n",
        fixed="images:\n  items:\n  - from: base\n    to: app\n",
    ),
    "IM-11": Example(
        invalid="images:\n  items:\n  - from: tools\n    to: app\n  - from: app\n    to: tools\n",
        fixed="images:\n  items:\n  - from: tools\n    to: app\n  - from: base\n    to: tools\n",
    ),
    "IM-13": Example(
        invalid="images:\n  items:\n  - from: base\n    inputs:\n      base:\n        as:\n        - builder\n"
        "      src:\n        as:\n        - builder\n    to: app\n",
        fixed="images:\n  items:\n  - from: base\n    inputs:\n      base:\n        as:\n        - builder\n"
        "      src:\n        as:\n        - source\n    to: app\n",
    ),
    "IM-15": Example(
        invalid="images:\n  items:\n  - from: base\n    inputs:\n      base:\n        as:\n"
        "        - registry.svc.ci.openshift.org/ocp/4.17:base\n    to: app\n",
        fixed="images:\n  items:\n  - from: base\n    inputs:\n      base:\n        as:\n"
        "        - registry.ci.openshift.org/ocp/4.17:base\n    to: app\n",
    ),
    "GR-10": Example(
        invalid="images:\n  items:\n  - from: base\n    inputs:\n      bin:\n        paths:\n"
        "        - destination_dir: .\n          source_path: /go/bin/app\n    to: app\n",
        fixed="binary_build_commands: make build\nimages:\n  items:\n  - from: base\n    inputs:\n      bin:\n"
        "        paths:\n        - destination_dir: .\n          source_path: /go/bin/app\n    to: app\n",
    ),
    "GR-11": Example(
        invalid="images:\n  items:\n  - from: base\n    inputs:\n      src: {}\n    to: app\n",
        fixed="images:\n  items:\n  - from: base\n    inputs:\n      src:\n        paths:\n"
        "        - destination_dir: .\n          source_path: /go/src/app/config\n    to: app\n",
    ),
    "PR-1": Example(
        invalid=_promotion("  - tag: latest\n"), fixed=_promotion("  - namespace: acme\n    tag: latest\n")
    ),
    "PR-2": Example(
        invalid=_promotion("  - namespace: openshift-acme\n    tag: latest\n"),
        fixed=_promotion("  - namespace: acme\n    tag: latest\n"),
    ),
    "PR-3": Example(
        invalid=_promotion("  - namespace: acme\n"), fixed=_promotion("  - namespace: acme\n    tag: latest\n")
    ),
    "PR-4": Example(
        invalid=_promotion("  - namespace: acme\n    name: tools\n    tag: latest\n"),
        fixed=_promotion("  - namespace: acme\n    name: tools\n"),
    ),
    "PR-5": Example(
        invalid=_promotion("  - namespace: acme\n    tag: latest\n  - namespace: acme\n    tag: latest\n"),
        fixed=_promotion("  - namespace: acme\n    tag: latest\n  - namespace: acme\n    tag: stable\n"),
    ),
    "PR-6": Example(
        invalid=_promotion('  - namespace: ocp\n    name: "4.17"\n'),
        fixed=_promotion('  - namespace: ocp\n    name: "4.17"\n')
        + 'releases:\n  latest:\n    integration:\n      namespace: ocp\n      name: "4.17"\n',
    ),
    "PR-7": Example(
        invalid="images:\n  items:\n  - from: base\n    to: app\n  - from: base\n    to: app-debug\n"
        + _promotion("  - namespace: acme\n    tag: latest\n    excluded_images:\n    - app-debg\n"),
        fixed="images:\n  items:\n  - from: base\n    to: app\n  - from: base\n    to: app-debug\n"
        + _promotion("  - namespace: acme\n    tag: latest\n    excluded_images:\n    - app-debug\n"),
    ),
    "PR-8": Example(
        invalid=_promotion("  - namespace: acme\n    name: tools\n    tag_by_commit: true\n"),
        fixed=_promotion("  - namespace: acme\n    tag: latest\n    tag_by_commit: true\n"),
    ),
    "PR-9": Example(
        invalid=_promotion("  - namespace: acme\n    tag: latest\n") + "  registry_override: registry.example.com\n",
        fixed=_promotion("  - namespace: acme\n    tag: latest\n"),
    ),
    "PR-10": Example(
        invalid=_promotion(f"  - namespace: acme\n    tag: {'release-' + 'x' * 112}\n"),
        fixed=_promotion("  - namespace: acme\n    tag: release-x\n"),
    ),
    "RS-3": Example(
        invalid="resources:\n  '*':\n    requests:\n      cpu: 100m\n  unit:\n    requests: {}\n",
        fixed="resources:\n  '*':\n    requests:\n      cpu: 100m\n  unit:\n    requests:\n      memory: 1Gi\n",
    ),
    "RS-4": Example(
        invalid="resources:\n  '*':\n    requests:\n      cpu: 100m\n      gpu: 1\n",
        fixed="resources:\n  '*':\n    requests:\n      cpu: 100m\n      nvidia.com/gpu: 1\n",
    ),
    "RS-6": Example(
        invalid="resources:\n  '*':\n    requests:\n      cpu: \"0\"\n",
        fixed="resources:\n  '*':\n    requests:\n      cpu: 10m\n",
    ),
    "RS-7": Example(
        invalid="resources:\n  '*':\n    requests:\n      cpu: 100m\n      ci-operator.openshift.io/shm: 4Gi\n",
        fixed="resources:\n  '*':\n    requests:\n      cpu: 100m\n      ci-operator.openshift.io/shm: 2G\n",
    ),
    "RS-8": Example(
        invalid="resources:\n  '*':\n    requests:\n      cpu: 100m\n      devices.kubevirt.io/kvm: 2\n",
        fixed="resources:\n  '*':\n    requests:\n      cpu: 100m\n      devices.kubevirt.io/kvm: 1\n",
    ),
    "OP-7": Example(
        invalid="operator:\n  bundles:\n  - dockerfile_path: bundle.Dockerfile\n  substitutions:\n"
        "  - pullspec: quay.io/acme/app:latest\n    with: acme:app\n",
        fixed="operator:\n  bundles:\n  - dockerfile_path: bundle.Dockerfile\n  substitutions:\n"
        "  - pullspec: quay.io/acme/app:latest\n    with: pipeline:app\n",
    ),
    "RL-5": Example(
        invalid='releases:\n  latest:\n    integration:\n      namespace: ocp\n      name: "4.17"\n'
        '  custom:\n    integration:\n      namespace: ocp\n      name: "4.18"\n      include_built_images: true\n',
        fixed='releases:\n  latest:\n    integration:\n      namespace: ocp\n      name: "4.17"\n'
        "      include_built_images: true\n",
    ),
    "RL-10": Example(
        invalid='tag_specification:\n  namespace: ocp\n  name: "4.17"\n  reference_policy: local\n',
        fixed='tag_specification:\n  namespace: ocp\n  name: "4.17"\n  reference_policy: Local\n',
    ),
    "RL-11": Example(
        invalid='tag_specification:\n  namespace: ocp\n  name: "4.17"\n  include_built_images: true\n',
        fixed='tag_specification:\n  namespace: ocp\n  name: "4.17"\n',
    ),
    "TN-4": Example(
        invalid="tests:\n- as: app\n  commands: make test\n  container:\n    from: src\n",
        fixed="tests:\n- as: unit\n  commands: make test\n  container:\n    from: src\n",
    ),
    "FN-4": Example(
        invalid="zz_generated_metadata:\n  branch: master\n  org: acme\n  repo: app\n",
        fixed="zz_generated_metadata:\n  branch: main\n  org: acme\n  repo: app\n",
    ),
    "TL-1": Example(
        invalid="resources:\n  '*':\n    requests:\n      cpu: 100m\n",
        fixed="tests:\n- as: unit\n  commands: make test\n  container:\n    from: src\n",
        without=("images", "promotion", "tests"),
    ),
    "TL-2": Example(
        invalid="apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\n",
        fixed="tests:\n- as: unit\n  commands: make test\n  container:\n    from: src\n",
        without=("base_images", "images", "promotion", "tests"),
    ),
    "SUP-1": Example(
        invalid=_promotion("  - namespace: acme  # promoted-images: ignore[PR-2] grandfathered\n    tag: latest\n"),
        fixed=_promotion("  - namespace: acme\n    tag: latest\n"),
    ),
    "TN-2": Example(
        invalid=_steps(test=_CLAIM, name="e2e-aws-upgrade-from-previous-minor-release"),
        fixed=_steps(test=_CLAIM, name="e2e-aws-upgrade"),
    ),
    "TN-7": Example(invalid=_steps(name="e2e-4.17"), fixed=_steps(name="e2e-4-17")),
    "TN-8": Example(
        invalid=_container() + _container().removeprefix("tests:\n"),
        fixed=_container() + _container(name="lint").removeprefix("tests:\n"),
    ),
    "TJ-1": Example(invalid=_container("postsubmit: true\noptional: true"), fixed=_container("postsubmit: true")),
    "TJ-2": Example(invalid=_container("cron: every day"), fixed=_container("cron: 0 6 * * *")),
    "TJ-3": Example(
        invalid=_container("cron: 0 6 * * *\nrun_if_changed: ^docs/"),
        fixed=_container("cron: 0 6 * * *\nrun_if_changed: ^docs/\npresubmit: true"),
    ),
    "TJ-4": Example(invalid=_container("presubmit: true"), fixed=_container("cron: 0 6 * * *\npresubmit: true")),
    "TJ-5": Example(invalid=_container("timeout: 96h"), fixed=_container("timeout: 48h")),
    "TJ-6": Example(
        invalid=_container("cron: 0 6 * * *\nreporter_config:\n  channel: '#ci'\n  report_presubmit: true"),
        fixed=_container(
            "cron: 0 6 * * *\npresubmit: true\nreporter_config:\n  channel: '#ci'\n  report_presubmit: true"
        ),
    ),
    "CL-1": Example(invalid=_steps(test=_CLAIM, steps="cluster_profile: aws"), fixed=_steps(test=_CLAIM)),
    "CL-2": Example(invalid=_container(_CLAIM, name="e2e"), fixed=_steps(test=_CLAIM)),
    "CR-1": Example(
        invalid=_steps("credentials:\n- name: creds\n  mount_path: /var/run/creds"),
        fixed=_steps("credentials:\n- name: creds\n  namespace: test-credentials\n  mount_path: /var/run/creds"),
    ),
    "CR-2": Example(
        invalid=_steps(
            "credentials:\n- bundle: one\n  mount_path: /var/run/creds\n- bundle: two\n  mount_path: /var/run/creds"
        ),
        fixed=_steps(
            "credentials:\n- bundle: one\n  mount_path: /var/run/one\n- bundle: two\n  mount_path: /var/run/two"
        ),
    ),
    "CR-3": Example(
        invalid=_steps(
            "credentials:\n- bundle: one\n  mount_path: /var/run/one\n- bundle: one\n  mount_path: /var/run/two"
        ),
        fixed=_steps(
            "credentials:\n- bundle: one\n  mount_path: /var/run/one\n- bundle: two\n  mount_path: /var/run/two"
        ),
    ),
    "CR-4": Example(
        invalid=_steps("credentials:\n- collection: Team_Secrets\n  group: aws\n  mount_path: /var/run/aws"),
        fixed=_steps("credentials:\n- collection: team-secrets\n  group: aws\n  mount_path: /var/run/aws"),
    ),
    "CR-5": Example(invalid=_steps(test="secrets:\n- name: creds"), fixed=_container("secrets:\n- name: creds")),
    "TS-10": Example(invalid=_steps("from: quay.io/acme/tools:latest"), fixed=_steps("from: src")),
    "TS-11": Example(invalid=_steps("from: stable-previous:cli"), fixed=_steps("from: stable:cli")),
    "TS-12": Example(
        invalid=_steps().replace("    test:\n", "    pre:\n    - ref: run\n    test:\n"),
        fixed=_steps().replace("    test:\n", "    pre:\n    - ref: install\n    test:\n"),
    ),
    "TS-13": Example(
        invalid=_steps().replace("make e2e", "trap 'rm -rf /tmp/work' EXIT; make e2e"),
        fixed=_steps("grace_period: 1m").replace("make e2e", "trap 'rm -rf /tmp/work' EXIT; make e2e"),
    ),
    "TS-14": Example(
        invalid=_steps("best_effort: true", stage="post"), fixed=_steps("best_effort: true\ntimeout: 30m", stage="post")
    ),
    "TS-15": Example(
        invalid=_steps("optional_on_success: true"), fixed=_steps("optional_on_success: true", stage="post")
    ),
    "TS-16": Example(
        invalid=_steps("env:\n- name: MODE\n- name: SUITE", steps="env:\n  MODE: fast"),
        fixed=_steps("env:\n- name: MODE\n- name: SUITE\n  default: all", steps="env:\n  MODE: fast"),
    ),
    "TS-17": Example(
        invalid=_steps(
            "leases:\n- resource_type: aws-quota-slice\n  env: LEASED",
            steps="leases:\n- resource_type: aws-quota-slice\n  env: LEASED",
        ),
        fixed=_steps(
            "leases:\n- resource_type: aws-quota-slice\n  env: SECOND",
            steps="leases:\n- resource_type: aws-quota-slice\n  env: LEASED",
        ),
    ),
    "DP-1": Example(
        invalid=_steps("dependencies:\n- name: src\n  env: IMAGE\n- name: app\n  env: IMAGE"),
        fixed=_steps("dependencies:\n- name: src\n  env: SOURCE_IMAGE\n- name: app\n  env: APP_IMAGE"),
    ),
    "DP-2": Example(
        invalid=_steps("dependencies:\n- name: pipeline:bin\n  env: BINARIES"),
        fixed=_steps("dependencies:\n- name: pipeline:src\n  env: SOURCE"),
    ),
    "GR-1": Example(
        invalid="binary_build_commands: make build\n" + _container(name="bin"),
        fixed="binary_build_commands: make build\n" + _container(),
    ),
    "GR-2": Example(invalid=_container(source="bin"), fixed=_container()),
    "GR-3": Example(
        invalid=_steps("from: bin").replace("  steps:\n", "  literal_steps:\n"),
        fixed=_steps("from: src").replace("  steps:\n", "  literal_steps:\n"),
    ),
    "GR-4": Example(invalid=_container(name="src"), fixed=_container()),
    "GR-6": Example(invalid=_container("postsubmit: true\nshard_count: 2"), fixed=_container("shard_count: 2")),
    "TL-5": Example(
        invalid="canonical_go_repository: github.com/acme/app\n",
        fixed="canonical_go_repository: k8s.io/app\n",
    ),
    "TS-18": Example(invalid=_steps("leases:\n- resource_type: ''\n  env: LEASED"), fixed=_steps()),
}
