"""The synthetic hogeschool: deterministic, true to the contract, realistic, effects visible."""

from __future__ import annotations

import hashlib
import json
import tomllib
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from gelijkekansen.config import load_config
from gelijkekansen.contract import (
    CODES,
    FUNNEL_STAGES,
    NO_LEADERSHIP,
    TABLES,
    TABLES_BY_NAME,
    UNKNOWN,
)
from gelijkekansen.errors import ConfigError
from gelijkekansen.synthetic import (
    SCALES,
    GroundTruth,
    Scale,
    generate,
    load_effects,
    parse_scale,
)
from gelijkekansen.synthetic.effects import NULL, PLANTED, packaged

SMALL = Scale(employees=400, quarters=6, applications_per_year=1_200, institutes=12, services=6)
MID = Scale(employees=3_000, quarters=4, applications_per_year=3_000)
LARGE = Scale(employees=8_000, quarters=40, applications_per_year=20_000)
CODED = {
    "persons": {"gender": "gender", "origin": "origin", "disability": "disability"},
    "positions": {"contract_type": "contract_type"},
    "applications": {
        "internal": "boolean",
        "furthest_stage": "stage",
        "withdrawn": "boolean",
        "gender": "gender",
        "age_band": "age_band",
        "origin": "origin",
    },
}


DTYPES = {"str": pl.String, "int": pl.Int64, "float": pl.Float64, "date": pl.Date}


def read(folder: Path, table: str) -> pl.DataFrame:
    """A plain-CSV table typed as the contract says."""
    columns = TABLES_BY_NAME[table].columns
    schema = {column.name: DTYPES[column.type] for column in columns}
    return pl.read_csv(folder / f"{table}.csv", schema=schema)


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def snapshot(folder: Path, day: date) -> pl.DataFrame:
    """Staff present on ``day`` with their person attributes."""
    positions = read(folder, "positions")
    present = positions.filter(
        (pl.col("valid_from") <= day) & (pl.col("valid_to").is_null() | (pl.col("valid_to") >= day))
    )
    return present.join(read(folder, "persons"), on="person_id")


def share(frame: pl.DataFrame, column: str, value: str) -> float:
    """Share of rows whose ``column`` equals ``value``."""
    return frame.filter(pl.col(column) == value).height / frame.height


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("small")
    generate(out, seed=7, scale=SMALL)
    return out


@pytest.fixture(scope="module")
def mid(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("mid")
    generate(out, seed=11, scale=MID)
    return out


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, GroundTruth]:
    out = tmp_path_factory.mktemp("planted")
    return out, generate(out, seed=3, scale=LARGE)


@pytest.fixture(scope="module")
def null(tmp_path_factory: pytest.TempPathFactory) -> GroundTruth:
    return generate(tmp_path_factory.mktemp("null"), seed=3, scale=LARGE, effects=packaged(NULL))


# Determinism and dialects


def test_same_seed_gives_identical_bytes(small: Path, tmp_path: Path) -> None:
    generate(tmp_path, seed=7, scale=SMALL)
    assert digests(tmp_path) == digests(small)


def test_another_seed_gives_other_data(small: Path, tmp_path: Path) -> None:
    generate(tmp_path, seed=8, scale=SMALL)
    theirs, ours = digests(tmp_path), digests(small)
    for name in ("persons.csv", "positions.csv", "applications.csv", "ground_truth.json"):
        assert theirs[name] != ours[name]


def test_excel_dialect_carries_the_same_content(small: Path, tmp_path: Path) -> None:
    generate(tmp_path, seed=7, scale=SMALL, dialect="excel-nl")
    raw = (tmp_path / "positions.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfperson_id;valid_from;")
    for table in ("persons", "positions", "vacancies", "applications", "aggregates"):
        plain = pl.read_csv(small / f"{table}.csv", infer_schema_length=0)
        dutch = pl.read_csv(tmp_path / f"{table}.csv", separator=";", infer_schema_length=0)
        dutch = dutch.rename({dutch.columns[0]: dutch.columns[0].removeprefix("\ufeff")})
        dates = [c for c in plain.columns if c.endswith(("_on", "_from", "_to", "_end"))]
        dutch = dutch.with_columns(
            *(pl.col(c).str.to_date("%d-%m-%Y").dt.to_string("%Y-%m-%d") for c in dates),
            *(pl.col(c).str.replace(",", ".") for c in plain.columns if c == "fte"),
        )
        assert_frame_equal(dutch, plain)
    assert (tmp_path / "ground_truth.json").read_bytes() == (
        small / "ground_truth.json"
    ).read_bytes()


def test_an_unknown_dialect_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="excel-nl"):
        generate(tmp_path, scale=SMALL, dialect="xlsx")  # type: ignore[arg-type]


