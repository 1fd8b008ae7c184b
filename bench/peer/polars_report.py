"""The team-health maths in python-polars, as an analyst would write it: a lazy
scan_csv, labels to scores, per-respondent domain means, team x quarter cells
(n, mean, sd, favourable share), per-team OLS slopes and the correlations of
quarter-to-quarter changes between domains. No validation, no charts, no HTML."""

import os

import polars as pl

from common import args, header_rows_to_skip, timestamp_format

path, schema, out, shape = args()
os.makedirs(out, exist_ok=True)

lf = pl.scan_csv(
    path,
    infer_schema=False,  # every column as text, as survey exports need
    skip_rows_after_header=header_rows_to_skip(shape),
)

labels = schema["labels"]
lo, hi = schema["min"], schema["max"]


def score(name, reverse):
    text = pl.col(name).str.strip_chars().str.to_lowercase()
    as_label = text.replace_strict(labels, default=None, return_dtype=pl.Float64)
    as_number = text.cast(pl.Float64, strict=False)
    v = pl.when(as_number.is_between(lo, hi)).then(as_number).otherwise(as_label)
    return (lo + hi - v) if reverse else v


items = {f"i{k}": it for k, it in enumerate(schema["items"])}
scored = lf.select(
    pl.col(schema["team"]).alias("team"),
    pl.col(schema["timestamp"])
    .str.strptime(pl.Datetime, timestamp_format(shape), strict=False)
    .dt.date()
    .alias("day"),
    *[score(it["header"], it["reverse"]).alias(k) for k, it in items.items()],
).with_columns(
    (pl.col("day").dt.year() * 4 + (pl.col("day").dt.month() - 1) // 3).alias("quarter")
)

fav = schema["favourable_from"]
per_domain = []
for d in schema["domains"]:
    cols = [k for k, it in items.items() if it["domain"] == d]
    answered = pl.sum_horizontal([pl.col(c).is_not_null() for c in cols])
    mean = pl.mean_horizontal([pl.col(c) for c in cols])
    per_domain.append(
        pl.when(answered >= schema["min_answered"][d]).then(mean).alias(f"s_{d}")
    )
    per_domain.append(pl.sum_horizontal([pl.col(c) >= fav for c in cols]).alias(f"f_{d}"))
    per_domain.append(answered.alias(f"a_{d}"))
respondents = scored.select("team", "quarter", *per_domain)

aggs = []
for d in schema["domains"]:
    aggs += [
        pl.col(f"s_{d}").count().alias(f"n_{d}"),
        pl.col(f"s_{d}").mean().alias(f"mean_{d}"),
        pl.col(f"s_{d}").std().alias(f"sd_{d}"),
        (pl.col(f"f_{d}").sum() / pl.col(f"a_{d}").sum()).alias(f"fav_{d}"),
    ]
cells = respondents.group_by("team", "quarter").agg(aggs).sort("team", "quarter").collect()
cells.write_csv(f"{out}/cells.csv")

means = [f"mean_{d}" for d in schema["domains"]]
slopes = (
    cells.lazy()
    .group_by("team")
    .agg(
        [
            (pl.cov(pl.col("quarter"), pl.col(m)) / pl.col("quarter").var()).alias(f"slope_{m}")
            for m in means
        ]
    )
    .sort("team")
    .collect()
)
slopes.write_csv(f"{out}/slopes.csv")

changes = cells.lazy().sort("team", "quarter").select(
    [(pl.col(m) - pl.col(m).shift(1).over("team")).alias(m) for m in means]
)
pairs = [(a, b) for i, a in enumerate(means) for b in means[i + 1 :]]
corr = changes.select([pl.corr(a, b).alias(f"{a}~{b}") for a, b in pairs]).collect()
corr.write_csv(f"{out}/change_correlations.csv")
print(f"{cells.height} team-quarters, {slopes.height} teams")
