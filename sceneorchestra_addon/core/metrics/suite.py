"""The evaluation of a scene of several rooms (``ground.suite.SuiteState``).

``evaluate_suite(suite, rooms_specs, runtime_s)`` returns a ``SuiteReport``:

* **Per room** (every room but the halls, which hold no furniture program; a hall asked to hold
  something, "a hallway with a coat rack", has its requirements counted, ``halls``): today's ``evaluate``
  on the room's own scene against the requirements addressed to it (``rooms_specs``: room name ->
  spec strings, e.g. from the plan reader's per-room words), so #OB, #CN, NAV, the critic's grades
  and CNT / OOR / OAR are each room's own.
* **Totals**: objects, #OB and #CN summed over the rooms; CNT, OOR and OAR pooled over every spec
  of every room (a room with more specs weighs more); grades and quality the mean over the rooms.
* **Reachability, from the geometry**: the plan's doors connect the rooms (``plan.reachable``: the
  room found on each side of each door's centre, not the plan's own adjacency lists), and inside
  every room (halls included) the free floor that NAV measures (``sceneeval.navigability``: the
  walker's footprint kept off walls and furniture) connects all of the room's doors. A room is
  reachable when a chain of such rooms and doors leads to it from the entrance; ``unreachable``
  lists the others and ``blocked_doors`` the doors a room's furniture cuts off.

``suite_review_image(suite, report)`` draws every room's marked review drawing in its place on the
plan, with each room's name, objects, #OB and #CN.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PIL import Image

from ...ground.geometry import wall_frame
from ...ground.plan import HALL, door_sides
from ...ground.suite import HALF_WALL_M, SuiteState, room_doors
from ...ground.state import SceneState
from . import Report, evaluate, review_image, sceneeval
from .physical import scene_meshes
from .raster import component_labels
from .specs import fidelity, parse_specs
from .review import MARGIN_PX, PX_PER_M, _font, canvas, render

DOOR_PROBE_M = 0.35  # the door's mouth: the floor this far inside the room, across the door's width
DOOR_SIDE_M = 0.1  # less this much each side (the frame)


@dataclass(frozen=True)
class SuiteReport:
    rooms: dict[str, Report]
    reachable: tuple[str, ...]
    unreachable: tuple[str, ...]
    blocked_doors: tuple[str, ...]  # "<room>:<door id>" that the room's free floor does not reach
    runtime_s: float
    halls: dict[str, tuple[dict[str, Any], ...]] = field(default_factory=dict)  # a hall's requirements (no room program, no grades)

    @property
    def n_obj(self) -> int:
        return sum(r.n_obj for r in self.rooms.values())

    @property
    def n_oob(self) -> int:
        return sum(r.n_oob for r in self.rooms.values())

    @property
    def n_collision_pairs(self) -> int:
        return sum(r.n_collision_pairs for r in self.rooms.values())

    @property
    def quality(self) -> float:
        return float(np.mean([r.quality for r in self.rooms.values()])) if self.rooms else 0.0

    @property
    def grades(self) -> dict[str, float]:
        keys = next(iter(self.rooms.values())).grades if self.rooms else {}
        return {k: round(float(np.mean([r.grades[k] for r in self.rooms.values()])), 3) for k in keys}

    def pooled(self, kind: str) -> float | None:
        """CNT ("count"), OOR ("object") or OAR ("architecture") over every room's specs."""
        found = [d["satisfied"] for r in self.rooms.values() for d in r.details.get("specs", ()) if d["kind"] == kind]
        found += [d["satisfied"] for specs in self.halls.values() for d in specs if d["kind"] == kind]
        return round(sum(found) / len(found), 6) if found else None

    def requirements(self) -> list[dict[str, Any]]:
        out = [dict(req, room=name) for name, r in self.rooms.items() for req in r.requirements()]
        for name, specs in self.halls.items():
            out += [{"spec": d["spec"], "satisfied": d["satisfied"], "detail": f"{d['count']} {'found' if d['kind'] == 'count' else 'placed so'}",
                     "room": name} for d in specs]
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "suite",
            "n_rooms": len(self.reachable) + len(self.unreachable),
            "n_obj": self.n_obj,
            "n_oob": self.n_oob,
            "n_collision_pairs": self.n_collision_pairs,
            "cnt": self.pooled("count"),
            "oor": self.pooled("object"),
            "oar": self.pooled("architecture"),
            "grades": self.grades,
            "quality": round(self.quality, 6),
            "reachable": list(self.reachable),
            "unreachable": list(self.unreachable),
            "blocked_doors": list(self.blocked_doors),
            "all_reachable": not self.unreachable,
            "runtime_s": float(self.runtime_s),
            "requirements": self.requirements(),
            "rooms": {name: r.to_dict() for name, r in self.rooms.items()},
        }


