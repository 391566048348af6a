"""Who reads which parts of a dossier and who keeps the welcome checklist.

The members-only sections of a country's dossier are for its own members (a current
appointment in the country) and the secretariat; everyone else reads the public sections.
Only the secretariat opens a welcome and ticks its steps; the country's members see them.
"""

from __future__ import annotations

import rules

from gealc.network.rules import is_member_of, runs_the_network

rules.add_perm("continuity.view_members_dossier", runs_the_network | is_member_of)
rules.add_perm("continuity.view_welcome", runs_the_network | is_member_of)
rules.add_perm("continuity.change_welcome", runs_the_network)
