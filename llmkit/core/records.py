"""``record``: a dataclass that costs next to nothing to define, and imports nothing to do it.

Why: Python 3.11's ``dataclasses`` compiles every method it generates with its own ``exec``
when the class is created (``__init__``, ``__repr__``, ``__eq__``, and for a frozen class
``__hash__``, ``__setattr__``, ``__delattr__``): 0.3-1 ms a class. A self-hosted estimate
defined some 28 dataclasses on its way, a fifth of the command's CPU (docs/performance.md),
most of them never instantiated in that run. Importing ``dataclasses`` at all costs more again:
it imports ``inspect`` (and with it ``ast``, ``dis``, ``tokenize``, ``enum``...), about 9 ms, a
third of ``python -c pass``, on every command that defines one.

So a record reads its fields itself, and a record IS a dataclass as soon as anyone asks:
``dataclasses.fields``, ``replace``, ``asdict`` and ``is_dataclass`` work on it (its
``__dataclass_fields__`` is made by ``dataclasses`` itself on first access, from a throw-away
twin of the class, so nothing of the class is rewritten late), and ``llmkit.output.jsonable``
writes it like any other. Code on the start-up path uses this module's ``field``, ``fields``,
``replace`` and ``asdict`` instead, which never import ``dataclasses``.

It behaves as ``@dataclasses.dataclass(frozen=..., slots=...)`` does: the same ``__init__``
signature (defaults, ``default_factory``, ``kw_only``, ``init=False`` fields,
``__post_init__``), equality on the ``compare`` fields between instances of the same class, a
hash of those fields when frozen (``None`` when mutable, so a mutable record is unhashable as a
dataclass is), a ``Name(field=value, ...)`` repr of the ``repr`` fields, and
``FrozenInstanceError`` on assignment to a frozen one. The difference is only when code is
made: ``__eq__``, ``__hash__``, ``__repr__`` and the frozen guards are shared functions written
once here, and ``__init__`` binds its arguments in Python for a class's first instances and is
compiled (one ``exec``) only when the class is built more often (``COMPILE_AFTER``), so a class
a run builds once or never costs no compile at all. Methods a class body writes itself are
kept, as dataclasses does.

Not supported (use ``dataclasses.dataclass``): ``InitVar`` and ``KW_ONLY`` pseudo-fields,
``order=True``, ``unsafe_hash=True``. A class extending a frozen record must be a record too:
``dataclasses`` reads a record as not frozen, and refuses a frozen dataclass on such a base.
"""

from __future__ import annotations

import sys
from operator import attrgetter
from typing import Any, Callable, Optional, TypeVar, dataclass_transform, overload

T = TypeVar("T")


