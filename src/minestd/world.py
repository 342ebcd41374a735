"""The edge that answers the core's requests for the outside world (see :mod:`minestd.resources`): the system
date, the folder for jieba's dictionary cache and the second process of big validations."""
from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import os
import tempfile
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor

__all__ = ["today", "jieba_cache", "second_process"]


def today() -> dt.date:
    """The system date: the report date and the review (复审) and future-date rules' reference when none is given."""
    return dt.date.today()


def jieba_cache() -> str:
    """A ``minestd-jieba`` folder inside the system temporary directory (made when missing) for jieba's cache file —
    never next to the user's files."""
    folder = os.path.join(tempfile.gettempdir(), "minestd-jieba")
    os.makedirs(folder, exist_ok=True)
    return folder


@contextlib.contextmanager
def second_process() -> Iterator[Executor | None]:
    """A one-worker ``concurrent.futures`` process pool for validate's parse-free checks, shut down on leaving.
    Its worker is forked at the first submit, so it inherits the catalog instead of receiving a pickled copy of
    it (a million entries); where ``fork`` does not exist (Windows), None: everything runs in one process."""
    if "fork" not in multiprocessing.get_all_start_methods():
        yield None
        return
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
        yield pool
