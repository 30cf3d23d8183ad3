"""gelijkekansen.toml: parsed once, validated with errors that name the key."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from gelijkekansen.config import Config, load_config, parse_config, warehouse_location
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
        ("[pay]\nannual_hours = 36", "pay.annual_hours must be a number of hours between 1,000"),
        ("[pay]\nannual_hours = '1659'", "not '1659'"),
        ("[pay]\nannual_hours = true", "pay.annual_hours must be"),
        ("[privacy.merge]\nshoe = [['s', 'm']]", "names an unknown dimension 'shoe'"),
        ("[privacy.merge]\ngender = [['anders']]", "privacy.merge.gender must be lists of two"),
        ("[privacy.merge]\ngender = ['anders', 'onbekend']", "privacy.merge.gender must be"),
        ("[privacy.merge]\norigin = [['europa', 'azie']]", "its groups (nederland, europa"),
        ("[privacy.merge]\ngender = [['anders', 'onbekend'], ['man', 'anders']]", "group twice"),
    ],
)
def test_bad_settings_are_refused_naming_the_key(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(tomllib.loads(text))
    assert message in str(caught.value)


def test_merges_are_read_per_dimension() -> None:
    text = "[privacy.merge]\nage_band = [['<25', '25-34'], ['45-54', '55+']]"
    merges = parse_config(tomllib.loads(text)).privacy.merge
    assert merges == {"age_band": (("<25", "25-34"), ("45-54", "55+"))}
    assert parse_config({}).privacy.merge == {}


def test_the_cao_annual_hours_are_read_from_the_pay_table() -> None:
    assert parse_config(tomllib.loads("[pay]\nannual_hours = 1836")).pay.annual_hours == 1836.0
    assert parse_config({}).pay.annual_hours == 1659.0


def test_a_file_that_is_not_toml_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "gelijkekansen.toml"
    broken.write_text("[privacy\nmin_cell = 10")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(broken)


@pytest.mark.parametrize(
    ("text", "unknown", "suggestion"),
    [
        ("[privacy]\nmin_cel = 25\n", "privacy.min_cel", "privacy.min_cell"),
        ("[analysis]\nalfa = 0.01\n", "analysis.alfa", "analysis.alpha"),
        ("[privasy]\nmin_cell = 25\n", "privasy.min_cell", "privacy.min_cell"),
        (
            '[[targets]]\npopulation = "leaders"\ndimension = "gender"\ngroup = "vrouw"\n'
            'share = 0.5\ndate = 2099-12-31\nshare_pct = 50\n',
            "targets[1].share_pct",
            "targets[].share",
        ),
    ],
)
def test_an_unknown_key_is_an_error_with_a_did_you_mean(
    text: str, unknown: str, suggestion: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(tomllib.loads(text))
    assert f"unknown setting {unknown}." in str(caught.value)
    assert f"Did you mean {suggestion}?" in str(caught.value)


def test_a_key_nothing_resembles_is_named_without_a_guess() -> None:
    with pytest.raises(ConfigError, match="unknown setting zzz") as caught:
        parse_config(tomllib.loads("zzz = 1\n"))
    assert "Did you mean" not in str(caught.value)


def test_free_form_tables_accept_any_key() -> None:
    config = parse_config(tomllib.loads('[codes.gender]\nV = "vrouw"\n[labels.nl]\nx = "y"\n'))
    assert config.code_maps["gender"]["V"] == "vrouw"


def test_relative_paths_resolve_against_the_config_files_folder(tmp_path: Path) -> None:
    folder = tmp_path / "settings"
    folder.mkdir()
    (folder / "gelijkekansen.toml").write_text(
        '[warehouse]\npath = "data/w.duckdb"\ntemp_directory = "spill"\n'
    )
    config = load_config(folder / "gelijkekansen.toml")
    assert config.warehouse.path == folder / "data" / "w.duckdb"
    assert config.warehouse.temp_directory == folder / "spill"


def test_a_warehouse_outside_the_output_folder_must_be_named_on_the_command_line(
    tmp_path: Path,
) -> None:
    extraction = tmp_path / "extraction"
    extraction.mkdir()
    (extraction / "gelijkekansen.toml").write_text('[warehouse]\npath = "../../elsewhere.duckdb"\n')
    config = load_config(extraction / "gelijkekansen.toml")
    out = tmp_path / "out"
    with pytest.raises(ConfigError, match="outside the output folder") as caught:
        warehouse_location(config, out=out)
    assert "--warehouse" in str(caught.value)
    explicit = tmp_path / "elsewhere.duckdb"
    assert warehouse_location(config, out=out, explicit=explicit) == explicit
    inside = replace(config, warehouse=replace(config.warehouse, path=out / "w.duckdb"))
    assert warehouse_location(inside, out=out) == out / "w.duckdb"
    assert warehouse_location(Config(), out=out) == out / "warehouse.duckdb"


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
