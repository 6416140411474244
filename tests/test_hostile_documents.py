"""Hostile preview documents (issue 14): a corpus of every case class, plus property-based
documents from hypothesis. Each case holds the invariants of tests/_hostile.py: exit 0/2/3, no
traceback, one error line naming the resource and field, no control characters from input on
stdout, no secret, no negative money."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _hostile import check, check_json_report, run_bounded
from _previewdocs import create, doc, step

VOLUME = "aws:ebs/volume:Volume"
INSTANCE = "aws:ec2/instance:Instance"
NODEGROUP = "aws:eks/nodeGroup:NodeGroup"
GCP_VM = "gcp:compute/instance:Instance"
SECRET = "hunter2-PLAINTEXT-PASSWORD"


def _volume(size: Any) -> dict[str, Any]:
    return doc(create(VOLUME, "vol", {"size": size, "type": "gp3", "availabilityZone": "us-east-1a"}))


def _instance(**inputs: Any) -> dict[str, Any]:
    return doc(create(INSTANCE, "vm", {"instanceType": "t3.micro", "password": SECRET, **inputs}))


def _raw_volume_size(literal: str) -> str:
    """A document whose volume size is a raw JSON literal (json.dumps cannot write these)."""
    return json.dumps(_volume(0)).replace('"size": 0', f'"size": {literal}')


# (case id, document text, needle the one-line error must contain; None = must succeed)
CORPUS: list[tuple[str, str, str | None]] = [
    ("float 1e308", _raw_volume_size("1e308"), "newState.inputs.size"),
    ("float overflow 1e400", _raw_volume_size("1e400"), "newState.inputs.size"),
    ("int 10**400", _raw_volume_size(str(10**400)), "newState.inputs.size"),
    ("int of 5000 digits", _raw_volume_size("9" * 5000), "newState.inputs.size"),
    ("NaN literal", _raw_volume_size("NaN"), "NaN"),
    ("-Infinity literal", _raw_volume_size("-Infinity"), "newState.inputs.size"),
    ("negative EBS size", json.dumps(_volume(-5000)), "'vol'"),
    ("fractional EBS size", json.dumps(_volume(1.5)), "'vol'"),
    ("EBS size a string", json.dumps(_volume("big")), "'vol'"),
    ("EBS size an object", json.dumps(_volume({"a": 1})), "'vol'"),
    ("rootBlockDevice a string", json.dumps(_instance(rootBlockDevice="gp3")), "rootBlockDevice must be an object"),
    ("rootBlockDevice a number", json.dumps(_instance(rootBlockDevice=5)), "rootBlockDevice must be an object"),
    ("negative root volume", json.dumps(_instance(rootBlockDevice={"volumeSize": -500})), "rootBlockDevice.volumeSize"),
    ("ebsBlockDevices a string", json.dumps(_instance(ebsBlockDevices="x")), "ebsBlockDevices must be a list"),
    ("ebsBlockDevices of numbers", json.dumps(_instance(ebsBlockDevices=[5])), "ebsBlockDevices[0] must be an object"),
    ("negative attached EBS", json.dumps(_instance(ebsBlockDevices=[{"volumeSize": -1}])), "ebsBlockDevices[0].volumeSize"),
    ("EKS scalingConfig a string", json.dumps(doc(create(NODEGROUP, "ng", {"scalingConfig": "big", "clusterName": "c"}))), "scalingConfig must be an object"),
    ("EKS scalingConfig a list", json.dumps(doc(create(NODEGROUP, "ng", {"scalingConfig": [1, 2], "clusterName": "c"}))), "scalingConfig must be an object"),
    ("EKS negative maxSize", json.dumps(doc(create(NODEGROUP, "ng", {"scalingConfig": {"minSize": 0, "maxSize": -3, "desiredSize": 0}}))), "scalingConfig.maxSize"),
    ("negative GPU count", json.dumps(doc(create(GCP_VM, "g", {"machineType": "n1-standard-4", "zone": "us-central1-a",
                                                          "guestAccelerators": [{"type": "nvidia-tesla-t4", "count": -4}]}))), "guestAccelerators.count"),
    ("lone surrogate in a name", json.dumps(_volume(10)).replace("::vol", "::vol\\ud800"), "lone surrogate"),
    ("lone surrogate in an input", json.dumps(_instance(tags={"team": "x"})).replace('"team": "x"', '"team": "\\udc00"'), "inputs.tags.team"),
    ("nested 200 deep", json.dumps(_instance(tags=json.loads("[" * 200 + "]" * 200))), "nested deeper"),
    ("urn a number", json.dumps({"steps": [{"op": "create", "urn": 5, "newState": {"type": VOLUME}}]}), "has no 'urn'"),
    ("a plain-text password elsewhere", json.dumps(_instance(rootBlockDevice={"volumeSize": 20})), None),
]


@pytest.mark.parametrize("case,text,needle", CORPUS, ids=[c[0] for c in CORPUS])
def test_document_corpus(cli, tmp_path, case, text, needle):
    path = tmp_path / "preview.json"
    path.write_text(text, encoding="utf-8")
    for fmt in ("json", "table"):
        result = cli("price", str(path), "--format", fmt)
        check(result, secrets=[SECRET])
        if needle is None:
            assert result.code == 0, result.err
            if fmt == "json":
                check_json_report(result)
        else:
            assert result.code == 2, f"{case}: exit {result.code}: {result.err}"
            assert needle in result.err, result.err


def test_errors_never_echo_the_value(cli, tmp_path):
    """A bad value next to a password: the message names the field, never either value."""
    path = tmp_path / "p.json"
    path.write_text(json.dumps(_instance(rootBlockDevice={"volumeSize": "-9" + SECRET})))
    result = cli("price", str(path))
    assert result.code == 2 and "rootBlockDevice.volumeSize" in result.err and SECRET not in result.err


def test_document_through_stdin_in_a_real_process():
    """The same boundary through a real process and stdin, with memory and time bounded."""
    result = run_bounded("price", "-", "--format", "json", stdin=_raw_volume_size("9" * 5000).encode())
    check(result)
    assert result.code == 2 and "newState.inputs.size" in result.err
    ok = run_bounded("price", "-", "--format", "json", stdin=json.dumps(_volume(100)).encode())
    check(ok)
    check_json_report(ok)
    assert ok.code == 0


# ------------------------------------------------------------------ property-based documents

# Values of every shape and extreme a JSON document can hold (json.dumps refuses NaN only with
# allow_nan=False; we keep it, as Python's writer does).
_leaf = st.one_of(
    st.none(), st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, -1, 1, 2**53, 2**63, -(2**63), 1e308, -1e308, 4.5, "04da6b54-80e4-46f7-96ec-b56ff0331ba9"]),
    st.text(max_size=12),
    st.sampled_from(["\x1b[31mred", "[/]oops", "[link=https://evil.example/]x[/link]", "<script>x</script>", "\u202eexe", "gp3", "t3.micro"]),
)
_json = st.recursive(_leaf, lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)), max_leaves=12)

# Types whose pricers read nested inputs, and the inputs they read.
_TYPES = [VOLUME, INSTANCE, NODEGROUP, GCP_VM, "aws:autoscaling/group:Group", "aws:ec2/launchTemplate:LaunchTemplate",
          "aws:rds/instance:Instance", "aws:s3/bucket:Bucket", "azure-native:compute:VirtualMachine",
          "azure-native:containerservice:ManagedCluster", "gcp:container/nodePool:NodePool", "aws:elasticache/cluster:Cluster"]
_KEYS = ["size", "type", "instanceType", "rootBlockDevice", "ebsBlockDevices", "scalingConfig", "minSize", "maxSize",
         "desiredCapacity", "launchTemplate", "allocatedStorage", "instanceClass", "hardwareProfile", "storageProfile",
         "agentPoolProfiles", "nodeConfig", "autoscaling", "nodeCount", "guestAccelerators", "machineType", "zone",
         "region", "numCacheNodes", "nodeType", "blockDeviceMappings", "sku", "location", "osDisk"]

_inputs = st.dictionaries(st.sampled_from(_KEYS), _json, max_size=6)
_resource = st.tuples(st.sampled_from(_TYPES), st.text(min_size=1, max_size=10), _inputs,
                      st.sampled_from(["create", "delete", "update", "same", "replace"]))


def _step(token: str, name: str, inputs: dict[str, Any], op: str) -> dict[str, Any]:
    if op == "create":
        return create(token, name, inputs)
    if op == "delete":
        return step("delete", token, name, old=inputs)
    return step(op, token, name, new=inputs, old=inputs)


def _run_document(cli: Any, tmp_path: Any, text: str) -> None:
    path = tmp_path / "gen.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    for fmt in ("json", "markdown"):
        result = cli("price", str(path), "--format", fmt)
        check(result)
        if fmt == "json":
            check_json_report(result)


_SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@_SETTINGS
@given(resources=st.lists(_resource, min_size=1, max_size=4), region=st.one_of(_leaf, st.just("us-east-1")))
def test_generated_documents_hold_the_invariants(cli, tmp_path, resources, region):
    d = doc(*(_step(*r) for r in resources), config={"aws:region": region, "gcp:region": "us-central1"})
    _run_document(cli, tmp_path, json.dumps(d))


@_SETTINGS
@given(data=_json)
def test_generated_garbage_documents_hold_the_invariants(cli, tmp_path, data):
    """Not even document-shaped: any JSON value, or one wrapped where steps and states go."""
    for candidate in (data, {"steps": data}, {"steps": [data]}, {"steps": [{"op": "create", "urn": "urn:pulumi:d::p::aws:ebs/volume:Volume::v", "newState": data}]}):
        _run_document(cli, tmp_path, json.dumps(candidate))


def test_long_keys_deep_down_cost_no_memory_in_a_real_process():
    """60 levels of 1 MB keys over 100,000 leaves: every leaf's field path stays short (not 60 MB
    each, which is what a naive path of the full keys costs)."""
    inner: dict = {f"c{i}": 0 for i in range(100_000)}
    for level in range(60):
        inner = {f"{level}" + "k" * 1_000_000: inner}
    text = json.dumps(doc(create(VOLUME, "vol", {"tags": inner, "size": 10, "type": "gp3"})))
    result = run_bounded("price", "-", stdin=text.encode(), timeout=120, memory_mb=1024)
    check(result)
    assert result.code in (0, 2) and len(result.err) < 400
