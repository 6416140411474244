"""The benchmark harness measures a real child process: its exit code, wall time and its own
peak RSS (not the maximum of every child so far), and reports ratios to the baseline."""

from __future__ import annotations

import sys

import pytest

from benchmarks.harness import BenchmarkFailed, Command, compare, format_table, run_once


def test_peak_rss_is_per_child_and_grows_with_allocation():
    small = run_once(Command("small", (sys.executable, "-c", "pass")))[1]
    big = run_once(Command("big", (sys.executable, "-c", "b = bytearray(200 * 1024 * 1024); b[::4096] = b'x' * len(b[::4096])")))[1]
    again = run_once(Command("small again", (sys.executable, "-c", "pass")))[1]
    assert big > small + 150
    assert again < big - 150  # not a running maximum over all children


def test_a_big_runner_does_not_inflate_the_childs_peak_rss():
    """A child forked from a big process inherits its RSS high-water mark; the spawner avoids it."""
    before = run_once(Command("small", (sys.executable, "-c", "pass")))[1]
    ballast = bytearray(150 * 1024 * 1024)
    ballast[::4096] = b"x" * len(ballast[::4096])  # touch every page so it is resident
    after = run_once(Command("small", (sys.executable, "-c", "pass")))[1]
    del ballast
    assert after < before + 20


def test_wall_time_cpu_time_and_failure():
    wall, _, idle_cpu = run_once(Command("sleep", (sys.executable, "-c", "import time; time.sleep(0.3)")))
    assert wall >= 0.3
    spin = "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass"
    _, _, busy_cpu = run_once(Command("spin", (sys.executable, "-c", spin)))
    assert busy_cpu >= 0.3 > idle_cpu + 0.15  # CPU time is the process's own work, not its waiting
    with pytest.raises(BenchmarkFailed, match="exit 3"):
        run_once(Command("fails", (sys.executable, "-c", "import sys; sys.stderr.write('x' * 200000); sys.exit(3)")))


def test_compare_reports_ratios_against_the_baseline():
    c = compare("sleepy", [sys.executable, "-c", "import time; time.sleep(0.2)"], runs=3)
    assert c.command.runs == 3 and c.command.wall_s >= 0.2
    assert c.time_ratio == pytest.approx(c.command.wall_s / c.baseline.wall_s)
    assert c.time_ratio > 1
    table = format_table([c])
    assert "sleepy" in table and "x time" in table and "x cpu" in table
    assert c.cpu_ratio == pytest.approx(c.command.cpu_s / c.baseline.cpu_s)
