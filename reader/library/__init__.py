"""The reader's logic below its screens: finding and scanning articles, the headline cache,
polling open folders, the first screen's read, and opening an article and marking it read.

Pure Python, no Textual: every idea here is tested without a terminal, and `reader.ui` composes
it. Nothing is re-exported: import from the module that says what you use.
"""
