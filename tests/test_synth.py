"""The synthetic generator writes loadable, seeded, heavy-tailed networks."""

from __future__ import annotations

from collections import Counter

import pytest
from click.testing import CliRunner

from graphkit.cli.analyse import synth
from graphkit.graph.build import build_graph
from graphkit.graph.views import make_view
from graphkit.model.load import load_dataset
from graphkit.synth import generate


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth")
    summary = generate(out, orgs=1500, seed=3)
    return summary, load_dataset(out)


def test_generated_data_loads_and_builds(small):
    summary, ds = small
    G = build_graph(ds)
    assert G.number_of_nodes() == len(ds.entities)
    orgs = [n for n, g in G.nodes(data="group") if g == "organisation"]
    assert len(orgs) == summary.organisations
    assert abs(summary.organisations - 1500) < 100


def test_generated_network_has_hubs_leads_funders_branches_and_territories(small):
    _, ds = small
    kinds = Counter(r.relation for r in ds.relations)
    assert {"lead_partner_of", "partner_of", "funds", "branch_of", "member_of", "located_in",
            "part_of", "holds_role", "cofinanced_by", "signatory_of"} <= kinds.keys()
    assert all(r.amount for r in ds.relations if r.relation == "funds")
    per_org = Counter(r.subject for r in ds.relations
                      if r.relation in ("partner_of", "lead_partner_of", "signatory_of"))
    per_initiative = Counter(r.object for r in ds.relations
                             if r.relation in ("partner_of", "lead_partner_of", "signatory_of"))
    assert max(per_org.values()) >= 50                    # hub organisations
    assert max(per_initiative.values()) >= 20 > sorted(per_initiative.values())[
        len(per_initiative) // 2]                          # heavy-tailed partner counts
    assert any(f.property == "start_date" for f in ds.facts)


def test_generation_is_seeded(tmp_path):
    a, b = generate(tmp_path / "a", orgs=500, seed=7), generate(tmp_path / "b", orgs=500, seed=7)
    assert [p.read_text() for p in a.files] == [p.read_text() for p in b.files]


def test_views_work_on_the_generated_network(small):
    _, ds = small
    G = build_graph(ds)
    V = make_view(G, level="parent", since=2018, until=2020)
    assert V.number_of_nodes() > 100


def test_synth_command_reports_counts(tmp_path):
    result = CliRunner().invoke(synth, [str(tmp_path / "s"), "--orgs", "500", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("what,count\norganisations,")
    load_dataset(tmp_path / "s")
