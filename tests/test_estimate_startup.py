"""Start-up of ``llmkit estimate`` (issue 10, docs/performance.md): what a JSON estimate is
allowed to do before it answers. Each check runs the command in a fresh interpreter and looks
at what the process did, and shows on a second run that the check sees the thing it forbids."""

from __future__ import annotations

import json
import subprocess
import sys

ESTIMATE = ["estimate", "-a", "self-hosted", "--format", "json", "--offline"]

# runs the command in this interpreter, its output swallowed; what follows looks at the process
_RUN = """
import contextlib, io, json, sys
from llmkit.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main({argv!r})
    except SystemExit as exc:
        assert not exc.code, exc.code
"""

_PROBE = _RUN + """
from llmkit.core.records import _eq
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
HOT = ("llmkit.core.clouds", "llmkit.pricing.model.", "llmkit.pricing.catalog.types", "llmkit.usecases.framework",
       "llmkit.pricing.provenance")
found = compiled(HOT)
# the check sees a plain dataclass in one of those modules: define one and look again
import dataclasses, types
probe = types.ModuleType("llmkit.pricing.model._probe")
sys.modules[probe.__name__] = probe
probe.Plain = dataclasses.dataclass(type("Plain", (), {{"__module__": probe.__name__, "__annotations__": {{"x": "int"}}}}))
print(json.dumps({{
    # the regions whose rows were parsed, whole or one line at a time, and how many rows
    **{{kind: sorted(set(rows._parsed) | {{(r.cloud, r.region) for r in rows._by_line.values()}})
       for kind, rows in (("instances", catalog.__dict__["_instance_rows"]), ("platform", catalog.__dict__["_platform_rows"]))}},
    "platform_rows": len({{at for group in catalog.__dict__["_platform_rows"]._parsed.values() for at, _ in group}}
                         | set(catalog.__dict__["_platform_rows"]._by_line)),
    "views": sorted(m for m in sys.modules if m.startswith("llmkit.views")),
    "compiled": found,
    "control": compiled(HOT),
}}))
"""


def _probe(argv: list[str]) -> dict[str, list[str]]:
    p = subprocess.run([sys.executable, "-c", _PROBE.format(argv=argv)], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def test_an_estimate_parses_only_its_regions_catalog_rows():
    """instances.csv and platform.csv hold every cloud and region; parsing them whole was the
    largest part of an estimate's run. The default estimate (AWS, us-east-1) parses only that
    region's rows; one on GCP in europe-west4 only that region's."""
    aws = _probe(ESTIMATE)
    assert aws["instances"] == aws["platform"] == [["aws", "us-east-1"]]
    # the few platform prices an estimate names are parsed alone, not us-east-1's ~90 rows
    assert 0 < aws["platform_rows"] <= 12
    gcp = _probe([*ESTIMATE, "--cloud", "gcp", "--region", "europe-west4"])
    assert gcp["instances"] == gcp["platform"] == [["gcp", "europe-west4"]]


def test_the_cost_model_and_catalog_classes_compile_no_dataclass_methods_at_import():
    """Each plain dataclass compiles up to six methods with exec when its module is imported
    (Python 3.11): the cloud descriptors, the cost model's and the catalog's classes are records
    (llmkit.core.records) instead. A plain dataclass defined in one of those modules after the
    run shows that the check sees one."""
    seen = _probe(ESTIMATE)
    assert seen["compiled"] == []
    assert seen["control"] == ["llmkit.pricing.model._probe.Plain"]


def test_a_json_estimate_builds_no_views():
    """JSON prints the result's data alone; the tables (and their module) are for the other formats."""
    assert _probe(ESTIMATE)["views"] == []
    assert "llmkit.views.framework" in _probe([a for a in ESTIMATE if a not in ("--format", "json")])["views"]


_IMPORTS = _RUN + """
print(json.dumps(sorted(m for m in ("dataclasses", "inspect", "typing_extensions", "rich") if m in sys.modules)))
"""


def test_start_up_commands_never_import_dataclasses():
    """Importing ``dataclasses`` imports ``inspect`` (ast, dis, tokenize...), about 9 ms, a third
    of ``python -c pass``: records read their fields themselves, and the estimate, ``prices show``
    and catalog paths use ``llmkit.core.records``' field/replace/asdict. A record still answers
    ``dataclasses.fields`` once something else has imported it (tests/test_records.py)."""
    for argv in (ESTIMATE, ["estimate", "-a", "api", "--profile", "guide", "--offline"],
                 ["estimate", "-a", "hybrid", "--cloud", "azure", "--offline", "--format", "json"],
                 ["prices", "show", "--cloud", "aws", "--type", "g5.xlarge"], ["prices", "show", "--llm", "gpt-4o", "--format", "json"]):
        p = subprocess.run([sys.executable, "-c", _IMPORTS.format(argv=argv)], capture_output=True, text=True)
        assert p.returncode == 0, p.stderr
        assert json.loads(p.stdout) == [], argv
