"""gelijkekansen.toml, parsed once into frozen, validated settings.

Each setting is read in exactly one place downstream (the minimum cell size only in the privacy
filter); everything else receives this object.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal

from gelijkekansen.contract import CODES, FIXED_DIMENSIONS, PERSON_DIMENSIONS
from gelijkekansen.errors import ConfigError

CONFIG_FILE = "gelijkekansen.toml"
LANGUAGES = ("nl", "en")
REFERENCES = ("largest", "highest", "rest")
"""Reference rules by design (docs/metrics.md#reference-groups); a group name is also allowed."""
EXPORT_DIALECTS = ("csv", "excel-nl")


@dataclass(frozen=True)
class Ladder:
    """Career ladders in ascending order; moving up one is a promotion."""

    teaching: tuple[str, ...] = ("docent", "hoofddocent", "lector")
    support: tuple[str, ...] = ("ondersteunend", "senior_ondersteunend")

    def rank(self, level: str) -> int:
        """Position on its own ladder, 1-based; teaching and support ranks are not compared."""
        for ladder in (self.teaching, self.support):
            if level in ladder:
                return ladder.index(level) + 1
        raise KeyError(level)

    @property
    def levels(self) -> tuple[str, ...]:
        return self.teaching + self.support


@dataclass(frozen=True)
class Target:
    """A share of a group in a population to reach by a date (a streefcijfer)."""

    target_id: str
    population: str
    dimension: str
    group: str
    share: float
    target_date: date
    baseline_date: date | None = None


@dataclass(frozen=True)
class Benchmark:
    """An external reference share (students, labour market) for a group in a population."""

    population: str
    dimension: str
    group: str
    share: float
    source: str


@dataclass(frozen=True)
class WarehouseSettings:
    """Where the DuckDB file lives and what DuckDB may use."""

    path: Path | None = None
    threads: int | None = None
    memory_limit: str | None = None
    temp_directory: Path | None = None
    lock_timeout_seconds: float = 30.0
    keep_deliveries: int = 1
    """Latest deliveries kept whole; older rows a later delivery superseded are pruned."""


@dataclass(frozen=True)
class AnalysisSettings:
    """Choices that shape the comparisons; see docs/metrics.md."""

    alpha: float = 0.05
    reference: str = "largest"
    references: Mapping[str, str] = field(default_factory=dict)
    """Per-dimension reference rules that override ``reference``."""
    reference_min_pool: int = 30
    """``highest`` picks only among groups with at least this pool."""
    signal_min_pool: int = 20
    """A unit's group below four-fifths with at least this pool is a signal to follow up."""
    intersections: tuple[tuple[str, str], ...] = (("gender", "origin"),)
    intersections_by_unit: bool = False
    recent_quarters: int = 4
    continuity_gap_days: int = 1


@dataclass(frozen=True)
class ValidationSettings:
    """Plausibility bounds for the validation gate."""

    max_total_fte: float = 1.2
    min_birth_year: int = 1940
    max_birth_year: int = 2010
    max_headcount_drop: float = 0.2
    earliest_date: date = date(1950, 1, 1)
    max_years_after_period: int = 1
    max_shrink: float = 0.5


@dataclass(frozen=True)
class PrivacySettings:
    """How the privacy filter treats zeros, whole-group outcomes and hidden cells' margins.

    ``min_cell`` stays on ``Config`` (the reports quote it); these are the policy around it.
    """

    zero_is_sensitive: bool = True
    """An outcome of 0 in a non-empty group ("none of 25 promoted") is hidden."""
    empty_group_is_sensitive: bool = True
    """A group of 0 is hidden too. It describes nobody (tau-ARGUS publishes empty cells), but
    published zeros leave the linked relations fewer unknowns, and at hogeschool scale more
    small counts get pinned (docs/configuration.md)."""
    all_selected_is_sensitive: bool = True
    protection_width: int | None = None
    solver_seconds: float = 10.0
    linked_tables: bool = True
    check_chains: bool = True
    """Also check, by LP, the chains through population sums (one window's table across its
    populations) and repair them, so the release passes ``audit-release``; ~4 minutes of filter
    time at HU on two cores (docs/performance.md). Off only where every published figure is
    public already or the release is audited otherwise."""
    restricted_view: bool = True
    """Also write the unsuppressed counts to ``OUT/restricted/`` for the analyst."""
    merge: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    """Per dimension, groups published as one (``analyse.merging``); the restricted view keeps
    them apart."""


@dataclass(frozen=True)
class PaySettings:
    """How pay becomes hourly pay (docs/pay-transparency.md)."""

    annual_hours: float = 1659.0
    """Paid hours of a full-time year under the CAO (1,659 in the CAO hbo): hours = FTE × this,
    used where an export gives FTE instead of paid hours."""


ANNUAL_HOURS_RANGE = (1000.0, 2500.0)
"""Plausible paid hours of a full-time year: a CAO outside this range is a typing error."""


@dataclass(frozen=True)
class Config:
    """The organisation's settings, from gelijkekansen.toml or the built-in defaults."""

    organisation: str = "Hogeschool"
    language: str = "nl"
    min_cell: int = 10
    ladder: Ladder = field(default_factory=Ladder)
    leadership_layers: tuple[str, ...] = ("teamleider", "directeur", "cvb")
    code_maps: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    column_maps: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    warehouse: WarehouseSettings = field(default_factory=WarehouseSettings)
    analysis: AnalysisSettings = field(default_factory=AnalysisSettings)
    validation: ValidationSettings = field(default_factory=ValidationSettings)
    privacy: PrivacySettings = field(default_factory=PrivacySettings)
    pay: PaySettings = field(default_factory=PaySettings)
    targets: tuple[Target, ...] = ()
    benchmarks: tuple[Benchmark, ...] = ()
    export_dialect: Literal["csv", "excel-nl"] = "csv"
    source: Path | None = None
    stored_run: str | None = None
    """The ingest run whose stored copy this is (``None``: read from ``source`` directly)."""

    @property
    def populations(self) -> tuple[str, ...]:
        """Every population the engine reports on (see docs/metrics.md)."""
        return (
            "all_staff",
            "teachers",
            "support",
            "leaders",
            *(f"ladder:{level}" for level in self.ladder.levels),
            *(f"leaders:{layer}" for layer in self.leadership_layers),
        )


def load_config(path: Path | None) -> Config:
    """Read ``path``; ``None`` gives the built-in defaults (a typical hogeschool)."""
    if path is None:
        return Config()
    return parse_config(read_toml(path), source=path)


def warehouse_location(config: Config, *, out: Path, explicit: Path | None = None) -> Path:
    """The warehouse to use: ``--warehouse``, else ``warehouse.path``, else OUT/warehouse.duckdb.

    A settings file may arrive with the data, so it may not send the warehouse (pseudonymous
    personal data) outside the output folder: that has to be said on the command line.
    """
    if explicit is not None:
        return explicit
    configured = config.warehouse.path
    if configured is None:
        return out / "warehouse.duckdb"
    if not configured.resolve().is_relative_to(out.resolve()):
        raise ConfigError(
            f"{config.source or CONFIG_FILE}: warehouse.path {configured} lies outside the output "
            f"folder {out}.",
            hint=f"If that is intended, say so on the command line: --warehouse {configured}.",
        )
    return configured


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML settings file, or a ConfigError naming the file and what is wrong with it."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: file not found.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}).") from exc


