"""Who may do what with index runs, as ``rules`` predicates.

- Everyone, the public included, reads published (and superseded) runs.
- Previews (and queued, computing or failed runs) are read only by the secretariat and
  administrators, who alone compute, retry, discard, publish and correct runs. Country
  members, reviewers and stakeholders only read what is published.
- What a run's state allows is a predicate here too: a preview is published, the current
  publication is corrected, a failed run is retried, a run nobody will publish is discarded.
  The permissions say only who, so that the services answer a run in the wrong state with a
  ValidationError saying why (a second publication is pointed to a correction) rather than a
  403; the services test these same predicates. What the run page offers is the ``…_now``
  rule: who, and whether the run's state allows it now.
"""

from __future__ import annotations

import rules

from gealc.core.types import AnyUser
from gealc.network import rules as network_rules
from gealc.observatory.models import IndexRun


@rules.predicate
def is_public_run(user: AnyUser, run: IndexRun | None) -> bool:
    return isinstance(run, IndexRun) and run.is_locked


@rules.predicate
def is_preview(user: AnyUser, run: IndexRun | None) -> bool:
    """Computed and not yet published: it may be published."""
    return isinstance(run, IndexRun) and run.is_preview


@rules.predicate
def is_current_publication(user: AnyUser, run: IndexRun | None) -> bool:
    """Published and not superseded: it may be corrected."""
    return isinstance(run, IndexRun) and run.is_published


@rules.predicate
def is_failed(user: AnyUser, run: IndexRun | None) -> bool:
    """Its computation failed (or its worker died): it may be retried."""
    return isinstance(run, IndexRun) and run.is_failed


@rules.predicate
def is_discardable(user: AnyUser, run: IndexRun | None) -> bool:
    """Nobody will publish it (queued, failed or a preview): it may be deleted."""
    return isinstance(run, IndexRun) and run.is_discardable


runs_the_network = network_rules.runs_the_network

rules.add_perm("observatory.view_indexrun", is_public_run | runs_the_network)
rules.add_perm("observatory.view_preview", runs_the_network)
rules.add_perm("observatory.compute_indexrun", runs_the_network)
rules.add_perm("observatory.publish_indexrun", runs_the_network)
rules.add_perm("observatory.correct_indexrun", runs_the_network)
rules.add_perm("observatory.discard_indexrun", runs_the_network)

# What the run page offers: rules rather than permissions, so a superuser (whom every
# ``has_perm`` passes) is not offered an action the run's state refuses.
rules.add_rule("observatory.publish_indexrun_now", runs_the_network & is_preview)
rules.add_rule("observatory.correct_indexrun_now", runs_the_network & is_current_publication)
rules.add_rule("observatory.retry_indexrun_now", runs_the_network & is_failed)
rules.add_rule("observatory.discard_indexrun_now", runs_the_network & is_discardable)
