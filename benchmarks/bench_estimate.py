"""`llmkit estimate` and `llmkit compare` over 1,000 user counts against `python -c pass`.

compare over 1,000 user counts prices 4 approaches x 1,000 workloads and solves 6 break-evens;
it must stay an interactive command (capacity solved once per distinct need, catalog lookups
cached), and neither command may import a Pulumi provider SDK.
"""

from __future__ import annotations

from benchmarks.harness import PYTHON, Comparison, compare


# A machine with no AWS credentials that is not an EC2 instance (a laptop, a CI runner): the
# AWS price lookup knows it has no credential source without importing boto3. This sandbox hides
# the firmware view that tells (llmkit.pricing.catalog.live.aws.may_have_credentials), so say it.
NOT_EC2 = {"AWS_EC2_METADATA_DISABLED": "true"}


def cases(runs: int = 7) -> list[Comparison]:
    llmkit = [PYTHON, "-m", "llmkit"]
    return [
        compare("llmkit estimate -a self-hosted (json)", llmkit + ["estimate", "-a", "self-hosted", "--format", "json"], runs=runs, env=NOT_EC2),
        compare("llmkit estimate -a api --profile guide", llmkit + ["estimate", "-a", "api", "--profile", "guide"], runs=runs, env=NOT_EC2),
        compare("llmkit compare --users 1-1000 (json)", llmkit + ["compare", "--users", "1-1000", "--format", "json"], runs=runs, env=NOT_EC2),
        compare("llmkit compare --users 1-1000 (table)", llmkit + ["compare", "--users", "1-1000"], runs=runs, env=NOT_EC2),
    ]
