-- recode(list, value): the canonical contract code for a source system's code.
-- Mappings come from [codes.*] in gelijkekansen.toml (loaded into staging.code_map); codes are
-- compared case-insensitively; a value without a mapping passes through unchanged, so that the
-- validation gate can name it as an unknown code.
create or replace macro staging.recode(list_name, value) as
    coalesce(
        (
            select code_map.code
            from staging.code_map
            where code_map.code_list = list_name
              and code_map.source_code = lower(value)
        ),
        lower(value)
    );
