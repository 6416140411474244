"""``llmkit.core.records.record`` behaves as ``dataclasses.dataclass`` does (it only makes its
methods later and fewer times): each case defines the same class both ways and compares what
users of the class can see."""

from __future__ import annotations

import copy
import dataclasses
from decimal import Decimal
from typing import Any, Optional

import pytest

from llmkit.core.records import COMPILE_AFTER, record


def _pair(frozen: bool = True, compiled: bool = False) -> tuple[type, type]:
    """The same class body as a record and as a dataclass; ``compiled``: the record built often
    enough that its __init__ is compiled (before that its arguments are bound in Python)."""

    def body(decorate: Any) -> type:
        @decorate
        class Row:
            """A row with every kind of field a record supports."""

            name: str
            price: Decimal
            note: Optional[str] = None
            tags: list[str] = dataclasses.field(default_factory=list)
            details: dict[str, Any] = dataclasses.field(default_factory=dict, compare=False, hash=False, repr=False)
            seen: int = dataclasses.field(default=0, init=False)
            unit: str = dataclasses.field(default="hour", kw_only=True)

            def __post_init__(self) -> None:
                if self.price < 0:
                    raise ValueError("negative price")

            @property
            def label(self) -> str:
                return f"{self.name}/{self.unit}"

        return Row

    rec = body(record(frozen=frozen))
    if compiled:
        for _ in range(COMPILE_AFTER):
            rec("warm", Decimal(0))
    assert (rec.__init__.__code__.co_filename == "<string>") is compiled  # exec'd text: the compiled one
    return rec, body(dataclasses.dataclass(frozen=frozen))


def _args() -> tuple[tuple[Any, ...], dict[str, Any]]:
    return ("a", Decimal("1.5"), "n"), {"tags": ["x"], "details": {"k": 1}, "unit": "GB"}


@pytest.mark.parametrize("compiled", [False, True])
@pytest.mark.parametrize("frozen", [True, False])
def test_fields_values_repr_and_equality_match_dataclasses(frozen: bool, compiled: bool) -> None:
    rec, dc = _pair(frozen, compiled)
    args, kwargs = _args()
    r, d = rec(*args, **kwargs), dc(*args, **kwargs)
    assert dataclasses.is_dataclass(r)
    assert [(f.name, f.init, f.compare, f.kw_only) for f in dataclasses.fields(r)] == [
        (f.name, f.init, f.compare, f.kw_only) for f in dataclasses.fields(d)
    ]
    assert dataclasses.asdict(r) == dataclasses.asdict(d)
    assert repr(r) == repr(d).replace(dc.__qualname__, rec.__qualname__)
    assert r.label == "a/GB" and r.seen == 0
    assert r == rec(*args, **{**kwargs, "details": {"other": 2}})  # details is compare=False
    assert r != rec("b", Decimal("1.5"), "n", tags=["x"], unit="GB")
    assert r != d and (r == d) is False  # another class is never equal, as with dataclasses
    assert rec("a", Decimal(1)) == rec("a", Decimal(1), None, [], unit="hour")
    assert rec("a", Decimal(1)).tags is not rec("a", Decimal(1)).tags  # a fresh default each time


@pytest.mark.parametrize("compiled", [False, True])
def test_frozen_record_hashes_and_refuses_assignment(compiled: bool) -> None:
    rec, dc = _pair(True, compiled)
    r = rec("a", Decimal(2), tags=None)  # tags unhashable as a list; None keeps it hashable
    assert hash(r) == hash(rec("a", Decimal(2), tags=None, details={"x": 1}))
    assert {r, rec("a", Decimal(2), tags=None)} == {r}
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.name = "b"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del r.name  # type: ignore[misc]
    changed = dataclasses.replace(r, name="b")
    assert (changed.name, changed.price, r.name) == ("b", Decimal(2), "a")
    assert hash(r) == hash(dc("a", Decimal(2), tags=None))  # the same tuple of fields is hashed
    assert copy.deepcopy(r) == r and copy.copy(r) == r


