"""Helpers shared by tests in several folders."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def tree_hash(folder: Path) -> str:
    """Names, bytes and modes of everything below `folder`: equal before and after means the
    reader wrote nothing there."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(os.fsencode(path.relative_to(folder)))
        if path.is_file() and not path.is_symlink():
            digest.update(path.read_bytes())
        digest.update(oct(path.lstat().st_mode).encode())
    return digest.hexdigest()
