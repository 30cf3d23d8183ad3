"""gelijkekansen.toml: parsed once, validated with errors that name the key."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

from gelijkekansen.config import Config, load_config, parse_config
from gelijkekansen.errors import ConfigError

SAMPLE_CONFIG = Path(__file__).parents[1] / "data" / "synthetic" / "sample" / "gelijkekansen.toml"


def target(**overrides: object) -> dict[str, object]:
    item: dict[str, object] = {
        "id": "vrouwen_leiding",
        "population": "leaders",
        "dimension": "gender",
        "group": "vrouw",
        "share": 0.5,
        "date": date(date.today().year + 3, 12, 31),
    }
    item.update(overrides)
    return item


def test_the_synthetic_organisations_config_parses() -> None:
    config = load_config(SAMPLE_CONFIG)
    assert config.min_cell == 10
    assert config.ladder.rank("hoofddocent") == 2
    assert config.targets and all(0 <= t.share <= 1 for t in config.targets)


def test_no_file_means_the_documented_defaults() -> None:
    assert load_config(None) == Config()


def test_a_valid_target_is_kept() -> None:
    (parsed,) = parse_config({"targets": [target()]}).targets
    assert (parsed.population, parsed.group, parsed.share) == ("leaders", "vrouw", 0.5)


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"share": 1.5}, "share is 1.5; a share lies between 0 and 1"),
        ({"population": "astronauts"}, "population 'astronauts' is not a known population"),
        ({"group": "dames"}, "group 'dames'"),
        ({"dimension": "age_band", "group": "55+"}, "an age band changes as people age"),
        ({"date": date(2020, 1, 1)}, "2020-01-01 is not in the future"),
        ({"date": "eind 2030"}, "targets[1].date"),
    ],
)
def test_an_impossible_target_is_refused_naming_the_key(
    overrides: dict[str, object], message: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config({"targets": [target(**overrides)]})
    assert message in str(caught.value)


@pytest.mark.parametrize(
    "text, message",
    [
        ("[privacy]\nmin_cell = 0", "privacy.min_cell must be at least 1"),
        ("[report]\nlanguage = 'fr'", "report.language must be one of nl, en"),
        ("[codes.gender]\nV = 'vrouwelijk'", "maps 'V' to 'vrouwelijk'"),
        ("[codes.shoe_size]\nL = 'large'", "[codes.shoe_size] maps an unknown code list"),
        ("[codes.gender]\nM = 'man'\nm = 'vrouw'", "[codes.gender] maps 'm' to two codes"),
        ("[analysis]\nintersections = ['gender']", "analysis.intersections must be a list"),
        ("[ladder]\nteaching = ['docent', 'docent']", "ladder.teaching must be a list without"),
        ("[analysis]\nreference = 'all_others'", "analysis.reference must be one of largest"),
        ("[analysis.references]\nshoe = 'largest'", "unknown dimension 'shoe'"),
        ("[analysis.references]\ngender = 'vrouwen'", "analysis.references.gender is 'vrouwen'"),
    ],
)
def test_bad_settings_are_refused_naming_the_key(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(tomllib.loads(text))
    assert message in str(caught.value)


def test_a_file_that_is_not_toml_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "gelijkekansen.toml"
    broken.write_text("[privacy\nmin_cell = 10")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(broken)


def test_reference_rules_per_dimension_are_read() -> None:
    text = (
        "[analysis]\nreference = 'rest'\nreference_min_pool = 50\n"
        "[analysis.references]\ngender = 'man'\nage_band = 'highest'\n"
        "'gender×origin' = 'man×nederland'"
    )
    analysis = parse_config(tomllib.loads(text)).analysis
    assert analysis.reference == "rest" and analysis.reference_min_pool == 50
    assert dict(analysis.references) == {
        "gender": "man",
        "age_band": "highest",
        "gender×origin": "man×nederland",
    }
    assert parse_config({}).analysis.reference == "largest"