def test_mutable_record_is_unhashable_and_assignable() -> None:
    rec, _ = _pair(False)
    r = rec("a", Decimal(1))
    r.name = "b"
    assert r.name == "b"
    with pytest.raises(TypeError):
        hash(r)


@pytest.mark.parametrize("compiled", [False, True])
@pytest.mark.parametrize("frozen", [True, False])
def test_constructor_errors_match_dataclasses(frozen: bool, compiled: bool) -> None:
    rec, dc = _pair(frozen, compiled)
    for cls in (rec, dc):
        with pytest.raises(TypeError):
            cls("a")  # price missing
        with pytest.raises(TypeError):
            cls("a", Decimal(1), "n", [], {}, "GB")  # unit is keyword-only
        with pytest.raises(TypeError):
            cls("a", Decimal(1), seen=3)  # init=False
        with pytest.raises(TypeError):
            cls("a", note="n")  # price missing, with as many arguments as the required ones
        with pytest.raises(TypeError):
            cls("a", Decimal(1), name="b")  # name given twice
        with pytest.raises(TypeError):
            cls("a", Decimal(1), colour="red")  # no such field
        with pytest.raises(ValueError, match="negative price"):
            cls("a", Decimal(-1))  # __post_init__ runs


def test_a_subclass_keeps_its_own_init() -> None:
    """Compiling replaces the record's own __init__, never a subclass's."""
    rec, _ = _pair(True)

    class Named(rec):  # type: ignore[misc,valid-type]
        def __init__(self, name: str) -> None:
            super().__init__(name, Decimal(0))

    for i in range(COMPILE_AFTER + 1):
        assert Named(f"z{i}").name == f"z{i}" and Named("y").price == 0
    assert Named.__init__ is not rec.__init__ and rec("q", Decimal(3)).name == "q"


def test_methods_the_class_writes_itself_are_kept() -> None:
    @record
    class Loose:
        """Compared by name only, by its own choice."""

        name: str
        size: int

        def __eq__(self, other: object) -> bool:
            return isinstance(other, Loose) and other.name == self.name

        def __hash__(self) -> int:
            return hash(self.name)

    assert Loose("a", 1) == Loose("a", 2) and hash(Loose("a", 1)) == hash("a")


def test_a_record_may_extend_a_record() -> None:
    """As TieredPlatformPrice extends PlatformPrice: the parent's fields first, then its own;
    never equal to a parent instance with the same values, as with dataclasses."""

    @record
    class Price:
        """A parent."""

        item: str
        price: Decimal
        assumption: bool = False

    @record
    class Tiered(Price):
        """A child with one more field."""

        tiers: tuple[Decimal, ...] = ()

    t = Tiered("x", Decimal(1), True, (Decimal(2),))
    assert [f.name for f in dataclasses.fields(t)] == ["item", "price", "assumption", "tiers"]
    assert repr(t).endswith(".Tiered(item='x', price=Decimal('1'), assumption=True, tiers=(Decimal('2'),))")
    assert t == Tiered("x", Decimal(1), True, (Decimal(2),)) and hash(t) == hash(Tiered("x", Decimal(1), True, (Decimal(2),)))
    assert Tiered("x", Decimal(1)) != Price("x", Decimal(1))
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.tiers = ()  # type: ignore[misc]


