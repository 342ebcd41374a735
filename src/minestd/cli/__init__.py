"""The `minestd` command line: each command parses arguments, calls one public function, reports.

Command modules register themselves on ``app``; heavy imports stay inside the command functions so
``minestd --help`` starts fast.
"""
from __future__ import annotations

from .app import app, main  # noqa: F401
from . import taxonomy_cmds  # noqa: F401,E402  (registers tree, show, search, priorities, export, check-taxonomy)
