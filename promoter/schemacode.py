"""The schema of ci-operator configs as Python predicates, written by promoter.fastschema: never edit it.

Regenerate it with ``python -m pytest tests/test_fastschema.py --update-goldens`` after a change to the
schema or to promoter/fastschema.py; until then the functions are written and compiled at run time instead.
"""
# ruff: noqa
# mypy: ignore-errors

from promoter.fastschema import _MemoSearch
from promoter.lazyre import lazy_compile

DIGEST = '5a88a7fd0ddd8ce0dca66d29955a210b0e1f097d'
ENTRY = 'f0'
FUNCTIONS = {'': 'f0', '/properties/base_images': 'f1', '/properties/base_rpm_images': 'f2', '/$defs/BuildRootImageConfiguration': 'f3', '/properties/canonical_go_repository_list': 'f4', '/properties/external_images': 'f5', '/properties/images': 'f6', '/$defs/OperatorStepConfiguration': 'f7', '/$defs/PromotionConfiguration': 'f8', '/$defs/ProwgenOverrides': 'f9', '/properties/raw_steps': 'f10', '/properties/releases': 'f11', '/properties/resources': 'f12', '/$defs/ReleaseTagConfiguration': 'f13', '/properties/tests': 'f14', '/$defs/Metadata': 'f15', '/properties/binary_build_commands_list': 'f16', '/properties/build_roots': 'f17', '/properties/rpm_build_commands_list': 'f18', '/properties/rpm_build_location_list': 'f19', '/properties/test_binary_build_commands_list': 'f20', '/dependentSchemas/tag_specification': 'f21', '/$defs/ImageStreamTagReference': 'f22', '/$defs/BuildRootImageConfiguration/properties/image_stream_tag': 'f23', '/$defs/ProjectDirectoryImageBuildInputs': 'f24', '/$defs/BuildRootImageConfiguration/if/not': 'f25', '/$defs/BuildRootImageConfiguration/then': 'f26', '/$defs/BuildRootImageConfiguration/dependentSchemas/image_stream_tag': 'f27', '/$defs/BuildRootImageConfiguration/dependentSchemas/project_image': 'f28', '/properties/canonical_go_repository_list/items': 'f29', '/$defs/ExternalImage': 'f30', '/properties/images/then': 'f31', '/properties/images/else': 'f32', '/$defs/OperatorStepConfiguration/properties/bundles': 'f33', '/$defs/OperatorStepConfiguration/properties/substitutions': 'f34', '/$defs/PromotionConfiguration/properties/additional_images': 'f35', '/$defs/PromotionConfiguration/properties/excluded_images': 'f36', '/$defs/PromotionConfiguration/properties/to': 'f37', '/$defs/StepConfiguration': 'f38', '/$defs/UnresolvedRelease': 'f39', '/properties/releases/propertyNames': 'f40', '/$defs/ResourceRequirements': 'f41', '/$defs/TestStepConfiguration': 'f42', '/dependentSchemas/tag_specification/properties/releases': 'f43', '/$defs/ProjectDirectoryImageBuildInputs/properties/build_args': 'f44', '/$defs/ProjectDirectoryImageBuildInputs/properties/inputs': 'f45', '/$defs/BuildRootImageConfiguration/then/properties/from_repository': 'f46', '/$defs/BuildRootImageConfiguration/dependentSchemas/image_stream_tag/properties/from_repository': 'f47', '/$defs/BuildRootImageConfiguration/dependentSchemas/project_image/properties/from_repository': 'f48', '/$defs/ImageBuild': 'f49', '/$defs/ImageConfiguration': 'f50', '/$defs/Bundle': 'f51', '/$defs/PullSpecSubstitution': 'f52', '/$defs/PromotionTarget': 'f53', '/$defs/BundleSourceStep': 'f54', '/$defs/IndexGeneratorStep': 'f55', '/$defs/InputImageTagStep': 'f56', '/$defs/OutputImageTagStep': 'f57', '/$defs/PipelineImageCacheStep': 'f58', '/$defs/ResolvedReleaseImagesStep': 'f59', '/$defs/RPMImageInjectionStep': 'f60', '/$defs/RPMServeStep': 'f61', '/$defs/SourceStep': 'f62', '/$defs/Candidate': 'f63', '/$defs/Integration': 'f64', '/$defs/Prerelease': 'f65', '/$defs/Release': 'f66', '/$defs/ResourceList': 'f67', '/$defs/TestStepConfiguration/properties/as': 'f68', '/$defs/TestStepConfiguration/properties/capabilities': 'f69', '/$defs/ClusterClaim': 'f70', '/$defs/ContainerTestConfiguration': 'f71', '/$defs/MultiStageTestConfigurationLiteral': 'f72', '/$defs/TestStepConfiguration/properties/max_concurrency': 'f73', '/$defs/SlackReporterConfig': 'f74', '/$defs/Retry': 'f75', '/$defs/Secret': 'f76', '/$defs/TestStepConfiguration/properties/secrets': 'f77', '/$defs/TestStepConfiguration/properties/shard_count': 'f78', '/$defs/TestStepConfiguration/properties/skip_branches': 'f79', '/$defs/MultiStageTestConfiguration': 'f80', '/$defs/Duration': 'f81', '/$defs/TestStepConfiguration/properties/cluster': 'f82', '/$defs/TestStepConfiguration/properties/interval': 'f83', '/$defs/TestStepConfiguration/properties/minimum_interval': 'f84', '/$defs/Architecture': 'f85', '/$defs/TestStepConfiguration/if': 'f86', '/$defs/TestStepConfiguration/dependentSchemas/container': 'f87', '/$defs/TestStepConfiguration/dependentSchemas/cron': 'f88', '/$defs/TestStepConfiguration/dependentSchemas/interval': 'f89', '/$defs/TestStepConfiguration/dependentSchemas/literal_steps': 'f90', '/$defs/TestStepConfiguration/dependentSchemas/minimum_interval': 'f91', '/$defs/TestStepConfiguration/dependentSchemas/pipeline_run_if_changed': 'f92', '/$defs/TestStepConfiguration/dependentSchemas/run_if_changed': 'f93', '/$defs/TestStepConfiguration/dependentSchemas/secret': 'f94', '/$defs/TestStepConfiguration/dependentSchemas/skip_if_only_changed': 'f95', '/$defs/TestStepConfiguration/dependentSchemas/steps': 'f96', '/$defs/BuildArg': 'f97', '/$defs/ImageBuildInputs': 'f98', '/$defs/ImageBuild/properties/additional_architectures': 'f99', '/$defs/ImageBuild/properties/build_args': 'f100', '/$defs/ImageBuild/properties/capabilities': 'f101', '/$defs/ImageBuild/properties/inputs': 'f102', '/$defs/ImageBuild/properties/ref': 'f103', '/$defs/ImageBuild/properties/to': 'f104', '/$defs/ImageBuild/dependentSchemas/dockerfile_literal': 'f105', '/$defs/ImageConfiguration/properties/items': 'f106', '/$defs/ImageConfiguration/dependentSchemas/pipeline_run_if_changed': 'f107', '/$defs/ImageConfiguration/dependentSchemas/run_if_changed': 'f108', '/$defs/ImageConfiguration/dependentSchemas/skip_if_only_changed': 'f109', '/$defs/Bundle/properties/capabilities': 'f110', '/$defs/Bundle/properties/update_graph': 'f111', '/$defs/Bundle/if': 'f112', '/$defs/Bundle/dependentSchemas/run_if_changed': 'f113', '/$defs/PromotionTarget/properties/additional_images': 'f114', '/$defs/PromotionTarget/properties/excluded_images': 'f115', '/$defs/PromotionTarget/dependentSchemas/name': 'f116', '/$defs/BundleSourceStep/properties/substitutions': 'f117', '/$defs/IndexGeneratorStep/properties/operator_index': 'f118', '/$defs/Candidate/properties/relative': 'f119', '/$defs/Candidate/if': 'f120', '/$defs/Candidate/then': 'f121', '/$defs/Candidate/else': 'f122', '/$defs/Prerelease/properties/relative': 'f123', '/$defs/VersionBounds': 'f124', '/$defs/Release/properties/relative': 'f125', '/$defs/ResourceList/additionalProperties': 'f126', '/$defs/Quantity': 'f127', '/$defs/ResourceList/properties/devices.kubevirt.io~1kvm': 'f128', '/$defs/TestStepConfiguration/properties/as/not': 'f129', '/$defs/ClusterClaim/properties/labels': 'f130', '/$defs/ContainerTestConfiguration/properties/memory_backed_volume': 'f131', '/$defs/ClusterProfileLiteral': 'f132', '/$defs/MultiStageTestConfigurationLiteral/properties/dependencies': 'f133', '/$defs/MultiStageTestConfigurationLiteral/properties/dependency_overrides': 'f134', '/$defs/DNSConfig': 'f135', '/$defs/MultiStageTestConfigurationLiteral/properties/env': 'f136', '/$defs/MultiStageTestConfigurationLiteral/properties/leases': 'f137', '/$defs/MultiStageTestConfigurationLiteral/properties/node_architecture_overrides': 'f138', '/$defs/MultiStageTestConfigurationLiteral/properties/observers': 'f139', '/$defs/MultiStageTestConfigurationLiteral/properties/post': 'f140', '/$defs/MultiStageTestConfigurationLiteral/properties/pre': 'f141', '/$defs/MultiStageTestConfigurationLiteral/properties/test': 'f142', '/$defs/SlackReporterConfig/properties/job_states_to_report': 'f143', '/$defs/Retry/properties/attempts': 'f144', '/$defs/MultiStageTestConfiguration/properties/dependencies': 'f145', '/$defs/MultiStageTestConfiguration/properties/dependency_overrides': 'f146', '/$defs/MultiStageTestConfiguration/properties/env': 'f147', '/$defs/MultiStageTestConfiguration/properties/leases': 'f148', '/$defs/MultiStageTestConfiguration/properties/node_architecture_overrides': 'f149', '/$defs/ObserverSelection': 'f150', '/$defs/MultiStageTestConfiguration/properties/post': 'f151', '/$defs/MultiStageTestConfiguration/properties/pre': 'f152', '/$defs/MultiStageTestConfiguration/properties/test': 'f153', '/$defs/TestStepConfiguration/if/not': 'f154', '/$defs/TestStepConfiguration/dependentSchemas/literal_steps/if/not': 'f155', '/$defs/TestStepConfiguration/dependentSchemas/literal_steps/then': 'f156', '/$defs/TestStepConfiguration/dependentSchemas/steps/then': 'f157', '/$defs/ImageBuildInputs/properties/as': 'f158', '/$defs/ImageBuildInputs/properties/paths': 'f159', '/$defs/ImageBuild/properties/capabilities/items': 'f160', '/$defs/Bundle/if/properties/skip_building_index': 'f161', '/$defs/Candidate/if/properties/product': 'f162', '/$defs/TestStepConfiguration/properties/as/not/anyOf/0': 'f163', '/$defs/DNSConfig/properties/nameservers': 'f164', '/$defs/DNSConfig/properties/searches': 'f165', '/$defs/StepLease': 'f166', '/$defs/Observer': 'f167', '/$defs/LiteralTestStep': 'f168', '/$defs/ObserverSelection/properties/disable': 'f169', '/$defs/ObserverSelection/properties/enable': 'f170', '/$defs/TestStep': 'f171', '/$defs/ImageBuildInputPath': 'f172', '/$defs/StepLease/properties/count': 'f173', '/$defs/Observer/properties/env': 'f174', '/$defs/Observer/properties/from_image': 'f175', '/$defs/Observer/dependentSchemas/from': 'f176', '/$defs/LiteralTestStep/properties/credentials': 'f177', '/$defs/LiteralTestStep/properties/dependencies': 'f178', '/$defs/LiteralTestStep/properties/env': 'f179', '/$defs/LiteralTestStep/properties/from_image': 'f180', '/$defs/LiteralTestStep/properties/leases': 'f181', '/$defs/LiteralTestStep/properties/observers': 'f182', '/$defs/LiteralTestStep/properties/as': 'f183', '/$defs/LiteralTestStep/dependentSchemas/from': 'f184', '/$defs/TestStep/properties/credentials': 'f185', '/$defs/TestStep/properties/dependencies': 'f186', '/$defs/TestStep/properties/env': 'f187', '/$defs/TestStep/properties/from_image': 'f188', '/$defs/TestStep/properties/leases': 'f189', '/$defs/TestStep/properties/observers': 'f190', '/$defs/TestStep/properties/as': 'f191', '/$defs/TestStep/if': 'f192', '/$defs/TestStep/then': 'f193', '/$defs/TestStep/else': 'f194', '/$defs/StepParameter': 'f195', '/$defs/CredentialReference': 'f196', '/$defs/StepDependency': 'f197', '/$defs/TestStep/else/dependentSchemas/from': 'f198'}
REFS = {'#/$defs/BuildRootImageConfiguration': 'f3', '#/$defs/OperatorStepConfiguration': 'f7', '#/$defs/PromotionConfiguration': 'f8', '#/$defs/ProwgenOverrides': 'f9', '#/$defs/ReleaseTagConfiguration': 'f13', '#/$defs/Metadata': 'f15', '#/$defs/ImageStreamTagReference': 'f22', '#/$defs/ProjectDirectoryImageBuildInputs': 'f24', '#/$defs/ExternalImage': 'f30', '#/$defs/StepConfiguration': 'f38', '#/$defs/UnresolvedRelease': 'f39', '#/$defs/ResourceRequirements': 'f41', '#/$defs/TestStepConfiguration': 'f42', '#/$defs/ImageBuild': 'f49', '#/$defs/ImageConfiguration': 'f50', '#/$defs/Bundle': 'f51', '#/$defs/PullSpecSubstitution': 'f52', '#/$defs/PromotionTarget': 'f53', '#/$defs/BundleSourceStep': 'f54', '#/$defs/IndexGeneratorStep': 'f55', '#/$defs/InputImageTagStep': 'f56', '#/$defs/OutputImageTagStep': 'f57', '#/$defs/PipelineImageCacheStep': 'f58', '#/$defs/ResolvedReleaseImagesStep': 'f59', '#/$defs/RPMImageInjectionStep': 'f60', '#/$defs/RPMServeStep': 'f61', '#/$defs/SourceStep': 'f62', '#/$defs/Candidate': 'f63', '#/$defs/Integration': 'f64', '#/$defs/Prerelease': 'f65', '#/$defs/Release': 'f66', '#/$defs/ResourceList': 'f67', '#/$defs/ClusterClaim': 'f70', '#/$defs/ContainerTestConfiguration': 'f71', '#/$defs/MultiStageTestConfigurationLiteral': 'f72', '#/$defs/SlackReporterConfig': 'f74', '#/$defs/Retry': 'f75', '#/$defs/Secret': 'f76', '#/$defs/MultiStageTestConfiguration': 'f80', '#/$defs/Architecture': 'f85', '#/$defs/Duration': 'f81', '#/$defs/BuildArg': 'f97', '#/$defs/ImageBuildInputs': 'f98', '#/$defs/VersionBounds': 'f124', '#/$defs/ClusterProfileLiteral': 'f132', '#/$defs/DNSConfig': 'f135', '#/$defs/ObserverSelection': 'f150', '#/$defs/StepLease': 'f166', '#/$defs/Observer': 'f167', '#/$defs/LiteralTestStep': 'f168', '#/$defs/TestStep': 'f171', '#/$defs/ImageBuildInputPath': 'f172', '#/$defs/StepParameter': 'f195', '#/$defs/CredentialReference': 'f196', '#/$defs/StepDependency': 'f197'}
KEYWORDS = {'c192': ('minimum', '/$defs/TestStepConfiguration/properties/max_concurrency'), 'c208': ('minimum', '/$defs/TestStepConfiguration/properties/shard_count'), 'c251': ('minimum', '/$defs/Candidate/properties/relative'), 'c260': ('minimum', '/$defs/Release/properties/relative'), 'c282': ('minimum', '/$defs/Retry/properties/attempts'), 'c308': ('minimum', '/$defs/StepLease/properties/count')}

