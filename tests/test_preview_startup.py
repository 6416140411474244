"""What an offline ``preview --stack`` may cost beyond the provider SDK (issue 10,
docs/performance.md): the structural wins of the offline planner, each with a check that the
test sees the thing it forbids."""

from __future__ import annotations

import gc

import pulumi

from llmkit import offline_plan
from llmkit.mockrun import run_program


def test_the_program_runs_with_the_heap_before_it_frozen_and_thawed_after():
    """A full collection during the run would rescan every provider class (about 0.1 s of CPU
    per preview under CPython's default thresholds): what existed before the run is frozen."""
    seen: list[int] = []

    def program():
        seen.append(gc.get_freeze_count())
        pulumi.export("x", 1)

    assert gc.get_freeze_count() == 0
    run_program(program, config={}, stack="freeze")
    assert seen and seen[0] > 0
    assert gc.get_freeze_count() == 0  # nothing stays out of the collector's reach afterwards


def test_a_callers_own_freeze_is_left_to_the_caller():
    gc.freeze()
    try:
        run_program(lambda: pulumi.export("x", 1), config={}, stack="freeze")
        assert gc.get_freeze_count() > 0  # run_program's own unfreeze would have emptied it
    finally:
        gc.unfreeze()


def test_plan_stack_reads_the_stack_file_and_schema_once(monkeypatch):
    """plan_stack needs the run config for the program and the shown config for the document:
    one read of the stack file and of Pulumi.yaml's schema gives both."""
    calls = {"stack": 0, "schema": 0}
    load, schema = offline_plan.load_stack_config, offline_plan.schema_secret_keys

    def counting_load(*args, **kwargs):
        calls["stack"] += 1
        return load(*args, **kwargs)

    def counting_schema(*args, **kwargs):
        calls["schema"] += 1
        return schema(*args, **kwargs)

    monkeypatch.setattr(offline_plan, "load_stack_config", counting_load)
    monkeypatch.setattr(offline_plan, "schema_secret_keys", counting_schema)
    doc = offline_plan.plan_stack("api-gcp")
    assert doc["steps"] and doc["config"]
    assert calls == {"stack": 1, "schema": 1}
    # the counters see a second read: record_stack plus run_config is two of each
    offline_plan.run_config("api-gcp")
    assert calls == {"stack": 2, "schema": 2}
