"""reader: a terminal news reader that shows right-to-left text correctly."""

__version__ = "0.1.0"