_M = object()

def f0(v):
    if not isinstance(v, dict):
        return False
    if not ('resources' in v):
        return False
    if not c0.issuperset(v):
        return False
    for k, x in v.items():
        c = c3.get(k)
        if c is not None:
            if not isinstance(x, c):
                return False
            continue
        t = c4.get(k)
        if t is not None:
            if not t(x):
                return False
    if 'tag_specification' in v and not f21(v):
        return False
    if 'base_rpm_images' in v and not ('rpm_build_commands' in v):
        return False
    if 'rpm_build_location' in v and not ('rpm_build_commands' in v):
        return False
    return True
def f1(v):
    if not isinstance(v, dict):
        return False
    for k, x in v.items():
        if k not in c5 and not f22(x):
            return False
    for k in v:
        if not (not isinstance(k, str) or (c7.get(k) or (k not in c7 and c6(k)))):
            return False
    return True
def f2(v):
    if not isinstance(v, dict):
        return False
    for k, x in v.items():
        if k not in c8 and not f22(x):
            return False
    for k in v:
        if not (not isinstance(k, str) or (c10.get(k) or (k not in c10 and c9(k)))):
            return False
    return True
def f3(v):
    if not isinstance(v, dict):
        return False
    if not c11.issuperset(v):
        return False
    x = v.get('from_repository', _M)
    if x is not _M and not isinstance(x, c2):
        return False
    x = v.get('image_stream_tag', _M)
    if x is not _M and not f23(x):
        return False
    x = v.get('project_image', _M)
    if x is not _M and not f24(x):
        return False
    x = v.get('use_build_cache', _M)
    if x is not _M and not isinstance(x, c2):
        return False
    if not ((f26(v)) if (not f25(v)) else (True)):
        return False
    if 'image_stream_tag' in v and not f27(v):
        return False
    if 'project_image' in v and not f28(v):
        return False
    return True
