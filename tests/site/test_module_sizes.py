"""Modules stay small enough to read in one sitting (DESIGN.md, "House style").

Every Python module we wrote counts, tests and benchmarks too; migrations and demo data are
generated or data-shaped, so they may be long.
"""

from __future__ import annotations

import statistics
from pathlib import Path

from tests import commands

ROOT = commands.ROOT
LONGEST = 400
MEDIAN_BELOW = 150


def our_modules() -> dict[str, int]:
    done = commands.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.py"])
    assert done.returncode == 0, done.stderr
    listed = done.stdout.split()
    return {
        name: len((ROOT / name).read_text(encoding="utf-8").splitlines())
        for name in listed
        if "/migrations/" not in name and Path(name).name != "demo.py" and (ROOT / name).exists()
    }


def test_no_module_is_longer_than_four_hundred_lines() -> None:
    too_long = {name: lines for name, lines in our_modules().items() if lines > LONGEST}
    assert too_long == {}, f"split these (more than {LONGEST} lines): {too_long}"


def test_the_median_module_is_under_one_hundred_and_fifty_lines() -> None:
    assert statistics.median(our_modules().values()) < MEDIAN_BELOW
