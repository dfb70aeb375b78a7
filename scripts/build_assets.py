#!/usr/bin/env python3
"""Copy the front-end assets from node_modules/ into static/vendor/ (no bundler, no Sass).

Run after `npm ci` (the Makefile's `assets` target does both). The result is not committed
(static/vendor/ is in .gitignore). Layout, relative to STATIC_URL:

    vendor/dkfds/css/dkfds.min.css            staff theme (+ .map)
    vendor/dkfds/css/dkfds-borgerdk.min.css   borger.dk theme for the citizen portal (+ .map)
    vendor/dkfds/js/dkfds.min.js              DKFDS components (+ .map)
    vendor/dkfds/fonts/IBMPlexSans/complete/{woff2,woff,ttf,eot}/...   referenced by the CSS
    vendor/dkfds/img/...                      icons and logos referenced by the CSS, plus the
                                              sprite img/all-svg-icons.svg
    vendor/htmx/htmx.min.js
    vendor/chart.js/chart.umd.js              (+ .map)
    vendor/axe-core/axe.min.js                browser tests only

The CSS refers to ../fonts/ and ../img/, so css/, fonts/ and img/ keep DKFDS's own relative
layout. Every url() and sourceMappingURL in the copied files is checked to resolve, because
ManifestStaticFilesStorage (production collectstatic) fails on a missing reference.
Standard library only, so it runs before the virtualenv exists (e.g. in the Docker node stage).
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "static" / "vendor"

# (package, source path inside the package, destination inside static/vendor)
FILES: list[tuple[str, str, str]] = [
    ("dkfds", "dist/css/dkfds.min.css", "dkfds/css/dkfds.min.css"),
    ("dkfds", "dist/css/dkfds.min.css.map", "dkfds/css/dkfds.min.css.map"),
    ("dkfds", "dist/css/dkfds-borgerdk.min.css", "dkfds/css/dkfds-borgerdk.min.css"),
    ("dkfds", "dist/css/dkfds-borgerdk.min.css.map", "dkfds/css/dkfds-borgerdk.min.css.map"),
    ("dkfds", "dist/js/dkfds.min.js", "dkfds/js/dkfds.min.js"),
    ("dkfds", "dist/js/dkfds.min.js.map", "dkfds/js/dkfds.min.js.map"),
    ("dkfds", "LICENSE.md", "dkfds/LICENSE.md"),
    ("htmx.org", "dist/htmx.min.js", "htmx/htmx.min.js"),
    ("htmx.org", "LICENSE", "htmx/LICENSE"),
    ("chart.js", "dist/chart.umd.js", "chart.js/chart.umd.js"),
    ("chart.js", "dist/chart.umd.js.map", "chart.js/chart.umd.js.map"),
    ("chart.js", "LICENSE.md", "chart.js/LICENSE.md"),
    ("axe-core", "axe.min.js", "axe-core/axe.min.js"),
    ("axe-core", "LICENSE", "axe-core/LICENSE"),
]

# Whole directories. Only the "complete" font formats the CSS uses (no otf, no split subsets);
# ttf is also what WeasyPrint embeds for PDFs.
DIRS: list[tuple[str, str, str]] = [
    ("dkfds", "dist/img", "dkfds/img"),
    ("dkfds", "dist/fonts/IBMPlexSans/complete/woff2", "dkfds/fonts/IBMPlexSans/complete/woff2"),
    ("dkfds", "dist/fonts/IBMPlexSans/complete/woff", "dkfds/fonts/IBMPlexSans/complete/woff"),
    ("dkfds", "dist/fonts/IBMPlexSans/complete/ttf", "dkfds/fonts/IBMPlexSans/complete/ttf"),
    ("dkfds", "dist/fonts/IBMPlexSans/complete/eot", "dkfds/fonts/IBMPlexSans/complete/eot"),
]

# The major.minor we build against; a different install is an error, not a surprise.
EXPECTED_VERSIONS = {"dkfds": "11.", "htmx.org": "2.0.", "chart.js": "4.", "axe-core": "4."}

CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+?)['\"]?\s*\)")
SOURCE_MAP = re.compile(r"sourceMappingURL=([^\s*]+)")


def package_version(package: str) -> str:
    manifest = NODE_MODULES / package / "package.json"
    if not manifest.is_file():
        sys.exit(f"build_assets: {manifest} mangler - kør `npm ci` først.")
    return str(json.loads(manifest.read_text(encoding="utf-8"))["version"])


def check_references(path: Path) -> list[str]:
    """Return the url()/sourceMappingURL targets in `path` that do not exist."""
    text = path.read_text(encoding="utf-8", errors="replace")
    targets = SOURCE_MAP.findall(text)
    if path.suffix == ".css":
        targets += CSS_URL.findall(text)
    missing = []
    for target in targets:
        if target.startswith(("data:", "http:", "https:", "//", "#")):
            continue
        relative = target.split("?", 1)[0].split("#", 1)[0]
        if not relative:
            continue
        if not (path.parent / relative).resolve().is_file():
            missing.append(f"{path.relative_to(VENDOR)} -> {target}")
    return missing


def main() -> int:
    versions = {}
    for package, prefix in EXPECTED_VERSIONS.items():
        version = package_version(package)
        if not version.startswith(prefix):
            sys.exit(f"build_assets: {package} {version} installeret, forventede {prefix}x.")
        versions[package] = version

    staging = VENDOR.with_name("vendor.tmp")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)

    for package, source, dest in FILES:
        src = NODE_MODULES / package / source
        if not src.is_file():
            sys.exit(f"build_assets: {src} findes ikke (ændret pakkelayout?).")
        target = staging / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target)
    for package, source, dest in DIRS:
        src = NODE_MODULES / package / source
        if not src.is_dir():
            sys.exit(f"build_assets: {src} findes ikke (ændret pakkelayout?).")
        shutil.copytree(src, staging / dest)

    (staging / "VERSIONS.json").write_text(
        json.dumps(versions, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )

    # Swap in atomically-ish so a running dev server never sees a half-built tree for long.
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    staging.rename(VENDOR)

    missing: list[str] = []
    for path in sorted(VENDOR.rglob("*")):
        if path.is_file() and path.suffix in {".css", ".js"}:
            missing += check_references(path)
    if missing:
        print("build_assets: uopløste referencer:", *missing, sep="\n  ", file=sys.stderr)
        return 1

    count = sum(1 for p in VENDOR.rglob("*") if p.is_file())
    summary = ", ".join(f"{name} {version}" for name, version in sorted(versions.items()))
    print(f"build_assets: {count} filer i {VENDOR.relative_to(ROOT)}/ ({summary})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
