"""`llmkit preview --stack NAME` against importing just the provider SDK modules that stack uses.

Goal (issue 10): at most 1.5x the baseline. Most of an offline preview is the provider SDK
building its resource classes (seconds for pulumi_aws); that cost is the user's either way (a
real `pulumi preview` pays it too), so the baseline is a process that imports pulumi and the
provider and touches every resource class the stack creates: what is left over is llmkit's
own share (CLI, spec, the program under mocks, pricing, rendering).

The classes are found once, untimed, from the stack's offline plan (type token
``aws:ec2/launchTemplate:LaunchTemplate`` -> ``pulumi_aws.ec2.LaunchTemplate``).

Run: ``python -m benchmarks.run --only preview`` (slow: seconds per run).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_price import bytecode_env  # noqa: E402
from benchmarks.harness import PYTHON, Comparison, compare  # noqa: E402

STACKS = ("gpu-aws", "api-gcp")
PACKAGES = {"aws": "pulumi_aws", "gcp": "pulumi_gcp", "azure-native": "pulumi_azure_native"}


def used_classes(stack: str) -> list[str]:
    """``module:Class`` of every custom resource type the stack's offline plan creates."""
    code = (
        "import json, sys; from llmkit.offline_plan import plan_stack; "
        f"doc = plan_stack({stack!r}); "
        "print(json.dumps(sorted({s['newState']['type'] for s in doc['steps'] if s['newState']['custom']})))"
    )
    out = subprocess.run([PYTHON, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True).stdout
    classes = []
    for token in json.loads(out.strip().splitlines()[-1]):
        package, module, name = token.split(":")
        if package not in PACKAGES:
            continue
        path = module.split("/")[0]
        classes.append(f"{PACKAGES[package]}{'' if path == 'index' else '.' + path}:{name}")
    return classes


def baseline_argv(classes: list[str]) -> list[str]:
    """A process that imports pulumi and touches each class (the SDK builds it on first use)."""
    lines = ["import importlib, pulumi"]
    for ref in classes:
        module, name = ref.split(":")
        lines.append(f"getattr(importlib.import_module({module!r}), {name!r})")
    return [PYTHON, "-c", "; ".join(lines)]


def cases(runs: int = 3) -> list[Comparison]:
    env = bytecode_env(Path(tempfile.mkdtemp(prefix="llmkit-bench-preview-")))
    out = []
    for stack in STACKS:
        baseline = baseline_argv(used_classes(stack))
        out.append(compare(f"llmkit preview --stack {stack} (json)", [PYTHON, "-m", "llmkit", "preview", "--stack", stack,
                                                                      "--format", "json"], baseline=baseline, runs=runs, env=env))
    return out


if __name__ == "__main__":
    from benchmarks.harness import format_table

    print(format_table(cases()))
