"""The CLI's conventions: --version, --help on every command, exit codes, no tracebacks."""

from __future__ import annotations

import subprocess
import sys

import pytest

from llmkit import __version__


def _all_command_paths():
    from llmkit.cli import COMMANDS, parser
    from llmkit.commands._parser import leaves

    paths = [list(path) for path, _ in leaves(parser())]
    assert {p[0] for p in paths} == set(COMMANDS)  # the walk reaches every command cli.main knows
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
        lines = out.splitlines()
        at = next(i for i, ln in enumerate(lines) if ln.strip().startswith(option))
        assert "[required]" in " ".join(lines[at : at + 2]), (path, lines[at])  # first in its help


def test_unknown_command_is_a_usage_error(cli):
    r = cli("no-such-command")
    assert r.code == 2
    r = cli("pricse", "show")
    assert (r.code, r.err) == (2, "error: unknown command 'pricse'; did you mean price, prices? (see 'llmkit -h')\n")
    r = cli("prices", "shwo")  # in a group: argparse's own one line, pointing at the group's help
    assert r.code == 2 and r.err.count("\n") == 1 and "'shwo'" in r.err and "(see 'llmkit prices -h')" in r.err


def test_bare_command_or_group_prints_its_help_to_stderr_exit_2(cli):
    for argv, usage in (((), "Usage: llmkit "), (("prices",), "Usage: llmkit prices "), (("comment",), "Usage: llmkit comment ")):
        r = cli(*argv)
        assert r.code == 2 and r.out == "" and r.err.startswith(usage), argv


def test_every_option_of_every_command_is_in_its_help(cli):
    """Walks every command's parser: each option's flags and help text appear in its --help."""
    import argparse

    from llmkit.cli import parser
    from llmkit.commands._parser import leaves

    for path, sub in leaves(parser()):
        out = " ".join(cli(*path, "-h").out.split())
        for action in sub._actions:
            for flag in action.option_strings:
                assert flag in out, (path, flag)
            if action.help and not isinstance(action, argparse._HelpAction):
                assert " ".join(action.help.replace("%%", "%").split()) in out, (path, action.dest)


# A command module `boom` registered the way every real one is, whose command raises {exc}.
BOOM = (
    "import sys, types\n"
    "from llmkit import cli\n"
    "from llmkit.commands._parser import command\n"
    "from llmkit.core.errors import GuardrailBreached, UserError\n"
    "def boom():\n"
    "    raise {exc}\n"
    "mod = types.ModuleType('llmkit.commands.boom')\n"
    "mod.register = lambda subs: command(subs, 'boom', boom, (), help='Fails.')\n"
    "sys.modules['llmkit.commands.boom'] = mod\n"
    "cli.COMMANDS['boom'] = 'boom'\n"
    "cli.main(['boom'])\n"
)


def test_user_error_is_one_line_exit_2_without_traceback():
    # Through the real console script in a child process: what a user sees.
    code = BOOM.format(exc="UserError('users must be a positive whole number')")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert p.returncode == 2
    assert p.stderr == "error: users must be a positive whole number\n"
    assert "Traceback" not in p.stderr


@pytest.mark.parametrize(
    "exc, code",
    [("GuardrailBreached('monthly total $12.00 exceeds budget $10.00')", 3), ("RuntimeError('secret=hunter2')", 1)],
)
def test_exit_codes_and_no_secret_leak(exc, code):
    src = BOOM.format(exc=exc)
    p = subprocess.run([sys.executable, "-c", src], capture_output=True, text=True)
    assert p.returncode == code
    assert "Traceback" not in p.stderr
    assert "hunter2" not in p.stderr + p.stdout
    assert len(p.stderr.strip().splitlines()) == 1


def _modules_after(argvs, which):
    """Run ``cli.main`` on each argv in a fresh process (each must succeed); the loaded modules
    that ``which`` (an expression over name ``m``) selects, sorted."""
    code = (
        "import sys\n"
        "from llmkit.cli import main\n"
        f"for argv in {argvs!r}:\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit as exc:\n"
        "        assert not exc.code, (argv, exc.code)\n"
        f"print(sorted(m for m in sys.modules if {which}), file=sys.stderr)\n"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return p.stderr.strip()


def test_a_command_loads_only_its_own_command_module():
    """Importing only the command being run keeps start-up flat as commands are added
    (docs/performance.md)."""
    loaded = _modules_after([["prices", "show", "--llm", "gpt-4o", "--format", "json"]], "m.startswith('llmkit.commands.')")
    assert loaded == "['llmkit.commands._common', 'llmkit.commands._parser', 'llmkit.commands.prices']"


def test_json_paths_import_no_table_renderer_nor_cli_framework():
    """Start-up is a goal (docs/performance.md): a JSON answer never imports rich (tables only),
    typer/click (gone), difflib (only for a 'did you mean' hint) or html (only for pages)."""
    argvs = [["prices", "show", "--cloud", "aws", "--type", "g4dn.xlarge", "--format", "json"],
             ["estimate", "-a", "self-hosted", "--format", "json", "--offline"]]
    assert _modules_after(argvs, "m.split('.')[0] in ('rich', 'typer', 'click', 'difflib', 'html')") == "[]"
    # and the check sees a module that is loaded: an HTML page does import html
    assert "html" in _modules_after([argvs[0][:-1] + ["html"]], "m == 'html'")


def test_an_estimate_imports_only_the_cost_model_it_runs():
    """Start-up (docs/performance.md): a self-hosted estimate never imports the api, hybrid,
    analysis or guide-profile models, and an api estimate not the self-hosted one; the hybrid
    approach, which needs both, shows the check sees them when they are loaded."""
    models = "m.startswith('llmkit.pricing.model.') and m.split('.')[-1] in " \
             "('api_cost', 'selfhosted', 'hybrid', 'analysis', 'profiles')"
    run = ["--format", "json", "--offline"]
    assert _modules_after([["estimate", "-a", "self-hosted", *run]], models) == "['llmkit.pricing.model.selfhosted']"
    assert _modules_after([["estimate", "-a", "api", *run]], models) == "['llmkit.pricing.model.api_cost']"
    assert _modules_after([["estimate", "-a", "hybrid", *run]], models) == (
        "['llmkit.pricing.model.api_cost', 'llmkit.pricing.model.hybrid', 'llmkit.pricing.model.selfhosted']")


@pytest.mark.parametrize("answer, expected", [("y\n", True), ("YES\n", True), ("\n", False), ("n\n", False), ("maybe\n", False)])
def test_confirmation_goes_ahead_only_on_yes(monkeypatch, capsys, answer, expected):
    import io

    from llmkit.commands.lifecycle import _ask

    monkeypatch.setattr(sys, "stdin", io.StringIO(answer))
    assert _ask("Delete these 3 resources?") is expected
    assert capsys.readouterr().err == "Delete these 3 resources? [y/N]: "  # asked on stderr, stdout untouched


def test_confirmation_whose_input_ended_is_aborted_exit_1(monkeypatch):
    """A terminal that closes at the prompt: EOFError from the prompt, which ``cli.main`` turns
    into one line and exit 1 (it was typer's Abort)."""
    import io

    from llmkit.commands import lifecycle

    monkeypatch.setattr(lifecycle, "_interactive", lambda: True)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    with pytest.raises(EOFError):
        lifecycle.confirm_or_refuse("Destroy stack chat?", yes=False)
    p = subprocess.run([sys.executable, "-c", BOOM.format(exc="EOFError()")], capture_output=True, text=True)
    assert (p.returncode, p.stderr) == (1, "error: aborted\n")
