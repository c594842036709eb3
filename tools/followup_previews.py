"""Before / after previews of one follow-up for the README (issue 14).

    .venv/bin/python tools/followup_previews.py [--prompt P] [--follow-up F] [--seed N] [--resolution PX] [--out DIR]

Generates the prompt's room with the rules backend into a temporary run folder (``write_run``, the
path of ``generate``), applies the follow-up with ``continue_run`` (``generate --continue``) and copies
the project's preview (``blender/render.render_preview``: top view and perspective side by side) of
each into ``DIR/before.png`` and ``DIR/after.png`` (default ``docs/followup/``), re-saved as
optimized PNGs. Needs bpy.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PROMPT = "Design me a living room"
FOLLOW_UP = "remove the rug and add an armchair by the window"


def _save(preview: Path, out: Path) -> None:
    from PIL import Image

    image = Image.open(preview).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(out, optimize=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--prompt", default=PROMPT)
    p.add_argument("--follow-up", default=FOLLOW_UP)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--resolution", type=int, default=320, help="each view's side in pixels (the image is twice as wide)")
    p.add_argument("--out", default=str(ROOT / "docs" / "followup"))
    args = p.parse_args(argv)

    from sceneorchestra_addon.agent.pipeline import BackendSettings, Pipeline
    from sceneorchestra_addon.run_folder import continue_run, write_run

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="followup-previews-") as tmp:
        run = Path(tmp)
        generated = Pipeline(BackendSettings("rules")).run(args.prompt, seed=args.seed)
        write_run(generated, run, resolution=args.resolution, prompt=args.prompt)
        _save(run / "preview.png", out / "before.png")
        _, calls = continue_run(run, args.follow_up, resolution=args.resolution)
        _save(run / "preview.png", out / "after.png")
    print(f"{args.prompt!r} -> {out / 'before.png'}")
    print(f"{args.follow_up!r}:" + "".join(f"\n  + {c}" for c in calls))
    print(f"-> {out / 'after.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
