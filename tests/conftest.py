"""Shared test harness.

``run_pulumi`` runs a Pulumi program under the SDK's mocks (fresh event loop, recording mocks
that fail loudly on an unanswered invoke, config via set_all_config, runtime reset afterwards;
see llmkit/mockrun.py) and returns the recorded resources. ``cli`` runs the real console entry
point in-process and returns its exit code and output; a JSON ``price`` / ``preview`` output is
validated against Infracost's schema on the way (tests/infracost_schema.py).
"""

from __future__ import annotations

import dataclasses
import io
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any, Callable

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Copies of public reference files the tests read (PROVENANCE.md there); build inputs such as
# gpu-specs.csv are read where the build reads them, pricing/catalog/upstream.
REFERENCE = FIXTURES / "reference"
UPSTREAM = ROOT / "pricing" / "catalog" / "upstream"


@dataclasses.dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def _no_price_network(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Tests never call a real price API: offline unless a test injects its own fetchers, and a
    fresh price cache per test (never the user's). The process catalog forgets live prices after."""
    monkeypatch.setenv("LLMKIT_OFFLINE", "1")
    monkeypatch.setenv("LLMKIT_CACHE_DIR", str(tmp_path_factory.mktemp("price-cache")))
    yield
    from llmkit.pricing.catalog import load_catalog

    load_catalog().live = None


@pytest.fixture
def cli() -> Callable[..., CliResult]:
    """Invoke ``llmkit.cli.main`` with argv; capture exit code, stdout and stderr."""
    from llmkit.cli import main

    def run(*argv: str, stdin: str | None = None) -> CliResult:
        out, err = io.StringIO(), io.StringIO()
        old_stdin = sys.stdin
        if stdin is not None:
            sys.stdin = io.StringIO(stdin)
        code = 0
        try:
            with redirect_stdout(out), redirect_stderr(err):
                try:
                    main(list(argv))
                except SystemExit as exc:
                    code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            sys.stdin = old_stdin
        from infracost_schema import check_cli_output

        check_cli_output(argv, code, out.getvalue())  # every JSON price/preview output meets Infracost's schema
        return CliResult(code, out.getvalue(), err.getvalue())

    return run


@pytest.fixture
def run_pulumi() -> Callable[..., Any]:
    """Run a program under mocks; returns the list of RecordedResource."""
    from llmkit.mockrun import run_program

    return run_program


@pytest.fixture
def reference_data() -> Path:
    """tests/fixtures/reference: real upstream files (preview documents, benchmarks), in the repo."""
    return REFERENCE
