"""Paths and IRIs in one place; `DTKG_*` environment variables override the defaults."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent


def _ontology_dir() -> Path:
    from dtkg import ontology  # data package mapped to ontology/

    return Path(ontology.__file__).resolve().parent


def _queries_dir() -> Path:
    from dtkg import queries  # data package mapped to queries/

    return Path(queries.__file__).resolve().parent


@dataclass(frozen=True)
class Settings:
    """Where the inputs and outputs of a build live."""

    facts_dir: Path = field(default_factory=lambda: Path(os.environ.get("DTKG_FACTS", PACKAGE_DIR / "facts")))
    reference_dir: Path = field(default_factory=lambda: PACKAGE_DIR / "reference")
    ontology_dir: Path = field(default_factory=_ontology_dir)
    queries_dir: Path = field(default_factory=_queries_dir)
    sources_dir: Path = field(
        default_factory=lambda: Path(os.environ.get("DTKG_SOURCES", REPO_ROOT.parent / "shared" / "sources"))
    )
    national_dir: Path = field(
        default_factory=lambda: Path(os.environ.get("DTKG_NATIONAL", REPO_ROOT.parent / "shared" / "national"))
    )
    dist_dir: Path = field(default_factory=lambda: Path(os.environ.get("DTKG_DIST", REPO_ROOT / "dist")))

    @property
    def dataset_nquads(self) -> Path:
        return self.dist_dir / "dtkg.nq"

    @property
    def dataset_trig(self) -> Path:
        return self.dist_dir / "dtkg.trig"

    @property
    def validation_report(self) -> Path:
        """The SHACL and lint report of the build, written beside the dataset it describes."""
        return self.dist_dir / "validation.json"


def settings() -> Settings:
    """The settings in force (read from the environment each call, so tests can override them)."""
    return Settings()
