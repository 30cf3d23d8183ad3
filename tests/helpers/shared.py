"""A session output built once for all xdist workers of a test run, instead of once per worker."""

from __future__ import annotations

import fcntl
from collections.abc import Callable
from pathlib import Path

import pytest


def built_once(
    factory: pytest.TempPathFactory, name: str, build: Callable[[Path], object]
) -> Path:
    """``build(folder)`` in the run's shared temporary folder unless another worker has.

    The first worker to take the lock builds while the others wait on it (the build uses their
    cores: the privacy filter runs a thread per core); the folder must then only be read.
    """
    base = factory.getbasetemp()
    root = base.parent if base.name.startswith("popen-gw") else base
    folder = root / name
    done = root / f"{name}.built"
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            folder.mkdir(exist_ok=True)
            build(folder)
            done.touch()
    return folder
