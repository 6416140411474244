"""llmkit as others get it: a wheel installed into a fresh virtualenv, the requirements file the
Pulumi CLI installs, and the policy pack's imports.

Reinstalling every provider SDK per test would take minutes, so each temporary venv reaches the
dependencies already installed for this test run through a .pth file naming that site-packages
directory (computed from the running interpreter). Only the directory is added: .pth files inside
it, such as the development install's editable hook, are not executed, so the llmkit that imports
is the one installed into the temporary venv, which the tests check. No network: the wheel is
built without build isolation, with the setuptools of this environment.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# What a user's checkout holds that a build needs; caches, venvs and earlier build output do not
# go into the copy (a stale build/ folder would leak old files into the wheel).
IGNORE = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".mypy_cache", ".pytest_cache", "tests", "benchmarks")


def clean_env() -> dict[str, str]:
    """The environment minus anything that would put the checkout's code on sys.path."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "LLMKIT_STACKS_DIR", "VIRTUAL_ENV")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run(argv: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(argv, cwd=cwd, env=clean_env(), capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{argv}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def venv_with_our_dependencies(path: Path) -> Path:
    """A new venv (no pip of its own) that sees this environment's packages; returns its python."""
    venv.EnvBuilder(with_pip=False).create(path)
    python = path / "bin" / "python"
    purelib = Path(run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], path).stdout.strip())
    (purelib / "_llmkit_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    """A copy of the checkout's project files; symlinks (llmkit/pricing -> ../pricing, ...) kept."""
    dest = tmp_path_factory.mktemp("checkout") / "llmkit"
    shutil.copytree(ROOT, dest, symlinks=True, ignore=IGNORE)
    assert (dest / "llmkit" / "pricing").is_symlink()
    return dest


@pytest.fixture(scope="module")
def wheel(source, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # -v shows what setuptools says about our metadata; deprecations there are our bug (issue 9)
    built = run([sys.executable, "-m", "pip", "wheel", "-v", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(out), str(source)], source)
    said = built.stdout + built.stderr
    assert "deprecat" not in said.lower(), [ln for ln in said.splitlines() if "eprecat" in ln]
    (whl,) = out.glob("llmkit-*.whl")
    return whl


def test_the_wheel_claims_only_the_llmkit_name_and_ships_what_runs(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/")[0] for n in names}
    assert top == {"llmkit", next(t for t in top if t.endswith(".dist-info"))}  # no components/, pricing/, policies/
    assert "llmkit/reference_stacks/Pulumi.gpu-aws.yaml" in names
    assert {"llmkit/project/Pulumi.yaml", "llmkit/project/__main__.py"} <= set(names)
    assert "llmkit/pricing/catalog/data/instances.csv" in names and "llmkit/components/boot/templates/vllm.service" in names
    assert not [n for n in names if "/upstream/" in n or "/sources/" in n]  # build inputs stay in the repository


def test_an_installed_wheel_prices_a_reference_stack_from_any_directory(wheel, tmp_path, cli):
    python = venv_with_our_dependencies(tmp_path / "venv")
    run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "--no-warn-script-location", str(wheel)], tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = run([str(python), "-c", "import llmkit; print(llmkit.__file__)"], elsewhere).stdout.strip()
    assert Path(where).is_relative_to(tmp_path / "venv"), where  # the wheel's llmkit, not the checkout's
    result = run([str(tmp_path / "venv" / "bin" / "llmkit"), "preview", "--stack", "gpu-aws", "--format", "json"], elsewhere)
    installed = json.loads(result.stdout)
    here = cli("preview", "--stack", "gpu-aws", "--format", "json")
    assert here.code == 0
    assert Decimal(installed["totalMonthlyCost"]) > 0
    assert installed["totalMonthlyCost"] == json.loads(here.out)["totalMonthlyCost"]  # the same answer as the checkout
    assert list(elsewhere.iterdir()) == []  # it wrote nothing where it ran
    # deploying needs a stacks folder Pulumi may write to, not the package's own copy
    up = subprocess.run([str(tmp_path / "venv" / "bin" / "llmkit"), "up", "--stack", "gpu-aws", "--yes"], cwd=elsewhere,
                        env=clean_env(), capture_output=True, text=True, timeout=120)
    assert up.returncode == 2 and "read-only" in up.stderr and "--stacks-dir" in up.stderr, up.stderr


def test_the_requirements_file_pulumi_installs_makes_the_program_and_the_policy_pack_import(source, tmp_path):
    """What the pip toolchain does on `pulumi up` (Pulumi.yaml: toolchain pip, virtualenv .venv):
    `pip install -r requirements.txt` in the project folder. Then the program's imports and the
    policy pack's (run in the same venv, PolicyPack stubbed: the real one starts a server)."""
    python = venv_with_our_dependencies(tmp_path / "venv")
    run([str(python), "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-index", "-r", "requirements.txt"], source)
    where = run([str(python), "-c", "import llmkit; print(llmkit.__file__)"], tmp_path).stdout.strip()
    assert Path(where) == source / "llmkit" / "__init__.py"  # the checkout, editable
    program = run([str(python), "-c", "import runpy; runpy.run_path('__main__.py', run_name='not_main'); print('ok')"], source)
    assert program.stdout.strip() == "ok"  # imports resolve; the engine-only part needs __main__
    stub = (
        "import runpy, pulumi_policy\n"
        "pulumi_policy.PolicyPack = lambda name, policies: print(name, sorted(p.name for p in policies))\n"
        "runpy.run_path('__main__.py', run_name='__main__')\n"
    )
    pack = run([str(python), "-c", stub], source / "policies")
    from llmkit.policies.cost_rules import policies

    assert pack.stdout.strip() == f"llmkit-cost-guardrails {sorted(p.name for p in policies())}"
    # the pack's own requirements file names the same project, from its folder
    policy_reqs = [ln for ln in (source / "policies" / "requirements.txt").read_text().splitlines() if ln and not ln.startswith("#")]
    assert policy_reqs == ["-e .."] and (source / "policies" / "..").resolve() == source.resolve()


def test_nothing_reads_a_folder_beside_the_repository():
    """The reference-data folder that once lay beside the checkout (../shared) is not read by any
    code or test: what they need is copied in, with provenance (CI proves it on a lone clone;
    this says which file when it breaks, on a machine where the folder still exists)."""
    import re

    beside = re.compile(r"\.\./shared|parents\[\d\]\.parent|ROOT\.parent|REPO\.parent")
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for top in ("llmkit", "pricing", "components", "policies", "tests", "benchmarks")
        for path in (ROOT / top).rglob("*.py")
        if not path.is_symlink() and "fixtures" not in path.parts
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if beside.search(line) and path != Path(__file__).resolve()
    ]
    assert offenders == []
