"""A real price catalog holding only some of the bundled rows, for tests that must show what
happens to a resource the catalog does not price (the sweep: unknown, never $0) without
inventing prices: every row kept is the bundled row, with its source and date."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from typing import Iterable

from llmkit.pricing.catalog.loader import DATA_DIR, Catalog

Key = tuple[str, str, str]  # (cloud, region, instance type / platform item / accelerator API name)


def _keep(name: str, target: Path, keys: Iterable[Key], key_columns: tuple[int, int, int]) -> None:
    wanted = set(keys)
    with (DATA_DIR / name).open(newline="", encoding="utf-8") as src, (target / name).open("w", newline="", encoding="utf-8") as dst:
        rows = csv.reader(src)
        out = csv.writer(dst, lineterminator="\n")
        out.writerow(next(rows))
        kept = set()
        for row in rows:
            key = tuple(row[i] for i in key_columns)
            if key in wanted:
                out.writerow(row)
                kept.add(key)
    missing = wanted - kept
    assert not missing, f"not in the bundled {name}: {sorted(missing)}"  # a test asking for a row that is not there


def subset_catalog(root: Path, *, instances: Iterable[Key] = (), platform: Iterable[Key] = (),
                   accelerators: Iterable[Key] = ()) -> Catalog:
    """A catalog (no live prices) whose instance, platform and accelerator rows are only the
    named bundled ones; the GPU, LLM and open-model tables are the bundled ones whole."""
    root.mkdir(parents=True, exist_ok=True)
    _keep("instances.csv", root, instances, (0, 1, 2))
    _keep("platform.csv", root, platform, (0, 1, 2))
    _keep("accelerators.csv", root, accelerators, (0, 1, 3))
    for name in ("gpus.csv", "llms.csv", "open_models.csv"):
        shutil.copy(DATA_DIR / name, root / name)
    return Catalog(root)
