"""Every rule the tool reports, documented in one place.

``promoted-images rules`` lists this table and ``docs/rules.md`` is generated from it. Rule ids follow the spec's
families: LD loader, LEG legacy forms, SC schema, BR build root, BI/RN/EX base and external images, PI pipeline
tags, IM images, GR the step graph, PR promotion, RS resources, OP operator bundles, RL releases, TN test names, TJ
test jobs, CL clusters, CR secrets and credentials, TS multi-stage steps as written, DP step dependencies, FN file
names, XC cross-config, IO files, SUP suppressions, SR step registry files, MS multi-stage tests resolved against the
registry.
"""

from __future__ import annotations

import typing
from typing import Literal

from promoter.findings import Severity
from promoter.lazydataclass import dataclass

Verdict = Literal["rejected at load", "rejected by validation", "fails at run time", "accepted (opinion)", "promoter"]
VERDICTS: tuple[Verdict, ...] = typing.get_args(Verdict)


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """A rule: its id, a short name, its severity, what ci-operator does with such a config, and what it means.

    ``verdict`` is ci-operator's: it fails to load the file (``rejected at load``), its validation as
    ci-operator-checkconfig runs it or openshift/release's determinize check rejects it (``rejected by
    validation``), every job certainly fails (``fails at run time``), or it accepts the config and the rule is our
    opinion (``accepted (opinion)``, never an error); ``promoter`` marks the tool's own checks. ``enforced_by``
    names the ci-tools function or command that enforces it, empty when nothing does.
    """

    id: str
    name: str
    severity: Severity
    verdict: Verdict
    enforced_by: str
    summary: str
    detail: str = ""


E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
# Why a broken input or build is only a warning: ci-operator accepts the config, and each job runs only the part of
# the step graph its target needs (api.BuildPartialGraph), so only the jobs that need it fail.
_ONLY_USERS_FAIL = (
    "ci-operator accepts the config. The {what} fails, but each job runs only the steps its target needs"
    " (`api.BuildPartialGraph`), so only the jobs {users} fail at run time; the others run."
)