def find_config(extraction: Path | None, explicit: Path | None) -> Path | None:
    """The config to use: the one named, else the extraction's own, else none (defaults)."""
    if explicit is not None:
        return explicit
    for folder in (extraction, Path.cwd()):
        if folder is not None and (folder / CONFIG_FILE).is_file():
            return folder / CONFIG_FILE
    return None


def parse_config(raw: Mapping[str, Any], *, source: Path | None = None) -> Config:
    """Validate a parsed TOML document; every error names the offending key.

    A key the engine does not read is an error, not a silent default: ``min_cel = 25`` would
    otherwise leave the minimum cell size at 10. Relative paths are taken from the file's folder.
    """
    where = str(source or CONFIG_FILE)
    reader = _Reader(raw, where)
    defaults = Config()
    ladder = Ladder(
        teaching=reader.strings("ladder.teaching", defaults.ladder.teaching),
        support=reader.strings("ladder.support", defaults.ladder.support),
    )
    leadership_layers = reader.strings("leadership.layers", defaults.leadership_layers)
    config = Config(
        organisation=reader.string("organisation.name", defaults.organisation),
        language=reader.choice("report.language", defaults.language, LANGUAGES),
        min_cell=reader.integer("privacy.min_cell", defaults.min_cell, minimum=1),
        ladder=ladder,
        leadership_layers=leadership_layers,
        code_maps=_code_maps(reader),
        column_maps=reader.nested_strings("columns"),
        labels=reader.nested_strings("labels"),
        warehouse=_warehouse(reader, source.parent if source else None),
        analysis=_analysis(reader),
        validation=_validation(reader),
        privacy=_privacy(reader),
        pay=_pay(reader),
        export_dialect=_dialect(reader.choice("export.dialect", "csv", EXPORT_DIALECTS)),
        source=source,
    )
    config = replace(
        config, targets=_targets(reader, config), benchmarks=_benchmarks(reader, config)
    )
    _refuse_unknown_keys(raw, reader)
    return config


