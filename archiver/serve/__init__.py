"""Datasette: metadata, the plugin, the reading pages."""
