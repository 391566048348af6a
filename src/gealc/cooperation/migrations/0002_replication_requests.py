"""The knowledge hub's "I want to replicate this practice" requests become cooperation
requests (one concept, not two); ``knowledge.0004`` then removes the old model.

Each replication request becomes a request of its country:

- modality *document or software exchange*: the old request asked the owning country to share
  how it did it, which is what that modality means (the secretariat can change the plan);
- linked to the practice, with the owning country as the preferred partner;
- title: the practice's title in every language; need: the message as written, in the site's
  default language column (its language was never recorded);
- working line: the practice's working-line tag when a line has that slug, else the first line;
- state *submitted*, with two transitions (created, submitted) dated and attributed to the
  requester at the original time, the old status in the reason text, and a history record;
- the requesting country: the one recorded, else the requester's most recent appointment.
  A request without either cannot be carried over and stops the migration with its ids
  (the old page required a signed-in official, so none is expected).
"""

from django.conf import settings
from django.db import migrations

LANGUAGES = [code for code, _name in settings.LANGUAGES]
DEFAULT_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def _country_id(apps, old):
    if old.requester_country_id:
        return old.requester_country_id
    appointments = apps.get_model("network", "Appointment").objects.filter(
        person__user_id=old.requester_id
    )
    latest = appointments.order_by("-start").values_list("institution__country_id", flat=True)
    return latest.first()


def _working_line(apps, practice):
    lines = apps.get_model("groups", "WorkingLine").objects.order_by("order", "slug")
    slugs = practice.tags.filter(kind="working_line").values_list("slug", flat=True)
    return lines.filter(slug__in=list(slugs)).first() or lines.first()


def _request(apps, old, country_id):
    Request = apps.get_model("cooperation", "Request")
    practice = old.practice
    titles = {f"title_{code}": getattr(practice, f"title_{code}", "") for code in LANGUAGES}
    request = Request.objects.create(
        requesting_country_id=country_id,
        title=practice.title,
        **titles,
        need=old.message,
        **{f"need_{DEFAULT_LANGUAGE}": old.message},
        working_line=_working_line(apps, practice),
        modality="document_exchange",
        languages=[],
        practice=practice,
        state="submitted",
        created_by_id=old.requester_id,
        is_demo=old.is_demo,
    )
    Request.objects.filter(pk=request.pk).update(created_at=old.created_at)
    if practice.country_id != country_id:
        request.preferred_partners.add(practice.country_id)
    return request


def _record(apps, request, old):
    Transition = apps.get_model("cooperation", "Transition")
    reason = f"Replication request #{old.pk} of the knowledge hub (status: {old.status})."
    for from_state, to_state in (("", "draft"), ("draft", "submitted")):
        Transition.objects.create(
            request=request,
            from_state=from_state,
            to_state=to_state,
            actor_id=old.requester_id,
            at=old.created_at,
            reason=reason if to_state == "submitted" else "",
        )
    History = apps.get_model("cooperation", "HistoricalRequest")
    fields = {
        field.attname: getattr(request, field.attname) for field in request._meta.concrete_fields
    }
    fields["created_at"] = old.created_at
    History.objects.create(
        **fields,
        history_date=old.created_at,
        history_type="+",
        history_user_id=old.requester_id,
        history_change_reason=reason,
    )


def carry_over(apps, schema_editor):
    Old = apps.get_model("knowledge", "ReplicationRequest")
    olds = list(Old.objects.select_related("practice").order_by("created_at", "pk"))
    countries = {old.pk: _country_id(apps, old) for old in olds}
    orphans = sorted(pk for pk, country in countries.items() if country is None)
    if orphans:
        raise RuntimeError(
            "Replication requests without a requesting country cannot become cooperation "
            f"requests: {orphans}. Record the country of their requesters first."
        )
    for old in olds:
        request = _request(apps, old, countries[old.pk])
        _record(apps, request, old)


class Migration(migrations.Migration):
    dependencies = [
        ("cooperation", "0001_initial"),
        ("groups", "0002_working_lines"),
        ("knowledge", "0003_software_descriptions"),
        ("network", "0002_role_groups"),
    ]

    # Backwards: the old rows stay where they were until knowledge.0004 removes them, so
    # undoing this only has to leave the copies (nothing is deleted).
    operations = [migrations.RunPython(carry_over, migrations.RunPython.noop)]