def _refuse_unknown_keys(raw: Mapping[str, Any], reader: _Reader) -> None:
    """Every key in the file must be one the parser read; the nearest known key is suggested."""
    for key in _keys(raw, reader.seen):
        template = _template(key)
        known = sorted({_template(k) for k in reader.seen})
        close = difflib.get_close_matches(template, known, n=1, cutoff=0.6)
        raise ConfigError(
            f"{reader.where}: unknown setting {key}.",
            hint=f"Did you mean {close[0]}?" if close else "See docs/configuration.md for the "
            "settings gelijkekansen reads; remove or correct this one.",
        )


def _keys(node: Mapping[str, Any], seen: set[str], path: str = "") -> Iterator[str]:
    """The dotted keys in ``node`` that no reader asked for (tables read whole are skipped)."""
    for name, value in node.items():
        key = f"{path}{name}"
        if key in seen:
            continue
        if isinstance(value, Mapping):
            yield from _keys(value, seen, f"{key}.")
        elif isinstance(value, list) and all(isinstance(v, Mapping) for v in value):
            for index, item in enumerate(value, start=1):
                yield from _keys(item, seen, f"{key}[{index}].")
        else:
            yield key


def _template(key: str) -> str:
    """``targets[2].share`` and ``targets[1].share`` are the same setting."""
    return re.sub(r"\[\d+\]", "[]", key)


def _benchmarks(reader: _Reader, config: Config) -> tuple[Benchmark, ...]:
    """Benchmarks name a known population and group and a share between 0 and 1."""
    benchmarks = []
    for index, item in enumerate(reader.table_list("benchmarks"), start=1):
        key = f"benchmarks[{index}]"
        item_reader = reader.item(item, f"{key}.")
        benchmark = Benchmark(
            population=item_reader.string("population", ""),
            dimension=item_reader.string("dimension", ""),
            group=item_reader.string("group", ""),
            share=item_reader.number("share", -1.0, minimum=0.0, maximum=1.0),
            source=item_reader.string("source", ""),
        )
        _check_population_group(
            reader, key, config, benchmark.population, benchmark.dimension, benchmark.group
        )
        benchmarks.append(benchmark)
    return tuple(benchmarks)


def _check_population_group(
    reader: _Reader, key: str, config: Config, population: str, dimension: str, group: str
) -> None:
    if population not in config.populations:
        raise ConfigError(
            f"{reader.where}: {key}.population '{population}' is not a known population.",
            hint=f"Known: {', '.join(config.populations)}.",
        )
    if dimension not in FIXED_DIMENSIONS or group not in CODES[dimension]:
        raise ConfigError(
            f"{reader.where}: {key} names dimension '{dimension}' and group '{group}'; "
            "targets and benchmarks are set on a fixed personal attribute and one of its codes.",
            hint=f"Use one of {', '.join(FIXED_DIMENSIONS)}, e.g. gender with vrouw "
            "(an age band changes as people age, so it cannot be projected).",
        )


