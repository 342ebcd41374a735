"""Big catalogs: the parse-free checks in a second, forked process (results identical to one process)."""
from __future__ import annotations

import datetime as dt
import operator
import os
import pickle
from collections.abc import Iterable
from typing import TYPE_CHECKING


from ..designation import parse_many
from ..entry import Entry, normalise_status
from ..model import Finding, construct_trusted

if TYPE_CHECKING:
    from ..taxonomy import Taxonomy

from .engine import CHECKS, Check, ValidationContext, ValidationReport

PARALLEL_MIN = 5_000


_FINDING_FIELDS = tuple(Finding.model_fields)     # a finding crosses the pipe as a tuple of these


class _Worker:
    """A forked process that runs ``checks`` on a context without parsed designations and sends back their
    findings (as field tuples) through a pipe."""

    def __init__(self, pid: int, fd: int):
        self.pid, self.fd = pid, fd

    @classmethod
    def start(cls, ctx: ValidationContext, checks: list[Check]) -> "_Worker | None":
        if not checks:
            return None
        try:
            read, write = os.pipe()
            pid = os.fork()
        except OSError:
            return None
        if pid == 0:                                             # the worker
            code = 0
            try:
                os.close(read)
                fields = operator.attrgetter(*_FINDING_FIELDS)
                payload = pickle.dumps([fields(f) for check in checks for f in check(ctx)], protocol=5)
                with os.fdopen(write, "wb") as out:
                    out.write(payload)
            except BaseException:                                # the parent then does the work itself
                code = 1
            finally:
                os._exit(code)
        os.close(write)
        return cls(pid, read)

    def collect(self, ctx: ValidationContext, checks: list[Check]) -> list[Finding]:
        """The worker's findings; when it failed, ``checks`` run here instead."""
        try:
            with os.fdopen(self.fd, "rb") as pipe:
                payload = pipe.read()
            _, status = os.waitpid(self.pid, 0)
            found = pickle.loads(payload) if status == 0 and payload else None
        except (OSError, pickle.UnpicklingError, EOFError, ValueError):
            found = None
        if found is None:
            return [f for check in checks for f in check(ctx)]
        return [construct_trusted(Finding, dict(zip(_FINDING_FIELDS, values))) for values in found]


def _validate(items: list[Entry], tx: "Taxonomy", today: dt.date | None, rules: Iterable[str] | None,
              extra_rules: Iterable[Check], source: str, workers: int = 1,
              ignore: Iterable[str] = ()) -> ValidationReport:
    ctx = ValidationContext(items, tx, today or dt.date.today())
    statuses: dict[str, str] = {"": ""}        # a catalog uses a handful of status words
    for e in items:
        if e.status not in statuses:
            statuses[e.status] = normalise_status(e.status)
    ctx.statuses = [statuses[e.status] for e in items]
    wanted = tuple(rules) if rules is not None else None
    ignored = tuple(ignore)

    def selected(rule_id: str) -> bool:
        return (wanted is None or any(rule_id.startswith(w) for w in wanted)) and not rule_id.startswith(ignored)

    checks = [check for ids, check in CHECKS if (wanted is None and not ignored) or any(selected(i) for i in ids)]
    # what a worker process can do without the designation parse: the checks marked parse_free (MS301); this
    # process meanwhile parses the designations and runs the other checks
    aside = [check for check in checks if getattr(check, "parse_free", False)]
    worker = None
    if workers > 1 and len(items) >= PARALLEL_MIN and hasattr(os, "fork"):
        worker = _Worker.start(ctx, aside)
    parsed = iter(parse_many([e.designation for e in items if e.designation], today=ctx.today))
    ctx.parsed = [next(parsed) if e.designation else None for e in items]
    findings: list[Finding] = []
    for check in checks:
        if worker is None or check not in aside:
            findings.extend(check(ctx))
    if worker is not None:
        findings.extend(worker.collect(ctx, aside))
    for check in extra_rules:
        findings.extend(check(ctx))
    if wanted is not None or ignored:
        kept = {rule_id: selected(rule_id) for rule_id in {f.rule for f in findings}}
        findings = [f for f in findings if kept[f.rule]]
    findings.sort(key=lambda f: (f.row or 0, f.rule, f.field or "", f.value or "", f.message))
    return ValidationReport(entries=len(items), findings=tuple(findings), source=source)
