"""Multi-stakeholder participation: stakeholder registration, public consultations,
moderated contributions and their summaries."""
