"""The paper's scores (constants of SceneOrchestra's code).

* physical quality ``Q_phy = N_obj - ALPHA (N_ob + N_col)``, ALPHA = 4;
* visual quality ``Q_vis`` = mean of the four grades (realism, functionality, layout, completion);
* quality ``Q = LAMBDA Q_phy + Q_vis``, LAMBDA = 0.1;
* composition ``C = Q - GAMMA T``, GAMMA = 0.05 per minute of cumulative runtime T.
"""

from __future__ import annotations

ALPHA = 4.0
LAMBDA = 0.1
GAMMA_PER_MIN = 0.05
GRADE_NAMES = ("realism", "functionality", "layout", "completion")


def q_phy(n_obj: int, n_oob: int, n_collision_pairs: int) -> float:
    return float(n_obj) - ALPHA * (n_oob + n_collision_pairs)


def q_vis(grades: dict[str, int]) -> float:
    missing = [k for k in GRADE_NAMES if k not in grades]
    if missing:
        raise KeyError(f"grades lack {', '.join(missing)}")
    return sum(float(grades[k]) for k in GRADE_NAMES) / len(GRADE_NAMES)


def quality(phy: float, vis: float) -> float:
    return LAMBDA * phy + vis


def composition(q: float, runtime_s: float) -> float:
    return q - GAMMA_PER_MIN * runtime_s / 60.0
