"""Reading Pulumi stack files without the CLI: flattening, secrets, unknown names."""

from __future__ import annotations

import pytest

from llmkit.core.errors import UnknownName, UserError
from llmkit.stacks import SECRET_PLACEHOLDER, load_stack_config, stack_names


def test_flattens_values_like_pulumi_and_hides_secrets(tmp_path):
    (tmp_path / "Pulumi.demo.yaml").write_text(
        "config:\n"
        "  llmkit:users: 250\n"
        "  llmkit:protect: true\n"
        "  llmkit:hostedModels: [gpt-4o, claude-sonnet-4]\n"
        "  aws:region: us-west-2\n"
        "  llmkit:apiKeys:\n"
        "    secure: AAABAKZ0c2VjcmV0\n"
    )
    s = load_stack_config("demo", tmp_path)
    assert s.config["llmkit:users"] == "250"
    assert s.config["llmkit:protect"] == "true"
    assert s.config["llmkit:hostedModels"] == '["gpt-4o","claude-sonnet-4"]'
    assert s.get("users") == "250" and s.get("aws:region") == "us-west-2"
    assert s.config["llmkit:apiKeys"] == SECRET_PLACEHOLDER
    assert s.secret_keys == ("llmkit:apiKeys",)
    assert "AAABAKZ0c2VjcmV0" not in repr(s)


def test_unknown_stack_suggests_close_names(tmp_path):
    (tmp_path / "Pulumi.gpu-aws.yaml").write_text("config: {}\n")
    assert stack_names(tmp_path) == ["gpu-aws"]
    with pytest.raises(UnknownName, match="did you mean gpu-aws"):
        load_stack_config("gpu-asw", tmp_path)


def test_bad_yaml_is_a_user_error(tmp_path):
    (tmp_path / "Pulumi.bad.yaml").write_text("config: [unclosed\n")
    with pytest.raises(UserError):
        load_stack_config("bad", tmp_path)
