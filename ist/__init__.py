"""ist: a claim tracker with temporal diffs."""

__version__ = "0.1.0"
