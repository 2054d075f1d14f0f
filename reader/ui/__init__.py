"""The Textual user interface: the only part of the reader that imports Textual."""
