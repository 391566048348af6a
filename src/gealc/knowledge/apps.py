from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

HISTORY_MODELS = (
    "Tag",
    "Practice",
    "PracticeMetric",
    "PracticeLink",
    "PracticeAttachment",
    "Award",
    "SoftwareEntry",
    "SoftwareUsage",
    "OpenDataSet",
    "DatasetStatus",
    "MaturityAssessment",
)


class KnowledgeConfig(AppConfig):
    name = "gealc.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge hub")

    def ready(self) -> None:
        self._register_history()
        self._connect_search_index()

    def _register_history(self) -> None:
        """Keep every change (registered after modeltranslation so every language is kept)."""
        from simple_history import register
        from simple_history.models import registered_models

        for model_name in HISTORY_MODELS:
            model = self.get_model(model_name)
            if model in registered_models:
                continue
            # The search columns are derived from the rest and would only bloat the history.
            derived = [f.name for f in model._meta.fields if f.name.startswith("search_")]
            register(model, excluded_fields=derived)

    def _connect_search_index(self) -> None:
        """Keep PostgreSQL's stored search vectors current whoever saves an entry."""
        from django.db.models.signals import post_save

        from gealc.knowledge import search

        for model in search.indexed_models():
            post_save.connect(
                search.refresh_vector_on_save,
                sender=model,
                dispatch_uid=f"knowledge-search-{model._meta.label_lower}",
            )