def _targets(reader: _Reader, config: Config) -> tuple[Target, ...]:
    """Targets must name a known population, dimension and group, and lie in the future."""
    targets = []
    for index, item in enumerate(reader.table_list("targets"), start=1):
        key = f"targets[{index}]"
        item_reader = reader.item(item, f"{key}.")
        target_id = item_reader.string("id", f"target_{index}")
        population = item_reader.string("population", "")
        dimension = item_reader.string("dimension", "")
        group = item_reader.string("group", "")
        share = item_reader.number("share", -1.0)
        _check_population_group(reader, key, config, population, dimension, group)
        if not 0.0 <= share <= 1.0:
            raise ConfigError(
                f"{reader.where}: {key}.share is {share}; a share lies between 0 and 1.",
                hint="Write 50% as 0.5.",
            )
        target_date = item_reader.date("date")
        if target_date <= date.today():
            raise ConfigError(
                f"{reader.where}: {key}.date {target_date} is not in the future.",
                hint="A target is a share to reach by a future date; update or remove it.",
            )
        baseline = item.get("baseline_date")
        targets.append(
            Target(
                target_id=target_id,
                population=population,
                dimension=dimension,
                group=group,
                share=share,
                target_date=target_date,
                baseline_date=item_reader.date("baseline_date") if baseline else None,
            )
        )
    return tuple(targets)


def _code_maps(reader: _Reader) -> dict[str, dict[str, str]]:
    maps = reader.nested_strings("codes")
    for dimension, mapping in maps.items():
        if dimension not in CODES:
            raise ConfigError(
                f"{reader.where}: [codes.{dimension}] maps an unknown code list.",
                hint=f"Known code lists: {', '.join(sorted(CODES))}.",
            )
        # source codes are matched case-insensitively, so 'M' and 'm' must agree
        by_lower: dict[str, str] = {}
        for source_code, code in mapping.items():
            if code not in CODES[dimension]:
                raise ConfigError(
                    f"{reader.where}: [codes.{dimension}] maps '{source_code}' to '{code}', "
                    "which is not a contract code.",
                    hint=f"Allowed: {', '.join(CODES[dimension])}.",
                )
            if by_lower.setdefault(source_code.lower(), code) != code:
                raise ConfigError(
                    f"{reader.where}: [codes.{dimension}] maps '{source_code}' to two codes; "
                    "source codes are compared without regard to case.",
                    hint=f"Keep one mapping for '{source_code.lower()}'.",
                )
    return maps


def _warehouse(reader: _Reader, folder: Path | None) -> WarehouseSettings:
    """Paths in the file are relative to the file's folder, not to wherever the command runs."""
    path = reader.optional_string("warehouse.path")
    temp = reader.optional_string("warehouse.temp_directory")
    threads = reader.optional_integer("warehouse.threads")
    return WarehouseSettings(
        path=_resolve(path, folder),
        threads=threads,
        memory_limit=reader.optional_string("warehouse.memory_limit"),
        temp_directory=_resolve(temp, folder),
        lock_timeout_seconds=reader.number("warehouse.lock_timeout_seconds", 30.0, minimum=0.0),
        keep_deliveries=reader.integer("warehouse.keep_deliveries", 1, minimum=1),
    )


def _dialect(text: str) -> Literal["csv", "excel-nl"]:
    return "excel-nl" if text == "excel-nl" else "csv"


def _resolve(text: str | None, folder: Path | None) -> Path | None:
    if not text:
        return None
    path = Path(text).expanduser()
    return path if path.is_absolute() or folder is None else folder / path


def _analysis(reader: _Reader) -> AnalysisSettings:
    pairs = reader.raw_value("analysis.intersections", [["gender", "origin"]])
    if not isinstance(pairs, list) or not all(
        isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)
        for pair in pairs
    ):
        raise ConfigError(
            f"{reader.where}: analysis.intersections must be a list of pairs of dimensions.",
            hint='For example: intersections = [["gender", "origin"]].',
        )
    return AnalysisSettings(
        alpha=reader.number("analysis.alpha", 0.05, minimum=1e-6, maximum=0.5),
        reference=reader.choice("analysis.reference", "largest", REFERENCES),
        references=_references(reader),
        reference_min_pool=reader.integer("analysis.reference_min_pool", 30, minimum=1),
        signal_min_pool=reader.integer("analysis.signal_min_pool", 20, minimum=1),
        intersections=tuple((a, b) for a, b in pairs),
        intersections_by_unit=reader.boolean("analysis.intersections_by_unit", False),
        recent_quarters=reader.integer("analysis.recent_quarters", 4, minimum=1),
        continuity_gap_days=reader.integer("analysis.continuity_gap_days", 1, minimum=0),
    )


