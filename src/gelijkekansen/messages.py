"""Every user-facing label and verdict in Dutch and English, in one table.

Reports and the CLI look words up here instead of spreading language choices through the code.
Organisations can override any entry under [labels.nl] / [labels.en] in gelijkekansen.toml.
"""

from __future__ import annotations

from collections.abc import Mapping

CATALOGUE: dict[str, tuple[str, str]] = {
    # verdicts (stats.VERDICT_CODES)
    "reference": ("referentiegroep", "reference group"),
    "significant_disparity": ("significante achterstand", "significant disparity"),
    "significant_advantage": ("significante voorsprong", "significant advantage"),
    "below_four_fifths_not_significant": (
        "onder vier-vijfde, niet significant (kleine aantallen)",
        "below four-fifths, not significant (small numbers)",
    ),
    "too_few_to_tell": ("te weinig om iets te zeggen", "too few to tell"),
    "no_evidence": ("geen aanwijzing voor verschil", "no evidence of disparity"),
    "suppressed": ("onderdrukt (< minimum celgrootte)", "suppressed (< minimum cell size)"),
    # dimensions
    "gender": ("gender", "gender"),
    "origin": ("herkomst", "origin"),
    "disability": ("arbeidsbeperking", "disability"),
    "age_band": ("leeftijdsgroep", "age band"),
    "gender×origin": ("gender × herkomst", "gender × origin"),
    "totaal": ("totaal", "total"),
    # groups
    "vrouw": ("vrouw", "woman"),
    "man": ("man", "man"),
    "anders": ("anders", "other"),
    "onbekend": ("onbekend", "unknown"),
    "nederland": ("Nederland", "Netherlands"),
    "europa": ("Europa (excl. NL)", "Europe (excl. NL)"),
    "buiten_europa": ("buiten Europa", "outside Europe"),
    "ja": ("ja", "yes"),
    "nee": ("nee", "no"),
    # processes and stages
    "hiring": ("werving", "hiring"),
    "promotion": ("promotie", "promotion"),
    "mobility": ("interne mobiliteit", "internal mobility"),
    "leadership_entry": ("instroom leiderschap", "leadership entry"),
    "exit": ("uitstroom", "exit"),
    "applied>screened": ("sollicitatie → CV-selectie", "applied → screened"),
    "screened>interviewed": ("CV-selectie → gesprek", "screened → interviewed"),
    "interviewed>offered": ("gesprek → aanbod", "interviewed → offered"),
    "offered>hired": ("aanbod → aangenomen", "offered → hired"),
    "applied>hired": ("sollicitatie → aangenomen (totaal)", "applied → hired (end to end)"),
    # populations
    "all_staff": ("alle medewerkers", "all staff"),
    "teachers": ("docenten (OP)", "teaching staff"),
    "support": ("ondersteuning (OBP)", "support staff"),
    "leaders": ("leidinggevenden", "leaders"),
    "candidates:all": ("alle kandidaten", "all candidates"),
    "candidates:internal": ("interne kandidaten", "internal candidates"),
    "candidates:external": ("externe kandidaten", "external candidates"),
    # target status
    "on_track": ("op koers", "on track"),
    "at_risk": ("risico", "at risk"),
    "off_track": ("uit koers", "off track"),
}
LANGUAGE_INDEX = {"nl": 0, "en": 1}


class Labels:
    """Look-up of labels in one language, with the organisation's overrides."""

    def __init__(self, language: str, overrides: Mapping[str, Mapping[str, str]]) -> None:
        if language not in LANGUAGE_INDEX:
            raise ValueError(f"language must be one of {', '.join(LANGUAGE_INDEX)}")
        self.language = language
        self._overrides = dict(overrides.get(language, {}))

    def __call__(self, key: str) -> str:
        """The label for ``key``; compound keys (ladder:docent, leaders:cvb) read naturally."""
        if key in self._overrides:
            return self._overrides[key]
        if key in CATALOGUE:
            return CATALOGUE[key][LANGUAGE_INDEX[self.language]]
        if "×" in key:
            return " × ".join(self(part) for part in key.split("×"))
        if ":" in key:
            family, member = key.split(":", 1)
            return f"{self(family)}: {member}"
        return key
