"""What every hostile-input case must hold, checked in one place (issue 14).

For any run of the CLI on bad input: exit 0, 2 or 3 only (1 is an unexpected fault); no
traceback; a failure is ONE line on stderr; stdout carries no control or bidi character (so
nothing the input smuggled in reaches a terminal); no secret planted in the input appears in
either stream; JSON output has no negative money outside the diff block (a deletion's diff is
negative by right). Bounded time and memory are the runner's job (``run_bounded``), not a
timing assert.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable, Optional

ROOT = Path(__file__).resolve().parents[1]
ALLOWED_CODES = {0, 2, 3}
# Characters no output may carry from input: C0/C1 controls but tab and newline, DEL, bidi
# embeddings/overrides/isolates and marks, zero-width characters, line separators.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
_COST_KEYS = {"monthlyCost", "hourlyCost", "price", "monthlyQuantity", "hourlyQuantity", "totalMonthlyCost",
              "totalHourlyCost", "pastTotalMonthlyCost", "pastTotalHourlyCost"}


def check(result: Any, *, secrets: Iterable[str] = (), codes: set[int] = ALLOWED_CODES) -> None:
    """Assert the hostile-input invariants on a CliResult-like (code, out, err)."""
    code, out, err = result.code, result.out, result.err
    assert code in codes, f"exit {code} (allowed {sorted(codes)}); stderr: {err[-500:]!r}"
    for stream in (out, err):
        assert "Traceback" not in stream, stream[-2000:]
    if code == 2:
        assert err.startswith("error: ") and err.count("\n") == 1, f"not one line: {err!r}"
    unsafe = _UNSAFE.search(out)
    assert unsafe is None, f"unsafe character {unsafe.group()!r} on stdout"  # type: ignore[union-attr]
    unsafe = _UNSAFE.search(err)
    assert unsafe is None, f"unsafe character {unsafe.group()!r} on stderr"  # type: ignore[union-attr]
    for secret in secrets:
        assert secret not in out and secret not in err, "a secret from the input reached the output"


def no_negative_money(doc: Any, path: str = "") -> None:
    """Every cost, price and quantity in a JSON report is >= 0, except under a ``diff`` block."""
    if isinstance(doc, dict):
        for key, value in doc.items():
            if key == "diff" or key.startswith("diff"):
                continue
            if key in _COST_KEYS and isinstance(value, str):
                assert Decimal(value) >= 0, f"negative money at {path}.{key}"
            no_negative_money(value, f"{path}.{key}")
    elif isinstance(doc, list):
        for i, item in enumerate(doc):
            no_negative_money(item, f"{path}[{i}]")


def check_json_report(result: Any) -> None:
    """On a successful ``--format json`` run: the output parses and holds no negative money."""
    if result.code in (0, 3):
        no_negative_money(json.loads(result.out))


class Ran:
    """A subprocess run, shaped like the ``cli`` fixture's CliResult."""

    def __init__(self, code: int, out: str, err: str):
        self.code, self.out, self.err = code, out, err


def run_bounded(*argv: str, stdin: Optional[bytes] = None, timeout: float = 120, memory_mb: int = 1024,
                cwd: Optional[Path] = None, prelude: str = "") -> Ran:
    """Run ``python -m llmkit ARGV`` in a subprocess under an address-space limit and a wall-clock
    timeout: a hang or a memory blow-up fails the test (TimeoutExpired / a non-allowed exit)
    instead of taking the machine down. ``prelude`` is Python run before the CLI (test setup
    such as pointing the stack loader at a temp folder)."""
    code = (
        "import resource, sys\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({memory_mb} * 1024 * 1024, {memory_mb} * 1024 * 1024))\n"
        f"{prelude}\n"
        "from llmkit.cli import main\n"
        "main(sys.argv[1:])\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("LLMKIT_DEBUG", None)
    proc = subprocess.run([sys.executable, "-c", code, *argv], input=stdin, capture_output=True, timeout=timeout,
                          cwd=str(cwd or ROOT), env=env)
    return Ran(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))
