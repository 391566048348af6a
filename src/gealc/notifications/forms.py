"""The preferences form: one choice of e-mail per registered kind."""

from __future__ import annotations

from typing import Any

from django import forms

from gealc.notifications.kinds import Frequency
from gealc.notifications.selectors import KindPreference


class PreferencesForm(forms.Form):
    def __init__(self, *args: Any, preferences: list[KindPreference], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for preference in preferences:
            self.fields[preference.kind.code] = forms.ChoiceField(
                label=preference.kind.label,
                choices=Frequency.choices,
                initial=preference.frequency,
                widget=forms.RadioSelect,
            )
