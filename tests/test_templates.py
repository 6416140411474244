"""`pulumi new` templates (templates/<architecture>/): each is a Pulumi project whose program
imports the components with Args; run here under the SDK's mocks with the template's own config
(no llmkit:* keys), as `pulumi new` + `pulumi preview` would run it."""

from __future__ import annotations

import ast
import runpy
from pathlib import Path

import pytest
import yaml

from llmkit.mockrun import run_program
from llmkit.offline_plan import _offline_mocks, invokes

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
# template -> (component class, a cloud to run it on, a setting to override)
CASES = {
    "gpu-cluster": ("GpuCluster", "aws", {"users": "400"}),
    "api-tier": ("ApiTier", "azure", {"hostedModels": "gpt-4o-mini, claude-sonnet-4"}),
    "hybrid": ("HybridDeployment", "gcp", {"localSharePct": "60"}),
}
# ... and where that setting shows in the deployed component's spec
REACHED = {
    "gpu-cluster": lambda spec: spec.workload.users == 400 and spec.model_server.model_id == "llama-3.1-8b",
    "api-tier": lambda spec: spec.router.hosted_models == ("gpt-4o-mini", "claude-sonnet-4") and spec.region == "eastus",
    "hybrid": lambda spec: spec.router.local_share_pct == 60 and spec.model_server.model_id == "mistral-7b",
}


def _project(folder: str) -> dict:
    return yaml.safe_load((TEMPLATES / folder / "Pulumi.yaml").read_text())


def test_there_is_one_template_per_architecture():
    assert sorted(p.name for p in TEMPLATES.iterdir() if p.is_dir()) == sorted(CASES)


@pytest.mark.parametrize("folder", sorted(CASES))
def test_template_project_prompts_for_what_its_program_reads(folder):
    project = _project(folder)
    assert project["name"] == "${PROJECT}" and project["runtime"]["name"] == "python"
    prompts = project["template"]["config"]
    assert prompts["cloud"]["default"] == "aws" and project["template"]["description"]
    tree = ast.parse((TEMPLATES / folder / "__main__.py").read_text())
    read = {node.args[0].value for node in ast.walk(tree) if isinstance(node, ast.Call) and node.args
            and isinstance(node.args[0], ast.Constant) and getattr(node.func, "attr", getattr(node.func, "id", "")) in ("get", "get_int", "names")}
    assert read == set(prompts), "every prompt is used and the program reads nothing else"
    requirements = (TEMPLATES / folder / "requirements.txt").read_text()
    assert "llmkit" in requirements and "pulumi" in requirements
    imports = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert "llmkit.components" in imports


@pytest.mark.parametrize("folder", sorted(CASES))
def test_template_program_builds_its_component_from_its_own_config(folder):
    cls, cloud, setting = CASES[folder]
    project = "my-" + folder
    prompts = _project(folder)["template"]["config"]
    config = {f"{project}:{key}": str(p["default"]) for key, p in prompts.items()}  # what `pulumi new` stores
    config.update({f"{project}:cloud": cloud, **{f"{project}:{k}": v for k, v in setting.items()}})
    if cloud == "gcp":
        config["gcp:project"] = "my-project"
    program: dict = {}
    recorded = run_program(lambda: program.update(runpy.run_path(str(TEMPLATES / folder / "__main__.py"))), config=config,
                           project=project, stack="dev", mocks=_offline_mocks(invokes({}), computed=True))
    assert REACHED[folder](program["deployment"].spec)
    components = [r for r in recorded if not r.custom and r.type.endswith(("GpuCluster", "ApiTier", "HybridDeployment"))]
    assert [(c.type, c.name) for c in components] == [(f"llmkit:{cloud}:{cls}", f"{project}-dev")]
    assert sum(r.custom for r in recorded) >= 15
    owners = {r.inputs.get("tags", r.inputs.get("labels", {})).get("llmkit-owner") for r in recorded
              if isinstance(r.inputs.get("tags", r.inputs.get("labels")), dict)}
    assert owners == {"unknown"}
