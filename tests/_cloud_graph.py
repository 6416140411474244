"""Helpers for asserting on a recorded Pulumi graph (shared by the Azure and GCP tests)."""

from __future__ import annotations

import importlib
import inspect
import json
from collections import Counter
from typing import Any, Callable, Iterable

from llmkit.components.children import BLOCK_NAMES
from llmkit.mockrun import RecordedResource
from llmkit.stacks import SECRET_PLACEHOLDER


COMPONENT = {"gpu": "GpuCluster", "api": "ApiTier", "hybrid": "HybridDeployment"}


def the_component(recorded: Iterable[RecordedResource], architecture: str, cloud: str) -> RecordedResource:
    """The architecture's one component (custom=False, as in a real preview), typed
    ``llmkit:<cloud>:<Name>`` with an alias from the older ``llmkit:index:<Name>`` (so stacks
    made before are not replaced). Under it, one component per block (network, secrets, model
    servers, routers, vector DB, alerts) parents every resource of the graph (Azure's resource
    group, the stack's container, stays directly under the architecture); each of those
    resources names the architecture as its former parent, so moving it under a block does not
    replace it in a stack created before blocks existed."""
    recorded = list(recorded)
    components = [r for r in recorded if not r.custom]
    arch_type = f"llmkit:{cloud}:{COMPONENT[architecture]}"
    archs = [c for c in components if c.type == arch_type]
    assert [(c.type, c.alias_types) for c in archs] == [(arch_type, (f"llmkit:index:{COMPONENT[architecture]}",))]
    arch = archs[0]
    blocks = {c.urn: c for c in components if c is not arch}
    assert blocks, "no block components under the architecture"
    for block in blocks.values():
        assert block.parent == arch.urn and block.type.startswith(f"llmkit:{cloud}:"), block.type
        assert block.type.rsplit(":", 1)[1] in BLOCK_NAMES, block.type
    for r in recorded:
        if not r.custom:
            continue
        if r.parent == arch.urn:
            assert (cloud, r.type) == ("azure", "azure-native:resources:ResourceGroup"), r.name
            continue
        assert r.parent in blocks, r.name
        assert r.alias_parents == (arch.urn,), f"{r.name}: no alias from its former parent"
    return arch


def of_type(recorded: Iterable[RecordedResource], suffix: str) -> list[RecordedResource]:
    return [r for r in recorded if r.type.endswith(suffix)]


def one(recorded: Iterable[RecordedResource], suffix: str, name_part: str = "") -> RecordedResource:
    found = [r for r in of_type(recorded, suffix) if name_part in r.name]
    assert len(found) == 1, f"expected one {suffix} named *{name_part}*, got {[r.name for r in found]}"
    return found[0]


def type_counts(recorded: Iterable[RecordedResource]) -> Counter:
    return Counter(r.type.split(":")[-1] for r in recorded if r.custom)


def sdk_class(package: str, token: str) -> type:
    """``azure-native:network:VirtualNetwork`` / ``gcp:compute/network:Network`` -> the SDK class."""
    _, module, cls = token.split(":")
    module = module.split("/")[0]
    return getattr(importlib.import_module(f"{package}.{module}"), cls)


def accepts(package: str, token: str, prop: str) -> bool:
    return prop in inspect.signature(sdk_class(package, token)._internal_init).parameters


def everything_but(recorded: Iterable[RecordedResource], keep: Callable[[RecordedResource], bool]) -> str:
    """All recorded inputs (as JSON text) except those of resources ``keep`` selects."""
    return json.dumps([r.inputs for r in recorded if not keep(r)], default=str)


def masked_inputs(recorded: Iterable[RecordedResource]) -> list[tuple[str, str, str]]:
    """``(type, name, input)`` of every input recorded as a Pulumi secret (``"[secret]"``)."""
    return [(r.type, r.name, key) for r in recorded for key, value in r.inputs.items() if value == SECRET_PLACEHOLDER]


def walk(value: Any) -> Iterable[Any]:
    """Every nested value of a recorded input (dicts and lists flattened)."""
    yield value
    if isinstance(value, dict):
        for item in value.values():
            yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)


def memoised_runner(run_pulumi: Callable[..., Any], cloud: str, extra_config: dict[str, str]) -> Callable[..., Any]:
    """``run(architecture, **spec overrides) -> (spec, recorded)``, each variant run once per session.

    Programs run under mocks with the cloud's computed-output hook and the test API keys as a
    config secret, as the real engine would see them.
    """
    import importlib

    from _cloud_specs import api_keys_config, make_spec
    from llmkit.mockrun import RecordingMocks

    package = importlib.import_module(f"llmkit.components.{cloud}")
    outputs = importlib.import_module(f"llmkit.components.{cloud}.mock_outputs").computed_outputs

    def run(architecture: str, **kw: Any):
        key = (cloud, architecture, tuple(sorted(kw.items())))
        if key not in _RUNS:
            spec = make_spec(cloud, architecture, **kw)
            _RUNS[key] = (spec, run_pulumi(
                lambda: package.deploy(spec), config={**api_keys_config(), **extra_config}, stack=spec.stack,
                secret_keys=["llmkit:apiKeys"], mocks=RecordingMocks(outputs=outputs),
            ))
        return _RUNS[key]

    return run


_RUNS: dict[tuple, Any] = {}


def planned(cli: Callable[..., Any], tmp_path: Any, stack: str) -> dict:
    """``llmkit plan --stack NAME --out FILE`` through the real CLI; the document it wrote."""
    out = tmp_path / "plan.json"
    result = cli("plan", "--stack", stack, "--out", str(out))
    assert result.code == 0, result.err
    return json.loads(out.read_text())


def reference_stack(run_pulumi: Callable[..., Any], cloud: str, name: str) -> tuple[Any, Any]:
    """A stack from stacks/ built by the real program (build_spec with the real catalog and
    capacity model), recorded with the cloud's computed-output hook: ``(spec, recorded)``."""
    import importlib

    from llmkit.components.program import build
    from llmkit.components.spec import build_spec
    from llmkit.mockrun import RecordingMocks
    from llmkit.offline_plan import run_config

    key = ("stack", cloud, name)
    if key not in _RUNS:
        config, _, _ = run_config(name)
        outputs = importlib.import_module(f"llmkit.components.{cloud}.mock_outputs").computed_outputs
        recorded = run_pulumi(lambda: build(config, name), config=config, stack=name,
                              mocks=RecordingMocks(outputs=outputs))
        _RUNS[key] = (build_spec(config, name), recorded)
    return _RUNS[key]
