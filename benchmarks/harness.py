"""Whole-process speed and memory benchmarks, measured against a baseline in the same run.

Why whole processes: what users feel is `llmkit ...` start-up (imports, data loading), which an
in-process timer misses. Why a baseline: absolute times on a shared 2-core machine drift from run
to run; the ratio to ``python -c pass`` measured in the same run is stable enough to compare.

Each run starts a fresh process and reads ``os.wait4``'s rusage of that process alone (ru_maxrss,
KiB on Linux), so runs do not contaminate each other the way RUSAGE_CHILDREN's running maximum
would. A process forked from a big parent inherits the parent's RSS high-water mark until it
execs (Linux records the old address space's peak into the child's ru_maxrss), so a benchmark
module that grew the runner to 100 MB would make every later command "use" 100 MB. The
measured command is therefore started by a small spawner (``python -S``, ~8 MB) that times it,
reaps it with wait4 and reports wall time, peak RSS and exit code (the spawner's own ~11 MB is
then the floor of any reading; `python -c pass` itself peaks at about that). The reported figure is the
median of N runs (after one untimed warm-up run that fills the OS file cache and writes bytecode); the command and
its baseline alternate run by run so that load on a shared machine affects both alike.

CPU time (user + system, from the same rusage) is reported beside wall time: on a shared
machine under load, wall time includes waiting for a core and its ratio drifts with the load,
while CPU time is what the process itself spent; both ratios go in docs/performance.md.

Usage from a ``benchmarks/bench_*.py`` module::

    from benchmarks.harness import Command, compare
    def cases():
        return [compare("prices show", [PY, "-m", "llmkit", "prices", "show", ...])]

``benchmarks/run.py`` imports every ``bench_*.py`` and prints one table of all their cases.
"""

from __future__ import annotations

import dataclasses
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Mapping, Optional, Sequence

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
BASELINE = (PYTHON, "-c", "pass")


@dataclasses.dataclass(frozen=True)
class Command:
    """A command line to measure; ``env`` adds to the inherited environment."""

    name: str
    argv: tuple[str, ...]
    env: Mapping[str, str] = dataclasses.field(default_factory=dict)
    expect_exit: int = 0


@dataclasses.dataclass(frozen=True)
class Measurement:
    """Median wall time and CPU time (seconds) and median peak RSS (MiB) over ``runs`` fresh
    processes."""

    name: str
    runs: int
    wall_s: float
    wall_min_s: float
    wall_max_s: float
    peak_rss_mib: float
    cpu_s: float = 0.0


@dataclasses.dataclass(frozen=True)
class Comparison:
    """A command and its baseline, measured in the same session."""

    case: str
    command: Measurement
    baseline: Measurement

    @property
    def time_ratio(self) -> float:
        return self.command.wall_s / self.baseline.wall_s if self.baseline.wall_s else float("inf")

    @property
    def cpu_ratio(self) -> float:
        return self.command.cpu_s / self.baseline.cpu_s if self.baseline.cpu_s else float("inf")

    @property
    def rss_ratio(self) -> float:
        return self.command.peak_rss_mib / self.baseline.peak_rss_mib if self.baseline.peak_rss_mib else float("inf")


class BenchmarkFailed(RuntimeError):
    """The measured command did not exit as expected (a broken command is not a fast one)."""


# Runs in a small interpreter: start the command, time it, reap it, write "wall rss_kib exit cpu" to
# the file named by argv[1] (stdout and stderr belong to the command).
_SPAWNER = """
import os, subprocess, sys, time
out, argv = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(proc.pid, 0)
wall = time.perf_counter() - start
rss = usage.ru_maxrss / 1024 if sys.platform == "darwin" else usage.ru_maxrss
with open(out, "w") as fh:
    fh.write(f"{wall} {rss} {os.waitstatus_to_exitcode(status)} {usage.ru_utime + usage.ru_stime}")
"""


