"""Tokenising, stems and lemmas (Kazakh, Russian, English), the full-text query language, snippets."""
