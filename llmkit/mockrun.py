"""Run a Pulumi program in-process under the SDK's mocks and record what it would create.

The Pulumi engine cannot be installed on our machines, and users of ``llmkit plan`` may have no
credentials: the SDK's mock monitor lets the program run for real (every component, every
``apply``) while resource registrations are answered locally. This module is the one place that
does that, for the offline planner and for the test harness alike.

Pitfalls it handles (DESIGN.md): a fresh event loop per run (a closed loop breaks the next
program); the runtime is reset before and after (resources created before ``set_mocks`` never
resolve, and the root stack resource must not leak between runs); config is set with
``set_all_config`` because mocks do not read Pulumi.yaml defaults; an invoke the mocks do not
answer fails loudly with its token instead of a bare TypeError deep in the SDK.
"""

from __future__ import annotations

import asyncio
import dataclasses
import gc
from typing import Any, Callable, Mapping, Optional

import pulumi
from pulumi.runtime import mocks as _mocks
from pulumi.runtime import rpc as _rpc
from pulumi.runtime import settings as _settings

from llmkit.core.unknown import UNKNOWN
from llmkit.stacks import SECRET_PLACEHOLDER

InvokeHandler = Callable[[dict], dict]


@dataclasses.dataclass(frozen=True)
class RecordedResource:
    """One registration as the engine would have seen it (camelCase wire names for inputs;
    secret values already masked as ``"[secret]"``)."""

    urn: str
    type: str
    name: str
    custom: bool
    parent: str
    provider: str
    inputs: dict[str, Any]
    protect: bool = False  # set on this registration (children inherit it in the engine)
    alias_types: tuple[str, ...] = ()  # older type tokens the engine may match this resource by
    alias_parents: tuple[str, ...] = ()  # older parent URNs the engine may match this resource under


class UnansweredInvoke(RuntimeError):
    """The program called a provider function that the mocks have no answer for."""


class RecordingMocks(pulumi.runtime.Mocks):
    """Mocks that echo inputs as outputs and answer invokes from a token -> handler table.

    ``outputs`` may add computed outputs per type token (ids, ARNs, IPs) so that programs which
    read them keep working; what is not given simply echoes the inputs.
    """

    def __init__(
        self,
        invokes: Optional[Mapping[str, InvokeHandler]] = None,
        outputs: Optional[Callable[[_mocks.MockResourceArgs], dict]] = None,
    ) -> None:
        self.invokes: dict[str, InvokeHandler] = dict(invokes or {})
        self.outputs = outputs
        self.unanswered: list[str] = []
        self.registered_outputs: dict[str, dict[str, Any]] = {}  # component URN -> its register_outputs

    def new_resource(self, args: _mocks.MockResourceArgs) -> tuple[Optional[str], dict]:
        state = dict(args.inputs)
        if self.outputs is not None:
            state.update(self.outputs(args))
        return f"{args.name}-id", state

    def call(self, args: _mocks.MockCallArgs) -> tuple[dict, Optional[list[tuple[str, str]]]]:
        handler = self.invokes.get(args.token)
        if handler is None:
            self.unanswered.append(args.token)
            raise UnansweredInvoke(f"no mock answer for invoke {args.token}")
        return handler(dict(args.args)), []


