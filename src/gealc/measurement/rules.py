"""Who may see and do what in measurement rounds, as ``rules`` predicates.

- A country member (network's ``is_member_of``: delegate, focal point …) reads their
  country's submission at any time and edits and submits it while it is draft or returned.
- A reviewer reads submissions assigned to them, and every submission of a round once it is
  submitted, except their own country's (they never review their own country); they comment,
  return and validate.
- The secretariat runs rounds (open, close, reopen, assign reviewers, publish) and reads
  everything; an administrator may do everything.
- "May this submission change now" is one rule, ``values_may_change``: draft or returned, in
  an open round (a closed round keeps its drafts as they are until it reopens). Permissions,
  pages, the API, imports and the services all ask it.
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
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.utils.translation import gettext as _

from gealc.core.types import AnyUser
from gealc.measurement.models import Comment, Round, Submission, Value
from gealc.network import rules as network_rules
from gealc.network import selectors as network_selectors

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
def is_round_open(user: AnyUser, obj: Model | None) -> bool:
    """The round (or the round of this submission, value or comment) takes data now."""
    measurement_round = (
        obj if isinstance(obj, Round) else getattr(submission_of(obj), "round", None)
    )
    return measurement_round is not None and measurement_round.is_open


@rules.predicate
def is_round_closed(user: AnyUser, obj: Model | None) -> bool:
    return isinstance(obj, Round) and obj.is_closed


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


def may_change_values(user: AnyUser, submission: Submission) -> bool:
    """May this user change this submission's values now. Superusers pass every ``has_perm``
    check, so the state-and-round rule (``values_may_change``) is asked on its own as well."""
    return bool(
        values_may_change.test(user, submission)
        and user.has_perm("measurement.change_submission", submission)
    )


def require_change(user: AnyUser, submission: Submission) -> None:
    """``PermissionDenied`` saying why, unless ``may_change_values``."""
    if not is_round_open.test(user, submission):
        raise PermissionDenied(_("The round is not open for data entry."))
    if not is_editable.test(user, submission):
        raise PermissionDenied(
            _("The submission is %(state)s; values change only while draft or returned.")
            % {"state": submission.get_state_display()}
        )
    if not user.has_perm("measurement.change_submission", submission):
        raise PermissionDenied(_("You are not allowed to do this."))


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


# "May this submission change now": the one rule for permissions, pages, API, imports, services.
values_may_change = is_editable & is_round_open
edits_submission = values_may_change & (is_country_member_of | is_administrator)
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
rules.add_perm("measurement.close_round", runs_the_network & is_round_open)
rules.add_perm("measurement.reopen_round", runs_the_network & is_round_closed)
# A published submission is final: nobody is assigned to review it any more.
rules.add_perm("measurement.assign_reviewer", runs_the_network & ~is_published)
rules.add_perm("measurement.manage_framework", runs_the_network)
rules.add_perm("measurement.view_round", rules.always_allow)