def _references(reader: _Reader) -> dict[str, str]:
    """[analysis.references]: a rule or a group of that dimension, per dimension."""
    raw = reader.raw_value("analysis.references", {})
    if not isinstance(raw, Mapping) or not all(isinstance(v, str) for v in raw.values()):
        raise ConfigError(
            f"{reader.where}: [analysis.references] must map dimensions to a rule or a group.",
            hint='For example: gender = "man", age_band = "highest".',
        )
    for dimension, rule in raw.items():
        parts = dimension.split("×")
        if not all(part in CODES for part in parts):
            raise ConfigError(
                f"{reader.where}: [analysis.references] names an unknown dimension '{dimension}'.",
                hint="Use gender, origin, disability, age_band or an intersection a×b.",
            )
        groups = rule.split("×")
        named = len(groups) == len(parts) and all(
            g in CODES[part] for g, part in zip(groups, parts, strict=True)
        )
        if rule not in REFERENCES and not named:
            raise ConfigError(
                f"{reader.where}: analysis.references.{dimension} is '{rule}'.",
                hint=f"Use one of {', '.join(REFERENCES)} or a group of {dimension}.",
            )
    return {str(k): str(v) for k, v in raw.items()}


def _privacy(reader: _Reader) -> PrivacySettings:
    defaults = PrivacySettings()
    return PrivacySettings(
        zero_is_sensitive=reader.boolean("privacy.zero_is_sensitive", defaults.zero_is_sensitive),
        empty_group_is_sensitive=reader.boolean(
            "privacy.empty_group_is_sensitive", defaults.empty_group_is_sensitive
        ),
        all_selected_is_sensitive=reader.boolean(
            "privacy.all_selected_is_sensitive", defaults.all_selected_is_sensitive
        ),
        protection_width=reader.optional_integer("privacy.protection_width"),
        solver_seconds=reader.number(
            "privacy.solver_seconds", defaults.solver_seconds, minimum=0.1
        ),
        linked_tables=reader.boolean("privacy.linked_tables", defaults.linked_tables),
        check_chains=reader.boolean("privacy.check_chains", defaults.check_chains),
        restricted_view=reader.boolean("privacy.restricted_view", defaults.restricted_view),
        merge=_merges(reader),
    )


def _merges(reader: _Reader) -> dict[str, tuple[tuple[str, ...], ...]]:
    """[privacy.merge]: per dimension, lists of two or more of its groups, each group once."""
    raw = reader.raw_value("privacy.merge", {})
    example = 'For example: gender = [["anders", "onbekend"]], age_band = [["45-54", "55+"]].'
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{reader.where}: [privacy.merge] must be a table.", hint=example)
    merges = {}
    for dimension, groups in raw.items():
        if dimension not in PERSON_DIMENSIONS:
            raise ConfigError(
                f"{reader.where}: [privacy.merge] names an unknown dimension '{dimension}'.",
                hint=f"Use one of {', '.join(PERSON_DIMENSIONS)}. {example}",
            )
        if not isinstance(groups, list) or not all(
            isinstance(g, list) and len(g) >= 2 and all(m in CODES[dimension] for m in g)
            for g in groups
        ):
            raise ConfigError(
                f"{reader.where}: privacy.merge.{dimension} must be lists of two or more of "
                f"its groups ({', '.join(CODES[dimension])}).",
                hint=example,
            )
        members = [m for g in groups for m in g]
        if len(members) != len(set(members)):
            raise ConfigError(
                f"{reader.where}: privacy.merge.{dimension} names a group twice.",
                hint="Each group can be merged into one group only.",
            )
        merges[str(dimension)] = tuple(tuple(str(m) for m in g) for g in groups)
    return merges


def _pay(reader: _Reader) -> PaySettings:
    low, high = ANNUAL_HOURS_RANGE
    hours = reader.raw_value("pay.annual_hours", PaySettings().annual_hours)
    if isinstance(hours, bool) or not isinstance(hours, int | float) or not low <= hours <= high:
        raise ConfigError(
            f"{reader.where}: pay.annual_hours must be a number of hours between {low:,.0f} and "
            f"{high:,.0f}, not {hours!r}.",
            hint="The paid hours of one full-time year under your CAO, e.g. 1659 (CAO hbo).",
        )
    return PaySettings(annual_hours=float(hours))


