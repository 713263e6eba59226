from datetime import date

import polars as pl
import pytest

from sotay.synth import SynthConfig, generate_members, generate_orgs

TODAY = date(2026, 3, 1)


@pytest.fixture(scope="session")
def config() -> SynthConfig:
    return SynthConfig(members=6_000, wards=3, today=TODAY, seed=7)


@pytest.fixture(scope="session")
def orgs(config):
    return generate_orgs(config)


@pytest.fixture(scope="session")
def members(config, orgs) -> pl.DataFrame:
    return pl.concat(generate_members(config, orgs, batch_size=2_500))
