"""Stack files from a user's own folder (--stacks-dir / LLMKIT_STACKS_DIR), and stack names that
cannot reach a file outside it: a bad name is exit 2 with one line, before anything runs."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from llmkit.core.errors import UserError
from llmkit.stacks import STACKS_DIR, load_stack_config, stack_file

# Traversal, separators, absolute paths, control characters, an empty and an overlong name.
BAD_NAMES = ["../gpu-aws", "x/../../etc/passwd", "/etc/passwd", "a\\b", "gpu-aws\n", "name\x1b[2J", "", "a" * 101, "gpu aws", "ünï"]


def user_stacks(tmp_path: Path) -> Path:
    """A user's folder holding one stack of their own, 'team-chat' (gpu-aws at 300 users)."""
    folder = tmp_path / "my-stacks"
    folder.mkdir()
    text = (STACKS_DIR / "Pulumi.gpu-aws.yaml").read_text().replace("llmkit:users: 100", "llmkit:users: 300")
    assert "llmkit:users: 300" in text
    (folder / "Pulumi.team-chat.yaml").write_text(text)
    return folder


@pytest.mark.parametrize("name", BAD_NAMES)
def test_a_bad_stack_name_is_refused_before_it_becomes_a_path(name):
    with pytest.raises(UserError, match="stack name must be"):
        stack_file(name)


def test_a_stack_file_linking_outside_the_folder_is_refused(tmp_path):
    outside = tmp_path / "secret.yaml"
    outside.write_text("config: {}\n")
    folder = tmp_path / "stacks"
    folder.mkdir()
    (folder / "Pulumi.evil.yaml").symlink_to(outside)
    with pytest.raises(UserError, match="points outside the stacks folder"):
        load_stack_config("evil", folder)


def test_a_missing_stacks_folder_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="does not exist"):
        load_stack_config("gpu-aws", tmp_path / "nope")


def test_names_pulumi_allows_are_accepted(tmp_path):
    (tmp_path / "Pulumi.Team_1.prod-v2.yaml").write_text("config:\n  llmkit:users: 7\n")
    assert load_stack_config("Team_1.prod-v2", tmp_path).get("users") == "7"


@pytest.mark.parametrize("argv", [("preview", "--stack"), ("plan", "--stack"), ("up", "--yes", "--stack"), ("destroy", "--yes", "--stack")])
@pytest.mark.parametrize("name", ["../../../etc/passwd", "gpu-aws\x1b]8;;https://evil.example/\x07"])
def test_every_command_with_stack_refuses_a_bad_name_in_one_line(cli, monkeypatch, argv, name):
    monkeypatch.setattr(shutil, "which", lambda _: "/usr/bin/pulumi")  # get past the CLI check, if any
    result = cli(*argv, name)
    assert result.code == 2, result.err
    assert result.err.count("\n") == 1 and "stack name must be" in result.err
    assert "\x1b" not in result.err + result.out and "etc/passwd" not in result.err + result.out
    assert "Traceback" not in result.err


def test_preview_and_plan_read_a_users_folder_by_flag_and_by_environment(cli, monkeypatch, tmp_path):
    folder = user_stacks(tmp_path)
    by_flag = cli("plan", "--stack", "team-chat", "--stacks-dir", str(folder), "--format", "json")
    assert by_flag.code == 0, by_flag.err
    assert json.loads(by_flag.out)["config"]["llmkit:users"] == "300"
    monkeypatch.setenv("LLMKIT_STACKS_DIR", str(folder))
    by_env = cli("preview", "--stack", "team-chat", "--format", "json")
    assert by_env.code == 0, by_env.err
    assert json.loads(by_env.out)["totalMonthlyCost"]
    # the folder replaces the reference stacks: gpu-aws is not in it
    missing = cli("preview", "--stack", "gpu-aws")
    assert missing.code == 2 and "gpu-aws" in missing.err and missing.err.count("\n") == 1


def test_a_missing_stacks_dir_flag_is_one_line(cli, tmp_path):
    result = cli("plan", "--stack", "gpu-aws", "--stacks-dir", str(tmp_path / "nope"))
    assert result.code == 2 and result.err.count("\n") == 1 and "does not exist" in result.err


def test_up_and_destroy_pass_the_users_folder_to_the_lifecycle(cli, monkeypatch, tmp_path):
    from llmkit.lifecycle.automation import Lifecycle

    folder = user_stacks(tmp_path)
    seen: list[Path] = []

    def from_environment(cls, stacks_dir=STACKS_DIR):
        seen.append(stacks_dir)
        raise UserError("stopped here by the test")

    monkeypatch.setattr(Lifecycle, "from_environment", classmethod(from_environment))
    assert cli("up", "--stack", "team-chat", "--stacks-dir", str(folder), "--yes").code == 2
    monkeypatch.setenv("LLMKIT_STACKS_DIR", str(folder))
    assert cli("destroy", "--stack", "team-chat", "--yes").code == 2
    assert seen == [folder, folder]
    monkeypatch.delenv("LLMKIT_STACKS_DIR")
    assert cli("destroy", "--stack", "gpu-aws", "--yes").code == 2
    assert seen[-1] == STACKS_DIR and os.path.samefile(STACKS_DIR / "Pulumi.gpu-aws.yaml", stack_file("gpu-aws"))


def test_up_refuses_the_read_only_reference_stacks_of_an_installed_package(cli, monkeypatch, tmp_path):
    """Pulumi writes stack config into the stacks folder; in a wheel install the reference stacks
    are a folder inside site-packages (in a checkout, a link to stacks/), so up says what to do."""
    import llmkit.stacks
    from llmkit.lifecycle.automation import Lifecycle

    installed = tmp_path / "site-packages" / "llmkit" / "reference_stacks"
    shutil.copytree(STACKS_DIR, installed)
    monkeypatch.setattr(llmkit.stacks, "STACKS_DIR", installed)
    seen: list[Path] = []

    def from_environment(cls, stacks_dir=STACKS_DIR):
        seen.append(stacks_dir)
        raise UserError("stopped here by the test")

    monkeypatch.setattr(Lifecycle, "from_environment", classmethod(from_environment))
    refused = cli("up", "--stack", "gpu-aws", "--yes")
    assert refused.code == 2 and refused.err.count("\n") == 1
    assert "read-only" in refused.err and "Pulumi.gpu-aws.yaml" in refused.err and "--stacks-dir" in refused.err
    assert seen == []  # refused before the Pulumi CLI is looked for
    folder = user_stacks(tmp_path)
    assert cli("up", "--stack", "team-chat", "--stacks-dir", str(folder), "--yes").code == 2 and seen == [folder]
    assert STACKS_DIR.is_symlink()  # this checkout: the reference stacks are stacks/, which up may use
