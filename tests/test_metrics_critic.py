"""The programmatic critic moves its grades the right way and says why; the scores use the paper's
constants; the review image marks problems in red; the optional VLM judge is read correctly."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import numpy as np
import pytest
from test_metrics_util import ROOMS, add, block, door, empty_room, reference_room

from sceneorchestra_addon.core.metrics import VlmJudge, evaluate, review_image, scores
from sceneorchestra_addon.core.metrics.critic import CODES
from sceneorchestra_addon.core.metrics.review import RED
from sceneorchestra_addon.core.metrics.vlm import VlmError, parse_grades

GRADES = ("realism", "functionality", "layout", "completion")


def _grades(state):
    result = evaluate(state)
    return result.grades, result.reasons


def _reasons(reasons, grade):
    return " | ".join(str(r) for r in reasons[grade])


def test_removing_the_bed_from_a_bedroom_lowers_functionality():
    state = reference_room("bedroom")
    before, _ = _grades(state)
    after, reasons = _grades(state.without({"double_bed_0"}))
    assert after["functionality"] < before["functionality"]
    assert "bed" in _reasons(reasons, "functionality")


def test_a_bedroom_without_a_lamp_lowers_functionality():
    state = reference_room("bedroom")
    lamps = {o.id for o in state.objects if o.category in ("table_lamp", "desk_lamp", "floor_lamp", "wall_light")}
    assert lamps
    before, _ = _grades(state)
    after, reasons = _grades(state.without(lamps))
    assert after["functionality"] < before["functionality"]  # (the lamps also counted as light for the floor)
    assert "no lamp to read or work by" in _reasons(reasons, "functionality")


def test_a_large_room_with_one_light_lowers_functionality():
    from sceneorchestra_addon.core import executor
    from sceneorchestra_addon.core import trajectory as T

    def office(lights: int):
        text = ('1. init_room(room_type="office", width_m=7.0, depth_m=6.0)\n2. add_object(category="desk", placement="against_wall")\n'
                '3. add_related(category="office_chair", anchor="desk_0", relation="in_front_of", distance_m=0.05)\n'
                f'4. add_ceiling_light(count={lights})\n5. terminate(status="success")')
        return _grades(executor.execute(T.load(text), seed=0).state)

    dim, reasons = office(1)
    lit, lit_reasons = office(3)
    assert dim["functionality"] == lit["functionality"] - 2  # 42 m² for one light; 14 m² each for three
    assert "too few lights" in _reasons(reasons, "functionality") and "too few lights" not in _reasons(lit_reasons, "functionality")


def test_furniture_in_many_wood_finishes_lowers_realism():
    from dataclasses import replace

    from sceneorchestra_addon.assets.materials import MATERIALS

    state = reference_room("bedroom")
    woods = ["oak", "walnut", "pine", "birch", "painted_white", "painted_grey", "painted_blue", "mdf_black"]

    def refinished(pick) -> object:
        out = state
        for k, o in enumerate(state.objects):
            keys = [n for n, v in o.params.items() if n.startswith("material_") and isinstance(v, str) and v in MATERIALS
                    and MATERIALS[v].family == "wood"]
            if keys:
                out = out.with_object(replace(o, params={**o.params, **{n: pick(k) for n in keys}}))
        return out

    coherent, c_reasons = _grades(refinished(lambda k: "oak"))
    mixed, m_reasons = _grades(refinished(lambda k: woods[k % len(woods)]))
    assert mixed["realism"] < coherent["realism"]
    assert "different wood finishes" in _reasons(m_reasons, "realism") and "different wood finishes" not in _reasons(c_reasons, "realism")


def test_a_toilet_in_a_kitchen_lowers_realism():
    state = reference_room("kitchen")
    before, _ = _grades(state)
    with_toilet, _ = add(state, "toilet", 3.5, 2.0, yaw=90.0)
    after, reasons = _grades(with_toilet)
    assert after["realism"] < before["realism"]
    assert "toilet" in _reasons(reasons, "realism") and "does not belong in a kitchen" in _reasons(reasons, "realism")


def test_emptying_the_shelves_lowers_completion():
    state = reference_room("bedroom")
    before, _ = _grades(state)
    books = {o.id for o in state.objects if o.parent == "bookshelf_0"}
    assert len(books) >= 5
    after, reasons = _grades(state.without(books))
    assert after["completion"] < before["completion"]
    assert "empty shelves: bookshelf_0" in _reasons(reasons, "completion")


def test_chairs_turned_away_from_their_table_lower_functionality():
    base, _ = add(empty_room("dining_room"), "dining_table", 2.5, 2.0)
    facing, turned = base, base
    for x, y, yaw in ((2.5, 1.3, 180.0), (2.5, 2.7, 0.0)):
        facing, _ = add(facing, "dining_chair", x, y, 0.0, yaw)
        turned, _ = add(turned, "dining_chair", x, y, 0.0, yaw + 180.0)
    good, _ = _grades(facing)
    bad, reasons = _grades(turned)
    assert bad["functionality"] < good["functionality"]
    assert "does not face its table" in _reasons(reasons, "functionality")


def test_a_tv_nobody_faces_and_a_wardrobe_in_the_open_are_noticed():
    state, _ = add(empty_room("living_room"), "sofa", 2.5, 0.5, yaw=0.0)  # facing south, away from the TV
    state, _ = add(state, "tv_stand", 2.5, 3.7, yaw=0.0)
    state, _ = add(state, "wardrobe", 1.0, 2.0, yaw=30.0)
    grades, reasons = _grades(state)
    assert "no seat faces the screen" not in _reasons(reasons, "functionality")  # a TV stand is not a screen
    state, _ = add(state, "tv", 2.5, 3.7, 0.5)
    grades, reasons = _grades(state)
    assert "no seat faces the screen: tv_0" in _reasons(reasons, "functionality")
    assert "should stand with its back to a wall: " in _reasons(reasons, "layout") and "wardrobe_0" in _reasons(reasons, "layout")


def test_a_blocked_door_lowers_functionality():
    base = empty_room(openings=(door("south", 1.5, 0.9),))
    state, _ = add(base, "sofa", 1.5, 0.6, yaw=180.0)
    grades, reasons = _grades(state)
    assert "door blocked: door_0" in _reasons(reasons, "functionality")


def test_collisions_and_floating_objects_lower_realism_and_layout():
    state = reference_room("living_room")
    clean, _ = _grades(state)
    broken, _ = block(state, 2.8, 2.4, w=0.6, d=0.6, h=0.6)  # through the coffee table
    broken, _ = add(broken, "vase", 1.0, 1.0, 0.4)  # in mid-air
    grades, reasons = _grades(broken)
    assert grades["realism"] < clean["realism"] and grades["layout"] < clean["layout"]
    assert "interpenetrating" in _reasons(reasons, "realism") and "not supported" in _reasons(reasons, "realism")


@pytest.mark.parametrize("name", ROOMS)
def test_grades_are_integers_with_reasons_adding_up(name):
    state = reference_room(name)
    for variant in (state, state.without({o.id for o in state.objects[: len(state.objects) // 2]})):
        grades, reasons = _grades(variant)
        for g in GRADES:
            assert isinstance(grades[g], int) and 0 <= grades[g] <= 10
            lost = sum(r.points for r in reasons[g])
            assert grades[g] == max(0, 10 - lost), (g, reasons[g])
            assert all(r.code in CODES for r in reasons[g]), reasons[g]


def test_room_knowledge_is_consistent_with_the_catalogue_and_programs():
    from sceneorchestra_addon.ground import catalog
    from sceneorchestra_addon.core.programs import ROOM_PROGRAMS

    from sceneorchestra_addon.ground.rooms import ROOMS as ROOM_TABLE

    for kind in ROOM_TABLE:
        room = kind.name
        assert room in catalog.ROOM_TYPES
        program = " ".join(step for _, step in ROOM_PROGRAMS[room])
        for group in kind.essential:
            assert all(c in catalog.BY_NAME for c in group)
            assert any(room in catalog.BY_NAME[c].rooms for c in group), (room, group)
            assert any(f'"{c}' in program for c in group) or any(k in program for k in ("bed_set", "desk_set", "lounge_set", "dining_set",
                                                                                        "meeting_set")), (room, group)
        assert all(c in catalog.BY_NAME for c in kind.expected), room
    assert [k.name for k in ROOM_TABLE] == list(catalog.ROOM_TYPES) == list(ROOM_PROGRAMS)


@pytest.mark.slow
def test_furnished_rooms_hold_only_what_the_catalogue_says_belongs_there():
    """A dense furnished room of every type (its program, sets and centrepieces included) holds no
    category that the catalogue does not list for that room, so the critic finds nothing strange."""
    from sceneorchestra_addon.ground import catalog
    from sceneorchestra_addon.core import executor

    strangers = {}
    for room in catalog.ROOM_TYPES:
        text = f'1. init_furnished_room(room_type="{room}", width_m=6.0, depth_m=5.0, density="dense")\n2. terminate(status="success")'
        state = executor.run_text(text, seed=2).state
        assert len(state.objects) >= 8, room
        found = sorted({o.category for o in state.objects if room not in catalog.BY_NAME[o.category].rooms})
        if found:
            strangers[room] = found
        _, reasons = _grades(state)
        assert not [r for r in reasons["realism"] if r.code in ("unusual_object", "foreign_object")], (room, reasons["realism"])
    assert strangers == {}


# ---------------------------------------------------------------- scores


def test_scores_use_the_papers_constants():
    assert scores.q_phy(30, 1, 2) == 30 - 4 * 3
    assert scores.q_vis({"realism": 9, "functionality": 8, "layout": 7, "completion": 6}) == 7.5
    assert scores.quality(20.0, 7.5) == pytest.approx(9.5)
    assert scores.composition(9.5, 120.0) == pytest.approx(9.4)
    result = evaluate(reference_room("office"), runtime_s=60.0)
    assert result.q_phy == result.n_obj - 4 * (result.n_oob + result.n_collision_pairs)
    assert result.quality == pytest.approx(0.1 * result.q_phy + result.q_vis, abs=1e-6)
    assert result.composition == pytest.approx(result.quality - 0.05, abs=1e-6)


# ---------------------------------------------------------------- review image


def _red_pixels(image) -> int:
    return int(np.all(np.asarray(image) == RED, axis=2).sum())


def test_review_image_marks_collisions_in_red():
    state = reference_room("bedroom")
    clean = review_image(state, evaluate(state))
    assert clean.size == (int(4.6 * 120) + 140, int(4.2 * 120) + 140)
    assert _red_pixels(clean) == 0
    broken, _ = block(state, 2.3, 2.1, w=0.5, d=0.5, h=1.5)  # through the bed
    marked = review_image(broken, evaluate(broken))
    assert _red_pixels(marked) > 200


# ---------------------------------------------------------------- the VLM judge


class _Judge(BaseHTTPRequestHandler):
    reply = ""
    seen: list = []

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Judge.seen.append(body)
        payload = json.dumps({"choices": [{"message": {"role": "assistant", "content": _Judge.reply}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def judge_server():
    server = HTTPServer(("127.0.0.1", 0), _Judge)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


def test_a_configured_vlm_judge_replaces_the_critics_grades(judge_server):
    grades = {"realism": 7, "functionality": 6, "layout": 5, "completion": 4}
    _Judge.reply = "```json\n" + json.dumps({k: {"grade": v, "comment": f"{k} ok"} for k, v in grades.items()}) + "\n```"
    _Judge.seen.clear()
    result = evaluate(reference_room("bedroom"), instruction="Design me a bedroom", judge=VlmJudge(judge_server, "tiny-vlm"))
    assert result.grades == grades and result.judge == "vlm:tiny-vlm"
    assert [(r.code, r.text) for r in result.reasons["layout"]] == [("judge", "layout ok")]
    assert result.q_vis == 5.5
    content = _Judge.seen[0]["messages"][0]["content"]
    assert "```Design me a bedroom```" in content[0]["text"] and '"double_bed_0"' in content[0]["text"]
    assert content[1]["image_url"]["url"].startswith("data:image/png;base64,")


def test_a_failing_vlm_judge_falls_back_to_the_critic_and_says_so(judge_server):
    _Judge.reply = "I cannot grade this."
    result = evaluate(reference_room("bedroom"), judge=VlmJudge(judge_server, "tiny-vlm"))
    assert result.judge.startswith("critic (the VLM judge failed")
    assert set(result.grades) == set(GRADES)


def test_parse_grades_rejects_out_of_range():
    with pytest.raises(VlmError, match="realism"):
        parse_grades(json.dumps({"realism": {"grade": 12}, "functionality": {"grade": 1}, "layout": {"grade": 1}, "completion": {"grade": 1}}))
    assert parse_grades('{"realism": {"grade": 9}, "functionality": {"grade": 8}, "layout": {"grade": 7.0}, "completion": {"grade": 6}}')[0] == {
        "realism": 9, "functionality": 8, "layout": 7, "completion": 6}


def test_vlm_judge_from_env(monkeypatch):
    monkeypatch.delenv("SCENEORCHESTRA_VLM_URL", raising=False)
    assert VlmJudge.from_env() is None
    monkeypatch.setenv("SCENEORCHESTRA_VLM_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("SCENEORCHESTRA_VLM_MODEL", "m")
    assert VlmJudge.from_env() == VlmJudge("http://127.0.0.1:9/v1", "m", None)


def test_a_classroom_with_one_pupils_desk_is_thin():
    """The repeated pieces of a room type (a classroom's desks and chairs) count as lacking while
    the room holds under two thirds of what its program places; a classroom built by its
    program holds them all."""
    from sceneorchestra_addon.core import executor
    from sceneorchestra_addon.core import trajectory as T
    from sceneorchestra_addon.core.metrics.critic import completion_gaps, thin_pieces

    text = ('1. init_room(room_type="classroom", width_m=7.0, depth_m=6.0)\n2. add_object(category="school_desk", placement="middle")\n'
            '3. terminate(status="success")\n')
    state = executor.execute(T.load(text), seed=0).state
    assert dict(thin_pieces(state)) == {"school_desk": 5, "classroom_chair": 6}
    assert completion_gaps(state).size >= 11
    full = executor.execute(T.load('1. init_furnished_room(room_type="classroom", width_m=7.0, depth_m=6.0, density="normal")\n'
                                   '2. terminate(status="success")\n'), seed=0).state
    assert thin_pieces(full) == ()
