"""The CLI's conventions: --version, --help on every command, exit codes, no tracebacks."""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer

from llmkit import __version__


def _all_command_paths():
    from llmkit.cli import app

    group = typer.main.get_command(app)
    paths = []

    def walk(cmd, prefix):
        if hasattr(cmd, "commands"):  # a group (typer's own click, vendored or not)
            for name, sub in cmd.commands.items():
                walk(sub, prefix + [name])
        else:
            paths.append(prefix)

    walk(group, [])
    return paths


def test_version(cli):
    r = cli("--version")
    assert r.code == 0
    assert r.out.strip() == f"llmkit {__version__}"


def test_help_on_root(cli):
    r = cli("--help")
    assert r.code == 0
    assert "Usage" in r.out


def test_help_on_every_command(cli):
    paths = _all_command_paths()
    for path in paths:
        r = cli(*path, "--help")
        assert r.code == 0, (path, r.err)
        assert "Usage" in r.out, path


def test_every_command_help_has_examples(cli):
    """Each command's --help ends with runnable examples (llmkit.commands.examples)."""
    for path in _all_command_paths():
        r = cli(*path, "--help")
        assert "Examples:" in r.out, path
        after = r.out.split("Examples:", 1)[1]
        assert f"llmkit {' '.join(path)}" in " ".join(after.split()), path  # an example of this very command


def test_plan_preview_price_prices_each_say_how_they_differ(cli):
    for path, word in ((["plan"], "plan ="), (["preview"], "preview ="), (["price"], "price ="), (["prices", "list"], "prices =")):
        after = cli(*path, "--help").out.split("Examples:", 1)[1]
        assert word in after, path


def test_required_options_are_marked(cli):
    for path, option in ((["preview"], "--stack"), (["comment", "github"], "--repo"), (["capacity"], "--model")):
        out = cli(*path, "--help").out
        line = next(ln for ln in out.splitlines() if option in ln)
        assert "*" in line, (path, line)  # typer's mark for a required option


def test_unknown_command_is_a_usage_error(cli):
    r = cli("no-such-command")
    assert r.code == 2


def test_user_error_is_one_line_exit_2_without_traceback():
    # Through the real console script in a child process: what a user sees.
    code = (
        "import sys\n"
        "from llmkit import cli\n"
        "from llmkit.core.errors import UserError\n"
        "@cli.app.command('boom')\n"
        "def boom():\n"
        "    raise UserError('users must be a positive whole number')\n"
        "cli.main(['boom'])\n"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert p.returncode == 2
    assert p.stderr == "error: users must be a positive whole number\n"
    assert "Traceback" not in p.stderr


@pytest.mark.parametrize(
    "exc, code",
    [("GuardrailBreached('monthly total $12.00 exceeds budget $10.00')", 3), ("RuntimeError('secret=hunter2')", 1)],
)
def test_exit_codes_and_no_secret_leak(exc, code):
    src = (
        "from llmkit import cli\n"
        "from llmkit.core.errors import GuardrailBreached\n"
        "@cli.app.command('boom')\n"
        "def boom():\n"
        f"    raise {exc}\n"
        "cli.main(['boom'])\n"
    )
    p = subprocess.run([sys.executable, "-c", src], capture_output=True, text=True)
    assert p.returncode == code
    assert "Traceback" not in p.stderr
    assert "hunter2" not in p.stderr + p.stdout
    assert len(p.stderr.strip().splitlines()) == 1


def test_a_command_loads_only_its_own_command_module():
    """Typer inspects every registered command on each run; registering only the one being run
    keeps start-up flat as commands are added (docs/performance.md)."""
    code = (
        "import sys\n"
        "from llmkit.cli import main\n"
        "try:\n"
        "    main(['prices', 'show', '--llm', 'gpt-4o', '--format', 'json'])\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "print(sorted(m for m in sys.modules if m.startswith('llmkit.commands.')), file=sys.stderr)\n"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert p.stderr.strip() == "['llmkit.commands._common', 'llmkit.commands.prices']"
