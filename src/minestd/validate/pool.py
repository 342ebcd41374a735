"""Big catalogs: the parse-free checks in a second process the edge supplies (results identical to one process).

The core starts no process. It hands the parse-free checks to a :class:`concurrent.futures.Executor`: the one the
caller passes as ``executor=``, or, for ``workers`` > 1, the ``process_pool`` that :mod:`minestd.resources` supplies
(by default :func:`minestd.world.second_process`: one worker forked at the first submit, so it inherits the
catalog instead of receiving a pickled copy). Whatever goes wrong there — an executor whose workers cannot see the
catalog, a worker that fails or dies — this process runs those checks itself.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import operator
from collections.abc import Iterable
from concurrent.futures import Executor, Future
from typing import TYPE_CHECKING


from ..designation import parse_many
from ..entry import Entry, normalise_status
from ..model import Finding, construct_trusted
from ..resources import supplied

if TYPE_CHECKING:
    from ..taxonomy import Taxonomy

from .engine import CHECKS, Check, ValidationContext, ValidationReport

PARALLEL_MIN = 5_000


_FINDING_FIELDS = tuple(Finding.model_fields)     # a finding crosses to this process as a tuple of these
#: The work handed out, by token: a worker forked after the submit inherits it (a worker that cannot see it
#: raises KeyError, and this process does the work).
_HANDED: dict[int, tuple[ValidationContext, list[Check]]] = {}
_TOKENS = itertools.count()


def _run_handed(token: int) -> list[tuple]:
    """In the worker: the handed checks' findings, as field tuples."""
    ctx, checks = _HANDED[token]
    fields = operator.attrgetter(*_FINDING_FIELDS)
    return [fields(f) for check in checks for f in check(ctx)]


class _Worker:
    """The parse-free checks submitted to an executor; :meth:`collect` takes their findings back."""

    def __init__(self, future: "Future[list[tuple]]", token: int):
        self.future, self.token = future, token

    @classmethod
    def start(cls, executor: Executor, ctx: ValidationContext, checks: list[Check]) -> "_Worker | None":
        if not checks:
            return None
        token = next(_TOKENS)
        _HANDED[token] = (ctx, checks)
        try:
            return cls(executor.submit(_run_handed, token), token)
        except Exception:                                        # shut down, broken: the work stays here
            _HANDED.pop(token, None)
            return None

    def collect(self, ctx: ValidationContext, checks: list[Check]) -> list[Finding]:
        """The worker's findings; when it failed, ``checks`` run here instead."""
        try:
            found = self.future.result()
        except Exception:                                        # a check failed there, the worker died, ...
            found = None
        finally:
            _HANDED.pop(self.token, None)
        if found is None:
            return [f for check in checks for f in check(ctx)]
        return [construct_trusted(Finding, dict(zip(_FINDING_FIELDS, values))) for values in found]


def _pool(executor: Executor | None, workers: int, wanted: bool) -> "contextlib.AbstractContextManager[Executor | None]":
    """The executor to hand work to: the caller's, else the supplied ``process_pool`` when ``workers`` > 1, else
    none; never one when the work is not ``wanted`` (a small catalog, no parse-free check)."""
    if not wanted:
        return contextlib.nullcontext(None)
    if executor is not None:
        return contextlib.nullcontext(executor)
    return supplied("process_pool") if workers > 1 else contextlib.nullcontext(None)


def _validate(items: list[Entry], tx: "Taxonomy", today: dt.date | None, rules: Iterable[str] | None,
              extra_rules: Iterable[Check], source: str, workers: int = 1,
              ignore: Iterable[str] = (), executor: Executor | None = None) -> ValidationReport:
    ctx = ValidationContext(items, tx, today or supplied("today"))
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
    with _pool(executor, workers, bool(aside) and len(items) >= PARALLEL_MIN) as pool:
        findings = _run_checks(ctx, items, checks, aside, pool)
    for check in extra_rules:
        findings.extend(check(ctx))
    if wanted is not None or ignored:
        kept = {rule_id: selected(rule_id) for rule_id in {f.rule for f in findings}}
        findings = [f for f in findings if kept[f.rule]]
    findings.sort(key=lambda f: (f.row or 0, f.rule, f.field or "", f.value or "", f.message))
    return ValidationReport(entries=len(items), findings=tuple(findings), source=source)


def _run_checks(ctx: ValidationContext, items: list[Entry], checks: list[Check], aside: list[Check],
                pool: Executor | None) -> list[Finding]:
    """Every check's findings: ``aside`` handed to ``pool`` (when there is one) while this process parses the
    designations and runs the others."""
    worker = _Worker.start(pool, ctx, aside) if pool is not None else None
    parsed = iter(parse_many([e.designation for e in items if e.designation], today=ctx.today))
    ctx.parsed = [next(parsed) if e.designation else None for e in items]
    findings: list[Finding] = []
    for check in checks:
        if worker is None or check not in aside:
            findings.extend(check(ctx))
    if worker is not None:
        findings.extend(worker.collect(ctx, aside))
    return findings
