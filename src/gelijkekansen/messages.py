"""Every user-facing label and verdict in Dutch and English, in one table.

Reports and the CLI look words up here instead of spreading language choices through the code.
Organisations can override any entry under [labels.nl] / [labels.en] in gelijkekansen.toml.
"""

from __future__ import annotations

from collections.abc import Mapping

from gelijkekansen.contract import MERGED

REPORT_TEXTS: dict[str, tuple[str, str]] = {
    # words used in tables and charts
    "suppressed_short": ("onderdrukt", "suppressed"),
    "r.hidden.primary": ("onderdrukt (<\u00a0{min_cell})", "suppressed (<\u00a0{min_cell})"),
    "r.hidden.secondary": ("onderdrukt (ter bescherming)", "suppressed (to protect others)"),
    "r.not_published": ("niet gepubliceerd", "not published"),
    "r.mon.layers_organisation_only": (
        "De afzonderlijke lagen worden alleen voor de hele organisatie gepubliceerd: per "
        "eenheid zijn ze zo klein dat ze elkaar zouden verraden. Hieronder staan de "
        "leidinggevenden van deze eenheid samen.",
        "The separate layers are published for the whole organisation only: per unit they are "
        "so small that they would give each other away. Below are this unit's leaders "
        "together.",
    ),
    "ladder": ("niveau", "level"),
    "col.pool": ("aantal (n)", "number (n)"),
    "col.selected": ("geselecteerd", "selected"),
    "col.headcount": ("personen", "persons"),
    "col.population": ("populatie (n)", "population (n)"),
    "ser.men": ("mannen (n)", "men (n)"),
    "ser.women": ("vrouwen (n)", "women (n)"),
    "ser.other": ("anders (n)", "other (n)"),
    "ser.unknown": ("onbekend (n)", "unknown (n)"),
    "ser.total": ("totaal (n)", "total (n)"),
    "r.col.group": ("groep", "group"),
    "r.col.rate": ("percentage (95%-BI)", "rate (95% CI)"),
    "r.col.ir": ("impact ratio (95%-BI)", "impact ratio (95% CI)"),
    "r.col.q": ("BH q (Fisher)", "BH q (Fisher)"),
    "r.col.verdict": ("oordeel", "verdict"),
    "r.col.where": ("vergelijking", "comparison"),
    "r.col.reference": ("referentie", "reference"),
    "r.col.ci": ("95%-BI", "95% CI"),
    "r.axis.share": ("aandeel", "share"),
    "r.axis.rate": ("percentage geselecteerd", "selection rate"),
    "r.axis.period": ("periode", "period"),
    "r.axis.population": ("populatie", "population"),
    "r.axis.scale": ("{title} (as: 0–{top})", "{title} (axis: 0–{top})"),
    # title block
    "r.equity.title": ("Kwartaalrapportage gelijke kansen", "Quarterly equity report"),
    "r.monitor.title": (
        "Monitor leidinggevenden en docenten", "Leaders and teachers monitor"
    ),
    "r.subtitle": ("{organisation} · {unit} · {period}", "{organisation} · {unit} · {period}"),
    "r.organisation_wide": ("hele organisatie", "whole organisation"),
    # alt texts
    "r.alt.trend": (
        "Lijndiagram. {what}, van {start} tot {end}. Laatste stand: {latest}.",
        "Line chart. {what}, from {start} to {end}. Latest: {latest}.",
    ),
    "r.alt.rates": (
        "Staafdiagram met 95%-betrouwbaarheidsintervallen. {what}. Gesignaleerde verschillen: "
        "{count}.",
        "Bar chart with 95% confidence intervals. {what}. Flagged differences: {count}.",
    ),
    "r.alt.units": (
        "Staafdiagram. {what}. {units} eenheden; {hidden} waarden onderdrukt.",
        "Bar chart. {what}. {units} units; {hidden} values suppressed.",
    ),
    "r.alt.targets": (
        "Lijndiagrammen per streefcijfer met het streefcijfer als stippellijn en de "
        "projectie op de streefdatum. {what}. Status:",
        "Line charts per target with the target as a dashed line and the projection at the "
        "target date. {what}. Status:",
    ),
    "r.alt.glass": (
        "Staafdiagram van de glazen-plafondindex, {steps} stappen. {what}.",
        "Bar chart of the glass ceiling index, {steps} steps. {what}.",
    ),
    # data quality
    "r.quality.heading": ("Datakwaliteit", "Data quality"),
    "r.quality.intro": (
        "Elke levering gaat door een validatiepoort voordat hij in het datawarehouse komt. "
        "Blokkerende fouten houden een levering tegen; waarschuwingen worden gemeld en de "
        "betreffende regels apart gezet.",
        "Every delivery passes a validation gate before it enters the warehouse. Blocking "
        "failures stop a delivery; warnings are reported and the rows concerned set aside.",
    ),
    "r.quality.none": (
        "Voor deze uitvoer zijn geen validatieresultaten vastgelegd.",
        "No validation results were recorded for this output.",
    ),
    "r.quality.table": ("tabel", "table"),
    "r.quality.checks": ("controles", "checks"),
    "r.quality.passed": ("geslaagd", "passed"),
    "r.quality.warnings": ("waarschuwingen", "warnings"),
    "r.quality.blocking": ("blokkerend", "blocking"),
    "r.quality.caption": (
        "Uitkomst van de validatie van de laatste levering (run {run})",
        "Outcome of the validation of the latest delivery (run {run})",
    ),
    "r.quality.all_passed": ("Alle controles zijn geslaagd.", "All checks passed."),
    "r.quality.failed": ("Niet geslaagde controles:", "Checks that failed:"),
    "r.quality.rows": ("{rows} regels", "{rows} rows"),
    # methodology
    "r.method.heading": ("Methode en privacy", "Method and privacy"),
    "r.method.windows": (
        "Vergelijkingen gaan over de laatste vier kwartalen samen (een voortschrijdend jaar), "
        "omdat één kwartaal meestal te weinig mensen telt.",
        "Comparisons cover the last four quarters together (a rolling year), because a single "
        "quarter usually counts too few people.",
    ),
    "r.method.rates": (
        "Een percentage is het aantal geselecteerden gedeeld door het aantal in de pool, met een "
        "95%-betrouwbaarheidsinterval volgens Wilson. Elke fase van de werving telt ten opzichte "
        "van de vorige fase; 'sollicitatie → aangenomen' is de hele trechter. Kandidaten die zich "
        "terugtrokken tellen niet als afgewezen.",
        "A rate is the number selected divided by the number in the pool, with a Wilson 95% "
        "confidence interval. Each hiring stage is counted relative to the previous one; "
        "'applied → hired' is the whole funnel. Candidates who withdrew are not counted as "
        "rejected.",
    ),
    "r.method.reference": (
        "Elke groep wordt vergeleken met {reference}; de impact ratio is het percentage van de "
        "groep gedeeld door dat van de referentie, met een interval volgens Katz.",
        "Each group is compared with {reference}; the impact ratio is the group's rate divided "
        "by the reference's, with a Katz interval.",
    ),
    "r.method.reference.highest": (
        "de groep met het hoogste percentage onder de groepen van voldoende omvang (niet de "
        "groep 'onbekend')",
        "the group with the highest rate among groups of sufficient size (never the 'unknown' "
        "group)",
    ),
    "r.method.reference.largest": (
        "de grootste groep (niet de groep 'onbekend')",
        "the largest group (never the 'unknown' group)",
    ),
    "r.method.reference.rest": (
        "alle anderen in dezelfde populatie", "everyone else in the same population"
    ),
    "r.method.fisher": (
        "De exacte toets van Fisher (tweezijdig, conventie van SciPy) bepaalt het oordeel; de "
        "z-toets voor twee proporties staat in de gepubliceerde tabellen ter vergelijking, maar "
        "beslist niet.",
        "Fisher's exact test (two-sided, SciPy's convention) drives the verdict; the pooled "
        "two-proportion z-test is in the published tables for comparison but does not decide.",
    ),
    "r.method.bh": (
        "Omdat er veel vergelijkingen tegelijk zijn, zijn de p-waarden gecorrigeerd met "
        "Benjamini–Hochberg over alle vergelijkingen van de run (q-waarden); significant "
        "betekent q < {alpha}.",
        "Because many comparisons are made at once, p-values are adjusted with "
        "Benjamini–Hochberg over all comparisons of the run (q-values); significant means "
        "q < {alpha}.",
    ),
    "r.method.four_fifths": (
        "Vier-vijfderegel: een groep wordt gesignaleerd als de impact ratio strikt kleiner is "
        "dan 4/5, exact berekend met gehele getallen (5·x₁·n₂ < 4·x₂·n₁), zodat afronding geen "
        "rol speelt.",
        "Four-fifths rule: a group is flagged when its impact ratio is strictly below 4/5, "
        "decided exactly in integers (5·x₁·n₂ < 4·x₂·n₁), so rounding plays no part.",
    ),
    "r.method.too_few": (
        "Te weinig om iets te zeggen: als de aantallen zo klein zijn dat zelfs een impact ratio "
        "onder 4/5 met 80% onderscheidend vermogen niet te zien zou zijn, zeggen we dat in "
        "plaats van 'geen verschil'.",
        "Too few to tell: when numbers are so small that even an impact ratio below 4/5 could "
        "not be detected with 80% power, the report says so instead of 'no disparity'.",
    ),
    "r.method.exits": (
        "Bij uitstroom is vertrekken de ongunstige uitkomst: het percentage is het "
        "uitstroompercentage en de impact ratio vergelijkt uitstroom; boven 1 (vanaf 5/4) is "
        "een achterstand.",
        "For exits, leaving is the unfavourable outcome: the rate is the exit rate and the "
        "impact ratio compares exits; above 1 (from 5/4) is a disadvantage.",
    ),
    "r.method.min_cell": (
        "Minimale celgrootte: geen aantal onder {min_cell} wordt getoond, ook niet als verschil "
        "(bijvoorbeeld sollicitanten min aangenomenen). Zo'n groep staat er als 'onderdrukt "
        "(<\u00a0{min_cell})', nooit als nul of als lege staaf.",
        "Minimum cell size: no count below {min_cell} is shown, not even as a difference (for "
        "example applicants minus those hired). Such a group appears as 'suppressed "
        "(<\u00a0{min_cell})', never as zero or as an empty bar.",
    ),
    "r.method.complementary": (
        "Onderdrukking ter bescherming: waar een kleine groep uit totalen of uit de andere "
        "groepen terug te rekenen zou zijn, wordt ook een andere groep verborgen, soms een grote. "
        "Die staat er als 'onderdrukt (ter bescherming)': hij is niet klein, hij beschermt een "
        "kleine.",
        "Protective suppression: where a small group could be computed back from totals or from "
        "the other groups, another group is hidden as well, sometimes a large one. It appears as "
        "'suppressed (to protect others)': it is not small, it protects a small one.",
    ),
    "r.method.merged": (
        "Kleine groepen zijn voor publicatie samengevoegd, zodat een kleine groep geen grote "
        "meeneemt in de onderdrukking: {merges}. Elke samengevoegde groep telt als één groep "
        "in alle tabellen en vergelijkingen.",
        "Small groups are merged for publication, so a small group does not take a large one "
        "down with it: {merges}. Each merged group counts as one group in every table and "
        "comparison.",
    ),
    "r.method.unknown": (
        "'Onbekend' is een groep als alle andere: nooit ingevuld of weggelaten. Dit rapport "
        "leest alleen gepubliceerde, privacygefilterde tabellen; het bevat geen gegevens over "
        "personen.",
        "'Unknown' is a group like any other: never imputed or dropped. This report reads only "
        "published, privacy-filtered tables; it holds no data about individuals.",
    ),
    # run manifest
    "r.manifest.heading": ("Verantwoording", "Run manifest"),
    "r.manifest.intro": (
        "Elk cijfer in dit rapport is terug te voeren op de bestanden, instellingen en runs "
        "hieronder (SHA-256 van elk bestand).",
        "Every figure in this report traces back to the files, settings and runs below "
        "(SHA-256 of each file).",
    ),
    "r.manifest.defaults": ("ingebouwde standaardinstellingen", "built-in defaults"),
    "r.manifest.config": ("Instellingen", "Configuration"),
    "r.manifest.stored": (
        "opgeslagen in het datawarehouse bij inlezen (run {run}), uit {source}",
        "stored in the warehouse at ingest (run {run}), from {source}",
    ),
    "r.manifest.version": ("versie", "version"),
    "r.manifest.warehouse": ("Datawarehouse", "Warehouse"),
    "r.manifest.run": ("run", "run"),
    "r.manifest.command": ("stap", "command"),
    "r.manifest.period": ("periode", "period"),
    "r.manifest.status": ("status", "status"),
    "r.manifest.finished": ("afgerond", "finished"),
    "r.manifest.runs": ("Runs in het datawarehouse", "Runs in the warehouse"),
    "r.manifest.files": ("Ingelezen bestanden", "Files read"),
    "r.manifest.file": ("bestand", "file"),
    "r.manifest.rows": ("regels", "rows"),
    "r.manifest.sha256": ("SHA-256", "SHA-256"),
    # quarterly equity report
    "r.eq.summary": ("Samenvatting", "Summary"),
    "r.eq.summary_intro": (
        "Deze samenvatting gaat over de vier kwartalen van {start} tot en met {end}. Een "
        "signalering is een aanleiding om verder te kijken, geen oordeel over personen of "
        "teams.",
        "This summary covers the four quarters from {start} to {end}. A flag is a reason to "
        "look further, not a judgement of people or teams.",
    ),
    "r.eq.changed": ("Wat is er veranderd sinds vorig kwartaal", "What changed since last quarter"),
    "r.eq.changed_counts": (
        "Nu gesignaleerd: {now} vergelijkingen; in het jaar tot en met {previous}: {before}. "
        "Nieuw gesignaleerd: {new}; niet meer gesignaleerd: {gone}.",
        "Flagged now: {now} comparisons; in the year to {previous}: {before}. Newly flagged: "
        "{new}; no longer flagged: {gone}.",
    ),
    "r.eq.headline": (
        "Medewerkers: {staff} (vorig kwartaal {staff_before}); aandeel vrouwen {women} "
        "(vorig kwartaal {women_before}).",
        "Staff: {staff} (previous quarter {staff_before}); share of women {women} (previous "
        "quarter {women_before}).",
    ),
    "r.eq.new_flag": ("nieuw", "new"),
    "r.eq.gone_flag": ("niet meer", "no longer"),
    "r.eq.ir": ("impact ratio", "impact ratio"),
    "r.eq.ir_exit": ("impact ratio op uitstroom", "impact ratio on exits"),
    "r.eq.too_small": ("Te klein om iets over te zeggen", "Too small to tell"),
    "r.eq.too_small_intro": (
        "Bij kleine aantallen kan het rapport geen verschil aantonen of uitsluiten. Groepen met "
        "minder dan {min_cell} personen zijn onderdrukt, en soms ook een grotere groep, zodat "
        "een kleine groep niet uit de andere terug te rekenen is (zie Methode en privacy).",
        "With small numbers the report can neither show nor rule out a difference. Groups of "
        "fewer than {min_cell} people are suppressed, and sometimes a larger group too, so that "
        "a small group cannot be computed back from the others (see Method and privacy).",
    ),
    "r.eq.too_small_caption": (
        "Aantal vergeleken groepen per proces, laatste vier kwartalen",
        "Number of compared groups per process, last four quarters",
    ),
    "r.eq.process": ("proces", "process"),
    "r.eq.groups": ("groepen", "groups"),
    "r.eq.flagged": ("gesignaleerd", "flagged"),
    "r.eq.funnel": ("Werving per fase", "Hiring by stage"),
    "r.eq.flagged_heading": ("Gesignaleerde vergelijkingen", "Flagged comparisons"),
    "r.eq.flagged_intro": (
        "{count} gesignaleerde vergelijkingen: elke groep met een duidelijke achterstand of een "
        "groot verschil dat nog niet zeker is, en binnen eenheden elk signaal om op te volgen; "
        "over alle jaren samen en over de laatste vier kwartalen, op elk kenmerk.",
        "{count} flagged comparisons: every group with a clear disparity or a large difference "
        "not yet certain, and within units every signal to follow up; over all years together "
        "and over the last four quarters, on every dimension.",
    ),
    "r.eq.flagged_none": (
        "Geen enkele vergelijking is gesignaleerd, over alle jaren samen noch over de laatste "
        "vier kwartalen.",
        "No comparison is flagged, over all years together nor over the last four quarters.",
    ),
    "r.eq.flagged_caption": (
        "{process}: gesignaleerde vergelijkingen, {unit}",
        "{process}: flagged comparisons, {unit}",
    ),
    "r.eq.flagged_units_caption": (
        "{process}: gesignaleerde vergelijkingen binnen eenheden",
        "{process}: flagged comparisons within units",
    ),
    "r.eq.flagged_legend": (
        "{clear_large_difference}: duidelijk en onder vier-vijfde van de referentie; "
        "{clear_small_difference}: duidelijk, maar klein; {large_difference_not_certain}: onder "
        "vier-vijfde, maar (nog) niet significant; {follow_up_signal}: binnen een eenheid onder "
        "vier-vijfde van de referentie of van de groep met het hoogste percentage (dan staat "
        "die impact ratio erbij).",
        "{clear_large_difference}: certain and below four-fifths of the reference; "
        "{clear_small_difference}: certain, but small; {large_difference_not_certain}: below "
        "four-fifths, but not (yet) significant; {follow_up_signal}: within a unit, below "
        "four-fifths of the reference or of the group with the highest rate (that impact ratio "
        "is then added).",
    ),
    "r.short.clear_large_difference": ("grote achterstand", "large disparity"),
    "r.short.clear_small_difference": ("kleine achterstand", "small disparity"),
    "r.short.large_difference_not_certain": ("groot, nog niet zeker", "large, not yet certain"),
    "r.short.clear_negligible_difference": ("verwaarloosbaar", "negligible"),
    "r.short.clear_advantage": ("voorsprong", "advantage"),
    "r.short.no_evidence": ("geen aanwijzing", "no evidence"),
    "r.short.too_few_to_tell": ("te weinig", "too few"),
    "r.short.follow_up_signal": ("signaal", "signal"),
    "r.short.reference": ("referentie", "reference"),
    "r.eq.vs_highest": ("{ratio} t.o.v. {group}", "{ratio} against {group}"),
    "r.eq.funnel_intro": (
        "Per fase het percentage kandidaten dat de volgende fase bereikt, voor alle kandidaten "
        "(intern en extern samen).",
        "Per stage the share of candidates who reach the next stage, for all candidates "
        "(internal and external together).",
    ),
    "r.eq.funnel_caption": (
        "Wervingstrechter per fase en {dimension}, laatste vier kwartalen",
        "Hiring funnel by stage and {dimension}, last four quarters",
    ),
    "r.eq.internal_external_caption": (
        "Sollicitatie → aangenomen naar gender, interne en externe kandidaten apart en samen",
        "Applied → hired by gender, internal and external candidates separately and together",
    ),
    "r.eq.careers": ("Promotie, mobiliteit en uitstroom", "Promotion, mobility and exits"),
    "r.eq.careers_intro": (
        "Percentage van alle medewerkers dat in het jaar promotie maakte, intern van functie of "
        "eenheid wisselde, leidinggevende werd of vertrok. Bij uitstroom vergelijkt de impact "
        "ratio het behoud.",
        "Share of all staff who in the year were promoted, moved internally, entered "
        "leadership or left. For exits the impact ratio compares retention.",
    ),
    "r.eq.careers_caption": (
        "Promotie, mobiliteit en uitstroom naar {dimension}, laatste vier kwartalen",
        "Promotion, mobility and exits by {dimension}, last four quarters",
    ),
    "r.eq.hidden_groups": (
        "Overal onderdrukt en daarom niet getekend: {groups}.",
        "Suppressed throughout and therefore not drawn: {groups}.",
    ),
    "r.eq.intersections": ("Gender en herkomst samen", "Gender and origin together"),
    "r.eq.intersections_intro": (
        "Combinaties van gender en herkomst kunnen een verschil laten zien dat in elk kenmerk "
        "apart verdwijnt. Veel combinaties zijn klein en daarom onderdrukt.",
        "Combinations of gender and origin can show a difference that disappears in each "
        "dimension on its own. Many combinations are small and therefore suppressed.",
    ),
    "r.eq.intersections_unit": (
        "Combinaties worden alleen voor de hele organisatie berekend.",
        "Combinations are computed for the whole organisation only.",
    ),
    "r.eq.intersections_caption": (
        "Aangenomen (hele trechter) en promotie naar gender × herkomst, laatste vier kwartalen",
        "Hired (whole funnel) and promotion by gender × origin, last four quarters",
    ),
    "r.eq.representation": ("Samenstelling door de tijd", "Representation over time"),
    "r.eq.representation_intro": (
        "Aandeel van elke groep onder alle medewerkers aan het eind van elk jaar en in het "
        "laatste kwartaal.",
        "Share of each group among all staff at each year end and in the latest quarter.",
    ),
    "r.eq.representation_caption": (
        "Alle medewerkers naar {dimension}", "All staff by {dimension}"
    ),
    # leaders and teachers monitor
    "r.mon.summary": ("Samenvatting", "Summary"),
    "r.mon.summary_intro": (
        "Stand per {period}, met het aandeel vrouwen en de status van elk streefcijfer.",
        "Position at {period}, with the share of women and the status of every target.",
    ),
    "r.mon.women_share": ("aandeel vrouwen {share}", "share of women {share}"),
    "r.mon.leaders": ("Leidinggevenden per laag", "Leaders per layer"),
    "r.mon.leaders_intro": (
        "Samenstelling van elke leidinggevende laag over de hele geschiedenis.",
        "Composition of each leadership layer over the full history.",
    ),
    "r.mon.leaders_caption": (
        "Leidinggevenden per laag naar {dimension}", "Leaders per layer by {dimension}"
    ),
    "r.mon.teachers": ("Docenten per niveau", "Teachers per level"),
    "r.mon.teachers_intro": (
        "Samenstelling van elk niveau van de docentenladder over de hele geschiedenis.",
        "Composition of each level of the teaching ladder over the full history.",
    ),
    "r.mon.teachers_caption": (
        "Docenten per niveau naar {dimension}", "Teachers per level by {dimension}"
    ),
    "r.mon.units": ("Per instituut en dienst", "Per institute and service"),
    "r.mon.units_intro": (
        "Aandeel vrouwen onder docenten en leidinggevenden per eenheid. Kleine eenheden zijn "
        "onderdrukt, en soms een grotere ter bescherming van een kleine; de stippellijn staat "
        "op 50%.",
        "Share of women among teachers and leaders per unit. Small units are suppressed, and "
        "sometimes a larger one to protect a small one; the dashed line marks 50%.",
    ),
    "r.mon.units_caption": (
        "Aandeel vrouwen per eenheid, {period}", "Share of women per unit, {period}"
    ),
    "r.mon.unit": ("eenheid", "unit"),
    "r.mon.women_axis": ("aandeel vrouwen", "share of women"),
    "r.mon.targets": ("Streefcijfers", "Targets"),
    "r.mon.targets_intro": (
        "Per streefcijfer: het aandeel tot nu toe, de projectie op de streefdatum met een "
        "95%-band (uit de waargenomen in-, door- en uitstroom) en de status.",
        "Per target: the share so far, the projection at the target date with a 95% band (from "
        "observed hires, promotions and exits) and the status.",
    ),
    "r.mon.no_targets": (
        "Er zijn geen streefcijfers ingesteld.", "No targets are configured."
    ),
    "r.mon.targets_caption": (
        "Streefcijfers: aandeel door de tijd en projectie op de streefdatum",
        "Targets: share over time and projection at the target date",
    ),
    "r.mon.target": ("streefcijfer", "target"),
    "r.mon.targets_table": (
        "Streefcijfers met projectie en status", "Targets with projection and status"
    ),
    "r.mon.tcol.target": ("streefcijfer", "target"),
    "r.mon.tcol.goal": ("doel (jaar)", "goal (year)"),
    "r.mon.tcol.now": ("nu (95%-BI)", "now (95% CI)"),
    "r.mon.tcol.gap": ("tekort in personen", "gap in persons"),
    "r.mon.tcol.projected": ("projectie (95%-band)", "projected (95% band)"),
    "r.mon.tcol.p_reach": ("kans gehaald", "chance reached"),
    "r.mon.tcol.inflow": ("nodig aandeel instroom", "inflow share needed"),
    "r.mon.tcol.status": ("status", "status"),
    "r.mon.glass": ("Glazen plafond", "Glass ceiling"),
    "r.mon.glass_intro": (
        "De glazen-plafondindex is het aandeel vrouwen een niveau lager gedeeld door het "
        "aandeel op het niveau zelf. Boven 1 zijn vrouwen op het hogere niveau minder vaak "
        "vertegenwoordigd dan eronder.",
        "The glass ceiling index is the share of women one level below divided by their share "
        "at the level. Above 1, women are less represented at the higher level than below it.",
    ),
    "r.mon.glass_caption": (
        "Glazen-plafondindex voor vrouwen per stap, {period}",
        "Glass ceiling index for women per step, {period}",
    ),
    "r.mon.gci": ("glazen-plafondindex", "glass ceiling index"),
    "r.mon.step": ("stap", "step"),
    "r.mon.share_lower": ("aandeel eronder", "share below"),
    "r.mon.share_upper": ("aandeel op niveau", "share at level"),
    "r.mon.ser": ("SER-overzicht per jaar", "Yearly SER summary"),
    "r.mon.ser_intro": (
        "Mannen en vrouwen per leidinggevende laag aan het eind van elk jaar, in de vorm van "
        "het SER Diversiteitsportaal.",
        "Men and women per leadership layer at each year end, in the shape of the SER "
        "Diversiteitsportaal.",
    ),
    "r.mon.ser_caption": (
        "Leidinggevenden per laag aan het eind van het jaar",
        "Leaders per layer at year end",
    ),
    "r.mon.year": ("jaar", "year"),
    "r.mon.layer": ("laag", "layer"),
    "r.mon.women_target": ("streefcijfer vrouwen", "women's target"),
    # page-one headline of the equity report (report.headline)
    "r.hl.heading": ("Wat opvalt", "What stands out"),
    "r.hl.intro": (
        "Uit alle jaren samen ({pooled}) en de laatste vier kwartalen ({rolling}), de grootste "
        "zekere verschillen eerst. Een signalering is een aanleiding om verder te kijken, geen "
        "oordeel over personen of teams.",
        "From all years together ({pooled}) and the last four quarters ({rolling}), the largest "
        "certain differences first. A flag is a reason to look further, not a judgement of "
        "people or teams.",
    ),
    "r.hl.findings": ("De belangrijkste bevindingen", "The findings that matter"),
    "r.hl.none": (
        "Geen enkele vergelijking laat een significante achterstand zien.",
        "No comparison shows a significant disparity.",
    ),
    "r.hl.signals": ("Signalen om te volgen", "Signals to follow up"),
    "r.hl.no_signals": ("Geen verdere signalen.", "No further signals."),
    "r.hl.in_tables": (
        "Alle {count} gesignaleerde vergelijkingen staan met hun cijfers in de tabellen per "
        "proces: {own} voor de hele organisatie en {units} binnen eenheden.",
        "All {count} flagged comparisons are in the tables per process, with their figures: "
        "{own} for the whole organisation and {units} within units.",
    ),
    "r.hl.in_tables_unit": (
        "Alle {count} gesignaleerde vergelijkingen van deze eenheid staan met hun cijfers in de "
        "tabellen per proces.",
        "All {count} flagged comparisons of this unit are in the tables per process, with their "
        "figures.",
    ),
    "r.hl.in_tables_none": (
        "Geen enkele vergelijking is gesignaleerd.", "No comparison is flagged."
    ),
    "r.hl.targets": ("Streefcijfers", "Targets"),
    "r.hl.targets_whole": (
        "Streefcijfers gelden voor de hele organisatie.", "Targets apply to the whole organisation."
    ),
    "r.hl.no_targets": ("Er zijn geen streefcijfers ingesteld.", "No targets are set."),
    "r.hl.target": (
        "{name}: nu {now}, doel {goal} in {year}, verwacht {projected} ({band})",
        "{name}: now {now}, target {goal} by {year}, projected {projected} ({band})",
    ),
    "r.hl.window.all_years": ("{start}–{end}", "{start}–{end}"),
    "r.hl.window.rolling4q": ("laatste 4 kwartalen", "last 4 quarters"),
    "r.hl.detail": (
        "{window}: {n} tegen {ref_n}; {ir_kind} {ir} (95%-BI {ir_ci}); Fisher p {p}, BH q {q}",
        "{window}: {n} against {ref_n}; {ir_kind} {ir} (95% CI {ir_ci}); Fisher p {p}, "
        "BH q {q}",
    ),
    "r.hl.other": ("{window}: {state}", "{window}: {state}"),
    "r.hl.unit": ("{unit}: {sentence}", "{unit}: {sentence}"),
    "r.hl": (
        "{what}: {who} {rate} tegen {reference} {ref_rate} (ongeveer {ratio} keer zo vaak).",
        "{what}: {who} {rate} against {reference} {ref_rate} (about {ratio} times as often).",
    ),
    "r.hl.hiring.applied>screened": (
        "{who} komen ongeveer {ratio} keer zo vaak door de cv-selectie als {reference} "
        "({rate} tegen {ref_rate}).",
        "{who} get through CV screening about {ratio} times as often as {reference} "
        "({rate} against {ref_rate}).",
    ),
    "r.hl.hiring.screened>interviewed": (
        "{who} worden na de cv-selectie ongeveer {ratio} keer zo vaak uitgenodigd voor een "
        "gesprek als {reference} ({rate} tegen {ref_rate}).",
        "{who} are invited to an interview after screening about {ratio} times as often as "
        "{reference} ({rate} against {ref_rate}).",
    ),
    "r.hl.hiring.interviewed>offered": (
        "{who} krijgen na het gesprek ongeveer {ratio} keer zo vaak een aanbod als {reference} "
        "({rate} tegen {ref_rate}).",
        "{who} receive an offer after the interview about {ratio} times as often as "
        "{reference} ({rate} against {ref_rate}).",
    ),
    "r.hl.hiring.offered>hired": (
        "{who} worden na een aanbod ongeveer {ratio} keer zo vaak aangenomen als {reference} "
        "({rate} tegen {ref_rate}).",
        "{who} are hired after an offer about {ratio} times as often as {reference} "
        "({rate} against {ref_rate}).",
    ),
    "r.hl.hiring.applied>hired": (
        "{who} worden van sollicitatie tot aanstelling ongeveer {ratio} keer zo vaak "
        "aangenomen als {reference} ({rate} tegen {ref_rate}).",
        "{who} are hired, from application to appointment, about {ratio} times as often as "
        "{reference} ({rate} against {ref_rate}).",
    ),
    "r.hl.promotion": (
        "{who} worden ongeveer {ratio} keer zo vaak bevorderd als {reference} "
        "({rate} tegen {ref_rate}).",
        "{who} are promoted about {ratio} times as often as {reference} "
        "({rate} against {ref_rate}).",
    ),
    "r.hl.mobility": (
        "{who} maken ongeveer {ratio} keer zo vaak een interne overstap als {reference} "
        "({rate} tegen {ref_rate}).",
        "{who} move to another internal position about {ratio} times as often as {reference} "
        "({rate} against {ref_rate}).",
    ),
    "r.hl.leadership_entry": (
        "{who} worden ongeveer {ratio} keer zo vaak leidinggevende als {reference} "
        "({rate} tegen {ref_rate}).",
        "{who} become leaders about {ratio} times as often as {reference} "
        "({rate} against {ref_rate}).",
    ),
    "r.hl.exit": (
        "{who} vertrekken ongeveer {ratio} keer zo vaak als {reference} ({rate} tegen "
        "{ref_rate}).",
        "{who} leave about {ratio} times as often as {reference} ({rate} against {ref_rate}).",
    ),
    # who a finding is about: r.who.<dimension>.<group>, else r.who.<dimension>, else r.who
    "r.who": ("{noun} ({dimension}: {group})", "{noun} ({dimension}: {group})"),
    "r.who.gender": ("{noun} met gender {group}", "{noun} of gender {group}"),
    "r.who.gender.vrouw": ("vrouwelijke {noun}", "female {noun}"),
    "r.who.gender.man": ("mannelijke {noun}", "male {noun}"),
    "r.who.gender.anders": ("{noun} met gender 'anders'", "{noun} of another gender"),
    "r.who.gender.onbekend": ("{noun} met onbekend gender", "{noun} of unknown gender"),
    "r.who.origin": ("{noun} met herkomst {group}", "{noun} of origin {group}"),
    "r.who.origin.nederland": ("{noun} uit Nederland", "{noun} from the Netherlands"),
    "r.who.origin.europa": ("{noun} uit de rest van Europa", "{noun} from elsewhere in Europe"),
    "r.who.origin.buiten_europa": ("{noun} van buiten Europa", "{noun} from outside Europe"),
    "r.who.origin.onbekend": ("{noun} met onbekende herkomst", "{noun} of unknown origin"),
    "r.who.age_band": ("{noun} van {group}", "{noun} aged {group}"),
    "r.who.age_band.<25": ("{noun} jonger dan 25", "{noun} under 25"),
    "r.who.age_band.onbekend": ("{noun} met onbekende leeftijd", "{noun} of unknown age"),
    "r.who.disability": ("{noun} met arbeidsbeperking '{group}'", "{noun} with disability "
                         "'{group}'"),
    "r.who.disability.ja": ("{noun} met een arbeidsbeperking", "{noun} with a disability"),
    "r.who.disability.nee": ("{noun} zonder arbeidsbeperking", "{noun} without a disability"),
    "r.who.disability.onbekend": (
        "{noun} van wie onbekend is of ze een arbeidsbeperking hebben",
        "{noun} whose disability status is unknown",
    ),
    "r.noun": ("medewerkers", "staff"),
    "r.noun.leaders": ("leidinggevenden", "leaders"),
    "r.noun.ladder:": ("medewerkers op niveau {member}", "staff at level {member}"),
    "r.noun.leaders:": ("leidinggevenden in laag {member}", "leaders in layer {member}"),
    "r.target_name": ("aandeel {who}", "share of {who}"),
    "r.noun.candidates:all": ("kandidaten", "candidates"),
    "r.noun.candidates:internal": ("interne kandidaten", "internal candidates"),
    "r.noun.candidates:external": ("externe kandidaten", "external candidates"),
    "r.noun.all_staff": ("medewerkers", "staff"),
    "r.noun.teachers": ("docenten", "teachers"),
    "r.noun.support": ("ondersteunende medewerkers", "support staff"),
}

