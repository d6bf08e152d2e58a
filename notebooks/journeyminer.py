"""What the notebooks share: Spark SQL over the published warehouse through `journey-miner sql`
(the same views as the command line: every table of the latest run, `<table>_all_runs` for every
run), and Vega-Lite charts that Jupyter draws.

Settings come from the environment, so the same notebooks run against any warehouse:
  JOURNEY_MINER_WAREHOUSE  the warehouse folder (default: <repo>/warehouse, where the samples land)
  JOURNEY_MINER_RUN_DATE   the run to look at (default: the latest)
  JOURNEY_MINER            the command that runs journey-miner (default: <repo>/scripts/journey-miner)
"""
import json
import os
import shlex
import subprocess
from pathlib import Path

from IPython.display import display

REPO = Path(__file__).resolve().parent.parent
WAREHOUSE = os.environ.get("JOURNEY_MINER_WAREHOUSE", str(REPO / "warehouse"))
RUN_DATE = os.environ.get("JOURNEY_MINER_RUN_DATE")


def _command():
    configured = os.environ.get("JOURNEY_MINER")
    return shlex.split(configured) if configured else [str(REPO / "scripts" / "journey-miner")]


def has_table(name):
    """Whether the warehouse holds a table (e.g. conformance tables, published by later runs)."""
    return (Path(WAREHOUSE) / name).is_dir()


def queries(**named):
    """Runs named queries in one `journey-miner sql` call (one JVM, one Spark session) and returns
    {name: list of row dicts}. Each query's rows come back as one JSON array (Spark's
    to_json(collect_list(...))), so keep results notebook-sized: aggregate in SQL."""
    columns = ", ".join(
        "(SELECT to_json(collect_list(struct(*))) FROM ({})) AS `{}`".format(query, name)
        for name, query in named.items()
    )
    command = _command() + ["sql", "--warehouse", WAREHOUSE, "--format", "json"]
    if RUN_DATE:
        command += ["--run-date", RUN_DATE]
    command.append("SELECT " + columns)
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        reason = [line for line in result.stderr.splitlines() if line.startswith("journey-miner")]
        raise RuntimeError("journey-miner sql exited with {}: {}".format(
            result.returncode, reason[-1] if reason else result.stderr[-2000:]))
    row = json.loads(result.stdout.strip().splitlines()[-1])
    return {name: json.loads(row[name]) if row[name] else [] for name in named}


def chart(spec, title):
    """Shows a Vega-Lite v5 chart (JupyterLab and Notebook 7 draw it; other front ends show the title)."""
    spec = dict(spec)
    spec.setdefault("$schema", "https://vega.github.io/schema/vega-lite/v5.json")
    spec.setdefault("title", title)
    display({"application/vnd.vegalite.v5+json": spec, "text/plain": "<Vega-Lite chart: {}>".format(title)}, raw=True)
