from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "gealc.accounts"
    label = "accounts"
    verbose_name = _("Accounts and access")

    def ready(self) -> None:
        from allauth.account import signals as account_signals
        from allauth.mfa import signals as mfa_signals
        from django.contrib.auth import signals as auth_signals
        from django.contrib.auth.models import User
        from django.db.models.signals import m2m_changed, post_save
        from simple_history import register
        from simple_history.models import registered_models

        from gealc.accounts import audit, checks, services  # noqa: F401  (checks registers)
        from gealc.accounts.models import Invitation, Representation
        from gealc.accounts.notifications import KINDS
        from gealc.network.models import Appointment
        from gealc.network.signals import appointment_ended
        from gealc.notifications import kinds

        kinds.register(*KINDS)
        for model in (Invitation, Representation):
            if model not in registered_models:
                register(model)
        uid = "gealc.accounts"
        auth_signals.user_logged_in.connect(audit.on_signed_in, dispatch_uid=f"{uid}.in")
        auth_signals.user_login_failed.connect(audit.on_sign_in_failed, dispatch_uid=f"{uid}.fail")
        auth_signals.user_logged_out.connect(audit.on_signed_out, dispatch_uid=f"{uid}.out")
        for signal in (
            account_signals.password_changed,
            account_signals.password_reset,
            account_signals.password_set,
        ):
            signal.connect(audit.on_password_changed, dispatch_uid=f"{uid}.password")
        mfa_signals.authenticator_added.connect(audit.on_authenticator_added, dispatch_uid=uid)
        mfa_signals.authenticator_removed.connect(audit.on_authenticator_removed, dispatch_uid=uid)
        m2m_changed.connect(audit.on_groups_changed, sender=User.groups.through, dispatch_uid=uid)
        post_save.connect(audit.on_appointment_saved, sender=Appointment, dispatch_uid=uid)
        # Handover: the network sends it, accounts (which network must not import) listens.
        appointment_ended.connect(audit.on_appointment_ended, dispatch_uid=f"{uid}.audit")
        appointment_ended.connect(services.on_appointment_ended, dispatch_uid=f"{uid}.invite")
