"""Build tiny extractions in a test's tmp folder, one behaviour at a time."""

from __future__ import annotations

import shutil
from pathlib import Path

FIXTURE = Path(__file__).parents[1] / "fixtures" / "tiny"


def copy_tiny(target: Path) -> Path:
    """A copy of the hand-made five-person extraction, safe to break."""
    shutil.copytree(FIXTURE, target)
    return target


def write_positions(folder: Path, rows: list[str]) -> None:
    """Replace positions.csv with these spells (CSV lines without the header)."""
    header = (
        "person_id,valid_from,valid_to,org_unit,job_code,ladder_level,leadership_layer,"
        "cao_scale,fte,contract_type"
    )
    (folder / "positions.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