RULES: tuple[Rule, ...] = (
    Rule(
        id="IO-1",
        name="unreadable-file",
        severity=E,
        verdict="promoter",
        enforced_by="",
        summary="A path cannot be read: missing, a directory without configs, not UTF-8, or not permitted.",
    ),
    Rule(
        id="LD-1",
        name="yaml-syntax",
        severity=E,
        verdict="rejected at load",
        enforced_by="yaml.Unmarshal (ghodss/yaml)",
        summary="The file is not valid YAML, holds NUL bytes, uses a tag ci-operator cannot load, or is too large.",
        detail="ci-operator fails to load the file, and with it every job of the branch.",
    ),
    Rule(
        id="LD-2",
        name="wrong-type",
        severity=E,
        verdict="rejected at load",
        enforced_by="yaml.Unmarshal (ghodss/yaml)",
        summary="A value has the wrong type (a string where a list is expected, a list where a mapping is).",
        detail="Go's decoder refuses the whole file: `cannot unmarshal ... into Go struct field`. This includes an"
        " unquoted number or boolean in a string field that Go declares in an inlined struct, where ci-operator's YAML"
        " loader cannot turn it into a string: everything under `base_images`, `base_rpm_images`, `build_root`,"
        " `external_images`, `tag_specification` and `releases`; `context_dir`, `dockerfile_path`, `inputs` and"
        " `build_args` of `images.items`; the fields of a step written out under `tests[].steps` (`as`, `env`"
        " defaults, `from_image`, ...). promoter/goload.py holds the table of these structs.",
    ),
    Rule(
        id="LD-3",
        name="unquoted-scalar",
        severity=E,
        verdict="rejected by validation",
        enforced_by="determinize-ci-operator",
        summary="An unquoted number or boolean in a string field; an error when ci-operator changes its text.",
        detail="ci-operator turns YAML numbers into strings with Go's float32 formatting, and determinize-ci-operator"
        " writes back what it read: `name: 4.10` becomes the stream `4.1`, `tag: yes` becomes `true`. Where the text"
        " survives (`4.17`) it is a warning: ci-operator accepts this. Quote the value. Mapping keys are converted the"
        " same way everywhere (`4.10:` is the key `4.1`); such a key is reported when its text changes.",
    ),
    Rule(
        id="LD-4",
        name="duplicate-key",
        severity=E,
        verdict="rejected by validation",
        enforced_by="determinize-ci-operator",
        summary="A mapping repeats a key; ci-operator silently keeps the last value.",
        detail="determinize-ci-operator rewrites the file without the earlier values, so the check fails.",
    ),
    Rule(
        id="LD-5",
        name="several-documents",
        severity=E,
        verdict="rejected by validation",
        enforced_by="determinize-ci-operator",
        summary="The file holds more than one YAML document; a config is exactly one.",
        detail="ci-operator reads only the first document and silently ignores the rest; determinize-ci-operator"
        " rewrites the file without them.",
    ),
    Rule(
        id="LD-6",
        name="unknown-field",
        severity=E,
        verdict="rejected by validation",
        enforced_by="determinize-ci-operator",
        summary="A key that ci-operator does not know; it is silently ignored, so a typo changes nothing.",
        detail="The message suggests the field that was probably meant. determinize-ci-operator deletes such keys.",
    ),
    Rule(
        id="LD-7",
        name="key-case",
        severity=E,
        verdict="rejected by validation",
        enforced_by="determinize-ci-operator",
        summary="A key spelled with different case than its field (`Namespace`); Go accepts it, determinize rewrites"
        " it.",
    ),
    Rule(
        id="LD-8",
        name="document-limit",
        severity=E,
        verdict="promoter",
        enforced_by="",
        summary="The document expands beyond the node or nesting limit (an alias bomb or absurd nesting).",
    ),
    Rule(
        id="LEG-1",
        name="legacy-images-list",
        severity=E,
        verdict="rejected at load",
        enforced_by="yaml.Unmarshal (ghodss/yaml)",
        summary="`images` is a plain list, which ci-operator stopped loading on 2026-04-02; use `images.items`.",
        detail="The file does not load, so nothing of it is promoted, not even the build cache; `show` lists what it"
        " meant apart, marked as not promoted by current ci-operator.",
    ),
    Rule(
        id="LEG-2",
        name="legacy-promotion-target",
        severity=E,
        verdict="rejected by validation",
        enforced_by="determinize-ci-operator",
        summary="Single-target keys directly under `promotion`, ignored since 2024-02-08; use `promotion.to`.",
        detail="Nothing of the legacy target is promoted (the stanza still promotes the build cache); `show` lists what"
        " it meant apart, marked as not promoted by current ci-operator.",
    ),
    Rule(
        id="LEG-3",
        name="legacy-build-if-affected",
        severity=E,
        verdict="rejected by validation",
        enforced_by="determinize-ci-operator",
        summary="Top-level `build_images_if_affected`, ignored since 2026-03-12; use `images.build_if_affected`.",
    ),
    Rule(
        id="LEG-4",
        name="removed-field",
        severity=E,
        verdict="rejected by validation",
        enforced_by="determinize-ci-operator",
        summary="A field ci-operator used to read and removed: `cluster:` URLs, template tests, `artifact_dir`.",
    ),
    Rule(
        id="SC-1",
        name="missing-field",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.IsValidConfiguration",
        summary="A required field is missing.",
    ),
    Rule(
        id="SC-2",
        name="value-not-allowed",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.IsValidConfiguration",
        summary="A value is not one of the allowed values (an architecture, a channel, a product, ...).",
    ),
    Rule(
        id="SC-3",
        name="invalid-name",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.IsValidConfiguration",
        summary="A value does not have the required shape (a namespace, an image name, a test name, a duration).",
        detail="Some shapes are not checked by ci-operator's validation; the schema marks them with `x-verdict`, and"
        " `x-run-time` says which jobs fail. The integration stream of `tag_specification` or of a release, which"
        " every job looks up before it runs anything (`integratedStreams` in cmd/ci-operator), is an error when its"
        " name or namespace cannot exist: every job fails at run time. An image stream namespace, name or tag, an"
        " image's `to`, a base image alias or a release name (other than a dot) that cannot exist is a warning: ci-"
        "operator accepts the config, and only the jobs that use that image or release fail at run time. A promotion"
        " target's `name` or `tag` that is no valid image stream name is a warning too.",
    ),
    Rule(
        id="SC-4",
        name="conflicting-fields",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.IsValidConfiguration",
        summary="Fields that exclude each other are set together, or a field that must not be set in a file is.",
        detail="For example `build_root.image_stream_tag` with `project_image`, `dockerfile_literal` with"
        " `dockerfile_path`, `tag_specification` with `releases.latest`, or `build_roots`.",
    ),
    Rule(
        id="SC-5",
        name="size-limit",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.IsValidConfiguration",
        summary="A list, mapping, string or number is outside its allowed size.",
    ),
    Rule(
        id="SC-6",
        name="schema",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.IsValidConfiguration",
        summary="Another schema constraint is violated.",
    ),
    Rule(
        id="BR-6",
        name="missing-build-root",
        severity=E,
        verdict="fails at run time",
        enforced_by="api.StepGraph.TopologicalSort",
        summary="No `build_root`, but images, build commands or container tests need the repository's source.",
        detail="Nothing clones the repository, so a job whose target needs `src` fails at run time when its step"
        " graph is sorted (`api.StepGraph.TopologicalSort`); each job runs only the steps its target needs"
        " (`api.BuildPartialGraph`). An error where every job needs the source (the config builds images and every"
        " test is a container test run from the source or a built image); otherwise a warning, since the other jobs"
        " run. checkconfig no longer reports this (the check has been unreachable since Nov 2023).",
    ),
    Rule(
        id="BI-4",
        name="base-image-needs-release",
        severity=W,
        verdict="accepted (opinion)",
        enforced_by="",
        summary="A base image gives only a tag, which ci-operator completes from `tag_specification`; there is none.",
        detail=_ONLY_USERS_FAIL.format(what="import (`steps.inputImageTagStep.run`)", users="that use the image"),
    ),
    Rule(
        id="BI-5",
        name="half-specified-base-image",
        severity=W,
        verdict="accepted (opinion)",
        enforced_by="",
        summary="A base image gives a namespace without a name or a name without a namespace; the import fails.",
        detail=_ONLY_USERS_FAIL.format(what="import (`steps.inputImageTagStep.run`)", users="that use the image"),
    ),
    Rule(
        id="RN-1",
        name="reserved-alias",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.validateImageStreamTagReferenceMap",
        summary="A base, RPM base or external image alias uses a reserved name (`root`, `src-bundle`, `ci-bundle*`,"
        " `ci-index*`).",
    ),
    Rule(
        id="EX-4",
        name="external-alias-clash",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.validateBaseAndExternalCollision",
        summary="An `external_images` alias is also a `base_images` alias.",
    ),
    Rule(
        id="PI-1",
        name="duplicate-pipeline-tag",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.configContext.addPipelineImage",
        summary="Two fields produce the same pipeline image (an image named like a base image, `bin`, `root`, ...).",
    ),
    Rule(
        id="PI-2",
        name="image-named-src",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.IsValidGraphConfiguration",
        summary="An image or base image is named `src`, which the clone step produces.",
        detail="An image built as `src` duplicates the clone step's target, which ci-operator's graph validation"
        " rejects; a base image imported as `src` is accepted by ci-operator and silently replaces the source code"
        " (a warning).",
    ),
    Rule(
        id="PI-3",
        name="external-alias-shadows",
        severity=W,
        verdict="accepted (opinion)",
        enforced_by="",
        summary="An `external_images` alias equals an image or RPM base image name; ci-operator accepts this, and"
        " one of the two silently replaces the other.",
    ),
    Rule(
        id="IM-9",
        name="deprecated-architecture-field",
        severity=W,
        verdict="accepted (opinion)",
        enforced_by="",
        summary="`multi_arch` or `additional_architectures` is deprecated; use `capabilities`.",
    ),
    Rule(
        id="IM-10",
        name="unknown-from",
        severity=W,
        verdict="accepted (opinion)",
        enforced_by="",
        summary="An image's `from` names no pipeline image; the jobs that build it fail with missing dependencies.",
        detail=_ONLY_USERS_FAIL.format(what="build (`api.StepGraph.TopologicalSort`)", users="that build the image"),
    ),
    Rule(
        id="IM-11",
        name="image-cycle",
        severity=W,
        verdict="accepted (opinion)",
        enforced_by="",
        summary="Images depend on each other in a cycle through `from` and `inputs`.",
        detail=_ONLY_USERS_FAIL.format(what="build (`api.StepGraph.TopologicalSort`)", users="that build the images"),
    ),
    Rule(
        id="IM-13",
        name="ambiguous-input-as",
        severity=W,
        verdict="accepted (opinion)",
        enforced_by="",
        summary="The same `as` entry is listed under two inputs of one image; ci-operator accepts this, but the"
        " substitution is ambiguous.",
    ),
    Rule(
        id="IM-15",
        name="legacy-registry-host",
        severity=W,
        verdict="accepted (opinion)",
        enforced_by="",
        summary="A pull spec on the retired api.ci registry `registry.svc.ci.openshift.org`; use"
        " `registry.ci.openshift.org`.",
    ),
    Rule(
        id="GR-1",
        name="test-named-like-target",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.IsValidGraphConfiguration",
        summary="A test has the name of a target of the step graph (`bin`, `test-bin`, `rpms`, `root` of a"
        " `project_image` build root, an RPM base image, `src-bundle`, a bundle).",
        detail="ci-operator-checkconfig rejects it for container and literal tests; a `steps` test is rejected when a"
        " job starts.",
    ),
    Rule(
        id="GR-2",
        name="unknown-container-from",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.IsValidGraphConfiguration",
        summary="A container test's `from` names no pipeline image (`bin`, `test-bin`, `rpms` or `root` without what"
        " builds them, or an unknown name).",
    ),
    Rule(
        id="GR-3",
        name="unknown-step-from",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.IsValidGraphConfiguration",
        summary="A literal step's `from` is `root`, `bin`, `test-bin` or `rpms`, but the config does not build it.",
    ),
    Rule(
        id="GR-4",
        name="test-named-src",
        severity=W,
        verdict="accepted (opinion)",
        enforced_by="",
        summary="A test named `src`: ci-operator accepts it, but its jobs run the clone target `src` instead of the"
        " test.",
    ),
    Rule(
        id="GR-6",
        name="shard-count-on-postsubmit",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.IsValidGraphConfiguration",
        summary="`shard_count` on a postsubmit test.",
    ),
    Rule(
        id="GR-10",
        name="unknown-input",
        severity=W,
        verdict="accepted (opinion)",
        enforced_by="",
        summary="An image's `inputs` key names no pipeline image; the jobs that build it fail at run time.",
        detail=_ONLY_USERS_FAIL.format(what="build (`api.StepGraph.TopologicalSort`)", users="that build the image"),
    ),
    Rule(
        id="GR-11",
        name="empty-input",
        severity=W,
        verdict="accepted (opinion)",
        enforced_by="",
        summary="An image input has neither `as` nor `paths`: the build waits for it but uses nothing of it.",
    ),
    Rule(
        id="PR-1",
        name="target-without-namespace",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.validatePromotionConfiguration",
        summary="A promotion target has no namespace.",
    ),
    Rule(
        id="PR-2",
        name="forbidden-namespace",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.validatePromotionConfiguration",
        summary="A promotion target's namespace starts with `kube`, `openshift` (other than `openshift` itself),"
        " `redhat`, or is `default`.",
    ),
    Rule(
        id="PR-3",
        name="target-without-name-or-tag",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.validatePromotionConfiguration",
        summary="A promotion target has neither `name` nor `tag`.",
    ),
    Rule(
        id="PR-4",
        name="target-with-name-and-tag",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.validatePromotionConfiguration",
        summary="A promotion target has both `name` and `tag`.",
    ),
    Rule(
        id="PR-5",
        name="same-target-twice",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.validatePromotionConfiguration",
        summary="Two promotion targets have the same namespace, name and tag.",
    ),
    Rule(
        id="PR-6",
        name="official-promotion-without-release",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.validatePromotionConfiguration",
        summary="A config promotes to `ocp` or `origin` without importing the release (`tag_specification` or"
        " `releases.latest`).",
    ),
    Rule(
        id="PR-7",
        name="names-nothing",
        severity=W,
        verdict="accepted (opinion)",
        enforced_by="",
        summary="An `excluded_images` entry or `additional_images` source names no image of the config.",
        detail="ci-operator silently skips it, so the exclusion or the extra image has no effect.",
    ),
    Rule(
        id="PR-8",
        name="commit-tags-of-name-target",
        severity=INFO,
        verdict="accepted (opinion)",
        enforced_by="",
        summary="`tag_by_commit` on a `name` target pushes commit tags to per-image streams, not to the stream.",
    ),
    Rule(
        id="PR-9",
        name="registry-override",
        severity=E,
        verdict="rejected by validation",
        enforced_by="ci-operator-checkconfig options.validateConfiguration",
        summary="`promotion.registry_override` is not allowed in openshift/release.",
    ),
    Rule(
        id="PR-10",
        name="quay-tag-too-long",
        severity=W,
        verdict="accepted (opinion)",
        enforced_by="",
        summary="A promoted tag's quay.io/openshift/ci tag `namespace_stream_tag` is longer than 128 characters.",
    ),
    Rule(
        id="RS-3",
        name="empty-resource-requirements",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.validateResourceRequirements",
        summary="A `resources` entry (or a step's `resources`) has neither requests nor limits.",
    ),
    Rule(
        id="RS-4",
        name="invalid-resource-key",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.validateResourceList",
        summary="A resource name other than `cpu`, `memory`, `ephemeral-storage`, `ci-operator.openshift.io/shm`,"
        " `nvidia.com/gpu` and `devices.kubevirt.io/kvm` under `requests` or `limits`.",
        detail="ci-operator refuses the config (`specifies an invalid key`); it is not an ignored unknown field.",
    ),
    Rule(
        id="RS-6",
        name="zero-or-negative-quantity",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.validateResourceList",
        summary='A resource quantity is zero (`0`, `0m`, `"0"`) or negative.',
    ),
    Rule(
        id="RS-7",
        name="shm-too-large",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.validateResourceList",
        summary="The shared memory request or limit `ci-operator.openshift.io/shm` is larger than 2G.",
    ),
    Rule(
        id="RS-8",
        name="kvm-device-count",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.validateResourceList",
        summary="`devices.kubevirt.io/kvm` is anything but 1.",
    ),
    Rule(
        id="OP-7",
        name="unresolvable-substitution",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.ValidateOperatorSubstitution",
        summary="An operator substitution's `with` names an image stream ci-operator does not know (`foo:bar`).",
        detail="A bare name always resolves (to a pipeline image, else to the `stable` stream); `stream:tag` resolves"
        " only for `pipeline`, `stable`/`stable-<release>` and `release`.",
    ),
    Rule(
        id="RL-5",
        name="include-built-images-not-latest",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.validateIntegration",
        summary="`include_built_images` is set on an integration release other than `latest`.",
    ),
    Rule(
        id="RL-10",
        name="tag-specification-reference-policy",
        severity=W,
        verdict="accepted (opinion)",
        enforced_by="",
        summary="`tag_specification.reference_policy` is neither `Local` nor `Source`; the jobs that import the"
        " release images fail at run time.",
        detail="ci-operator validates the reference policy of an integration release (RL-6 in the spec) but not this"
        " one. The `[release-inputs]` step creates the `stable` image stream with it, which the cluster refuses;"
        " only the jobs whose targets need that step (the images job, tests that use the release or stable images)"
        " run it.",
    ),
    Rule(
        id="RL-11",
        name="tag-specification-include-built-images",
        severity=W,
        verdict="accepted (opinion)",
        enforced_by="",
        summary="`tag_specification.include_built_images` is set, but ci-operator ignores it.",
        detail="With `tag_specification` the `latest` release always includes the built images and `initial` never"
        " does, whatever this field says.",
    ),
    Rule(
        id="TN-4",
        name="test-named-like-image",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.Validator.validateTestStepConfiguration",
        summary="A test has the name of an image; they share one namespace of targets.",
    ),
    Rule(
        id="TN-2",
        name="claim-test-name-too-long",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.Validator.validateTestStepConfiguration",
        summary="A test with a `cluster_claim` has a name longer than 42 characters.",
    ),
    Rule(
        id="TN-7",
        name="dot-in-multi-stage-test-name",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.Validator.validateTestStepConfiguration",
        summary="A multi-stage test's name contains `.`.",
    ),
    Rule(
        id="TN-8",
        name="duplicate-test-name",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.searchForTestDuplicates",
        summary="Two tests have the same name.",
    ),
    Rule(
        id="TJ-1",
        name="postsubmit-conflict",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.Validator.validateTestStepConfiguration",
        summary="A postsubmit test also sets `cron`, `interval`, `minimum_interval` or `optional`.",
    ),
    Rule(
        id="TJ-2",
        name="invalid-cron",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.Validator.validateTestStepConfiguration",
        summary="A test's `cron` does not parse (ci-operator uses robfig/cron.v2: 5 or 6 fields, or a descriptor such"
        " as `@daily`).",
    ),
    Rule(
        id="TJ-3",
        name="periodic-with-trigger-filter",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.Validator.validateTestStepConfiguration",
        summary="A periodic test sets `run_if_changed`, `skip_if_only_changed` or `optional` without `presubmit:"
        " true`.",
    ),
    Rule(
        id="TJ-4",
        name="presubmit-not-periodic",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.Validator.validateTestStepConfiguration",
        summary="`presubmit: true` on a test that is not periodic (no `cron`, `interval`, `minimum_interval` or"
        " `release_controller`).",
    ),
    Rule(
        id="TJ-5",
        name="job-timeout-too-long",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.Validator.validateTestStepConfiguration",
        summary="A test's `timeout` is longer than 72h.",
    ),
    Rule(
        id="TJ-6",
        name="reporter-config",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.Validator.validateTestStepConfiguration",
        summary="`reporter_config` has an empty `channel`, or `report_presubmit` on a test without `presubmit: true`.",
    ),
    Rule(
        id="CL-1",
        name="claim-and-profile",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.Validator.validateTestConfigurationType",
        summary="A test sets both `cluster_claim` and a cluster profile, so it would install two clusters.",
    ),
    Rule(
        id="CL-2",
        name="claim-on-container-test",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.Validator.validateTestConfigurationType",
        summary="`cluster_claim` on a test that is not multi-stage.",
    ),
    Rule(
        id="CR-1",
        name="credential-form",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.validateCredentials, validation.Validator.validateTestStepConfiguration",
        summary="A secret or credential mixes or lacks its fields: `name`+`namespace`, or `bundle`, or"
        " `collection`+`group` [+`field`], `as` only with `field`, and `mount_path`.",
    ),
    Rule(
        id="CR-2",
        name="credential-mount-collision",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.validateCredentials",
        summary="Two credentials of a step mount at the same path, or one inside the other, or a credential has no"
        " `mount_path`.",
    ),
    Rule(
        id="CR-3",
        name="duplicate-secret",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.validateCredentials, validation.Validator.validateTestStepConfiguration",
        summary="The same bundle or secret is mounted twice into one step or test.",
    ),
    Rule(
        id="CR-4",
        name="invalid-secret-manager-name",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.validateCredentials, validation.Validator.validateTestStepConfiguration",
        summary="A Google Secret Manager collection or group name is invalid, or a `field`/`as` decodes to an unsafe"
        " file name (`..`, `/`).",
    ),
    Rule(
        id="CR-5",
        name="secrets-on-multi-stage-test",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.Validator.validateTestStepConfiguration",
        summary="`secret`/`secrets` on a test that is not a container test; multi-stage steps use `credentials`.",
    ),
    Rule(
        id="TS-10",
        name="invalid-step-from",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.validateFromAndFromImage",
        summary="A step's `from` is not `tag` or `stream:tag` of Kubernetes names (a pull spec, two colons, bad"
        " characters).",
    ),
    Rule(
        id="TS-11",
        name="unknown-step-imagestream",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.validateFromAndFromImage",
        summary="A step's `from` names a stream the test does not have (`stable-<release>` of a release not in"
        " `releases`).",
    ),
    Rule(
        id="TS-12",
        name="duplicate-step-name",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.Validator.validateTestSteps",
        summary="Two steps of a test (in any stage, literal, `ref` or `chain`) have the same name.",
    ),
    Rule(
        id="TS-13",
        name="trap-without-grace-period",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.Validator.validateCommands",
        summary="A step's commands use `trap` but the step has no `grace_period`.",
    ),
    Rule(
        id="TS-14",
        name="best-effort-without-timeout",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.Validator.validateLiteralTestStep",
        summary="A step sets `best_effort: true` without a `timeout`.",
    ),
    Rule(
        id="TS-15",
        name="optional-on-success-outside-post",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.Validator.validateLiteralTestStep",
        summary="`optional_on_success` on a `pre` or `test` step.",
    ),
    Rule(
        id="TS-16",
        name="unresolved-parameter",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.validateParameters",
        summary="A step parameter without a default is not set in the test's `env` (checked when the test has `env`).",
    ),
    Rule(
        id="TS-17",
        name="duplicate-lease-variable",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.validateLeases",
        summary="Two leases of one test (test-level or step-level) use the same `env` variable.",
    ),
    Rule(
        id="TS-18",
        name="empty-required-field",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.Validator.validateLiteralTestStep, validation.validateLeases,"
        " validation.validateDependencies, validation.Validator.validateTestConfigurationType",
        summary="A field ci-operator requires in a test or a step is there but empty: a container test's `from`, a"
        " step's `commands`, `from`, `ref` or `chain`, a lease's or a dependency's fields, a claim's `version`,"
        " `cloud` or `owner`.",
    ),
    Rule(
        id="DP-1",
        name="invalid-dependency",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.validateDependencies",
        summary="A step dependency's name has more than one colon, or two dependencies of a step set the same"
        " variable.",
    ),
    Rule(
        id="DP-2",
        name="unknown-dependency-source",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.validateTestStepDependencies",
        summary="A step dependency names an image the config does not provide (a release, build root, binaries, bundle"
        " or image it lacks).",
    ),
    Rule(
        id="FN-4",
        name="metadata-path-mismatch",
        severity=E,
        verdict="rejected by validation",
        enforced_by="determinize-ci-operator",
        summary="The file's path disagrees with its `zz_generated_metadata`, or its name is not the canonical"
        " `<org>-<repo>-<branch>[__<variant>].yaml`.",
    ),
    Rule(
        id="FN-5",
        name="not-a-config-name",
        severity=W,
        verdict="accepted (opinion)",
        enforced_by="",
        summary="A file in a repository's folder of the config tree (`ci-operator/config/ORG/REPO/`) whose name does"
        " not end in `.yaml` or `.yml` (`...-main.yml ` with a trailing space, `...quay39yaml`); ci-operator skips"
        " it. OWNERS, OWNERS_ALIASES, README* and .gitattributes belong there.",
        detail="ci-tools reads only names whose extension is `.yaml` or `.yml` (config.isConfigFile) and skips the"
        " rest without a word, so the file configures nothing.",
    ),
    Rule(
        id="TL-1",
        name="nothing-to-do",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.validateReleaseBuildConfiguration",
        summary="The config defines no test, no image and no promotion target (an empty or comment-only file).",
    ),
    Rule(
        id="TL-2",
        name="not-a-config",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.validateReleaseBuildConfiguration",
        summary="The file is not a ci-operator config: a Kubernetes manifest (top-level `apiVersion` and `kind`).",
        detail="ci-operator would drop every key of it and reject what is left, which defines no test or image.",
    ),
    Rule(
        id="TL-5",
        name="default-canonical-go-repository",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.validateReleaseBuildConfiguration",
        summary="`canonical_go_repository` is `github.com/<org>/<repo>` of the config's own repository, the default.",
    ),
    Rule(
        id="XC-1",
        name="promoted-twice",
        severity=E,
        verdict="rejected by validation",
        enforced_by="ci-operator-checkconfig validateTags",
        summary="The same image stream tag is promoted from more than one place (two configs, or two targets of"
        " one); disabled targets do not count.",
        detail="At run time the last promotion wins, and the promotion reconciler refuses to act on the tag.",
    ),
    Rule(
        id="SR-1",
        name="registry-file-unloadable",
        severity=E,
        verdict="rejected at load",
        enforced_by="load.Registry",
        summary="A step registry file ci-operator cannot load: bad YAML, a wrong type, an unknown field, or a file"
        " name the registry does not allow.",
        detail="ci-operator-checkconfig loads the whole registry first; one broken file fails every config.",
    ),
    Rule(
        id="SR-2",
        name="registry-name",
        severity=E,
        verdict="rejected at load",
        enforced_by="load.Registry",
        summary="A ref, chain or workflow whose name is not its folder path joined by hyphens, or not its file name"
        " without -ref.yaml/-chain.yaml/-workflow.yaml, or that is defined twice.",
    ),
    Rule(
        id="SR-3",
        name="registry-commands",
        severity=E,
        verdict="rejected at load",
        enforced_by="load.Registry (loadReference)",
        summary="A ref's `commands` does not name `<ref>-commands[.ext]`, or that file is missing or empty.",
    ),
    Rule(
        id="SR-4",
        name="registry-step",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.IsValidReference",
        summary="A ref's step is invalid on its own: `from` and `from_image` (one, not both, valid names outside"
        " any test), no resources at all, a lease without type or variable. The step checks that configs share"
        " (TS-13, TS-14, DP-1, CR-1 to CR-4, RS-3 to RS-8) are reported under those rules, at the ref's line.",
    ),
    Rule(
        id="SR-5",
        name="registry-reference",
        severity=E,
        verdict="rejected by validation",
        enforced_by="registry.Validate",
        summary="A chain or workflow names a ref or chain that does not exist, repeats a step name, sets a"
        " parameter no step declares, or chains include each other in a cycle.",
    ),
    Rule(
        id="SR-6",
        name="registry-parameter-name",
        severity=W,
        verdict="accepted (opinion)",
        enforced_by="",
        summary="A step parameter whose name is not a shell variable name; ci-operator accepts it, but the"
        " step's script cannot read it.",
    ),
    Rule(
        id="MS-1",
        name="unknown-registry-name",
        severity=E,
        verdict="rejected by validation",
        enforced_by="registry.ResolveConfig",
        summary="A test names a workflow, chain or ref the step registry does not have (directly or through a"
        " workflow or chain).",
    ),
    Rule(
        id="MS-2",
        name="unresolved-parameter",
        severity=E,
        verdict="rejected by validation",
        enforced_by="registry.ResolveConfig",
        summary="A step declares a parameter without a default that neither the test, its workflow nor a chain sets.",
    ),
    Rule(
        id="MS-3",
        name="undeclared-override",
        severity=E,
        verdict="rejected by validation",
        enforced_by="registry.ResolveConfig",
        summary="A test, chain or workflow sets an `env` parameter or a dependency that no step it runs declares.",
        detail="Not reported while the test also names a ref or chain the registry lacks (MS-1): that step may be the"
        " one that declares it. ci-operator reports both.",
    ),
    Rule(
        id="MS-4",
        name="duplicate-step-name",
        severity=E,
        verdict="rejected by validation",
        enforced_by="registry.ResolveConfig",
        summary="Two steps of a resolved test have the same name.",
    ),
    Rule(
        id="MS-5",
        name="step-image-source",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.validateTestStepDependencies",
        summary="A resolved step's `from` or a dependency names an image the config neither builds, imports nor"
        " gets from a configured release.",
    ),
    Rule(
        id="MS-6",
        name="step-lease",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.validateLeases",
        summary="Leases of a resolved test clash: the same variable twice, or a test overriding a workflow lease.",
    ),
    Rule(
        id="MS-7",
        name="post-only-field",
        severity=E,
        verdict="rejected by validation",
        enforced_by="validation.validateLiteralTestStep",
        summary="A resolved step outside `post` sets `optional_on_success`.",
    ),
    Rule(
        id="MS-8",
        name="step-release-image",
        severity=W,
        verdict="accepted (opinion)",
        enforced_by="",
        summary="A resolved step runs in or depends on an image nothing provides: a release image (`from: cli`) while"
        " the config imports no release, or a `pipeline:` image the config does not build; ci-operator accepts it.",
        detail="ci-operator validates a step's dependencies but not a `from` of the form `pipeline:<tag>`; each job"
        " runs only the steps its target needs (`api.BuildPartialGraph`), so only the jobs of that test fail at run"
        " time.",
    ),
    Rule(
        id="SUP-1",
        name="unused-suppression",
        severity=W,
        verdict="promoter",
        enforced_by="",
        summary="A `# promoted-images: ignore[...]` comment suppresses nothing; remove it.",
    ),
)

RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}


def rule(rule_id: str) -> Rule:
    """The rule with this id."""
    return RULES_BY_ID[rule_id]
