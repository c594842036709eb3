"""The end of a batch: the summary (counts, failures, metric means, speed) and the contact sheet (one
labelled thumbnail per scene, Pillow).

The sheet shows each scene's ``preview.png`` (the Workbench render, with ``--render``) or else its
``review.png`` (the evaluator's top-down drawing, which every scene has, so a batch without renders
still gets a sheet). A failed scene is a grey tile with its error.
"""

from __future__ import annotations

import math
import statistics
from pathlib import Path

MEAN_KEYS = ("n_obj", "n_oob", "n_collision_pairs", "quality", "composition")
GRADE_KEYS = ("realism", "functionality", "layout", "completion")
MAX_TILES = 400  # a larger batch shows its first 400 scenes (the sheet stays under about 4000 x 4000 pixels)


def _mean(values) -> float | None:
    values = [v for v in values if isinstance(v, (int, float))]
    return round(statistics.fmean(values), 3) if values else None


def summarize(rows: list[dict], total: int, *, skipped: int, this_run: list[dict], wall_s: float, start: dict | None = None) -> dict:
    """The batch's summary over its manifest rows (``total`` scenes asked for; ``skipped`` were
    complete before this run; ``this_run`` are the rows made, or tried, in it, which took
    ``wall_s`` seconds; ``start`` is what the runner reported when its first worker was ready)."""
    ok = [r for r in rows if r.get("status") == "ok"]
    failed = [r for r in rows if r.get("status") != "ok"]
    metrics = [r.get("metrics") or {} for r in ok]
    means = {k: _mean(m.get(k) for m in metrics) for k in MEAN_KEYS}
    means.update({k: _mean((m.get("grades") or {}).get(k) for m in metrics) for k in GRADE_KEYS})
    ran = len(this_run)
    start = start or {}
    busy_s = max(wall_s - float(start.get("startup_s") or 0.0), 1e-9)
    return {
        "scenes": total, "ok": len(ok), "failed": len(failed), "not_run": total - len(rows), "skipped": skipped, "ran": ran,
        "failures": [{"prompt": r["prompt"], "seed": r["seed"], "stage": r.get("stage", ""), "error": r.get("error", "")} for r in failed],
        "means": means,
        "oob_total": sum(int(m.get("n_oob") or 0) for m in metrics),
        "cn_total": sum(int(m.get("n_collision_pairs") or 0) for m in metrics),
        "scenes_with_oob": sum(1 for m in metrics if m.get("n_oob")),
        "scenes_with_cn": sum(1 for m in metrics if m.get("n_collision_pairs")),
        "wall_s": round(wall_s, 2), "startup_s": round(float(start.get("startup_s") or 0.0), 2),
        "scenes_per_min": round(60.0 * ran / wall_s, 2) if ran and wall_s > 0 else None,
        "scenes_per_min_after_startup": round(60.0 * ran / busy_s, 2) if ran else None,
        "mean_scene_s": _mean((r.get("timings") or {}).get("scene_s") for r in this_run),
        "engine": start.get("engine"), "workers": start.get("workers"),
        "nodes": len({(r.get("worker") or {}).get("node") for r in this_run} - {None}),
    }


def format_summary(summary: dict) -> str:
    """The summary in a few lines, as the command prints it."""
    s = summary
    lines = [f"{s['scenes']} scenes: {s['ok']} ok, {s['failed']} failed, {s['not_run']} not run "
             f"({s['skipped']} already complete, {s['ran']} made in this run)"]
    if s["ran"]:
        lines.append(f"time {s['wall_s']:.1f} s ({s['startup_s']:.1f} s start-up) on {s['workers']} worker(s), {s['nodes']} node(s): "
                     f"{s['scenes_per_min']} scenes/min ({s['scenes_per_min_after_startup']} after start-up), "
                     f"{s['mean_scene_s']} s per scene in a worker")
    m = s["means"]
    if s["ok"]:
        fmt = lambda k, d=2: "-" if m.get(k) is None else f"{m[k]:.{d}f}"  # noqa: E731
        lines.append(f"means: objects {fmt('n_obj', 1)}, #OB {fmt('n_oob')}, #CN {fmt('n_collision_pairs')}, realism {fmt('realism', 1)}, "
                     f"functionality {fmt('functionality', 1)}, layout {fmt('layout', 1)}, completion {fmt('completion', 1)}, "
                     f"quality {fmt('quality')}")
        lines.append(f"out of bounds: {s['oob_total']} objects in {s['scenes_with_oob']} scenes; "
                     f"collisions: {s['cn_total']} pairs in {s['scenes_with_cn']} scenes")
    for f in s["failures"][:20]:
        lines.append(f"failed: {f['prompt'][:60]!r} seed {f['seed']}: {f['stage']}: {f['error']}")
    if len(s["failures"]) > 20:
        lines.append(f"... and {len(s['failures']) - 20} more failures (see the manifest)")
    return "\n".join(lines)


def contact_sheet(out: Path, rows: list[dict], path: Path, tile: int = 200, columns: int | None = None) -> int:
    """Write a grid of one thumbnail per row (the first ``MAX_TILES``), each labelled with the
    prompt, the seed, the object count, #OB and #CN; returns the number of tiles."""
    from PIL import Image, ImageDraw, ImageFont

    rows = rows[:MAX_TILES]
    if not rows:
        return 0
    cols = columns or min(20, max(1, math.ceil(math.sqrt(len(rows)))))
    label_h = 34
    sheet = Image.new("RGB", (cols * tile, math.ceil(len(rows) / cols) * (tile + label_h)), "white")
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default(size=11)
    for i, row in enumerate(rows):
        x, y = (i % cols) * tile, (i // cols) * (tile + label_h)
        image = _thumbnail(out, row, tile)
        if image is not None:
            sheet.paste(image, (x + (tile - image.width) // 2, y + (tile - image.height) // 2))
        else:
            draw.rectangle((x + 2, y + 2, x + tile - 3, y + tile - 3), fill=(200, 200, 200))
            draw.multiline_text((x + 8, y + 8), _wrap(row.get("error") or "no image", 30, 8), fill=(140, 0, 0), font=font)
        m = row.get("metrics") or {}
        if row.get("status") == "ok":
            stats = f"s{row['seed']}  {m.get('n_obj')} obj  OB {m.get('n_oob')}  CN {m.get('n_collision_pairs')}"
        else:
            stats = f"s{row['seed']}  FAILED ({row.get('stage', '')})"
        draw.text((x + 4, y + tile + 2), row["prompt"][:34], fill=(0, 0, 0), font=font)
        draw.text((x + 4, y + tile + 17), stats, fill=(0, 0, 0) if row.get("status") == "ok" else (160, 0, 0), font=font)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp.png")
    sheet.save(tmp)
    tmp.replace(path)
    return len(rows)


def _thumbnail(out: Path, row: dict, tile: int):
    from PIL import Image

    paths = row.get("paths") or {}
    for name in ("preview", "review"):
        if name in paths and (out / paths[name]).is_file():
            try:
                with Image.open(out / paths[name]) as image:
                    image = image.convert("RGB")
                    image.thumbnail((tile - 4, tile - 4))
                    return image
            except OSError:
                continue
    return None


def _wrap(text: str, width: int, lines: int) -> str:
    words, out, line = text.split(), [], ""
    for word in words:
        if len(line) + len(word) + 1 > width and line:
            out.append(line)
            line = ""
        line = f"{line} {word}".strip()
    out.append(line)
    return "\n".join(out[:lines])