# The data contract


def test_tables_have_exactly_the_contract_columns_and_codes(small: Path) -> None:
    for table in TABLES:
        frame = read(small, table.name)
        assert tuple(frame.columns) == table.column_names, table.name
        for column, code_list in CODED.get(table.name, {}).items():
            assert set(frame.get_column(column)) <= set(CODES[code_list]), (table.name, column)
        required = [c.name for c in table.columns if not c.nullable]
        assert sum(frame.select(pl.col(required).null_count()).row(0)) == 0, table.name


def test_levels_layers_and_scales_follow_the_config(small: Path) -> None:
    config = load_config(small / "gelijkekansen.toml")
    positions = read(small, "positions")
    assert set(positions.get_column("ladder_level")) == set(config.ladder.levels)
    assert set(positions.get_column("leadership_layer")) == {
        NO_LEADERSHIP,
        *config.leadership_layers,
    }
    scale_range = positions.group_by("ladder_level", "leadership_layer").agg(
        low=pl.col("cao_scale").min(), high=pl.col("cao_scale").max()
    )
    plain = dict(
        scale_range.filter(pl.col("leadership_layer") == NO_LEADERSHIP)
        .select("ladder_level", pl.concat_list("low", "high"))
        .rows()
    )
    assert plain["docent"][0] >= 11 and plain["docent"][1] <= 12
    assert plain["hoofddocent"][0] >= 12 and plain["hoofddocent"][1] <= 13
    assert plain["lector"][0] >= 14 and plain["lector"][1] <= 15
    assert plain["ondersteunend"][0] >= 4 and plain["ondersteunend"][1] <= 9
    assert plain["senior_ondersteunend"][0] >= 10 and plain["senior_ondersteunend"][1] <= 13
    assert set(positions.get_column("fte").round(1)) <= {0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0}


def test_ids_are_prefixed_pseudonyms_never_bsn_like(small: Path) -> None:
    columns = {
        "persons": ("person_id", r"P\d{7}"),
        "vacancies": ("vacancy_id", r"V\d{6}"),
        "applications": ("candidate_id", r"C\d{8}"),
    }
    for table, (column, pattern) in columns.items():
        ids = read(small, table).get_column(column)
        assert ids.str.contains(f"^{pattern}$").all(), table
        assert not ids.str.contains(r"^\d{9}$").any()
        assert ids.n_unique() == ids.len()


def test_settings_and_period_files_are_valid(small: Path) -> None:
    config = load_config(small / "gelijkekansen.toml")
    assert config.min_cell == 10 and config.language == "nl"
    assert {t.population for t in config.targets} >= {"leaders", "teachers"}
    manifest = tomllib.loads((small / "extraction.toml").read_text(encoding="utf-8"))
    assert manifest["period"] == "2026Q3"


def test_references_between_tables_hold(small: Path) -> None:
    persons = read(small, "persons").get_column("person_id")
    positions = read(small, "positions")
    assert set(positions.get_column("person_id")) == set(persons)
    applications = read(small, "applications")
    vacancies = read(small, "vacancies")
    assert set(applications.get_column("vacancy_id")) <= set(vacancies.get_column("vacancy_id"))
    assert vacancies.filter(pl.col("closed_on") < pl.col("opened_on")).is_empty()
    stages = [f"{stage}_on" for stage in FUNNEL_STAGES[1:]]
    order = applications.select(["applied_on", *stages])
    for earlier, later in zip(order.columns, order.columns[1:], strict=False):
        assert order.filter(pl.col(later) < pl.col(earlier)).is_empty()
    assert applications.select(pl.max_horizontal(stages).max()).item() <= date(2026, 9, 30)


# Realism


def test_shares_match_the_sector_figures(mid: Path) -> None:
    staff = snapshot(mid, date(2025, 12, 31))
    teaching = staff.get_column("ladder_level").is_in(["docent", "hoofddocent", "lector"])
    assert staff.height == pytest.approx(3_000, rel=0.05)
    assert staff.filter(teaching).height / staff.height == pytest.approx(0.60, abs=0.03)
    assert share(staff, "gender", "vrouw") == pytest.approx(0.56, abs=0.03)
    assert share(staff.filter(teaching), "gender", "vrouw") == pytest.approx(0.488, abs=0.04)
    assert share(staff.filter(~teaching), "gender", "vrouw") == pytest.approx(0.615, abs=0.04)
    expected = {"nederland": 0.75, "europa": 0.08, "buiten_europa": 0.12, UNKNOWN: 0.05}
    for group, value in expected.items():
        assert share(staff, "origin", group) == pytest.approx(value, abs=0.03), group
    for group, value in {"ja": 0.03, "nee": 0.80, UNKNOWN: 0.17}.items():
        assert share(staff, "disability", group) == pytest.approx(value, abs=0.03), group
    ages = 2025 - staff.get_column("birth_year")
    assert ages.min() >= 22 and ages.max() <= 67  # type: ignore[operator]


