"""What the directory tells other apps, which network must not import.

``appointment_ended`` is sent (arguments ``appointment``, ``actor``) when an appointment ends —
by ``appointment_end``, a change of government or a role revoked — inside the transaction
that ends it; ``gealc.accounts`` records it and ends the person's pending invitations there.
"""

from django.dispatch import Signal

appointment_ended = Signal()
