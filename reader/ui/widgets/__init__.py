"""The reader's widgets: headline list, article body, metadata pane."""
