"""Hostile stack files and plan outputs (issue 14): huge config values are exit 2 where they
enter the models, a plain-text secret is masked in every output and file (and warned about),
and ``plan --out`` to a folder is one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from _hostile import check, run_bounded

SECRET = "sk-PLAINTEXT-0123456789abcdef"
BASE = """config:
  llmkit:architecture: api
  llmkit:cloud: aws
  aws:region: us-east-1
  llmkit:owner: ci
  llmkit:ttl: 8h
"""


@pytest.fixture
def stacks_dir(tmp_path, monkeypatch) -> Path:
    """A stacks folder of our own: the loader's default folder pointed at it for this test."""
    import llmkit.stacks

    folder = tmp_path / "stacks"
    folder.mkdir()
    monkeypatch.setattr(llmkit.stacks.load_stack_config, "__defaults__", (folder,))
    monkeypatch.setenv("LLMKIT_STACKS_DIR", str(folder))  # where the CLI takes a stacks folder
    return folder


ALIAS_BOMB = "".join(f"{a}: &{a} [{', '.join([f'*{p}'] * 9) if p else ', '.join(['lol'] * 9)}]\n"
                     for p, a in zip([""] + list("abcdefgh"), "abcdefghi"))


def _stack(folder: Path, name: str, extra: str) -> str:
    (folder / f"Pulumi.{name}.yaml").write_text(BASE + extra)
    return name


@pytest.mark.parametrize("line,key", [
    ("  llmkit:users: " + "9" * 30 + "\n", "llmkit:users"),
    ("  llmkit:users: " + "9" * 5000 + "\n", "Pulumi.huge.yaml has a number longer than"),
    ("  llmkit:queriesPerUserPerDay: 1e30\n", "llmkit:queriesPerUserPerDay"),
    ("  llmkit:inputTokens: " + "9" * 30 + "\n", "llmkit:inputTokens"),
    ("  llmkit:replicas: " + "9" * 30 + "\n", "llmkit:replicas"),
])
def test_huge_config_values_are_exit_2(cli, stacks_dir, line, key):
    name = _stack(stacks_dir, "huge", line)
    for argv in (("plan", "--stack", name), ("preview", "--stack", name, "--format", "json")):
        result = cli(*argv)
        check(result)
        assert result.code == 2 and key in result.err, result.err


@pytest.mark.parametrize("case,data,needle", [
    ("top-level list", b"- config\n- 1\n", "must be a YAML mapping"),
    ("alias bomb", (ALIAS_BOMB + "config:\n  llmkit:users: *i\n").encode(), "alias"),
    ("latin-1", (BASE + "  llmkit:owner: caf\xe9\n").encode("latin-1"), "not UTF-8"),
    ("config a list", b"config:\n  - 1\n", "'config' must be a mapping"),
    ("deep nesting", b"config:\n  llmkit:tags: " + b"[" * 300 + b"]" * 300 + b"\n", "nested"),
])
def test_hostile_stack_files_are_one_line(cli, stacks_dir, case, data, needle):
    (stacks_dir / "Pulumi.bad.yaml").write_bytes(data)
    for argv in (("plan", "--stack", "bad"), ("preview", "--stack", "bad")):
        result = cli(*argv)
        check(result)
        assert result.code == 2 and needle in result.err, f"{case}: {result.err}"


def test_stack_alias_bomb_is_bounded_in_a_real_process(tmp_path):
    folder = tmp_path / "stacks"
    folder.mkdir()
    (folder / "Pulumi.bomb.yaml").write_text(ALIAS_BOMB + "config:\n  llmkit:users: *i\n")
    prelude = f"import os; os.environ['LLMKIT_STACKS_DIR'] = {str(folder)!r}"  # the CLI's stacks folder
    result = run_bounded("preview", "--stack", "bomb", timeout=120, memory_mb=4096, prelude=prelude)
    check(result)
    assert result.code == 2 and "alias" in result.err


def test_huge_values_through_set_are_exit_2(cli):
    for pair in ("users=" + "9" * 30, "queriesPerUserPerDay=1e30", "users=1e30"):
        result = cli("plan", "--stack", "api-aws", "--set", pair)
        check(result)
        assert result.code == 2


def test_plain_text_api_keys_are_masked_everywhere(cli, stacks_dir, tmp_path):
    keys = json.dumps({"openai": SECRET, "router": SECRET + "-router"})
    name = _stack(stacks_dir, "leaky", f"  llmkit:apiKeys: '{keys}'\n")
    out = tmp_path / "plan.json"
    result = cli("plan", "--stack", name, "--format", "json", "--out", str(out))
    check(result, secrets=[SECRET])
    assert result.code == 0, result.err
    assert SECRET not in out.read_text()
    assert json.loads(result.out)["config"]["llmkit:apiKeys"] == "[secret]"
    assert "warning: llmkit:apiKeys is plain text" in result.err and "Pulumi secret" in result.err
    for fmt in ("table", "json", "markdown"):
        shown = cli("preview", "--stack", name, "--format", fmt)
        check(shown, secrets=[SECRET])
        assert shown.code == 0, shown.err


def test_set_and_plain_text_mask_the_same(cli, stacks_dir):
    """The key through --set was already masked; through the file it is now masked the same."""
    name = _stack(stacks_dir, "plain", "")
    via_set = cli("plan", "--stack", name, "--format", "json", "--set", f"apiKeys={{\"openai\": \"{SECRET}\"}}")
    check(via_set, secrets=[SECRET])
    assert json.loads(via_set.out)["config"]["llmkit:apiKeys"] == "[secret]"


def test_plan_out_to_a_folder_is_one_line(cli, tmp_path):
    result = cli("plan", "--stack", "api-aws", "--out", str(tmp_path))
    check(result)
    assert result.code == 2 and "--out" in result.err and "folder" in result.err


def test_plan_out_to_a_folder_in_a_real_process(tmp_path):
    result = run_bounded("plan", "--stack", "api-aws", "--out", str(tmp_path), timeout=300, memory_mb=4096)
    check(result)
    assert result.code == 2 and "--out" in result.err
