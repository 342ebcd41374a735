"""The engine: the context every check sees, the report, the registry of checks and :func:`validate`."""
from __future__ import annotations

import datetime as dt
import os
import re
import string
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from ..designation import ParseResult
from ..entry import Entry, parse_date
from ..memory import PAUSE_ABOVE, gc_paused
from ..model import SEVERITY_RANK, Finding, Severity, construct_trusted, count_severities

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from ..taxonomy import Taxonomy

from .rules import RULES, Rule

# --------------------------------------------------------------------------- context and report

@dataclass
class ValidationContext:
    """What every check sees. ``parsed[i]`` is the designation parse of ``entries[i]`` (None when empty)."""

    entries: Sequence[Entry]
    tx: "Taxonomy"
    today: dt.date
    parsed: list[ParseResult | None] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    # per-run caches (several rules read the same derived values)
    _canonicals: list[str | None] | None = field(default=None, init=False, repr=False, compare=False)
    _keys: list[str | None] | None = field(default=None, init=False, repr=False, compare=False)
    _dates: dict[str, dt.date | None] = field(default_factory=dict, init=False, repr=False, compare=False)
    _texts: dict[tuple[Any, ...], tuple[str, str]] = field(default_factory=dict, init=False, repr=False,
                                                          compare=False)
    #: entries the overlap rules compare and their normalised titles (see ``_comparable_titles``)
    comparable: tuple[list[int], dict[int, str]] | None = field(default=None, repr=False, compare=False)

    def finding(self, rule_id: str, entry: Entry | None, field: str | None = None, value: str | None = None,
                severity: Severity | None = None, **fmt: Any) -> Finding:
        """A Finding for ``rule_id`` with its message and fix templates filled from ``value`` and ``fmt``."""
        rule = RULES[rule_id]
        values = {"value": value or "", "field": field or "", **fmt}
        # the texts depend only on the placeholders the templates use: formatted once per distinct set of values
        # (a catalog repeats them: MS407 is the same sentence for every standard of one age)
        key = (rule_id, *[values.get(name) for name in _placeholders(rule)])
        texts = self._texts.get(key)
        if texts is None:
            texts = self._texts[key] = (rule.message.format_map(values), rule.fix.format_map(values))
        # built without validation: every value here is already of the right type (validating, or pydantic's
        # model_construct, would cost ~10 % of a run)
        return construct_trusted(Finding, {"rule": rule_id, "severity": severity or rule.severity,
                                    "message": texts[0], "fix": texts[1],
                                    "row": entry.row if entry is not None else None, "field": field, "value": value,
                                    "file": None, "line": None})

    @staticmethod
    def at_row(finding: Finding, row: int | None, value: str | None) -> Finding:
        """The same finding for another row and value (checks that give equal cells equal findings reuse them)."""
        return construct_trusted(Finding, {**finding.__dict__, "row": row, "value": value})

    def canonical(self, index: int) -> str | None:
        """The canonical designation of ``entries[index]`` (None when it does not parse)."""
        return self.canonicals()[index]

    def canonicals(self) -> list[str | None]:
        """:meth:`canonical` of every entry, computed once per run (several rules look them up)."""
        if self._canonicals is None or len(self._canonicals) != len(self.parsed):
            self._canonicals = [r.designation.canonical if r is not None and r.designation is not None else None
                                for r in self.parsed]
        return self._canonicals

    def keys(self) -> list[str | None]:
        """``Designation.key()`` (canonical without year) of every entry, None when it does not parse."""
        if self._keys is None or len(self._keys) != len(self.parsed):
            self._keys = [r.designation.key() if r is not None and r.designation is not None else None
                          for r in self.parsed]
        return self._keys

    def date(self, text: str) -> dt.date | None:
        """:func:`~minestd.entry.parse_date`, once per distinct text (catalogs repeat their dates)."""
        try:
            return self._dates[text]
        except KeyError:
            value = self._dates[text] = parse_date(text)
            return value

    def label(self, index: int) -> str:
        """The canonical designation, else what the user wrote, else the title."""
        entry = self.entries[index]
        return self.canonical(index) or entry.designation or entry.title


