-- macros: the normalising functions every staging query shares, defined on the writer's connection
-- reads: none
-- writes: bilangan_bulat, dipotong, kode_bertitik, kode_desa_bertitik, waktu_iso
-- grain: none (definitions only); run once per writer, before any staging query
-- params: none
-- kode_desa_bertitik: a village code with or without dots, as the dotted Kemendagri form, else null
create or replace temp macro kode_desa_bertitik(c) as
    case when regexp_full_match(replace(c, '.', ''), '[0-9]{10}')
        then regexp_replace(replace(c, '.', ''), '^(..)(..)(..)(....)$', '\1.\2.\3.\4') end;

-- kode_bertitik: a kabupaten (4), kecamatan (6) or village (10 digits) code, dotted, else null
create or replace temp macro kode_bertitik(c) as
    case when regexp_full_match(replace(c, '.', ''), '[0-9]{4}|[0-9]{6}|[0-9]{10}') then
        concat_ws('.', substr(replace(c, '.', ''), 1, 2), substr(replace(c, '.', ''), 3, 2),
            nullif(substr(replace(c, '.', ''), 5, 2), ''), nullif(substr(replace(c, '.', ''), 7, 4), '')) end;

-- bilangan_bulat: a whole number as Indonesians write it (12345 or 12.345), else null.
-- A fraction (2400.7) or a comma (12,345: a thousands or a decimal separator?) is not a whole number.
create or replace temp macro bilangan_bulat(c) as
    case
        when regexp_full_match(c, '[0-9]{1,18}') then c::bigint
        when regexp_full_match(c, '[0-9]{1,3}(\.[0-9]{3}){1,5}') then replace(c, '.', '')::bigint
    end;

-- waktu_iso: an ISO 8601 instant (date, optional time, optional offset), else null. Only this form:
-- DuckDB also reads 'infinity', 'epoch' and five-digit years, which no export means.
create or replace temp macro waktu_iso(c) as
    case when regexp_full_match(c,
        '[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}([.,][0-9]{1,9})?)?)? ?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?')
        then try_cast(replace(c, ',', '.') as timestamptz) end;

-- dipotong: a value echoed in a rejection, cut to 80 characters with '…' (a 1 MB cell is not a message)
create or replace temp macro dipotong(v) as
    case when length(v) > 80 then left(v, 79) || '…' else v end;