def _validation(reader: _Reader) -> ValidationSettings:
    defaults = ValidationSettings()
    return ValidationSettings(
        max_total_fte=reader.number(
            "validation.max_total_fte", defaults.max_total_fte, minimum=0.1
        ),
        min_birth_year=reader.integer("validation.min_birth_year", defaults.min_birth_year),
        max_birth_year=reader.integer("validation.max_birth_year", defaults.max_birth_year),
        max_headcount_drop=reader.number(
            "validation.max_headcount_drop", defaults.max_headcount_drop, minimum=0.0, maximum=1.0
        ),
        earliest_date=reader.date("validation.earliest_date", defaults.earliest_date),
        max_years_after_period=reader.integer(
            "validation.max_years_after_period", defaults.max_years_after_period, minimum=0
        ),
        max_shrink=reader.number(
            "validation.max_shrink", defaults.max_shrink, minimum=0.0, maximum=1.0
        ),
    )


class _Reader:
    """Typed access to dotted keys with errors that name the key and the file."""

    def __init__(
        self, raw: Mapping[str, Any], where: str, prefix: str = "", seen: set[str] | None = None
    ) -> None:
        self.raw = raw
        self.where = where
        self.prefix = prefix
        self.seen: set[str] = set() if seen is None else seen

    def item(self, raw: Mapping[str, Any], prefix: str) -> _Reader:
        """A reader for one table of an array of tables, sharing the record of keys read."""
        return _Reader(raw, self.where, prefix=prefix, seen=self.seen)

    def raw_value(self, key: str, default: Any) -> Any:
        self.seen.add(f"{self.prefix}{key}")
        return self._lookup(key, default)

    def _lookup(self, key: str, default: Any) -> Any:
        node: Any = self.raw
        for part in key.split("."):
            if not isinstance(node, Mapping) or part not in node:
                return default
            node = node[part]
        return node

    def _fail(self, key: str, expected: str) -> ConfigError:
        return ConfigError(f"{self.where}: {self.prefix}{key} must be {expected}.")

    def string(self, key: str, default: str) -> str:
        value = self.raw_value(key, default)
        if not isinstance(value, str) or not value:
            raise self._fail(key, "a non-empty text")
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self.raw_value(key, default)
        if not isinstance(value, bool):
            raise self._fail(key, "true or false")
        return value

    def optional_string(self, key: str) -> str | None:
        value = self.raw_value(key, None)
        return None if value is None else self.string(key, "")

    def choice(self, key: str, default: str, allowed: tuple[str, ...]) -> str:
        value = self.string(key, default)
        if value not in allowed:
            raise self._fail(key, "one of " + ", ".join(allowed))
        return value

    def integer(self, key: str, default: int, *, minimum: int | None = None) -> int:
        value = self.raw_value(key, default)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self._fail(key, "a whole number")
        if minimum is not None and value < minimum:
            raise self._fail(key, f"at least {minimum}")
        return value

    def optional_integer(self, key: str) -> int | None:
        value = self.raw_value(key, None)
        return None if value is None else self.integer(key, 0, minimum=1)

    def number(
        self,
        key: str,
        default: float,
        *,
        minimum: float | None = None,
        maximum: float | None = None,
    ) -> float:
        value = self.raw_value(key, default)
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise self._fail(key, "a number")
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            raise self._fail(key, f"between {minimum} and {maximum}")
        return float(value)

    def strings(self, key: str, default: tuple[str, ...]) -> tuple[str, ...]:
        value = self.raw_value(key, list(default))
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise self._fail(key, "a non-empty list of texts")
        if len(set(value)) != len(value):
            raise self._fail(key, "a list without repeats")
        return tuple(value)

    def nested_strings(self, key: str) -> dict[str, dict[str, str]]:
        value = self.raw_value(key, {})
        if not isinstance(value, Mapping) or not all(
            isinstance(inner, Mapping) and all(isinstance(v, str) for v in inner.values())
            for inner in value.values()
        ):
            raise self._fail(key, 'tables of text values, e.g. [codes.gender] V = "vrouw"')
        return {name: {str(k): str(v) for k, v in inner.items()} for name, inner in value.items()}

    def date(self, key: str, default: date | None = None) -> date:
        value = self.raw_value(key, default)
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise self._fail(key, "a date such as 2028-12-31")

    def table_list(self, key: str) -> list[Mapping[str, Any]]:
        value = self._lookup(key, [])
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            raise self._fail(key, "an array of tables ([[targets]])")
        return value