PAY_TEXTS: dict[str, tuple[str, str]] = {
    # pay transparency report (report.pay, EU Directive 2023/970)
    "r.pay.title": ("Rapportage loontransparantie", "Pay transparency report"),
    "r.pay.subtitle": (
        "{organisation} · kalenderjaar {year}", "{organisation} · calendar year {year}"
    ),
    "r.pay.summary": ("Samenvatting", "Summary"),
    "r.pay.summary_intro": (
        "Deze rapportage geeft de indicatoren voor de loonkloof tussen vrouwen en mannen die "
        "artikel 9, lid 1, van Richtlijn (EU) 2023/970 vraagt, over het loon van "
        "kalenderjaar {year}: vrouwen ({n_women}) en mannen ({n_men}). Loon is "
        "het bruto basisloon plus aanvullende of variabele beloning, per betaald uur. Een "
        "positieve loonkloof betekent dat vrouwen minder verdienen dan mannen, een negatieve "
        "dat ze meer verdienen.",
        "This report gives the indicators of the gender pay gap that article 9(1) of "
        "Directive (EU) 2023/970 asks for, on the pay of calendar year {year}: women "
        "({n_women}) and men ({n_men}). Pay is gross basic pay plus complementary or "
        "variable components, per paid hour. A positive gap means women earn less than men, a "
        "negative gap that they earn more.",
    ),
    "r.pay.summary_others": (
        "Medewerkers met een ander of onbekend geslacht ({n_other}) tellen mee in de "
        "aantallen, niet in de loonkloof: de richtlijn vergelijkt vrouwen en mannen.",
        "Workers of another or unknown gender ({n_other}) are counted but are in no gap: the "
        "directive compares women and men.",
    ),
    "r.pay.key_mean": (
        "Gemiddelde loonkloof per uur: {gap}", "Mean hourly pay gap: {gap}"
    ),
    "r.pay.key_median": ("Mediane loonkloof per uur: {gap}", "Median hourly pay gap: {gap}"),
    "r.pay.key_flagged": (
        "Categorieën met een verschil van 5% of meer zonder objectieve rechtvaardiging, voor "
        "een gezamenlijke beoordeling (artikel 10): {categories}",
        "Categories with a difference of 5% or more and no objective justification, for a "
        "joint pay assessment (article 10): {categories}",
    ),
    "r.pay.key_none_flagged": (
        "Geen categorie heeft een verschil van 5% of meer zonder rechtvaardiging (artikel 10).",
        "No category has a difference of 5% or more without a justification (article 10).",
    ),
    "r.pay.key_withheld": (
        "Niet gepubliceerde categorieën (artikel 12, lid 3): {count}",
        "Categories not published (article 12(3)): {count}",
    ),
    "r.pay.too_few_total": (
        "Voor de hele organisatie telt een geslacht minder dan {min_cell} werknemers: de "
        "indicatoren worden niet gepubliceerd (artikel 12, lid 3).",
        "Organisation-wide one gender has fewer than {min_cell} workers: the indicators are "
        "not published (article 12(3)).",
    ),
    # article 9(1)(a)-(e)
    "r.pay.indicators": ("Loonkloof (artikel 9, lid 1, a–e)", "Pay gap (article 9(1)(a)–(e))"),
    "r.pay.indicators_intro": (
        "De loonkloof is (loon van mannen − loon van vrouwen) / loon van mannen × 100. Voor "
        "de aanvullende of variabele beloning tellen alleen wie die ontvangt.",
        "The pay gap is (men's pay − women's pay) / men's pay × 100. For complementary or "
        "variable pay only those who receive it count.",
    ),
    "r.pay.indicators_caption": (
        "Loonkloof tussen vrouwen en mannen, {year}", "Gender pay gap, {year}"
    ),
    "r.pay.col.indicator": ("indicator", "indicator"),
    "r.pay.col.women": ("vrouwen", "women"),
    "r.pay.col.men": ("mannen", "men"),
    "r.pay.col.gap": ("loonkloof", "pay gap"),
    "r.pay.ind.a_mean_gap": ("(a) gemiddeld uurloon", "(a) mean hourly pay"),
    "r.pay.ind.b_variable_mean_gap": (
        "(b) gemiddelde variabele beloning", "(b) mean variable pay"
    ),
    "r.pay.ind.c_median_gap": ("(c) mediaan uurloon", "(c) median hourly pay"),
    "r.pay.ind.d_variable_median_gap": (
        "(d) mediaan variabele beloning", "(d) median variable pay"
    ),
    "r.pay.ind.e_variable_pay_share": (
        "(e) ontvangt variabele beloning", "(e) receiving variable pay"
    ),
    "r.pay.explain.heading": ("Wat de indicatoren zeggen", "What the indicators say"),
    "r.pay.explain.a": (
        "Hoeveel procent vrouwen per uur gemiddeld minder verdienen dan mannen. Een paar "
        "zeer hoge of lage lonen tellen zwaar mee.",
        "How many percent less women earn per hour than men on average. A few very high "
        "or low wages weigh heavily.",
    ),
    "r.pay.explain.b": (
        "Hetzelfde voor toeslagen, bonussen en andere variabele beloning, alleen onder wie "
        "die ontvangt.",
        "The same for allowances, bonuses and other variable pay, among those who receive "
        "it.",
    ),
    "r.pay.explain.c": (
        "Hetzelfde voor het middelste uurloon (de mediaan): de helft verdient meer, de "
        "helft minder. Minder gevoelig voor uitschieters dan (a).",
        "The same for the middle hourly wage (the median): half earn more, half less. Less "
        "sensitive to outliers than (a).",
    ),
    "r.pay.explain.d": (
        "De mediaan van de variabele beloning, onder wie die ontvangt.",
        "The median of variable pay, among those who receive it.",
    ),
    "r.pay.explain.e": (
        "Welk deel van de vrouwen en van de mannen variabele beloning ontvangt.",
        "What share of women and of men receive variable pay.",
    ),
    "r.pay.explain.f": (
        "Alle werknemers op volgorde van uurloon, verdeeld in vier even grote groepen: "
        "hoeveel vrouwen en mannen er in elke groep zitten.",
        "All workers in order of hourly pay, split into four groups of equal size: how "
        "many women and men are in each.",
    ),
    "r.pay.explain.g": (
        "De loonkloof binnen elke categorie werknemers die gelijk of gelijkwaardig werk "
        "doet, apart voor basisloon en aanvullende beloning.",
        "The pay gap within each category of workers doing the same work or work of equal "
        "value, separately for basic pay and complementary pay.",
    ),
    # (f)
    "r.pay.quartiles": ("Kwartielen (artikel 9, lid 1, f)", "Quartile pay bands (article 9(1)(f))"),
    "r.pay.quartiles_intro": (
        "Kwartiel 1 heeft de laagste uurlonen, kwartiel 4 de hoogste. Wie hetzelfde uurloon "
        "verdient en op een grens tussen twee kwartielen valt, wordt over beide verdeeld naar "
        "de verhouding vrouwen en mannen op dat loon (zoals de Britse regels doen).",
        "Band 1 holds the lowest hourly pay, band 4 the highest. Workers on the same hourly "
        "pay who straddle a boundary are divided over both bands in the proportion of women "
        "and men on that pay (as the UK regulations do).",
    ),
    "r.pay.quartiles_caption": (
        "Aandeel vrouwen en mannen per kwartiel van het uurloon, {year}",
        "Share of women and men per quartile pay band, {year}",
    ),
    "r.pay.quartile": ("kwartiel", "band"),
    "r.pay.quartile_name": ("kwartiel {band}", "band {band}"),
    "r.pay.quartile_lowest": ("kwartiel 1 (laagste lonen)", "band 1 (lowest pay)"),
    "r.pay.quartile_highest": ("kwartiel 4 (hoogste lonen)", "band 4 (highest pay)"),
    "r.pay.quartiles_withheld": (
        "De kwartielen worden niet gepubliceerd: er zijn te weinig werknemers (minder dan "
        "{min_cell} per kwartiel of per geslacht).",
        "The quartile bands are not published: there are too few workers (fewer than "
        "{min_cell} per band or per gender).",
    ),
    "r.pay.alt.quartiles": (
        "Staafdiagram. {what}. Aandeel vrouwen per kwartiel: {values}.",
        "Bar chart. {what}. Share of women per band: {values}.",
    ),
    # (g)
    "r.pay.categories": (
        "Loonkloof per categorie werknemers (artikel 9, lid 1, g)",
        "Pay gap per category of workers (article 9(1)(g))",
    ),
    "r.pay.categories_intro": (
        "Een categorie is een groep werknemers met gelijk of gelijkwaardig werk: functiefamilie "
        "× cao-schaal. Basisloon per uur; aanvullende (aanv.) beloning onder wie die ontvangt.",
        "A category is a group of workers doing the same work or work of equal value: function "
        "family × CAO scale. Basic pay per hour; complementary (compl.) pay among those who "
        "receive it.",
    ),
    "r.pay.categories_caption": (
        "Loonkloof per categorie, basisloon en aanvullende beloning, {year}",
        "Pay gap per category, basic and complementary pay, {year}",
    ),
    "r.pay.col.category": ("categorie", "category"),
    "r.pay.col.basic_mean": ("basis gemiddeld", "basic mean"),
    "r.pay.col.basic_median": ("basis mediaan", "basic median"),
    "r.pay.col.compl_mean": ("aanv. gemiddeld", "compl. mean"),
    "r.pay.col.compl_median": ("aanv. mediaan", "compl. median"),
    "r.pay.withheld_heading": (
        "Niet gepubliceerde categorieën (artikel 12, lid 3)",
        "Categories not published (article 12(3))",
    ),
    "r.pay.withheld_intro": (
        "In deze categorieën telt een geslacht minder dan {min_cell} werknemers, of ze zijn "
        "mee afgeschermd zodat het totaal van de organisatie geen afgeschermde categorie "
        "verraadt. Er wordt geen gemiddelde, mediaan, aandeel of aantal van gepubliceerd.",
        "In these categories a gender has fewer than {min_cell} workers, or they are withheld "
        "with them so that the organisation's total cannot reveal a withheld category. No "
        "mean, median, share or count of them is published.",
    ),
    "r.pay.withheld_line": (
        "{category}: niet gepubliceerd (artikel 12, lid 3)",
        "{category}: not published (article 12(3))",
    ),
    "r.pay.no_withheld": (
        "Alle categorieën worden gepubliceerd.", "Every category is published."
    ),
    # article 10
    "r.pay.assessment": (
        "Gezamenlijke beoordeling van de beloning (artikel 10)", "Joint pay assessment (article 10)"
    ),
    "r.pay.assessment_intro": (
        "Verschilt het gemiddelde uurloon van vrouwen en mannen in een categorie 5% of meer, "
        "in welke richting ook, en is daar geen objectieve, genderneutrale rechtvaardiging "
        "voor vastgelegd, dan volgt een gezamenlijke beoordeling met de "
        "werknemersvertegenwoordiging. Het verschil moet binnen zes maanden na de rapportage "
        "zijn hersteld; aangenomen is indiening op de wettelijke datum, 7 juni {next_year}.",
        "Where the mean hourly pay of women and men in a category differs by 5% or more, in "
        "either direction, and no objective, gender-neutral justification is on record, a "
        "joint pay assessment with the workers' representatives follows. The difference must "
        "be remedied within six months of the report; submission on the legal date, 7 June "
        "{next_year}, is assumed.",
    ),
    "r.pay.assessment_caption": (
        "Beoordeling per categorie (artikel 10), {year}",
        "Assessment per category (article 10), {year}",
    ),
    "r.pay.col.mean_gap": ("verschil gemiddeld", "mean gap"),
    "r.pay.col.assessment": ("beoordeling", "assessment"),
    "r.pay.col.remedy_by": ("herstellen vóór", "remedy by"),
    "r.pay.flag_line": (
        "{category}: verschil {gap}, geen rechtvaardiging vastgelegd: gezamenlijke "
        "beoordeling, te herstellen vóór {date}.",
        "{category}: difference {gap}, no justification on record: joint pay assessment, to "
        "be remedied by {date}.",
    ),
    "r.pay.justified_line": (
        "{category}: verschil {gap}, gerechtvaardigd: “{justification}”",
        "{category}: difference {gap}, justified: “{justification}”",
    ),
    "r.pay.flags_heading": ("Te beoordelen en gerechtvaardigd", "To assess and justified"),
    "r.pay.no_flags": (
        "Geen enkele gepubliceerde categorie komt op 5% of meer.",
        "No published category reaches 5% or more.",
    ),
    "r.pay.code.joint_assessment": ("gezamenlijke beoordeling", "joint pay assessment"),
    "r.pay.code.justified": ("gerechtvaardigd", "justified"),
    "r.pay.code.below_threshold": ("onder 5%", "below 5%"),
    "r.pay.code.too_few": ("te weinig werknemers", "too few workers"),
    "r.pay.code.undefined": ("niet te berekenen", "cannot be computed"),
    # beyond the legal minimum
    "r.pay.internal": (
        "Buiten het wettelijk minimum: alleen voor intern gebruik",
        "Beyond the legal minimum: for internal use only",
    ),
    "r.pay.internal_intro": (
        "De richtlijn vraagt deze cijfers niet. Ze helpen verklaren waar de loonkloof vandaan "
        "komt en zijn bedoeld voor HR en de medezeggenschap, niet voor publicatie.",
        "The directive does not ask for these figures. They help explain where the pay gap "
        "comes from and are meant for HR and the works council, not for publication.",
    ),
    "r.pay.adjusted": (
        "Loonkloof binnen categorieën (gecorrigeerd): {gap}. Dit is het deel van de gemiddelde "
        "loonkloof ({crude}) dat overblijft tussen vrouwen en mannen die hetzelfde werk doen; "
        "de rest komt doordat vrouwen en mannen verschillend over de categorieën verdeeld zijn.",
        "Pay gap within categories (adjusted): {gap}. This is the part of the mean pay gap "
        "({crude}) that remains between women and men doing the same work; the rest comes from "
        "women and men being spread differently over the categories.",
    ),
    "r.pay.internal_caption": (
        "Loonkloof in basisloon per uur binnen {dimension}, {year} (intern)",
        "Basic hourly pay gap within {dimension}, {year} (internal)",
    ),
    "r.pay.col.group": ("groep", "group"),
    # method
    "r.pay.method": ("Methode en privacy", "Method and privacy"),
    "r.pay.method.pay": (
        "Uurloon = (bruto basisloon + aanvullende of variabele beloning) / betaalde uren over "
        "het kalenderjaar. Zonder betaalde uren: fte × {hours} uur (een voltijds cao-jaar).",
        "Hourly pay = (gross basic pay + complementary or variable pay) / paid hours over the "
        "calendar year. Without paid hours: FTE × {hours} hours (a full-time CAO year).",
    ),
    "r.pay.method.gap": (
        "Loonkloof = (mannen − vrouwen) / mannen × 100, op het gemiddelde en op de mediaan "
        "(artikel 3). Alleen vrouwen en mannen.",
        "Pay gap = (men − women) / men × 100, on the mean and on the median (article 3). Women "
        "and men only.",
    ),
    "r.pay.method.threshold": (
        "Artikel 10: een verschil van precies 5% telt mee; exact berekend op loon in "
        "1/10.000 euro.",
        "Article 10: a difference of exactly 5% counts; decided exactly on pay in 1/10,000 "
        "euro.",
    ),
    "r.pay.method.privacy": (
        "Privacy (artikel 12, lid 3): geen gemiddelde, mediaan, aandeel of aantal voor een "
        "groep met minder dan {min_cell} vrouwen of mannen; andere categorieën worden mee "
        "afgeschermd zodat niets terug te rekenen is.",
        "Privacy (article 12(3)): no mean, median, share or count for a group of fewer than "
        "{min_cell} women or men; other categories are withheld with them so that nothing can "
        "be worked back.",
    ),
}
"""The pay transparency report's texts (report.pay); codes of ``paygap`` read as words."""


