"""Labels: the same valid set on every cloud, and a round-tripping expiry stamp."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from llmkit.components.tags import (
    EXPIRES_AT,
    expires_at_label,
    expiry_from_ttl,
    label_value,
    parse_expires_at,
    parse_ttl,
    standard_labels,
)
from llmkit.core.errors import UserError

GCP_LABEL = re.compile(r"^[a-z0-9_-]{0,63}$")


def test_standard_labels_have_the_design_keys_and_no_expiry_by_default():
    labels = standard_labels("gpu-aws", "gpu", "platform-team")
    assert labels == {
        "llmkit-managed": "true",
        "llmkit-stack": "gpu-aws",
        "llmkit-architecture": "gpu",
        "llmkit-owner": "platform-team",
    }


@pytest.mark.parametrize(
    "owner",
    ["Alice.Smith@Example.COM", "Ops Team / EU", "x" * 200, "ÄÖÜ-ünïcødé", "  ", "__a__"],
)
def test_every_value_is_a_valid_gcp_label(owner):
    labels = standard_labels("My Stack.Prod", "Hybrid", owner, expires_at="20261127t1800z")
    for key, value in labels.items():
        assert GCP_LABEL.match(key) and key[0].isalpha()
        assert GCP_LABEL.match(value), (key, value)
        assert value, key


def test_label_value_keeps_readable_words_and_never_returns_empty():
    assert label_value("Alice.Smith@Example.COM") == "alice-smith-example-com"
    assert label_value("!!!") == "unknown"
    assert len(label_value("a" * 100)) == 63


def test_expiry_stamp_round_trips_and_converts_to_utc():
    when = dt.datetime(2026, 11, 27, 19, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    stamp = expires_at_label(when)
    assert stamp == "20261127t1800z"
    assert parse_expires_at(stamp) == when
    assert parse_expires_at("20261127T1800Z").tzinfo == dt.timezone.utc


@pytest.mark.parametrize("bad", ["2026-11-27T18:00Z", "20261327t1800z", "19991127t0900", ""])
def test_bad_expiry_is_a_user_error_without_echoing_input(bad):
    with pytest.raises(UserError) as err:
        parse_expires_at(bad)
    assert bad not in str(err.value) or bad == ""


def test_ttl_sets_expiry_from_now():
    now = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.timezone.utc)
    assert parse_ttl("90m") == dt.timedelta(minutes=90)
    assert expiry_from_ttl("8h", now) == "20261127t1800z"
    assert expiry_from_ttl("2d", now) == "20261129t1000z"
    for bad in ("0h", "eight hours", "-1d", "3y"):
        with pytest.raises(UserError):
            parse_ttl(bad)


def test_expires_at_accepts_datetime_and_adds_the_label():
    labels = standard_labels("t", "api", "o", dt.datetime(2030, 1, 2, 3, 4))
    assert labels[EXPIRES_AT] == "20300102t0304z"


def test_one_run_reads_the_clock_once_for_its_ttl(monkeypatch):
    """Labels made across a minute boundary in one run carry one expiry; a run after the
    window (a long-lived Automation API process) reads the clock again."""
    from llmkit.components import tags

    clock = [dt.datetime(2026, 11, 27, 10, 0, 59, tzinfo=dt.timezone.utc)]

    class Clock(dt.datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[override]
            return clock[0]

    monkeypatch.setattr(tags._dt, "datetime", Clock)
    monkeypatch.setattr(tags, "_run_started", None)
    first = expiry_from_ttl("4h")
    clock[0] += dt.timedelta(seconds=2)  # 10:01:01, another minute
    assert expiry_from_ttl("4h") == first == "20261127t1400z"
    clock[0] += dt.timedelta(minutes=30)
    assert expiry_from_ttl("4h") == "20261127t1431z"
