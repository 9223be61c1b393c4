"""Benchmark: how long a slideshow takes to render, against the length of its sound.

What it measures
    ``render_slideshow`` (bot/media/render.py) on ``--photos`` generated photo-like JPEGs of
    ``--width`` × ``--height`` and a generated ``--sound-s`` second MP3 (a sine), each run in a
    fresh child process so its peak RSS (``VmHWM``; ``ru_maxrss`` would keep the parent's peak
    across the exec) is the render's alone, imports included.
    ``ratio`` = render seconds ÷ sound seconds; the inputs are made once, before the runs.

How to run (from the repository root)
    python bench/render_bench.py   # 12 photos 1080x1920, a 20 s sound, 3 runs
    python bench/render_bench.py --photos 2 --width 64 --height 96 --sound-s 3 --runs 1  # smoke

Target: ``ratio`` (median) <= 0.1 on 2 cores.

Progress goes to stderr; the last line of stdout is one JSON object:
    {"photos", "sound_s", "render_s", "ratio", "ratio_min", "ratio_max", "peak_rss_mb", "runs"}
(render_s, ratio and peak_rss_mb are medians over the runs; min/max give the spread.)
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))  # runnable as `python bench/render_bench.py`

from bench.common import progress
from devservers.render_inputs import write_jpeg, write_mp3

log = progress("render_bench")

# One render in a child process; prints its seconds and peak RSS (MB) as JSON.
_CHILD = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from bot.media.render import render_slideshow
folder = Path(sys.argv[2])
images = sorted(folder.glob("photo-*.jpg"))
started = time.perf_counter()
video = render_slideshow(images, folder / "sound.mp3", Path(sys.argv[3]))
seconds = time.perf_counter() - started
status = Path("/proc/self/status").read_text()
peak_mb = int(status.split("VmHWM:")[1].split()[0]) / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "duration": video.duration}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=12)
    parser.add_argument("--width", type=int, default=1080)
    parser.add_argument("--height", type=int, default=1920)
    parser.add_argument("--sound-s", type=float, default=20.0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="render-bench-") as name:
        folder = Path(name)
        for index in range(args.photos):
            write_jpeg(folder / f"photo-{index:02d}.jpg", args.width, args.height, seed=index)
        write_mp3(folder / "sound.mp3", args.sound_s)
        runs = []
        for run in range(args.runs):
            out = folder / f"out-{run}"
            out.mkdir()
            result = subprocess.run(
                [sys.executable, "-c", _CHILD, str(REPO_ROOT), str(folder), str(out)],
                capture_output=True,
                text=True,
                check=True,
            )
            runs.append(json.loads(result.stdout.strip().splitlines()[-1]))
            log(f"run {run + 1}: {runs[-1]['seconds']:.2f} s, {runs[-1]['peak_mb']:.0f} MB")
    ratios = [entry["seconds"] / args.sound_s for entry in runs]
    print(
        json.dumps(
            {
                "photos": args.photos,
                "sound_s": args.sound_s,
                "render_s": round(statistics.median(entry["seconds"] for entry in runs), 3),
                "ratio": round(statistics.median(ratios), 4),
                "ratio_min": round(min(ratios), 4),
                "ratio_max": round(max(ratios), 4),
                "peak_rss_mb": round(statistics.median(entry["peak_mb"] for entry in runs), 1),
                "runs": args.runs,
            }
        )
    )


if __name__ == "__main__":
    main()
