"""``record``: a dataclass that costs next to nothing to define.

Why: Python 3.11's ``dataclasses`` compiles every method it generates with its own ``exec``
when the class is created (``__init__``, ``__repr__``, ``__eq__``, and for a frozen class
``__hash__``, ``__setattr__``, ``__delattr__``): 0.3-1 ms a class. A self-hosted estimate
defined some 28 dataclasses on its way, a fifth of the command's CPU (docs/performance.md),
most of them never instantiated in that run.

A record IS a dataclass: ``dataclasses.fields``, ``replace``, ``asdict`` and ``is_dataclass``
work on it, and ``llmkit.output.jsonable`` writes it like any other. It behaves as
``@dataclasses.dataclass(frozen=...)`` does: the same ``__init__`` signature (defaults,
``default_factory``, ``kw_only``, ``init=False`` fields, ``__post_init__``), equality on the
``compare`` fields between instances of the same class, a hash of those fields when frozen
(``None`` when mutable, so a mutable record is unhashable as a dataclass is), a
``Name(field=value, ...)`` repr of the ``repr`` fields, and ``FrozenInstanceError`` on
assignment to a frozen one. The difference is only when code is made: ``__eq__``,
``__hash__``, ``__repr__`` and the frozen guards are shared functions written once here, and
``__init__`` binds its arguments in Python for a class's first instances and is compiled (one
``exec``) only when the class is built more often (``COMPILE_AFTER``), so a class a run builds
once or never costs no compile at all. Methods a class body writes itself are kept, as dataclasses does.

Not supported (use ``dataclasses.dataclass``): ``InitVar`` fields, ``order=True``,
``slots=True``, ``unsafe_hash=True``. A class extending a frozen record must be a record too:
``dataclasses`` reads a record as not frozen, and refuses a frozen dataclass on such a base.
"""

from __future__ import annotations

import dataclasses
from operator import attrgetter
from typing import Any, Callable, Optional, TypeVar, dataclass_transform, overload

T = TypeVar("T")

_MISSING = dataclasses.MISSING
_FACTORY = object()  # the default of a default_factory parameter: "not passed, call the factory"


