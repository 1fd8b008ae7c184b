"""The team-health maths in pandas, as most people would write it: read_csv, a label
map per column, pd.to_datetime, groupby().agg, numpy.polyfit per team and the
correlations of quarter-to-quarter changes. No validation, no charts, no HTML."""

import os

import numpy as np
import pandas as pd

from common import args, header_rows_to_skip, timestamp_format

path, schema, out, shape = args()
os.makedirs(out, exist_ok=True)
skip = list(range(1, 1 + header_rows_to_skip(shape)))
df = pd.read_csv(path, dtype=str, skiprows=skip, keep_default_na=False)

lo, hi = schema["min"], schema["max"]
labels = schema["labels"]


def score(series, reverse):
    text = series.str.strip().str.lower()
    numbers = pd.to_numeric(text, errors="coerce")
    v = numbers.where(numbers.between(lo, hi), text.map(labels))
    v = v.astype(float)
    return lo + hi - v if reverse else v


day = pd.to_datetime(df[schema["timestamp"]], format=timestamp_format(shape), errors="coerce")
data = pd.DataFrame({"team": df[schema["team"]], "quarter": day.dt.year * 4 + (day.dt.month - 1) // 3})
fav = schema["favourable_from"]
for d in schema["domains"]:
    items = schema["per_domain"][d]
    block = pd.concat([score(df[it["header"]], it["reverse"]) for it in items], axis=1)
    answered = block.notna().sum(axis=1)
    data[f"s_{d}"] = block.mean(axis=1).where(answered >= schema["min_answered"][d])
    data[f"f_{d}"] = (block >= fav).sum(axis=1)
    data[f"a_{d}"] = answered

grouped = data.groupby(["team", "quarter"])
cells = pd.DataFrame(index=grouped.size().index)
for d in schema["domains"]:
    cells[f"n_{d}"] = grouped[f"s_{d}"].count()
    cells[f"mean_{d}"] = grouped[f"s_{d}"].mean()
    cells[f"sd_{d}"] = grouped[f"s_{d}"].std()
    cells[f"fav_{d}"] = grouped[f"f_{d}"].sum() / grouped[f"a_{d}"].sum()
cells = cells.reset_index().sort_values(["team", "quarter"])
cells.to_csv(f"{out}/cells.csv", index=False)

means = [f"mean_{d}" for d in schema["domains"]]
rows = []
for team, g in cells.groupby("team"):
    row = {"team": team}
    for m in means:
        ok = g[m].notna()
        row[f"slope_{m}"] = (
            np.polyfit(g.loc[ok, "quarter"], g.loc[ok, m], 1)[0] if ok.sum() >= 2 else np.nan
        )
    rows.append(row)
pd.DataFrame(rows).to_csv(f"{out}/slopes.csv", index=False)

changes = cells.groupby("team")[means].diff()
changes.corr().to_csv(f"{out}/change_correlations.csv")
print(f"{len(cells)} team-quarters, {len(rows)} teams")
