"""The reader's screens: main and help."""
