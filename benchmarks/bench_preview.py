"""`llmkit preview --stack NAME` against importing just the provider SDK modules that stack uses.

Goal (issue 10): at most 1.5x the baseline. Most of an offline preview is the provider SDK
building its resource classes (seconds for pulumi_aws); that cost is the user's either way (a
real `pulumi preview` pays it too), so the baseline is a process that imports pulumi and the
provider and touches every resource class the stack creates: what is left over is llmkit's
own share (CLI, spec, the program under mocks, pricing, rendering).

Each run finds every price it needs in a warm cache, as in bench_price (no price API tried).
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

from benchmarks.bench_price import bytecode_env, warm_cache  # noqa: E402
from benchmarks.harness import PYTHON, Comparison, compare  # noqa: E402

STACKS = ("gpu-aws", "api-gcp")
PACKAGES = {"aws": "pulumi_aws", "gcp": "pulumi_gcp", "azure-native": "pulumi_azure_native"}


def offline_plan(stack: str, into: Path) -> Path:
    """The stack's offline plan document, written once (untimed) in a child process, so that
    this process does not import the provider SDK itself."""
    path = into / f"{stack}.plan.json"
    code = (
        "import json, sys; from llmkit.offline_plan import plan_stack; "
        f"open({str(path)!r}, 'w').write(json.dumps(plan_stack({stack!r})))"
    )
    subprocess.run([PYTHON, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True)
    return path


def used_classes(plan: Path) -> list[str]:
    """``module:Class`` of every custom resource type the stack's offline plan creates."""
    doc = json.loads(plan.read_text())
    classes = []
    for token in sorted({s["newState"]["type"] for s in doc["steps"] if s["newState"]["custom"]}):
        package, module, name = token.split(":")
        if package not in PACKAGES:
            continue
        path = module.split("/")[0]
        classes.append(f"{PACKAGES[package]}{'' if path == 'index' else '.' + path}:{name}")
    return classes


class _LlmSnapshot:
    """Answers like the LiteLLM price client, from the bundled row stamped today (benchmark only):
    bench_price's cloud snapshots do not cover the hosted models an API tier prices."""

    def llm(self, model: str) -> object:
        import dataclasses
        import datetime as dt

        from llmkit.core.errors import UnknownName
        from llmkit.pricing.catalog.live import FetchError
        from llmkit.pricing.catalog.loader import Catalog

        try:
            row = Catalog().llm(model)
        except UnknownName as exc:
            raise FetchError(f"not listed: {exc.name}") from None
        return dataclasses.replace(row, as_of=dt.date.today().isoformat())


def warm_preview_cache(root: Path, plans: list[Path]) -> Path:
    """bench_price's warm cache for the plans' cloud prices, plus their hosted-model prices."""
    from llmkit.pricing.catalog.live import LivePrices, PriceCache
    from llmkit.pricing.catalog.loader import Catalog
    from llmkit.pricing.preview.breakdown import price_document

    warm_cache(root, plans)
    for plan in plans:  # cloud prices now hit the cache; only the models reach the snapshot
        price_document(plan.read_bytes(), catalog=Catalog(live=LivePrices({"llm": _LlmSnapshot()}, PriceCache(root))))
    return root


def baseline_argv(classes: list[str]) -> list[str]:
    """A process that imports pulumi and touches each class (the SDK builds it on first use)."""
    lines = ["import importlib, pulumi"]
    for ref in classes:
        module, name = ref.split(":")
        lines.append(f"getattr(importlib.import_module({module!r}), {name!r})")
    return [PYTHON, "-c", "; ".join(lines)]


def cases(runs: int = 3) -> list[Comparison]:
    tmp = Path(tempfile.mkdtemp(prefix="llmkit-bench-preview-"))
    plans = {stack: offline_plan(stack, tmp) for stack in STACKS}
    env = bytecode_env(tmp)
    # No price API called (docs/performance.md): a warm cache holding every price the plans need.
    # Without it each run tried the stack's cloud API and the LiteLLM map (and imported boto3),
    # which measured this sandbox's network, not llmkit.
    env["LLMKIT_CACHE_DIR"] = str(warm_preview_cache(tmp / "price-cache", list(plans.values())))
    out = []
    for stack in STACKS:
        baseline = baseline_argv(used_classes(plans[stack]))
        out.append(compare(f"llmkit preview --stack {stack} (json)", [PYTHON, "-m", "llmkit", "preview", "--stack", stack,
                                                                      "--format", "json"], baseline=baseline, runs=runs, env=env))
    return out


if __name__ == "__main__":
    from benchmarks.harness import format_table

    print(format_table(cases()))
