from django.urls import path

from agreements import views
from kpportal import print_views

app_name = "agreements"

urlpatterns = [
    path("", views.ProgrammeListView.as_view(), name="programme-list"),
    path("tong-quan/", views.ProgrammeOverviewView.as_view(), name="programme-overview"),
    path("<int:pk>-<slug:slug>/", views.ProgrammeDetailView.as_view(), name="programme-detail"),
    path("<int:pk>-<slug:slug>/in/", print_views.ProgrammePrintView.as_view(), name="programme-print"),
    path("<int:pk>-<slug:slug>/qr.png", print_views.ProgrammeQrView.as_view(), name="programme-qr"),
]
