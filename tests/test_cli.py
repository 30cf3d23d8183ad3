"""The command line as an analyst uses it: exit codes, messages, no tracebacks."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import gelijkekansen as gk
from gelijkekansen.cli import app
from gelijkekansen.warehouse.runlog import list_runs

SAMPLE = Path(__file__).parents[1] / "data" / "synthetic" / "sample"
runner = CliRunner()


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_synth_twice_with_the_same_seed_writes_identical_bytes(tmp_path: Path) -> None:
    for name in ("a", "b"):
        result = runner.invoke(
            app, ["synth", "--out", str(tmp_path / name), "--scale", "sample", "--seed", "7"]
        )
        assert result.exit_code == 0, result.output
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")


def test_the_committed_sample_is_what_synth_writes(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["synth", "--out", str(tmp_path / "s"), "--scale", "sample", "--seed", "42"]
    )
    assert result.exit_code == 0, result.output
    assert tree_digest(tmp_path / "s") == tree_digest(SAMPLE)


def test_ingest_then_runs_shows_the_load_and_the_no_op(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for _ in range(2):
        result = runner.invoke(app, ["ingest", str(SAMPLE), "--out", str(out)])
        assert result.exit_code == 0, result.output
    assert "no-op" in result.output
    listing = runner.invoke(app, ["runs", "--out", str(out)])
    assert listing.exit_code == 0
    assert "loaded" in listing.output and "no-op" in listing.output
    runs = list_runs(out / "warehouse.duckdb")
    assert [row[3] for row in runs] == ["loaded", "no-op"]
    assert "persons.csv" in str(runs[0][5])


@pytest.fixture
def bad_extraction(tmp_path: Path) -> Path:
    """The sample with a BSN column, a dangling vacancy id and an impossible funnel."""
    folder = tmp_path / "bad"
    shutil.copytree(SAMPLE, folder)
    persons = (folder / "persons.csv").read_text().splitlines()
    persons = [persons[0] + ",bsn"] + [line + ",111222333" for line in persons[1:]]
    (folder / "persons.csv").write_text("\n".join(persons) + "\n")
    applications = (folder / "applications.csv").read_text().splitlines()
    first = applications[1].split(",")
    dangling = [*first]
    dangling[0], dangling[1] = "V999999", "C999999999"
    impossible = [*applications[2].split(",")]
    impossible[4], impossible[12] = "interviewed", "2026-01-15"  # hired_on without an offer
    applications[2] = ",".join(impossible)
    applications.append(",".join(dangling))
    (folder / "applications.csv").write_text("\n".join(applications) + "\n")
    return folder


def test_a_bad_extraction_is_refused_with_clear_messages_and_nothing_changes(
    tmp_path: Path, bad_extraction: Path
) -> None:
    out = tmp_path / "out"
    assert runner.invoke(app, ["ingest", str(SAMPLE), "--out", str(out)]).exit_code == 0
    warehouse = out / "warehouse.duckdb"
    before = hashlib.sha256(warehouse.read_bytes()).hexdigest()

    refused = runner.invoke(app, ["ingest", str(bad_extraction), "--out", str(out)])
    assert refused.exit_code == 3
    assert "persons.csv, column bsn" in refused.output
    assert "111222333" not in refused.output
    assert "Traceback" not in refused.output

    persons = (bad_extraction / "persons.csv").read_text().splitlines()
    (bad_extraction / "persons.csv").write_text(
        "\n".join(line.rsplit(",", 1)[0] for line in persons) + "\n"
    )
    refused = runner.invoke(app, ["ingest", str(bad_extraction), "--out", str(out)])
    assert refused.exit_code == 4
    message = " ".join(refused.output.split())
    assert "applications.csv" in message and "column vacancy_id" in message
    assert "hired_on" in message
    assert "Traceback" not in refused.output
    assert hashlib.sha256(warehouse.read_bytes()).hexdigest() == before


def test_validate_prints_the_counts_of_the_report_it_writes(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(SAMPLE), "--out", str(tmp_path / "cli")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "cli" / "validation" / "validation.md").is_file()
    assert not (tmp_path / "cli" / "warehouse.duckdb").exists()
    report = gk.validate(
        SAMPLE, config=gk.load_config(None), report_dir=tmp_path / "lib"
    ).validation
    assert report is not None
    printed = {
        cells[0]: cells[1:]
        for line in result.output.splitlines()
        if len(cells := [c.strip() for c in line.split("│") if c.strip()]) == 5
    }
    for table, counts in report.summary().items():
        numbers = (counts.passed, counts.warnings, counts.blocking, counts.skipped)
        assert printed[table] == [str(n) for n in numbers], table


def test_compare_reads_counts_and_writes_the_comparison_columns(tmp_path: Path) -> None:
    counts = tmp_path / "counts.csv"
    counts.write_text("group,pool,selected\nman,100,45\nvrouw,100,36\n")
    result = runner.invoke(app, ["compare", str(counts)])
    assert result.exit_code == 0, result.output
    header, *rows = result.output.splitlines()
    assert header.startswith("stratum,dimension,group,reference_group,pool,selected,rate")
    vrouw = next(row for row in rows if ",vrouw," in row).split(",")
    assert vrouw[header.split(",").index("impact_ratio")] == "0.800000"
    assert vrouw[header.split(",").index("below_four_fifths")] == "false"


def test_compare_honours_the_organisations_minimum_cell_size(tmp_path: Path) -> None:
    counts = tmp_path / "counts.csv"
    counts.write_text("group,pool,selected\nman,100,45\nvrouw,100,36\n")
    config = tmp_path / "gelijkekansen.toml"
    config.write_text("[privacy]\nmin_cell = 40\n")

    def published_selected(*options: str) -> str:
        result = runner.invoke(app, ["compare", str(counts), *options])
        assert result.exit_code == 0, result.output
        header, *rows = result.output.splitlines()
        vrouw = next(row for row in rows if ",vrouw," in row).split(",")
        return vrouw[header.split(",").index("selected")]

    assert published_selected() == "36"
    assert published_selected("--config", str(config)) == ""  # 36 < 40: hidden
    assert published_selected("--config", str(config), "--min-cell", "5") == "36"


def test_compare_names_the_row_and_column_of_a_bad_count(tmp_path: Path) -> None:
    counts = tmp_path / "counts.csv"
    counts.write_text("group,pool,selected\nman,100,45\nvrouw,honderd,36\n")
    result = runner.invoke(app, ["compare", str(counts)])
    assert result.exit_code == 2
    assert "counts.csv, row 2, column pool" in " ".join(result.output.split())


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["analyse"], "no warehouse to analyse"),
        (["runs"], "no warehouse yet"),
        (["ingest", "does-not-exist"], "does-not-exist: is not a folder"),
    ],
)
def test_steps_in_the_wrong_order_say_what_to_do(
    tmp_path: Path, arguments: list[str], message: str
) -> None:
    result = runner.invoke(app, [*arguments, "--out", str(tmp_path / "out")])
    assert result.exit_code != 0
    assert message in " ".join(result.output.split())
    assert "Traceback" not in result.output
