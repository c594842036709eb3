"""Shared helpers of the training stages: JSONL files, the paper's constants, prompt texts,
truncated trajectories and replaying a rollout's kept calls.

No torch / transformers / trl here: the data stages (instructions, rollouts, datasets) run
without them. ``training/hf.py`` holds everything that needs them.

Run the stages from the repository root (``python -m training.<stage>``) or as files
(``python training/<stage>.py``); both work because the root is put on ``sys.path`` here.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sceneorchestra_addon.agent import prompts  # noqa: E402
from sceneorchestra_addon.core import trajectory as T  # noqa: E402

# The paper's thresholds (SceneOrchestra's tau1-tau4 and k) and score constants (alpha, lambda, gamma).
TAU1_STEP_SFT = 3.0  # stepwise SFT: keep steps whose composition jumps by more than this
TAU2_TRAJ_SFT = 7.5  # trajectory SFT: keep truncated rollouts whose composition exceeds this
TAU3_STEP_DPO = 3.0  # stepwise DPO: |C_alt - C_t| must exceed this
TAU4_TRAJ_DPO = 3.0  # trajectory DPO: |C_a - C_b| must exceed this
K_CANDIDATES = 4  # discriminator: candidates per example (the paper's code)
GAMMA_PER_MIN = 0.05  # C = Q - gamma * T, T in minutes
TERMINATE = 'terminate(status="success")'
DEFAULT_GUIDE = "none"  # a from-scratch model learns the tools from the data; "compact"/"full" for larger bases


def read_jsonl(path: Path) -> list[dict]:
    """All records of a JSONL file ([] when it does not exist)."""
    path = Path(path)
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def dataset_records(out: Path, names: str) -> list[dict]:
    """The records of comma-separated dataset names (``<out>/<name>.jsonl``); a missing file is an
    error that names it, not an empty dataset."""
    records: list[dict] = []
    for name in names.split(","):
        path = Path(out) / f"{name.strip().removesuffix('.jsonl')}.jsonl"
        if not path.exists():
            raise SystemExit(f"no dataset file {path}: run training/build_datasets.py first, or check the name")
        records.extend(read_jsonl(path))
    return records


def write_jsonl(path: Path, records: Iterable[dict]) -> int:
    """Write ``records`` to ``path`` (replacing it, through a temporary file); returns the count."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    n = 0
    with tmp.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
            n += 1
    tmp.replace(path)
    return n


def append_jsonl(path: Path, record: dict) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")


def composition(quality: float, runtime_s: float) -> float:
    """C = Q - gamma * T (T in minutes)."""
    return quality - GAMMA_PER_MIN * runtime_s / 60.0


def n_calls(text: str) -> int:
    """The number of calls of a trajectory text (terminate included)."""
    return len(T.parse(text).calls)


def longer_share(pairs: list[dict]) -> float | None:
    """The share of DPO pairs whose chosen trajectory has more calls than the rejected one ("the
    longer wins"; None without pairs): ``meta.longer_wins`` when recorded, else counted."""
    flags = [bool(p["meta"]["longer_wins"]) if "longer_wins" in p.get("meta", {}) else n_calls(p["chosen"]) > n_calls(p["rejected"])
             for p in pairs]
    return sum(flags) / len(flags) if flags else None


def kept_steps(rollout: dict) -> list[dict]:
    """The steps that stayed in the scene (rolled-back ones dropped), terminate included."""
    return [s for s in rollout["steps"] if s.get("kept", True)]


def body_steps(rollout: dict) -> list[dict]:
    """Kept steps without the final terminate: the possible truncation points."""
    return [s for s in kept_steps(rollout) if not s["call"].startswith("terminate(")]


def trajectory_text(calls: Iterable[str], close: bool = True) -> str:
    """Numbered canonical trajectory text of plain calls, closed with terminate when ``close``."""
    calls = list(calls)
    if close and (not calls or not calls[-1].startswith("terminate(")):
        calls.append(TERMINATE)
    text = "\n".join(f"{i}. {c}" for i, c in enumerate(calls, start=1))
    return T.format(T.load(text)).rstrip("\n")  # validates: a broken call is never taught


def truncated(rollout: dict, t: int) -> tuple[str, float]:
    """The rollout cut after its t-th kept body step (0-based), closed with terminate, and the
    composition score C_t of that step."""
    steps = body_steps(rollout)
    return trajectory_text(s["call"] for s in steps[: t + 1]), float(steps[t]["composition"])


def trajectory_prompt(instruction: str, guide: str) -> str:
    return prompts.trajectory_prompt(instruction, guide=guide)


def stepwise_prompt(instruction: str, history: list[tuple[str, str]], guide: str) -> str:
    return prompts.stepwise_prompt(instruction, history, guide=guide)


def discriminator_prompt(instruction: str, candidates: list[str], guide: str) -> str:
    return prompts.discriminator_prompt(instruction, candidates, guide=guide)


class Timer:
    """Prints how long a stage took: ``with Timer("rollouts"): ...``."""

    def __init__(self, name: str):
        self.name = name

    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
        print(f"[time] {self.name}: {self.seconds:.1f} s", flush=True)
        return False


def iter_records(paths: Iterable[Path]) -> Iterator[dict]:
    for p in paths:
        yield from read_jsonl(p)
