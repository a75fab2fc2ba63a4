"""Build the web page's vendored assets from the locked npm dependencies: YASGUI's bundle and
the SHACL form component (@ulb-darmstadt/shacl-form, MIT) the records form is drawn with.

Why at build time and not in git: the SPARQL editor (@zazuko/yasgui, MIT, the editor Fuseki's
UI uses) is a declared dependency pinned by package-lock.json; ``npm ci`` installs exactly
that, and only the two built files it needs (plus its licence) are copied into
``server/static/vendor/``, which git ignores. Serving never fetches anything: the files travel
in the wheel. setup.py runs this before building the package; run it by hand after changing
the lock. A stamp (the lock's SHA-256) skips the work when nothing changed. The package ships
no licence file; its package.json (version, "license": "MIT", repository) is copied instead.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENDOR = HERE.parent / "static" / "vendor"
FILES = {
    "node_modules/@zazuko/yasgui/build/yasgui.min.js": "yasgui.min.js",
    "node_modules/@zazuko/yasgui/build/yasgui.min.css": "yasgui.min.css",
    "node_modules/@zazuko/yasgui/package.json": "yasgui.package.json",
    # the records form generated from the shapes (MIT); one self-contained bundle
    "node_modules/@ulb-darmstadt/shacl-form/dist/form-default.js": "shacl-form.js",
    "node_modules/@ulb-darmstadt/shacl-form/LICENSE": "shacl-form.LICENSE",
}


def build() -> Path:
    """Install the locked packages and copy the bundle; returns the vendor folder."""
    lock = (HERE / "package-lock.json").read_bytes()
    stamp = hashlib.sha256(lock).hexdigest()
    stamp_file = VENDOR / "lock.sha256"
    fresh = stamp_file.exists() and stamp_file.read_text().strip() == stamp
    if fresh and all((VENDOR / name).exists() for name in FILES.values()):
        return VENDOR
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit(
            "building dutygraph's web assets needs npm (Node.js): install it "
            "(Debian: apt-get install npm) or use a built wheel"
        )
    subprocess.run(
        [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=HERE,
        check=True,
    )
    VENDOR.mkdir(parents=True, exist_ok=True)
    for source, target in FILES.items():
        shutil.copyfile(HERE / source, VENDOR / target)
    stamp_file.write_text(stamp + "\n")
    return VENDOR


if __name__ == "__main__":
    print(build(), file=sys.stderr)
