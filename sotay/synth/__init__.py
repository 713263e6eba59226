"""Synthetic party-member data shaped like HCMC, Django-free: never real people, everything generated.

Public surface:

* ``SynthConfig`` — scale, seed, reference date, wards subset, provinces.
* ``generate_orgs(config) -> list[OrgRow]`` — the organisation tree (orgs.py documents the code scheme).
* ``generate_members(config, orgs, *, batch_size) -> Iterator[polars.DataFrame]`` — clean members.
* ``write_legacy(config, out_dir, ...)`` — the legacy export with injected defects and ground truth
  (defects.py lists every defect kind and the findings it must produce).
"""

from sotay.synth.config import SynthConfig
from sotay.synth.members import COLUMNS, generate_members
from sotay.synth.orgs import OrgRow, generate_orgs
from sotay.synth.writer import write_legacy

__all__ = ["COLUMNS", "OrgRow", "SynthConfig", "generate_members", "generate_orgs", "write_legacy"]
