"""Forms of the invitation pages and the security log's filter."""

from __future__ import annotations

from allauth.account import forms as allauth_forms
from django import forms
from django.utils.translation import gettext_lazy as _

from gealc.accounts.models import Role, SecurityEvent
from gealc.network.models import Appointment, Country, Organisation, Person


class InvitationForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Person of the directory"),
        queryset=Person.objects.order_by("family_name", "given_name"),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        help_text=_("Where the invitation goes; empty: the person's address in the directory."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.none(),
        required=False,
        help_text=_("For a country member."),
    )
    appointment_role = forms.ChoiceField(
        label=_("Appointed as"),
        choices=Appointment.Role.choices,
        initial=Appointment.Role.DELEGATE,
        help_text=_("For a country member: the appointment at the national authority."),
    )
    working_line = forms.CharField(
        label=_("Working line"),
        required=False,
        max_length=200,
        help_text=_("For a focal point, e.g. measurement or open data."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        help_text=_("For a stakeholder."),
    )

    def __init__(
        self, *args: object, countries: object, roles: list[str], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries
        self.fields["role"].choices = [
            (value, label) for value, label in Role.choices if value in roles
        ]


class AcceptForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("What you will sign in with: letters, digits and @ . + - _ only."),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return data


class HandoverForm(forms.Form):
    successor = forms.ModelChoiceField(
        label=_("Successor"), queryset=Person.objects.order_by("family_name", "given_name")
    )
    end = forms.DateField(
        label=_("Last day of the outgoing official"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Reason"), max_length=500)


class SecurityLogFilter(forms.Form):
    kind = forms.ChoiceField(
        label=_("Event"),
        required=False,
        choices=[("", _("All events")), *SecurityEvent.Kind.choices],
    )
    username = forms.CharField(label=_("Account"), required=False, max_length=254)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, object]:
        data = super().clean()
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", _("The end date cannot be before the start date."))
        return data


class LoginForm(allauth_forms.LoginForm):
    """allauth's sign-in form, labelled for what it takes, with the password's "forgot" link
    moved after the button (the page shows it there) so that Tab goes from the username
    straight to the password."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = ""
        login = self.fields["login"]
        login.label = _("Username or e-mail address")
        # The page is for signing in: the cursor starts in the first field.
        login.widget.attrs.update({"autofocus": True, "autocomplete": "username"})
