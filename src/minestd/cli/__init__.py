"""The `minestd` command line: each command parses arguments, calls one public function, reports.

Command modules register themselves on ``app``; heavy imports stay inside the command functions so
``minestd --help`` starts fast.
"""
from __future__ import annotations

from .app import app, main  # noqa: F401

# Each module registers its commands on `app` when imported.
from . import taxonomy_cmds  # noqa: F401,E402  tree, show, search, priorities, export, check-taxonomy
from . import catalog_cmds  # noqa: F401,E402  validate (and catalog conversions)
from . import gaps_cmd  # noqa: F401,E402  gaps, report
from . import diagram_cmd  # noqa: F401,E402  diagram
from . import classify_cmds  # noqa: F401,E402  classify
from . import model_cmds  # noqa: F401,E402  train, evaluate
from . import gapeval_cmd  # noqa: F401,E402  evaluate-gaps
from . import table_cmd  # noqa: F401,E402  system-table, schema
