"""Renderers: data in, text or files out. They never query the database."""
