"""Ingesting articles: reading them (`read`) and adding them to a tracker (`add`)."""

from ist.ingest.add import STDIN, AddResult, Added, Overrides, add

__all__ = ["STDIN", "AddResult", "Added", "Overrides", "add"]
