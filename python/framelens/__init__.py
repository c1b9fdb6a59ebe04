"""Read framelens reports into pandas, and run the framelens command-line tool.

    >>> import framelens
    >>> framelens.run("report", "--config", "config/framing.toml", "--out", "reports")
    >>> r = framelens.read_report("reports/report.json")
    >>> r.outlets      # one row per outlet and frame: counts, rates, intervals, stance
    >>> r.articles     # one row per article
    >>> r.mentions     # one row per mention: frame, term, stance, offsets, snippet

`read_report` also reads the output of `framelens score` (one JSON line per article).
"""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from typing import Any, Dict, List, NamedTuple

__all__ = ["Report", "read_report", "run", "binary"]


class Report(NamedTuple):
    """The tables of one report.

    outlets:  one row per outlet and frame (``outlet``, ``frame``, ``articles``, ``words``,
              ``mentions``, ``endorsed``, ``rate_per_1k``, ``rate_ci95_low``/``_high``, ...,
              ``stance_asserted``, ...). From ``score`` output the intervals are missing
              (NaN): they come with ``framelens report``.
    articles: one row per article (``path``, ``outlet``, ``title``, ``date``, ``words``, ...).
    mentions: one row per mention (``path``, ``outlet``, ``frame``, ``term``, ``stance``,
              ``start``, ``end``, ``snippet``, ...).
    raw:      the parsed JSON (the report object, or the list of score lines).
    """

    outlets: Any
    articles: Any
    mentions: Any
    raw: Any


def binary() -> str:
    """The path of the framelens executable: ``$FRAMELENS_BIN``, else the one this wheel
    installed beside the Python interpreter, else the first on ``PATH``."""
    env = os.environ.get("FRAMELENS_BIN")
    if env:
        return env
    exe = "framelens.exe" if sys.platform == "win32" else "framelens"
    beside = os.path.join(sysconfig.get_path("scripts"), exe)
    if os.path.isfile(beside):
        return beside
    found = shutil.which("framelens")
    if found:
        return found
    raise FileNotFoundError(
        "the framelens executable was not found: install it with `pip install framelens` "
        "or `cargo install framelens`, or set FRAMELENS_BIN"
    )


def run(*args: str, check: bool = True, **kwargs: Any) -> "subprocess.CompletedProcess[str]":
    """Runs ``framelens ARGS...`` and returns the finished process (text mode, output captured
    unless ``stdout``/``stderr`` are given). With ``check`` (the default) a non-zero exit raises
    ``subprocess.CalledProcessError``, whose ``stderr`` holds framelens's message."""
    kwargs.setdefault("text", True)
    if "stdout" not in kwargs and "stderr" not in kwargs:
        kwargs["capture_output"] = True
    return subprocess.run([binary(), *map(str, args)], check=check, **kwargs)


def read_report(path: "str | os.PathLike[str]") -> Report:
    """Reads ``report.json`` (``framelens report``) or score lines (``framelens score``)."""
    try:
        import pandas as pd
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "framelens.read_report needs pandas: pip install 'framelens[pandas]'"
        ) from e
    with open(path, encoding="utf-8") as f:
        text = f.read()
    doc = _report_object(text)
    if doc is not None:
        articles = doc.get("articles", [])
        outlets = _outlet_rows(doc)
        raw: Any = doc
    else:
        articles = _score_lines(text, path)
        outlets = _outlet_rows_from_articles(articles)
        raw = articles
    article_rows = [_article_row(a) for a in articles]
    mention_rows = [m for a in articles for m in _mention_rows(a)]
    return Report(
        outlets=pd.DataFrame(outlets, columns=_columns(outlets, ["outlet", "frame"])),
        articles=pd.DataFrame(article_rows, columns=_columns(article_rows, ["path", "outlet"])),
        mentions=pd.DataFrame(
            mention_rows, columns=_columns(mention_rows, ["path", "outlet", "frame"])
        ),
        raw=raw,
    )


