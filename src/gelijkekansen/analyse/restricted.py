"""The restricted view: every count the marts computed, unsuppressed, for the HR analyst.

The analyst works inside the secure environment and already holds the data; to follow a signal
up they need the small numbers that the published release hides, and the quarters and calendar
years it leaves out. These files go to their own folder, never into a report, and every file
says on every row that it is confidential, so a copy that strays cannot pass for a release.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import polars as pl

from gelijkekansen.config import Config

CLASSIFICATION = "classification"
CONFIDENTIAL = (
    "VERTROUWELIJK / CONFIDENTIAL - restricted view with unsuppressed counts; "
    "for the HR analyst in the secure environment only, never to be published or shared"
)
README = "VERTROUWELIJK-CONFIDENTIAL.txt"

Publisher = Callable[..., pl.DataFrame]


def restricted_tables(
    counts: pl.DataFrame, *, config: Config, publishers: dict[str, Publisher]
) -> dict[str, pl.DataFrame]:
    """The published tables' computations over all of ``counts`` with k = 1 (nothing hidden),
    each with the confidentiality mark as its first column."""
    open_config = replace(config, min_cell=1)
    return {
        name: publish(counts, config=open_config).select(
            pl.lit(CONFIDENTIAL).alias(CLASSIFICATION), pl.all()
        )
        for name, publish in publishers.items()
    }


def write_readme(folder: Path) -> Path:
    """The notice beside the files: what they are and who may see them."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / README
    path.write_text(
        f"{CONFIDENTIAL}.\n\n"
        "NL: Deze map bevat alle aantallen zonder onderdrukking van kleine groepen. Alleen voor "
        "de HR-analist binnen de beveiligde omgeving, voor opvolging van signalen. Niet "
        "publiceren, niet delen, niet in rapporten gebruiken: de publiceerbare cijfers staan in "
        "metrics/.\n"
        "EN: This folder holds every count without suppression of small groups. For the HR "
        "analyst inside the secure environment only, to follow up signals. Do not publish, "
        "share or use in reports: the publishable figures are in metrics/.\n",
        encoding="utf-8",
    )
    return path