class _MissingType:
    """No default (dataclasses' ``MISSING``, which this module must not import to name)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _MissingType()
_FACTORY = object()  # the default of a default_factory parameter: "not passed, call the factory"


class Field:
    """One field of a record: what ``dataclasses.Field`` says of it, under the same names (so
    code reading ``f.name``, ``f.default``, ``f.init``... reads either)."""

    __slots__ = ("name", "type", "default", "default_factory", "init", "repr", "hash", "compare", "kw_only")

    def __init__(self, default: Any = MISSING, default_factory: Any = MISSING, init: bool = True, repr: bool = True,
                 hash: Optional[bool] = None, compare: bool = True, kw_only: bool = False):
        if default is not MISSING and default_factory is not MISSING:
            raise ValueError("cannot specify both default and default_factory")
        self.name, self.type = "", ""
        self.default, self.default_factory = default, default_factory
        self.init, self.repr, self.hash, self.compare, self.kw_only = init, repr, hash, compare, kw_only

    def __repr__(self) -> str:
        return f"Field(name={self.name!r}, default={self.default!r}, default_factory={self.default_factory!r}, init={self.init})"

    def _named(self, name: str, type_: Any) -> "Field":
        self.name, self.type = name, type_
        return self

    @classmethod
    def _of_dataclass(cls, f: Any) -> "Field":
        """Ours for a ``dataclasses.Field`` (a ``dataclasses.field(...)`` in a record's body, or
        a field of a plain dataclass it extends)."""
        missing = sys.modules["dataclasses"].MISSING
        return cls(MISSING if f.default is missing else f.default, MISSING if f.default_factory is missing else f.default_factory,
                   f.init, f.repr, f.hash, f.compare, bool(f.kw_only) and f.kw_only is not missing)._named(f.name, f.type)


@overload
def field(*, default: T, init: bool = ..., repr: bool = ..., hash: Optional[bool] = ..., compare: bool = ..., kw_only: bool = ...) -> T: ...


@overload
def field(*, default_factory: Callable[[], T], init: bool = ..., repr: bool = ..., hash: Optional[bool] = ..., compare: bool = ...,
          kw_only: bool = ...) -> T: ...


@overload
def field(*, init: bool = ..., repr: bool = ..., hash: Optional[bool] = ..., compare: bool = ..., kw_only: bool = ...) -> Any: ...


def field(*, default: Any = MISSING, default_factory: Any = MISSING, init: bool = True, repr: bool = True,
          hash: Optional[bool] = None, compare: bool = True, kw_only: bool = False) -> Any:
    """``dataclasses.field`` for a record, with the same parameters."""
    return Field(default, default_factory, init, repr, hash, compare, kw_only)


def is_record(obj: Any) -> bool:
    """Whether ``obj`` is a record class or instance (or of a class extending one, as
    ``dataclasses.is_dataclass`` says of a dataclass's subclass)."""
    return hasattr(obj if isinstance(obj, type) else type(obj), "_record_fields")  # the class: an instance may fake any attribute


def fields(obj: Any) -> tuple[Field, ...]:
    """The fields of a record class or instance, in order (``dataclasses.fields``)."""
    try:
        return obj._record_fields  # type: ignore[no-any-return]
    except AttributeError:
        raise TypeError("must be called with a record type or instance") from None


def replace(obj: T, /, **changes: Any) -> T:
    """A copy of the record ``obj`` with ``changes`` (``dataclasses.replace``: only ``init``
    fields may be changed, and the copy is built through ``__init__``, so ``__post_init__`` runs)."""
    for f in fields(obj):
        if not f.init:
            if f.name in changes:
                raise ValueError(f"field {f.name} is declared with init=False, it cannot be specified with replace()")
        elif f.name not in changes:
            changes[f.name] = getattr(obj, f.name)
    return obj.__class__(**changes)  # type: ignore[no-any-return]


def asdict(obj: Any) -> Any:
    """The record ``obj`` as a dict of its fields, records inside it (in lists, tuples and dicts
    too) as dicts (``dataclasses.asdict``, without copying the values: a record's values are
    immutable or its own)."""
    if is_record(obj) and not isinstance(obj, type):
        return {f.name: asdict(getattr(obj, f.name)) for f in obj._record_fields}
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):  # a namedtuple takes its values as arguments
        return type(obj)(*[asdict(v) for v in obj])
    if isinstance(obj, (list, tuple)):
        return type(obj)(asdict(v) for v in obj)
    if isinstance(obj, dict):
        return type(obj)((asdict(k), asdict(v)) for k, v in obj.items())
    return obj


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
    from dataclasses import FrozenInstanceError  # only on the error: callers catch dataclasses' own

    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    from dataclasses import FrozenInstanceError

    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _init_source(cls: type, frozen: bool) -> tuple[str, dict[str, Any]]:
    """The text of ``cls.__init__`` and the names it reads, as dataclasses would write it."""
    scope: dict[str, Any] = {"_record_set": object.__setattr__, "_record_factory": _FACTORY}
    positional: list[str] = []
    keyword: list[str] = []
    body: list[str] = []
    for f in fields(cls):
        name = f.name
        if f.default_factory is not MISSING:
            scope[f"_record_f_{name}"] = f.default_factory
            made = f"_record_f_{name}()"
            value = f"{made} if {name} is _record_factory else {name}" if f.init else made
            default = "=_record_factory"
        elif f.default is not MISSING:
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
        all_fields = fields(cls)
        self.where = f"{cls.__qualname__}.__init__()"
        self.positional = tuple(f.name for f in all_fields if f.init and not f.kw_only)
        self.allowed = frozenset(f.name for f in all_fields if f.init)
        self.required = tuple(f.name for f in all_fields if f.init and f.default is MISSING and f.default_factory is MISSING)
        # (name, takes an argument, factory or None, default or MISSING), fields without a value skipped
        self.steps = tuple(
            (f.name, f.init, None if f.default_factory is MISSING else f.default_factory, f.default)
            for f in all_fields if f.init or f.default is not MISSING or f.default_factory is not MISSING
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


def _is_classvar(annotation: Any) -> bool:
    """``ClassVar[...]`` as text (``from __future__ import annotations``, as our modules write
    it) or as the object; such a name is a class attribute, not a field."""
    if isinstance(annotation, str):
        return annotation.startswith(("ClassVar", "typing.ClassVar", "t.ClassVar"))
    return annotation is getattr(sys.modules.get("typing"), "ClassVar", None) or \
        getattr(annotation, "__origin__", None) is getattr(sys.modules.get("typing"), "ClassVar", None)


def _pseudo_field(annotation: Any) -> bool:
    text = annotation if isinstance(annotation, str) else repr(annotation)
    return text.startswith(("InitVar", "dataclasses.InitVar", "KW_ONLY", "dataclasses.KW_ONLY"))


def _own_fields(cls: type) -> list[Field]:
    """The fields ``cls``'s body declares, read as dataclasses reads them (annotations in
    order, the class attribute as the default or a ``field(...)``), leaving the class attributes
    as dataclasses leaves them: the default, or none."""
    own: list[Field] = []
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        if _is_classvar(annotation):
            continue
        if _pseudo_field(annotation):
            raise TypeError(f"record {cls.__qualname__}: {name}: InitVar and KW_ONLY are not supported, use dataclasses")
        value = cls.__dict__.get(name, MISSING)
        from_dataclasses = type(value).__name__ == "Field" and type(value).__module__ == "dataclasses"
        if isinstance(value, Field) or from_dataclasses:
            f = Field._of_dataclass(value) if from_dataclasses else value
            if f.default is MISSING:  # the class attribute becomes the default, or goes
                type.__delattr__(cls, name)
            else:
                type.__setattr__(cls, name, f.default)
        else:
            if value is not MISSING and type(value).__hash__ is None:
                raise ValueError(f"mutable default {type(value)} for field {name} is not allowed: use default_factory")
            f = Field(default=value)
        own.append(f._named(name, annotation))
    return own


def _all_fields(cls: type, own: list[Field]) -> tuple[Field, ...]:
    """The bases' fields (records' and plain dataclasses'), then ``own``; a name declared again
    keeps its first place and takes the new declaration, as with dataclasses."""
    found: dict[str, Field] = {}
    for base in cls.__mro__[-1:0:-1]:
        if "_record_fields" in base.__dict__:
            found.update((f.name, f) for f in base.__dict__["_record_fields"])
        elif "__dataclass_fields__" in base.__dict__:
            found.update((f.name, Field._of_dataclass(f)) for f in sys.modules["dataclasses"].fields(base))
    found.update((f.name, f) for f in own)
    seen_default = ""
    for f in found.values():
        if f.init and not f.kw_only:
            if f.default is not MISSING or f.default_factory is not MISSING:
                seen_default = f.name
            elif seen_default:
                raise TypeError(f"non-default argument {f.name!r} follows default argument {seen_default!r}")
    return tuple(found.values())


def _slotted(cls: type, own: list[Field]) -> type:
    """``cls`` made again with ``__slots__`` for its own fields, as ``dataclass(slots=True)`` does
    (a class's slots are fixed when it is made). Methods using ``super()`` without arguments
    would still see the first class: none of ours does."""
    body = dict(cls.__dict__)
    if "__slots__" in body:
        raise TypeError(f"{cls.__qualname__} already specifies __slots__")
    body["__slots__"] = tuple(f.name for f in own)
    for name in (*body["__slots__"], "__dict__", "__weakref__"):
        body.pop(name, None)
    made = type(cls)(cls.__name__, cls.__bases__, body)
    made.__qualname__ = cls.__qualname__
    return made


class _AsDataclass:
    """``__dataclass_fields__`` and ``__dataclass_params__`` of a record, made by ``dataclasses``
    on first access (``dataclasses.fields``, ``is_dataclass``, ``replace``, ``asdict``, a plain
    dataclass extending the record): from a throw-away twin of the record's own fields on the
    same bases, so they are exactly what ``dataclasses`` makes and the record is left as it is.
    Then they replace this descriptor on the class."""

    def __init__(self, cls: type, name: str):
        self.cls, self.name = cls, name

    def __get__(self, obj: Any, owner: Optional[type] = None) -> Any:
        import dataclasses

        cls = self.cls
        own = [f for f in cls.__dict__["_record_fields"] if f.name in cls.__dict__.get("__annotations__", {})]

        def spec(f: Field) -> Any:
            return dataclasses.field(
                default=dataclasses.MISSING if f.default is MISSING else f.default,
                default_factory=dataclasses.MISSING if f.default_factory is MISSING else f.default_factory,
                init=f.init, repr=f.repr, hash=f.hash, compare=f.compare, kw_only=f.kw_only)

        body = {"__annotations__": {f.name: f.type for f in own}, "__module__": cls.__module__,
                "__qualname__": cls.__qualname__, "__doc__": cls.__doc__ or "", **{f.name: spec(f) for f in own}}
        twin: type = dataclasses.dataclass(init=False, repr=False, eq=False)(type(cls.__name__, cls.__bases__, body))
        for name in ("__dataclass_fields__", "__dataclass_params__"):
            type.__setattr__(cls, name, twin.__dict__[name])
        return cls.__dict__[self.name]


def _make(cls: type[T], frozen: bool, slots: bool) -> type[T]:
    own = _own_fields(cls)
    if slots:
        cls = _slotted(cls, own)  # type: ignore[assignment]
    all_fields = _all_fields(cls, own)
    type.__setattr__(cls, "_record_fields", all_fields)
    for name in ("__dataclass_fields__", "__dataclass_params__"):
        type.__setattr__(cls, name, _AsDataclass(cls, name))
    compared = tuple(f.name for f in all_fields if f.compare)
    type.__setattr__(cls, "_record_compare", _key(compared))
    type.__setattr__(cls, "_record_hash", _key(tuple(f.name for f in all_fields if (f.compare if f.hash is None else f.hash))))
    type.__setattr__(cls, "_record_repr", tuple(f.name for f in all_fields if f.repr))
    _set_new(cls, "__match_args__", tuple(f.name for f in all_fields if f.init and not f.kw_only))
    explicit_hash = cls.__dict__.get("__hash__", MISSING)
    if explicit_hash is MISSING or (explicit_hash is None and "__eq__" in cls.__dict__):
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
def record(*, frozen: bool = True, slots: bool = False) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(field, Field))
def record(cls: Optional[type[T]] = None, /, *, frozen: bool = True, slots: bool = False) -> Any:
    """``@record`` is ``@dataclasses.dataclass(frozen=True)``; ``@record(frozen=False)`` is
    ``@dataclasses.dataclass``; ``slots=True`` as there: the same behaviour, without compiling
    methods or importing ``dataclasses`` at import."""
    if cls is None:
        return lambda c: _make(c, frozen, slots)
    return _make(cls, frozen, slots)