class RecordingMonitor(_mocks.MockMonitor):
    """The SDK's mock monitor, also keeping every registration in order with its parent."""

    def __init__(self, mocks: RecordingMocks) -> None:
        super().__init__(mocks)
        self.recorded: list[RecordedResource] = []
        self.thread_loops: set[asyncio.AbstractEventLoop] = set()

    def _keep_thread_loop(self) -> None:
        """The SDK calls the monitor from its executor threads, and its mock monitor gives each
        such thread an event loop (``sync_await._ensure_event_loop``) that nothing closes; left
        to the garbage collector, a loop's ``__del__`` fails on its already-closed self-pipe
        (PytestUnraisableExceptionWarning). Kept here, they are closed when the run ends."""
        try:
            self.thread_loops.add(asyncio.get_event_loop_policy().get_event_loop())
        except RuntimeError:  # this thread has none: the call made none
            pass

    def Invoke(self, request):  # noqa: N802 - gRPC method name
        try:
            return super().Invoke(request)
        finally:
            self._keep_thread_loop()

    def ReadResource(self, request):  # noqa: N802 - gRPC method name
        try:
            return super().ReadResource(request)
        finally:
            self._keep_thread_loop()

    def RegisterResource(self, request):  # noqa: N802 - gRPC method name
        try:
            response = super().RegisterResource(request)
        finally:
            self._keep_thread_loop()
        if request.type != "pulumi:pulumi:Stack":
            inputs = _rpc.deserialize_properties(request.object)
            self.recorded.append(
                RecordedResource(
                    urn=response.urn,
                    type=request.type,
                    name=request.name,
                    custom=bool(request.custom),
                    parent=request.parent,
                    provider=request.provider,
                    inputs=_plain(inputs),
                    protect=bool(request.protect),
                    alias_types=tuple(a.spec.type for a in request.aliases if a.HasField("spec") and a.spec.type),
                    alias_parents=tuple(a.spec.parentUrn for a in request.aliases if a.HasField("spec") and a.spec.parentUrn),
                )
            )
        return response

    def RegisterResourceOutputs(self, request):  # noqa: N802 - gRPC method name
        if isinstance(self.mocks, RecordingMocks):
            self.mocks.registered_outputs[request.urn] = _plain(_rpc.deserialize_properties(request.outputs))
        return super().RegisterResourceOutputs(request)


def _plain(value: Any) -> Any:
    """Deserialized inputs as JSON-ready data that can be shown and logged safely.

    A Pulumi secret arrives as the SDK's wrapper dict (special-signature key, plaintext under
    ``value``); it becomes ``"[secret]"`` here, as ``pulumi preview --json`` shows it, so no
    consumer of a recording (plan documents, test failure messages) ever holds the plaintext.
    Unknowns and resource references become Pulumi's unknown sentinel.
    """
    if _rpc.is_rpc_secret(value):
        return SECRET_PLACEHOLDER
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    # Unknown output placeholders and resource references: shown as Pulumi's unknown sentinel.
    return UNKNOWN


def _drain(loop: asyncio.AbstractEventLoop) -> None:
    """Cancel what the SDK left pending (e.g. register_outputs RPCs) so the loop closes cleanly."""
    pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
    for task in pending:
        task.cancel()
    if pending:
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))


def run_program(
    program: Callable[[], Any],
    *,
    config: Mapping[str, str],
    project: str = "llmkit",
    stack: str = "dev",
    mocks: Optional[RecordingMocks] = None,
    secret_keys: Optional[list[str]] = None,
) -> list[RecordedResource]:
    """Run ``program`` under mocks (preview mode) and return the resources it registered.

    ``config`` uses full keys (``llmkit:cloud``, ``aws:region``). Raises the program's own
    exception if it fails, and ``UnansweredInvoke`` if it called an invoke nobody answers.
    """
    mocks = mocks or RecordingMocks()
    # Everything alive now (the provider SDK's thousands of classes and modules) outlives the
    # program: frozen, the cyclic collector stops re-scanning it in the full collections the
    # run's many small objects trigger (about 0.1 s of CPU per offline preview, issue 10).
    thawed = gc.get_freeze_count() == 0  # a caller's own freeze is theirs to undo
    gc.freeze()
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    monitor = RecordingMonitor(mocks)
    try:
        _settings.reset_options(project=project, stack=stack, preview=True)
        pulumi.runtime.set_mocks(mocks, project=project, stack=stack, preview=True, monitor=monitor)
        pulumi.runtime.set_all_config(dict(config), secret_keys)
        pulumi.runtime.test(program)()
    except Exception:
        if mocks.unanswered:
            raise UnansweredInvoke(f"no mock answer for invoke {mocks.unanswered[0]}") from None
        raise
    finally:
        _settings.reset_options()
        pulumi.runtime.set_all_config({})
        _drain(loop)
        loop.close()
        asyncio.set_event_loop(None)
        for made in monitor.thread_loops - {loop}:
            if not made.is_running():
                made.close()
        if thawed:
            gc.unfreeze()  # back to the oldest generation: garbage among it stays collectable
    if mocks.unanswered:
        raise UnansweredInvoke(f"no mock answer for invoke {mocks.unanswered[0]}")
    return monitor.recorded
