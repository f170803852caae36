"""The print sheet and the QR image of every printable item, beside the item's own address."""

from django.urls import path

from agreements.models import Programme
from news.models import Article
from printing.views import PrintView, QrImageView

app_name = "printing"

urlpatterns = [
    path("tin-tuc/<int:pk>-<slug:slug>/in/", PrintView.as_view(model=Article), name="article-print"),
    path("tin-tuc/<int:pk>-<slug:slug>/qr.png", QrImageView.as_view(model=Article), name="article-qr"),
    path("chuong-trinh/<int:pk>-<slug:slug>/in/", PrintView.as_view(model=Programme), name="programme-print"),
    path("chuong-trinh/<int:pk>-<slug:slug>/qr.png", QrImageView.as_view(model=Programme), name="programme-qr"),
]
