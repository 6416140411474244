"""``llmkit preview --engine``: a kit stack's planned changes from the real Pulumi engine, run
through the Automation API, as a preview-shaped document for the one plan reader.

The engine's ``ResourcePreEvent`` stream carries each step (llmkit.pricing.preview.plan.events);
the stack's config comes with it, secrets masked, so the document is what ``pulumi preview
--json`` would print for the same stack."""

from __future__ import annotations

from pathlib import Path
from typing import Any

INSTALL_HINT = "install it from https://www.pulumi.com/docs/install/ (curl -fsSL https://get.pulumi.com | sh), or drop --engine to plan offline"


def engine_document(stack_name: str, stacks_dir: Path, *, which: Any = None, automation: Any = None) -> dict[str, Any]:
    """Run ``pulumi preview`` through the Automation API and collect its ResourcePreEvents
    into a preview-shaped document (config from the stack, secrets masked). The project is the
    shipped one, reading stack config from ``stacks_dir`` (llmkit.lifecycle.project)."""
    import shutil

    from llmkit.core.errors import UserError
    from llmkit.pricing.preview.plan import EventCollector

    if (which or shutil.which)("pulumi") is None:
        raise UserError(f"the Pulumi CLI is not on PATH; {INSTALL_HINT}")
    if automation is None:
        from pulumi import automation
    from pulumi.automation import LocalWorkspaceOptions

    from llmkit.lifecycle.project import TemporaryProject

    project = TemporaryProject(stacks_dir)
    collector = EventCollector()
    try:
        stack = automation.create_or_select_stack(
            stack_name=stack_name, work_dir=str(project.dir), opts=LocalWorkspaceOptions(env_vars=project.env)
        )
        stack.preview(on_event=collector)
        from llmkit.offline_plan import schema_secret_keys

        secret = schema_secret_keys()  # plain text in the stack file is still a secret
        config = {k: ("[secret]" if v.secret or k in secret else v.value) for k, v in stack.get_all_config().items()}
    except automation.CommandError as exc:
        first = (str(exc).strip().splitlines() or ["pulumi failed"])[0]
        raise UserError(f"pulumi preview failed for stack {stack_name}: {first[:200]}") from None
    return collector.document(config)
