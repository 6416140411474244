"""Options of the commands that read a kit stack (plan, preview, up, destroy), apart from
``_common`` so that commands without stacks do not import ``llmkit.stacks`` to start."""

from __future__ import annotations

from llmkit.commands._parser import Opt, directory
from llmkit.stacks import STACKS_DIR_ENV

# Every command that takes --stack reads the stack file from here (llmkit.stacks).
STACKS_DIR_OPTION = Opt(
    ("--stacks-dir",),
    f"Folder of your own Pulumi.<NAME>.yaml stack files; also env {STACKS_DIR_ENV} (default: the reference stacks shipped with llmkit).",
    type=directory, env=STACKS_DIR_ENV, metavar="DIRECTORY",
)
STACK_HELP = "Stack name: the file Pulumi.<NAME>.yaml in --stacks-dir (default: the reference stacks)."
STACK_OPTION = Opt(("--stack", "-s"), STACK_HELP, required=True)


