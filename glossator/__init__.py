"""Glossator: editorials as annotated editions, built with MkDocs."""

__version__ = "0.1.0"