def door_reach(state: SceneState) -> dict[str, bool]:
    """For each door of a room: whether the walker can stand in the door's mouth (the floor across
    the door's width, up to ``DOOR_PROBE_M`` inside) on the same free floor as at the room's other
    doors (NAV's free floor: the walker's footprint kept off walls and furniture)."""
    doors = [o for o in state.openings if o.kind == "door"]
    if not doors:
        return {}
    ids = list(scene_meshes(state))
    nav = sceneeval.navigability(state, ids)
    labels = component_labels(nav.free)
    grid = nav.grid
    found: dict[str, int] = {}
    gx, gy = np.meshgrid(grid.xs, grid.ys, indexing="ij")
    for o in doors:
        start, direction, inward = wall_frame(state.room, o.wall)
        rel_x, rel_y = gx - start[0], gy - start[1]
        along = rel_x * direction[0] + rel_y * direction[1] - o.offset_m
        depth = rel_x * inward[0] + rel_y * inward[1]
        mouth = (np.abs(along) <= max(o.width_m / 2 - DOOR_SIDE_M, grid.pixel_m)) & (depth >= 0.0) & (depth <= DOOR_PROBE_M)
        window = labels[mouth]
        values, counts = np.unique(window[window > 0], return_counts=True)
        found[o.id] = int(values[np.argmax(counts)]) if len(values) else 0
    main = max(set(found.values()), key=lambda v: (v != 0, list(found.values()).count(v)))
    return {k: v != 0 and v == main for k, v in found.items()}


def _reachable(suite: SuiteState, blocked: set[tuple[str, str]]) -> set[str]:
    """Rooms reached from the entrance through doors whose sides the geometry finds, entering a
    room only through a door its free floor reaches, and leaving it through another such door."""
    plan = suite.plan
    doors = [plan.entrance, *plan.doors]
    ids: dict[tuple[int, str], str] = {}
    for name in suite.names:
        for n, k in enumerate(room_doors(plan, name)):
            ids[(k, name)] = f"door_{n}"
    sides = [door_sides(plan, d) for d in doors]
    start = sides[0][0] if sides[0][0] is not None else sides[0][1]
    if start is None or (start, ids.get((0, start), "")) in blocked:
        return set()
    seen = {start}
    frontier = [start]
    while frontier:
        name = frontier.pop()
        for k, (a, b) in enumerate(sides[1:], start=1):
            if name not in (a, b) or None in (a, b):
                continue
            other = b if a == name else a
            if other in seen or (name, ids.get((k, name), "")) in blocked or (other, ids.get((k, other), "")) in blocked:
                continue
            seen.add(other)
            frontier.append(other)
    return seen


