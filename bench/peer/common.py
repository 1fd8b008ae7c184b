"""What every peer script needs from the schema: the items (column header, domain,
reverse coding), the answer labels, the no-answer codes and the scoring rule.
The same maths leadpulse does, as an analyst would write it in each library."""

import math
import sys
import tomllib


def load_schema(path):
    with open(path, "rb") as f:
        s = tomllib.load(f)
    scale = s["scale"]
    share = s.get("scoring", {}).get("min_answered_share", 0.5)
    domains = [d["id"] for d in s["domains"]]
    items = [
        {"header": it["header"], "domain": it["domain"], "reverse": it.get("reverse", False)}
        for it in s["items"]
    ]
    per_domain = {d: [it for it in items if it["domain"] == d] for d in domains}
    min_answered = {d: max(1, math.ceil(share * len(per_domain[d]))) for d in domains}
    labels = {k.strip().lower(): v for k, v in scale["labels"].items()}
    missing = [m.strip().lower() for m in scale.get("missing", [])]
    cols = s["columns"]
    return {
        "min": scale["min"],
        "max": scale["max"],
        "labels": labels,
        "missing": missing,
        "domains": domains,
        "items": items,
        "per_domain": per_domain,
        "min_answered": min_answered,
        "team": cols["team"],
        "timestamp": cols["timestamp"],
        # Answers at or above this are favourable (4 and 5 on a 1-5 scale).
        "favourable_from": scale["max"] - 1,
    }


def args():
    """export.csv schema.toml out-dir shape (google-forms | qualtrics)"""
    if len(sys.argv) != 5:
        sys.exit("usage: script.py EXPORT.csv SCHEMA.toml OUT_DIR google-forms|qualtrics")
    schema, shape = load_schema(sys.argv[2]), sys.argv[4]
    if shape == "qualtrics":
        # Qualtrics names columns by export tag (Q1, Q2, ...); the question text the
        # schema uses is in the second header row.
        for k, item in enumerate(schema["items"]):
            item["header"] = f"Q{k + 1}"
    return sys.argv[1], schema, sys.argv[3], shape


def timestamp_format(shape):
    return "%m/%d/%Y %H:%M:%S" if shape == "google-forms" else "%Y-%m-%d %H:%M:%S"


def header_rows_to_skip(shape):
    # Qualtrics writes question text and ImportId rows under the header.
    return 2 if shape == "qualtrics" else 0
