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


@pytest.mark.parametrize("targets", [[f"{PKG}/aws"], [f"{PKG}/azure"], [f"{PKG}/gcp"], SHARED],
                         ids=["aws", "azure", "gcp", "shared"])
def test_components_type_check_against_the_provider_sdks(targets):
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(ROOT / ".mypy_cache"), "--no-color-output",
         "--show-error-codes", *targets],
        cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT_S,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "Success" in result.stdout
