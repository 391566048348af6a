"""What accounts tell people, through the shared notification service
(``gealc.notifications``): an invitation reaches the invitee by e-mail, in their language.

The invitation goes to the address it was made for (an ``Address`` recipient): the invitee
usually has no account yet, and the link it carries is personal, so it is never copied into
an in-app notification. Its delivery is keyed by the invitation, so it is written once; the
task queue sends it, retries it when the mail server fails, and the secretariat sees it on
the failed-deliveries page if it never goes out. The queued e-mail holds the link until it is
sent, as any mail queue does; the invitation itself keeps only the token's hash.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gealc.accounts.models import Invitation
from gealc.core import l10n
from gealc.notifications.kinds import Kind
from gealc.notifications.services import Address, Message, notify

# Accounts' own declaration of the kind ``gealc.notifications.kinds`` holds a place for;
# ``AccountsConfig.ready`` registers it.
INVITATION = Kind("invitation", gettext_lazy("An invitation to the platform or to a role"))
KINDS = (INVITATION,)


def invitation_sent(invitation: Invitation, *, link: str, language: str) -> None:
    """E-mail the invitee the link to accept ``invitation`` (``link``: a full address)."""
    inviter = invitation.invited_by

    def compose() -> Message:
        body = _(
            "Hello %(person)s,\n\n%(inviter)s invites you to GEALC Hub, the platform of the "
            "network of digital-government authorities, as: %(role)s.\n\n"
            "Choose your password and accept the invitation at this address, which works "
            "until %(expires)s:\n%(link)s\n\n"
            "If you did not expect this invitation, ignore this e-mail: nothing happens "
            "unless the link is used."
        ) % {
            "person": invitation.person.full_name,
            "inviter": inviter.get_full_name() or inviter.get_username(),
            "role": invitation.role_label,
            "expires": l10n.format_datetime(invitation.expires),
            "link": link,
        }
        return Message(subject=_("Your invitation to GEALC Hub"), body=body)

    key = f"invitation-{invitation.pk}"
    recipient = Address(email=invitation.email, language=language, key=key)
    notify(kind=INVITATION.code, recipients=[recipient], compose=compose)