def f4(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not f29(x):
            return False
    return True
def f5(v):
    if not isinstance(v, dict):
        return False
    for k, x in v.items():
        if k not in c12 and not f30(x):
            return False
    for k in v:
        if not (not isinstance(k, str) or (c14.get(k) or (k not in c14 and c13(k)))):
            return False
    return True
def f6(v):
    if not ((f31(v)) if isinstance(v, c15) else (f32(v))):
        return False
    if not (isinstance(v, dict) or isinstance(v, list)):
        return False
    return True
def f7(v):
    if not isinstance(v, dict):
        return False
    if not c16.issuperset(v):
        return False
    x = v.get('bundles', _M)
    if x is not _M and not f33(x):
        return False
    x = v.get('substitutions', _M)
    if x is not _M and not f34(x):
        return False
    return True
def f8(v):
    if not isinstance(v, dict):
        return False
    if not c17.issuperset(v):
        return False
    for k, x in v.items():
        c = c18.get(k)
        if c is not None:
            if not isinstance(x, c):
                return False
            continue
        t = c19.get(k)
        if t is not None:
            if not t(x):
                return False
    return True
def f9(v):
    if not isinstance(v, dict):
        return False
    if not c20.issuperset(v):
        return False
    x = v.get('disable_rehearsals', _M)
    if x is not _M and not isinstance(x, c2):
        return False
    x = v.get('disable_sparse_checkout', _M)
    if x is not _M and not isinstance(x, c2):
        return False
    x = v.get('enable_secrets_store_csi_driver', _M)
    if x is not _M and not isinstance(x, c2):
        return False
    x = v.get('expose', _M)
    if x is not _M and not isinstance(x, c2):
        return False
    x = v.get('private', _M)
    if x is not _M and not isinstance(x, c2):
        return False
    x = v.get('skip_operator_presubmits', _M)
    if x is not _M and not isinstance(x, c2):
        return False
    return True
def f10(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not f38(x):
            return False
    return True
def f11(v):
    if not isinstance(v, dict):
        return False
    for k, x in v.items():
        if k not in c21 and not f39(x):
            return False
    for k in v:
        if not f40(k):
            return False
    return True
def f12(v):
    if not isinstance(v, dict):
        return False
    if not ('*' in v):
        return False
    for k, x in v.items():
        if k not in c22 and not f41(x):
            return False
    return True
def f13(v):
    if not isinstance(v, dict):
        return False
    if not ('namespace' in v and 'name' in v):
        return False
    if not c23.issuperset(v):
        return False
    x = v.get('include_built_images', _M)
    if x is not _M and not isinstance(x, c2):
        return False
    x = v.get('name', _M)
    if x is not _M and not (isinstance(x, str) and (c29.get(x) or (x not in c29 and c28(x)))):
        return False
    x = v.get('namespace', _M)
    if x is not _M and not (isinstance(x, str) and (c31.get(x) or (x not in c31 and c30(x)))):
        return False
    x = v.get('reference_policy', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    return True
def f14(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not f42(x):
            return False
    return True
def f15(v):
    if not isinstance(v, dict):
        return False
    if not ('org' in v and 'repo' in v and 'branch' in v):
        return False
    if not c32.issuperset(v):
        return False
    x = v.get('branch', _M)
    if x is not _M and not (isinstance(x, str) and (c38.get(x) or (x not in c38 and c37(x)))):
        return False
    x = v.get('org', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('repo', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('variant', _M)
    if x is not _M and not (isinstance(x, str) and (c40.get(x) or (x not in c40 and c39(x)))):
        return False
    return True
def f16(v):
    if not (not True):
        return False
    return True
def f17(v):
    if not (not True):
        return False
    return True
def f18(v):
    if not (not True):
        return False
    return True
def f19(v):
    if not (not True):
        return False
    return True
def f20(v):
    if not (not True):
        return False
    return True
def f21(v):
    if isinstance(v, dict):
        x = v.get('releases', _M)
        if x is not _M and not f43(x):
            return False
    return True
def f22(v):
    if not isinstance(v, dict):
        return False
    if not ('tag' in v):
        return False
    if not c42.issuperset(v):
        return False
    x = v.get('as', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('name', _M)
    if x is not _M and not (isinstance(x, str) and (c50.get(x) or (x not in c50 and c49(x)))):
        return False
    x = v.get('namespace', _M)
    if x is not _M and not (isinstance(x, str) and (c52.get(x) or (x not in c52 and c51(x)))):
        return False
    x = v.get('tag', _M)
    if x is not _M and not (isinstance(x, str) and (c54.get(x) or (x not in c54 and c53(x)))):
        return False
    return True
def f23(v):
    if isinstance(v, dict):
        if not ('namespace' in v and 'name' in v and 'tag' in v):
            return False
    if not (f22(v)):
        return False
    return True
def f24(v):
    if not isinstance(v, dict):
        return False
    if not c55.issuperset(v):
        return False
    x = v.get('build_args', _M)
    if x is not _M and not f44(x):
        return False
    x = v.get('context_dir', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('dockerfile_literal', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('dockerfile_path', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('inputs', _M)
    if x is not _M and not f45(x):
        return False
    x = v.get('ref', _M)
    if x is not _M and not (isinstance(x, str) and (c59.get(x) or (x not in c59 and c58(x)))):
        return False
    return True
def f25(v):
    if not ((not isinstance(v, dict) or ('image_stream_tag' in v)) or (not isinstance(v, dict) or ('project_image' in v))):
        return False
    return True
def f26(v):
    if isinstance(v, dict):
        if not ('from_repository' in v):
            return False
        x = v.get('from_repository', _M)
        if x is not _M and not f46(x):
            return False
    return True
def f27(v):
    if isinstance(v, dict):
        x = v.get('from_repository', _M)
        if x is not _M and not f47(x):
            return False
        if 'project_image' in v:
            return False
    return True
def f28(v):
    if isinstance(v, dict):
        x = v.get('from_repository', _M)
        if x is not _M and not f48(x):
            return False
    return True
def f29(v):
    if not isinstance(v, dict):
        return False
    if not c63.issuperset(v):
        return False
    x = v.get('ref', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('repository', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    return True
def f30(v):
    if not isinstance(v, dict):
        return False
    if not ('registry' in v and 'namespace' in v and 'name' in v and 'tag' in v):
        return False
    if not c64.issuperset(v):
        return False
    x = v.get('as', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('name', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('namespace', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('pull_secret', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    if 'pull_spec' in v:
        return False
    x = v.get('registry', _M)
    if x is not _M and not (isinstance(x, str) and (c68.get(x) or (x not in c68 and c67(x)))):
        return False
    x = v.get('tag', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    return True
def f31(v):
    if isinstance(v, list):
        for x in v:
            if not f49(x):
                return False
    return True
def f32(v):
    if not ((f50(v)) if isinstance(v, c69) else (True)):
        return False
    return True
def f33(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not f51(x):
            return False
    return True
def f34(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not f52(x):
            return False
    return True
def f35(v):
    if not isinstance(v, dict):
        return False
    for k, x in v.items():
        if k not in c70 and not isinstance(x, c1):
            return False
    return True
def f36(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not isinstance(x, c1):
            return False
    return True
def f37(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not f53(x):
            return False
    return True
def f38(v):
    if not isinstance(v, dict):
        return False
    if not c71.issuperset(v):
        return False
    for k, x in v.items():
        c = c72.get(k)
        if c is not None:
            if not isinstance(x, c):
                return False
            continue
        t = c73.get(k)
        if t is not None:
            if not t(x):
                return False
    if not len(v) >= 1:
        return False
    if not len(v) <= 1:
        return False
    return True
def f39(v):
    if not isinstance(v, dict):
        return False
    if not c74.issuperset(v):
        return False
    x = v.get('candidate', _M)
    if x is not _M and not f63(x):
        return False
    x = v.get('integration', _M)
    if x is not _M and not f64(x):
        return False
    x = v.get('prerelease', _M)
    if x is not _M and not f65(x):
        return False
    x = v.get('release', _M)
    if x is not _M and not f66(x):
        return False
    if not len(v) >= 1:
        return False
    if not len(v) <= 1:
        return False
    return True
def f40(v):
    if isinstance(v, str):
        if not (c76.get(v) or (v not in c76 and c75(v))):
            return False
    if not ((not isinstance(v, str) or (c78.get(v) or (v not in c78 and c77(v))))):
        return False
    return True
def f41(v):
    if not isinstance(v, dict):
        return False
    if not c79.issuperset(v):
        return False
    x = v.get('limits', _M)
    if x is not _M and not f67(x):
        return False
    x = v.get('requests', _M)
    if x is not _M and not f67(x):
        return False
    if not len(v) >= 1:
        return False
    return True
def f42(v):
    if not isinstance(v, dict):
        return False
    if not ('as' in v):
        return False
    if not c80.issuperset(v):
        return False
    for k, x in v.items():
        c = c88.get(k)
        if c is not None:
            if not isinstance(x, c):
                return False
            continue
        t = c89.get(k)
        if t is not None:
            if not t(x):
                return False
    if not (((not isinstance(v, dict) or ('container' in v))) if f86(v) else (True)):
        return False
    if 'container' in v and not f87(v):
        return False
    if 'cron' in v and not f88(v):
        return False
    if 'interval' in v and not f89(v):
        return False
    if 'literal_steps' in v and not f90(v):
        return False
    if 'minimum_interval' in v and not f91(v):
        return False
    if 'pipeline_run_if_changed' in v and not f92(v):
        return False
    if 'run_if_changed' in v and not f93(v):
        return False
    if 'secret' in v and not f94(v):
        return False
    if 'skip_if_only_changed' in v and not f95(v):
        return False
    if 'steps' in v and not f96(v):
        return False
    return True
def f43(v):
    if isinstance(v, dict):
        if 'initial' in v:
            return False
        if 'latest' in v:
            return False
    return True
def f44(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not f97(x):
            return False
    return True
def f45(v):
    if not isinstance(v, dict):
        return False
    for k, x in v.items():
        if k not in c91 and not f98(x):
            return False
    for k in v:
        if not (not isinstance(k, str) or (c93.get(k) or (k not in c93 and c92(k)))):
            return False
    return True
def f46(v):
    if not v is True:
        return False
    return True
def f47(v):
    if not v is False:
        return False
    return True
def f48(v):
    if not v is False:
        return False
    return True
def f49(v):
    if not isinstance(v, dict):
        return False
    if not ('to' in v):
        return False
    if not c94.issuperset(v):
        return False
    for k, x in v.items():
        c = c99.get(k)
        if c is not None:
            if not isinstance(x, c):
                return False
            continue
        t = c100.get(k)
        if t is not None:
            if not t(x):
                return False
    if 'dockerfile_literal' in v and not f105(v):
        return False
    return True
def f50(v):
    if not isinstance(v, dict):
        return False
    if not c101.issuperset(v):
        return False
    x = v.get('build_if_affected', _M)
    if x is not _M and not isinstance(x, c2):
        return False
    x = v.get('items', _M)
    if x is not _M and not f106(x):
        return False
    x = v.get('pipeline_run_if_changed', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('pipeline_skip_if_only_changed', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('reporter_config', _M)
    if x is not _M and not f74(x):
        return False
    x = v.get('run_if_changed', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('skip_if_only_changed', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    if 'pipeline_run_if_changed' in v and not f107(v):
        return False
    if 'run_if_changed' in v and not f108(v):
        return False
    if 'skip_if_only_changed' in v and not f109(v):
        return False
    return True
def f51(v):
    if not isinstance(v, dict):
        return False
    if not c102.issuperset(v):
        return False
    for k, x in v.items():
        c = c104.get(k)
        if c is not None:
            if not isinstance(x, c):
                return False
            continue
        t = c105.get(k)
        if t is not None:
            if not t(x):
                return False
    if not (((not isinstance(v, dict) or ('as' in v))) if f112(v) else (True)):
        return False
    if 'run_if_changed' in v and not f113(v):
        return False
    if 'base_index' in v and not ('as' in v):
        return False
    if 'run_if_changed' in v and not ('as' in v):
        return False
    if 'skip_if_only_changed' in v and not ('as' in v):
        return False
    if 'update_graph' in v and not ('base_index' in v):
        return False
    return True
def f52(v):
    if not isinstance(v, dict):
        return False
    if not ('pullspec' in v and 'with' in v):
        return False
    if not c106.issuperset(v):
        return False
    x = v.get('pullspec', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('with', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    return True
def f53(v):
    if not isinstance(v, dict):
        return False
    if not ('namespace' in v):
        return False
    if not c107.issuperset(v):
        return False
    x = v.get('additional_images', _M)
    if x is not _M and not f114(x):
        return False
    x = v.get('disabled', _M)
    if x is not _M and not isinstance(x, c2):
        return False
    x = v.get('excluded_images', _M)
    if x is not _M and not f115(x):
        return False
    x = v.get('name', _M)
    if x is not _M and not (isinstance(x, str) and (c113.get(x) or (x not in c113 and c112(x)))):
        return False
    x = v.get('namespace', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('tag', _M)
    if x is not _M and not (isinstance(x, str) and (c115.get(x) or (x not in c115 and c114(x)))):
        return False
    x = v.get('tag_by_commit', _M)
    if x is not _M and not isinstance(x, c2):
        return False
    if not (((not isinstance(v, dict) or ('tag' in v))) if (not (not isinstance(v, dict) or ('name' in v))) else (True)):
        return False
    if 'name' in v and not f116(v):
        return False
    return True
def f54(v):
    if not isinstance(v, dict):
        return False
    if not c116.issuperset(v):
        return False
    x = v.get('substitutions', _M)
    if x is not _M and not f117(x):
        return False
    return True
def f55(v):
    if not isinstance(v, dict):
        return False
    if not c117.issuperset(v):
        return False
    x = v.get('base_index', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('operator_index', _M)
    if x is not _M and not f118(x):
        return False
    x = v.get('to', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('update_graph', _M)
    if x is not _M and not (isinstance(x, str) and x in c119):
        return False
    return True
def f56(v):
    if not isinstance(v, dict):
        return False
    if not c120.issuperset(v):
        return False
    x = v.get('base_image', _M)
    if x is not _M and not f22(x):
        return False
    x = v.get('external_image', _M)
    if x is not _M and not f30(x):
        return False
    x = v.get('ref', _M)
    if x is not _M and not (isinstance(x, str) and (c124.get(x) or (x not in c124 and c123(x)))):
        return False
    x = v.get('to', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    return True
def f57(v):
    if not isinstance(v, dict):
        return False
    if not c125.issuperset(v):
        return False
    x = v.get('from', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('optional', _M)
    if x is not _M and not isinstance(x, c2):
        return False
    x = v.get('to', _M)
    if x is not _M and not f22(x):
        return False
    return True
def f58(v):
    if not isinstance(v, dict):
        return False
    if not c126.issuperset(v):
        return False
    x = v.get('commands', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('from', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('ref', _M)
    if x is not _M and not (isinstance(x, str) and (c130.get(x) or (x not in c130 and c129(x)))):
        return False
    x = v.get('to', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    return True
def f59(v):
    if not isinstance(v, dict):
        return False
    if not c131.issuperset(v):
        return False
    x = v.get('candidate', _M)
    if x is not _M and not f63(x):
        return False
    x = v.get('integration', _M)
    if x is not _M and not f64(x):
        return False
    x = v.get('name', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('prerelease', _M)
    if x is not _M and not f65(x):
        return False
    x = v.get('release', _M)
    if x is not _M and not f66(x):
        return False
    return True
def f60(v):
    if not isinstance(v, dict):
        return False
    if not c132.issuperset(v):
        return False
    x = v.get('from', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('to', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    return True
def f61(v):
    if not isinstance(v, dict):
        return False
    if not c133.issuperset(v):
        return False
    x = v.get('from', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('ref', _M)
    if x is not _M and not (isinstance(x, str) and (c137.get(x) or (x not in c137 and c136(x)))):
        return False
    return True
def f62(v):
    if not isinstance(v, dict):
        return False
    if not c138.issuperset(v):
        return False
    x = v.get('clonerefs_path', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('from', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('pull_spec', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('ref', _M)
    if x is not _M and not (isinstance(x, str) and (c142.get(x) or (x not in c142 and c141(x)))):
        return False
    x = v.get('to', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    return True
def f63(v):
    if not isinstance(v, dict):
        return False
    if not ('product' in v and 'version' in v):
        return False
    if not c143.issuperset(v):
        return False
    x = v.get('architecture', _M)
    if x is not _M and not (isinstance(x, str) and x in c149):
        return False
    x = v.get('product', _M)
    if x is not _M and not (isinstance(x, str) and x in c150):
        return False
    x = v.get('relative', _M)
    if x is not _M and not f119(x):
        return False
    x = v.get('stream', _M)
    if x is not _M and not (isinstance(x, str) and x in c151):
        return False
    x = v.get('version', _M)
    if x is not _M and not (isinstance(x, str) and (c153.get(x) or (x not in c153 and c152(x)))):
        return False
    if not ((f121(v)) if f120(v) else (f122(v))):
        return False
    return True
def f64(v):
    if not isinstance(v, dict):
        return False
    if not ('namespace' in v and 'name' in v):
        return False
    if not c154.issuperset(v):
        return False
    x = v.get('include_built_images', _M)
    if x is not _M and not isinstance(x, c2):
        return False
    x = v.get('name', _M)
    if x is not _M and not (isinstance(x, str) and (c161.get(x) or (x not in c161 and c160(x)))):
        return False
    x = v.get('namespace', _M)
    if x is not _M and not (isinstance(x, str) and (c163.get(x) or (x not in c163 and c162(x)))):
        return False
    x = v.get('reference_policy', _M)
    if x is not _M and not (isinstance(x, str) and x in c164):
        return False
    return True
def f65(v):
    if not isinstance(v, dict):
        return False
    if not ('product' in v and 'version_bounds' in v):
        return False
    if not c165.issuperset(v):
        return False
    x = v.get('architecture', _M)
    if x is not _M and not (isinstance(x, str) and x in c168):
        return False
    x = v.get('product', _M)
    if x is not _M and not (isinstance(x, str) and x in c169):
        return False
    x = v.get('relative', _M)
    if x is not _M and not f123(x):
        return False
    x = v.get('version_bounds', _M)
    if x is not _M and not f124(x):
        return False
    return True
def f66(v):
    if not isinstance(v, dict):
        return False
    if not ('version' in v and 'channel' in v):
        return False
    if not c170.issuperset(v):
        return False
    x = v.get('architecture', _M)
    if x is not _M and not (isinstance(x, str) and x in c175):
        return False
    x = v.get('channel', _M)
    if x is not _M and not (isinstance(x, str) and x in c176):
        return False
    x = v.get('relative', _M)
    if x is not _M and not f125(x):
        return False
    x = v.get('version', _M)
    if x is not _M and not (isinstance(x, str) and (c178.get(x) or (x not in c178 and c177(x)))):
        return False
    return True
def f67(v):
    if not isinstance(v, dict):
        return False
    x = v.get('ci-operator.openshift.io/shm', _M)
    if x is not _M and not f127(x):
        return False
    x = v.get('cpu', _M)
    if x is not _M and not f127(x):
        return False
    x = v.get('devices.kubevirt.io/kvm', _M)
    if x is not _M and not f128(x):
        return False
    x = v.get('ephemeral-storage', _M)
    if x is not _M and not f127(x):
        return False
    x = v.get('memory', _M)
    if x is not _M and not f127(x):
        return False
    x = v.get('nvidia.com/gpu', _M)
    if x is not _M and not f127(x):
        return False
    for k, x in v.items():
        if k not in c179 and not f126(x):
            return False
    return True
def f68(v):
    if not isinstance(v, str):
        return False
    if not (c181.get(v) or (v not in c181 and c180(v))):
        return False
    if not (not f129(v)):
        return False
    if not len(v) <= 61:
        return False
    return True
def f69(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not isinstance(x, c1):
            return False
    return True
def f70(v):
    if not isinstance(v, dict):
        return False
    if not ('version' in v and 'cloud' in v and 'owner' in v):
        return False
    if not c182.issuperset(v):
        return False
    x = v.get('architecture', _M)
    if x is not _M and not (isinstance(x, str) and x in c185):
        return False
    x = v.get('as', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('cloud', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('labels', _M)
    if x is not _M and not f130(x):
        return False
    x = v.get('owner', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('product', _M)
    if x is not _M and not (isinstance(x, str) and x in c186):
        return False
    x = v.get('timeout', _M)
    if x is not _M and not f81(x):
        return False
    x = v.get('version', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    return True
def f71(v):
    if not isinstance(v, dict):
        return False
    if not ('from' in v):
        return False
    if not c187.issuperset(v):
        return False
    x = v.get('clone', _M)
    if x is not _M and not isinstance(x, c2):
        return False
    x = v.get('from', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('memory_backed_volume', _M)
    if x is not _M and not f131(x):
        return False
    return True
def f72(v):
    if not isinstance(v, dict):
        return False
    if not c188.issuperset(v):
        return False
    for k, x in v.items():
        c = c190.get(k)
        if c is not None:
            if not isinstance(x, c):
                return False
            continue
        t = c191.get(k)
        if t is not None:
            if not t(x):
                return False
    return True
def f73(v):
    if not ((not isinstance(v, bool) and (isinstance(v, int) or (isinstance(v, float) and v.is_integer())))):
        return False
    if not c192(v):
        return False
    return True
def f74(v):
    if not isinstance(v, dict):
        return False
    if not ('channel' in v):
        return False
    if not c193.issuperset(v):
        return False
    x = v.get('channel', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('job_states_to_report', _M)
    if x is not _M and not f143(x):
        return False
    x = v.get('report_presubmit', _M)
    if x is not _M and not isinstance(x, c2):
        return False
    x = v.get('report_template', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    return True
def f75(v):
    if not isinstance(v, dict):
        return False
    if not c194.issuperset(v):
        return False
    x = v.get('attempts', _M)
    if x is not _M and not f144(x):
        return False
    x = v.get('interval', _M)
    if x is not _M and not (isinstance(x, str) and (c198.get(x) or (x not in c198 and c197(x)))):
        return False
    x = v.get('run_all', _M)
    if x is not _M and not isinstance(x, c2):
        return False
    return True
def f76(v):
    if not isinstance(v, dict):
        return False
    if not c199.issuperset(v):
        return False
    x = v.get('as', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('bundle', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('collection', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('field', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('group', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('mount_path', _M)
    if x is not _M and not (isinstance(x, str) and (c205.get(x) or (x not in c205 and c204(x)))):
        return False
    x = v.get('name', _M)
    if x is not _M and not (isinstance(x, str) and (c207.get(x) or (x not in c207 and c206(x)))):
        return False
    return True
def f77(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not f76(x):
            return False
    return True
def f78(v):
    if not ((not isinstance(v, bool) and (isinstance(v, int) or (isinstance(v, float) and v.is_integer())))):
        return False
    if not c208(v):
        return False
    return True
def f79(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not isinstance(x, c1):
            return False
    return True
def f80(v):
    if not isinstance(v, dict):
        return False
    if not c209.issuperset(v):
        return False
    for k, x in v.items():
        c = c211.get(k)
        if c is not None:
            if not isinstance(x, c):
                return False
            continue
        t = c212.get(k)
        if t is not None:
            if not t(x):
                return False
    return True
def f81(v):
    if isinstance(v, str):
        if not (c214.get(v) or (v not in c214 and c213(v))):
            return False
    if not (isinstance(v, str) or (not isinstance(v, bool) and (isinstance(v, int) or (isinstance(v, float) and v.is_integer())))):
        return False
    return True
def f82(v):
    if not isinstance(v, str):
        return False
    if not (c216.get(v) or (v not in c216 and c215(v))):
        return False
    return True
def f83(v):
    if not isinstance(v, str):
        return False
    if not (c218.get(v) or (v not in c218 and c217(v))):
        return False
    return True
def f84(v):
    if not isinstance(v, str):
        return False
    if not (c220.get(v) or (v not in c220 and c219(v))):
        return False
    return True
def f85(v):
    if not isinstance(v, str):
        return False
    if not (isinstance(v, str) and v in c221):
        return False
    return True
def f86(v):
    if not (not f154(v)):
        return False
    if isinstance(v, dict):
        if not c222.issuperset(v):
            return False
    return True
def f87(v):
    if isinstance(v, dict):
        if not ('commands' in v):
            return False
        if 'literal_steps' in v:
            return False
        if 'steps' in v:
            return False
    return True
def f88(v):
    if isinstance(v, dict):
        if 'interval' in v:
            return False
        if 'minimum_interval' in v:
            return False
        if 'release_controller' in v:
            return False
    return True
def f89(v):
    if isinstance(v, dict):
        if 'minimum_interval' in v:
            return False
        if 'release_controller' in v:
            return False
    return True
def f90(v):
    if not ((f156(v)) if (not f155(v)) else (True)):
        return False
    return True
def f91(v):
    if isinstance(v, dict):
        if 'release_controller' in v:
            return False
    return True
def f92(v):
    if isinstance(v, dict):
        if 'pipeline_skip_if_only_changed' in v:
            return False
    return True
def f93(v):
    if isinstance(v, dict):
        if 'pipeline_run_if_changed' in v:
            return False
        if 'pipeline_skip_if_only_changed' in v:
            return False
        if 'skip_if_only_changed' in v:
            return False
    return True
def f94(v):
    if isinstance(v, dict):
        if 'secrets' in v:
            return False
    return True
def f95(v):
    if isinstance(v, dict):
        if 'pipeline_run_if_changed' in v:
            return False
        if 'pipeline_skip_if_only_changed' in v:
            return False
    return True
def f96(v):
    if isinstance(v, dict):
        if 'literal_steps' in v:
            return False
    if not ((f157(v)) if (not (not isinstance(v, dict) or ('container' in v))) else (True)):
        return False
    return True
def f97(v):
    if not isinstance(v, dict):
        return False
    if not ('name' in v):
        return False
    if not c232.issuperset(v):
        return False
    x = v.get('name', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('value', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    return True
def f98(v):
    if not isinstance(v, dict):
        return False
    if not c233.issuperset(v):
        return False
    x = v.get('as', _M)
    if x is not _M and not f158(x):
        return False
    x = v.get('paths', _M)
    if x is not _M and not f159(x):
        return False
    return True
def f99(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not (isinstance(x, str) and x in c234):
            return False
    return True
def f100(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not f97(x):
            return False
    return True
def f101(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not f160(x):
            return False
    return True
def f102(v):
    if not isinstance(v, dict):
        return False
    for k, x in v.items():
        if k not in c235 and not f98(x):
            return False
    for k in v:
        if not (not isinstance(k, str) or (c237.get(k) or (k not in c237 and c236(k)))):
            return False
    return True
def f103(v):
    if not isinstance(v, str):
        return False
    if not (c239.get(v) or (v not in c239 and c238(v))):
        return False
    return True
def f104(v):
    if not isinstance(v, str):
        return False
    if not (c241.get(v) or (v not in c241 and c240(v))):
        return False
    return True
def f105(v):
    if isinstance(v, dict):
        if 'context_dir' in v:
            return False
        if 'dockerfile_path' in v:
            return False
    return True
def f106(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not f49(x):
            return False
    return True
def f107(v):
    if isinstance(v, dict):
        if 'pipeline_skip_if_only_changed' in v:
            return False
    return True
def f108(v):
    if isinstance(v, dict):
        if 'pipeline_run_if_changed' in v:
            return False
        if 'pipeline_skip_if_only_changed' in v:
            return False
        if 'skip_if_only_changed' in v:
            return False
    return True
def f109(v):
    if isinstance(v, dict):
        if 'pipeline_run_if_changed' in v:
            return False
        if 'pipeline_skip_if_only_changed' in v:
            return False
    return True
def f110(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not isinstance(x, c1):
            return False
    return True
def f111(v):
    if not isinstance(v, str):
        return False
    if not (isinstance(v, str) and v in c246):
        return False
    return True
def f112(v):
    if isinstance(v, dict):
        if not ('skip_building_index' in v):
            return False
        x = v.get('skip_building_index', _M)
        if x is not _M and not f161(x):
            return False
    return True
def f113(v):
    if isinstance(v, dict):
        if 'skip_if_only_changed' in v:
            return False
    return True
def f114(v):
    if not isinstance(v, dict):
        return False
    for k, x in v.items():
        if k not in c249 and not isinstance(x, c1):
            return False
    return True
def f115(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not isinstance(x, c1):
            return False
    return True
def f116(v):
    if isinstance(v, dict):
        if 'tag' in v:
            return False
    return True
def f117(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not f52(x):
            return False
    return True
def f118(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not isinstance(x, c1):
            return False
    return True
def f119(v):
    if not ((not isinstance(v, bool) and (isinstance(v, int) or (isinstance(v, float) and v.is_integer())))):
        return False
    if not c251(v):
        return False
    return True
def f120(v):
    if isinstance(v, dict):
        if not ('product' in v):
            return False
        x = v.get('product', _M)
        if x is not _M and not f162(x):
            return False
    return True
def f121(v):
    if isinstance(v, dict):
        if not ('stream' in v):
            return False
        x = v.get('stream', _M)
        if x is not _M and not (isinstance(x, str) and x in c255):
            return False
    return True
def f122(v):
    if isinstance(v, dict):
        x = v.get('stream', _M)
        if x is not _M and not (isinstance(x, str) and x in c258):
            return False
    return True
def f123(v):
    if not ((not isinstance(v, bool) and (isinstance(v, int) or (isinstance(v, float) and v.is_integer())))):
        return False
    return True
def f124(v):
    if not isinstance(v, dict):
        return False
    if not ('lower' in v and 'upper' in v):
        return False
    if not c259.issuperset(v):
        return False
    x = v.get('lower', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('stream', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('upper', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    return True
def f125(v):
    if not ((not isinstance(v, bool) and (isinstance(v, int) or (isinstance(v, float) and v.is_integer())))):
        return False
    if not c260(v):
        return False
    return True
def f126(v):
    if not (isinstance(v, str) or (not isinstance(v, bool) and (isinstance(v, int) or (isinstance(v, float) and v.is_integer()))) or (isinstance(v, (int, float)) and not isinstance(v, bool))):
        return False
    return True
def f127(v):
    if isinstance(v, str):
        if not (c262.get(v) or (v not in c262 and c261(v))):
            return False
    if not (isinstance(v, str) or (not isinstance(v, bool) and (isinstance(v, int) or (isinstance(v, float) and v.is_integer()))) or (isinstance(v, (int, float)) and not isinstance(v, bool))):
        return False
    return True
def f128(v):
    if not (isinstance(v, str) or (not isinstance(v, bool) and (isinstance(v, int) or (isinstance(v, float) and v.is_integer()))) or (isinstance(v, (int, float)) and not isinstance(v, bool))):
        return False
    return True
def f129(v):
    if not (f163(v) or (not isinstance(v, str) or (c264.get(v) or (v not in c264 and c263(v)))) or (not isinstance(v, str) or (c266.get(v) or (v not in c266 and c265(v))))):
        return False
    return True
def f130(v):
    if not isinstance(v, dict):
        return False
    for k, x in v.items():
        if k not in c267 and not isinstance(x, c1):
            return False
    for k in v:
        if not (not (isinstance(k, str) and k in c268)):
            return False
    return True
def f131(v):
    if not isinstance(v, dict):
        return False
    if not ('size' in v):
        return False
    if not c269.issuperset(v):
        return False
    x = v.get('size', _M)
    if x is not _M and not (isinstance(x, str) and (c273.get(x) or (x not in c273 and c272(x)))):
        return False
    return True
def f132(v):
    if not isinstance(v, dict):
        return False
    if not c274.issuperset(v):
        return False
    x = v.get('cluster_type', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('ip_pool_lease_type', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('lease_type', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('name', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('secret', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    return True
def f133(v):
    if not isinstance(v, dict):
        return False
    for k, x in v.items():
        if k not in c275 and not isinstance(x, c1):
            return False
    return True
def f134(v):
    if not isinstance(v, dict):
        return False
    for k, x in v.items():
        if k not in c276 and not isinstance(x, c1):
            return False
    return True
def f135(v):
    if not isinstance(v, dict):
        return False
    if not c277.issuperset(v):
        return False
    x = v.get('nameservers', _M)
    if x is not _M and not f164(x):
        return False
    x = v.get('searches', _M)
    if x is not _M and not f165(x):
        return False
    return True
def f136(v):
    if not isinstance(v, dict):
        return False
    for k, x in v.items():
        if k not in c278 and not isinstance(x, c1):
            return False
    return True
def f137(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not f166(x):
            return False
    return True
def f138(v):
    if not isinstance(v, dict):
        return False
    for k, x in v.items():
        if k not in c279 and not (isinstance(x, str) and x in c280):
            return False
    return True
def f139(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not f167(x):
            return False
    return True
def f140(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not f168(x):
            return False
    return True
def f141(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not f168(x):
            return False
    return True
def f142(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not f168(x):
            return False
    return True
def f143(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not (isinstance(x, str) and x in c281):
            return False
    return True
def f144(v):
    if not ((not isinstance(v, bool) and (isinstance(v, int) or (isinstance(v, float) and v.is_integer())))):
        return False
    if not c282(v):
        return False
    return True
def f145(v):
    if not isinstance(v, dict):
        return False
    for k, x in v.items():
        if k not in c283 and not isinstance(x, c1):
            return False
    return True
def f146(v):
    if not isinstance(v, dict):
        return False
    for k, x in v.items():
        if k not in c284 and not isinstance(x, c1):
            return False
    return True
def f147(v):
    if not isinstance(v, dict):
        return False
    for k, x in v.items():
        if k not in c285 and not isinstance(x, c1):
            return False
    return True
def f148(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not f166(x):
            return False
    return True
def f149(v):
    if not isinstance(v, dict):
        return False
    for k, x in v.items():
        if k not in c286 and not (isinstance(x, str) and x in c287):
            return False
    return True
def f150(v):
    if not isinstance(v, dict):
        return False
    if not c288.issuperset(v):
        return False
    x = v.get('disable', _M)
    if x is not _M and not f169(x):
        return False
    x = v.get('enable', _M)
    if x is not _M and not f170(x):
        return False
    return True
def f151(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not f171(x):
            return False
    return True
def f152(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not f171(x):
            return False
    return True
def f153(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not f171(x):
            return False
    return True
def f154(v):
    if not ((not isinstance(v, dict) or ('steps' in v)) or (not isinstance(v, dict) or ('literal_steps' in v))):
        return False
    return True
def f155(v):
    if not ((not isinstance(v, dict) or ('container' in v)) or (not isinstance(v, dict) or ('steps' in v))):
        return False
    return True
def f156(v):
    if isinstance(v, dict):
        if 'commands' in v:
            return False
    return True
def f157(v):
    if isinstance(v, dict):
        if 'commands' in v:
            return False
    return True
def f158(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not isinstance(x, c1):
            return False
    return True
def f159(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not f172(x):
            return False
    return True
def f160(v):
    if not isinstance(v, str):
        return False
    if not (c292.get(v) or (v not in c292 and c291(v))):
        return False
    if not len(v) <= 63:
        return False
    return True
def f161(v):
    if not v is True:
        return False
    return True
def f162(v):
    if not (isinstance(v, str) and v == 'ocp'):
        return False
    return True
def f163(v):
    if not (isinstance(v, str) and v == 'images'):
        return False
    return True
def f164(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not isinstance(x, c1):
            return False
    return True
def f165(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not isinstance(x, c1):
            return False
    return True
def f166(v):
    if not isinstance(v, dict):
        return False
    if not ('resource_type' in v and 'env' in v):
        return False
    if not c293.issuperset(v):
        return False
    x = v.get('count', _M)
    if x is not _M and not f173(x):
        return False
    x = v.get('env', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('resource_type', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    return True
def f167(v):
    if not isinstance(v, dict):
        return False
    if not ('name' in v):
        return False
    if not c294.issuperset(v):
        return False
    x = v.get('commands', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('env', _M)
    if x is not _M and not f174(x):
        return False
    x = v.get('from', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('from_image', _M)
    if x is not _M and not f175(x):
        return False
    x = v.get('grace_period', _M)
    if x is not _M and not f81(x):
        return False
    x = v.get('name', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('resources', _M)
    if x is not _M and not f41(x):
        return False
    x = v.get('timeout', _M)
    if x is not _M and not f81(x):
        return False
    if 'from' in v and not f176(v):
        return False
    return True
def f168(v):
    if not isinstance(v, dict):
        return False
    if not ('as' in v and 'commands' in v and 'resources' in v):
        return False
    if not c295.issuperset(v):
        return False
    for k, x in v.items():
        c = c299.get(k)
        if c is not None:
            if not isinstance(x, c):
                return False
            continue
        t = c300.get(k)
        if t is not None:
            if not t(x):
                return False
    if not (((not isinstance(v, dict) or ('from' in v))) if (not (not isinstance(v, dict) or ('from_image' in v))) else (True)):
        return False
    if 'from' in v and not f184(v):
        return False
    return True
def f169(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not isinstance(x, c1):
            return False
    return True
def f170(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not isinstance(x, c1):
            return False
    return True
def f171(v):
    if not isinstance(v, dict):
        return False
    if not c301.issuperset(v):
        return False
    for k, x in v.items():
        c = c305.get(k)
        if c is not None:
            if not isinstance(x, c):
                return False
            continue
        t = c306.get(k)
        if t is not None:
            if not t(x):
                return False
    if not ((f193(v)) if f192(v) else (f194(v))):
        return False
    return True
def f172(v):
    if not isinstance(v, dict):
        return False
    if not ('source_path' in v and 'destination_dir' in v):
        return False
    if not c307.issuperset(v):
        return False
    x = v.get('destination_dir', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('source_path', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    return True
def f173(v):
    if not ((not isinstance(v, bool) and (isinstance(v, int) or (isinstance(v, float) and v.is_integer())))):
        return False
    if not c308(v):
        return False
    return True
def f174(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not f195(x):
            return False
    return True
def f175(v):
    if isinstance(v, dict):
        if not ('namespace' in v and 'name' in v and 'tag' in v):
            return False
    if not (f22(v)):
        return False
    return True
def f176(v):
    if isinstance(v, dict):
        if 'from_image' in v:
            return False
    return True
def f177(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not f196(x):
            return False
    return True
def f178(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not f197(x):
            return False
    return True
def f179(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not f195(x):
            return False
    return True
def f180(v):
    if isinstance(v, dict):
        if not ('namespace' in v and 'name' in v and 'tag' in v):
            return False
    if not (f22(v)):
        return False
    return True
def f181(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not f166(x):
            return False
    return True
def f182(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not isinstance(x, c1):
            return False
    return True
def f183(v):
    if not isinstance(v, str):
        return False
    if not (c311.get(v) or (v not in c311 and c310(v))):
        return False
    return True
def f184(v):
    if isinstance(v, dict):
        if 'from_image' in v:
            return False
    return True
def f185(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not f196(x):
            return False
    return True
def f186(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not f197(x):
            return False
    return True
def f187(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not f195(x):
            return False
    return True
def f188(v):
    if isinstance(v, dict):
        if not ('namespace' in v and 'name' in v and 'tag' in v):
            return False
    if not (f22(v)):
        return False
    return True
def f189(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not f166(x):
            return False
    return True
def f190(v):
    if not isinstance(v, list):
        return False
    for x in v:
        if not isinstance(x, c1):
            return False
    return True
def f191(v):
    if not isinstance(v, str):
        return False
    if not (c314.get(v) or (v not in c314 and c313(v))):
        return False
    return True
def f192(v):
    if not ((not isinstance(v, dict) or ('ref' in v)) or (not isinstance(v, dict) or ('chain' in v))):
        return False
    return True
def f193(v):
    if isinstance(v, dict):
        if not len(v) <= 1:
            return False
    return True
def f194(v):
    if isinstance(v, dict):
        if not ('as' in v and 'commands' in v and 'resources' in v):
            return False
    if not (((not isinstance(v, dict) or ('from' in v))) if (not (not isinstance(v, dict) or ('from_image' in v))) else (True)):
        return False
    if isinstance(v, dict):
        if 'from' in v and not f198(v):
            return False
    return True
def f195(v):
    if not isinstance(v, dict):
        return False
    if not ('name' in v):
        return False
    if not c315.issuperset(v):
        return False
    x = v.get('default', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('documentation', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('name', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    return True
def f196(v):
    if not isinstance(v, dict):
        return False
    if not c316.issuperset(v):
        return False
    x = v.get('as', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('bundle', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('collection', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('field', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('group', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('mount_path', _M)
    if x is not _M and not (isinstance(x, str) and (c320.get(x) or (x not in c320 and c319(x)))):
        return False
    x = v.get('name', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('namespace', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    return True
def f197(v):
    if not isinstance(v, dict):
        return False
    if not ('name' in v and 'env' in v):
        return False
    if not c321.issuperset(v):
        return False
    x = v.get('env', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    x = v.get('name', _M)
    if x is not _M and not isinstance(x, c1):
        return False
    return True
def f198(v):
    if isinstance(v, dict):
        if 'from_image' in v:
            return False
    return True

c0 = frozenset(('base_images', 'base_rpm_images', 'binary_build_commands', 'binary_build_commands_list', 'build_images_if_affected', 'build_root', 'build_roots', 'canonical_go_repository', 'canonical_go_repository_list', 'external_images', 'images', 'operator', 'promotion', 'prowgen', 'raw_steps', 'releases', 'resources', 'rpm_build_commands', 'rpm_build_commands_list', 'rpm_build_location', 'rpm_build_location_list', 'tag_specification', 'test_binary_build_commands', 'test_binary_build_commands_list', 'tests', 'zz_generated_metadata', ))
c1 = str
c2 = bool
c3 = {'binary_build_commands': str, 'build_images_if_affected': bool, 'canonical_go_repository': str, 'rpm_build_commands': str, 'rpm_build_location': str, 'test_binary_build_commands': str}
c4 = {'base_images': f1, 'base_rpm_images': f2, 'binary_build_commands_list': f16, 'build_root': f3, 'build_roots': f17, 'canonical_go_repository_list': f4, 'external_images': f5, 'images': f6, 'operator': f7, 'promotion': f8, 'prowgen': f9, 'raw_steps': f10, 'releases': f11, 'resources': f12, 'rpm_build_commands_list': f18, 'rpm_build_location_list': f19, 'tag_specification': f13, 'test_binary_build_commands_list': f20, 'tests': f14, 'zz_generated_metadata': f15}
c5 = frozenset(())
c6 = _MemoSearch(lazy_compile('^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$'))
c7 = c6.known
c8 = frozenset(())
c9 = _MemoSearch(lazy_compile('^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$'))
c10 = c9.known
c11 = frozenset(('from_repository', 'image_stream_tag', 'project_image', 'use_build_cache', ))
c12 = frozenset(())
c13 = _MemoSearch(lazy_compile('^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$'))
c14 = c13.known
c15 = list
c16 = frozenset(('bundles', 'substitutions', ))
c17 = frozenset(('additional_images', 'cron', 'disable_build_cache', 'disabled', 'excluded_images', 'name', 'name_prefix', 'namespace', 'registry_override', 'tag', 'tag_by_commit', 'to', ))
c18 = {'cron': str, 'disable_build_cache': bool, 'disabled': bool, 'name': str, 'name_prefix': str, 'namespace': str, 'registry_override': str, 'tag': str, 'tag_by_commit': bool}
c19 = {'additional_images': f35, 'excluded_images': f36, 'to': f37}
c20 = frozenset(('disable_rehearsals', 'disable_sparse_checkout', 'enable_secrets_store_csi_driver', 'expose', 'private', 'skip_operator_presubmits', ))
c21 = frozenset(())
c22 = frozenset(())
c23 = frozenset(('include_built_images', 'name', 'namespace', 'reference_policy', ))
c24 = _MemoSearch(lazy_compile('^[A-Za-z0-9][A-Za-z0-9._-]*$'))
c25 = c24.known
c26 = _MemoSearch(lazy_compile('^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'))
c27 = c26.known
c28 = _MemoSearch(lazy_compile('^[A-Za-z0-9][A-Za-z0-9._-]*$'))
c29 = c28.known
c30 = _MemoSearch(lazy_compile('^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'))
c31 = c30.known
c32 = frozenset(('branch', 'org', 'repo', 'variant', ))
c33 = _MemoSearch(lazy_compile('^[A-Za-z0-9_.-]*$'))
c34 = c33.known
c35 = _MemoSearch(lazy_compile('^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$'))
c36 = c35.known
c37 = _MemoSearch(lazy_compile('^[A-Za-z0-9_.-]*$'))
c38 = c37.known
c39 = _MemoSearch(lazy_compile('^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$'))
c40 = c39.known
c41 = frozenset(('releases', ))
c42 = frozenset(('as', 'name', 'namespace', 'tag', ))
c43 = _MemoSearch(lazy_compile('^([A-Za-z0-9][A-Za-z0-9._-]*)?$'))
c44 = c43.known
c45 = _MemoSearch(lazy_compile('^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)?$'))
c46 = c45.known
c47 = _MemoSearch(lazy_compile('^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$'))
c48 = c47.known
c49 = _MemoSearch(lazy_compile('^([A-Za-z0-9][A-Za-z0-9._-]*)?$'))
c50 = c49.known
c51 = _MemoSearch(lazy_compile('^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)?$'))
c52 = c51.known
c53 = _MemoSearch(lazy_compile('^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$'))
c54 = c53.known
c55 = frozenset(('build_args', 'context_dir', 'dockerfile_literal', 'dockerfile_path', 'inputs', 'ref', ))
c56 = _MemoSearch(lazy_compile('^[^.]+\\.[^.]+$'))
c57 = c56.known
c58 = _MemoSearch(lazy_compile('^[^.]+\\.[^.]+$'))
c59 = c58.known
c60 = frozenset(('from_repository', ))
c61 = frozenset(('from_repository', 'project_image', ))
c62 = frozenset(('from_repository', ))
c63 = frozenset(('ref', 'repository', ))
c64 = frozenset(('as', 'name', 'namespace', 'pull_secret', 'pull_spec', 'registry', 'tag', ))
c65 = _MemoSearch(lazy_compile('quay.io'))
c66 = c65.known
c67 = _MemoSearch(lazy_compile('quay.io'))
c68 = c67.known
c69 = dict
c70 = frozenset(())
c71 = frozenset(('bundle_source_step', 'index_generator_step', 'input_image_tag_step', 'output_image_tag_step', 'pipeline_image_cache_step', 'project_directory_image_build_inputs', 'project_directory_image_build_step', 'release_images_tag_step', 'resolved_release_images_step', 'rpm_image_injection_step', 'rpm_serve_step', 'source_step', 'test_step', ))
c72 = {}
c73 = {'bundle_source_step': f54, 'index_generator_step': f55, 'input_image_tag_step': f56, 'output_image_tag_step': f57, 'pipeline_image_cache_step': f58, 'project_directory_image_build_inputs': f24, 'project_directory_image_build_step': f49, 'release_images_tag_step': f13, 'resolved_release_images_step': f59, 'rpm_image_injection_step': f60, 'rpm_serve_step': f61, 'source_step': f62, 'test_step': f42}
c74 = frozenset(('candidate', 'integration', 'prerelease', 'release', ))
c75 = _MemoSearch(lazy_compile('^[^.]*$'))
c76 = c75.known
c77 = _MemoSearch(lazy_compile('^([a-z0-9]+((_|__|-*)[a-z0-9]+)*|.*[.].*)$'))
c78 = c77.known
c79 = frozenset(('limits', 'requests', ))
c80 = frozenset(('always_run', 'as', 'capabilities', 'cluster', 'cluster_claim', 'commands', 'container', 'cron', 'disable_pod_scaler', 'disable_rehearsal', 'interval', 'literal_steps', 'max_concurrency', 'minimum_interval', 'nested_podman', 'node_architecture', 'optional', 'pipeline_run_if_changed', 'pipeline_skip_if_only_changed', 'portable', 'postsubmit', 'presubmit', 'release_controller', 'reporter_config', 'restrict_network_access', 'retry', 'run_if_changed', 'secret', 'secrets', 'shard_count', 'skip_branches', 'skip_if_only_changed', 'steps', 'timeout', ))
c81 = _MemoSearch(lazy_compile('^(app\\.ci|arm01|vsphere02)$|build[0-9][0-9]+'))
c82 = c81.known
c83 = _MemoSearch(lazy_compile('^[-+]?(0|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|\\u00b5s|\\u03bcs|ms|s|m|h))+)$'))
c84 = c83.known
c85 = _MemoSearch(lazy_compile('^[-+]?(0|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|\\u00b5s|\\u03bcs|ms|s|m|h))+)$'))
c86 = c85.known
c87 = frozenset(('amd64', 'arm64', 'ppc64le', 's390x', ))
c88 = {'always_run': bool, 'commands': str, 'cron': str, 'disable_pod_scaler': bool, 'disable_rehearsal': bool, 'nested_podman': bool, 'optional': bool, 'pipeline_run_if_changed': str, 'pipeline_skip_if_only_changed': str, 'portable': bool, 'postsubmit': bool, 'presubmit': bool, 'release_controller': bool, 'restrict_network_access': bool, 'run_if_changed': str, 'skip_if_only_changed': str}
c89 = {'as': f68, 'capabilities': f69, 'cluster': f82, 'cluster_claim': f70, 'container': f71, 'interval': f83, 'literal_steps': f72, 'max_concurrency': f73, 'minimum_interval': f84, 'node_architecture': f85, 'reporter_config': f74, 'retry': f75, 'secret': f76, 'secrets': f77, 'shard_count': f78, 'skip_branches': f79, 'steps': f80, 'timeout': f81}
c90 = frozenset(('initial', 'latest', ))
c91 = frozenset(())
c92 = _MemoSearch(lazy_compile('^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$'))
c93 = c92.known
c94 = frozenset(('additional_architectures', 'build_args', 'capabilities', 'context_dir', 'dockerfile_literal', 'dockerfile_path', 'from', 'inputs', 'multi_arch', 'optional', 'ref', 'to', ))
c95 = _MemoSearch(lazy_compile('^[^.]+\\.[^.]+$'))
c96 = c95.known
c97 = _MemoSearch(lazy_compile('^[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$'))
c98 = c97.known
c99 = {'context_dir': str, 'dockerfile_literal': str, 'dockerfile_path': str, 'from': str, 'multi_arch': bool, 'optional': bool}
c100 = {'additional_architectures': f99, 'build_args': f100, 'capabilities': f101, 'inputs': f102, 'ref': f103, 'to': f104}
c101 = frozenset(('build_if_affected', 'items', 'pipeline_run_if_changed', 'pipeline_skip_if_only_changed', 'reporter_config', 'run_if_changed', 'skip_if_only_changed', ))
c102 = frozenset(('as', 'base_index', 'capabilities', 'context_dir', 'dockerfile_path', 'optional', 'run_if_changed', 'skip_building_index', 'skip_if_only_changed', 'update_graph', ))
c103 = frozenset(('replaces', 'semver', 'semver-skippatch', ))
c104 = {'as': str, 'base_index': str, 'context_dir': str, 'dockerfile_path': str, 'optional': bool, 'run_if_changed': str, 'skip_building_index': bool, 'skip_if_only_changed': str}
c105 = {'capabilities': f110, 'update_graph': f111}
c106 = frozenset(('pullspec', 'with', ))
c107 = frozenset(('additional_images', 'disabled', 'excluded_images', 'name', 'namespace', 'tag', 'tag_by_commit', ))
c108 = _MemoSearch(lazy_compile('^[A-Za-z0-9][A-Za-z0-9._-]*$'))
c109 = c108.known
c110 = _MemoSearch(lazy_compile('^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$'))
c111 = c110.known
c112 = _MemoSearch(lazy_compile('^[A-Za-z0-9][A-Za-z0-9._-]*$'))
c113 = c112.known
c114 = _MemoSearch(lazy_compile('^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$'))
c115 = c114.known
c116 = frozenset(('substitutions', ))
c117 = frozenset(('base_index', 'operator_index', 'to', 'update_graph', ))
c118 = frozenset(('replaces', 'semver', 'semver-skippatch', ))
c119 = frozenset(('replaces', 'semver', 'semver-skippatch', ))
c120 = frozenset(('base_image', 'external_image', 'ref', 'to', ))
c121 = _MemoSearch(lazy_compile('^[^.]+\\.[^.]+$'))
c122 = c121.known
c123 = _MemoSearch(lazy_compile('^[^.]+\\.[^.]+$'))
c124 = c123.known
c125 = frozenset(('from', 'optional', 'to', ))
c126 = frozenset(('commands', 'from', 'ref', 'to', ))
c127 = _MemoSearch(lazy_compile('^[^.]+\\.[^.]+$'))
c128 = c127.known
c129 = _MemoSearch(lazy_compile('^[^.]+\\.[^.]+$'))
c130 = c129.known
c131 = frozenset(('candidate', 'integration', 'name', 'prerelease', 'release', ))
c132 = frozenset(('from', 'to', ))
c133 = frozenset(('from', 'ref', ))
c134 = _MemoSearch(lazy_compile('^[^.]+\\.[^.]+$'))
c135 = c134.known
c136 = _MemoSearch(lazy_compile('^[^.]+\\.[^.]+$'))
c137 = c136.known
c138 = frozenset(('clonerefs_path', 'from', 'pull_spec', 'ref', 'to', ))
c139 = _MemoSearch(lazy_compile('^[^.]+\\.[^.]+$'))
c140 = c139.known
c141 = _MemoSearch(lazy_compile('^[^.]+\\.[^.]+$'))
c142 = c141.known
c143 = frozenset(('architecture', 'product', 'relative', 'stream', 'version', ))
c144 = frozenset(('amd64', 'arm64', 'multi', 'ppc64le', 's390x', ))
c145 = frozenset(('ocp', 'okd', 'okd-scos', ))
c146 = frozenset(('', 'ci', 'konflux-nightly', 'nightly', 'okd', 'okd-scos', ))
c147 = _MemoSearch(lazy_compile('[0-9]\\.[0-9]+'))
c148 = c147.known
c149 = frozenset(('amd64', 'arm64', 'multi', 'ppc64le', 's390x', ))
c150 = frozenset(('ocp', 'okd', 'okd-scos', ))
c151 = frozenset(('', 'ci', 'konflux-nightly', 'nightly', 'okd', 'okd-scos', ))
c152 = _MemoSearch(lazy_compile('[0-9]\\.[0-9]+'))
c153 = c152.known
c154 = frozenset(('include_built_images', 'name', 'namespace', 'reference_policy', ))
c155 = _MemoSearch(lazy_compile('^[A-Za-z0-9][A-Za-z0-9._-]*$'))
c156 = c155.known
c157 = _MemoSearch(lazy_compile('^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'))
c158 = c157.known
c159 = frozenset(('Local', 'Source', ))
c160 = _MemoSearch(lazy_compile('^[A-Za-z0-9][A-Za-z0-9._-]*$'))
c161 = c160.known
c162 = _MemoSearch(lazy_compile('^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'))
c163 = c162.known
c164 = frozenset(('Local', 'Source', ))
c165 = frozenset(('architecture', 'product', 'relative', 'version_bounds', ))
c166 = frozenset(('amd64', 'arm64', 'multi', 'ppc64le', 's390x', ))
c167 = frozenset(('ocp', 'okd', 'okd-scos', ))
c168 = frozenset(('amd64', 'arm64', 'multi', 'ppc64le', 's390x', ))
c169 = frozenset(('ocp', 'okd', 'okd-scos', ))
c170 = frozenset(('architecture', 'channel', 'relative', 'version', ))
c171 = frozenset(('amd64', 'arm64', 'multi', 'ppc64le', 's390x', ))
c172 = frozenset(('candidate', 'fast', 'stable', ))
c173 = _MemoSearch(lazy_compile('[0-9]\\.[0-9]+'))
c174 = c173.known
c175 = frozenset(('amd64', 'arm64', 'multi', 'ppc64le', 's390x', ))
c176 = frozenset(('candidate', 'fast', 'stable', ))
c177 = _MemoSearch(lazy_compile('[0-9]\\.[0-9]+'))
c178 = c177.known
c179 = frozenset(('ci-operator.openshift.io/shm', 'cpu', 'devices.kubevirt.io/kvm', 'ephemeral-storage', 'memory', 'nvidia.com/gpu', ))
c180 = _MemoSearch(lazy_compile('^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$'))
c181 = c180.known
c182 = frozenset(('architecture', 'as', 'cloud', 'labels', 'owner', 'product', 'timeout', 'version', ))
c183 = frozenset(('amd64', 'arm64', 'multi', 'ppc64le', 's390x', ))
c184 = frozenset(('ocp', 'okd', 'okd-scos', ))
c185 = frozenset(('amd64', 'arm64', 'multi', 'ppc64le', 's390x', ))
c186 = frozenset(('ocp', 'okd', 'okd-scos', ))
c187 = frozenset(('clone', 'from', 'memory_backed_volume', ))
c188 = frozenset(('allow_best_effort_post_steps', 'allow_skip_on_success', 'cluster_profile_literal', 'dependencies', 'dependency_overrides', 'dnsConfig', 'env', 'leases', 'node_architecture', 'node_architecture_overrides', 'observers', 'post', 'pre', 'test', 'timeout', ))
c189 = frozenset(('amd64', 'arm64', 'ppc64le', 's390x', ))
c190 = {'allow_best_effort_post_steps': bool, 'allow_skip_on_success': bool}
c191 = {'cluster_profile_literal': f132, 'dependencies': f133, 'dependency_overrides': f134, 'dnsConfig': f135, 'env': f136, 'leases': f137, 'node_architecture': f85, 'node_architecture_overrides': f138, 'observers': f139, 'post': f140, 'pre': f141, 'test': f142, 'timeout': f81}
c192 = None
c193 = frozenset(('channel', 'job_states_to_report', 'report_presubmit', 'report_template', ))
c194 = frozenset(('attempts', 'interval', 'run_all', ))
c195 = _MemoSearch(lazy_compile('^[-+]?(0|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|\\u00b5s|\\u03bcs|ms|s|m|h))+)$'))
c196 = c195.known
c197 = _MemoSearch(lazy_compile('^[-+]?(0|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|\\u00b5s|\\u03bcs|ms|s|m|h))+)$'))
c198 = c197.known
c199 = frozenset(('as', 'bundle', 'collection', 'field', 'group', 'mount_path', 'name', ))
c200 = _MemoSearch(lazy_compile('^/'))
c201 = c200.known
c202 = _MemoSearch(lazy_compile('^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$'))
c203 = c202.known
c204 = _MemoSearch(lazy_compile('^/'))
c205 = c204.known
c206 = _MemoSearch(lazy_compile('^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$'))
c207 = c206.known
c208 = None
c209 = frozenset(('allow_best_effort_post_steps', 'allow_skip_on_success', 'cluster_profile', 'dependencies', 'dependency_overrides', 'dnsConfig', 'env', 'leases', 'node_architecture', 'node_architecture_overrides', 'observers', 'post', 'pre', 'test', 'workflow', ))
c210 = frozenset(('amd64', 'arm64', 'ppc64le', 's390x', ))
c211 = {'allow_best_effort_post_steps': bool, 'allow_skip_on_success': bool, 'cluster_profile': str, 'workflow': str}
c212 = {'dependencies': f145, 'dependency_overrides': f146, 'dnsConfig': f135, 'env': f147, 'leases': f148, 'node_architecture': f85, 'node_architecture_overrides': f149, 'observers': f150, 'post': f151, 'pre': f152, 'test': f153}
c213 = _MemoSearch(lazy_compile('^[-+]?(0|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|\\u00b5s|\\u03bcs|ms|s|m|h))+)$'))
c214 = c213.known
c215 = _MemoSearch(lazy_compile('^(app\\.ci|arm01|vsphere02)$|build[0-9][0-9]+'))
c216 = c215.known
c217 = _MemoSearch(lazy_compile('^[-+]?(0|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|\\u00b5s|\\u03bcs|ms|s|m|h))+)$'))
c218 = c217.known
c219 = _MemoSearch(lazy_compile('^[-+]?(0|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|\\u00b5s|\\u03bcs|ms|s|m|h))+)$'))
c220 = c219.known
c221 = frozenset(('amd64', 'arm64', 'ppc64le', 's390x', ))
c222 = frozenset(('always_run', 'as', 'capabilities', 'cluster', 'cluster_claim', 'commands', 'container', 'cron', 'disable_pod_scaler', 'disable_rehearsal', 'interval', 'literal_steps', 'max_concurrency', 'minimum_interval', 'nested_podman', 'node_architecture', 'optional', 'pipeline_run_if_changed', 'pipeline_skip_if_only_changed', 'portable', 'postsubmit', 'presubmit', 'release_controller', 'reporter_config', 'restrict_network_access', 'retry', 'run_if_changed', 'secret', 'secrets', 'shard_count', 'skip_branches', 'skip_if_only_changed', 'steps', 'timeout', ))
c223 = frozenset(('literal_steps', 'steps', ))
c224 = frozenset(('interval', 'minimum_interval', 'release_controller', ))
c225 = frozenset(('minimum_interval', 'release_controller', ))
c226 = frozenset(('release_controller', ))
c227 = frozenset(('pipeline_skip_if_only_changed', ))
c228 = frozenset(('pipeline_run_if_changed', 'pipeline_skip_if_only_changed', 'skip_if_only_changed', ))
c229 = frozenset(('secrets', ))
c230 = frozenset(('pipeline_run_if_changed', 'pipeline_skip_if_only_changed', ))
c231 = frozenset(('literal_steps', ))
c232 = frozenset(('name', 'value', ))
c233 = frozenset(('as', 'paths', ))
c234 = frozenset(('amd64', 'arm64', 'ppc64le', 's390x', ))
c235 = frozenset(())
c236 = _MemoSearch(lazy_compile('^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$'))
c237 = c236.known
c238 = _MemoSearch(lazy_compile('^[^.]+\\.[^.]+$'))
c239 = c238.known
c240 = _MemoSearch(lazy_compile('^[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$'))
c241 = c240.known
c242 = frozenset(('context_dir', 'dockerfile_path', ))
c243 = frozenset(('pipeline_skip_if_only_changed', ))
c244 = frozenset(('pipeline_run_if_changed', 'pipeline_skip_if_only_changed', 'skip_if_only_changed', ))
c245 = frozenset(('pipeline_run_if_changed', 'pipeline_skip_if_only_changed', ))
c246 = frozenset(('replaces', 'semver', 'semver-skippatch', ))
c247 = frozenset(('skip_building_index', ))
c248 = frozenset(('skip_if_only_changed', ))
c249 = frozenset(())
c250 = frozenset(('tag', ))
c251 = None
c252 = frozenset(('product', ))
c253 = frozenset(('stream', ))
c254 = frozenset(('ci', 'konflux-nightly', 'nightly', ))
c255 = frozenset(('ci', 'konflux-nightly', 'nightly', ))
c256 = frozenset(('stream', ))
c257 = frozenset(('', 'okd', 'okd-scos', ))
c258 = frozenset(('', 'okd', 'okd-scos', ))
c259 = frozenset(('lower', 'stream', 'upper', ))
c260 = None
c261 = _MemoSearch(lazy_compile('^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+|[numkMGTPE]|[KMGTPE]i)?$'))
c262 = c261.known
c263 = _MemoSearch(lazy_compile('^ci-index'))
c264 = c263.known
c265 = _MemoSearch(lazy_compile('-[0-9]+of[0-9]+$'))
c266 = c265.known
c267 = frozenset(())
c268 = frozenset(('architecture', 'cloud', 'owner', 'product', 'version', ))
c269 = frozenset(('size', ))
c270 = _MemoSearch(lazy_compile('^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+|[numkMGTPE]|[KMGTPE]i)?$'))
c271 = c270.known
c272 = _MemoSearch(lazy_compile('^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+|[numkMGTPE]|[KMGTPE]i)?$'))
c273 = c272.known
c274 = frozenset(('cluster_type', 'ip_pool_lease_type', 'lease_type', 'name', 'secret', ))
c275 = frozenset(())
c276 = frozenset(())
c277 = frozenset(('nameservers', 'searches', ))
c278 = frozenset(())
c279 = frozenset(())
c280 = frozenset(('amd64', 'arm64', 'ppc64le', 's390x', ))
c281 = frozenset(('aborted', 'error', 'failure', 'pending', 'success', 'triggered', ))
c282 = None
c283 = frozenset(())
c284 = frozenset(())
c285 = frozenset(())
c286 = frozenset(())
c287 = frozenset(('amd64', 'arm64', 'ppc64le', 's390x', ))
c288 = frozenset(('disable', 'enable', ))
c289 = frozenset(('commands', ))
c290 = frozenset(('commands', ))
c291 = _MemoSearch(lazy_compile('^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$'))
c292 = c291.known
c293 = frozenset(('count', 'env', 'resource_type', ))
c294 = frozenset(('commands', 'env', 'from', 'from_image', 'grace_period', 'name', 'resources', 'timeout', ))
c295 = frozenset(('as', 'best_effort', 'cli', 'commands', 'credentials', 'dependencies', 'dnsConfig', 'env', 'from', 'from_image', 'grace_period', 'leases', 'nested_podman', 'no_kubeconfig', 'node_architecture', 'observers', 'optional_on_success', 'resources', 'run_as_script', 'timeout', ))
c296 = _MemoSearch(lazy_compile('^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'))
c297 = c296.known
c298 = frozenset(('amd64', 'arm64', 'ppc64le', 's390x', ))
c299 = {'best_effort': bool, 'cli': str, 'commands': str, 'from': str, 'nested_podman': bool, 'no_kubeconfig': bool, 'optional_on_success': bool, 'run_as_script': bool}
c300 = {'as': f183, 'credentials': f177, 'dependencies': f178, 'dnsConfig': f135, 'env': f179, 'from_image': f180, 'grace_period': f81, 'leases': f181, 'node_architecture': f85, 'observers': f182, 'resources': f41, 'timeout': f81}
c301 = frozenset(('as', 'best_effort', 'chain', 'cli', 'commands', 'credentials', 'dependencies', 'dnsConfig', 'env', 'from', 'from_image', 'grace_period', 'leases', 'nested_podman', 'no_kubeconfig', 'node_architecture', 'observers', 'optional_on_success', 'ref', 'resources', 'run_as_script', 'timeout', ))
c302 = _MemoSearch(lazy_compile('^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'))
c303 = c302.known
c304 = frozenset(('amd64', 'arm64', 'ppc64le', 's390x', ))
c305 = {'best_effort': bool, 'chain': str, 'cli': str, 'commands': str, 'from': str, 'nested_podman': bool, 'no_kubeconfig': bool, 'optional_on_success': bool, 'ref': str, 'run_as_script': bool}
c306 = {'as': f191, 'credentials': f185, 'dependencies': f186, 'dnsConfig': f135, 'env': f187, 'from_image': f188, 'grace_period': f81, 'leases': f189, 'node_architecture': f85, 'observers': f190, 'resources': f41, 'timeout': f81}
c307 = frozenset(('destination_dir', 'source_path', ))
c308 = None
c309 = frozenset(('from_image', ))
c310 = _MemoSearch(lazy_compile('^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'))
c311 = c310.known
c312 = frozenset(('from_image', ))
c313 = _MemoSearch(lazy_compile('^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'))
c314 = c313.known
c315 = frozenset(('default', 'documentation', 'name', ))
c316 = frozenset(('as', 'bundle', 'collection', 'field', 'group', 'mount_path', 'name', 'namespace', ))
c317 = _MemoSearch(lazy_compile('^/'))
c318 = c317.known
c319 = _MemoSearch(lazy_compile('^/'))
c320 = c319.known
c321 = frozenset(('env', 'name', ))
c322 = frozenset(('from_image', ))
