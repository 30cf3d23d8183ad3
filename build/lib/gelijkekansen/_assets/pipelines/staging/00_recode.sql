-- recode(list, value): the canonical contract code for a source system's code.
-- Mappings come from [codes.*] in gelijkekansen.toml (loaded into staging.code_map); codes are
-- compared case-insensitively; a value without a mapping passes through unchanged, so that the
-- validation gate can name it as an unknown code.
-- The list's mapping is built once per query as a map (an uncorrelated subquery): a correlated
-- lookup per value cost 100 s instead of 20 s on 20 million applications.
create or replace macro staging.recode(list_name, value) as
    coalesce(
        (
            select map_from_entries(list((code_map.source_code, code_map.code)))
            from staging.code_map
            where code_map.code_list = list_name
        )[lower(value)],
        lower(value)
    );