def evaluate_suite(suite: SuiteState, rooms_specs: dict[str, list[str]] | None = None, runtime_s: float = 0.0) -> SuiteReport:
    """Every room's evaluation, the totals and the reachability (see the module docstring)."""
    rooms_specs = rooms_specs or {}
    reports: dict[str, Report] = {}
    for name in suite.furnished():
        reports[name] = evaluate(suite.state(name), specs=rooms_specs.get(name, []), runtime_s=runtime_s)
    halls = {}
    for name in suite.names:
        if name not in reports and rooms_specs.get(name):  # a hall asked to hold something: the counts and places only
            _, results = fidelity(suite.state(name), parse_specs(rooms_specs[name]))
            halls[name] = tuple({"spec": r.spec, "kind": r.kind, "count": r.count, "satisfied": r.satisfied} for r in results)
    blocked: set[tuple[str, str]] = set()
    for name in suite.names:
        for door, ok in door_reach(suite.state(name)).items():
            if not ok:
                blocked.add((name, door))
    reached = _reachable(suite, blocked)
    return SuiteReport(reports, tuple(n for n in suite.names if n in reached), tuple(n for n in suite.names if n not in reached),
                       tuple(f"{r}:{d}" for r, d in sorted(blocked)), float(runtime_s), halls)


def suite_review_image(suite: SuiteState, report: SuiteReport) -> Image.Image:
    """The plan with every room's review drawing in its place, each room's name and figures."""
    fp = suite.plan.footprint
    image, draw, to_px = canvas(fp.width, fp.depth)
    font, big = _font(13), _font(18)

    def px(x: float, y: float) -> tuple[int, int]:
        u, v = to_px(x, y)
        return int(round(u)), int(round(v))

    t = HALF_WALL_M
    for name in suite.names:
        state = suite.state(name)
        room = state.room
        if name in report.rooms:
            sub = review_image(state, report.rooms[name])
        else:
            sub = render(state)
        sub_h = sub.size[1]
        # the room's own drawing: its (0, 0) corner at (MARGIN_PX, sub_h - MARGIN_PX); crop to the rectangle out to the wall line
        box = (int(round(MARGIN_PX - t * PX_PER_M)), int(round(sub_h - MARGIN_PX - (room.depth_m + t) * PX_PER_M)),
               int(round(MARGIN_PX + (room.width_m + t) * PX_PER_M)), int(round(sub_h - MARGIN_PX + t * PX_PER_M)))
        ox, oy = suite.origin(name)
        image.paste(sub.crop(box), px(ox - t, oy + room.depth_m + t))
    for pr in suite.plan.rooms:
        cx, cy = px((pr.rect.x0 + pr.rect.x1) / 2, (pr.rect.y0 + pr.rect.y1) / 2)
        r = report.rooms.get(pr.name)
        lines = [pr.name] + ([f"{r.n_obj} objects  #OB {r.n_oob}  #CN {r.n_collision_pairs}"] if r else [])
        if pr.name in report.unreachable:
            lines.append("not reachable")
        for k, line in enumerate(lines):
            f = big if k == 0 else font
            width = draw.textlength(line, font=f)
            y = cy - 12 * len(lines) + 24 * k
            draw.rectangle([cx - width / 2 - 3, y - 1, cx + width / 2 + 3, y + (20 if k == 0 else 15)], fill=(255, 255, 255))
            draw.text((cx - width / 2, y), line, fill=(214, 30, 30) if line == "not reachable" else (20, 20, 20), font=f)
    e = suite.plan.entrance
    ex, ey = px(*e.centre)
    draw.text((ex + 6, ey + 4 if e.segment.horizontal and abs(e.segment.y0) < 1e-6 else ey - 18), "entrance", fill=(120, 60, 20), font=font)
    title = (f"{len(suite.names)} rooms, {fp.width:.1f} x {fp.depth:.1f} m   N_obj {report.n_obj}   #OB {report.n_oob}   #CN {report.n_collision_pairs}   "
             f"{'all rooms reachable' if not report.unreachable else 'unreachable: ' + ', '.join(report.unreachable)}")
    draw.text((MARGIN_PX, 18), title, fill=(20, 20, 20), font=big)
    return image


__all__ = ["SuiteReport", "door_reach", "evaluate_suite", "suite_review_image", "HALL"]
