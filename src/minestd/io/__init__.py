"""Edges: reading and writing files (YAML, CSV, XLSX, JSON, SKOS, GraphML)."""
