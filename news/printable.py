"""What an article puts on paper (``core.printable``): its print sheet and its QR code."""

from core.printable import Printable, file_name, moment, states_from_history


def printed_article(article, images) -> dict:
    """What the article's print sheet shows; ``article`` and ``images`` are model instances or history rows."""
    return {
        "title": article.title,
        "lead": article.lead,
        "body": article.body,
        "byline": article.byline,
        "source": [article.source_name, article.source_url],
        "cover": [file_name(article.cover_image), article.cover_caption],
        "published_at": moment(article.published_at),
        "images": [
            [file_name(image.image), image.caption]
            for image in sorted(images, key=lambda image: (image.order, image.id))
        ],
    }


class PrintableArticle(Printable):
    print_noun = "Bài viết"
    print_kind = "article"
    print_template = "news/article_print.html"
    qr_filename = "ma-qr-tin-tuc-{pk}.png"

    @classmethod
    def printable(cls, user):
        return cls.objects.visible_to(user).for_page().select_related("category").prefetch_related("images")

    def printed_content(self, images=None) -> dict:
        return printed_article(self, self.images.all() if images is None else images)

    def printed_states(self):
        return states_from_history(
            main=type(self).history.filter(id=self.pk),
            children={"images": self.images.model.history.filter(article_id=self.pk)},
            content=lambda record, parts: printed_article(record, parts["images"]),
        )

    def print_context(self) -> dict:
        return {"images": list(self.images.all())}
