"""Test-wide settings: hypothesis examples are judged by their answers, never by their speed.

A shared or loaded machine can take seconds for one example; a deadline would turn that into a
failure that says nothing about the code (speed is measured in bench/, not in tests).
"""

from hypothesis import settings

settings.register_profile("gelijkekansen", deadline=None)
settings.load_profile("gelijkekansen")
