from django.urls import path

from agreements import views

app_name = "agreements"

urlpatterns = [
    path("", views.ProgrammeListView.as_view(), name="programme-list"),
    path("tong-quan/", views.ProgrammeOverviewView.as_view(), name="programme-overview"),
    path("<int:pk>-<slug:slug>/", views.ProgrammeDetailView.as_view(), name="programme-detail"),
]
