"""Fixtures of the widgets' tests."""

import pytest

from tests.support import memory_state

#: A reading state over a database in memory.
state = pytest.fixture(memory_state, name="state")