_PLACEHOLDERS: dict[tuple[str, str], tuple[str, ...]] = {}


def _placeholders(rule: Rule) -> tuple[str, ...]:
    """Names of the fields a rule's message and fix templates use (``{value}``, ``{age}`` ...)."""
    key = (rule.message, rule.fix)
    names = _PLACEHOLDERS.get(key)
    if names is None:
        found = [name for template in key for _, name, _, _ in string.Formatter().parse(template) if name]
        names = _PLACEHOLDERS[key] = tuple(dict.fromkeys(found))
    return names


#: The JSON's shape and its version (``minestd schema validate``): a later version only adds keys.
OUTPUT_SCHEMA = "minestd/validate/1"


class ValidationReport(BaseModel):
    """Findings of one validation, sorted by row then rule. ``entries`` = number of entries checked."""

    model_config = ConfigDict(frozen=True)

    entries: int
    findings: tuple[Finding, ...]
    source: str = ""

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "warning")

    @property
    def infos(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "info")

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        return count_severities(self.findings)

    def by_row(self) -> dict[int | None, list[Finding]]:
        grouped: dict[int | None, list[Finding]] = {}
        for f in self.findings:
            grouped.setdefault(f.row, []).append(f)
        return grouped

    def by_rule(self) -> dict[str, int]:
        return dict(sorted(Counter(f.rule for f in self.findings).items()))

    def at_least(self, severity: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if SEVERITY_RANK[f.severity] >= SEVERITY_RANK[severity])

    def exit_code(self, fail_on: str = "error") -> int:
        """0 when nothing at or above ``fail_on`` (error | warning) was found, else 1."""
        return 1 if self.at_least(fail_on) else 0

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON contract: entries, errors, warnings, findings[rule, severity, row, field, value,
        message, fix] (then extra keys: infos, by_rule, source)."""
        counts = self.counts()
        return {
            "entries": self.entries, "errors": counts["error"], "warnings": counts["warning"],
            "findings": [{"rule": f.rule, "severity": f.severity, "row": f.row, "field": f.field, "value": f.value,
                          "message": f.message, "fix": f.fix} for f in self.findings],
            "infos": counts["info"], "by_rule": self.by_rule(), "source": self.source, "schema": OUTPUT_SCHEMA,
        }


Check = Callable[[ValidationContext], Iterable[Finding]]
#: (rule ids a check can emit, check). Append with :func:`register_check`.
CHECKS: list[tuple[frozenset[str], Check]] = []


def register_check(rules: Iterable[Rule | str], check: Check | None = None) -> Any:
    """Add a check (and the rules it emits) to the registry; usable as a decorator.

    New rules (e.g. the classifier's ``MS3xx``) are added to :data:`RULES` so ``--rules`` lists them::

        @register_check([Rule(id="MS301", severity="warning", title="...", message="...", fix="...")])
        def node_disagrees(ctx): ...
    """
    ids: set[str] = set()
    for rule in rules:
        if isinstance(rule, Rule):
            RULES[rule.id] = rule
            ids.add(rule.id)
        else:
            ids.add(rule)

    def add(func: Check) -> Check:
        CHECKS.append((frozenset(ids), func))
        return func

    return add(check) if check is not None else add


def validate(entries: Iterable[Entry], tx: "Taxonomy", *, today: dt.date | None = None,
             rules: Iterable[str] | None = None, extra_rules: Iterable[Check] = (), source: str = "",
             workers: int = 1, ignore: Iterable[str] | str | None = None,
             executor: "Executor | None" = None) -> ValidationReport:
    """Check ``entries`` against the taxonomy ``tx``. Never raises for bad data.

    ``rules``: only these rule ids or prefixes (``["MS1", "MS501"]``); default all. ``ignore``: leave out these
    rule ids or prefixes (same forms; applied after ``rules``: ``rules="MS1", ignore="MS105"``). ``extra_rules``: more
    checks ``f(ctx) -> Iterable[Finding]`` run after the registered ones. ``today`` (default: the current
    date) drives the review (复审) and future-date rules, so pass it for reproducible reports.

    ``workers=2`` (or more; 0 = as many as the machine has CPUs, at most 2) lets a second process run the checks
    that need no designation parse (MS301, MS2xx) while this process parses the designations and runs the other
    rules: the same findings, in about 70 % of the time on large catalogs. Used from :data:`PARALLEL_MIN` entries
    on. The core starts no process itself: the second one comes from the ``process_pool`` supplier
    (:mod:`minestd.resources`; by default :func:`minestd.world.second_process`, a forked one-worker
    ``concurrent.futures`` pool, where ``fork`` exists), or from ``executor`` when you pass one (any
    :class:`concurrent.futures.Executor`; its workers must be started after the call, as a fork-context process
    pool's are at its first submit, to see the catalog). If that fails, everything runs here.
    """
    register_builtin_extensions()
    rules = rule_selection(rules)
    ignored = rule_selection(ignore, "ignore") or ()
    if isinstance(entries, (str, bytes)) or not isinstance(entries, Iterable):
        raise TypeError(f"entries must be an iterable of Entry, not {type(entries).__name__}")
    if today is not None and not isinstance(today, dt.date):
        raise TypeError(f"today must be a datetime.date, not {type(today).__name__}")
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 0:
        raise ValueError(f"workers must be a whole number of at least 0, not {workers!r}")
    items = list(entries)
    bad = next((e for e in items if not isinstance(e, Entry)), None)
    if bad is not None:
        raise TypeError(f"entries must hold Entry objects (minestd.entry.Entry), found {type(bad).__name__}")
    if workers == 0:
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        workers = min(2, cpus)
    with gc_paused(len(items) > PAUSE_ABOVE):
        from .pool import _validate

        return _validate(items, tx, today, rules, extra_rules, source, workers, ignored, executor)


_SELECTOR = re.compile(r"MS\d{0,3}")


def rule_selection(rules: "Iterable[str] | str | None", name: str = "rules") -> tuple[str, ...] | None:
    """``rules`` as validate reads them: a list of ids or prefixes, or one string of them separated by commas
    (``"MS1,MS501"``), in any case. Raises TypeError for another type and ValueError naming a malformed selector
    (a selector that is well formed but names no rule selects nothing: checks passed in ``extra_rules`` may use it)."""
    if rules is None:
        return None
    if isinstance(rules, str):
        rules = rules.split(",")
    elif not isinstance(rules, Iterable) or isinstance(rules, bytes):
        raise TypeError(f"{name} must be a list of rule ids or prefixes (e.g. ['MS1', 'MS501']), not "
                        f"{type(rules).__name__}")
    out = []
    for item in rules:
        if not isinstance(item, str):
            raise TypeError(f"{name}: each rule id must be a string, not {type(item).__name__}")
        selector = item.strip().upper()
        if not selector:
            continue
        if not _SELECTOR.fullmatch(selector):
            raise ValueError(f"{name}: malformed rule id or prefix '{item}' — use ids such as MS501 or prefixes such "
                             "as MS5 (see 'minestd validate --rules')")
        out.append(selector)
    return tuple(out)


def unknown_selectors(rules: Iterable[str]) -> list[str]:
    """The selectors that match no registered rule (after :func:`register_builtin_extensions`)."""
    register_builtin_extensions()
    return [r for r in rules if not any(rule_id.startswith(r) for rule_id in RULES)]


def register_builtin_extensions() -> dict[str, "Rule"]:
    """Register the checks that live in other core packages (MS301, the classifier's placement check),
    imported lazily so that `import minestd.validate` stays light. Idempotent; returns :data:`RULES`."""
    from ..classify.validation import register

    register()
    return RULES


#: Catalogs at least this long are validated by two processes when ``workers`` > 1 (starting one costs ~10 ms).
