"""The one reader: encodings, every step op, component / provider filtering, region
resolution, engine events, and one clear line for every bad document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from llmkit.core.errors import UserError
from llmkit.pricing.preview.plan import MAX_DOCUMENT_BYTES, EventCollector, read_document, step_from_event
from _previewdocs import UNKNOWN, create, doc, step, urn

FIXTURES = Path(__file__).parent / "fixtures" / "previews"
VM = "aws:ec2/instance:Instance"


def _one(plan):
    assert len(plan.resources) == 1
    return plan.resources[0]


@pytest.mark.parametrize("encoding,bom", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")])
def test_reads_utf8_and_utf16_with_bom(encoding, bom):
    d = doc(create(VM, "web", {"instanceType": "t3.medium"}))
    plan = read_document(bom + json.dumps(d).encode(encoding))
    assert _one(plan).new_inputs == {"instanceType": "t3.medium"}


def test_powershell_utf16_fixture(reference_data):
    """The real Azure sample re-encoded as PowerShell writes it (UTF-16 LE with BOM)."""
    raw = (reference_data / "preview-samples" / "02-azure-vm-vmss-aks-sql_cloudcostify_pulumi-preview.json").read_bytes()
    utf16 = b"\xff\xfe" + raw.decode("utf-8").encode("utf-16-le")
    assert [r.urn for r in read_document(utf16).resources] == [r.urn for r in read_document(raw).resources]


def test_create_delete_update_same_read_import():
    d = doc(
        create(VM, "new", {"instanceType": "t3.medium"}),
        step("delete", VM, "gone", old={"instanceType": "t3.large"}),
        step("update", VM, "grow", new={"instanceType": "t3.xlarge"}, old={"instanceType": "t3.medium"}),
        step("same", VM, "kept", new={"instanceType": "m5.large"}),
        step("read", VM, "looked-up", new={"instanceType": "m5.large"}),
        step("import", VM, "adopted", new={"instanceType": "m5.large"}),
    )
    by_name = {r.name: r for r in read_document(d).resources}
    assert (by_name["new"].op, by_name["new"].old_inputs) == ("create", None)
    assert (by_name["gone"].op, by_name["gone"].new_inputs) == ("delete", None)
    assert by_name["grow"].old_inputs == {"instanceType": "t3.medium"}
    assert by_name["grow"].new_inputs == {"instanceType": "t3.xlarge"}
    for name in ("kept", "looked-up", "adopted"):
        assert by_name[name].old_inputs == by_name[name].new_inputs == {"instanceType": "m5.large"}


def test_replacement_steps_merge_into_one_resource():
    old, new = {"instanceType": "t3.medium"}, {"instanceType": "g5.xlarge"}
    d = doc(
        step("create-replacement", VM, "gpu", new=new),
        step("replace", VM, "gpu", new=new, old=old),
        step("delete-replaced", VM, "gpu", old=old),
    )
    r = _one(read_document(d))
    assert (r.op, r.old_inputs, r.new_inputs) == ("replace", old, new)


def test_delete_before_replace_order_also_merges():
    old, new = {"instanceType": "t3.medium"}, {"instanceType": "t3.large"}
    d = doc(step("delete-replaced", VM, "x", old=old), step("replace", VM, "x", new=new, old=old), step("create-replacement", VM, "x", new=new))
    r = _one(read_document(d))
    assert (r.op, r.old_inputs, r.new_inputs) == ("replace", old, new)


def test_components_and_pulumi_types_are_not_priced():
    d = doc(
        create("llmkit:index:GpuCluster", "cluster", {}, custom=False),
        create("pulumi:providers:aws", "prov", {"region": "us-west-2"}),
        create(VM, "web", {"instanceType": "t3.medium"}),
    )
    plan = read_document(d)
    assert [r.name for r in plan.resources] == ["web"]
    assert [c.type for c in plan.components] == ["llmkit:index:GpuCluster"]


def test_region_own_input_then_explicit_provider_then_config():
    prov_urn = urn("pulumi:providers:aws", "west")
    ref = f"{prov_urn}::{UNKNOWN}"
    d = doc(
        create("pulumi:providers:aws", "west", {"region": "us-west-2"}),
        create(VM, "own", {"instanceType": "t3.medium", "region": "eu-west-1"}, provider=ref),
        create(VM, "via-provider", {"instanceType": "t3.medium"}, provider=ref),
        create(VM, "via-config", {"instanceType": "t3.medium"}),
        config={"aws:region": "us-east-1"},
    )
    regions = {r.name: r.region for r in read_document(d).resources}
    assert regions == {"own": "eu-west-1", "via-provider": "us-west-2", "via-config": "us-east-1"}


def test_azure_mixed_case_location_and_gcp_zone_normalise():
    d = doc(
        create("azure-native:compute:Disk", "d", {"location": "West Europe"}),
        create("azure-native:compute:Disk", "e", {}),
        create("gcp:compute/instance:Instance", "vm", {"zone": "us-central1-a"}),
        create("gcp:compute/disk:Disk", "pd", {}),
        config={"azure-native:location": "WestEurope", "gcp:zone": "europe-west4-b"},
    )
    regions = {r.name: r.region for r in read_document(d).resources}
    assert regions == {"d": "westeurope", "e": "westeurope", "vm": "us-central1", "pd": "europe-west4"}


def test_azure_native_v1_versioned_module_is_normalised():
    d = doc(create("azure-native:compute/v20210301:VirtualMachine", "vm", {"location": "eastus"}))
    assert _one(read_document(d)).type == "azure-native:compute:VirtualMachine"


def test_real_samples_read(reference_data):
    aws_gcp = read_document((reference_data / "preview-samples" / "04-aws-s3-gcp-gcs-modern-v3.242_linro-io_preview.json").read_bytes())
    regions = {r.type: r.region for r in aws_gcp.resources}
    assert regions["aws:s3/bucket:Bucket"] == "eu-central-1"  # aws v7 per-resource region input
    azure = read_document((reference_data / "preview-samples" / "02-azure-vm-vmss-aks-sql_cloudcostify_pulumi-preview.json").read_bytes())
    assert {r.region for r in azure.resources} == {"westeurope"}
    assert len(azure.resources) == 6  # the Stack is not a resource to price


def test_unknown_keys_are_ignored():
    d = doc(create(VM, "web", {"instanceType": "t3.medium"}, sourcePosition="project:///x", stackTrace=[{}]))
    d["newTopLevelThing"] = {"x": 1}
    d["steps"][1]["someFutureField"] = True
    assert _one(read_document(d)).name == "web"


BAD = {
    "truncated": (b'{"steps": [{"op": "create", "urn": ', "truncated"),
    "not json": (b"pulumi: command not found", "not valid JSON"),
    "empty": (b"", "empty"),
    "whitespace": (b"  \n", "empty"),
    "array": (b"[1, 2]", "JSON object"),
    "no steps": (b'{"config": {}}', "no 'steps'"),
    "steps not list": (b'{"steps": {}}', "must be a list"),
    "step not object": (b'{"steps": [3]}', "step 1 is not an object"),
    "no op": (b'{"steps": [{"urn": "u", "newState": {}}]}', "no 'op'"),
    "no state": (b'{"steps": [{"op": "create", "urn": "urn:pulumi:d::p::aws:s3/bucket:Bucket::b"}]}', "neither oldState nor newState"),
    "create without new": (b'{"steps": [{"op": "create", "urn": "u", "oldState": {}}]}', "no newState"),
    "binary": (b"\xff\xfe\x00\xd8", "UTF"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_documents_raise_one_clear_line(name):
    data, words = BAD[name]
    with pytest.raises(UserError) as exc:
        read_document(data)
    message = str(exc.value)
    assert words in message and "\n" not in message


def test_oversized_document_is_refused_before_parsing():
    huge = b'"' + b"a" * (MAX_DOCUMENT_BYTES + 1) + b'"'
    with pytest.raises(UserError, match="too large"):
        read_document(huge)


def test_errors_never_echo_input_values():
    secret = "hunter2-very-secret"
    d = doc(create(VM, "db", {"password": secret}))
    d["steps"][1]["newState"]["inputs"] = [secret]  # wrong shape, carrying a secret
    with pytest.raises(UserError) as exc:
        read_document(d)
    assert secret not in str(exc.value)


def test_engine_event_fixture_builds_the_same_plan():
    events = [json.loads(line) for line in (FIXTURES / "engine-events.jsonl").read_text().splitlines() if line.strip()]
    collector = EventCollector()
    for e in events:
        collector(e)
    plan = read_document(collector.document({"aws:region": "us-east-1"}))
    by_name = {r.name: r for r in plan.resources}
    assert by_name["gpu"].op == "replace"
    assert by_name["gpu"].old_inputs["instanceType"] == "g5.xlarge"
    assert by_name["gpu"].new_inputs["instanceType"] == "g5.2xlarge"
    assert by_name["gpu"].region == "us-west-2"  # from the explicit provider's event
    assert by_name["old-ip"].op == "delete"
    assert [c.type for c in plan.components] == ["llmkit:index:GpuCluster"]


def test_engine_event_objects_from_the_sdk_are_read_too():
    from pulumi.automation.events import EngineEvent

    line = (FIXTURES / "engine-events.jsonl").read_text().splitlines()[2]
    as_dict = step_from_event(json.loads(line))
    as_obj = step_from_event(EngineEvent.from_json(json.loads(line)))
    assert as_obj["op"] == as_dict["op"] and as_obj["urn"] == as_dict["urn"]
    assert as_obj["newState"]["inputs"] == as_dict["newState"]["inputs"]
    assert step_from_event({"sequence": 1, "stdoutEvent": {"message": "hi"}}) is None


def test_the_readers_fast_constructor_builds_the_same_resource_as_the_dataclass():
    """``PlannedResource.read`` skips the frozen __init__ for speed: what it builds must equal,
    field for field (the derived name and cloud too), what the dataclass builds, so a field
    added later without a default cannot be silently missing from read plans."""
    import dataclasses

    from benchmarks.bench_price import generate
    from llmkit.pricing.preview.plan import PlannedResource

    plan = read_document(generate(120))
    names = {f.name for f in dataclasses.fields(PlannedResource)}
    for res in plan.resources + plan.components:
        assert set(vars(res)) == names
        init = {f.name: getattr(res, f.name) for f in dataclasses.fields(PlannedResource) if f.init}
        again = PlannedResource(**init)
        assert again == res and vars(again) == vars(res)
        assert res.name == res.urn.rsplit("::", 1)[-1] and res.cloud in ("aws", "gcp", "azure", None)
        with pytest.raises(dataclasses.FrozenInstanceError):
            res.op = "delete"  # type: ignore[misc]
