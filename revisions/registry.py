"""Which content goes through review, what its parts are, when it counts as published and who
may publish it. The content apps know nothing of revisions: this table names them."""

from dataclasses import dataclass

from django.apps import apps


@dataclass(frozen=True)
class Revisable:
    label: str  # "app_label.model_name"
    parts: tuple = ()  # reverse foreign-key accessors of the parts saved with the object (admin inlines)
    publish_permission: str = ""

    @property
    def model(self):
        return apps.get_model(self.label)

    def part_models(self):
        """(accessor, model, name of the foreign key to the object) for each part."""
        found = []
        for accessor in self.parts:
            relation = self.model._meta.get_field(accessor)
            found.append((accessor, relation.related_model, relation.field.name))
        return found


REVISABLE = {
    "news.article": Revisable("news.article", parts=("images",), publish_permission="news.publish_article"),
    "agreements.programme": Revisable(
        "agreements.programme",
        parts=("parties", "signatories", "commitments", "reviews"),
        publish_permission="agreements.publish_programme",
    ),
    "organizations.organization": Revisable(
        "organizations.organization", publish_permission="organizations.publish_organization"
    ),
}


def revisable(model_or_obj):
    return REVISABLE.get(model_or_obj._meta.label_lower)


def publish_permission(model_or_obj):
    entry = revisable(model_or_obj)
    if entry is None:
        return None
    return entry.publish_permission


def can_publish(user, model_or_obj) -> bool:
    permission = publish_permission(model_or_obj)
    return permission is not None and user.has_perm(permission)


def is_published(obj) -> bool:
    """Whether readers see ``obj`` now (or will at its scheduled time): then an editor's change waits for review."""
    label = obj._meta.label_lower
    if label == "news.article":
        return obj.status == "published"
    return obj.is_published