def _report_object(text: str) -> "Dict[str, Any] | None":
    """The report object when ``text`` is one JSON document with a framelens report schema."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError:
        return None
    if isinstance(doc, dict) and str(doc.get("schema", "")).startswith("framelens/report@"):
        return doc
    return None


def _score_lines(text: str, path: Any) -> List[Dict[str, Any]]:
    """The article objects of score output: one JSON object a line; lines without a ``path``
    (a header describing the run) are not articles."""
    articles = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise ValueError(
                f"{path}:{n}: neither report.json nor `framelens score` output ({e})"
            ) from None
        if isinstance(obj, dict) and "path" in obj:
            articles.append(obj)
    return articles


def _flatten(prefix: str, value: Any, row: Dict[str, Any]) -> None:
    """Nested objects become ``prefix_key`` columns; ``[low, high]`` intervals become
    ``prefix_low`` and ``prefix_high``; other lists are kept as they are."""
    if isinstance(value, dict):
        for k, v in value.items():
            _flatten(f"{prefix}_{k}" if prefix else k, v, row)
    elif prefix.endswith("ci95") and isinstance(value, list) and len(value) == 2:
        row[f"{prefix}_low"], row[f"{prefix}_high"] = value
    elif prefix.endswith("ci95") and value is None:
        row[f"{prefix}_low"] = row[f"{prefix}_high"] = None
    else:
        row[prefix] = value


def _outlet_rows(doc: Dict[str, Any]) -> List[Dict[str, Any]]:
    labels = {f["id"]: f.get("label") for f in doc.get("frames", [])}
    rows = []
    for o in doc.get("outlets", []):
        for frame, numbers in o.get("frames", {}).items():
            row: Dict[str, Any] = {
                "outlet": o["id"],
                "outlet_name": o.get("name"),
                "frame": frame,
                "frame_label": labels.get(frame),
                "articles": o.get("articles"),
                "words": o.get("words"),
            }
            _flatten("", numbers, row)
            rows.append(row)
    return rows


def _outlet_rows_from_articles(articles: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Sums score lines per outlet and frame. Rates are per 1,000 words; intervals need the
    whole run and are left to ``framelens report``."""
    outlets: Dict[str, Dict[str, Any]] = {}
    for a in articles:
        o = outlets.setdefault(a.get("outlet") or "", {"articles": 0, "words": 0, "frames": {}})
        o["articles"] += 1
        o["words"] += a.get("words") or 0
        for frame, numbers in a.get("frames", {}).items():
            sums = o["frames"].setdefault(frame, {})
            flat: Dict[str, Any] = {}
            _flatten("", numbers, flat)
            for k, v in flat.items():
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    sums[k] = sums.get(k, 0) + v
    rows = []
    for outlet in sorted(outlets):
        o = outlets[outlet]
        for frame in sorted(o["frames"]):
            row = {"outlet": outlet, "frame": frame, "articles": o["articles"], "words": o["words"]}
            row.update(o["frames"][frame])
            for count in ("mentions", "endorsed"):
                if count in row:
                    rate = 1000.0 * row[count] / o["words"] if o["words"] else float("nan")
                    key = "rate_per_1k" if count == "mentions" else "endorsed_rate_per_1k"
                    row[key] = rate
            rows.append(row)
    return rows


def _article_row(a: Dict[str, Any]) -> Dict[str, Any]:
    row: Dict[str, Any] = {}
    for k, v in a.items():
        if k in ("mentions", "frames"):
            continue
        _flatten(k, v, row)
    return row


def _mention_rows(a: Dict[str, Any]) -> List[Dict[str, Any]]:
    rows = []
    for m in a.get("mentions", []):
        row: Dict[str, Any] = {"path": a.get("path"), "outlet": a.get("outlet")}
        for k, v in m.items():
            _flatten(k, v, row)
        rows.append(row)
    return rows


def _columns(rows: List[Dict[str, Any]], first: List[str]) -> List[str]:
    """Column order: ``first``, then every other key in the order it is first seen, so the
    tables keep their columns (and their order) when a report has no rows."""
    cols = list(first)
    for r in rows:
        for k in r:
            if k not in cols:
                cols.append(k)
    return cols
