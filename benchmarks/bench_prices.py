"""`llmkit prices show` start-up cost against `python -c pass` (the catalog must load cheaply)."""

from __future__ import annotations

from benchmarks.harness import PYTHON, Comparison, compare


def cases(runs: int = 7) -> list[Comparison]:
    llmkit = [PYTHON, "-m", "llmkit", "prices"]
    return [
        # the floor every llmkit command pays (argparse, the command module and its option
        # tables): `prices show` with no arguments fails as a usage error before it touches
        # the catalog, so the catalog's own cost is the difference to the lines below
        # what the CLI framework alone costs (typer was 2.6x; docs/performance.md)
        compare("import argparse alone", [PYTHON, "-c", "import argparse"], runs=runs),
        compare("floor: llmkit prices show (usage error)", llmkit + ["show"], runs=runs, expect_exit=2),
        compare("llmkit prices show aws g4dn.xlarge", llmkit + ["show", "--cloud", "aws", "--type", "g4dn.xlarge"], runs=runs),
        compare("llmkit prices show aws --format json", llmkit + ["show", "--cloud", "aws", "--type", "p5.48xlarge", "--format", "json"], runs=runs),
        compare("llmkit prices show --llm gpt-4o", llmkit + ["show", "--llm", "gpt-4o"], runs=runs),
        compare("llmkit prices list --gpu H100-80GB (json)", llmkit + ["list", "--gpu", "H100-80GB", "--format", "json"], runs=runs),
    ]
