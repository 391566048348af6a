"""Who may do what with index runs, as ``rules`` predicates.

- Everyone, the public included, reads published (and superseded) runs.
- Previews (and queued, computing or failed runs) are read only by the secretariat and
  administrators, who alone compute, retry, discard, publish and correct runs. Country
  members, reviewers and stakeholders only read what is published.
"""

from __future__ import annotations

import rules

from gealc.core.types import AnyUser
from gealc.network import rules as network_rules
from gealc.observatory.models import IndexRun


@rules.predicate
def is_public_run(user: AnyUser, run: IndexRun | None) -> bool:
    return isinstance(run, IndexRun) and run.is_locked


runs_the_network = network_rules.runs_the_network

rules.add_perm("observatory.view_indexrun", is_public_run | runs_the_network)
rules.add_perm("observatory.view_preview", runs_the_network)
rules.add_perm("observatory.compute_indexrun", runs_the_network)
# Whether the run's state allows it is the service's check (a ValidationError, not a 403).
rules.add_perm("observatory.publish_indexrun", runs_the_network)
rules.add_perm("observatory.correct_indexrun", runs_the_network)
rules.add_perm("observatory.discard_indexrun", runs_the_network)