def run_once(cmd: Command) -> tuple[float, float, float]:
    """Run ``cmd`` once in a fresh process; return (wall seconds, peak RSS MiB, CPU seconds) of
    that process."""
    env = {**os.environ, **cmd.env}
    # Users run byte-compiled code (pip compiles a wheel at install; an editable checkout writes
    # __pycache__ on first run). A sandbox that sets PYTHONDONTWRITEBYTECODE would instead make
    # every measured run recompile llmkit's own modules (~20 ms here), which no user pays: the
    # warm-up run writes the bytecode, the timed runs use it.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        result = Path(tmp) / "result"
        errpath = Path(tmp) / "stderr"
        with errpath.open("wb") as errfile:  # a file, not a pipe: a chatty command cannot block
            subprocess.run(
                [sys.executable, "-S", "-c", _SPAWNER, str(result), *cmd.argv],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=errfile, check=False,
            )
        err = errpath.read_text(errors="replace")
        if not result.is_file():
            raise BenchmarkFailed(f"{cmd.name}: could not be started: {err.strip()[-300:]}")
        wall_text, rss_text, code_text, cpu_text = result.read_text().split()
    if int(code_text) != cmd.expect_exit:
        raise BenchmarkFailed(f"{cmd.name}: exit {code_text} (expected {cmd.expect_exit}): {err.strip()[-300:]}")
    return float(wall_text), float(rss_text) / 1024, float(cpu_text)


def measure(cmd: Command, runs: int = 7, warmup: int = 1) -> Measurement:
    """Median over ``runs`` fresh processes of one command (after ``warmup`` untimed runs)."""
    for _ in range(warmup):
        run_once(cmd)
    return _summarise(cmd.name, [run_once(cmd) for _ in range(runs)])


def _summarise(name: str, samples: list[tuple[float, float, float]]) -> Measurement:
    walls = [w for w, _, _ in samples]
    return Measurement(
        name=name,
        runs=len(samples),
        wall_s=statistics.median(walls),
        wall_min_s=min(walls),
        wall_max_s=max(walls),
        peak_rss_mib=statistics.median(m for _, m, _ in samples),
        cpu_s=statistics.median(c for _, _, c in samples),
    )


def compare(
    case: str,
    argv: Sequence[str],
    *,
    baseline: Sequence[str] = BASELINE,
    runs: int = 7,
    env: Optional[Mapping[str, str]] = None,
    expect_exit: int = 0,
) -> Comparison:
    """Measure ``argv`` against ``baseline`` in the same session.

    Runs alternate (baseline, command, baseline, command, ...) after one warm-up of each, so a
    load spike on a shared machine hits both sides instead of skewing the ratio.
    """
    base_cmd = Command("baseline: " + " ".join(Path(a).name if i == 0 else a for i, a in enumerate(baseline)), tuple(baseline))
    cmd = Command(case, tuple(argv), dict(env or {}), expect_exit)
    run_once(base_cmd)
    run_once(cmd)
    base_samples, cmd_samples = [], []
    for _ in range(runs):
        base_samples.append(run_once(base_cmd))
        cmd_samples.append(run_once(cmd))
    return Comparison(case=case, command=_summarise(cmd.name, cmd_samples), baseline=_summarise(base_cmd.name, base_samples))


def format_table(comparisons: Sequence[Comparison]) -> str:
    """A plain-text table: one line per case with absolute figures and ratios to the baseline."""
    header = (f"{'case':<44} {'runs':>4} {'wall s':>8} {'base s':>8} {'x time':>7} {'cpu s':>7} {'base':>7} {'x cpu':>6} "
              f"{'RSS MiB':>8} {'base MiB':>8} {'x RSS':>6}")
    lines = [header, "-" * len(header)]
    for c in comparisons:
        lines.append(
            f"{c.case[:44]:<44} {c.command.runs:>4} {c.command.wall_s:>8.3f} {c.baseline.wall_s:>8.3f} "
            f"{c.time_ratio:>7.1f} {c.command.cpu_s:>7.3f} {c.baseline.cpu_s:>7.3f} {c.cpu_ratio:>6.1f} "
            f"{c.command.peak_rss_mib:>8.1f} {c.baseline.peak_rss_mib:>8.1f} {c.rss_ratio:>6.1f}"
        )
    return "\n".join(lines)
