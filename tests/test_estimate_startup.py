"""Start-up of ``llmkit estimate`` (issue 10, docs/performance.md): what a JSON estimate is
allowed to do before it answers. Each check runs the command in a fresh interpreter and looks
at what the process did, and shows on a second run that the check sees the thing it forbids."""

from __future__ import annotations

import json
import subprocess
import sys

ESTIMATE = ["estimate", "-a", "self-hosted", "--format", "json", "--offline"]

_PROBE = """
import contextlib, io, json, sys
from llmkit.cli import main
from llmkit.core.records import _eq
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main({argv!r})
    except SystemExit as exc:
        assert not exc.code, exc.code
from llmkit.pricing.catalog.loader import load_catalog
catalog = load_catalog()
def compiled(prefixes):
    # dataclasses defined in these modules that compiled their methods at import (not records)
    return sorted(
        f"{{name}}.{{cls.__name__}}"
        for name, mod in list(sys.modules.items()) if name.startswith(prefixes)
        for cls in vars(mod).values()
        if isinstance(cls, type) and cls.__module__ == name and "__dataclass_fields__" in vars(cls)
        and vars(cls).get("__eq__") is not _eq
    )
print(json.dumps({{
    "instances": sorted(catalog.__dict__["_instance_rows"]._parsed),
    "platform": sorted(catalog.__dict__["_platform_rows"]._parsed),
    "cost_model": compiled(("llmkit.pricing.model.", "llmkit.pricing.catalog.types", "llmkit.usecases.framework")),
    "clouds": compiled(("llmkit.core.clouds",)),
}}))
"""


def _probe(argv: list[str]) -> dict[str, list[str]]:
    p = subprocess.run([sys.executable, "-c", _PROBE.format(argv=argv)], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def test_an_estimate_parses_only_its_clouds_catalog_rows():
    """instances.csv and platform.csv hold every cloud; parsing them whole was the largest part
    of an estimate's run. The default estimate (AWS) reads AWS rows; one on GCP reads GCP's."""
    aws = _probe(ESTIMATE)
    assert (aws["instances"], aws["platform"]) == (["aws"], ["aws"])
    gcp = _probe([*ESTIMATE, "--cloud", "gcp"])
    assert (gcp["instances"], gcp["platform"]) == (["gcp"], ["gcp"])


def test_the_cost_model_and_catalog_classes_compile_no_dataclass_methods_at_import():
    """Each plain dataclass compiles up to six methods with exec when its module is imported
    (Python 3.11): the cost model's and catalog's classes are records (llmkit.core.records)
    instead. llmkit.core.clouds still defines a plain one, which shows the check sees them."""
    seen = _probe(ESTIMATE)
    assert seen["cost_model"] == []
    assert "llmkit.core.clouds.Cloud" in seen["clouds"]