def test_leadership_layers_are_staffed(mid: Path) -> None:
    staff = snapshot(mid, date(2025, 12, 31))
    layers = dict(staff.group_by("leadership_layer").len().rows())
    assert layers["cvb"] == 3
    assert layers["directeur"] == pytest.approx(30, abs=3)
    assert layers["teamleider"] == pytest.approx(3_000 / 15, rel=0.15)
    leaders = staff.filter(pl.col("leadership_layer") != NO_LEADERSHIP)
    assert share(leaders, "gender", "vrouw") == pytest.approx(0.42, abs=0.07)


def test_headcount_stays_stable_and_turnover_is_about_two_percent(
    planted: tuple[Path, GroundTruth],
) -> None:
    folder = planted[0]
    first, last = (snapshot(folder, day).height for day in (date(2016, 12, 31), date(2026, 9, 30)))
    assert last == pytest.approx(first, rel=0.05)
    positions = read(folder, "positions")
    joiners = (
        positions.group_by("person_id")
        .agg(pl.col("valid_from").min())
        .filter(pl.col("valid_from") >= date(2016, 10, 1))
    )
    assert joiners.height / 40 / first == pytest.approx(0.02, abs=0.005)


def test_hired_external_candidates_roughly_match_vacancies(
    planted: tuple[Path, GroundTruth],
) -> None:
    folder = planted[0]
    applications = read(folder, "applications")
    hired = applications.filter(
        (pl.col("furthest_stage") == "hired") & (pl.col("internal") == "nee")
    ).height
    assert hired / read(folder, "vacancies").height == pytest.approx(1.0, abs=0.3)
    assert share(applications, "internal", "ja") == pytest.approx(0.15, abs=0.01)
    assert share(applications, "withdrawn", "ja") == pytest.approx(0.05, abs=0.02)


# Spells


@pytest.mark.parametrize("effects", [PLANTED, NULL])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_spells_are_ordered_and_never_overlap(tmp_path: Path, seed: int, effects: str) -> None:
    scale = parse_scale("employees=1500,quarters=16,applications_per_year=600")
    generate(tmp_path, seed=seed, scale=scale, effects=packaged(effects))
    spells = read(tmp_path, "positions").sort("person_id", "valid_from")
    assert spells.filter(pl.col("valid_to") < pl.col("valid_from")).is_empty()
    following = spells.with_columns(
        next_from=pl.col("valid_from").shift(-1).over("person_id")
    ).filter(pl.col("next_from").is_not_null())
    # one spell at a time, and a person who leaves never returns: spells are back to back
    assert following.filter(pl.col("valid_to").is_null()).is_empty()
    gaps = following.select((pl.col("next_from") - pl.col("valid_to")).dt.total_days().unique())
    assert gaps.to_series().to_list() == [1]
    open_spells = spells.filter(pl.col("valid_to").is_null()).get_column("person_id")
    assert open_spells.n_unique() == open_spells.len()


def test_history_is_left_censored(small: Path) -> None:
    positions = read(small, "positions")
    start = SMALL.first_day
    assert positions.get_column("valid_from").min() < start  # type: ignore[operator]
    assert positions.get_column("valid_to").max() < date(2026, 9, 30)  # type: ignore[operator]
    assert positions.get_column("valid_to").null_count() > 0


def test_aggregates_add_up_to_the_total(small: Path) -> None:
    counts = read(small, "aggregates")
    units = (
        counts.filter(pl.col("org_unit") != "totaal")
        .group_by("period_end", "group")
        .agg(pl.col("headcount").sum())
    )
    total = counts.filter(pl.col("org_unit") == "totaal").select("period_end", "group", "headcount")
    assert_frame_equal(units, total, check_row_order=False, check_dtypes=False)
    assert set(counts.get_column("period_end").dt.month()) == {12}


# Planted effects


def test_ground_truth_file_matches_the_returned_object(planted: tuple[Path, GroundTruth]) -> None:
    folder, truth = planted
    document = json.loads((folder / "ground_truth.json").read_text(encoding="utf-8"))
    assert [e["id"] for e in document["effects"]] == [e.effect.effect_id for e in truth.effects]
    for written, realised in zip(document["effects"], truth.effects, strict=True):
        assert written["realised"]["focal"]["selected"] == realised.focal.selected
        assert written["ratio"] == realised.effect.ratio


