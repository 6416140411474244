"""Hostile usage files and --sync-usage targets (issue 14): each is exit 2 with one line, and
the YAML alias bomb is refused before it expands (run in a subprocess with memory and time
bounded, so a regression fails instead of hanging the suite)."""

from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _hostile import check, check_json_report, run_bounded
from llmkit.core.errors import UserError
from llmkit.pricing.preview.usage import parse_usage
from _previewdocs import create, doc

BUCKET_DOC = doc(create("aws:s3/bucket:Bucket", "uploads", {"bucket": "uploads"}))

ALIAS_BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
resource_usage:
  uploads:
    storage_gb: *i
"""

# (case id, file bytes, needle of the one-line error)
CORPUS: list[tuple[str, bytes, str]] = [
    ("alias bomb", ALIAS_BOMB.encode(), "alias"),
    ("a harmless alias", b"x: &x 5\nresource_usage:\n  uploads:\n    storage_gb: *x\n", "alias"),
    ("latin-1 file", "resource_usage:\n  caf\xe9:\n    storage_gb: 5\n".encode("latin-1"), "not UTF-8"),
    ("negative quantity", b"resource_usage:\n  uploads:\n    storage_gb: -5\n", "storage_gb"),
    ("nan quantity", b"resource_usage:\n  uploads:\n    storage_gb: .nan\n", "storage_gb"),
    ("inf quantity", b"resource_usage:\n  uploads:\n    storage_gb: .inf\n", "storage_gb"),
    ("huge quantity", b"resource_usage:\n  uploads:\n    storage_gb: " + b"9" * 5000 + b"\n", "line 3"),
    ("quantity above the cap", b"resource_usage:\n  uploads:\n    storage_gb: 99999999999999999999\n", "storage_gb"),
    ("1e400 quantity", b"resource_usage:\n  uploads:\n    storage_gb: 1.0e+400\n", "storage_gb"),
    ("quantity a list", b"resource_usage:\n  uploads:\n    storage_gb: [1, 2]\n", "storage_gb"),
    ("quantity a mapping", b"resource_usage:\n  uploads:\n    storage_gb: {a: 1}\n", "storage_gb"),
    ("top-level list", b"- 1\n- 2\n", "mapping"),
    ("section a string", b"resource_usage: lots\n", "mapping"),
    ("deep nesting", b"resource_usage: " + b"[" * 300 + b"]" * 300 + b"\n", "usage file"),
    ("lone surrogate key", b'resource_usage:\n  "\\ud800":\n    storage_gb: 5\n', "usage file"),
    ("not YAML", b"resource_usage: [unclosed\n", "not valid YAML"),
]


@pytest.mark.parametrize("case,data,needle", CORPUS, ids=[c[0] for c in CORPUS])
def test_usage_corpus(cli, tmp_path, case, data, needle):
    preview = tmp_path / "p.json"
    preview.write_text(json.dumps(BUCKET_DOC))
    usage = tmp_path / "usage.yml"
    usage.write_bytes(data)
    result = cli("price", str(preview), "--usage", str(usage))
    check(result)
    assert result.code == 2, f"{case}: {result.err}"
    assert needle in result.err


def test_alias_bomb_is_bounded_in_a_real_process(tmp_path):
    """The bomb that grew past 2.4 GB and never finished: now refused at once under a 1 GB
    address-space limit and a timeout (a regression raises TimeoutExpired or exits 1)."""
    preview = tmp_path / "p.json"
    preview.write_text(json.dumps(BUCKET_DOC))
    usage = tmp_path / "bomb.yml"
    usage.write_text(ALIAS_BOMB)
    result = run_bounded("price", str(preview), "--usage", str(usage), timeout=60, memory_mb=1024)
    check(result)
    assert result.code == 2 and "alias" in result.err
    synced = run_bounded("price", str(preview), "--sync-usage", str(usage), timeout=60, memory_mb=1024)
    check(synced)
    assert synced.code == 2 and "alias" in synced.err


def test_good_usage_still_prices(cli, tmp_path):
    preview = tmp_path / "p.json"
    preview.write_text(json.dumps(BUCKET_DOC))
    usage = tmp_path / "usage.yml"
    usage.write_text("resource_usage:\n  uploads:\n    storage_gb: 2000\n")
    result = cli("price", str(preview), "--usage", str(usage), "--format", "json")
    check(result)
    check_json_report(result)
    assert result.code == 0 and "2000" in result.out


@pytest.mark.parametrize("target", ["missing-folder/usage.yml", "a-folder"])
def test_sync_usage_to_a_bad_path_is_one_line(cli, tmp_path, target):
    preview = tmp_path / "p.json"
    preview.write_text(json.dumps(BUCKET_DOC))
    (tmp_path / "a-folder").mkdir()
    result = cli("price", str(preview), "--sync-usage", str(tmp_path / target))
    check(result)
    assert result.code == 2 and "--sync-usage" in result.err


def test_usage_that_is_a_folder_is_one_line(cli, tmp_path):
    preview = tmp_path / "p.json"
    preview.write_text(json.dumps(BUCKET_DOC))
    result = cli("price", str(preview), "--usage", str(tmp_path))
    check(result)
    assert result.code == 2 and "folder" in result.err


# ------------------------------------------------------------------ property-based usage files

_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(min_value=-(10**40), max_value=10**40),
              st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=8)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=10,
)
_usage_doc = st.dictionaries(st.sampled_from(["version", "resource_usage", "resource_type_default_usage", "x"]),
                             st.one_of(_value, st.dictionaries(st.text(max_size=6), _value, max_size=3)), max_size=3)


@settings(max_examples=150, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=_usage_doc)
def test_generated_usage_files_parse_or_fail_as_bad_input(doc):
    """Any YAML document is either a Usage of bounded, non-negative Decimals or one UserError."""
    text = yaml.safe_dump(doc, allow_unicode=True)
    try:
        usage = parse_usage(text.encode("utf-8", "surrogatepass"))
    except UserError as exc:
        assert str(exc).startswith("usage file")  # the CLI prints it as one clean line
        return
    for section in (usage.type_defaults, usage.resources):
        for values in section.values():
            assert all(v.is_finite() and v >= 0 for v in values.values())
