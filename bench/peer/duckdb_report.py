"""The team-health maths in DuckDB SQL: read_csv(all_varchar), a CASE mapping of
labels, strptime, avg / stddev_samp per team x quarter, regr_slope per team and
corr over lag differences. No validation, no charts, no HTML."""

import os

import duckdb

from common import args, timestamp_format

path, schema, out, shape = args()
os.makedirs(out, exist_ok=True)
lo, hi = schema["min"], schema["max"]


def q(name):
    return '"' + name.replace('"', '""') + '"'


def lit(text):
    return "'" + text.replace("'", "''") + "'"


def score(col, reverse):
    whens = " ".join(f"WHEN {lit(k)} THEN {v}" for k, v in schema["labels"].items())
    t = f"lower(trim({q(col)}))"
    v = (
        f"CASE WHEN TRY_CAST({t} AS DOUBLE) BETWEEN {lo} AND {hi} THEN TRY_CAST({t} AS DOUBLE) "
        f"ELSE (CASE {t} {whens} ELSE NULL END) END"
    )
    return f"({lo + hi} - {v})" if reverse else v


con = duckdb.connect()
items = list(enumerate(schema["items"]))
stamp = f"TRY_STRPTIME({q(schema['timestamp'])}, {lit(timestamp_format(shape))})"
select_items = ", ".join(f"{score(it['header'], it['reverse'])} AS i{k}" for k, it in items)
con.execute(
    f"""CREATE TEMP TABLE scored AS
    SELECT {q(schema['team'])} AS team,
           year({stamp}) * 4 + (month({stamp}) - 1) // 3 AS quarter,
           {select_items}
    FROM read_csv({lit(path)}, all_varchar = true, header = true)
    WHERE {stamp} IS NOT NULL"""
)
fav = schema["favourable_from"]
per_domain = []
for d in schema["domains"]:
    cols = [f"i{k}" for k, it in items if it["domain"] == d]
    answered = " + ".join(f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)" for c in cols)
    total = " + ".join(f"coalesce({c}, 0)" for c in cols)
    favourable = " + ".join(f"(CASE WHEN {c} >= {fav} THEN 1 ELSE 0 END)" for c in cols)
    per_domain.append(
        f"CASE WHEN ({answered}) >= {schema['min_answered'][d]} THEN ({total}) / ({answered}) END AS s_{d}, "
        f"({favourable}) AS f_{d}, ({answered}) AS a_{d}"
    )
aggs = ", ".join(
    f"count(s_{d}) AS n_{d}, avg(s_{d}) AS mean_{d}, stddev_samp(s_{d}) AS sd_{d}, "
    f"sum(f_{d}) / sum(a_{d}) AS fav_{d}"
    for d in schema["domains"]
)
con.execute(
    f"""CREATE TEMP TABLE cells AS
    SELECT team, quarter, {aggs}
    FROM (SELECT team, quarter, {', '.join(per_domain)} FROM scored)
    GROUP BY team, quarter ORDER BY team, quarter"""
)
con.execute(f"COPY cells TO {lit(out + '/cells.csv')} (HEADER)")
means = [f"mean_{d}" for d in schema["domains"]]
slopes = ", ".join(f"regr_slope({m}, quarter) AS slope_{m}" for m in means)
con.execute(
    f"COPY (SELECT team, {slopes} FROM cells GROUP BY team ORDER BY team) "
    f"TO {lit(out + '/slopes.csv')} (HEADER)"
)
lags = ", ".join(f"{m} - lag({m}) OVER (PARTITION BY team ORDER BY quarter) AS {m}" for m in means)
pairs = [(a, b) for i, a in enumerate(means) for b in means[i + 1 :]]
corrs = ", ".join(f'corr({a}, {b}) AS "{a}~{b}"' for a, b in pairs)
con.execute(
    f"COPY (SELECT {corrs} FROM (SELECT {lags} FROM cells)) "
    f"TO {lit(out + '/change_correlations.csv')} (HEADER)"
)
n_cells, n_teams = con.execute("SELECT count(*), count(DISTINCT team) FROM cells").fetchone()
print(f"{n_cells} team-quarters, {n_teams} teams")
