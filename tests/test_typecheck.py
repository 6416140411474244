"""Type-check components/ against the real provider SDKs.

The SDK's mocks accept any property name and any value shape; a real engine would reject a
misspelt argument or a string where a list belongs. mypy over the packages, with the installed
pulumi_aws / pulumi_azure_native / pulumi_gcp type hints, catches those before a deploy.

One mypy run per cloud package (each also checks the shared modules it imports) so that only
one provider SDK is in memory at a time: azure-native alone needs several GB cold. The cache
dir persists between runs (.mypy_cache, git-ignored): measured cold on a shared 2-core machine,
all of components/ took 6.5 min wall (2.5 min CPU, ~7 GB peak in one run); warm, seconds.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT_S = 1800
# Through llmkit/components (the link to components/), so mypy names the modules llmkit.components.*
PKG = "llmkit/components"
SHARED = sorted(f"{PKG}/{p.name}" for p in (ROOT / "components").glob("*.py")) + [f"{PKG}/boot"]


def _assert_type_checks(targets: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(ROOT / ".mypy_cache"), "--no-color-output",
         "--show-error-codes", *targets],
        cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT_S,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "Success" in result.stdout


@pytest.mark.parametrize("targets", [[f"{PKG}/aws"], [f"{PKG}/azure"], [f"{PKG}/gcp"], SHARED],
                         ids=["aws", "azure", "gcp", "shared"])
def test_components_type_check_against_the_provider_sdks(targets):
    _assert_type_checks(targets)


# Every layer besides the components: the core, pricing, the CLI and its use cases, lifecycle and
# sweep. None of them imports a Pulumi provider SDK (tests/test_layers.py), so one run is quick.
LAYERS = [f"llmkit/{p}" for p in ("core", "pricing", "commands", "usecases", "views", "lifecycle", "sweep", "ci",
                                  "project", "policies")] + sorted(f"llmkit/{p.name}" for p in (ROOT / "llmkit").glob("*.py"))


def test_the_layers_above_and_below_the_components_type_check():
    _assert_type_checks(LAYERS)


def test_a_user_program_type_checks_against_the_args_and_outputs(tmp_path):
    """The Args and output attributes are typed: a correct program passes, a misspelt option or
    an output another cloud's class has fails (what an IDE would flag)."""
    program = (ROOT / "tests" / "fixtures" / "user_program" / "__main__.py").read_text()
    wrong = program.replace("users=500", "userz=500").replace("cluster.model_bucket", "cluster.model_cache_url")
    for text, ok in ((program, True), (wrong, False)):
        path = tmp_path / ("ok.py" if ok else "wrong.py")
        path.write_text(text)
        result = subprocess.run(
            [sys.executable, "-m", "mypy", "--cache-dir", str(ROOT / ".mypy_cache"), "--no-color-output", str(path)],
            cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT_S,
        )
        if ok:
            assert result.returncode == 0, result.stdout[-3000:]
        else:
            assert 'Unexpected keyword argument "userz"' in result.stdout, result.stdout[-3000:]
            assert '"GpuCluster" has no attribute "model_cache_url"' in result.stdout, result.stdout[-3000:]
