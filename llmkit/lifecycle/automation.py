"""``llmkit up`` and ``llmkit destroy`` on the Pulumi Automation API.

Order of an ``up`` (each step only if the previous one passed, so a refusal changes nothing):
select or create the stack -> preview with ``--json`` -> price that document (the same pricer
as ``llmkit price``) -> show monthly cost and change -> budget guardrail (exit 3) ->
confirmation -> ``up`` with live progress.

With ``--ttl`` the update goes to a fresh copy ``NAME-test-<id>`` whose config carries
``llmkit:expiresAt`` (so every resource is labelled llmkit-expires-at) and ``llmkit:ttl``. A
copy that does not come up cleanly is destroyed and removed in a ``finally``; whatever could
not be destroyed is reported by URN so it can be found (and swept) by hand. A failed update of
a long-lived stack is never followed by a destroy: that would delete what was working before.

The Pulumi CLI does the work; without it these commands say how to install it and exit 2.
Everything talks to the CLI through one ``PulumiCommand``, which tests replace with a fake.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import shutil
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Optional, TextIO

from llmkit.core.errors import UserError
from llmkit.lifecycle.ttl import (
    EXPIRES_AT_KEY,
    PROTECT_KEY,
    TTL_KEY,
    expiry_for,
    is_test_stack,
    parse_expires_at,
    test_stack_name,
    utcnow,
)
from llmkit.stacks import STACKS_DIR, load_stack_config
from llmkit.usecases.price import Limits, enforce

INSTALL_HINT = "the Pulumi CLI is not installed (needed by up/destroy); install it with: curl -fsSL https://get.pulumi.com | sh"
TRUE = {"true", "1", "yes", "on"}


class DestroyIncomplete(Exception):
    """Some resources survived a destroy; ``remaining`` lists their URNs."""

    def __init__(self, stack: str, remaining: list[str], reason: str):
        self.stack, self.remaining, self.reason = stack, remaining, reason
        super().__init__(f"stack {stack}: {len(remaining)} resources could not be destroyed ({reason})")


def make_pulumi_command() -> Any:
    """The real CLI wrapper, or one line saying how to install it (exit 2)."""
    if shutil.which("pulumi") is None:
        raise UserError(INSTALL_HINT)
    from pulumi.automation import PulumiCommand

    return PulumiCommand()


def failure_reason(exc: BaseException) -> str:
    """The last non-empty stderr line of a failed CLI call: what went wrong, without argv."""
    stderr = ""
    text = str(exc)
    if "stderr:" in text:
        stderr = text.split("stderr:", 1)[1]
    lines = [ln.strip() for ln in (stderr or text).splitlines() if ln.strip()]
    return (lines[-1] if lines else type(exc).__name__)[:300]


@dataclasses.dataclass
class Priced:
    total_monthly: Decimal
    diff_monthly: Decimal
    summary: str
    changes: dict[str, int]
    breakdown: Any = None


def price_preview(doc: dict[str, Any], pricing: str) -> Any:
    """The preview pricer of ``llmkit price`` (one use case); returns a Breakdown."""
    from llmkit.usecases.price import price_document

    return price_document(doc, pricing=pricing).breakdown


class Progress:
    """Live progress of an update: a rich status line on a terminal, plain lines otherwise."""

    def __init__(self, stream: TextIO):
        self.stream = stream
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self._status: Any = None

    def __enter__(self) -> "Progress":
        if self.tty:
            from rich.console import Console

            self._status = Console(file=self.stream).status("starting")
            self._status.__enter__()
        return self

    def __call__(self, line: str) -> None:
        if self._status is not None:
            self._status.update(line[:120] or "working")
        elif line.strip():
            self.stream.write(line + "\n")
            self.stream.flush()

    def __exit__(self, *exc: Any) -> None:
        if self._status is not None:
            self._status.__exit__(*exc)


class Lifecycle:
    """Deploy and destroy stacks of this project through one Automation API workspace."""

    def __init__(
        self,
        pulumi_command: Any,
        work_dir: Optional[Path] = None,
        stacks_dir: Path = STACKS_DIR,
        err: Optional[TextIO] = None,
        pricer: Callable[[dict[str, Any], str], Any] = price_preview,
        now: Optional[Callable[[], _dt.datetime]] = None,
    ):
        from pulumi.automation import LocalWorkspace

        env: dict[str, str] = {}
        if work_dir is None:  # the shipped project, reading stack config from stacks_dir
            from llmkit.lifecycle.project import TemporaryProject

            self.project = TemporaryProject(stacks_dir)
            work_dir, env = self.project.dir, self.project.env
        self.workspace = LocalWorkspace(work_dir=str(work_dir), pulumi_command=pulumi_command, env_vars=env)
        self.stacks_dir = stacks_dir
        self.err = err
        self.pricer = pricer
        self.now = now or utcnow

    @classmethod
    def from_environment(cls, stacks_dir: Path = STACKS_DIR) -> "Lifecycle":
        return cls(make_pulumi_command(), stacks_dir=stacks_dir)

    @property
    def out(self) -> TextIO:
        return self.err or sys.stderr

    def say(self, line: str) -> None:
        self.out.write(line + "\n")
        self.out.flush()

    # -- stacks ---------------------------------------------------------------------------
    def _select(self, name: str) -> Any:
        from pulumi.automation import Stack
        from pulumi.automation.errors import StackNotFoundError

        try:
            return Stack.select(name, self.workspace)
        except StackNotFoundError:
            raise UserError(f"no stack named {name} in the Pulumi backend") from None

    def _config(self, stack: Any, key: str) -> Optional[str]:
        from pulumi.automation.errors import CommandError

        try:
            return str(stack.get_config(key).value)
        except CommandError:
            return None

    def _make_test_copy(self, source: str, ttl: str) -> tuple[Any, str]:
        """Create ``NAME-test-<id>`` with the source's config plus expiry and ttl."""
        from pulumi.automation import ConfigValue, Stack
        from pulumi.automation.errors import CommandError

        cfg = load_stack_config(source, self.stacks_dir)
        name = test_stack_name(source)
        stamp = expiry_for(ttl, self.now())
        stack = Stack.create(name, self.workspace)
        try:
            values = {k: ConfigValue(v) for k, v in cfg.config.items() if k not in cfg.secret_keys}
            values[EXPIRES_AT_KEY] = ConfigValue(stamp)
            values[TTL_KEY] = ConfigValue(ttl)
            values.pop(PROTECT_KEY, None)  # a disposable copy must be destroyable by destroy --expired
            stack.set_all_config(values)
            for key in cfg.secret_keys:  # re-encrypted for the copy by the CLI; never through our hands
                try:
                    self.workspace.pulumi_command.run(
                        ["config", "cp", key, "--stack", source, "--dest", name], self.workspace.work_dir, dict(self.workspace.env_vars)
                    )
                except CommandError as exc:
                    raise UserError(
                        f"could not copy secret {key} from {source} to the test copy ({failure_reason(exc)}); "
                        f"the source stack must exist in this backend (pulumi stack init {source})"
                    ) from None
        except BaseException:
            self._discard_copy(stack, had_resources=False)  # an empty, half-configured copy helps nobody
            raise
        return stack, stamp

    # -- up -------------------------------------------------------------------------------
    def price(self, stack: Any, pricing: str) -> Priced:
        with Progress(self.out) as progress:
            result = stack.preview(json=True, on_error=progress)
        try:
            doc = json.loads(result.stdout)
        except json.JSONDecodeError:
            raise UserError("pulumi preview --json did not print a JSON document") from None
        breakdown = self.pricer(doc, pricing)
        summary = breakdown.summary_line() if hasattr(breakdown, "summary_line") else ""
        changes = {str(k): int(v) for k, v in (result.change_summary or {}).items()}
        return Priced(Decimal(breakdown.total_monthly), Decimal(breakdown.diff_total_monthly), summary, changes, breakdown)

    def up(
        self,
        name: str,
        *,
        budget: Optional[Decimal] = None,
        yes: bool = False,
        ttl: Optional[str] = None,
        pricing: Optional[str] = None,
        confirm: Callable[[str], None] = lambda q: None,
    ) -> dict[str, Any]:
        from pulumi.automation import Stack

        cfg = load_stack_config(name, self.stacks_dir)  # unknown stack -> exit 2 before touching the backend
        from llmkit.components.spec import endpoint_exposure

        _, warning = endpoint_exposure(cfg.config)  # regulated data + public plain HTTP -> exit 2 here
        if warning:
            print(warning, file=sys.stderr)
        pricing = pricing or cfg.get("pricing") or "on-demand"
        created = False
        if ttl:
            stack, stamp = self._make_test_copy(name, ttl)
        else:
            from pulumi.automation.errors import StackNotFoundError

            try:
                stack = Stack.select(name, self.workspace)
            except StackNotFoundError:
                stack, created = Stack.create(name, self.workspace), True
            stamp = None
        target = stack.name
        updated = started = False
        try:
            priced = self.price(stack, pricing)
            change = ", ".join(f"{v} {k}" for k, v in sorted(priced.changes.items()) if k != "same" and v) or "no changes"
            self.say(
                f"{target}: ${priced.total_monthly:,.2f}/month after this update "
                f"({'+' if priced.diff_monthly >= 0 else '-'}${abs(priced.diff_monthly):,.2f}/month); changes: {change}"
            )
            if priced.summary:
                self.say(f"  priced: {priced.summary}")
            if stamp:
                self.say(f"  test copy of {name}, expires {stamp} UTC (llmkit destroy --expired removes it then)")
            if budget is not None:  # the guardrail of `llmkit price --budget`, word for word
                enforce(priced.breakdown, Limits(budget=budget), subject=f"{target}: ", outcome="; nothing was changed")
            confirm(f"Deploy {target} (${priced.total_monthly:,.2f}/month)?")
            started = True
            with Progress(self.out) as progress:
                result = stack.up(on_output=progress, on_error=progress)
            updated = True
            changes = dict(getattr(result.summary, "resource_changes", None) or {})
            self.say(f"{target}: update {getattr(result.summary, 'result', 'done')} ({', '.join(f'{v} {k}' for k, v in changes.items()) or 'no changes'})")
            return {"stack": target, "expires_at": stamp, "monthly": priced.total_monthly, "changes": changes}
        finally:
            if ttl and not updated:
                self._discard_copy(stack, started)
            elif created and not started:  # refused before anything was deployed: leave no empty stack
                self._discard_copy(stack, False)

    def _discard_copy(self, stack: Any, had_resources: bool) -> None:
        """Tear a test copy down after a refusal or a failed update; report what stays."""
        try:
            if had_resources:
                self.say(f"{stack.name}: update did not complete; destroying the test copy")
                self._destroy_and_remove(stack)
            else:
                self.workspace.remove_stack(stack.name)
        except DestroyIncomplete as exc:
            self.say(f"{exc}; still there:")
            for urn in exc.remaining:
                self.say(f"  {urn}")
            self.say(f"  they are labelled llmkit-stack={stack.name}: `llmkit sweep --stack {stack.name}` finds them")
        except Exception as exc:  # noqa: BLE001 - the original error matters more; report this one
            self.say(f"{stack.name}: could not remove the test copy ({failure_reason(exc)})")

    # -- destroy --------------------------------------------------------------------------
    def _remaining(self, stack: Any) -> list[str]:
        try:  # without --show-secrets: only URNs are needed, secrets stay encrypted
            result = self.workspace.pulumi_command.run(
                ["stack", "export", "--stack", stack.name], self.workspace.work_dir, dict(self.workspace.env_vars)
            )
            deployment = json.loads(result.stdout).get("deployment") or {}
        except Exception:  # noqa: BLE001 - listing is best effort; the destroy error is reported anyway
            return ["(could not read the stack's state)"]
        return [
            r.get("urn", "?")
            for r in deployment.get("resources", [])
            if r.get("custom") and not str(r.get("type", "")).startswith("pulumi:providers:")
        ]

    def _destroy_and_remove(self, stack: Any) -> None:
        from pulumi.automation.errors import CommandError

        try:
            with Progress(self.out) as progress:
                stack.destroy(on_output=progress, on_error=progress)
        except CommandError as exc:
            raise DestroyIncomplete(stack.name, self._remaining(stack), failure_reason(exc)) from None
        self.workspace.remove_stack(stack.name)

    def _protected(self, stack: Any) -> bool:
        value = self._config(stack, PROTECT_KEY)
        if value is None:
            try:
                value = load_stack_config(stack.name, self.stacks_dir).get(PROTECT_KEY)
            except UserError:
                value = None
        return str(value or "").strip().lower() in TRUE

    def destroy(self, name: str, *, force: bool = False, confirm: Callable[[str], None] = lambda q: None) -> None:
        stack = self._select(name)
        if self._protected(stack) and not force:
            raise UserError(f"stack {name} is protected (llmkit:protect: true); pass --force to destroy it")
        confirm(f"Destroy every resource of {name} and remove the stack?")
        self._destroy_and_remove(stack)
        self.say(f"{name}: destroyed and removed")

    def expired_test_stacks(self) -> list[dict[str, Any]]:
        """Every test stack in the backend with its expiry and whether it has passed."""
        now = self.now()
        found = []
        for summary in self.workspace.list_stacks():
            if not is_test_stack(summary.name):
                continue
            stack = self._select(summary.name)
            stamp = self._config(stack, EXPIRES_AT_KEY)
            row: dict[str, Any] = {"stack": summary.name, "expires_at": stamp, "expired": False, "note": ""}
            if stamp is None:
                row["note"] = "no llmkit:expiresAt: kept"
            else:
                try:
                    row["expired"] = parse_expires_at(stamp) <= now
                except UserError:
                    row["note"] = "malformed llmkit:expiresAt: kept"
            row["_stack"] = stack
            found.append(row)
        return found

    def destroy_expired(self, *, yes: bool = False, confirm: Callable[[str], None] = lambda q: None, fmt: Any = None) -> dict[str, Any]:
        from llmkit.output import OutputFormat, Table, emit

        rows = self.expired_test_stacks()
        todo = [r for r in rows if r["expired"]]
        if todo:
            confirm(f"Destroy {len(todo)} expired test stacks ({', '.join(r['stack'] for r in todo)})?")
        for row in todo:
            stack = row["_stack"]
            if self._protected(stack):
                row["result"] = "kept: protected (destroy it with --stack and --force)"
                continue
            try:
                self._destroy_and_remove(stack)
                row["result"] = "destroyed"
            except DestroyIncomplete as exc:
                row["result"] = f"failed: {exc.reason}"
                row["remaining"] = exc.remaining
        for row in rows:
            row.setdefault("result", row["note"] or "kept: not expired")
            row.pop("_stack", None)
        data = {"stacks": rows, "destroyed": [r["stack"] for r in rows if r["result"] == "destroyed"]}
        table = Table(
            title="Expired test stacks",
            columns=("Stack", "Expires (UTC)", "Result"),
            rows=[(r["stack"], r["expires_at"] or "-", r["result"]) for r in rows],
            notes=[f"{len(data['destroyed'])} destroyed of {len(todo)} expired; {len(rows)} test stacks in the backend"],
        )
        emit(fmt or OutputFormat.table, data, [table], title="llmkit destroy --expired")
        if any(r["result"].startswith("failed") for r in rows):
            raise DestroyIncomplete(
                "(several)", [u for r in rows for u in r.get("remaining", [])], "some expired stacks could not be destroyed"
            )
        return data
