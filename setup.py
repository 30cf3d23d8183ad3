"""Build step that puts the reviewable assets (pipelines/, checks/, reports/) into the wheel.

They stay at the top of the repository for review; ``gelijkekansen.assets`` finds the copies in
``gelijkekansen/_assets/`` of an installed package. Editable installs read the originals.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ASSET_FOLDERS = ("pipelines", "checks", "reports")


class BuildWithAssets(build_py):
    """Copy the asset folders next to the package modules."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "gelijkekansen" / "_assets"
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
        for folder in ASSET_FOLDERS:
            shutil.copytree(folder, target / folder, dirs_exist_ok=True, ignore=ignore)


setup(cmdclass={"build_py": BuildWithAssets})