CATALOGUE: dict[str, tuple[str, str]] = {
    # verdicts (stats.VERDICT_CODES)
    "reference": ("referentiegroep", "reference group"),
    "clear_large_difference": (
        "duidelijke, grote achterstand (onder vier-vijfde)",
        "clear, large disparity (below four-fifths)",
    ),
    "clear_small_difference": (
        "duidelijke maar kleine achterstand",
        "clear but small disparity",
    ),
    "clear_advantage": ("duidelijke voorsprong", "clear advantage"),
    "clear_negligible_difference": (
        "duidelijk, maar verwaarloosbaar verschil",
        "clear but negligible difference",
    ),
    "large_difference_not_certain": (
        "groot verschil, nog niet zeker: signaal om op te volgen",
        "large difference, not yet certain: a signal to follow up",
    ),
    "follow_up_signal": ("signaal om op te volgen", "signal to follow up"),
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
    **REPORT_TEXTS,
    **PAY_TEXTS,
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
        if MERGED in key:
            return " + ".join(self(part) for part in key.split(MERGED))
        if ":" in key:
            family, member = key.split(":", 1)
            return f"{self(family)}: {self(member).replace('_', ' ')}"
        return key

    def has(self, key: str) -> bool:
        """Whether ``key`` has its own entry (an override or the catalogue's)."""
        return key in self._overrides or key in CATALOGUE
