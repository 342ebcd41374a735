"""Edges that turn results into pictures and documents.

- :mod:`minestd.render.dot` — the guide's Figures 1–16 as DOT text (pure: no files, no Graphviz run).
- :mod:`minestd.render.figures` — DOT -> SVG/PNG/PDF with the bundled Graphviz (pygraphviz) or a system
  ``dot``, CJK-font detection, and :func:`~minestd.render.figures.write_figures` behind ``minestd diagram``.

Submodules are imported on use so ``import minestd.render`` stays cheap.
"""
from __future__ import annotations
