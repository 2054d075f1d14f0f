"""Test-wide settings.

Under CI (`CI` set, as `.ci/run` is run) hypothesis runs derandomized: the same examples every run,
so a submission is judged on the code, not on the luck of a draw. Locally it explores freely.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

#: The hostile-input runner also provides the `home` and `folder` fixtures.
pytest_plugins = ["tests.hostile"]
