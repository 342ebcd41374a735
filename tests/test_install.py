"""`pip install .` (non-editable) ships the taxonomy inside the package: `minestd tree` works anywhere."""
from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
                    str(ROOT)], check=True, capture_output=True, text=True)
    return next(out.glob("minestd-*.whl"))


def test_wheel_contains_the_taxonomy(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "minestd/taxonomy/guide-2024/system.yaml" in names
    assert "minestd/taxonomy/guide-2024/05-gas.yaml" in names
    assert "minestd/taxonomy/guide-2024/source/guide.txt" in names
    assert "minestd/taxonomy/guide-2024/subsystem-model.json" in names      # the hybrid classifier's model
    assert any(n.startswith("minestd/taxonomy/catalog/") for n in names)
    assert "minestd/py.typed" in names                                      # PEP 561: the package is typed
    assert "minestd/schemas/gaps.schema.json" in names                      # minestd schema gaps, installed
    assert "minestd-0.1.0.dist-info/licenses/LICENSE" in names               # the licence travels with the wheel


def test_sdist_holds_what_its_tests_need(tmp_path):
    """The source archive carries the docs, diagrams and experiments its own tests read (issue 20)."""
    import tarfile

    subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "sdist", "-d", str(tmp_path)], check=True,
                   capture_output=True, text=True, cwd=ROOT)
    names = tarfile.open(next(tmp_path.glob("minestd-*.tar.gz"))).getnames()
    for wanted in ("LICENSE", "docs/gaps.md", "diagrams/zh/fig01-system.svg", "experiments/README.md",
                   "src/minestd/py.typed", "tests/conftest.py", "taxonomy/guide-2024/system.yaml"):
        assert any(n.endswith("/" + wanted) for n in names), wanted


def test_installed_minestd_tree_works_from_another_directory(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    py = env_dir / "bin" / "python"
    # reuse this environment's dependencies instead of downloading them again
    site = Path(subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "-q", str(wheel)],
                   check=True, capture_output=True, text=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    r = subprocess.run([str(env_dir / "bin" / "minestd"), "tree", "--depth", "1"], cwd=elsewhere,
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    assert "15 安全管理" in r.stdout
    where = subprocess.run([str(py), "-c", "import minestd.data as d; print(d.taxonomy_root())"], cwd=elsewhere,
                           capture_output=True, text=True, env=env).stdout
    assert str(env_dir) in where


LOWEST_COMMANDS = (("--version",), ("--help",), ("gaps", "--help"), ("tree", "--depth", "1"), ("validate", "--format", "json", "-o", "v.json"),
                   ("gaps", "--format", "json", "-o", "g.json"), ("classify", "煤矿瓦斯抽采达标评判规范"),
                   ("diagram", "05", "-f", "svg", "-o", "figs"), ("system-table", "-o", "t.xlsx"),
                   ("report", "-o", "out", "--no-figures"))


def lowest_requirements() -> list[str]:
    """Each runtime dependency pinned to the lower bound pyproject.toml declares (``name>=X`` -> ``name==X``)."""
    import re
    import tomllib

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    pins = []
    for dep in deps:
        m = re.match(r"\s*([A-Za-z0-9_.-]+)\s*>=\s*([0-9][0-9A-Za-z.]*)", dep)
        assert m, f"dependency without a lower bound: {dep}"
        pins.append(f"{m[1]}=={m[2]}")
    return pins


@pytest.mark.skipif(os.environ.get("MINESTD_LOWEST") != "1",
                    reason="opt-in (downloads the lowest versions from PyPI): MINESTD_LOWEST=1")
def test_the_declared_lowest_versions_install_offline_and_work(wheel, tmp_path):
    """pyproject.toml's lower bounds are real and a wheelhouse installs with no network (issue 20): binary wheels of
    exactly those versions are downloaded into a folder with minestd's wheel, ``pip install --no-index --find-links``
    installs minestd from that folder alone, and the main commands run."""
    import shutil

    house = tmp_path / "wheelhouse"
    env_dir = tmp_path / "lowest"
    venv.create(env_dir, with_pip=True)
    pip = [str(env_dir / "bin" / "python"), "-m", "pip", "-q", "--disable-pip-version-check"]
    r = subprocess.run(pip + ["download", "--only-binary", ":all:", "-d", str(house), *lowest_requirements()],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-2000:]
    shutil.copy(wheel, house)
    r = subprocess.run(pip + ["install", "--no-index", "--find-links", str(house), "minestd"], capture_output=True,
                       text=True)
    assert r.returncode == 0, r.stderr[-2000:]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    for command in LOWEST_COMMANDS:
        r = subprocess.run([str(env_dir / "bin" / "minestd"), *command], cwd=tmp_path, capture_output=True, text=True,
                           env=env)
        assert r.returncode == 0, (command, r.stderr[-2000:])
    assert (tmp_path / "out" / "体系表.xlsx").exists() and (tmp_path / "figs" / "fig06-gas.svg").exists()
