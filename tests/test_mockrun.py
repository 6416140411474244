"""The mock harness records what a program would create, and fails loudly where it must."""

from __future__ import annotations

import pulumi
import pytest

from llmkit.mockrun import RecordingMocks, UnansweredInvoke


class _Widget(pulumi.ComponentResource):
    def __init__(self, name: str, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("llmkit:test:Widget", name, None, opts)
        self.register_outputs({})


def test_records_type_inputs_and_parent(run_pulumi):
    import pulumi_aws as aws

    def program():
        parent = _Widget("w")
        aws.s3.Bucket(
            "models",
            force_destroy=True,
            tags={"llmkit-managed": "true"},
            opts=pulumi.ResourceOptions(parent=parent),
        )

    recorded = run_pulumi(program, config={"aws:region": "us-east-1"}, stack="t1")
    by_name = {r.name: r for r in recorded}
    bucket = by_name["models"]
    assert bucket.type == "aws:s3/bucket:Bucket"
    assert bucket.custom is True
    # camelCase wire names, exactly as `pulumi preview --json` shows inputs
    assert bucket.inputs["forceDestroy"] is True
    assert bucket.inputs["tags"] == {"llmkit-managed": "true"}
    assert bucket.parent == by_name["w"].urn
    assert by_name["w"].custom is False
    assert bucket.urn == "urn:pulumi:t1::llmkit::llmkit:test:Widget$aws:s3/bucket:Bucket::models"


def test_runs_are_isolated(run_pulumi):
    import pulumi_aws as aws

    first = run_pulumi(lambda: aws.s3.Bucket("a"), config={}, stack="one")
    second = run_pulumi(lambda: aws.s3.Bucket("b"), config={}, stack="two")
    assert [r.name for r in first] == ["a"]
    assert [r.name for r in second] == ["b"]
    assert second[0].urn.startswith("urn:pulumi:two::")


def test_config_is_visible_to_the_program(run_pulumi):
    seen = {}

    def program():
        seen["users"] = pulumi.Config("llmkit").require_int("users")

    run_pulumi(program, config={"llmkit:users": "250"})
    assert seen["users"] == 250


def test_unanswered_invoke_fails_loudly(run_pulumi):
    import pulumi_aws as aws

    def program():
        aws.get_availability_zones(state="available")

    with pytest.raises(UnansweredInvoke, match="aws:index/getAvailabilityZones:getAvailabilityZones"):
        run_pulumi(program, config={})


def test_answered_invoke_returns_the_answer(run_pulumi):
    import pulumi_aws as aws

    got = {}
    mocks = RecordingMocks(
        invokes={"aws:index/getAvailabilityZones:getAvailabilityZones": lambda a: {"names": ["us-east-1a", "us-east-1b"]}}
    )

    def program():
        got["zones"] = aws.get_availability_zones(state="available").names

    run_pulumi(program, config={}, mocks=mocks)
    assert got["zones"] == ["us-east-1a", "us-east-1b"]


def test_secret_inputs_are_recorded_masked_never_in_plaintext(run_pulumi):
    import pulumi_aws as aws

    def program():
        secret = aws.secretsmanager.Secret("key", name="llmkit-t-openai-api-key")
        aws.secretsmanager.SecretVersion("key-value", secret_id=secret.id, secret_string=pulumi.Output.secret("hunter2"))
        # a secret nested in a map: the SDK makes the whole top-level property secret
        aws.ssm.Parameter("param", type="String", insecure_value="x", description="plain", tags={"owner": "ops", "token": pulumi.Output.secret("hunter2")})

    recorded = run_pulumi(program, config={"aws:region": "us-east-1"}, stack="t-secret")
    by_name = {r.name: r for r in recorded}
    assert by_name["key-value"].inputs["secretString"] == "[secret]"
    assert by_name["key-value"].inputs["secretId"] == "key-id"  # non-secret inputs untouched
    assert by_name["param"].inputs["tags"] == "[secret]"
    assert by_name["param"].inputs["description"] == "plain"
    assert "hunter2" not in repr(recorded)


def test_a_run_leaves_no_event_loop_open(run_pulumi):
    """The SDK's mock monitor gives each executor thread it runs on an event loop and never
    closes it; garbage-collected later, such a loop's __del__ raised inside whatever test ran
    then (PytestUnraisableExceptionWarning). A run closes every loop it made, on every thread."""
    import asyncio
    import gc

    import pulumi_aws as aws

    def program():
        for i in range(4):  # several registrations: the SDK spreads them over its threads
            aws.s3.Bucket(f"b{i}", opts=pulumi.ResourceOptions(parent=_Widget(f"w{i}")))

    before = {id(o) for o in gc.get_objects() if isinstance(o, asyncio.AbstractEventLoop)}
    run_pulumi(program, config={"aws:region": "us-east-1"})
    made = [o for o in gc.get_objects() if isinstance(o, asyncio.AbstractEventLoop) and id(o) not in before]
    assert made, "the run made no event loop: the check below would see nothing"
    assert [loop for loop in made if not loop.is_closed()] == []
