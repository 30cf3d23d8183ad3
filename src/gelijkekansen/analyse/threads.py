"""Independent pieces of LP work in a pool of threads, the largest first.

HiGHS runs without Python's lock, so the solves of several pieces overlap; submitting the
largest first keeps one thread from being left with a big piece at the end. The answers come
back in the order of the pieces, so the caller's result never depends on the threads.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

Piece = TypeVar("Piece")
Answer = TypeVar("Answer")


def largest_first(
    work: Callable[[Piece], Answer],
    pieces: Sequence[Piece],
    *,
    size: Callable[[Piece], int],
    workers: int,
) -> list[Answer]:
    """``work`` of every piece, in the order of ``pieces``: in this thread when there is one
    worker or one piece, else in ``workers`` threads; a piece's error is raised here."""
    if workers <= 1 or len(pieces) < 2:
        return [work(piece) for piece in pieces]
    order = sorted(range(len(pieces)), key=lambda i: -size(pieces[i]))
    with ThreadPoolExecutor(min(workers, len(pieces))) as pool:
        started = {i: pool.submit(work, pieces[i]) for i in order}
    return [started[i].result() for i in range(len(pieces))]