def _key(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The tuple of a record's values for ``names``, as dataclasses' generated methods build it."""
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    if not names:
        return lambda obj: ()
    return attrgetter(*names)


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        key = self.__class__._record_compare
        return key(self) == key(other)
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(self.__class__._record_hash(self))


def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__class__._record_repr)
    return f"{self.__class__.__qualname__}({shown})"


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def _init_source(cls: type, frozen: bool) -> tuple[str, dict[str, Any]]:
    """The text of ``cls.__init__`` and the names it reads, as dataclasses would write it."""
    scope: dict[str, Any] = {"_record_set": object.__setattr__, "_record_factory": _FACTORY}
    positional: list[str] = []
    keyword: list[str] = []
    body: list[str] = []
    for f in dataclasses.fields(cls):
        name = f.name
        if f.default_factory is not _MISSING:
            scope[f"_record_f_{name}"] = f.default_factory
            made = f"_record_f_{name}()"
            value = f"{made} if {name} is _record_factory else {name}" if f.init else made
            default = "=_record_factory"
        elif f.default is not _MISSING:
            scope[f"_record_d_{name}"] = f.default
            value = name if f.init else f"_record_d_{name}"
            default = f"=_record_d_{name}"
        elif f.init:
            value, default = name, ""
        else:
            continue  # init=False without a default: not set, as dataclasses leaves it
        if f.init:
            (keyword if f.kw_only else positional).append(name + default)
        body.append(f"_record_set(self, {name!r}, {value})" if frozen else f"self.{name} = {value}")
    if hasattr(cls, "__post_init__"):
        body.append("self.__post_init__()")
    params = ["self", *positional] + (["*", *keyword] if keyword else [])
    text = f"def __init__({', '.join(params)}):\n" + "".join(f"    {line}\n" for line in body or ["pass"])
    return text, scope


# A class's __init__ is compiled on this instantiation; those before are bound by _bind. A
# compile costs ~0.1-0.2 ms, _bind ~5 us more than a compiled __init__ per call: most records
# of a command are built a handful of times (a request, a cloud), a few hundreds (catalog rows).
COMPILE_AFTER = 16


class _Binder:
    """Sets a record's fields from an ``__init__`` call without compiling anything: what the
    compiled ``__init__`` does, with the TypeErrors Python raises for a call that does not fit
    its signature. Worked out once per class, on its first instantiation."""

    __slots__ = ("where", "positional", "allowed", "required", "steps", "put", "post_init")

    def __init__(self, cls: type, frozen: bool):
        fields = dataclasses.fields(cls)
        self.where = f"{cls.__qualname__}.__init__()"
        self.positional = tuple(f.name for f in fields if f.init and not f.kw_only)
        self.allowed = frozenset(f.name for f in fields if f.init)
        self.required = tuple(f.name for f in fields if f.init and f.default is _MISSING and f.default_factory is _MISSING)
        # (name, takes an argument, factory or None, default or _MISSING), fields without a value skipped
        self.steps = tuple(
            (f.name, f.init, None if f.default_factory is _MISSING else f.default_factory, f.default)
            for f in fields if f.init or f.default is not _MISSING or f.default_factory is not _MISSING
        )
        self.put: Callable[[Any, str, Any], None] = object.__setattr__ if frozen else setattr
        self.post_init = hasattr(cls, "__post_init__")

    def __call__(self, obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        if len(args) > len(self.positional):
            raise TypeError(f"{self.where} takes {len(self.positional) + 1} positional arguments but {len(args) + 1} were given")
        given = dict(zip(self.positional, args))
        for name, value in kwargs.items():
            if name not in self.allowed:
                raise TypeError(f"{self.where} got an unexpected keyword argument {name!r}")
            if name in given:
                raise TypeError(f"{self.where} got multiple values for argument {name!r}")
            given[name] = value
        missing = [name for name in self.required if name not in given]
        if missing:
            raise TypeError(f"{self.where} missing {len(missing)} required argument(s): {', '.join(map(repr, missing))}")
        put = self.put
        for name, init, factory, default in self.steps:
            if init and name in given:
                put(obj, name, given[name])
            else:
                put(obj, name, factory() if factory is not None else default)
        if self.post_init:
            obj.__post_init__()


def _first_init(cls: type, frozen: bool) -> Callable[..., None]:
    """``cls.__init__`` until it is compiled: binds its arguments for the first instances, then
    compiles the real one (``_init_source``) and replaces itself."""
    calls = 0
    binder: Optional[_Binder] = None

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        nonlocal calls, binder
        calls += 1
        if calls < COMPILE_AFTER:
            if binder is None:
                binder = _Binder(cls, frozen)
            binder(self, args, kwargs)
            return
        text, scope = _init_source(cls, frozen)
        exec(text, scope)  # noqa: S102 -- our own text from the class's field names, as dataclasses does
        init = scope["__init__"]
        init.__qualname__ = f"{cls.__qualname__}.__init__"
        init.__module__ = cls.__module__
        type.__setattr__(cls, "__init__", init)
        init(self, *args, **kwargs)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    return __init__


def _set_new(cls: type, name: str, value: Any) -> None:
    if name not in cls.__dict__:  # what the class body wrote itself wins, as with dataclasses
        type.__setattr__(cls, name, value)


def _make(cls: type[T], frozen: bool) -> type[T]:
    cls = dataclasses.dataclass(init=False, repr=False, eq=False)(cls)
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    compared = tuple(f.name for f in fields if f.compare)
    type.__setattr__(cls, "_record_compare", _key(compared))
    type.__setattr__(cls, "_record_hash", _key(tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash))))
    type.__setattr__(cls, "_record_repr", tuple(f.name for f in fields if f.repr))
    explicit_hash = cls.__dict__.get("__hash__", _MISSING)
    if explicit_hash is _MISSING or (explicit_hash is None and "__eq__" in cls.__dict__):
        type.__setattr__(cls, "__hash__", _hash if frozen else None)
    _set_new(cls, "__init__", _first_init(cls, frozen))
    _set_new(cls, "__repr__", _repr)
    _set_new(cls, "__eq__", _eq)
    if frozen:
        if "__setattr__" in cls.__dict__ or "__delattr__" in cls.__dict__:
            raise TypeError(f"frozen record {cls.__qualname__} must not define __setattr__ or __delattr__")
        type.__setattr__(cls, "__setattr__", _frozen_setattr)
        type.__setattr__(cls, "__delattr__", _frozen_delattr)
    return cls


@overload
def record(cls: type[T], /) -> type[T]: ...


@overload
def record(*, frozen: bool = True) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
def record(cls: Optional[type[T]] = None, /, *, frozen: bool = True) -> Any:
    """``@record`` is ``@dataclasses.dataclass(frozen=True)``; ``@record(frozen=False)`` is
    ``@dataclasses.dataclass``: the same behaviour, without compiling methods at import."""
    if cls is None:
        return lambda c: _make(c, frozen)
    return _make(cls, frozen)
