"""Offline plan: run a stack's program under the Pulumi SDK's mocks and emit what it would create
as a ``pulumi preview --json`` document, with no credentials, no Pulumi CLI and no network.

The document has the shape the preview reader (llmkit.pricing.preview.plan) expects from a real preview: a
top-level ``config`` (every stack config key; secrets as ``[secret]``), ``steps`` in
registration order, each ``op: create`` with ``urn``, ``provider`` and ``newState`` {urn, type,
custom, inputs, parent, provider}, the root stack first, and ``changeSummary``. Values only
the cloud knows after creation (ids, ARNs, DNS names) are Pulumi's unknown sentinel, exactly as
in a real preview, and so is anything computed from them (e.g. user data that names a bucket).

Invokes the programs make get static, realistic answers from the stack's cloud: the
``invokes(config)`` of the mock-outputs module its descriptor names (llmkit.core.clouds; AWS:
availability zones per region, AMI ids for Amazon's public SSM AMI parameters, fixed stand-ins
of the right form: the real ones change weekly and only matter at deploy time), plus INVOKES.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Mapping, Optional

from llmkit.core.clouds import CLOUDS, DEFAULT_CLOUD, cloud_of_token, resolve
from llmkit.core.unknown import UNKNOWN
from llmkit.stacks import SECRET_PLACEHOLDER, STACKS_DIR, load_stack_config

PROJECT = "llmkit"
SECRET_KEYS_ALWAYS = ("llmkit:apiKeys",)  # config keys that are secrets even when given as overrides

Invoke = Callable[[dict], dict]


def invokes(config: Mapping[str, str]) -> dict[str, Invoke]:
    """Token -> answer for every invoke the stack's cloud makes (region-aware): the cloud's own
    ``invokes(config)`` in its mock-outputs module, found through its descriptor."""
    cloud = CLOUDS.get(str(config.get("llmkit:cloud") or DEFAULT_CLOUD).strip().lower())
    if cloud is None or cloud.mock_outputs is None:
        return {}  # the program rejects the cloud itself, with its own message
    answers = getattr(resolve(cloud.mock_outputs), "invokes", None)
    return dict(answers(config)) if answers is not None else {}


# Extra answers keyed by invoke token (other clouds register theirs here; tests may too).
INVOKES: dict[str, Callable[[Mapping[str, str]], Invoke]] = {}


def fake_computed_outputs(args: Any) -> dict:
    """Plausible values for outputs only the cloud knows, from the resource's cloud package
    (its descriptor's ``mock_outputs`` module), so that user data and policies that depend on them
    get rendered and can be checked. Tests use it; plan_stack does not (a real preview shows
    those values as unknown). Imported per cloud, so a stack loads only its own cloud's code."""
    name = cloud_of_token(args.typ)
    module = CLOUDS[name].mock_outputs if name is not None else None
    if module is None:
        return {}
    outputs: dict = resolve(module).computed_outputs(args)
    return outputs


def _as_planned(value: Any) -> Any:
    """Inputs echoed as outputs, reshaped where a provider's output type differs from its input
    (azure-native: ``identity.userAssignedIdentities`` is a list of ids in, a map of id -> {}
    out), as the provider's own preview would return them; otherwise the SDK rejects the echo."""
    if isinstance(value, dict):
        out = {k: _as_planned(v) for k, v in value.items()}
        ids = out.get("userAssignedIdentities")
        if isinstance(ids, list):
            out["userAssignedIdentities"] = {str(i): {} for i in ids}
        return out
    if isinstance(value, list):
        return [_as_planned(v) for v in value]
    return value


def _offline_mocks(answers: dict[str, Invoke], computed: bool) -> Any:
    from llmkit.mockrun import RecordingMocks

    class OfflineMocks(RecordingMocks):
        def new_resource(self, args: Any) -> tuple[Optional[str], dict]:
            resource_id, state = super().new_resource(args)
            return resource_id, _as_planned(state)

    return OfflineMocks(invokes=answers, outputs=fake_computed_outputs if computed else None)


def schema_secret_keys(project_file: Optional[Path] = None) -> frozenset[str]:
    """Config keys that are secrets whatever form they arrive in: those Pulumi.yaml's config
    schema marks ``secret: true``, plus SECRET_KEYS_ALWAYS (an installed kit has no Pulumi.yaml)."""
    from llmkit.core.safeyaml import load_yaml

    here = Path(__file__).resolve().parent
    candidates = [project_file] if project_file else [here.parent / "Pulumi.yaml", here / "project" / "Pulumi.yaml"]
    path = next((p for p in candidates if p.is_file()), None)
    keys = set(SECRET_KEYS_ALWAYS)
    if path is not None:
        doc = load_yaml(path.read_bytes(), path.name, max_bytes=1024 * 1024)
        schema = doc.get("config") if isinstance(doc, dict) else None
        for key, spec in (schema or {}).items() if isinstance(schema, dict) else ():
            if isinstance(spec, dict) and spec.get("secret") is True:
                keys.add(key if ":" in key else f"{PROJECT}:{key}")
    return frozenset(keys)


def plain_text_secrets(name: str, stacks_dir: Path = STACKS_DIR) -> list[str]:
    """Secret config keys (schema ``secret: true``) that the stack file holds as plain text:
    masked in every document all the same, and worth a warning, since the file is in git."""
    stack = load_stack_config(name, stacks_dir)
    return sorted(k for k in schema_secret_keys() if k in stack.config and k not in stack.secret_keys)


def run_config(
    name: str, overrides: Optional[Mapping[str, str]] = None, stacks_dir: Path = STACKS_DIR
) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """(config the program runs with, config as the document shows it, secret keys).

    A key the schema marks secret is masked in the document whether it came encrypted
    (``secure:``, not decryptable offline), as plain text in the stack file, or via ``--set``."""
    stack = load_stack_config(name, stacks_dir)
    shown = dict(stack.config)
    secrets = set(stack.secret_keys)
    program = {k: v for k, v in stack.config.items() if k not in secrets}  # secrets are not decryptable offline
    always = schema_secret_keys()
    secrets.update(k for k in always if k in program)  # plain text in the stack file: still a secret
    for key, value in (overrides or {}).items():
        program[key] = str(value)
        shown[key] = str(value)
        if key in always:
            secrets.add(key)
        else:
            secrets.discard(key)
    for key in secrets:
        shown[key] = SECRET_PLACEHOLDER
    return program, shown, sorted(secrets)


def record_stack(
    name: str, *, overrides: Optional[Mapping[str, str]] = None, computed: bool = False, stacks_dir: Path = STACKS_DIR
) -> list:
    """Run the stack's program under mocks; the recorded resources in registration order."""
    config, _, secret_keys = run_config(name, overrides, stacks_dir)
    return _record(name, config, secret_keys, computed)


def _record(name: str, config: dict[str, str], secret_keys: list[str], computed: bool) -> list:
    """record_stack for a config already worked out (plan_stack needs it for the document too:
    reading the stack file and Pulumi.yaml's schema once, not twice)."""
    from llmkit.components.program import build
    from llmkit.mockrun import run_program

    answers = invokes(config)
    answers.update({token: make(config) for token, make in INVOKES.items()})
    mocks = _offline_mocks(answers, computed)
    return run_program(lambda: build(config, name), config=config, project=PROJECT, stack=name, mocks=mocks,
                       secret_keys=[k for k in secret_keys if k in config])


def _provider_urn(name: str, type_token: str) -> str:
    package = type_token.split(":")[0]
    return f"urn:pulumi:{name}::{PROJECT}::pulumi:providers:{package}::default::{UNKNOWN}"


def _tree_order(resources: list, root: str) -> list:
    """Parents before their children, siblings by URN: one order for one stack, every run.

    Under mocks, resources register in the order their inputs resolve on asyncio's schedule,
    which varies from run to run; the same stack then gave a differently ordered document each
    time (a diff of two previews churned). Nothing downstream needs registration order: plans
    are read by URN, and the real engine's order is its own."""
    children: dict[str, list] = {}
    for res in resources:
        children.setdefault(res.parent or root, []).append(res)
    ordered: list = []
    pending = sorted(children.get(root, []), key=lambda r: r.urn, reverse=True)
    seen: set[str] = set()
    while pending:
        res = pending.pop()
        if res.urn in seen:
            continue
        seen.add(res.urn)
        ordered.append(res)
        pending.extend(sorted(children.get(res.urn, []), key=lambda r: r.urn, reverse=True))
    # a parent that never registered (not expected under mocks) must not drop its children
    ordered.extend(sorted((r for r in resources if r.urn not in seen), key=lambda r: r.urn))
    return ordered


def plan_stack(name: str, *, overrides: Optional[Mapping[str, str]] = None, stacks_dir: Path = STACKS_DIR) -> dict:
    """The stack's planned resources as a ``pulumi preview --json`` document (all creates)."""
    config, shown, secret_keys = run_config(name, overrides, stacks_dir)
    resources = _record(name, config, secret_keys, computed=False)
    stack_urn = f"urn:pulumi:{name}::{PROJECT}::pulumi:pulumi:Stack::{PROJECT}-{name}"
    steps: list[dict[str, Any]] = [
        {"op": "create", "urn": stack_urn, "newState": {"urn": stack_urn, "type": "pulumi:pulumi:Stack", "custom": False, "inputs": {}, "parent": ""}}
    ]
    for res in _tree_order(resources, stack_urn):
        state: dict[str, Any] = {"urn": res.urn, "type": res.type, "custom": res.custom, "inputs": res.inputs,
                                 "parent": res.parent or stack_urn}
        step: dict[str, Any] = {"op": "create", "urn": res.urn}
        if res.custom:
            provider = res.provider or _provider_urn(name, res.type)
            state["provider"] = provider
            step["provider"] = provider
        step["newState"] = state
        steps.append(step)
    return {"config": shown, "steps": steps, "changeSummary": {"create": len(steps)}}


