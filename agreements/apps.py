from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Chương trình phối hợp")

    def ready(self):
        from django.db.models import Q

        from core.private_media import register_file_owner
        from core.public_content import shows_on_public_pages

        for name in (
            "Programme",
            "Party",
            "Signatory",
            "Commitment",
            "Review",
            "ReviewAssessment",
            "CommitmentProgress",
        ):
            shows_on_public_pages(self.get_model(name))
        register_file_owner("agreements.Programme", ("document",), lambda now: Q(is_published=True))
        register_file_owner(
            "agreements.Review",
            ("report_document",),
            lambda now: Q(programme__is_published=True),
            {"agreements.Programme": "programme"},
        )
        register_file_owner(
            "agreements.CommitmentProgress",
            ("document",),
            lambda now: Q(is_published=True, commitment__programme__is_published=True),
            {"agreements.Programme": "commitment__programme"},
        )
