"""Factories for readers' input, and fast bulk data for query-count tests."""

import datetime
import itertools

import factory

from news.models import Article, Comment, Feedback
from tests.factories import FIXED_NOW, ArticleFactory

_batch = itertools.count()


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    article = factory.SubFactory(ArticleFactory)
    name = "Trần Thị Bình"
    email = "binh@example.vn"
    body = "Chương trình rất ý nghĩa với các em học sinh."
    is_approved = True
    created_at = FIXED_NOW


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    name = "Lê Văn Cường"
    email = "cuong@example.vn"
    subject = "Tin hoạt động của chi hội"
    message = "Chi hội chúng tôi vừa trao học bổng cho 20 em."
    created_at = FIXED_NOW


def bulk_articles(count, *, category, start=None, **fields):
    """``count`` published articles in one INSERT, one minute apart, newest first from ``start``."""
    start = start or FIXED_NOW - datetime.timedelta(days=60)
    batch = next(_batch)
    defaults = {
        "lead": "Hội Khuyến học các cấp tiếp tục vận động xây dựng xã hội học tập.",
        "body": "<p>Nội dung tin về phong trào học tập suốt đời.</p>",
        "status": Article.Status.PUBLISHED,
        "byline": "Phóng viên",
    }
    articles = [
        Article(
            title=f"Tin hoạt động số {batch}-{n}",
            slug=f"tin-hoat-dong-so-{batch}-{n}",
            category=category,
            published_at=start - datetime.timedelta(minutes=n),
            **{**defaults, **fields},
        )
        for n in range(count)
    ]
    return Article.objects.bulk_create(articles)
