"""Who may see and do what in measurement rounds, as ``rules`` predicates.

- A country member (network's ``is_member_of``: delegate, focal point …) reads their
  country's submission at any time and edits and submits it while it is draft or returned.
- A reviewer reads submissions assigned to them, and every submission of a round once it is
  submitted, except their own country's (they never review their own country); they comment,
  return and validate.
- The secretariat runs rounds (open, close, reopen, assign reviewers, publish) and reads
  everything; an administrator may do everything.
- The public sees published submissions only, and never a confidential value's number,
  evidence or comment: ``is_confidential_to`` is the one rule for pages, API, downloads and
  validation reports (a warning involving such a value shows no numbers). A value is
  confidential to everyone but the submission's insiders (``reads_confidential``: its country's
  members, its reviewers, the secretariat); a previous round's value follows the rule of that
  round's submission.

Pages and the API answer 404 when a submission may not be read (so drafts of other countries
do not even appear to exist) and 403 for a refused change to a submission the user can read.
"""

from __future__ import annotations

import rules
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Model

from gealc.measurement.models import Comment, Submission, Value
from gealc.network import rules as network_rules
from gealc.network import selectors as network_selectors

AnyUser = User | AnonymousUser
IN_REVIEW = (Submission.State.SUBMITTED, Submission.State.VALIDATED, Submission.State.RETURNED)


def submission_of(obj: Model | None) -> Submission | None:
    if isinstance(obj, Submission):
        return obj
    if isinstance(obj, Value):
        return obj.submission
    if isinstance(obj, Comment):
        return obj.value.submission
    return None


def own_country_ids(user: AnyUser) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(network_selectors.countries_of_user(user).values_list("pk", flat=True))


@rules.predicate
def is_published(user: AnyUser, obj: Model | None) -> bool:
    submission = submission_of(obj)
    return submission is not None and submission.state == Submission.State.PUBLISHED


@rules.predicate
def is_country_member_of(user: AnyUser, obj: Model | None) -> bool:
    submission = submission_of(obj)
    return submission is not None and submission.country_id in own_country_ids(user)


@rules.predicate
def is_editable(user: AnyUser, obj: Model | None) -> bool:
    submission = submission_of(obj)
    return submission is not None and submission.is_editable


@rules.predicate
def is_in_review(user: AnyUser, obj: Model | None) -> bool:
    submission = submission_of(obj)
    return submission is not None and submission.state == Submission.State.SUBMITTED


@rules.predicate
def is_validated(user: AnyUser, obj: Model | None) -> bool:
    submission = submission_of(obj)
    return submission is not None and submission.state == Submission.State.VALIDATED


@rules.predicate
def is_assigned_reviewer(user: AnyUser, obj: Model | None) -> bool:
    submission = submission_of(obj)
    if submission is None or not user.is_authenticated:
        return False
    return submission.assignments.filter(reviewer=user).exists()


@rules.predicate
def may_review(user: AnyUser, obj: Model | None) -> bool:
    """A reviewer, for another country's submission that was submitted at least once."""
    submission = submission_of(obj)
    if submission is None or not network_rules.is_reviewer(user):
        return False
    if submission.country_id in own_country_ids(user):
        return False
    return submission.state in IN_REVIEW or is_assigned_reviewer(user, submission)


runs_the_network = network_rules.runs_the_network
is_administrator = network_rules.is_administrator

reads_submission = is_published | runs_the_network | is_country_member_of | may_review
reads_confidential = is_country_member_of | may_review | runs_the_network


@rules.predicate
def is_confidential_to(user: AnyUser, value: Value) -> bool:
    """This value's number (and evidence, and comment) must not be shown to this user."""
    if value.status != Value.Status.CONFIDENTIAL:
        return False
    return not reads_confidential.test(user, value.submission)


edits_submission = is_editable & (is_country_member_of | is_administrator)
reviews_submission = is_in_review & (may_review | runs_the_network)

rules.add_perm("measurement.view_submission", reads_submission)
rules.add_perm("measurement.change_submission", edits_submission)
rules.add_perm("measurement.submit_submission", edits_submission)
rules.add_perm("measurement.return_submission", reviews_submission)
rules.add_perm("measurement.validate_submission", reviews_submission)
rules.add_perm("measurement.publish_submission", is_validated & runs_the_network)
rules.add_perm(
    "measurement.comment_submission",
    ~is_published & (is_country_member_of | may_review | runs_the_network),
)
rules.add_perm("measurement.view_history", reads_submission & ~is_published | runs_the_network)
# The full file of a submission (template pre-filled, export) holds its confidential numbers.
rules.add_perm("measurement.view_confidential", reads_submission & reads_confidential)
rules.add_perm("measurement.manage_round", runs_the_network)
rules.add_perm("measurement.assign_reviewer", runs_the_network)
rules.add_perm("measurement.manage_framework", runs_the_network)
rules.add_perm("measurement.view_round", rules.always_allow)
