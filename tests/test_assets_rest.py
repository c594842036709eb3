"""Every floor and on-top category rests on what carries it, as SceneEval's SUP measures it (a ball
on a flattened patch, a rocking chair on the flat of its rockers, a desk lamp whose head stays over
its base), for several sampled shapes and both styles."""

from __future__ import annotations

import pytest

from sceneorchestra_addon.core import executor
from sceneorchestra_addon.core import trajectory as T
from sceneorchestra_addon.core.metrics import evaluate
from sceneorchestra_addon.ground import catalog

STANDING = [c for c in catalog.CATEGORIES if c.counts_as_object and c.placement in ("floor", "on_top")]


def _room(category) -> str:
    if category.placement == "floor":
        return (f'1. init_room(room_type="{category.rooms[0]}", width_m=7.0, depth_m=6.0)\n'
                f'2. add_object(category="{category.name}", placement="middle")\n3. terminate(status="success")')
    return ('1. init_room(room_type="office", width_m=7.0, depth_m=6.0)\n2. add_object(category="conference_table", placement="middle")\n'
            f'3. add_on_top(parent="conference_table_0", category="{category.name}", count=2)\n4. terminate(status="success")')


@pytest.mark.parametrize("category", STANDING, ids=[c.name for c in STANDING])
def test_every_standing_category_is_supported(category):
    for seed in range(4):
        ex = executor.execute(T.load(_room(category)), seed=seed)
        assert any(o.category == category.name for o in ex.state.objects), (category.name, seed)
        unsupported = [s for r in evaluate(ex.state).all_reasons() if r.code == "unsupported" for s in r.subjects]
        assert unsupported == [], (category.name, seed, [ex.state.get(s).params for s in unsupported])


def test_the_shapes_that_used_to_tip_over_rest():
    for name in ("medicine_ball", "rocking_chair", "desk_lamp"):
        test_every_standing_category_is_supported(catalog.BY_NAME[name])


HOLDERS = [c for c in catalog.CATEGORIES if c.supports and c.placement in ("floor", "wall")]


@pytest.mark.parametrize("category", HOLDERS, ids=[c.name for c in HOLDERS])
def test_what_a_holder_carries_never_passes_through_it(category):
    """Every surface a generator declares is free: small things crowded on a holder's tops, shelves
    and insides do not pass through its own parts (a display fridge's built-in bottles once stood
    on its top shelf's surface)."""
    add = f'add_object(category="{category.name}", placement="middle")' if category.placement == "floor" else f'add_wall_object(category="{category.name}")'
    for seed in range(2):
        text = (f'1. init_room(room_type="{category.rooms[0]}", width_m=7.0, depth_m=6.0)\n2. {add}\n'
                f'3. add_crowd(parent="{category.name}_0", categories=("bottle", "book", "cup", "vase"), surface="any", density=0.9)\n'
                '4. terminate(status="success")')
        ex = executor.execute(T.load(text), seed=seed)
        assert [r.text for r in evaluate(ex.state).all_reasons() if r.code == "collision"] == [], (category.name, seed)