def test_offer_effect_counts_can_be_recomputed_from_applications(
    planted: tuple[Path, GroundTruth],
) -> None:
    folder, truth = planted
    applications = read(folder, "applications")
    rank = {stage: i for i, stage in enumerate(FUNNEL_STAGES)}
    reached = pl.col("furthest_stage").replace_strict(rank)
    pool = applications.filter(
        (reached > rank["interviewed"])
        | ((reached == rank["interviewed"]) & (pl.col("withdrawn") == "nee"))
    )
    focal = pool.filter(pl.col("origin") == "buiten_europa")
    realised = truth.effect("aanbod_buiten_europa").focal
    assert focal.height == realised.pool
    assert focal.filter(reached >= rank["offered"]).height == realised.selected


def test_promotion_effect_counts_can_be_recomputed_from_positions(
    planted: tuple[Path, GroundTruth],
) -> None:
    folder, truth = planted
    spells = read(folder, "positions").join(read(folder, "persons"), on="person_id")
    starts = pl.date_range(LARGE.first_day, date(2026, 7, 1), "3mo", eager=True).alias("start")
    eve = pl.col("start").dt.offset_by("-1d")  # pool: staff on the eve of the quarter
    pool = (
        spells.join(starts.to_frame(), how="cross")
        .filter(
            (pl.col("valid_from") <= eve)
            & (pl.col("valid_to").is_null() | (pl.col("valid_to") >= eve))
            & (pl.col("ladder_level") == "docent")
            & pl.col("org_unit").is_in(["INST03", "INST11"])
        )
        .select("person_id", "gender", "start")
    )
    promotions = (
        spells.filter(pl.col("ladder_level") == "hoofddocent")
        .group_by("person_id")
        .agg(promoted_on=pl.col("valid_from").min())
    )
    counted = pool.join(promotions, on="person_id", how="left").with_columns(
        selected=pl.col("promoted_on").is_between(
            pl.col("start"), pl.col("start").dt.offset_by("3mo"), closed="left"
        )
    )
    women = counted.filter(pl.col("gender") == "vrouw")
    realised = truth.effect("promotie_vrouwen_docent_hoofddocent").focal
    assert (women.height, int(women.get_column("selected").sum())) == (
        realised.pool,
        realised.selected,
    )


def test_planted_effects_show_in_the_realised_ratios(planted: tuple[Path, GroundTruth]) -> None:
    truth = planted[1]
    assert truth.effect("aanbod_buiten_europa").ratio == pytest.approx(0.75, abs=0.15)
    assert truth.effect("cv_selectie_55plus").ratio == pytest.approx(0.80, abs=0.1)
    promotion = truth.effect("promotie_vrouwen_docent_hoofddocent")
    assert promotion.ratio == pytest.approx(0.70, abs=0.2)
    assert promotion.reference.selected >= 150


def test_null_effects_give_ratios_near_one(null: GroundTruth) -> None:
    assert null.effects_file == NULL
    for realised in null.effects:
        assert realised.effect.ratio == 1.0
        assert realised.ratio == pytest.approx(1.0, abs=0.25), realised.effect.effect_id


def test_packaged_effects_are_valid_and_mirror_each_other() -> None:
    planted, null = load_effects(), load_effects(packaged(NULL))
    assert len(planted) >= 3
    assert {e.process for e in planted} >= {"promotion", "hiring"}
    assert [e.effect_id for e in planted] == [e.effect_id for e in null]


def test_an_effect_with_an_unknown_group_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "effects.toml"
    bad.write_text(
        '[[effects]]\nid = "x"\nprocess = "hiring"\nstage = "offered"\ndimension = "origin"\n'
        'focal_group = "mars"\nreference = ["nederland"]\nratio = 0.5\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="focal_group"):
        load_effects(bad)


# Scales


def test_presets_and_key_value_scales_parse() -> None:
    assert parse_scale("sample") == SCALES["sample"]
    assert parse_scale(" hu ").employees == 3_500
    custom = parse_scale("employees=1000,quarters=12,applications_per_year=4000")
    assert (custom.employees, custom.quarters, custom.institutes) == (1_000, 12, 22)
    assert parse_scale(custom.describe()) == custom
    assert SCALES["hu"].first_day == date(2016, 10, 1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("tiny", "not a known key=value"),
        ("employees=100", "missing quarters, applications_per_year"),
        ("employees=1k,quarters=4,applications_per_year=10", "whole number"),
        ("employees=900,quarters=4,applications_per_year=10,employees=9", "twice"),
        ("employees=900,quarters=4,applications_per_year=10,colour=3", "not a known"),
        ("employees=20,quarters=4,applications_per_year=10", "at least 10 per unit"),
    ],
)
def test_bad_scales_are_refused_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_scale(text)
