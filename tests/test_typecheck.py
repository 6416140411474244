"""Type-check components/ against the real provider SDKs.

The SDK's mocks accept any property name and any value shape; a real engine would reject a
misspelt argument or a string where a list belongs. mypy over the packages, with the installed
pulumi_aws / pulumi_azure_native / pulumi_gcp type hints, catches those before a deploy.
The cache dir persists between runs (.mypy_cache, git-ignored): cold, the first run reads the
provider SDKs' stubs (minutes, several GB for azure-native); warm runs take about a second.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT_S = 1800


def test_components_type_check_against_the_provider_sdks():
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(ROOT / ".mypy_cache"), "--no-color-output",
         "--show-error-codes", "components"],
        cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT_S,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "Success" in result.stdout