def test_a_record_made_without_dataclasses_answers_dataclasses_later() -> None:
    """A record reads its own fields (``llmkit.core.records.field``, ``fields``, ``replace``,
    ``asdict``) so a command that defines records never imports ``dataclasses``; ``dataclasses``
    imported later sees the same fields, and a plain dataclass may extend the record."""
    from llmkit.core import records as rec_mod

    @record(frozen=False)  # a plain dataclass extends only a mutable record (module docstring)
    class Base:
        """Defined with this module's own field()."""

        name: str
        tags: tuple[str, ...] = rec_mod.field(default=(), compare=False)
        extra: dict[str, Any] = rec_mod.field(default_factory=dict, repr=False)

    b = Base("a", ("x",), {"k": 1})
    assert [f.name for f in rec_mod.fields(b)] == [f.name for f in dataclasses.fields(b)] == ["name", "tags", "extra"]
    assert [(f.default, f.compare, f.repr) for f in dataclasses.fields(Base)] == [
        (dataclasses.MISSING, True, True), ((), False, True), (dataclasses.MISSING, True, False)]
    assert dataclasses.fields(Base)[2].default_factory is dict
    assert rec_mod.asdict(b) == dataclasses.asdict(b) == {"name": "a", "tags": ("x",), "extra": {"k": 1}}
    assert rec_mod.replace(b, name="z") == dataclasses.replace(b, name="z") == Base("z", ("x",), {"k": 1})
    assert Base("a") == Base("a", ("other",))  # tags compare=False
    assert not hasattr(Base, "extra") and Base.tags == ()  # class attributes as dataclasses leaves them

    @dataclasses.dataclass(frozen=False)
    class Plain(Base):  # type: ignore[misc]
        size: int = 0

    assert [f.name for f in dataclasses.fields(Plain)] == ["name", "tags", "extra", "size"]
    assert Plain("p", size=2).size == 2


def test_slotted_mutable_record_matches_dataclass_slots() -> None:
    """CostComponent's shape: ``record(frozen=False, slots=True)``, as ``dataclass(slots=True)``."""
    from llmkit.core import records as rec_mod

    def body(decorate: Any) -> type:
        @decorate
        class Line:
            """A cost line."""

            name: str
            price: Optional[Decimal]
            unit: str = "hour"

        return Line

    rec, dc = body(record(frozen=False, slots=True)), body(dataclasses.dataclass(slots=True))
    r, d = rec("gpu", Decimal(2)), dc("gpu", Decimal(2))
    assert rec.__slots__ == dc.__slots__ == ("name", "price", "unit")
    assert not hasattr(r, "__dict__") and not hasattr(d, "__dict__")
    with pytest.raises(AttributeError):
        r.colour = "red"  # type: ignore[attr-defined]
    r.unit = "GB"
    assert rec_mod.replace(r, price=None).unit == "GB" and dataclasses.asdict(r) == {"name": "gpu", "price": Decimal(2), "unit": "GB"}
    assert repr(rec("a", None)) == repr(dc("a", None)).replace(dc.__qualname__, rec.__qualname__)
    with pytest.raises(TypeError):
        hash(r)


def test_unsupported_and_wrong_field_orders_are_refused_as_dataclasses_refuses_them() -> None:
    with pytest.raises(TypeError, match="non-default argument 'b'"):
        @record
        class Late:
            """b has no default after a has one."""

            a: int = 0
            b: int  # type: ignore[misc]

    with pytest.raises(ValueError, match="mutable default"):
        @record
        class Shared:
            """A list default would be shared by every instance."""

            a: list[int] = []  # type: ignore[misc]  # noqa: RUF012

    with pytest.raises(TypeError, match="InitVar"):
        @record
        class Pseudo:
            """InitVar needs dataclasses."""

            a: dataclasses.InitVar[int]


def test_an_object_answering_any_attribute_is_not_a_record() -> None:
    """A value whose ``__getattr__`` answers every name (a Pulumi Output, a mock) must not be
    taken for a record by ``jsonable``: being a record is a property of the class."""
    from llmkit.core import records as rec_mod

    class Anything:
        def __getattr__(self, name: str) -> Any:
            return (name,)

    assert not rec_mod.is_record(Anything()) and rec_mod.asdict(Anything()).__class__ is Anything
    assert rec_mod.is_record(_pair()[0]) and rec_mod.is_record(_pair()[0]("a", Decimal(1)))
