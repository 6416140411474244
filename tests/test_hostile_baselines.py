"""Hostile ``--compare-to`` baselines (issue 14): a saved output from an earlier CI run is
input; wrong shapes, NaN costs and negative "before" costs are exit 2 with one line."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _hostile import check, check_json_report, run_bounded
from _previewdocs import create, doc

VOLUME_DOC = doc(create("aws:ebs/volume:Volume", "vol", {"size": 100, "type": "gp3", "availabilityZone": "us-east-1a"}))


def _baseline(resource: Any = None, **project: Any) -> dict[str, Any]:
    if resource is None:
        resource = {"name": "vol", "resourceType": "aws:ebs/volume:Volume", "monthlyCost": "8.0",
                    "metadata": {"urn": "urn:pulumi:dev::proj::aws:ebs/volume:Volume::vol"},
                    "costComponents": [{"name": "Storage", "unit": "GB-months", "monthlyQuantity": "100", "price": "0.08"}]}
    return {"projects": [{"breakdown": {"resources": [resource]}, **project}]}


def _resource(**changes: Any) -> dict[str, Any]:
    base = _baseline()["projects"][0]["breakdown"]["resources"][0]
    base.update(changes)
    return base


CORPUS: list[tuple[str, str, str]] = [
    ("component a string", json.dumps(_baseline(_resource(costComponents=["oops"]))), "costComponents[1] must be an object"),
    ("components a string", json.dumps(_baseline(_resource(costComponents="oops"))), "costComponents must be a list"),
    ("metadata a string", json.dumps(_baseline(_resource(metadata="oops"))), "metadata must be an object"),
    ("component metadata a string", json.dumps(_baseline(_resource(costComponents=[{"name": "x", "price": "1", "metadata": "m"}]))), "metadata must be an object"),
    ("NaN cost (JSON literal)", json.dumps(_baseline(_resource(monthlyCost=float("nan")))), "NaN"),
    ("NaN cost (string)", json.dumps(_baseline(_resource(monthlyCost="NaN"))), "monthlyCost"),
    ("Infinity cost", json.dumps(_baseline(_resource(monthlyCost="Infinity"))), "monthlyCost"),
    ("negative baseline cost", json.dumps(_baseline(_resource(monthlyCost="-5000"))), "monthlyCost"),
    ("negative component price", json.dumps(_baseline(_resource(costComponents=[{"name": "x", "price": "-1", "monthlyQuantity": "1"}]))), "price"),
    ("cost 1e308", json.dumps(_baseline(_resource(monthlyCost=1e308))), "monthlyCost"),
    ("range a list", json.dumps(_baseline(_resource(metadata={"monthlyCostRange": [1, 2]}))), "monthlyCostRange must be an object"),
    ("project a string", json.dumps({"projects": ["p"]}), "project 1 must be an object"),
    ("resource a number", json.dumps(_baseline(5)), "resource 1 must be an object"),
    ("lone surrogate name", json.dumps(_baseline(_resource(name="v\ud800"))), "--compare-to file"),
    ("not JSON", "{", "not valid JSON"),
    ("latin-1 bytes", '{"projects": []}\n'.replace("[]", '["caf\xe9"]'), "--compare-to file"),
]


@pytest.mark.parametrize("case,text,needle", CORPUS, ids=[c[0] for c in CORPUS])
def test_baseline_corpus(cli, tmp_path, case, text, needle):
    preview = tmp_path / "p.json"
    preview.write_text(json.dumps(VOLUME_DOC))
    base = tmp_path / "base.json"
    if case == "latin-1 bytes":
        base.write_bytes(text.encode("latin-1"))
    else:
        base.write_text(text, encoding="utf-8", errors="surrogatepass")
    for fmt in ("json", "table"):
        result = cli("price", str(preview), "--compare-to", str(base), "--format", fmt)
        check(result)
        assert result.code == 2, f"{case}: exit {result.code}: {result.err}"
        assert needle in result.err


def test_a_good_baseline_still_diffs(cli, tmp_path):
    preview = tmp_path / "p.json"
    preview.write_text(json.dumps(VOLUME_DOC))
    base = tmp_path / "base.json"
    base.write_text(json.dumps(_baseline()))
    result = cli("price", str(preview), "--compare-to", str(base), "--format", "json")
    check(result)
    check_json_report(result)
    assert result.code == 0


def test_baseline_a_folder_or_missing_is_one_line(cli, tmp_path):
    preview = tmp_path / "p.json"
    preview.write_text(json.dumps(VOLUME_DOC))
    for target in (tmp_path, tmp_path / "nope.json"):
        result = cli("price", str(preview), "--compare-to", str(target))
        check(result)
        assert result.code == 2


def test_negative_baseline_in_a_real_process(tmp_path):
    """A negative "before" would turn any increase into a saving and slip past guardrails."""
    preview = tmp_path / "p.json"
    preview.write_text(json.dumps(VOLUME_DOC))
    base = tmp_path / "base.json"
    base.write_text(json.dumps(_baseline(_resource(monthlyCost="-100000"))))
    result = run_bounded("price", str(preview), "--compare-to", str(base), "--max-increase", "1")
    check(result)
    assert result.code == 2 and "monthlyCost" in result.err


# ------------------------------------------------------------------ property-based baselines

_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30),
              st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=8),
              st.sampled_from(["NaN", "-1", "1e308", "Infinity", "12.5"])),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=8,
)
_FIELDS = [("monthlyCost",), ("name",), ("metadata",), ("metadata", "urn"), ("metadata", "monthlyCostRange"),
           ("costComponents",), ("costComponents", 0), ("costComponents", 0, "price"),
           ("costComponents", 0, "monthlyQuantity"), ("costComponents", 0, "metadata")]


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(_FIELDS), value=_value)
def test_generated_baselines_hold_the_invariants(cli, tmp_path, field, value):
    resource = _resource()
    target: Any = resource
    for part in field[:-1]:
        target = target[part]
    target[field[-1]] = value
    preview = tmp_path / "p.json"
    preview.write_text(json.dumps(VOLUME_DOC))
    base = tmp_path / "base.json"
    base.write_text(json.dumps(_baseline(resource)), encoding="utf-8", errors="surrogatepass")
    result = cli("price", str(preview), "--compare-to", str(base), "--format", "json")
    check(result)
    check_json_report(result)
