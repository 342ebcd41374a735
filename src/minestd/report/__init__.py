"""Coverage reports in every format users read — renderers around :func:`minestd.coverage.analyse`.

Each renderer takes a :class:`~minestd.coverage.CoverageReport` (plus the taxonomy for path labels) and
returns text or bytes; nothing here writes files (the CLI does, atomically):

- :func:`minestd.report.data.report_dict` / :func:`~minestd.report.data.report_json` — the JSON contract
- :func:`minestd.report.data.report_csv` — one row per priority
- :func:`minestd.report.markdown.render_markdown` — a report a secretariat can paste into a document
- :func:`minestd.report.text.print_report` — rich tables with a coverage bar per subsystem
- :func:`minestd.report.xlsx.render_xlsx` — 汇总 / 明细 / 统计 / 标准 sheets
- :func:`minestd.report.html.render_html` — one self-contained page (no network), zh/en, filters
- :func:`minestd.report.sssom.render_sssom` — the links as an SSSOM mapping set
- :func:`minestd.report.bundle.write_report` — the full report folder (``minestd report``)

:data:`minestd.report.formats.RENDERERS` holds them all behind one call shape
(``render(report, tx, lang, figures=…)``); ``minestd gaps --format`` offers exactly the registered ones, so a new
format is one module plus :func:`~minestd.report.formats.register_renderer`.
"""
